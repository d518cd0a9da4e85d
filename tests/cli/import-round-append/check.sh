# Each round's estimates, design-weighted: 2023 and 2025 equal R's reference
# (expected/prevalence_overall.csv), 2027 equals R survey run here on the
# raw 2027 file (tests/data/rounds/svy.R).
command -v Rscript >/dev/null || exit 77
set -e
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weight vikt --over year --ci all \
	--format csv ungdomsenkat erbjuden_ersattning salt_sex_nagonsin >est.csv
for y in 2023 2025 2027; do
	[ "$(grep -c "^[a-z_]*,1,$y," est.csv)" = 2 ] || { echo "round $y missing"; cat est.csv; exit 1; }
done
awk -F, 'NR == 1 || $3 == "erbjuden_ersattning" || $3 == "salt_sex_nagonsin"' \
	"$REF/survey/expected/prevalence_overall.csv" | awk -F, 'NR == 1 || $4 $5 $6 == ""' >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv est.csv ar=year,item level=1
Rscript "$DATA/rounds/svy.R" r2027.csv 2027 >ref27.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref27.csv est.csv ar=year,item level=1
