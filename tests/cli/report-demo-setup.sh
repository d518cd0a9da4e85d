# Sourced by the report-* cases' setup.sh: the demo samples into $STORE.
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "$SAMPLES/kodbok_exempel.csv" "$SAMPLES/ungdomsenkat_exempel.csv"
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025.csv"
# the police's corrected re-delivery replaces its first one
"$KARTLAGG" -q -s "$STORE" import --replace \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
"$KARTLAGG" -q -s "$STORE" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs --map kod=region \
	--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
	ungdomsenkat kalibrerad 2>/dev/null
