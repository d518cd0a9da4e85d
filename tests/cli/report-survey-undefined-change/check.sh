# Issue 13: a group with no yes answers in either round got a 0-wide
# change interval and "nan" as p-value.  Undefined is ".." in print and
# empty in the machine CSV columns; no output format says nan or inf.
set -e
"$KARTLAGG" -q -s "$STORE" report -f md -f html -o ut2 "$SAMPLES/rapport.ini"
"$KARTLAGG" -q -s "$STORE" report -f text "$SAMPLES/rapport.ini" >ut2/rapport.txt
if grep -rniwE 'nan|-nan|inf|-inf|infinity' ut ut2; then
	echo "nan or inf in the output"; exit 1
fi
python3 - ut/csv <<'PY'
import csv, glob, sys
f = glob.glob(sys.argv[1] + '/tabell-*-enkat-salt_sex_12man.csv')[0]
rows = list(csv.reader(open(f, encoding='utf-8')))
row = [dict(zip(rows[0], r)) for r in rows[1:] if r[0] == 'Annat/vill ej uppge'][0]
if row['Andel (%)'] != '0':
    sys.exit('share %r, want 0 (no yes answers)' % row['Andel (%)'])
if True:
    for h in ('Förändring (procentenheter)', 'Förändring (procentenheter)_lo',
              'Förändring (procentenheter)_hi', 'p-värde'):
        if row[h] != '':
            sys.exit('%s = %r, want empty (undefined)' % (h, row[h]))
PY
grep -q 'Annat/vill ej uppge' ut2/*.txt
