"$KARTLAGG" -q -s "$STORE" import "$DATA/import/good.csv"
chmod 0644 "$STORE"
