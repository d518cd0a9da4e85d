"$KARTLAGG" -s "$STORE" -q import --survey latin1 --codebook "$REF/survey/codebook.csv" --key year,lopnr "$REF/survey/ungdomsenkat_2023_2025_latin1.csv"
