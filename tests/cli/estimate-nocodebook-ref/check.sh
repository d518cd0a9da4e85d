# Issue 15: without a codebook, a Ja/JA/ja text column and a 0/1 column
# are categories with proportion intervals; R survey 4.1.1 values from
# tests/data/estimate/make_nocodebook.R (svyciprop, every method).
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_nocodebook.csv" out item,level,grp
