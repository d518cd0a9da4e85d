# The calibrated weight of every respondent and the weight summary, as R's
# survey gives them (reference README, Calibration).
sh "$(dirname "$0")/../lib/calibrated-weights.sh" rake "$REF/survey/expected/calibrated_weights.csv" \
	poststrat "$REF/survey/expected/calibration_weights_summary.csv"
