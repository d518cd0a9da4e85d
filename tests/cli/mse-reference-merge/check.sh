# --merge A,B against R on the merged table (make-fixtures.R).
here=$(dirname "$0")
awk -F, -f "$here/../lib/mse-compare.awk" "$DATA/mse/expected_western_merged.csv" out
