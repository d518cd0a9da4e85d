"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "c%d%s", i, i < 10000 ? ";" : "\n";
	     for (i = 1; i <= 10000; i++) printf "1%s", i < 10000 ? ";" : "\n" }' >"$TMP/wide.csv"
