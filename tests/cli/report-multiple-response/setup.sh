# Issue 13: multiple-response tables.  8 persons of Västerås, every one
# with exploitation sex_mot_ersattning and arena gata, some also another
# arena: "Sex mot ersättning" = 8 = the total, below the margin limit
# 10, says "all of them", as a sex cell equal to its total would.
python3 - <<'PY'
rows = ["organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning"]
for n in range(1, 9):
    rows.append("Soc;socialtjanst;2025;%064x;stark;%s;1990;;1980;utsatt;sex_mot_ersattning;%s;pengar"
                % (n, "kvinna" if n <= 5 else "man", "gata|hotell" if n <= 6 else "gata"))
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
