# Every offence group with cases is a row of the table; the chart draws
# the five largest and one "övriga" line for the other four, and its
# caption and text summary say which.  The truth comes from the extract
# and schemas/brottskoder.csv / brottsgrupper.csv with awk, not from
# kartlagg.
set -eu
schemas=$(dirname "$0")/../../../schemas
# group totals over 2023-2025: "total<TAB>label", largest first, ties in
# the order of brottsgrupper.csv
awk -F';' -v OFS='\t' '
	FILENAME ~ /brottsgrupper/ { if ($1 != "grupp" && $1 !~ /^#/) { ord[$1] = ++ng; lab[$1] = $3 } next }
	FILENAME ~ /brottskoder/ { if ($1 ~ /^[0-9]+$/) grp[$1] = $2; next }
	FNR > 1 { tot[grp[$5]] += $10 }
	END { for (g in tot) print tot[g], ord[g], lab[g] }' \
	"$schemas/brottsgrupper.csv" "$schemas/brottskoder.csv" polis_grupper.csv |
	sort -t"$(printf '\t')" -k1,1nr -k2,2n | cut -f1,3 >truth.tsv
ngroups=$(wc -l <truth.tsv)
[ "$ngroups" -eq 9 ] || { echo "want 9 groups with data, awk found $ngroups"; exit 1; }
# the table: every group with its 2023-2025 sum
csv=$(ls rep/csv/tabell-*-brott-ar*.csv)
while IFS="$(printf '\t')" read -r tot lab; do
	got=$(awk -F, -v l="$lab" '{ f = $0; sub(/,[^,]*,[^,]*,[^,]*,[^,]*$/, "", f); gsub(/"/, "", f) } f == l { print $(NF-3) + $(NF-2) + $(NF-1) }' "$csv")
	[ "$got" = "$tot" ] || { echo "table: $lab has $got, want $tot"; exit 1; }
done <truth.tsv
# the chart: six lines, the five largest by name, then the rest summed
rest=$(tail -n 4 truth.tsv | cut -f2 | awk '{ a[NR] = $0 } END { print a[1] ", " a[2] ", " a[3] " och " a[4] }')
grep -F "9 brottsgrupper har anmälda brott 2023–2025; de 5 med flest brott har en linje var och de övriga 4 ($rest) är sammanlagda" rep/rapport.html >/dev/null ||
	{ echo "text summary lacks the four summed groups: $rest"; exit 1; }
grep -F "de 5 största brottsgrupperna och övriga" rep/rapport.html >/dev/null
html=rep/rapport.html
[ "$(grep -o '<g id="diagram-brott-s[0-9]*"' "$html" | sort -u | wc -l)" -eq 6 ]
head -n 5 truth.tsv | cut -f2 | while read -r lab; do
	grep -F "<title>$lab</title>" "$html" >/dev/null || { echo "chart lacks $lab"; exit 1; }
done
restsum=$(tail -n 4 truth.tsv | awk -F'\t' '{ s += $1 } END { print s }')
[ "$restsum" -gt 0 ]
grep -F "Övriga brottsgrupper (4)" "$html" >/dev/null
# no "6 grupper" left over, no nan or inf
! grep -F "(6 grupper)" out
! grep -Eiw 'nan|-nan|inf|-inf' out rep/csv/*.csv
