#!/bin/sh
# large.sh SDC_RUN PYTHON GEN-ARGS... - protect a generated linked problem
# (gen-large.py) of thousands of cells and fail when a run in another
# registration order hides other cells.  The time kl_sdc took is printed
# (sdc_run --time) for the record; tests make no timing assertions.
set -u
run=$1
py=$2
shift 2
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" "$here/gen-large.py" "$@" >"$tmp/spec" || exit 1
"$run" --time "$tmp/spec" >"$tmp/dump" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
cat "$tmp/err"
"$run" --shuffle 3 "$tmp/spec" >"$tmp/dump3" 2>&1 || exit 1
cmp -s "$tmp/dump" "$tmp/dump3" || { echo "another registration order hid other cells"; exit 1; }
