"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
