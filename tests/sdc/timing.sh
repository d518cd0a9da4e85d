#!/bin/sh
# timing.sh SDC_RUN PYTHON LIMIT GEN-ARGS... - protect a generated linked
# problem (gen-large.py) and fail when kl_sdc takes LIMIT seconds or more,
# or when a run in another registration order hides other cells.  The
# limit is generous (sanitizer builds, shared machines): it catches a
# change of complexity, not a few per cent.
set -u
run=$1
py=$2
limit=$3
shift 3
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" "$here/gen-large.py" "$@" >"$tmp/spec" || exit 1
"$run" --time "$tmp/spec" >"$tmp/dump" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
cat "$tmp/err"
"$run" --shuffle 3 "$tmp/spec" >"$tmp/dump3" 2>&1 || exit 1
cmp -s "$tmp/dump" "$tmp/dump3" || { echo "another registration order hid other cells"; exit 1; }
secs=$(sed -n 's/.*relations: \([0-9.]*\) s;.*/\1/p' "$tmp/err")
awk -v s="$secs" -v l="$limit" 'BEGIN { exit !(s < l) }' || {
	echo "kl_sdc took $secs s, limit $limit s"; exit 1; }
