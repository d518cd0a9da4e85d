# The yearly counts of köp av sexuell tjänst (brottskod 4024) in the
# report's table equal a count made with awk from the sample extract.
want=$(awk -F';' 'NR > 1 && $5 == "4024" { n[substr($2, 1, 4)] += $10 }
	END { for (y = 2019; y <= 2025; y++) printf "%s%d", (y > 2019 ? " " : ""), n[y] }' \
	"$SAMPLES/polis_exempel.csv")
got=$("$KARTLAGG" -q -s "$STORE" report r.ini | grep '^  Köp av sexuell tjänst ' |
	sed 's/^  Köp av sexuell tjänst *//; s/  */ /g')
[ "$got" = "$want" ] || { echo "got '$got', want '$want'"; exit 1; }
