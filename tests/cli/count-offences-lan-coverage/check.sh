# Truth by awk from the raw sample files: a police rate of a län is over
# the kommuner with a case in the period (their SCB population 2025, män +
# kvinnor "totalt ålder": column 10 of the file, which goes on to 2027),
# not over the whole län (kartlagg-count(1)).
awk -F';' 'NR > 1 && substr($2, 1, 4) == "2025" && substr($7, 1, 2) == "19" { c[$7] = 1 }
	END { for (k in c) print k }' "$SAMPLES/polis_exempel.csv" | sort >covered
pop=$(awk -F',' 'NR == FNR { c[$1] = 1; next }
	FNR > 1 { gsub(/"/, ""); split($1, r, " "); if ((r[1] in c) && $2 == "totalt ålder") s += $10 }
	END { print s }' covered "$SAMPLES/folkmangd_exempel.csv")
lanpop=$(awk -F',' 'FNR > 1 { gsub(/"/, ""); split($1, r, " "); if (r[1] == "19" && $2 == "totalt ålder") s += $10 }
	END { print s }' "$SAMPLES/folkmangd_exempel.csv")
[ "$pop" -gt 0 ] && [ "$pop" -lt "$lanpop" ] || { echo "bad truth: $pop of $lanpop"; exit 1; }
# kop_sexuell_tjanst is brottskod 4024 (schemas/brottskoder.csv)
n=$(awk -F';' 'NR > 1 && substr($2, 1, 4) == "2025" && substr($7, 1, 2) == "19" && $5 == 4024 { s += $10 } END { print s + 0 }' "$SAMPLES/polis_exempel.csv")
line=$(grep '^police,kop_sexuell_tjanst,2025,19,' out)
got_pop=$(echo "$line" | cut -d, -f7)
got_rate=$(echo "$line" | cut -d, -f8)
want_rate=$(awk -v n="$n" -v p="$pop" 'BEGIN { printf "%.2f", 100000 * n / p }')
[ "$got_pop" = "$pop" ] || { echo "population $got_pop, want $pop (covered kommuner: $(tr '\n' ' ' <covered))"; exit 1; }
[ "$got_rate" = "$want_rate" ] || { echo "rate $got_rate, want $want_rate (count $n)"; exit 1; }
