# Issue 13: the summary's change of an item without variance in either
# round (no yes answers at all) is undefined: ".." in print, empty in the
# CSV bundle, never nan.
set -e
"$KARTLAGG" -q -s "$STORE" report -f text "$SAMPLES/rapport.ini" >rapport.txt
if grep -rniwE 'nan|-nan|inf|-inf' ut rapport.txt; then
	echo "nan or inf in the output"; exit 1
fi
python3 - ut/csv <<'PY'
import csv, glob, sys
f = glob.glob(sys.argv[1] + '/tabell-01-sammanfattning.csv')[0]
rows = list(csv.reader(open(f, encoding='utf-8')))
row = [dict(zip(rows[0], r)) for r in rows[1:] if '12 månaderna' in r[0]][0]
if row['Värde'] != '0':
    sys.exit('share %r, want 0' % row['Värde'])
for h in ('Förändring', 'Förändring_p'):
    if row.get(h, '') != '':
        sys.exit('%s = %r, want empty (undefined)' % (h, row[h]))
PY
grep '12 månaderna' rapport.txt | grep -q '\.\.'
