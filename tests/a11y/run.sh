#!/bin/sh
# tests/a11y/run.sh KARTLAGG - the accessibility test (WCAG 2.1 AA, the
# level the law on accessible digital public services asks of a council).
#
# Builds the demo store (tests/cli/lib/report-demo-setup.sh), writes the demo
# appendix (län 19, data-samples/rapport.ini) and a kommun report (Västerås,
# 1980) as HTML and PDF, and three maps with `kartlagg map`, then:
#   axe.js        axe-core in Debian's headless Chromium, WCAG 2.0/2.1 A
#                 and AA rules, each HTML at 1280 and 320 px, each SVG
#                 alone in a page: no violation, no unlisted "needs review"
#   svg-check.py  each SVG: title/desc, text alternative, contrast of every
#                 label on what lies under it, nothing by colour alone
#   pdf-tags.py   each PDF: tables with TH, figures with /Alt, headings and
#                 captions in the HTML's order
# The npm packages (axe-core, playwright-core) are pinned in
# package-lock.json; scripts/deps.sh test installs them.  Skipped (77)
# only when node or chromium is missing.
set -u
kl=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
: "${KARTLAGG_CHROMIUM:=/usr/bin/chromium}"
export KARTLAGG_CHROMIUM
command -v node >/dev/null 2>&1 || { echo "skipped: no node"; exit 77; }
[ -x "$KARTLAGG_CHROMIUM" ] || { echo "skipped: no chromium"; exit 77; }
for t in python3 pdfinfo qpdf; do
	command -v $t >/dev/null 2>&1 || { echo "missing: $t (scripts/deps.sh test)"; exit 1; }
done
[ -f "$here/node_modules/axe-core/axe.min.js" ] &&
	[ -f "$here/node_modules/playwright-core/package.json" ] || {
	echo "missing: tests/a11y/node_modules (run: sh scripts/deps.sh test)"
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

KARTLAGG=$kl STORE=$tmp/store.db SAMPLES=$src/data-samples
export KARTLAGG STORE SAMPLES
sh "$src/tests/cli/lib/report-demo-setup.sh" >setup.log 2>&1 ||
	{ echo "setup failed:"; cat setup.log; exit 1; }
kini=$src/data-samples/rapport-kommun.ini
if [ ! -f "$kini" ]; then
	kini=$tmp/rapport-kommun.ini
	sed 's/^region = .*/region = 1980/' "$src/data-samples/rapport.ini" >"$kini"
fi
"$kl" -q -s "$STORE" report -f html -f pdf -o lan "$src/data-samples/rapport.ini" ||
	{ echo "report (län) failed"; exit 1; }
"$kl" -q -s "$STORE" report -f html -f pdf -o kommun "$kini" ||
	{ echo "report (kommun) failed"; exit 1; }
data=$src/tests/data/map
"$kl" map --region 19 --values "$data/vastmanland.csv" \
	--unit 'per 100 000 inv.' >karta-vastmanland.svg &&
	"$kl" map --level lan --values "$data/lan.csv" --breaks 2 >karta-lan.svg &&
	"$kl" map --region 19 >karta-granser.svg || { echo "map failed"; exit 1; }

fail=0
echo "== svg-check.py"
python3 "$here/svg-check.py" lan/rapport.html kommun/rapport.html \
	karta-vastmanland.svg karta-lan.svg karta-granser.svg || fail=1
echo "== pdf-tags.py"
python3 "$here/pdf-tags.py" lan/rapport.pdf lan/rapport.html || fail=1
python3 "$here/pdf-tags.py" kommun/rapport.pdf kommun/rapport.html || fail=1
echo "== axe.js"
node "$here/axe.js" lan/rapport.html kommun/rapport.html \
	--svg karta-vastmanland.svg karta-lan.svg karta-granser.svg || fail=1
exit $fail
