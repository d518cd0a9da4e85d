#!/bin/sh
# oom.sh KARTLAGG - imports under address-space limits from "barely
# starts" upwards: each one succeeds or fails with "out of memory" (exit
# 71) and a clean store, never a crash.  Needs a build without sanitizers
# (ASan reserves terabytes of address space); run by scripts/nosan-checks.sh.
set -u
. "$(dirname "$0")/lib.sh"
rel_start oom "$1"

survey_csv 50000 "$tmp/big.csv"
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

# under_limits WHAT FROM TO STEP OK CMD... - run CMD under address-space
# limits FROM, FROM+STEP, .. TO KiB (stdout to $tmp/out): each run either
# succeeds and passes the check OK (a function; it sets $why when not), or
# fails with "out of memory" (exit 71) and a message; never anything else.
# Sets $nfailed.
under_limits() {
	what=$1 v=$2 to=$3 step=$4 ok=$5
	shift 5
	nfailed=0
	while [ $v -le $to ]; do
		(ulimit -v $v; exec "$@") >"$tmp/out" 2>"$tmp/err"
		status=$?
		case $status in
		0) why=; $ok || { cat "$tmp/err" >&2; fail "$what at ${v} KiB: $why"; } ;;
		71) grep -q 'error:' "$tmp/err" || fail "$what at ${v} KiB: no message"
			nfailed=$((nfailed + 1)) ;;
		*) cat "$tmp/err" >&2; fail "$what at ${v} KiB: exit $status" ;;
		esac
		v=$((v + step))
	done
	echo "oom: $what failed cleanly under $nfailed limits"
}

# kartlagg map: PROJ and jansson under the same limits end in exit 71 with
# a message (or a map), never a crash and never a misleading 78.
printf 'code,value\n1980,6.4\n1904,..\n' >"$tmp/values.csv"
map_ok() { grep -q '</svg>' "$tmp/out" || { why="no SVG"; return 1; }; }
under_limits map $((top - 60000)) $top 2000 map_ok \
	"$kl" map --region 19 --values "$tmp/values.csv"

# kartlagg report (estimates, counts, disclosure control with GLPK, maps)
# on the demo samples: a report or exit 71 with a message, never a crash
samples=$(cd "$(dirname "$0")/../../data-samples" && pwd)
"$kl" -q -s "$tmp/r.db" import --survey ungdomsenkat \
	--codebook "$samples/kodbok_exempel.csv" "$samples/ungdomsenkat_exempel.csv" &&
	"$kl" -q -s "$tmp/r.db" import --kind scb-population "$samples/folkmangd_exempel.csv" &&
	"$kl" -q -s "$tmp/r.db" import "$samples/polis_exempel.csv" \
		"$samples/individer_pseudonymiserade.csv" \
		"$samples/individer_polisen_2025_rattad.csv" &&
	"$kl" -q -s "$tmp/r.db" calibrate --method rake --weight vikt --over year \
		--margin kon,arskurs --margin kod,arskurs --map kod=region \
		--map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor \
		ungdomsenkat kalibrerad 2>/dev/null || fail "report store"
# an unhindered run says how many parts lack data; under a limit a report
# must say exactly that, or fail (out of memory is not missing data)
"$kl" -s "$tmp/r.db" report -f html -f csv -o "$tmp/whole" "$samples/rapport.ini" \
	>/dev/null 2>"$tmp/err" || fail "report without a limit"
want=$(grep 'saknas' "$tmp/err")
report_ok() {
	if ! grep -q '</html>' "$tmp/rapport/rapport.html"; then
		why=incomplete
	elif [ "$(grep 'saknas' "$tmp/err")" != "$want" ]; then
		why="parts missing"
	fi
	rm -rf "$tmp/rapport"
	[ -z "$why" ]
}
under_limits report $((top - 60000)) $((top - 40000)) 1000 report_ok \
	"$kl" -s "$tmp/r.db" report -f html -f csv -o "$tmp/rapport" "$samples/rapport.ini"
[ $nfailed -gt 0 ] || fail "no limit was tight enough to fail the report"
