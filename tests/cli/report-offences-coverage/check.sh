# Rates for a län over the kommuner the extract covers, computed with awk
# from the extract and SCB's sample file (2022 is its seventh column); a
# covered kommun without offences in 2022 is a row with 0; the kommuner
# not in the extract are named; the Heby code change (schemas/regioner.csv)
# is noted for Västmanland, and no Brå code change (none in 2020-2022 in
# schemas/brottskoder.csv).
set -eu
schemas=$(dirname "$0")/../../../schemas
csv=$(ls rep/csv/tabell-*-brott-takt*.csv)
pop() { # SCB population of kommun $1 at the end of 2022 (män + kvinnor)
	awk -F, -v k="$1" '{ gsub(/"/, "") } $1 ~ "^" k " " && $2 == "totalt ålder" { s += $7 } END { print s }' "$SAMPLES/folkmangd_exempel.csv"
}
cnt() { # offences in kommun $1 reported in 2022
	awk -F';' -v k="$1" '$7 == k && substr($2, 1, 4) == "2022" { s += $10 } END { print s + 0 }' polis_tre.csv
}
rate() { awk -v c="$1" -v p="$2" 'BEGIN { printf "%.1f", 100000 * c / p }'; }
row() { grep -F "$1," "$csv" | head -1; }
tot=0 ptot=0
for k in 1904:Skinnskatteberg 1980:Västerås 1983:Köping; do
	code=${k%%:*} name=${k#*:}
	c=$(cnt "$code") p=$(pop "$code")
	tot=$((tot + c)) ptot=$((ptot + p))
	if [ "$c" -eq 0 ]; then want="$name,0,$p,0,1"; else want="$name,$c,$p,$(rate "$c" "$p"),1"; fi
	[ "$(row "$name")" = "$want" ] || { echo "got '$(row "$name")', want '$want'"; exit 1; }
done
[ "$(cnt 1904)" -eq 0 ]
nk=$(awk -F, '$3 == "19" && $5 == ""' "$schemas/regioner.csv" | wc -l)
want="\"Västmanlands län, kommunerna i utdraget (3 av $nk)\",$tot,$ptot,$(rate "$tot" "$ptot"),1"
got=$(grep -F 'Västmanlands län' "$csv")
[ "$got" = "$want" ] || { echo "got '$got', want '$want'"; exit 1; }
[ "$(wc -l <"$csv")" -eq 5 ]
# the missing kommuner, in code order
miss=$(awk -F, '$3 == "19" && $5 == "" && $1 != "1904" && $1 != "1980" && $1 != "1983" { printf "%s%s", n++ ? ", " : "", $2 }' "$schemas/regioner.csv")
grep -F "Kommuner som saknas i utdraget (inga anmälda brott 2019–2022): Västmanlands län: $miss." rep/rapport.html >/dev/null ||
	{ echo "no note on the missing kommuner: $miss"; exit 1; }
grep -F "Västerås" rep/csv/tabell-*-sammanfattning.csv >/dev/null && { echo "a kommun of a län report in the summary"; exit 1; }
# Heby: the row of a kommun of län 19 whose code ended
heby=$(awk -F, '$3 == "19" && $5 != "" { print $2 " (" $1 ", Västmanlands län) gäller till och med " $5 "; från " $5 + 1 }' "$schemas/regioner.csv")
[ -n "$heby" ]
grep -F "Koden för $heby ingår området i Heby (0331, Uppsala län)." rep/rapport.html >/dev/null ||
	{ echo "no Heby note: $heby"; exit 1; }
changes=$(awk -F';' '$1 ~ /^[0-9]+$/ && (($4 != "" && $4 + 1 > 2019 && $4 + 1 <= 2022) || ($3 != "" && $3 > 2019 && $3 <= 2022))' "$schemas/brottskoder.csv" | wc -l)
[ "$changes" -eq 0 ]
! grep -F "Brå bytte brottskoder" out
! grep -F "Brås kodändringar" out
! grep -Eiw 'nan|-nan|inf|-inf' out rep/csv/*.csv
