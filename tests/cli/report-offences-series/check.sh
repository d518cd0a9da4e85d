# Issue 15: the offence table of the series has the change since the
# first year (2019) and the previous year (2024) of the last (2025), in
# offences and per cent, for each group and all groups; the counts here
# are the police extract's cases of the län (kommunkod 19xx) summed with
# awk per brottskod and year, köp av sexuell tjänst being 4024.
set -e
awk -F';' 'NR > 1 && substr($7, 1, 2) == "19" {
		y = substr($2, 1, 4); all[y] += $10; if ($5 == "4024") kop[y] += $10
	}
	END { print "all", all[2019] + 0, all[2024] + 0, all[2025] + 0
	      print "kop", kop[2019] + 0, kop[2024] + 0, kop[2025] + 0 }' \
	"$SAMPLES/polis_exempel.csv" >truth
python3 - ut/csv truth <<'PY'
import csv, glob, sys
d = sys.argv[1]
truth = {}
for line in open(sys.argv[2]):
    k, a, p, z = line.split()
    truth[k] = (int(a), int(p), int(z))
path = glob.glob(d + '/tabell-*-brott-forandring.csv')
if len(path) != 1:
    sys.exit('no table of the offence change')
rows = list(csv.reader(open(path[0], encoding='utf-8')))
head = rows[0]
want_head = ['Brottsgrupp', '2019', '2024', '2025', 'Förändring sedan 2019 (antal)',
             'Förändring sedan 2019 (%)', 'Förändring sedan 2024 (antal)',
             'Förändring sedan 2024 (%)', 'source_imports']
if head != want_head:
    sys.exit('head %r' % head)
t = {r[0]: dict(zip(head, r)) for r in rows[1:]}
for k, lab in (('all', 'Samtliga grupper'), ('kop', 'Köp av sexuell tjänst')):
    a, p, z = truth[k]
    r = t[lab]
    got = [r['2019'], r['2024'], r['2025'], r['Förändring sedan 2019 (antal)'],
           r['Förändring sedan 2019 (%)'], r['Förändring sedan 2024 (antal)'],
           r['Förändring sedan 2024 (%)']]
    want = [str(a), str(p), str(z), str(z - a), '%.1f' % (100.0 * (z - a) / a),
            str(z - p), '%.1f' % (100.0 * (z - p) / p)]
    if got != want:
        sys.exit('%s: %r, want %r' % (lab, got, want))
# a group with no offences in the base year has no percentage: empty
for lab, r in t.items():
    for y in ('2019', '2024'):
        if r[y] == '0' and r['Förändring sedan %s (%%)' % y] != '':
            sys.exit('%s: %r from none' % (lab, r))
PY
# the trend chart's text says the change of all groups
grep -q 'Samtliga grupper 2025: .* brott, .* % sedan 2019 och .* % sedan 2024' ut/rapport.md
