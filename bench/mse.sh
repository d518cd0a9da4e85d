#!/bin/sh
# bench/mse.sh KARTLAGG - timings for `kartlagg mse` (issue 5):
#   1. exhaustive BIC over every hierarchical model, 5 lists up to order 3
#      (6,212 models), on a generated data set and on the Western data;
#   2. the same for 6 lists up to order 2 (32,768 models);
#   3. a 1,000-replicate BCa bootstrap with stepwise re-selection, 5 lists.
# With Rscript and lpSolve, R's reference functions
# (shared/reference/r/mse_reference.R) are timed on case 1 side by side;
# set BENCH_R_SLOW=1 to time R on case 2 too (minutes).
# Data are generated here with awk from a fixed seed (Poisson counts from
# a log-linear model with three dependences), so runs are comparable.
set -eu
kl=${1:?usage: bench/mse.sh path/to/kartlagg}
here=$(cd "$(dirname "$0")" && pwd)
ref=${KL_REFERENCE:-$here/../../shared/reference}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gen K B0 SEED: capture histories with Poisson counts
gen() {
	awk -v k="$1" -v b0="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		split("-1.2 -1.6 -1.9 -2.2 -2.6 -2.4 -2.8", bm, " ")
		for (j = 1; j <= k; j++) printf "L%d,", j
		print "count"
		for (c = 1; c < 2 ^ k; c++) {
			eta = b0
			for (j = 1; j <= k; j++) { x[j] = int(c / 2 ^ (j - 1)) % 2; eta += x[j] * bm[j] }
			eta += 0.8 * x[1] * x[2] + 0.6 * x[3] * x[4] - 0.5 * x[1] * x[5]
			lam = exp(eta)
			if (lam < 30) { L = exp(-lam); n = 0; p = rand(); while (p > L) { n++; p *= rand() } }
			else { u = rand(); v = rand(); n = int(lam + sqrt(lam) * sqrt(-2 * log(u)) * cos(6.283185307 * v) + 0.5); if (n < 0) n = 0 }
			if (n == 0) continue
			for (j = 1; j <= k; j++) printf "%d,", x[j]
			print n
		}
	}'
}
gen 5 "$(awk 'BEGIN{print log(2000)}')" 11 >"$tmp/five.csv"
gen 6 "$(awk 'BEGIN{print log(1500)}')" 12 >"$tmp/six.csv"

now() { date +%s.%N; }
# run LABEL CMD...: time one command (best of 3), print a table row
run() {
	label=$1
	shift
	best=
	for i in 1 2 3; do
		t0=$(now)
		"$@" >"$tmp/out" 2>"$tmp/err" || { echo "failed: $*"; cat "$tmp/err"; exit 1; }
		t1=$(now)
		best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { d = b - a; if (best == "" || d < best) best = d; print best }')
	done
	models=$(awk -F, '$2 == "models_enumerated" { e = $3 } $2 == "models_admissible" { a = $3 } END { if (e) print e " (" a " admissible)"; else print "-" }' "$tmp/out")
	printf '%-58s %-24s %8.3f s\n' "$label" "$models" "$best"
}

printf '%s on %s, %s cores\n' "$("$kl" --version)" "$(uname -sm)" "$(nproc 2>/dev/null || echo '?')"
printf '%-58s %-24s %10s\n' "case" "models" "kartlagg"
run "exhaustive BIC, 5 lists, order 3 (generated)" "$kl" mse --model bic --format csv "$tmp/five.csv"
if [ -f "$ref/mse/western.csv" ]; then
	run "exhaustive BIC, 5 lists, order 3 (Western)" "$kl" mse --model bic --format csv "$ref/mse/western.csv"
fi
run "exhaustive BIC, 6 lists, order 2 (generated)" "$kl" mse --model bic --format csv "$tmp/six.csv"
run "bootstrap 1000, stepwise, 5 lists (generated)" "$kl" mse --model stepwise --bootstrap 1000 --seed 1 --format csv "$tmp/five.csv"
if [ -f "$ref/mse/western.csv" ]; then
	run "bootstrap 1000, stepwise, 5 lists (Western)" "$kl" mse --model stepwise --bootstrap 1000 --seed 1 --format csv "$ref/mse/western.csv"
fi

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(lpSolve)' >/dev/null 2>&1 &&
	[ -f "$ref/r/mse_reference.R" ]; then
	cat >"$tmp/bench.R" <<'REOF'
a <- commandArgs(trailingOnly = TRUE)
src <- readLines(a[1])
eval(parse(text = src[seq_len(grep("^args <- commandArgs", src) - 1)]))
body(exhaustive_bic)[[2]] <- NULL
D <- read_mse(a[2])
t <- system.time(F <- exhaustive_bic(D, maxorder = as.integer(a[3])))[["elapsed"]]
cat(sprintf("%d %d %.3f\n", F$n_models, F$n_admissible, t))
REOF
	rrun() {
		set -- $(Rscript "$tmp/bench.R" "$ref/r/mse_reference.R" "$2" "$3")
		printf '%-58s %-24s %8.3f s\n' "R reference: $label" "$1 ($2 admissible)" "$3"
	}
	label="exhaustive BIC, 5 lists, order 3 (generated)"; rrun x "$tmp/five.csv" 3
	if [ -f "$ref/mse/western.csv" ]; then
		label="exhaustive BIC, 5 lists, order 3 (Western)"; rrun x "$ref/mse/western.csv" 3
	fi
	if [ "${BENCH_R_SLOW:-0}" = 1 ]; then
		label="exhaustive BIC, 6 lists, order 2 (generated)"; rrun x "$tmp/six.csv" 2
	fi
else
	echo "(R with lpSolve not found: R timings skipped)"
fi
