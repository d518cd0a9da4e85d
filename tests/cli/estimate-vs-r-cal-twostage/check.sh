# R survey 4.1.1 values from tests/data/estimate/make_expected_more.R.
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_cal_twostage.csv" out item,level,grp
