# respondents per round and file, counted with awk in the raw files
set -e
{
	echo survey,round_var,round,respondents,import_id,name
	awk -F';' 'NR > 1 { n[$2]++ } END { for (y in n) print "ungdomsenkat,year," y "," n[y] ",1,ungdomsenkat_2023_2025.csv" }' \
		"$REF/survey/ungdomsenkat_2023_2025.csv" | sort
	awk -F';' 'NR > 1 { n[$2]++ } END { for (y in n) print "ungdomsenkat,year," y "," n[y] ",3,r2027.csv" }' r2027.csv
} >want.csv
cmp want.csv out || { diff want.csv out; exit 1; }
# the text form, and one survey by name
"$KARTLAGG" -s "$STORE" sources --rounds ungdomsenkat >text
grep -q '^ungdomsenkat  *2027  *3002  *3  r2027.csv$' text || { cat text; exit 1; }
if "$KARTLAGG" -s "$STORE" sources --rounds nosuch 2>err; then exit 1; fi
grep -q "no survey named 'nosuch' in the store" err
