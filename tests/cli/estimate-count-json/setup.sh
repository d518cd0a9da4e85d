"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "$SAMPLES/kodbok_exempel.csv" "$SAMPLES/ungdomsenkat_exempel.csv"
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
