#!/bin/sh
# bench/report.sh KARTLAGG - the appendix for all of Sweden: import and
# `kartlagg report` in every format but PDF (text, md, csv, html, xlsx).
#
# bench/gen_sweden.py (seeded) writes the data of the 290 kommuner and 21
# län of schemas/regioner.csv: a survey of 100 000 respondents (two rounds
# of 50 000), SCB population 2019-2025, 200 000 police cases 2019-2025 and
# 50 000 pseudonymised person records from 50 organisations, and a report
# file over the 21 län.  Each run imports them into a fresh store and
# builds the report; the goal (issue 16) is import + report under 10 s.
# KL_BENCH_RUNS runs (default 3); each step's median is printed, with its
# peak RSS, as a markdown table on stdout (figures for README.md).  Work
# files go to $TMPDIR.
set -eu
kl=${1:?usage: bench/report.sh KARTLAGG}
case $kl in /*) ;; *) kl=$(pwd)/$kl ;; esac
runs=${KL_BENCH_RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/kl-bench-report.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$here/lib/timing.sh"

python3 "$here/gen_sweden.py" "$here/../schemas/regioner.csv" "$dir/data"
d=$dir/data

# one line per step: label, then the arguments after `kartlagg -q -s STORE`
steps="survey|import --survey ungdomsenkat --codebook $d/kodbok.csv $d/ungdomsenkat.csv
population|import --kind scb-population $d/folkmangd.csv
police|import $d/polis.csv
individuals|import $d/individer.csv
report|report -f text -f md -f csv -f html -f xlsx -o $dir/rapport $d/rapport.ini"

r=1
while [ "$r" -le "$runs" ]; do
	rm -f "$dir/store.db" "$dir/store.db-journal"
	echo "$steps" | while IFS='|' read -r label args; do
		# shellcheck disable=SC2086
		run "$label" "$kl" -q -s "$dir/store.db" $args
		echo "$label $secs $rss" >>"$dir/times.$r"
	done
	r=$((r + 1))
done

# the median of each step over the runs, and of the runs' totals
awk -v runs="$runs" '
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	run = FILENAME; sub(/.*times\./, "", run)
	if (!($1 in seen)) { seen[$1] = 1; order[++nstep] = $1 }
	s[$1, run] = $2; m[$1, run] = $3; tot[run] += $2
}
END {
	print "| step | seconds (median of " runs ") | peak RSS MiB |"
	print "|---|---:|---:|"
	for (i = 1; i <= nstep; i++) {
		for (r = 1; r <= runs; r++) { a[r] = s[order[i], r]; b[r] = m[order[i], r] }
		printf "| %s | %.2f | %s |\n", order[i], median(a, runs), median(b, runs)
	}
	for (r = 1; r <= runs; r++) a[r] = tot[r]
	printf "| **import + report** | **%.2f** | |\n", median(a, runs)
}' "$dir"/times.*
echo
echo "report: $(ls "$dir/rapport/csv" | grep -c '^tabell-') tables," \
	"$(wc -c <"$dir/rapport/rapport.html") bytes of HTML," \
	"$(wc -c <"$dir/rapport/rapport.xlsx") bytes of xlsx"
