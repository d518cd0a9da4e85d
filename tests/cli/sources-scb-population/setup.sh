"$KARTLAGG" -s "$STORE" -q import "$DATA/scb/stub_years.csv"
"$KARTLAGG" -s "$STORE" -q import --replace "$DATA/scb/stub_years_update.csv"
