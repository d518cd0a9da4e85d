# Issue 13: the respondents table (kommun x kön) printed the round's total
# in every cell.  Every published cell must be the number of rows of the
# current round (rapport.ini's current) of
# the raw survey file with that kommun and kön (computed here with awk),
# the Totalt row and column their sums; hidden cells are "..".
set -e
f=$(ls ut/csv/tabell-*-enkat-svarande.csv)
cur=$(sed -n 's/^current = //p' "$SAMPLES/rapport.ini")
awk -F';' -v cur="$cur" 'NR > 1 && $2 == cur { n[$4 "|" $7]++; n[$4 "|T"]++; n["Totalt|" $7]++; n["Totalt|T"]++ }
	END { for (k in n) print k "|" n[k] }' "$SAMPLES/ungdomsenkat_exempel.csv" >truth
python3 - "$f" truth <<'PY'
import csv, sys
truth = {}
for line in open(sys.argv[2], encoding='utf-8'):
    k, s, n = line.rstrip('\n').split('|')
    truth[(k, s)] = int(n)
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
head = rows[0]
code = {'Pojke': '1', 'Flicka': '2', 'Annat/vill ej uppge': '3', 'Totalt': 'T'}
shown = 0
for r in rows[1:]:
    for h, v in zip(head, r):
        if h not in code:
            continue
        want = truth.get((r[0], code[h]), 0)
        if v == '..':
            continue
        got = 0 if v in ('0', '\u2013') else int(v)
        if got != want:
            sys.exit('%s %s: published %s, raw data %d' % (r[0], h, v, want))
        shown += 1
if len(rows) != 10 or shown < 20:
    sys.exit('%d rows, %d cells shown' % (len(rows), shown))
PY
# and its sums are in the one disclosure problem (the audit): a row sum
# per kommun, a column sum per kön, the grand total both ways
n=$(grep -c "^sum enkat/ungdomsenkat/$cur/svarande/" ut/csv/suppression-audit.txt)
[ "$n" = 13 ] || { echo "$n respondent sums in the audit, want 8 + 3 + 2"; exit 1; }
