"""bra-report-check.py SOL SCB SCB_RIKET CSVDIR REGIONS Y0 Y1

The offence tables of a report whose [offences] source is Brå SOL
(brott-ar, brott-forandring, brott-takt), recomputed from the raw SOL
export and SCB files with the counting rules of kartlagg-count(1) and
kartlagg-report(5), standard library only, and compared cell by cell
with the report's CSV bundle.  REGIONS is [report] region as written
(codes separated by ',').  The offence groups and brottskoder are read
from schemas/ (the code table is data, not kartlagg's code).
"""
import csv
import glob
import os
import sys

sol, scb, scb_riket, csvdir, regions, y0, y1 = sys.argv[1:8]
regions = [r.strip() for r in regions.split(",")]
y0, y1 = int(y0), int(y1)
schemas = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "schemas")

# SOL region names of the setup's file (SCB's codes, schemas/regioner.csv)
CODE = {"Hela landet": "00", "Västmanlands län": "19", "Jönköpings län": "06",
        "Västerås": "1980", "Köping": "1983", "Arboga": "1984", "Sala": "1981",
        "Jönköping": "0680"}
NAME = {v: k for k, v in CODE.items()}
NAME["00"] = "Riket"


def data_lines(path):
    return [l for l in open(path, encoding="utf-8") if not l.startswith("#") and l.strip()]


groups, label, by_name = [], {}, {}
for r in list(csv.reader(data_lines(os.path.join(schemas, "brottsgrupper.csv")), delimiter=";"))[1:]:
    groups.append(r[0])
    label[r[0]] = r[2]
    for n in r[3].split("|"):
        if n:
            by_name[n.lower()] = r[0]
by_code = {}
for r in list(csv.reader(data_lines(os.path.join(schemas, "brottskoder.csv")), delimiter=";"))[1:]:
    by_code[r[0]] = r[1]

# (region, group, year) -> [annual code, annual name, month code, month name]
cells = {}
for r in list(csv.reader(open(sol, encoding="utf-8"), delimiter=";"))[1:]:
    region, brott, per, _month, antal = r[0], r[1], r[2], r[3], r[4]
    if not antal.isdigit():
        continue  # '..': no figure
    if brott[:4].isdigit():
        g, k = by_code[brott[:4]], 0
    else:
        g, k = by_name[brott.lower()], 1
    if per == "År":
        year = int(_month)
    else:
        year, k = int(per.split()[0]), k + 2
    v = cells.setdefault((CODE[region], g, year), [None] * 4)
    v[k] = (v[k] or 0) + int(antal)


def count(code, g, year):
    """(count, preliminary) of one region, group and year, or None."""
    v = cells.get((code, g, year))
    if not v:
        return None
    for k in range(4):
        if v[k] is not None:
            return v[k], k >= 2
    return None


def pop(path, code, year):
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    col = rows[0].index("Folkmängd %d" % year)
    return sum(int(r[col]) for r in rows[1:]
               if r[0].split(" ", 1)[0] == code and r[1] == "totalt ålder")


def lan_listed(code):
    return any(len(r) == 2 and r == code[:2] for r in regions)


def in_region(k):
    return any(r == k or (len(r) == 2 and k.startswith(r)) for r in regions)


def table(name):
    p = glob.glob(os.path.join(csvdir, "tabell-*-%s.csv" % name))
    if len(p) != 1:
        sys.exit("no table %s in %s" % (name, csvdir))
    rows = list(csv.reader(open(p[0], encoding="utf-8")))
    return rows[0], rows[1:]


fail = []


def expect(what, got, want):
    if got != want:
        fail.append("%s:\n  got  %r\n  want %r" % (what, got, want))


# ---- the series: each listed code's own rows, a kommun of a listed län
# not again
years = list(range(y0, y1 + 1))
per = {g: {y: 0 for y in years} for g in groups}
prel = False
for r in regions:
    if len(r) == 4 and lan_listed(r):
        continue
    for g in groups:
        for y in years:
            c = count(r, g, y)
            if c:
                per[g][y] += c[0]
                prel = prel or c[1]
head, rows = table("brott-ar")
expect("brott-ar head", head, ["Brottsgrupp"] + [str(y) for y in years] + ["source_imports"])
want = [[label[g]] + [str(per[g][y]) for y in years] + ["1"] for g in groups]
want.append(["Samtliga grupper"] + [str(sum(per[g][y] for g in groups)) for y in years] + ["1"])
expect("brott-ar rows", rows, want)

# ---- the change since the first and the previous year
def change(v1, base):
    return [str(v1 - base), "%.1f" % (100.0 * (v1 - base) / base) if base else ""]


head, rows = table("brott-forandring")
expect("brott-forandring head", head,
       ["Brottsgrupp", "Sedan %d" % y0, "Sedan %d (%%)" % y0, "Sedan %d" % (y1 - 1),
        "Sedan %d (%%)" % (y1 - 1), "source_imports"])
want = []
for g in groups + [None]:
    v = (lambda y: per[g][y]) if g else (lambda y: sum(per[h][y] for h in groups))
    want.append([label[g] if g else "Samtliga grupper"] + change(v(y1), v(y0))
                + change(v(y1), v(y1 - 1)) + ["1"])
expect("brott-forandring rows", rows, want)

# ---- the last year per 100 000: Brå's kommun rows in the region, the
# län of every region code, riket; each over its own SCB population
take = []
for code in sorted({c for (c, g, y) in cells if len(c) == 4 and in_region(c)}):
    take.append(code)
take += sorted({r[:2] for r in regions})
take.append("00")
head, rows = table("brott-takt")
expect("brott-takt head", head,
       ["Region", "Antal brott", "Antal brott_flag", "Folkmängd", "Per 100 000 invånare",
        "source_imports"])
want = []
for code in take:
    cs = [count(code, g, y1) for g in groups]
    cs = [c for c in cs if c]
    if not cs:
        continue
    n = sum(c[0] for c in cs)
    p = pop(scb_riket if code == "00" else scb, code, y1)
    lab = NAME[code] + (" (jämförelse)" if len(code) == 2 and code != "00"
                        and code not in regions else "")
    want.append([lab, str(n), "p" if any(c[1] for c in cs) else "", str(p),
                 "%.1f" % (1e5 * n / p) if n else "0", "1"])
expect("brott-takt rows", rows, want)

if fail:
    sys.exit("\n".join(fail))
print("ok: %d groups, %d years, %d rate rows" % (len(groups), len(years), len(want)))
