# Issue 13: a kommun report counts the persons who live in the kommun.
# A pseudonymised feed for 2025: 20 persons living in Västerås (1980),
# 8 with most of their records in Köping (1983; each also has one
# Västerås record, of role kopare, so the rule must look at every role),
# 6 in Stockholm (0180, another län) and 5 with no kommunkod; all utsatt.
PYTHONPATH="$(dirname "$0")/../lib" python3 - <<'PY'
from individuals import Feed
f = Feed()
def rec(org, n, kommun, roll="utsatt", kon="kvinna"):
    f.add(org, n, kon=kon, born=2000, kommun=kommun, roll=roll)
n = 0
for i in range(20):
    n += 1
    rec("Soc", n, "1980", kon="man" if i % 4 == 0 else "kvinna")
    if i % 2:
        rec("Ungdom", n, "1980")
for i in range(8):
    n += 1
    rec("Soc", n, "1983")
    rec("Ungdom", n, "1983")
    rec("Polis", n, "1980", roll="kopare")
for i in range(6):
    n += 1
    rec("Soc", n, "0180")
for i in range(5):
    n += 1
    rec("Ungdom", n, "")
f.write()
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
sh "$(dirname "$0")/../lib/vasteras-ini.sh" rapport.ini utsatt
