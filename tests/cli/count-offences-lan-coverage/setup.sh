"$KARTLAGG" -s "$STORE" -q import "$SAMPLES/polis_exempel.csv"
"$KARTLAGG" -s "$STORE" -q import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
