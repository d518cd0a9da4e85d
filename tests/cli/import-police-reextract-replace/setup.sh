"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_a.csv"
