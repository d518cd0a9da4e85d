"$KARTLAGG" -s "$STORE" -q import --codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
