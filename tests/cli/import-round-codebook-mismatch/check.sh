# the survey still holds exactly the sample's rows (awk)
want=$(awk 'END { print NR - 1 }' "$SAMPLES/ungdomsenkat_exempel.csv")
got=$(sqlite3 "$STORE" 'SELECT count(*) FROM survey_1')
[ "$got" = "$want" ] || { echo "rows $got, want $want"; exit 1; }
