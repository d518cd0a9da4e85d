# issue 15: a round's codebook must describe the survey's variables; the
# reference's has three the bundled sample's survey lacks
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --survey ungdomsenkat --round year \
	--codebook "$SAMPLES/kodbok_exempel.csv" "$SAMPLES/ungdomsenkat_exempel.csv"
