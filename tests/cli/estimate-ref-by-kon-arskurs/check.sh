# Every number of the R reference, through the CLI (see lib/compare-csv.sh).
sh "$(dirname "$0")/../lib/compare-csv.sh" "$REF/survey/expected/prevalence_by_kon_arskurs.csv" out ar=year,item,kon,arskurs,kommun=kod level=1
