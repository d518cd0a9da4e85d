# Raking to totals read from files (the reference's printed margins, 6
# decimals for the kon-3 cells) gives R's rake weights to about 1e-7.
set -e
"$KARTLAGG" -s "$STORE" calibrate --export rake --key year,lopnr | sed '1s/,w0,w$/,vikt,w_rake/' >w.csv
REL_TOL=1e-6 sh "$(dirname "$0")/../lib/compare-csv.sh" "$REF/survey/expected/calibrated_weights.csv" w.csv ar=year,lopnr
