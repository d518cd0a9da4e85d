# Issue 13: a kommun report counts the persons who live in the kommun.
# A pseudonymised feed for 2025: 20 persons living in Västerås (1980),
# 8 with most of their records in Köping (1983; each also has one
# Västerås record, of role kopare, so the rule must look at every role),
# 6 in Stockholm (0180, another län) and 5 with no kommunkod; all utsatt.
python3 - <<'PY'
rows = ["organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning"]
def rec(org, typ, n, kommun, roll="utsatt", kon="kvinna"):
    rows.append("%s;%s;2025;%064x;stark;%s;2000;;%s;%s;sex_mot_ersattning;gata;pengar"
                % (org, typ, n, kon, kommun, roll))
n = 0
for i in range(20):
    n += 1
    rec("Soc", "socialtjanst", n, "1980", kon="man" if i % 4 == 0 else "kvinna")
    if i % 2:
        rec("Ungdom", "ungdomsmottagning", n, "1980")
for i in range(8):
    n += 1
    rec("Soc", "socialtjanst", n, "1983")
    rec("Ungdom", "ungdomsmottagning", n, "1983")
    rec("Polis", "polis", n, "1980", roll="kopare")
for i in range(6):
    n += 1
    rec("Soc", "socialtjanst", n, "0180")
for i in range(5):
    n += 1
    rec("Ungdom", "ungdomsmottagning", n, "")
open("individer.csv", "w").write("\n".join(rows) + "\n")
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
cat >rapport.ini <<'INI'
[report]
title = Västerås
region = 1980
period = 2025
formats = csv

[individuals]
period = 2025
role = utsatt
INI
