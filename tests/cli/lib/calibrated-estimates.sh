# tests/cli/lib/calibrated-estimates.sh SET PREVALENCE - the estimates
# (overall and by kod, every interval) of three items of
# ungdomsenkat_2023_2025 in $STORE with calibrated weight set SET and the
# calibration-adjusted variance, against the rows of set SET of the
# reference file PREVALENCE (compare-csv.sh).  Runs in the case's
# directory; writes e.csv and ref.csv there.
set -e
"$KARTLAGG" -s "$STORE" estimate --psu skola --strata kod --weights "$1" --ci all --format csv \
	--overall --by kod ungdomsenkat_2023_2025 erbjuden_ersattning salt_sex_nagonsin kopt_sex >e.csv
awk -F, -v set="$1" 'NR == 1 || $1 == set' "$2" >ref.csv
sh "$(dirname "$0")/compare-csv.sh" ref.csv e.csv ar=year,item,kommun=kod level=1
