# CSV: no free-text cell a spreadsheet would run as a formula; figures
# with a minus are numbers.  Markdown and HTML: the markup is text.
# The workbook: the formula-like label is a text cell, no cell a formula
# (lib/check-xlsx.py fails on a formula), the same as the CSV bundle.
set -e
d="ut #1"
python3 - "$d/csv" <<'PY'
import csv, glob, re, sys
num = re.compile(r'^-[0-9]+(\.[0-9]+)?$')
seen = 0
for path in sorted(glob.glob(sys.argv[1] + '/*.csv')):
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.reader(f):
            for cell in row:
                if cell[:1] in ('=', '+', '@', '\t', '\r') or \
                   (cell[:1] == '-' and not num.match(cell)):
                    sys.exit('%s: formula-like cell %r' % (path, cell))
                if cell == "'=HYPERLINK(\"http://x.invalid\";\"y\")":
                    seen += 1
if not seen:
    sys.exit('the neutralised label is not in the bundle')
PY
md="$d/rapport.md"
! grep -q '<script>' "$md"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$md"
head -1 "$md" | grep -qF '# @SUM(1+1) &lt;script&gt;x&lt;/script&gt; \| \*fet\* \[l\](javascript:x)'
! grep -q '<script>' "$d/rapport.html"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$d/rapport.html"
python3 "$(dirname "$0")/../lib/check-xlsx.py" "$d/rapport.xlsx" "$d/csv" r.ini
python3 - "$d/rapport.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = z.read('xl/sharedStrings.xml').decode()
if '=HYPERLINK(' not in ss:
    sys.exit('the formula-like label is not a text cell')
PY
