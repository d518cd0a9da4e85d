sh "$DATA/feeds/deliveries.sh"
"$KARTLAGG" -s "$STORE" -q import soc.csv andra.csv
