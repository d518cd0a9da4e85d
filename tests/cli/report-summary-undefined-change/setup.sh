# The demo with no yes to the 12-month item at all, in either round:
awk -F';' -v OFS=';' 'NR > 1 && $11 == "1" { $11 = "2" } { print }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
. "$(dirname "$0")/../lib/survey-store.sh"
