# issue 15: estimate --count ignored --format text (it printed CSV).  The
# text table has, per year, the "Ja" row with R's count and logit interval
# rounded to whole persons, the share in percent with a decimal comma and
# N (shared/reference/survey/expected/population_counts.csv, awk).
set -e
if head -1 out | grep -q ,; then echo "not text: $(head -1 out)"; exit 1; fi
tr -s ' ' <out >got
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["item"] == "erbjuden_ersattning" && $c["arskurs"] == "" && $c["kommun"] == "" {
		p = sprintf("%.1f", 100 * $c["prop"]); sub(/\./, ",", p)
		printf "year = %s\n", $c["ar"]
		printf " Ja %.0f (%.0f–%.0f) %s %.0f\n", $c["count"], $c["ci_logit_lo"], $c["ci_logit_hi"], p, $c["N_pop"]
	}' "$REF/survey/expected/population_counts.csv" >want
[ "$(wc -l <want)" = 4 ] || { echo "reference rows: $(cat want)"; exit 1; }
while IFS= read -r l; do
	grep -qxF -- "$l" got || { echo "missing: $l"; fail=1; }
done <want
exit ${fail:-0}
