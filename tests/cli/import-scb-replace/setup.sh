"$KARTLAGG" -s "$STORE" -q import "$DATA/scb/stub_years.csv"
