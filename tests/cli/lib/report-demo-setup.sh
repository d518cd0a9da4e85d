# Sourced by the report-* cases' setup.sh: the demo samples into $STORE.
# the survey's three rounds, one file each: the later ones are added to it
for y in 2023 2025 2027; do
	"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat --round year \
		--codebook "$SAMPLES/kodbok_exempel.csv" "$SAMPLES/ungdomsenkat_$y.csv"
done
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025.csv"
# the police's corrected re-delivery replaces its first one
"$KARTLAGG" -q -s "$STORE" import --replace \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
# Brå's län and riket rows and SCB's riket population: a kommun report's
# comparison rows (police-reported offences)
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/bra_sol_exempel.txt"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_riket_exempel.csv"
"$KARTLAGG" -q -s "$STORE" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs --map kod=region \
	--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
	ungdomsenkat kalibrerad 2>/dev/null
