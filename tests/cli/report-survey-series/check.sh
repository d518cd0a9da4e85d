# Issue 15: a series table per item over every stored round up to the
# current one (2023, 2025, 2027), with the valid answers of each round as
# counted here with awk from the raw file, "." for the first round's
# changes, a share hidden where disclosure control hides its yes count
# (3 < 5) and with it every change built on it, machine columns _lo/_hi,
# and the trend chart in the HTML (role="img", title, desc) counting only
# the shares published.
set -e
awk -F';' 'NR > 1 && $3 == "1984" {
		if ($10 == "1" || $10 == "2") n["salt_sex_nagonsin|" $2]++
		if ($10 == "1") y["salt_sex_nagonsin|" $2]++
		if ($11 == "1" || $11 == "2") n["salt_sex_12man|" $2]++
		if ($11 == "1") y["salt_sex_12man|" $2]++
	}
	END { for (k in n) print k "|" n[k] "|" y[k] + 0 }' \
	"$SAMPLES/ungdomsenkat_exempel.csv" >truth
python3 - ut truth <<'PY'
import csv, glob, re, sys
d = sys.argv[1]
truth = {}
for line in open(sys.argv[2], encoding='utf-8'):
    item, year, n, y = line.rstrip('\n').split('|')
    truth[(item, year)] = (int(n), int(y))
rounds = sorted({y for _, y in truth})
if rounds != ['2023', '2025', '2027']:
    sys.exit('raw rounds %r' % rounds)
# the premise: the counts disclosure control must hide
if truth[('salt_sex_nagonsin', '2027')][1] != 3 or truth[('salt_sex_12man', '2023')][1] != 3:
    sys.exit('raw yes counts changed: %r' % truth)
shown = 0
for item in ('salt_sex_nagonsin', 'salt_sex_12man'):
    path = glob.glob(d + '/csv/tabell-*-enkat-serie-%s.csv' % item)
    if len(path) != 1:
        sys.exit('no series table of %s: %r' % (item, sorted(glob.glob(d + '/csv/*'))))
    rows = list(csv.reader(open(path[0], encoding='utf-8')))
    head = rows[0]
    # a column gets only the parts some cell of it has (kartlagg-report(5)):
    # the 12-month item has no interval shown
    need = ['Omgång', 'Andel (%)', 'Antal svar', 'p-värde sedan 2023',
            'p-värde sedan föregående omgång']
    if item == 'salt_sex_nagonsin':
        need += ['95 % KI_lo', '95 % KI_hi', 'Förändring sedan 2023 (procentenheter)_lo',
                 'Förändring sedan föregående omgång (procentenheter)_hi']
    for h in need:
        if h not in head:
            sys.exit('%s lacks column %r: %r' % (path[0], h, head))
    t = [dict(zip(head, r)) for r in rows[1:]]
    if [r['Omgång'] for r in t] != rounds:
        sys.exit('%s: rounds %r' % (path[0], [r['Omgång'] for r in t]))
    chg = [h for h in head if h.startswith(('Förändring', 'p-värde'))]
    hidden = set()
    for k, r in enumerate(t):
        n, y = truth[(item, r['Omgång'])]
        if r['Antal svar'] != str(n):
            sys.exit('%s %s: Antal svar %r, raw %d' % (item, r['Omgång'], r['Antal svar'], n))
        if 1 <= y <= 4 and r['Andel (%)'] != '..':
            sys.exit('%s %s: share %r shown over %d yes' % (item, r['Omgång'], r['Andel (%)'], y))
        if r['Andel (%)'] == '..':
            hidden.add(k)
        else:
            shown += 1
        if k == 0:
            if any(r[h] != '.' for h in chg):
                sys.exit('%s first round: %r' % (item, r))
            continue
        for h in chg:
            base = 0 if re.match(r'.*sedan 2023', h) else k - 1
            if (k in hidden or base in hidden) and r[h] != '..':
                sys.exit('%s %s %s: %r over a hidden share' % (item, r['Omgång'], h, r[h]))
            if k not in hidden and base not in hidden and r[h] in ('..', '.'):
                sys.exit('%s %s %s: hidden, both shares shown' % (item, r['Omgång'], h))
    want = {'salt_sex_nagonsin': {2}, 'salt_sex_12man': {0}}[item]
    if not want <= hidden:
        sys.exit('%s: hidden rounds %r, want %r among them' % (item, hidden, want))
html = open(d + '/rapport.html', encoding='utf-8').read()
m = re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="diagram-enkat-serie-title '
              r'diagram-enkat-serie-desc"[^>]*>\s*<title[^>]*>([^<]*)</title>\s*<desc[^>]*>([^<]*)</desc>', html)
if not m:
    sys.exit('no accessible trend chart of the shares')
if 'omgång 2023–2027' not in m.group(1) or ('%d av 6 andelar redovisas' % shown) not in m.group(2):
    sys.exit('chart title/desc %r, %d shares shown' % (m.groups(), shown))
PY
