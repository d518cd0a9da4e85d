#!/bin/sh
# scripts/nosan-checks.sh - checks that need a build without sanitizers
# (build-vg/): the out-of-memory test (tests/reliability/oom.sh; ASan
# reserves too much address space for ulimit -v) and the unit tests under
# valgrind memcheck (skipped when valgrind is not installed).
set -eu
cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=Debug -DKL_SANITIZE=OFF >/dev/null
tests=$(sed -n '/^set(KL_UNIT_TESTS/,/^)/p' tests/CMakeLists.txt | sed -n 's/^[[:space:]]*\(test_[a-z_]*\)$/\1/p')
cmake --build build-vg -j "${JOBS:-2}" --target kartlagg $tests >/dev/null
sh tests/reliability/oom.sh build-vg/kartlagg
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed, skipped" >&2; exit 0; }
export KL_REFERENCE="$(cd .. && pwd)/shared/reference" KL_SAMPLES="$(pwd)/data-samples" KL_TESTDATA="$(pwd)/tests/data"
fail=0
for t in $tests; do
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		"build-vg/tests/$t" >"build-vg/$t.valgrind.log" 2>&1; then
		echo "valgrind: $t clean"
	else
		cat "build-vg/$t.valgrind.log" >&2
		echo "valgrind: $t: memcheck errors (above)" >&2
		fail=1
	fi
done
exit $fail
