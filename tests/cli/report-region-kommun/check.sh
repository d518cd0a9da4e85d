# The truth from the raw file (python, no kartlagg): a person's kommun is
# the most frequent kommunkod over all their records (every role), ties
# to the smaller code; persons of role utsatt are counted.
set -e
python3 - "$TMP/rep/csv" <<'PY'
import csv, glob, sys
from collections import Counter
d = sys.argv[1]
recs = list(csv.DictReader(open("individer.csv"), delimiter=";"))
kommun, role, sex = {}, {}, {}
for r in recs:
    kommun.setdefault(r["personnyckel"], []).append(r["kommunkod"])
    if r["roll"] == "utsatt":
        role[r["personnyckel"]] = 1
        sex[r["personnyckel"]] = r["kon"]
def home(k):
    c = Counter(x for x in kommun[k] if x)
    if not c:
        return ""
    best = max(c.values())
    return min(x for x in c if c[x] == best)
here = [k for k in role if home(k) == "1980"]
other = [k for k in role if home(k) and home(k) != "1980"]
unknown = [k for k in role if not home(k)]
want = {"Bor i Västerås": len(here), "Bor i annan kommun/annat län": len(other),
        "Kommun okänd": len(unknown), "Totalt i lagret (unika personer)": len(role)}
def table(slug):
    f = glob.glob(d + "/tabell-*-%s.csv" % slug)[0]
    return {r[0]: r[1] for r in csv.reader(open(f))}
got = table("individer-bostad")
for k, v in want.items():
    if got.get(k) != str(v):
        sys.exit("individer-bostad %s: published %r, expected %d" % (k, got.get(k), v))
kon = table("individer-kon")
wk = {"Kvinna/flicka": sum(1 for k in here if sex[k] == "kvinna"),
      "Man/pojke": sum(1 for k in here if sex[k] == "man"),
      "Totalt (unika personer)": len(here)}
for k, v in wk.items():
    if kon.get(k) != str(v):
        sys.exit("individer-kon %s: published %r, expected %d" % (k, kon.get(k), v))
summ = table("sammanfattning")
if summ.get("Unika personer kända av verksamheter") != str(len(here)):
    sys.exit("summary: %r, expected %d" % (summ.get("Unika personer kända av verksamheter"), len(here)))
PY
python3 "$(dirname "$0")/../../sdc/check-suppression.py" "$TMP/rep/csv/suppression-audit.txt"
