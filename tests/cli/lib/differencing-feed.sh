# tests/cli/lib/differencing-feed.sh FIELD FIRST LAST - the individuals
# feed of the report-*-differencing cases (issue 13): 22 persons of
# Västerås at Soc, women and men by turns, the first 20 with FIELD (an
# individuals.py Feed.add keyword) FIRST and the last 2 with FIELD LAST;
# written as individer.csv (individuals.py) and imported into $STORE.
set -eu
PYTHONPATH="$(dirname "$0")" python3 - "$@" <<'PY'
import sys
from individuals import Feed
field, first, last = sys.argv[1:4]
f = Feed()
for n in range(1, 23):
    f.add("Soc", n, kon="kvinna" if n % 2 else "man",
          **{field: first if n <= 20 else last})
f.write()
PY
"$KARTLAGG" -s "$STORE" -q import individer.csv
