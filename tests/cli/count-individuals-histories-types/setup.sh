"$KARTLAGG" -q key new key
"$KARTLAGG" -s "$STORE" -q import --key-file key "$DATA/feeds/individuals_2025.csv"
