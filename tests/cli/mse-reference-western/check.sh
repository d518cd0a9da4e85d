# Every quantity of every model in expected_western.csv (R) within tolerance.
here=$(dirname "$0")
awk -F, -f "$here/../lib/mse-compare.awk" "$REF/mse/expected_western.csv" out
