# Issue 13: role differencing.  20 persons of Västerås are utsatt and 2
# more are only kopare: a report for role utsatt and one for alla on the
# same store would differ by 2, the two buyers.
PYTHONPATH="$(dirname "$0")/../lib" python3 - <<'PY'
from individuals import Feed
f = Feed()
for n in range(1, 23):
    f.add("Soc", n, kon="kvinna" if n % 2 else "man",
          roll="utsatt" if n <= 20 else "kopare")
f.write()
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
for role in utsatt alla; do
	sh "$(dirname "$0")/../lib/vasteras-ini.sh" rapport-$role.ini $role
done
