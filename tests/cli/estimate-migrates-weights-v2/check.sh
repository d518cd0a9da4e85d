# the estimates with the migrated weights equal R's (calibrated_prevalence.csv)
awk -F, 'NR == 1 || $1 == "poststrat"' "$REF/survey/expected/calibrated_prevalence.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv out ar=year,item,kon,arskurs,kommun=kod level=1
