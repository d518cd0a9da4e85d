# Both reports hide their totals (20 and 22 from the raw file differ by
# 1..4), the region's and the store's, in every table and the summary;
# the audits replay clean.
set -e
sdc=$(dirname "$0")/../../sdc
"$KARTLAGG" -s "$STORE" -q report -o "$TMP/alla" rapport-alla.ini
u=$(awk -F';' 'NR > 1 && $10 == "utsatt" { k[$4] = 1 } END { print length(k) }' individer.csv)
a=$(awk -F';' 'NR > 1 { k[$4] = 1 } END { print length(k) }' individer.csv)
d=$((a - u))
[ "$d" -ge 1 ] && [ "$d" -le 4 ] || { echo "the data do not differ by 1..4 ($a, $u)"; exit 1; }
for r in utsatt alla; do
	c=$TMP/$r/csv
	for t in individer-kon individer-alder individer-overlapp; do
		grep -qx 'Totalt (unika personer),\.\.,1' "$c"/tabell-*-$t.csv ||
			{ echo "$r: $t shows its total"; cat "$c"/tabell-*-$t.csv; exit 1; }
	done
	grep -qx 'Totalt i lagret (unika personer),\.\.,1' "$c"/tabell-*-individer-bostad.csv
	grep -q '^Unika personer kända av verksamheter,\.\.,' "$c"/tabell-*-sammanfattning.csv
	grep -qx 'cell individer/2025/totalt \.\.' "$c/suppression-audit.txt"
	python3 "$sdc/check-suppression.py" "$c/suppression-audit.txt"
	python3 "$sdc/check-report.py" "$c"
done
