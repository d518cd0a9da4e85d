# Sourced by the report-* cases' setup.sh: the demo samples into $STORE.
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "$SAMPLES/kodbok_exempel.csv" "$SAMPLES/ungdomsenkat_exempel.csv"
"$KARTLAGG" -q -s "$STORE" import "$SAMPLES/polis_exempel.csv" \
	"$SAMPLES/individer_pseudonymiserade.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
