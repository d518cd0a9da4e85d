#!/bin/sh
# bench/import.sh KARTLAGG - survey import, side by side in one run:
#
#   kartlagg import   full validation against the codebook, provenance,
#                     typed storage, duplicate-key index
#   kartlagg import   without a codebook: types inferred (integer, decimal,
#                     text per column), provenance, typed storage
#   sqlite3 .import   the same file as text, nothing checked
#   python            csv + sqlite3 executemany (bench/import_python.py)
#
# on generated exports of BENCH_SIZES respondents (default 1M and 5M) x 37
# columns (';', BOM, CRLF, decimal comma; bench/gen_survey.c).  Each tool
# runs BENCH_RUNS times (default 3) on a fresh store; the median wall time
# and the largest peak RSS are printed as a Markdown table.
set -eu
kl=$(cd "$(dirname "${1:-build/kartlagg}")" && pwd)/$(basename "${1:-build/kartlagg}")
here=$(cd "$(dirname "$0")" && pwd)
sizes=${BENCH_SIZES:-1000000 5000000}
runs=${BENCH_RUNS:-3}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kl-bench.XXXXXX")}
trap 'rm -rf "$work"' EXIT INT TERM

for t in sqlite3 python3 cc; do
	command -v $t >/dev/null || { echo "bench/import.sh: needs $t" >&2; exit 69; }
done
[ -x /usr/bin/time ] || { echo "bench/import.sh: needs GNU time (apt-get install time)" >&2; exit 69; }
cc -O2 -o "$work/gen_survey" "$here/gen_survey.c"

# run LABEL CMD...: BENCH_RUNS times, fresh store; prints "median_s max_rss_mib"
run() {
	label=$1
	shift
	i=0
	: >"$work/times"
	while [ $i -lt "$runs" ]; do
		rm -f "$work/store.db" "$work/store.db-journal" "$work/store.db-wal"
		/usr/bin/time -o "$work/t" -f "%e %M" "$@" >/dev/null 2>"$work/err" || {
			echo "bench/import.sh: $label failed:" >&2
			cat "$work/err" >&2
			exit 70
		}
		cat "$work/t" >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
		END { printf "%.2f %.1f\n", t[int((NR + 1) / 2)], m / 1024 }'
}

echo "# kartlagg import benchmark"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
	"$(. /etc/os-release && echo "$PRETTY_NAME"), $(sqlite3 --version | cut -d' ' -f1-1) sqlite3," \
	"$(python3 --version); median of $runs runs"
echo
echo "| rows | file MiB | kartlagg import s | kartlagg import, no codebook s | sqlite3 .import s | python csv+executemany s | kartlagg / sqlite3 | no codebook / sqlite3 | kartlagg peak RSS MiB | no codebook RSS MiB | sqlite3 RSS MiB | python RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
	"$work/gen_survey" "$n" "$work/export.csv" "$work/codebook.csv"
	mib=$(awk -v b="$(wc -c <"$work/export.csv")" 'BEGIN { printf "%.0f", b / 1048576 }')
	k=$(run kartlagg "$kl" -q -s "$work/store.db" import --codebook "$work/codebook.csv" \
		--survey enkat "$work/export.csv")
	nc=$(run "kartlagg (no codebook)" "$kl" -q -s "$work/store.db" import \
		--survey enkat "$work/export.csv")
	s=$(run sqlite3 sqlite3 "$work/store.db" ".mode csv" ".separator ;" ".import $work/export.csv t")
	p=$(run python python3 "$here/import_python.py" "$work/export.csv" "$work/store.db")
	set -- $k $nc $s $p
	ratio=$(awk -v a="$1" -v b="$5" 'BEGIN { printf "%.2f", a / b }')
	iratio=$(awk -v a="$3" -v b="$5" 'BEGIN { printf "%.2f", a / b }')
	echo "| $n | $mib | $1 | $3 | $5 | $7 | $ratio | $iratio | $2 | $4 | $6 | $8 |"
done
