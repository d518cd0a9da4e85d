# 0 % and 100 % cells: kartlagg's one-sided interval (DEGENERATE CELLS in
# kartlagg-estimate(1)), computed by R in tests/data/estimate/make_expected.R.
KEEP_DEGENERATE=1 sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/estimate/expected_degenerate_kommun.csv" out ar=year,item,kon,arskurs,kommun=kod level=1
