#!/bin/sh
# run-report-case.sh PYTHON DIR - one report bundle for check-report.py.
#
# DIR (tests/sdc/reports/<name>/) holds tabell-NN-*.csv files as kartlagg
# report -f csv writes them (made by hand, or frozen from a run), plus
#   expect   lines the checker must print (worked out by hand)
#   status   the exit status wanted (default 1: something is recovered)
#   previous/  optional: the previous year's csv/ folder, whose "Antal
#            svar" the reader knows (check-report.py --previous)
set -u
py=$1
dir=$2
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
if [ -d "$dir/previous" ]; then
	"$py" "$here/check-report.py" --previous "$dir/previous" "$dir" \
	    >"$tmp/out" 2>"$tmp/err"
else
	"$py" "$here/check-report.py" "$dir" >"$tmp/out" 2>"$tmp/err"
fi
st=$?
want=1
[ -f "$dir/status" ] && want=$(cat "$dir/status")
[ "$st" = "$want" ] || { echo "checker exit $st, want $want"; cat "$tmp/out" "$tmp/err"; fail=1; }
if [ -f "$dir/expect" ]; then
	while IFS= read -r l; do
		[ -z "$l" ] && continue
		grep -qxF -- "$l" "$tmp/out" || { echo "checker output lacks: $l"; fail=1; }
	done <"$dir/expect"
fi
[ $fail = 0 ] || cat "$tmp/out"
exit $fail
