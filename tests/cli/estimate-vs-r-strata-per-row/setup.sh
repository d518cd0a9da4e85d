"$KARTLAGG" -s "$STORE" -q import --codebook "$DATA/estimate/codebook.csv" "$DATA/estimate/survey.csv"
