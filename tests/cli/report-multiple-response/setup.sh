# Issue 13: multiple-response tables.  8 persons of Västerås, every one
# with exploitation sex_mot_ersattning and arena gata, some also another
# arena: "Sex mot ersättning" = 8 = the total, below the margin limit
# 10, says "all of them", as a sex cell equal to its total would.
PYTHONPATH="$(dirname "$0")/../lib" python3 - <<'PY'
from individuals import Feed
f = Feed()
for n in range(1, 9):
    f.add("Soc", n, kon="kvinna" if n <= 5 else "man",
          arena="gata|hotell" if n <= 6 else "gata")
f.write()
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
sh "$(dirname "$0")/../lib/vasteras-ini.sh" rapport.ini utsatt
