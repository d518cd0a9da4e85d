# The yearly counts of köp av sexuell tjänst (brottskod 4024) in the
# report's table equal a count made with awk from the sample extract.
want=$(awk -F';' 'NR > 1 && $5 == "4024" { n[substr($2, 1, 4)] += $10 }
	END { for (y = 2019; y <= 2025; y++) printf "%s%d", (y > 2019 ? " " : ""), n[y] }' \
	"$SAMPLES/polis_exempel.csv")
got=$("$KARTLAGG" -q -s "$STORE" report r.ini | grep '^  Köp av sexuell tjänst ' | head -1 |
	sed 's/^  Köp av sexuell tjänst *//; s/  */ /g')
[ "$got" = "$want" ] || { echo "got '$got', want '$want'"; exit 1; }
# the län's rate per 100 000 in the last year, from the two sample files
# (the population file's column 10 is 2025; it goes on to 2027)
rate=$(awk -F';' -v pop="$(awk -F, '$1 == "\"19 Västmanlands län\"" { s += $10 } END { print s }' \
	"$SAMPLES/folkmangd_exempel.csv")" \
	'NR > 1 && substr($2, 1, 4) == "2025" && substr($7, 1, 2) == "19" { n += $10 }
	END { printf "%.1f", 100000 * n / pop }' "$SAMPLES/polis_exempel.csv" | tr . ,)
"$KARTLAGG" -q -s "$STORE" report r.ini | grep -q "^  Västmanlands län .* $rate\$" ||
	{ echo "no län row with rate $rate"; exit 1; }
