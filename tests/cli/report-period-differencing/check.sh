# The totals of the 2025 report (22, from the raw file) differ from those
# of a report for the first ten months (20) by 1..4: the region's and the
# store's totals are hidden in every table and the summary, and both
# checkers find nothing to recover.
set -e
sdc=$(dirname "$0")/../../sdc
a=$(awk -F';' 'NR > 1 { k[$4] = 1 } END { print length(k) }' individer.csv)
h=$(awk -F';' 'NR > 1 && $3 <= "2025-10" { k[$4] = 1 } END { print length(k) }' individer.csv)
d=$((a - h))
[ "$d" -ge 1 ] && [ "$d" -le 4 ] || { echo "the data do not differ by 1..4 ($a, $h)"; exit 1; }
c=$TMP/ar/csv
for t in individer-kon individer-alder individer-overlapp; do
	grep -qx 'Totalt (unika personer),\.\.,1' "$c"/tabell-*-$t.csv ||
		{ echo "$t shows its total"; cat "$c"/tabell-*-$t.csv; exit 1; }
done
grep -qx 'Totalt i lagret (unika personer),\.\.,1' "$c"/tabell-*-individer-bostad.csv
grep -q '^Unika personer kända av verksamheter,\.\.,' "$c"/tabell-*-sammanfattning.csv
grep -qx 'cell individer/2025/totalt \.\.' "$c/suppression-audit.txt"
python3 "$sdc/check-suppression.py" "$c/suppression-audit.txt"
python3 "$sdc/check-report.py" "$c"
