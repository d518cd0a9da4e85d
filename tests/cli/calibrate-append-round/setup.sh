# issue 15: a weight set calibrated on the 2023 round, then the 2025 round
# imported into the same survey
sh "$DATA/rounds/make-rounds.sh" # needs REF
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --round year --survey ungdomsenkat_2023_2025 \
	--codebook "$REF/survey/codebook.csv" r2023.csv
"$KARTLAGG" -s "$STORE" -q import --kind scb-population "$REF/survey/befolkning_vastmanland.csv"
"$KARTLAGG" -s "$STORE" -q calibrate --method poststrat --weight vikt --over year --margin kod,arskurs,kon \
	--map kod=region --map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor ungdomsenkat_2023_2025 poststrat
