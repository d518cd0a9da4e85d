"$KARTLAGG" -s "$STORE" -q import --key id "$DATA/import/good.csv"
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "c%d%s", i, i < 3000 ? ";" : "\n";
	     for (i = 1; i <= 3000; i++) printf "1%s", i < 3000 ? ";" : "\n" }' >"$TMP/wide.csv"
