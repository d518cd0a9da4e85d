# A re-delivery of 65 organisations' deliveries replaces all 65, and
# retiring it brings all 65 back.  Both used to stop at 64 without a word:
# the 65th organisation's old delivery stayed current beside the new one,
# so its persons were counted twice.  65 organisations deliver one person
# each for 2025, then one file re-delivers them all (import 66, --replace).
python3 - <<'PY'
hdr = ("organisation;organisationstyp;period;personnyckel;nyckeltyp;kon;"
       "fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning")
def rec(k, n):
    return ("Org%02d;socialtjanst;2025;%064x;stark;kvinna;1990;;1980;utsatt;"
            "sex_mot_ersattning;gata;pengar" % (k, n))
for k in range(1, 66):
    with open("org%02d.csv" % k, "w") as f:
        f.write(hdr + "\n" + rec(k, k) + "\n")
with open("alla.csv", "w") as f:
    f.write(hdr + "\n" + "".join(rec(k, 100 + k) + "\n" for k in range(1, 66)))
PY
"$KARTLAGG" -s "$STORE" -q import org*.csv
"$KARTLAGG" -s "$STORE" -q import --replace alla.csv
[ "$(sqlite3 "$STORE" 'SELECT count(*) FROM imports WHERE superseded_by = 66')" = 65 ]
