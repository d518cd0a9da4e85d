# The set's weights stay with the 2023 rows they were made for: they equal
# the 2023 weights of the same calibration of the merged file (a store of
# its own, setup-ref.sh); the 2025 rows have none, so estimate refuses the
# set until it is calibrated again, and then every weight equals the merged
# file's and the estimates equal R's (expected/calibrated_prevalence.csv).
set -e
ref() { "$KARTLAGG" -s merged.db "$@"; }
STORE=merged.db sh "$DATA/calibrate/setup-ref.sh" poststrat
ref calibrate --export poststrat --key year,lopnr >merged.csv
"$KARTLAGG" -s "$STORE" calibrate --export poststrat --key year,lopnr >after.csv
awk -F, 'NR == 1 || $1 == 2023' merged.csv >merged2023.csv
[ "$(wc -l <after.csv)" = 3031 ] || { echo "after the append: $(wc -l <after.csv) lines"; exit 1; }
cmp after.csv merged2023.csv || { diff after.csv merged2023.csv | head; exit 1; }
if "$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weights poststrat \
	ungdomsenkat_2023_2025 salt_sex_nagonsin >/dev/null 2>err; then
	echo "estimate used a set without weights for 2025"; exit 1
fi
grep -q "weight set 'poststrat' has no weights for 3002 rows of survey 'ungdomsenkat_2023_2025' (the first of import 4, r2025.csv, imported after the calibration); calibrate again" err
"$KARTLAGG" -s "$STORE" -q calibrate --method poststrat --weight vikt --over year --margin kod,arskurs,kon \
	--map kod=region --map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor ungdomsenkat_2023_2025 poststrat
"$KARTLAGG" -s "$STORE" calibrate --export poststrat --key year,lopnr >again.csv
cmp again.csv merged.csv
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weights poststrat --ci all --format csv \
	ungdomsenkat_2023_2025 erbjuden_ersattning salt_sex_nagonsin salt_sex_12man >est.csv
awk -F, 'NR == 1 || ($1 == "poststrat" && $4 $5 $6 == "" && ($3 == "erbjuden_ersattning" || $3 == "salt_sex_nagonsin" || $3 == "salt_sex_12man"))' \
	"$REF/survey/expected/calibrated_prevalence.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv est.csv ar=year,item level=1
