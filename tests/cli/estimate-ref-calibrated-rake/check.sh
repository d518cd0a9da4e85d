# calibrated_prevalence.csv (rake rows): every domain set, every number,
# with the calibration-adjusted variance (see lib/compare-csv.sh for the
# tolerances and the R quirks it skips).
awk -F, 'NR == 1 || $1 == "rake"' "$REF/survey/expected/calibrated_prevalence.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv out ar=year,item,kon,arskurs,kommun=kod level=1
