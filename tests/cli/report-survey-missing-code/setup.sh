# The demo with a declared missing code for kön, 9 = Ej svar, given by
# the respondents who said "Annat/vill ej uppge" at schools S...-01.
sed 's/^"Kön","kon","Kön","kategori","1=Pojke|2=Flicka|3=Annat\/vill ej uppge",""/"Kön","kon","Kön","kategori","1=Pojke|2=Flicka|3=Annat\/vill ej uppge","9=Ej svar"/' \
	"$SAMPLES/kodbok_exempel.csv" >kodbok.csv
grep -q '9=Ej svar' kodbok.csv
awk -F';' -v OFS=';' 'NR > 1 && $7 == "3" && $5 ~ /-01$/ { $7 = "9" } { print }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
kodbok=kodbok.csv
. "$(dirname "$0")/../lib/survey-store.sh"
