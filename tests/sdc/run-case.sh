#!/bin/sh
# run-case.sh SDC_RUN PYTHON CASE - one disclosure-control case.
#
# CASE is tests/sdc/cases/<name>.spec (a table spec, see sdc_run.c),
# <name>.gen (one line of arguments for gen-large.py, which writes the
# spec) or <name>.dump (an audit dump given straight to the checker).
#
# For a .spec:
#   <name>.fail     if present: sdc_run must fail (exit 1) and stderr must
#                   contain this line; nothing else is checked
#   otherwise       the dump must pass check-suppression.py, with the
#                   spec's threshold and margin (default 5 and 10); the
#                   same problem registered in 5 shuffled orders must give
#                   the same dump (determinism)
#   <name>.hidden   if present: the hidden keys, one a line, sorted, worked
#                   out by hand
#   <name>.states   if present: `sdc_run --states` output must equal it
# For a .dump:
#   the checker must exit with <name>.status (default 1) and print every
#   line of <name>.expect
set -u
run=$1
py=$2
case_file=$3
here=$(dirname "$0")
check="$here/check-suppression.py"
base=${case_file%.*}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

case "$case_file" in
*.dump)
	"$py" "$check" "$case_file" >"$tmp/out" 2>"$tmp/err"
	st=$?
	want=1
	[ -f "$base.status" ] && want=$(cat "$base.status")
	[ "$st" = "$want" ] || { echo "checker exit $st, want $want"; cat "$tmp/out" "$tmp/err"; fail=1; }
	if [ -f "$base.expect" ]; then
		while IFS= read -r l; do
			[ -z "$l" ] && continue
			grep -qF -- "$l" "$tmp/out" || { echo "checker output lacks: $l"; fail=1; }
		done <"$base.expect"
	fi
	[ $fail = 0 ] || cat "$tmp/out"
	exit $fail
	;;
esac

case "$case_file" in
*.gen)
	# shellcheck disable=SC2046
	"$py" "$here/gen-large.py" $(cat "$case_file") >"$tmp/spec" || exit 1
	case_file="$tmp/spec"
	;;
esac
"$run" "$case_file" >"$tmp/dump" 2>"$tmp/err"
st=$?
if [ -f "$base.fail" ]; then
	[ "$st" = 1 ] || { echo "sdc_run exit $st, want 1"; fail=1; }
	while IFS= read -r l; do
		[ -z "$l" ] && continue
		grep -qF -- "$l" "$tmp/err" || { echo "stderr lacks: $l"; cat "$tmp/err"; fail=1; }
	done <"$base.fail"
	exit $fail
fi
[ "$st" = 0 ] || { echo "sdc_run exit $st"; cat "$tmp/err"; exit 1; }

th=$(awk '$1 == "threshold" { print $2 }' "$case_file")
mg=$(awk '$1 == "margin" { print $2 }' "$case_file")
"$py" "$check" --threshold "${th:-5}" --margin "${mg:-10}" "$tmp/dump" >"$tmp/check" 2>&1 || {
	echo "check-suppression.py found:"; cat "$tmp/check"; echo "dump:"; cat "$tmp/dump"; fail=1; }

for seed in 1 2 3 4 5; do
	"$run" --shuffle $seed "$case_file" >"$tmp/dump.$seed" 2>&1
	cmp -s "$tmp/dump" "$tmp/dump.$seed" || {
		echo "shuffle $seed gives another pattern:"; diff "$tmp/dump" "$tmp/dump.$seed"; fail=1; }
done

if [ -f "$base.hidden" ]; then
	awk '$1 == "cell" && $3 == ".." { print $2 }' "$tmp/dump" | sort >"$tmp/hidden"
	sort "$base.hidden" | cmp -s - "$tmp/hidden" || {
		echo "hidden cells differ from the hand-worked pattern (- want, + got):"
		sort "$base.hidden" | diff - "$tmp/hidden"; fail=1; }
fi
if [ -f "$base.states" ]; then
	"$run" --states "$case_file" >"$tmp/states" 2>&1
	cmp -s "$base.states" "$tmp/states" || {
		echo "states differ:"; diff "$base.states" "$tmp/states"; fail=1; }
fi
exit $fail
