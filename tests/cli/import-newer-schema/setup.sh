"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
sqlite3 "$STORE" 'PRAGMA user_version = 99'
