# Västerås's own survey: the sample's rows of kommunkod 1980 only, of
# the rounds 2023 and 2025.
awk -F';' 'NR == 1 || ($3 == "1980" && $2 != "2027")' "$SAMPLES/ungdomsenkat_exempel.csv" >vasteras.csv
"$KARTLAGG" -s "$STORE" -q import --survey vasteras --codebook "$SAMPLES/kodbok_exempel.csv" vasteras.csv
"$KARTLAGG" -s "$STORE" -q import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
