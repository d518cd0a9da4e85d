# --strict writes nothing when a part is missing: no folder, no stage
[ ! -e ut ] || { echo "ut/ was written"; exit 1; }
[ -z "$(ls -A . | grep '^\.ut\.')" ] || { echo "a stage was left"; exit 1; }
# and without --strict the same run writes the report and exits 0
"$KARTLAGG" -q -s "$STORE" report -f html -o ut "$DATA/report/empty_store.ini" || exit 1
[ -f ut/rapport.html ]
