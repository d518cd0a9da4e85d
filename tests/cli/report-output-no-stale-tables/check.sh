# The folder is written as a whole: a second run without the survey into
# the same folder leaves no survey table (nor any other file) of the first.
set -e
ls ut/csv/tabell-*-enkat-*.csv >/dev/null
# the report file without its [survey] section
awk '/^\[/ { skip = ($0 == "[survey]") } !skip' "$SAMPLES/rapport.ini" >nosurvey.ini
! grep -q '^\[survey\]' nosurvey.ini
"$KARTLAGG" -q -s "$STORE" report -f csv -o ut nosurvey.ini
if ls ut/csv/tabell-*-enkat-*.csv >/dev/null 2>&1; then
	echo "stale survey tables:"; ls ut/csv/tabell-*-enkat-*.csv; exit 1
fi
[ ! -e ut/rapport.md ] || { echo "stale rapport.md"; exit 1; }
# every table file is in the new manifest, and nothing else is there
tail -n +2 ut/csv/manifest.csv | cut -d, -f1 | sort >listed.txt
(cd ut/csv && ls tabell-*.csv) | sort >present.txt
cmp listed.txt present.txt
# no stage left beside it
[ -z "$(ls -A . | grep '^\.ut\.')" ] || { echo "a stage was left"; ls -A; exit 1; }
