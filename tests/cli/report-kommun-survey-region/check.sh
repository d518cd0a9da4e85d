# Issue 13: a kommun report (rapport-kommun.ini, region 1980 Västerås)
# used every respondent of the län, and scaled the share by the län's
# population.  The survey region rule (kartlagg-report(5)): only the
# region's respondents count, and N is the region's population of the
# surveyed ages.  "Antal svar" is counted here from the raw file with awk;
# the estimated number is the share 2.063 % (1.521-2.792) that
# tests/truth/appendix_truth.py computes independently, times Västerås's
# girls and boys aged 15 and 17 in 2025 (awk), rounded to tens.
set -e
n=$(awk -F';' 'NR > 1 && $2 == 2025 && $3 == "1980" && ($10 == "1" || $10 == "2")' "$SAMPLES/ungdomsenkat_exempel.csv" | wc -l)
N=$(awk -F'"?,"?' '$1 ~ /^"?1980 / && ($2 == "15 år" || $2 == "17 år") && ($3 == "män" || $3 == "kvinnor") { s += $10 } END { print s }' "$SAMPLES/folkmangd_exempel.csv")
python3 - ut/csv "$n" "$N" <<'PY'
import csv, glob, sys
d, n, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
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
want = [str(int(round(x * N / 1000.0)) * 10) for x in (2.0630, 1.5214, 2.7920)]
got = [e['Skattat antal'], e['95 % KI_lo'], e['95 % KI_hi']]
if got != want:
    sys.exit('Skattat antal %r, want %r (N %d)' % (got, want, N))
PY
