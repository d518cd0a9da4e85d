# Margins of 16: nothing to hide, and the report's estimate is the one
# `kartlagg mse --model stepwise` gives for the capture histories counted
# from the raw file.
set -e
python3 - <<'PY'
import csv
from collections import defaultdict
orgs = defaultdict(set)
for r in csv.DictReader(open("individer.csv"), delimiter=";"):
    orgs[r["personnyckel"]].add(r["organisation"])
h = defaultdict(int)
for v in orgs.values():
    h[tuple(int(o in v) for o in ("Soc", "Ungdom", "Vagen"))] += 1
with open("hist.csv", "w") as f:
    f.write("Soc,Ungdom,Vagen,count\n")
    for k, n in sorted(h.items()):
        f.write("%d,%d,%d,%d\n" % (k + (n,)))
PY
"$KARTLAGG" -q mse --model stepwise --format csv hist.csv >mse.csv
python3 - "$TMP/rep/csv" <<'PY'
import csv, glob, sys
m = {r[1]: r[2] for r in csv.reader(open("mse.csv")) if len(r) == 3}
f = glob.glob(sys.argv[1] + "/tabell-*-individer-mse.csv")[0]
t = {r[0]: r[1] for r in csv.reader(open(f))}
if m["terms"] != "Soc:Vagen+Ungdom:Vagen" or t.get("Modell") != "L1:L3+L2:L3":
    sys.exit("models %r / %r" % (m["terms"], t.get("Modell")))
tot = float(m["total"])
n = float(m["n_observed"])
if t.get("Skattat totalt antal") != str(int(tot + 0.5)):
    sys.exit("total %r, kartlagg mse %s" % (t.get("Skattat totalt antal"), tot))
if t.get("Skattat antal som ingen lista känner") != str(int(tot - n + 0.5)):
    sys.exit("unseen %r, kartlagg mse %s" % (t.get("Skattat antal som ingen lista känner"), tot - n))
PY
grep -q '^cell individer/2025/mse/marginal/L1:L3 16$' "$TMP/rep/csv/suppression-audit.txt"
grep -q '^cell individer/2025/mse/marginal/L2:L3 16$' "$TMP/rep/csv/suppression-audit.txt"
# the overlap table's identity ties the model's pairs to the one it lacks
grep -q '^cell individer/2025/mse/marginal/L1:L2 \.\. unpublished$' "$TMP/rep/csv/suppression-audit.txt"
grep -q '^rel -1 individer/2025/kand_av/2 -3 individer/2025/kand_av/3+ +1 individer/2025/mse/marginal/L1:L2 +1 individer/2025/mse/marginal/L1:L3 +1 individer/2025/mse/marginal/L2:L3 = 0$' "$TMP/rep/csv/suppression-audit.txt"
