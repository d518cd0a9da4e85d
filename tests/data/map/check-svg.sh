#!/bin/sh
# check-svg.sh FILE - FILE is well-formed XML (xmllint, else python3) and an
# accessible SVG: role="img", <title> and <desc>.
f=$1
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$f" || exit 1
else
	python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f" || exit 1
fi
grep -q '^<svg [^>]*role="img"' "$f" || { echo "no role=img"; exit 1; }
grep -q '<title id="[a-z0-9-]*-title">[^<]' "$f" || { echo "no title"; exit 1; }
grep -q '<desc id="[a-z0-9-]*-desc">[^<]' "$f" || { echo "no desc"; exit 1; }
