# Issue 13: the overall row of `estimate --count` took N from every
# kommun of the population file, though the survey covers only some.  N
# must be the population of the estimation domain: the kommuner with
# respondents in the round, ages 15 and 17 (årskurs 9, gy2), män and
# kvinnor, computed here from the raw files with awk.  The survey here
# leaves out Arboga, which the population file has.
set -e
for y in 2023 2025; do
	col=$(awk -F'"?,"?' -v y="$y" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ "Folkmängd " y) print i }' "$SAMPLES/folkmangd_exempel.csv")
	awk -F';' -v y="$y" 'NR > 1 && $2 == y { print $3 }' enkat.csv | sort -u >kods.$y
	want=$(awk -F'"?,"?' -v c="$col" 'FNR == NR { k[$1] = 1; next }
		{ split($1, a, " "); sub(/^"/, "", a[1]) }
		(a[1] in k) && ($2 == "15 år" || $2 == "17 år") && ($3 == "män" || $3 == "kvinnor") { s += $c }
		END { print s }' kods.$y "$SAMPLES/folkmangd_exempel.csv")
	got=$(awk -F, -v y="$y" '$1 == "salt_sex_nagonsin" && $2 == 1 && $3 == y { print $5 }' "$TMP/out")
	[ "$got" = "$want" ] || { echo "year $y: N_pop $got, raw data $want"; exit 1; }
done
