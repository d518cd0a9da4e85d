# The calibrated weight of every respondent and the weight summary, as R's
# survey gives them (reference README, Calibration).
set -e
"$KARTLAGG" -s "$STORE" calibrate --export poststrat --key year,lopnr | sed '1s/,w0,w$/,vikt,w_poststrat/' >w.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" "$REF/survey/expected/calibrated_weights.csv" w.csv ar=year,lopnr
"$KARTLAGG" -s "$STORE" calibrate --summary --format csv poststrat >s.csv
grep -v ',rake,' "$REF/survey/expected/calibration_weights_summary.csv" >ref_s.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref_s.csv s.csv ar=over,design=set
