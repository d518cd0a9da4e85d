# R survey 4.1.1 values from tests/data/estimate/make_expected.R.
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_nostrata.csv" out item,level,grp
