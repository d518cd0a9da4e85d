# A PC-Axis file (ISO-8859-1, CRLF, STUB region/ålder/kön, HEADING år,
# CODES for the region, a ".." cell, a NOTE continued on the next line)
# holds the cells of med_rubrik_fotnoter.csv: the sums per level and
# year are awk's over that CSV, and every cell is the CSV download's.
set -e
awk -F, -f "$(dirname "$0")/../lib/scb-sums.awk" "$DATA/scb/med_rubrik_fotnoter.csv" | sort >want.txt
sqlite3 "$STORE" "SELECT level, year, count(*), ifnull(sum(count), '') FROM population GROUP BY level, year" | sort >got.txt
diff want.txt got.txt
"$KARTLAGG" -s csv.db -q import "$DATA/scb/med_rubrik_fotnoter.csv"
q="SELECT region, level, year, age, sex, count, symbol FROM population ORDER BY region, year, sex"
test "$(sqlite3 "$STORE" "$q")" = "$(sqlite3 csv.db "$q")"
test "$(sqlite3 "$STORE" "SELECT name, encoding, delimiter, rows FROM imports")" = "folkmangd.px|iso-8859-1|px|16"
