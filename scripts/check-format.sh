#!/bin/sh
# Fail when a C file is not formatted as .clang-format says.
set -eu
command -v clang-format >/dev/null 2>&1 || { echo "check-format: clang-format not installed, skipped" >&2; exit 0; }
bad=0
for f in lib/*.c lib/*.h include/kartlagg/*.h cli/*.c cli/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h tests/sdc/*.c bench/*.c; do
	[ -f "$f" ] || continue
	if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "check-format: $f is not clang-formatted (run 'make format')" >&2
		bad=1
	fi
done
exit $bad
