# Every region of Brå's file is a row of the rate table with the file's
# count (Hela landet is Riket), and every län of the report is a row of
# the summary.  Truth from bra_alla.txt by awk, not from kartlagg.
set -eu
iconv -f cp1252 -t utf-8 bra_alla.txt | tr -d '\r' |
	awk -F';' 'NR > 1 { print ($1 == "Hela landet" ? "Riket" : $1) "," $5 }' | sort >want.txt
takt=$(ls rep/csv/tabell-*-brott-takt.csv)
awk -F, 'NR > 1 { print $1 "," $2 }' "$takt" | sort >got.txt
[ "$(wc -l <want.txt)" = 312 ] || { echo "bra_alla.txt: $(wc -l <want.txt) regions"; exit 1; }
diff want.txt got.txt || { echo "rate table differs from bra_alla.txt (above)"; exit 1; }
sum=rep/csv/tabell-01-sammanfattning.csv
n=$(grep -c '^"Anmälda brott 2024, .* län",' "$sum")
[ "$n" = 21 ] || { echo "summary: $n län rows, want 21"; exit 1; }
for l in "Norrbottens län" "Dalarnas län" "Västra Götalands län"; do
	want=$(grep "^$l," want.txt | cut -d, -f2)
	grep -q "^\"Anmälda brott 2024, $l\",$want," "$sum" || { echo "summary: $l not $want"; exit 1; }
done
