# issue 15: a corrected 2025 round replaced the 2025 rows of the first
# file; retiring it brings those back
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat \
	--codebook "$REF/survey/codebook.csv" "$REF/survey/ungdomsenkat_2023_2025.csv"
"$KARTLAGG" -s "$STORE" -q import --survey ungdomsenkat --codebook kodbok_2027.csv --replace-round r2025_rattad.csv
