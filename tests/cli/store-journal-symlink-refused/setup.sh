"$KARTLAGG" -q -s "$STORE" import "$DATA/import/good.csv"
ln -s elsewhere "$STORE-journal"
