# Raking to totals read from files (the reference's printed margins, 6
# decimals for the kon-3 cells) gives R's rake weights to about 1e-7.
set -e
REL_TOL=1e-6 sh "$(dirname "$0")/../lib/calibrated-weights.sh" rake "$REF/survey/expected/calibrated_weights.csv"
