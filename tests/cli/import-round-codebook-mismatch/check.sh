# the survey still holds exactly the rows imported before (awk over the
# file the setup made)
want=$(awk 'END { print NR - 1 }' ungdomsenkat.csv)
got=$(sqlite3 "$STORE" 'SELECT count(*) FROM survey_1')
[ "$got" = "$want" ] || { echo "rows $got, want $want"; exit 1; }
