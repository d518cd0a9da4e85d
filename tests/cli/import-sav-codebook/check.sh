# --codebook overrides the file's own labels: its kortnamn, etikett and
# codes are used (here the twin's codebook with other labels).
set -e
sed 's/Fått ersättning/Ersättning (kodbok)/; s/^vikt;vikt;/vikt;w;/' "$DATA/readstat/enkat_twin_kodbok.csv" >kb.csv
"$KARTLAGG" -s over.db -q import --survey enkat --codebook kb.csv "$DATA/readstat/enkat.sav"
"$KARTLAGG" -s twin.db -q import --survey enkat --codebook kb.csv "$DATA/readstat/enkat_twin.csv"
sh "$(dirname "$0")/../lib/survey-dump.sh" over.db >got.txt
sh "$(dirname "$0")/../lib/survey-dump.sh" twin.db >want.txt
diff want.txt got.txt
grep -q 'Ersättning (kodbok)' got.txt
grep -q '"w" REAL' got.txt
