# Issue 13: the overlap identity.  Four organisations of four types know
# 28 persons of Västerås: 14 by one, 8 by two, 5 by three and 1 by all
# four, so "3 eller fler" is 6 and the type counts add up to
# 1*14 + 2*8 + 3*5 + 4*1 = 49: a reader who has them solves 3 k3 + 4 k4
# = 19, k3 + k4 = 6 for k3 = 5, k4 = 1 unless more is hidden.
python3 - <<'PY'
orgs = [("Soc", "socialtjanst"), ("Ungdom", "ungdomsmottagning"),
        ("Vagen", "idburen"), ("Polis", "polis")]
rows = ["organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning"]
n = 0
for k, many in ((1, 14), (2, 8), (3, 5), (4, 1)):
    for i in range(many):
        n += 1
        for j in range(k):
            o, t = orgs[(i + j) % 4]
            rows.append("%s;%s;2025;%064x;stark;%s;19%02d;;1980;utsatt;sex_mot_ersattning;gata;pengar"
                        % (o, t, n, "kvinna" if n % 3 else "man", 80 + n % 20))
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
