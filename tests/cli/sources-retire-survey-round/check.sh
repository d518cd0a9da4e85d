# the estimates are the reference file's again (R, prevalence_overall.csv)
set -e
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weight vikt --over year --ci all \
	--format csv ungdomsenkat erbjuden_ersattning salt_sex_nagonsin salt_sex_12man >est.csv
awk -F, 'NR == 1 || ($4 $5 $6 == "" && ($3 == "erbjuden_ersattning" || $3 == "salt_sex_nagonsin" || $3 == "salt_sex_12man"))' \
	"$REF/survey/expected/prevalence_overall.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv est.csv ar=year,item level=1
"$KARTLAGG" -s "$STORE" sources --all >src
grep -q '^   3 .*r2025_rattad.csv .*(retired)$' src || { cat src; exit 1; }
# the first file holds every row again: it cannot be retired
if "$KARTLAGG" -s "$STORE" sources --retire 1 2>err; then exit 1; fi
grep -q "import 1 holds every row of survey 'ungdomsenkat'" err
