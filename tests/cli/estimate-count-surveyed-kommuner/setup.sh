# The demo survey without Arboga (1984): the population file still has it.
awk -F';' 'NR == 1 || $3 != "1984"' "$SAMPLES/ungdomsenkat_exempel.csv" >enkat.csv
"$KARTLAGG" -q -s "$STORE" import --survey ungdomsenkat \
	--codebook "$SAMPLES/kodbok_exempel.csv" enkat.csv
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
