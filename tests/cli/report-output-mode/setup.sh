"$KARTLAGG" -q -s "$STORE" import "$DATA/report/polis_2010.csv"
