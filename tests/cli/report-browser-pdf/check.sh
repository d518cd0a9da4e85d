# The browser test: Chromium printed the demo report's HTML to an A4 PDF;
# its page count is in range and pdftotext finds every table heading and
# every figure title of the HTML in it.
command -v chromium >/dev/null 2>&1 || { echo "skipped: no chromium"; exit 77; }
set -e
pdf=pdf/rapport.pdf
pdfinfo "$pdf" >info.txt
pages=$(sed -n 's/^Pages: *//p' info.txt)
[ "$pages" -ge 4 ] && [ "$pages" -le 30 ] || { echo "pages: $pages"; exit 1; }
grep -q '^Page size:.*(A4)' info.txt
grep -q '^Tagged: *yes' info.txt
grep -q '^Title: *Sex mot ersättning' info.txt
pdftotext -enc UTF-8 "$pdf" - | tr -s ' \n' '  ' >text.txt
# every "Tabell n." and "Karta n."/"Diagram n." caption start in the HTML
grep -o '<caption[^>]*>Tabell [0-9]*\.' pdf/rapport.html | sed 's/<caption[^>]*>//' >want.txt
grep -o '<figcaption[^>]*>\(Karta\|Diagram\) [0-9]*\.' pdf/rapport.html |
	sed 's/<figcaption[^>]*>//' >>want.txt
[ "$(wc -l <want.txt)" -ge 10 ]
while IFS= read -r h; do
	grep -qF "$h" text.txt || { echo "PDF lacks: $h"; exit 1; }
done <want.txt
# and the section headings
for s in "1. Sammanfattning" "2. Källor och täckning" "3. Ungdomsenkäten" \
	"5. Polisanmälda brott" "7. Metod och röjandeskydd"; do
	grep -qF "$s" text.txt || { echo "PDF lacks: $s"; exit 1; }
done
# the map's title, once kartlagg draws maps
if grep -q '<figure id="karta-' pdf/rapport.html; then
	grep -qF "Karta 1." text.txt
fi
