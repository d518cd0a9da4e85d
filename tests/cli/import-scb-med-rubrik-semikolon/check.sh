# As import-scb-med-rubrik, from the web GUI: Windows-1252, ';', CRLF, a
# title with commas and no quotes (the delimiter is the header's, not the
# title's) and a footnote holding a ';'.
set -e
iconv -f WINDOWS-1252 -t UTF-8 "$DATA/scb/med_rubrik_semikolon.csv" >u.csv
awk -F';' -f "$(dirname "$0")/../lib/scb-sums.awk" u.csv | sort >want.txt
sqlite3 "$STORE" "SELECT level, year, count(*), ifnull(sum(count), '') FROM population GROUP BY level, year" | sort >got.txt
diff want.txt got.txt
