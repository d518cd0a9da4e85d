# Linear (GREG) calibration with bounds 0.88 <= g <= 1.215 against R's
# calibrate(calfun = "linear") (tests/data/calibrate/linear_fixture.R):
# every weight, then estimates with the calibration-adjusted variance.
set -e
sh "$(dirname "$0")/../lib/calibrated-weights.sh" bounded "$DATA/calibrate/expected_linear_weights.csv"
sh "$(dirname "$0")/../lib/calibrated-estimates.sh" bounded "$DATA/calibrate/expected_linear_prevalence.csv"
