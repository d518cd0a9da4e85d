#!/bin/sh
# scripts/fuzz.sh BUILDDIR SECONDS - run every libFuzzer harness for
# SECONDS each, on its seed corpus (tests/fuzz/corpus/<name>, read only)
# plus a growing corpus in BUILDDIR/corpus/<name>.  A finding stops the run
# and is left in BUILDDIR/crashes/; fix it and keep the input as a
# regression in tests/fuzz/regressions/<name>/ (replayed by make test).
set -u
build=$1
secs=$2
harnesses=$(sed -n 's/^[[:space:]]*\(fuzz_[a-z_]*\)$/\1/p' tests/fuzz/harnesses.cmake)
mkdir -p "$build/crashes"
for h in $harnesses; do
	bin="$build/tests/fuzz/$h"
	[ -x "$bin" ] || { echo "fuzz: $bin is missing" >&2; exit 1; }
	mkdir -p "$build/corpus/$h"
	echo "fuzz: $h for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/crashes/$h-" \
		"$build/corpus/$h" "tests/fuzz/corpus/$h" >"$build/$h.log" 2>&1; then
		tail -40 "$build/$h.log" >&2
		echo "fuzz: $h found a problem; the input is in $build/crashes/" >&2
		exit 1
	fi
	grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$build/$h.log" |
		tr '\n' ' ' | sed 's/^/  /'
	echo
done
