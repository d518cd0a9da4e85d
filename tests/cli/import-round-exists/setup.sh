# issue 15: a file holding a round the survey has is refused without
# --replace-round; the store is unchanged
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat \
	--codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
