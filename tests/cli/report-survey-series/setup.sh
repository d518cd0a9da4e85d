# Issue 15: the series over every stored round.  The demo store (rounds
# 2023, 2025 and 2027) and a report for Arboga (1984) whose share rule
# lets 3 yes answers through (min-numerator = 3) while disclosure control
# hides counts under 5: Arboga has 3 yes to the "ever" item in 2027 and 3
# to the 12-month item in 2023 (counted by check.sh from the raw file).
. "$(dirname "$0")/../lib/report-demo-setup.sh"
sed -e 's/^region = 19$/region = 1984/' -e 's/^min-numerator = 5$/min-numerator = 3/' \
	-e 's/^title = .*/title = Arboga (serie)/' "$SAMPLES/rapport.ini" >r.ini
