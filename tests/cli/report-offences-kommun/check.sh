# A kommun report counts only the kommun's offences, shows its län (the
# kommuner of the extract) as comparison, and carries no Heby note (no
# code of län 06 changed, schemas/regioner.csv) and only the Brå code
# change of 2025 (the one inside 2024-2025, schemas/brottskoder.csv).
# Truth by awk from the files of setup.sh.
set -eu
schemas=$(dirname "$0")/../../../schemas
pop() { awk -F, -v k="$1" '{ gsub(/"/, "") } $1 ~ "^" k " " && $2 == "totalt ålder" { s += $5 } END { print s }' folkmangd_jkpg.csv; }
cnt() { awk -F';' -v k="$1" -v y="$2" '$7 == k && substr($2, 1, 4) == y { s += $10 } END { print s + 0 }' polis_jkpg.csv; }
rate() { awk -v c="$1" -v p="$2" 'BEGIN { printf "%.1f", 100000 * c / p }'; }
# the series: Jönköping's cases only
ar=$(ls rep/csv/tabell-*-brott-ar*.csv)
for y in 2024 2025; do
	col=$((y - 2024 + 2))
	got=$(awk -F, -v c="$col" '/^Samtliga grupper/ { print $c }' "$ar")
	[ "$got" = "$(cnt 0680 "$y")" ] || { echo "$y: $got, want $(cnt 0680 "$y")"; exit 1; }
done
takt=$(ls rep/csv/tabell-*-brott-takt*.csv)
c=$(cnt 0680 2025) p=$(pop 0680)
[ "$(grep '^Jönköping,' "$takt")" = "Jönköping,$c,$p,$(rate "$c" "$p"),1" ] ||
	{ echo "kommun row: $(grep '^Jönköping,' "$takt")"; exit 1; }
nk=$(awk -F, '$3 == "06" && $5 == ""' "$schemas/regioner.csv" | wc -l)
lc=$((c + $(cnt 0683 2025))) lp=$(($(pop 0680) + $(pop 0683)))
want="\"Jönköpings län, kommunerna i utdraget (2 av $nk), jämförelse\",$lc,$lp,$(rate "$lc" "$lp"),1"
[ "$(grep -F 'Jönköpings län' "$takt")" = "$want" ] ||
	{ echo "län row: $(grep -F 'Jönköpings län' "$takt"), want $want"; exit 1; }
[ "$(wc -l <"$takt")" -eq 3 ]
# code notes: none for län 06 in the region table, so no Heby
[ "$(awk -F, '($3 == "06" || $1 == "06" || $1 == "0680") && ($4 != "" || $5 != "")' "$schemas/regioner.csv" | wc -l)" -eq 0 ]
! grep -F "Heby" out rep/rapport.html
grep -F "Inga kommun- eller länskoder i Jönköping har ändrats till och med 2025." rep/rapport.html >/dev/null
# Brå: the change years inside 2024-2025 (a code ending in 2024 or
# starting in 2025) are 2025 only
years=$(awk -F';' '$1 ~ /^[0-9]+$/ { if ($4 != "" && $4 + 1 > 2024 && $4 + 1 <= 2025) print $4 + 1; if ($3 != "" && $3 > 2024 && $3 <= 2025) print $3 }' "$schemas/brottskoder.csv" | sort -u)
[ "$years" = 2025 ]
grep -F "Brå bytte brottskoder under serien 2024–2025: 2025: " rep/rapport.html >/dev/null
! grep -F "2024: " rep/rapport.html
! grep -Eiw 'nan|-nan|inf|-inf' out rep/csv/*.csv
