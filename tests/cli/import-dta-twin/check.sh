# A Stata file written by R's haven (tests/data/readstat/make_enkat.R)
# stores what its CSV + codebook twin stores; Stata has no user-missing
# values, so the 8 written as the extended missing .a is the empty cell.
set -e
"$KARTLAGG" -s twin.db -q import --survey enkat --codebook "$DATA/readstat/enkat_dta_twin_kodbok.csv" "$DATA/readstat/enkat_dta_twin.csv"
sh "$(dirname "$0")/../lib/survey-dump.sh" "$STORE" >got.txt
sh "$(dirname "$0")/../lib/survey-dump.sh" twin.db >want.txt
diff want.txt got.txt
