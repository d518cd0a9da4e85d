# Every number of the R reference, through the CLI (see lib/compare-csv.sh).
sh "$(dirname "$0")/../lib/compare-csv.sh" "$REF/survey/expected/difference_2025_2023.csv" out item,kon,arskurs level=1
