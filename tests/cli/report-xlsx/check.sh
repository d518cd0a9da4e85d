# The workbook (-f xlsx) is the CSV bundle of the same run, sheet for
# sheet and cell for cell, numbers as numbers and .. as text, with the
# legend and the sources on every sheet (lib/check-xlsx.py, standard library
# only); the same bytes a second later (the document's date is the data
# date, not the clock); the report's file mode; nothing else left in the
# folder (issue 15).
set -e
umask 022
python3 "$(dirname "$0")/../lib/check-xlsx.py" a/rapport.xlsx a/csv "$SAMPLES/rapport.ini"
sleep 1
"$KARTLAGG" -q -s "$STORE" report -f xlsx -o b "$SAMPLES/rapport.ini"
cmp a/rapport.xlsx b/rapport.xlsx
[ "$(ls -A b)" = rapport.xlsx ] || { echo "left in b: $(ls -A b)"; exit 1; }
[ "$(stat -c %a a/rapport.xlsx)" = 640 ] || { echo "mode $(stat -c %a a/rapport.xlsx)"; exit 1; }
"$KARTLAGG" -q -s "$STORE" report -f xlsx --mode 0600 -o c "$SAMPLES/rapport.ini"
[ "$(stat -c %a c/rapport.xlsx)" = 600 ] || { echo "--mode 0600: $(stat -c %a c/rapport.xlsx)"; exit 1; }
# the document's date is the data date of the text report, as the PDF's
# (YYYY-MM: the first of the month; YYYY: 1 December), not the clock
dd=$(sed -n 's/^Datadatum: //p' out)
python3 - a/rapport.xlsx "$dd" <<'PY'
import re, sys, zipfile
dd = sys.argv[2]
m = re.match(r'^([0-9]{4})(-([0-9]{2}))?', dd)
if not m:
    sys.exit('no data date in the text report: %r' % dd)
want = '%s-%s-01T00:00:00Z' % (m.group(1), m.group(3) or '12')
core = zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml').decode()
for tag in ('created', 'modified'):
    if '<dcterms:%s xsi:type="dcterms:W3CDTF">%s</dcterms:%s>' % (tag, want, tag) not in core:
        sys.exit('core.xml %s is not %s: %s' % (tag, want, core))
PY
