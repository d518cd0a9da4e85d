# The selected model is Soc:Ungdom and the raw file puts 1..4 persons on
# both lists: the estimate, its interval and the unseen count are "..",
# in the MSE table and the summary, and the audit has the margin hidden.
set -e
python3 - "$TMP/rep/csv" <<'PY'
import csv, glob, sys
from collections import defaultdict
d = sys.argv[1]
orgs = defaultdict(set)
for r in csv.DictReader(open("individer.csv"), delimiter=";"):
    orgs[r["personnyckel"]].add(r["organisation"])
both = sum(1 for v in orgs.values() if {"Soc", "Ungdom"} <= v)
if not 1 <= both <= 4:
    sys.exit("setup: %d persons on Soc and Ungdom, want 1..4" % both)
f = glob.glob(d + "/tabell-*-individer-mse.csv")[0]
t = {r[0]: r[1] for r in csv.reader(open(f))}
if t.get("Modell") != "L1:L2":
    sys.exit("model %r, want L1:L2 (stepwise)" % t.get("Modell"))
for k in ("Skattat antal som ingen lista känner", "Skattat totalt antal",
          "95 % KI (profillikelihood)"):
    if t.get(k) != "..":
        sys.exit("%s: published %r, want .." % (k, t.get(k)))
f = glob.glob(d + "/tabell-*-sammanfattning.csv")[0]
s = [r for r in csv.reader(open(f)) if r and "(MSE)" in r[0]]
if not s or s[0][1] != ".." or s[0][2] != "..":
    sys.exit("summary MSE row %r, want .. .." % s)
PY
grep -q '^cell individer/2025/mse/marginal/L1:L2 \.\.$' "$TMP/rep/csv/suppression-audit.txt"
