# Every quantity in expected_six.csv (R glm.fit + lpSolve, see
# tests/data/mse/make-fixtures.R) within tolerance.
here=$(dirname "$0")
awk -F, -f "$here/../lib/mse-compare.awk" "$DATA/mse/expected_six.csv" out || exit 1
# ... and the exhaustive search over all 32,768 pairwise models, which
# the reference script skips for six lists (make-six-exhaustive.R).
awk -F, -f "$here/../lib/mse-compare.awk" "$DATA/mse/expected_six_exhaustive.csv" out
