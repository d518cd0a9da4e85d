# Sourced by the setup.sh of the cases that change the demo survey
# (report-summary-undefined-change, report-survey-undefined-change,
# report-survey-missing-code): the one-round survey file enkat.csv, with
# the codebook $kodbok (default the sample's), then the police and
# individuals samples, the population and the raked weights, into $STORE.
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "${kodbok:-$SAMPLES/kodbok_exempel.csv}" enkat.csv
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv" \
	"$SAMPLES/individer_polisen_2025_rattad.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
"$KARTLAGG" -q -s "$STORE" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs --map kod=region \
	--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
	ungdomsenkat kalibrerad 2>/dev/null
