# tests/cli/lib/totals-hidden.sh CSVDIR - the checks of the report-*
# differencing cases on one report's CSV bundle: the individuals' total is
# hidden in the sex, age and overlap tables, in the residence table (the
# store's total) and in the summary; the audit says so; both checkers
# (tests/sdc) find nothing to recover.
set -eu
c=$1
sdc=$(dirname "$0")/../../sdc
for t in individer-kon individer-alder individer-overlapp; do
	grep -qx 'Totalt (unika personer),\.\.,1' "$c"/tabell-*-$t.csv ||
		{ echo "$c: $t shows its total"; cat "$c"/tabell-*-$t.csv; exit 1; }
done
grep -qx 'Totalt i lagret (unika personer),\.\.,1' "$c"/tabell-*-individer-bostad.csv
grep -q '^Unika personer kända av verksamheter,\.\.,' "$c"/tabell-*-sammanfattning.csv
grep -qx 'cell individer/2025/totalt \.\.' "$c/suppression-audit.txt"
python3 "$sdc/check-suppression.py" "$c/suppression-audit.txt"
python3 "$sdc/check-report.py" "$c"
