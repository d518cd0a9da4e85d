sh "$DATA/feeds/deliveries.sh"
"$KARTLAGG" -s "$STORE" -q import soc.csv andra.csv
"$KARTLAGG" -s "$STORE" -q import --replace soc_rattad.csv
