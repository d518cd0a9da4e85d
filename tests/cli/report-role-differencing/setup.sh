# Issue 13: role differencing.  20 persons of Västerås are utsatt and 2
# more are only kopare: a report for role utsatt and one for alla on the
# same store would differ by 2, the two buyers.
python3 - <<'PY'
rows = ["organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning"]
for n in range(1, 23):
    rows.append("Soc;socialtjanst;2025;%064x;stark;%s;1990;;1980;%s;sex_mot_ersattning;gata;pengar"
                % (n, "kvinna" if n % 2 else "man", "utsatt" if n <= 20 else "kopare"))
open("individer.csv", "w").write("\n".join(rows) + "\n")
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
for role in utsatt alla; do
	cat >rapport-$role.ini <<INI
[report]
title = Västerås
region = 1980
period = 2025
formats = csv

[individuals]
period = 2025
role = $role
INI
done
