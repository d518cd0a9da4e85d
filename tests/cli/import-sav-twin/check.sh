# An SPSS file written by R's haven from enkat_twin.csv and its codebook
# (tests/data/readstat/make_enkat.R) stores what the CSV + codebook twin
# stores: the same columns, types, labels, missing codes and cells.  The
# survey is named after the file, as a CSV export's is.
set -e
"$KARTLAGG" -s twin.db -q import --survey enkat --codebook "$DATA/readstat/enkat_twin_kodbok.csv" "$DATA/readstat/enkat_twin.csv"
sh "$(dirname "$0")/../lib/survey-dump.sh" "$STORE" >got.txt
sh "$(dirname "$0")/../lib/survey-dump.sh" twin.db >want.txt
diff want.txt got.txt
# value labels and the user-missing 8 became the codebook
grep -q "svar|8|Vill inte svara|1" got.txt
