"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
{ printf 'id;text\n1;"'; head -c 1100000 /dev/zero | tr '\0' 'a'; printf '"\n'; } >"$TMP/long.csv"
