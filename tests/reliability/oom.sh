#!/bin/sh
# oom.sh KARTLAGG - imports under address-space limits from "barely
# starts" upwards: each one succeeds or fails with "out of memory" (exit
# 71) and a clean store, never a crash.  Needs a build without sanitizers
# (ASan reserves terabytes of address space); run by scripts/nosan-checks.sh.
set -u
kl=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "oom: $*" >&2; exit 1; }

awk 'BEGIN { print "id;kod;text";
	for (i = 1; i <= 50000; i++) printf "%d;%04d;svar nummer %d\n", i, 1980 + i % 5, i }' \
	>"$tmp/big.csv"
# the smallest limit at which the program can start at all
v=4000
while ! (ulimit -v $v; "$kl" --version) >/dev/null 2>&1; do
	v=$((v + 1000))
	[ $v -lt 200000 ] || fail "kartlagg does not start under any limit"
done
failed=0 ok=0 top=$((v + 60000))
while [ $v -le $top ]; do
	rm -f "$tmp/s.db" "$tmp/s.db-journal"
	(ulimit -v $v; exec "$kl" -s "$tmp/s.db" import --key id "$tmp/big.csv") \
		>/dev/null 2>"$tmp/err"
	status=$?
	case $status in
	0) ok=$((ok + 1)) ;;
	71 | 73 | 74)
		grep -q 'error:' "$tmp/err" || fail "limit ${v} KiB: exit $status without a message"
		failed=$((failed + 1))
		;;
	*) cat "$tmp/err" >&2; fail "limit ${v} KiB: exit $status" ;;
	esac
	if [ -f "$tmp/s.db" ]; then
		[ "$(sqlite3 "$tmp/s.db" 'PRAGMA integrity_check')" = ok ] ||
			fail "limit ${v} KiB: store damaged"
		n=$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM imports")
		if [ $status -ne 0 ] && [ "$n" != 0 ]; then
			fail "limit ${v} KiB: failed import left $n imports"
		fi
	fi
	v=$((v + 2000))
done
echo "oom: $failed limits failed cleanly, $ok imported"
[ $failed -gt 0 ] || fail "no limit was tight enough to fail"

# kartlagg map: PROJ and jansson under the same limits end in exit 71 with
# a message (or a map), never a crash and never a misleading 78.
v=$((top - 60000)) mfailed=0
printf 'code,value\n1980,6.4\n1904,..\n' >"$tmp/values.csv"
while [ $v -le $top ]; do
	(ulimit -v $v; exec "$kl" map --region 19 --values "$tmp/values.csv") \
		>"$tmp/map.svg" 2>"$tmp/err"
	status=$?
	case $status in
	0) grep -q '</svg>' "$tmp/map.svg" || fail "map at ${v} KiB: no SVG" ;;
	71) grep -q 'error:' "$tmp/err" || fail "map at ${v} KiB: no message"
		mfailed=$((mfailed + 1)) ;;
	*) cat "$tmp/err" >&2; fail "map at ${v} KiB: exit $status" ;;
	esac
	v=$((v + 2000))
done
echo "oom: map failed cleanly under $mfailed limits"

# kartlagg report (estimates, counts, disclosure control with GLPK, maps)
# on the demo samples: a report or exit 71 with a message, never a crash
samples=$(cd "$(dirname "$0")/../../data-samples" && pwd)
"$kl" -q -s "$tmp/r.db" import --survey ungdomsenkat \
	--codebook "$samples/kodbok_exempel.csv" "$samples/ungdomsenkat_exempel.csv" &&
	"$kl" -q -s "$tmp/r.db" import --kind scb-population "$samples/folkmangd_exempel.csv" &&
	"$kl" -q -s "$tmp/r.db" import "$samples/polis_exempel.csv" \
		"$samples/individer_pseudonymiserade.csv" || fail "report store"
# an unhindered run says how many parts lack data; under a limit a report
# must say exactly that, or fail (out of memory is not missing data)
"$kl" -s "$tmp/r.db" report -f html -f csv -o "$tmp/whole" "$samples/rapport.ini" \
	>/dev/null 2>"$tmp/err" || fail "report without a limit"
want=$(grep 'saknas' "$tmp/err")
v=$((top - 60000)) rfailed=0 rtop=$((top - 40000))
while [ $v -le $rtop ]; do
	rm -rf "$tmp/rapport"
	(ulimit -v $v; exec "$kl" -s "$tmp/r.db" report -f html -f csv -o "$tmp/rapport" \
		"$samples/rapport.ini") >/dev/null 2>"$tmp/err"
	status=$?
	case $status in
	0) grep -q '</html>' "$tmp/rapport/rapport.html" || fail "report at ${v} KiB: incomplete"
		[ "$(grep 'saknas' "$tmp/err")" = "$want" ] ||
			{ cat "$tmp/err" >&2; fail "report at ${v} KiB: parts missing"; } ;;
	71) grep -q 'error:' "$tmp/err" || fail "report at ${v} KiB: no message"
		rfailed=$((rfailed + 1)) ;;
	*) cat "$tmp/err" >&2; fail "report at ${v} KiB: exit $status" ;;
	esac
	v=$((v + 1000))
done
echo "oom: report failed cleanly under $rfailed limits"
[ $rfailed -gt 0 ] || fail "no limit was tight enough to fail the report"
