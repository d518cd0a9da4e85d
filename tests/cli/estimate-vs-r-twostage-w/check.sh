# R survey 4.1.1 values from tests/data/estimate/make_expected.R.
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_twostage_w.csv" out item,level,grp
