# The workbook (-f xlsx) is the CSV bundle of the same run, sheet for
# sheet and cell for cell, numbers as numbers and .. as text, with the
# legend and the sources on every sheet (check-xlsx.py, standard library
# only); the same bytes a second later (the document's date is the data
# date, not the clock); the report's file mode; nothing else left in the
# folder (issue 15).
set -e
umask 022
python3 "$(dirname "$0")/../check-xlsx.py" a/rapport.xlsx a/csv "$SAMPLES/rapport.ini"
sleep 1
"$KARTLAGG" -q -s "$STORE" report -f xlsx -o b "$SAMPLES/rapport.ini"
cmp a/rapport.xlsx b/rapport.xlsx
[ "$(ls -A b)" = rapport.xlsx ] || { echo "left in b: $(ls -A b)"; exit 1; }
[ "$(stat -c %a a/rapport.xlsx)" = 640 ] || { echo "mode $(stat -c %a a/rapport.xlsx)"; exit 1; }
"$KARTLAGG" -q -s "$STORE" report -f xlsx --mode 0600 -o c "$SAMPLES/rapport.ini"
[ "$(stat -c %a c/rapport.xlsx)" = 600 ] || { echo "--mode 0600: $(stat -c %a c/rapport.xlsx)"; exit 1; }
# the document's date is the data date (2025-12)
python3 - a/rapport.xlsx <<'PY'
import sys, zipfile
core = zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml').decode()
if '2025-12-01T00:00:00Z' not in core:
    sys.exit('core.xml: ' + core)
PY
