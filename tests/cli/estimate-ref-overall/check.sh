# Every number of the R reference, through the CLI (see compare-csv.sh).
sh "$(dirname "$0")/../compare-csv.sh" "$REF/survey/expected/prevalence_overall.csv" out ar=year,item level=1
