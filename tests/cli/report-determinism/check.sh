# Two more runs on the same store and report file give the same bytes in
# every format (PDF too when Chromium is installed: dates and /ID fixed).
set -e
"$KARTLAGG" -q -s "$STORE" report -f text -f md -f csv -f html -o b \
	"$SAMPLES/rapport.ini" >b.txt
"$KARTLAGG" -q -s "$STORE" report -f text -f md -f csv -f html -o a \
	"$SAMPLES/rapport.ini" >a.txt
cmp a.txt b.txt
diff -r a b
ls a/rapport.md a/rapport.html a/csv/manifest.csv >/dev/null
[ "$(ls a/csv/tabell-*.csv | wc -l)" -ge 8 ]
# every table of the manifest is in the bundle, with its import ids
tail -n +2 a/csv/manifest.csv | cut -d, -f1 | while read -r f; do
	[ -f "a/csv/$f" ] || { echo "missing $f"; exit 1; }
done
head -1 a/csv/tabell-02-kallor.csv | grep -q 'source_imports$'
# no clock: the data date is the newest input (the survey round 2027)
grep -q 'Datadatum: 2027' a.txt
if command -v chromium >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1; then
	"$KARTLAGG" -q -s "$STORE" report -f pdf -o p1 "$SAMPLES/rapport.ini"
	"$KARTLAGG" -q -s "$STORE" report -f pdf -o p2 "$SAMPLES/rapport.ini"
	cmp p1/rapport.pdf p2/rapport.pdf
fi
