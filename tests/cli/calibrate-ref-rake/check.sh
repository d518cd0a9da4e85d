# The calibrated weight of every respondent and the weight summary, as R's
# survey gives them (reference README, Calibration).
set -e
"$KARTLAGG" -s "$STORE" calibrate --export rake --key year,lopnr | sed '1s/,w0,w$/,vikt,w_rake/' >w.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" "$REF/survey/expected/calibrated_weights.csv" w.csv ar=year,lopnr
"$KARTLAGG" -s "$STORE" calibrate --summary --format csv rake >s.csv
grep -v ',poststrat,' "$REF/survey/expected/calibration_weights_summary.csv" >ref_s.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref_s.csv s.csv ar=over,design=set
