"$KARTLAGG" -s "$STORE" -q import "$DATA/estimate/nocodebook.csv"
