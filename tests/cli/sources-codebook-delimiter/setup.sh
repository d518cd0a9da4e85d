# The sample codebook, ';'-separated (every field of it is quoted).
sed 's/","/";"/g' "$SAMPLES/kodbok_exempel.csv" >kodbok_semikolon.csv
"$KARTLAGG" -s "$STORE" -q import --codebook kodbok_semikolon.csv --survey enkat "$SAMPLES/ungdomsenkat_exempel.csv"
