# issue 15: the 2027 round goes into the survey that holds 2023 and 2025
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat \
	--codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
