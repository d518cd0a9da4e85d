# A saved two-stage design gives the R values of that design.
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_twostage.csv" out item,level,grp
