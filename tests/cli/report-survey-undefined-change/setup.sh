# The demo, with no yes to the 12-month item in the group "Annat/vill ej
# uppge" (kön 3) in either round: its change has no variance.
awk -F';' -v OFS=';' 'NR > 1 && $7 == "3" && $11 == "1" { $11 = "2" } { print }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
. "$(dirname "$0")/../lib/survey-store.sh"
