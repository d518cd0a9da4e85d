#!/bin/sh
# scripts/coverage.sh - line and branch coverage of lib/ under the whole ctest
# suite (make coverage).  Builds in build-cov/ with KL_COVERAGE=ON (--coverage
# -O0, no sanitizers), clears the counters, runs ctest, then has gcovr print
# the lines per file of lib/ and the totals of lines and branches, and write
# build-cov/coverage/index.html (and branches.txt, the branches per file).
# Exits with ctest's status after the report, so that a failing test still
# leaves its figures.
#
# usage: scripts/coverage.sh [jobs]
set -u
jobs=${1:-2}
src=$(cd "$(dirname "$0")/.." && pwd)
bld=$src/build-cov
cmake=${CMAKE:-cmake}

$cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Debug -DKL_COVERAGE=ON \
	-DKL_SANITIZE=OFF -DKL_FUZZ=OFF >/dev/null || exit 1
$cmake --build "$bld" -j "$jobs" || exit 1
find "$bld" -name '*.gcda' -exec rm -f {} + || exit 1

(cd "$bld" && ctest --output-on-failure -j "$jobs")
rc=$?

mkdir -p "$bld/coverage" || exit 1
# lib/ only: the CLI, the tests and the generated sources are not counted
gcovr -r "$src" --object-directory "$bld" -j "$jobs" \
	--filter "$src/lib/" \
	--txt "$bld/coverage/lines.txt" \
	--html-details "$bld/coverage/index.html" \
	--print-summary "$bld" >"$bld/coverage/summary.txt" || exit 1

# the per-file branch table from the same data
gcovr -r "$src" --object-directory "$bld" -j "$jobs" --filter "$src/lib/" \
	--branches --txt "$bld/coverage/branches.txt" "$bld" || exit 1
cat "$bld/coverage/lines.txt" "$bld/coverage/summary.txt"
echo "kartlagg: HTML report in $bld/coverage/index.html"
[ "$rc" = 0 ] || echo "kartlagg: some tests failed (ctest exit $rc); the figures count the runs that were made" >&2
exit "$rc"
