# Issue 13: a missing code (kön 9 = ej svar, a bortfallskod of the
# codebook) is no group of its own: no row or column "9" in the survey
# tables, while the whole sample (Samtliga, Totalt) still counts those
# respondents (the number of 2025 rows counted here with awk).
set -e
n=$(awk -F';' 'NR > 1 && $2 == 2025' enkat.csv | wc -l)
n9=$(awk -F';' 'NR > 1 && $2 == 2025 && $7 == "9"' enkat.csv | wc -l)
[ "$n9" -gt 0 ]
python3 - ut/csv "$n" <<'PY'
import csv, glob, sys
d, n = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(d + '/tabell-*-enkat-*.csv')):
    rows = list(csv.reader(open(f, encoding='utf-8')))
    for r in [rows[0]] + [x[:1] for x in rows[1:]]:
        for v in r:
            if v == '9' or v.startswith('9,') or 'Ej svar' in v:
                sys.exit('%s: a group for the missing code: %r' % (f, v))
rows = list(csv.reader(open(glob.glob(d + '/tabell-*-enkat-svarande.csv')[0], encoding='utf-8')))
tot = dict(zip(rows[0], rows[-1]))
if tot['Kommun'] != 'Totalt' or tot['Totalt'] != n:
    sys.exit('respondents Totalt %r, raw data %s' % (tot, n))
PY
