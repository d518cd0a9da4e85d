"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
# hold the write lock for 5 s in the background
(printf 'BEGIN IMMEDIATE;\nCREATE TABLE lock_holder(x);\n'; sleep 5; printf 'ROLLBACK;\n') | sqlite3 "$STORE" >/dev/null 2>&1 &
sleep 1
