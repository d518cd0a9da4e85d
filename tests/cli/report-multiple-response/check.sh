# The categories every person is in are hidden (margin rule through the
# complement "not in X" = total - X), the total stays published, and
# neither checker recovers anything.
set -e
sdc=$(dirname "$0")/../../sdc
csvd=$TMP/rep/csv
grep -qx 'Sex mot ersättning,\.\.,1' "$csvd"/tabell-*-individer-exploatering.csv ||
	{ cat "$csvd"/tabell-*-individer-exploatering.csv; exit 1; }
grep -qx 'Gata,\.\.,1' "$csvd"/tabell-*-individer-arena.csv ||
	{ cat "$csvd"/tabell-*-individer-arena.csv; exit 1; }
n=$(awk -F';' 'NR > 1 && $10 == "utsatt" && $9 == "1980" { k[$4] = 1 } END { print length(k) }' individer.csv)
grep -qx "Totalt (unika personer),$n,1" "$csvd"/tabell-*-individer-exploatering.csv
grep -q '^cell individer/2025/exploitation/inte/sex_mot_ersattning \.\. unpublished$' "$csvd/suppression-audit.txt"
python3 "$sdc/check-report.py" "$csvd"
python3 "$sdc/check-suppression.py" --margin 10 "$csvd/suppression-audit.txt"
