# The file URL given to Chromium is percent-encoded: a space, '#', '?',
# '%' and a non-ASCII letter in the folder's name reach it as the path.
command -v chromium >/dev/null 2>&1 || { echo "skipped: no chromium"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "skipped: no pdftotext"; exit 77; }
d="ut a#b?c%d ö"
pdftotext -enc UTF-8 "$d/rapport.pdf" - | grep -q "Sex mot ersättning" ||
	{ echo "the PDF does not hold the report"; exit 1; }
# no temporary (profile, PDF, qpdf) left in the folder or beside it
[ "$(ls -A "$d" | sort | tr '\n' ' ')" = "rapport.html rapport.pdf " ] ||
	{ ls -A "$d"; exit 1; }
[ -z "$(ls -A . | grep '^\.ut ')" ] || { echo "a stage was left"; exit 1; }
