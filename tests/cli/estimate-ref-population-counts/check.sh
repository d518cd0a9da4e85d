# population_counts.csv: prop x N_pop with N from the stored SCB figures.
# R's logit interval at df = 1 is (0, NaN) (README, "Behaviour to know"):
# not copied, so the lower bound of those rows is not compared either.
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$(c["ci_logit_hi"]) == "NaN" { $(c["ci_logit_lo"]) = "NaN" } { print }' \
	"$REF/survey/expected/population_counts.csv" >ref.csv
sh "$(dirname "$0")/../lib/compare-csv.sh" ref.csv out ar=year,item,arskurs,kommun=kod level=1
