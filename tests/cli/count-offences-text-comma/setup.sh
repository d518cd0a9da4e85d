"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_a.csv"
"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_b.csv"
"$KARTLAGG" -s "$STORE" -q import "$DATA/scb/rates_1980.csv"
