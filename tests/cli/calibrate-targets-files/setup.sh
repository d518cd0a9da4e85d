# the rake margins of the reference as CSV files of totals (needs REF)
sh "$DATA/calibrate/setup-ref.sh"
t="$REF/survey/expected/calibration_targets.csv"
{ echo "year,kon,arskurs,count"; awk -F, '$2 == "kon:arskurs" { print $1 "," $5 "," $4 "," $6 }' "$t"; } >m1.csv
{ echo "kod;arskurs;year;count"; awk -F, '$2 == "kommun:arskurs" { print $3 ";" $4 ";" $1 ";" $6 }' "$t"; } >m2.csv
