# The demo with a declared missing code for kön, 9 = Ej svar, given by
# the respondents who said "Annat/vill ej uppge" at schools S...-01.
sed 's/^"Kön","kon","Kön","kategori","1=Pojke|2=Flicka|3=Annat\/vill ej uppge",""/"Kön","kon","Kön","kategori","1=Pojke|2=Flicka|3=Annat\/vill ej uppge","9=Ej svar"/' \
	"$SAMPLES/kodbok_exempel.csv" >kodbok.csv
grep -q '9=Ej svar' kodbok.csv
awk -F';' -v OFS=';' 'NR > 1 && $7 == "3" && $5 ~ /-01$/ { $7 = "9" } { print }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat --codebook kodbok.csv enkat.csv
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
"$KARTLAGG" -q -s "$STORE" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs --map kod=region \
	--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
	ungdomsenkat kalibrerad 2>/dev/null
