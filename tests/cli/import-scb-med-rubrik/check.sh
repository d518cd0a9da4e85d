# An SCB download "med rubrik" with "fotnoter" (a title line, blank lines,
# footnotes after the data) stores every cell as printed, compared with
# awk over the file; the 2025 län is the printed figure, not the sum of
# its kommuner (cell-key method).
set -e
awk -F, -f "$(dirname "$0")/../lib/scb-sums.awk" "$DATA/scb/med_rubrik_fotnoter.csv" | sort >want.txt
sqlite3 "$STORE" "SELECT level, year, count(*), ifnull(sum(count), '') FROM population GROUP BY level, year" | sort >got.txt
diff want.txt got.txt
test "$(sqlite3 "$STORE" "SELECT sum(count) FROM population WHERE region = '19' AND year = 2025")" = 3181
test "$(sqlite3 "$STORE" "SELECT sum(count) FROM population WHERE region IN ('1980', '1984') AND year = 2025")" = 960
