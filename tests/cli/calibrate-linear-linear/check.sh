# Linear (GREG) calibration against R's
# calibrate(calfun = "linear") (tests/data/calibrate/linear_fixture.R):
# every weight, then estimates with the calibration-adjusted variance.
set -e
"$KARTLAGG" -s "$STORE" calibrate --export linear --key year,lopnr | sed '1s/,w0,w$/,vikt,w_linear/' >w.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" "$DATA/calibrate/expected_linear_weights.csv" w.csv ar=year,lopnr
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weights linear --ci all --format csv \
	--overall --by kod ungdomsenkat_2023_2025 erbjuden_ersattning salt_sex_nagonsin kopt_sex >e.csv
awk -F, 'NR == 1 || $1 == "linear"' "$DATA/calibrate/expected_linear_prevalence.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv e.csv ar=year,item,kommun=kod level=1
