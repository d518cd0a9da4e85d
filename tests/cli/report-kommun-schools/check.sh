# Issue 15: a kommun's appendix with [survey] breakdown = skola shows the
# share of each main item per school, "Antal svar" per school, the
# schools summing to the kommun's published total.  The valid answers
# are counted here from the raw 2027 file (answer 1 or 2 to Fråga 22),
# and appendix_truth.py (standard library, no code shared with kartlagg)
# recomputes the shares, intervals and disclosure of both tables.
d=$(dirname "$0")
for v in salt_sex_nagonsin salt_sex_12man; do
	ls b/csv/tabell-*-enkat-skola-$v.csv >/dev/null 2>&1 ||
		{ echo "no school table for $v"; exit 1; }
done
python3 - "$SAMPLES/ungdomsenkat_2027.csv" b/csv/tabell-*-enkat-skola-salt_sex_nagonsin.csv <<'PY' || exit 1
import csv, sys
want = {}
with open(sys.argv[1], encoding="utf-8-sig") as f:
    for r in csv.DictReader(f, delimiter=";"):
        q = next(k for k in r if k.startswith("Fråga 22"))
        if r["Kommunkod"] == "1980" and r[q].strip() in ("1", "2"):
            want[r["Skola"]] = want.get(r["Skola"], 0) + 1
with open(sys.argv[2], encoding="utf-8") as f:
    rows = list(csv.reader(f))
got = {r[0]: r[rows[0].index("Antal svar")] for r in rows[1:]}
want["Västerås"] = sum(want.values())
if set(got) != set(want):
    sys.exit("rows %s, want %s" % (sorted(got), sorted(want)))
for k, n in want.items():
    if got[k] != ".." and int(got[k].replace(" ", "")) != n:
        sys.exit("%s: Antal svar %s, want %d" % (k, got[k], n))
PY
python3 "$d/../../truth/appendix_truth.py" --samples "$SAMPLES" \
	--ini "$SAMPLES/rapport-kommun.ini" --csv b/csv >truth.out 2>&1 ||
	{ cat truth.out; exit 1; }
