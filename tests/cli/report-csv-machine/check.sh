# The CSV bundle is for machines: one unit per column, plain numbers,
# intervals as <heading>_lo/_hi, the caution mark in <heading>_flag, a
# rate beside a count in <heading>_per_100000 (kartlagg-report(5)).
set -e
python3 - ut/csv <<'PY'
import csv, glob, re, sys
fig = re.compile(r'^(-?[0-9]+(\.[0-9]+)?|\.\.|\.|)$')
bad = ('\u2212', '\u202f', '\u2013', '\u00a0')
for path in sorted(glob.glob(sys.argv[1] + '/tabell-*.csv')):
    rows = list(csv.reader(open(path, newline='', encoding='utf-8')))
    head = rows[0]
    for r in rows[1:]:
        cell = dict(zip(head, r))
        for h, v in cell.items():
            if h.endswith(('_lo', '_hi', '_p', '_per_100000')):
                if not fig.match(v) or any(b in v for b in bad):
                    sys.exit('%s: %s = %r is no figure' % (path, h, v))
            if h.endswith('_flag') and v not in ('', '*'):
                sys.exit('%s: %s = %r' % (path, h, v))
            if h.endswith('_lo') and h[:-3] + '_hi' in cell:
                lo, hi = v, cell[h[:-3] + '_hi']
                if re.match(r'^-?[0-9]', lo) and re.match(r'^-?[0-9]', hi) \
                   and float(lo) > float(hi):
                    sys.exit('%s: %s > hi' % (path, h))
# the share tables: value, interval and p-value columns of their own
t = list(csv.reader(open(glob.glob(sys.argv[1] + '/tabell-04-*.csv')[0],
                         encoding='utf-8')))
for h in ('Andel (%)', '95 % KI_lo', '95 % KI_hi', 'p-värde'):
    if h not in t[0]:
        sys.exit('tabell-04 lacks column %r: %r' % (h, t[0]))
for r in t[1:]:
    c = dict(zip(t[0], r))
    if re.match(r'^[0-9]', c['Andel (%)']):
        # at the precision the table shows: one decimal (a zero share,
        # printed as the dash, is 0)
        if not re.match(r'^([0-9]+\.[0-9]|0)$', c['Andel (%)']):
            sys.exit('share %r not at one decimal' % c['Andel (%)'])
    if c['p-värde'] not in ('', '..', '.') and not 0 <= float(c['p-värde']) <= 1:
        sys.exit('p %r' % c['p-värde'])
PY
# the län's offences and rate of 2025, worked with awk from the samples
n=$(awk -F';' 'NR > 1 && substr($2, 1, 4) == "2025" && substr($7, 1, 2) == "19" { n += $10 }
	END { print n }' "$SAMPLES/polis_exempel.csv")
# (the population file's column 10 is 2025; it goes on to 2027)
pop=$(awk -F, '$1 == "\"19 Västmanlands län\"" { s += $10 } END { print s }' \
	"$SAMPLES/folkmangd_exempel.csv")
rate=$(awk -v n="$n" -v p="$pop" 'BEGIN { printf "%.1f", 100000 * n / p }')
grep -qx "Västmanlands län,$n,$pop,$rate,[0-9,\"]*" ut/csv/tabell-*-brott-takt.csv ||
	{ echo "no län row $n,$pop,$rate"; cat ut/csv/tabell-*-brott-takt.csv; exit 1; }
# the summary splits "n (rate per 100 000)" into two columns
head -1 ut/csv/tabell-01-sammanfattning.csv | grep -q ',Värde,Värde_per_100000,'
grep -q "^\"Anmälda brott 2025, Västmanlands län\",$n,$rate," ut/csv/tabell-01-sammanfattning.csv ||
	{ echo "summary: no '$n,$rate'"; grep 'Anmälda' ut/csv/tabell-01-sammanfattning.csv; exit 1; }
