"$KARTLAGG" -s "$STORE" -q import "$DATA/scb/code_changes.csv"
