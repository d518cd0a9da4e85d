# issue 15: a survey of three rounds from two files
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat \
	--codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
"$KARTLAGG" -s "$STORE" -q import --survey ungdomsenkat --codebook kodbok_2027.csv r2027.csv
