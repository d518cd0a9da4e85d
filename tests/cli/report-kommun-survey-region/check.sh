# Issue 13: a kommun report (rapport-kommun.ini, region 1980 Västerås)
# used every respondent of the län, and scaled the share by the län's
# population.  The survey region rule (kartlagg-report(5)): only the
# region's respondents count, and N is the region's population of the
# surveyed ages.  "Antal svar" is counted here from the raw file with awk
# for the current round (rapport-kommun.ini's current); the estimated
# number is Västerås's share and interval that
# tests/truth/appendix_truth.py computes independently (--dump), times
# Västerås's girls and boys aged 15 and 17 in that year (awk), rounded to
# tens.
set -e
cur=$(sed -n 's/^current = //p' "$SAMPLES/rapport-kommun.ini")
n=$(awk -F';' -v cur="$cur" 'NR > 1 && $2 == cur && $3 == "1980" && ($10 == "1" || $10 == "2")' "$SAMPLES/ungdomsenkat_exempel.csv" | wc -l)
# the population file's columns: region, age, sex, then 2019, 2020, ...
col=$((cur - 2019 + 4))
N=$(awk -F'"?,"?' -v c="$col" '$1 ~ /^"?1980 / && ($2 == "15 år" || $2 == "17 år") && ($3 == "män" || $3 == "kvinnor") { s += $c } END { print s }' "$SAMPLES/folkmangd_exempel.csv")
share=$(python3 "$(dirname "$0")/../../truth/appendix_truth.py" --samples "$SAMPLES" \
	--ini "$SAMPLES/rapport-kommun.ini" --dump |
	sed -n '/^== enkat-kommun$/,/^==/s/^  Västerås  *Andel=\([0-9.]*\); KI=\([0-9.]*\)–\([0-9.]*\);.*/\1 \2 \3/p' | head -1)
[ -n "$share" ] || { echo "no share of Västerås from appendix_truth.py"; exit 1; }
python3 - ut/csv "$n" "$N" $share <<'PY'
import csv, glob, sys
d, n, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
share = [float(x) for x in sys.argv[4:7]]
def table(slug):
    rows = list(csv.reader(open(glob.glob(d + '/tabell-*-' + slug + '.csv')[0], encoding='utf-8')))
    return [dict(zip(rows[0], r)) for r in rows[1:]]
t = table('enkat-salt_sex_nagonsin')
if t[0]['Grupp'] != 'Samtliga' or t[0]['Antal svar'] != str(n):
    sys.exit('Samtliga Antal svar %r, raw data %d' % (t[0]['Antal svar'], n))
k = table('enkat-kommun')
if [r['Kommun'] for r in k] != ['Västerås', 'Västerås'] or k[0]['Antal svar'] != str(n):
    sys.exit('kommun table %r' % k)
e = table('enkat-antal')[0]
want = [str(int(round(x * N / 1000.0)) * 10) for x in share]
got = [e['Skattat antal'], e['95 % KI_lo'], e['95 % KI_hi']]
if got != want:
    sys.exit('Skattat antal %r, want %r (N %d)' % (got, want, N))
PY
