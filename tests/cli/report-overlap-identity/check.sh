# The attacker that knows the identity (check-report.py) and the replay
# of the audit (check-suppression.py, which must see the weighted
# relation as a rel line) recover nothing; the overlap table is as the
# raw file says, or hidden.
set -e
sdc=$(dirname "$0")/../../sdc
python3 "$sdc/check-report.py" "$TMP/rep/csv"
python3 "$sdc/check-suppression.py" "$TMP/rep/csv/suppression-audit.txt"
grep -q '^# kartlagg suppression audit v3$' "$TMP/rep/csv/suppression-audit.txt"
grep -q '^rel .* -4 individer/2025/kand_av_exakt/4/typer/4 .*= 0$' "$TMP/rep/csv/suppression-audit.txt"
python3 - "$TMP/rep/csv" <<'PY'
import csv, glob, sys
from collections import defaultdict
orgs = defaultdict(set)
for r in csv.DictReader(open("individer.csv"), delimiter=";"):
    orgs[r["personnyckel"]].add(r["organisation"])
k = [sum(1 for v in orgs.values() if len(v) == 1), sum(1 for v in orgs.values() if len(v) == 2),
     sum(1 for v in orgs.values() if len(v) >= 3)]
f = glob.glob(sys.argv[1] + "/tabell-*-individer-overlapp.csv")[0]
got = [r[1] for r in csv.reader(open(f))][1:4]
for g, w in zip(got, k):
    if g not in ("..", str(w)):
        sys.exit("overlap: published %s, expected %s" % (got, k))
PY
