# issue 15: sources recorded ',' as the codebook's delimiter when the file
# is ';'-separated.
set -e
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["kind"] " " $c["name"] " " $c["delimiter"] }' out >got
printf '%s\n' "survey ungdomsenkat_exempel.csv ;" "codebook kodbok_semikolon.csv ;" >want
diff want got
