# The kommun report's workbook (Västerås) is its CSV bundle, cell for
# cell, with legend and sources on every sheet, and the same bytes a
# second later (issue 15).
set -e
python3 "$(dirname "$0")/../lib/check-xlsx.py" a/rapport.xlsx a/csv "$SAMPLES/rapport-kommun.ini"
sleep 1
"$KARTLAGG" -q -s "$STORE" report -f xlsx -o b "$SAMPLES/rapport-kommun.ini"
cmp a/rapport.xlsx b/rapport.xlsx
