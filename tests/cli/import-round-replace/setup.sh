# issue 15: a corrected 2025 round replaces the 2025 rows; 2023 stays
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat \
	--codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
