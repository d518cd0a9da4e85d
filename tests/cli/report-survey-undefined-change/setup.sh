# The demo, with no yes to the 12-month item in the group "Annat/vill ej
# uppge" (kön 3) in either round: its change has no variance.
awk -F';' -v OFS=';' 'NR > 1 && $7 == "3" && $11 == "1" { $11 = "2" } { print }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "$SAMPLES/kodbok_exempel.csv" enkat.csv
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
"$KARTLAGG" -q -s "$STORE" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs --map kod=region \
	--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
	ungdomsenkat kalibrerad 2>/dev/null
