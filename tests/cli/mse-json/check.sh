# issue 15: mse had no --format json.  The JSON parses, names the file and
# its lists, and its rows, turned back into model,quantity,value, hold
# every quantity of every model of R's expected_kosovo.csv within the
# tolerances of mse-compare.awk.
set -e
here=$(dirname "$0")
python3 - out >got.csv <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
assert d["file"] == "kosovo.csv", d["file"]
assert d["lists"] == ["EXH", "ABA", "OSCE", "HRW"], d["lists"]
assert d["observed"] == 4400, d["observed"]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["model", "quantity", "value"])
for r in d["rows"]:
    v = r["value"]
    if v is None:
        v = ""
    elif isinstance(v, float):
        v = repr(v)
    w.writerow([r["model"], r["quantity"], v])
PY
awk -F, -f "$here/../lib/mse-compare.awk" "$REF/mse/expected_kosovo.csv" got.csv
