# issue 15: a round's codebook must describe the survey's variables; the
# reference's has three the bundled sample's survey lacks
sh "$DATA/rounds/make-rounds.sh" # needs REF
# the sample's rounds 2023 and 2025 in one file (its 2027 is the round
# tried here)
awk -F';' '$2 != "2027"' "$SAMPLES/ungdomsenkat_exempel.csv" >ungdomsenkat.csv
"$KARTLAGG" -s "$STORE" -q import --survey ungdomsenkat --round year \
	--codebook "$SAMPLES/kodbok_exempel.csv" ungdomsenkat.csv
