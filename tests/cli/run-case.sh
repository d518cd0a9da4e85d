#!/bin/sh
# run-case.sh KARTLAGG CASEDIR - run one CLI case (tests/cli/<case>/).
#
# A case directory holds:
#   args            the arguments, one line; @STORE@, @REF@, @SAMPLES@,
#                   @DATA@ (tests/data) and @TMP@ are replaced
#   setup.sh        optional: run first (sh, in the temporary directory,
#                   with KARTLAGG, STORE, REF, SAMPLES, DATA set)
#   stdin           optional: fed to standard input
#   expect.status   the exit status (default 0)
#   expect.stderr   optional: stderr must equal this (after substitution)
#   expect.stderr.grep  optional: each line is a fixed string stderr contains
#   expect.stdout   optional: stdout must equal this
#   expect.stdout.grep  optional: each line is a fixed string stdout contains
#   check.sql       optional: run with sqlite3 on the store afterwards;
#                   its output must equal check.out
#   check.sh        optional: run last; must exit 0 (77: skip the case)
# Cases needing shared/reference are skipped (exit 77) when it is missing.
set -u
kl=$1
case_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: "${KL_REFERENCE:=}"
: "${KL_SAMPLES:=}"
: "${KL_TESTDATA:=}"
store="$tmp/store.db"
export KARTLAGG="$kl" STORE="$store" REF="$KL_REFERENCE" SAMPLES="$KL_SAMPLES" DATA="$KL_TESTDATA" TMP="$tmp"
unset KARTLAGG_STORE
if grep -q '@REF@' "$case_dir/args" 2>/dev/null || grep -qs 'REF' "$case_dir/setup.sh"; then
	[ -d "$KL_REFERENCE" ] || { echo "skipped: no shared/reference"; exit 77; }
fi
subst() {
	sed -e "s|@STORE@|$store|g" -e "s|@REF@|$KL_REFERENCE|g" \
	    -e "s|@SAMPLES@|$KL_SAMPLES|g" -e "s|@DATA@|$KL_TESTDATA|g" \
	    -e "s|@TMP@|$tmp|g" "$1"
}
# grep_each WHAT LIST GOT: each line of LIST (after subst; empty lines
# skipped) must be a fixed string in the file GOT; each one missing is
# said ("WHAT lacks: LINE") and sets fail.
grep_each() {
	subst "$2" | while IFS= read -r l; do
		[ -z "$l" ] && continue
		grep -qF -- "$l" "$3" || { echo "$1 lacks: $l"; echo x >"$tmp/grepfail"; }
	done
	if [ -f "$tmp/grepfail" ]; then
		fail=1
		rm -f "$tmp/grepfail"
	fi
}
cd "$tmp" || exit 1
# optional environment for the command, one VAR=value a line
if [ -f "$case_dir/env" ]; then
	set -a
	. "$case_dir/env"
	set +a
fi
if [ -f "$case_dir/setup.sh" ]; then
	sh "$case_dir/setup.sh" >"$tmp/setup.log" 2>&1 || { echo "setup failed:"; cat "$tmp/setup.log"; exit 1; }
fi
args=$(subst "$case_dir/args")
if [ -f "$case_dir/stdin" ]; then
	eval "\"\$kl\" $args" <"$case_dir/stdin" >"$tmp/out" 2>"$tmp/err"
else
	eval "\"\$kl\" $args" </dev/null >"$tmp/out" 2>"$tmp/err"
fi
status=$?
fail=0
want=0
[ -f "$case_dir/expect.status" ] && want=$(cat "$case_dir/expect.status")
if [ "$status" != "$want" ]; then
	echo "exit status $status, want $want"; fail=1
fi
if [ -f "$case_dir/expect.stderr" ]; then
	subst "$case_dir/expect.stderr" >"$tmp/want.err"
	if ! cmp -s "$tmp/want.err" "$tmp/err"; then
		echo "stderr differs:"; diff "$tmp/want.err" "$tmp/err"; fail=1
	fi
fi
[ -f "$case_dir/expect.stderr.grep" ] && grep_each stderr "$case_dir/expect.stderr.grep" "$tmp/err"
if [ -f "$case_dir/expect.stdout" ]; then
	subst "$case_dir/expect.stdout" >"$tmp/want.out"
	if ! cmp -s "$tmp/want.out" "$tmp/out"; then
		echo "stdout differs:"; diff "$tmp/want.out" "$tmp/out" | head -40; fail=1
	fi
fi
[ -f "$case_dir/expect.stdout.grep" ] && grep_each stdout "$case_dir/expect.stdout.grep" "$tmp/out"
if [ -f "$case_dir/check.sql" ]; then
	sqlite3 "$store" <"$case_dir/check.sql" >"$tmp/check.got" 2>&1
	if ! cmp -s "$case_dir/check.out" "$tmp/check.got"; then
		echo "store check differs:"; diff "$case_dir/check.out" "$tmp/check.got"; fail=1
	fi
fi
if [ -f "$case_dir/check.sh" ]; then
	(cd "$tmp" && sh "$case_dir/check.sh")
	cst=$?
	# 77 from check.sh: skipped (a tool it needs is missing)
	[ $cst -eq 77 ] && [ $fail -eq 0 ] && exit 77
	[ $cst -ne 0 ] && { echo "check.sh failed"; fail=1; }
fi
if [ $fail -ne 0 ]; then
	echo "--- stderr:"; head -20 "$tmp/err"
fi
exit $fail
