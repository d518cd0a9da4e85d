# Every quantity in expected_seven.csv (R glm.fit + lpSolve, see
# tests/data/mse/make-fixtures.R) within tolerance.
here=$(dirname "$0")
awk -F, -f "$here/../lib/mse-compare.awk" "$DATA/mse/expected_seven.csv" out
