# 2025 now estimates the corrected file (R survey on it, svy.R), 2023 is
# still the reference's (expected/prevalence_overall.csv)
command -v Rscript >/dev/null || exit 77
set -e
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weight vikt --over year --ci all \
	--format csv ungdomsenkat erbjuden_ersattning salt_sex_nagonsin >est.csv
Rscript "$DATA/rounds/svy.R" r2025_rattad.csv 2025 >ref25.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref25.csv est.csv ar=year,item level=1
awk -F, 'NR == 1 || ($2 == 2023 && ($3 == "erbjuden_ersattning" || $3 == "salt_sex_nagonsin") && $4 $5 $6 == "")' \
	"$REF/survey/expected/prevalence_overall.csv" >ref23.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref23.csv est.csv ar=year,item level=1
# the corrected file differs: more yes answers to Fråga 22 in 2025
old=$(awk -F, '$1 == "salt_sex_nagonsin" && $2 == 1 && $3 == 2025 { print $6 }' est.csv)
want=$(awk -F';' 'NR > 1 && $11 == "1"' r2025_rattad.csv | wc -l)
[ "$old" -eq "$want" ] || { echo "n_yes $old, want $want"; exit 1; }
