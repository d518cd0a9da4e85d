# Linear (GREG) calibration against R's
# calibrate(calfun = "linear") (tests/data/calibrate/linear_fixture.R):
# every weight, then estimates with the calibration-adjusted variance.
set -e
sh "$(dirname "$0")/../lib/calibrated-weights.sh" linear "$DATA/calibrate/expected_linear_weights.csv"
sh "$(dirname "$0")/../lib/calibrated-estimates.sh" linear "$DATA/calibrate/expected_linear_prevalence.csv"
