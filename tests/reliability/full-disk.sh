#!/bin/sh
# full-disk.sh KARTLAGG - a store that cannot grow (the file size limit
# stands in for a full filesystem: writes past it fail with EFBIG, as on
# a full disk with ENOSPC) gives exit 74 and a clear message, and the
# store is unchanged.  Output to a full device (/dev/full) exits 74.
set -u
. "$(dirname "$0")/lib.sh"
rel_start full-disk "$1"

survey_csv 100000 "$tmp/big.csv"
printf 'id;svar\n1;ja\n2;nej\n' >"$tmp/small.csv"
"$kl" -q -s "$tmp/s.db" import --key id "$tmp/small.csv" || fail "base import"
before=$(sqlite3 "$tmp/s.db" '.dump' | sha256sum)

# 1 MiB of file size at most; SIGXFSZ ignored so write(2) fails instead
(
	trap '' XFSZ
	ulimit -f 2048 2>/dev/null || ulimit -f 1024
	exec "$kl" -s "$tmp/s.db" import --key id "$tmp/big.csv"
) >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status -eq 74 ] || { cat "$tmp/err" >&2; fail "exit status $status, want 74"; }
grep -q 'kartlagg import: error: .*\(full\|large\|disk\)' "$tmp/err" ||
	{ cat "$tmp/err" >&2; fail "no clear message"; }
[ "$(sqlite3 "$tmp/s.db" 'PRAGMA integrity_check')" = ok ] || fail "store damaged"
after=$(sqlite3 "$tmp/s.db" '.dump' | sha256sum)
[ "$before" = "$after" ] || fail "store changed"

# output to a full device
for args in "sources" "--help" "import --help" "--version"; do
	"$kl" -s "$tmp/s.db" $args >/dev/full 2>"$tmp/err"
	status=$?
	[ $status -eq 74 ] || fail "'kartlagg $args >/dev/full' exit $status, want 74"
	grep -q 'cannot write output' "$tmp/err" || fail "'kartlagg $args >/dev/full': no message"
done
# a report: to a full stdout, to a closed stdout, and into a directory
# where a file cannot grow (no truncated file may be left behind)
"$kl" -q -s "$tmp/s.db" report new "$tmp/r.ini" || fail "report new"
# this store has no survey, and a [survey] naming one it lacks is an error
awk '/^\[/ { skip = ($0 == "[survey]") } !skip' "$tmp/r.ini" >"$tmp/r2.ini" &&
	mv "$tmp/r2.ini" "$tmp/r.ini"
for how in full closed; do
	if [ $how = full ]; then
		"$kl" -s "$tmp/s.db" report "$tmp/r.ini" >/dev/full 2>"$tmp/err"
	else
		"$kl" -s "$tmp/s.db" report "$tmp/r.ini" >&- 2>"$tmp/err"
	fi
	status=$?
	[ $status -eq 74 ] || fail "report to a $how stdout: exit $status, want 74"
	grep -q 'cannot write' "$tmp/err" || fail "report to a $how stdout: no message"
done
(
	trap '' XFSZ
	ulimit -f 8
	exec "$kl" -s "$tmp/s.db" report -f html -f md -o "$tmp/rapport" "$tmp/r.ini"
) >/dev/null 2>"$tmp/err"
status=$?
[ $status -eq 74 ] || { cat "$tmp/err" >&2; fail "report into a full directory: exit $status, want 74"; }
# every file it left is whole: the same bytes as an unhindered run's
"$kl" -q -s "$tmp/s.db" report -f html -f md -o "$tmp/whole" "$tmp/r.ini" ||
	fail "report without a limit"
for f in "$tmp"/rapport/*; do
	[ -e "$f" ] || continue
	cmp -s "$f" "$tmp/whole/$(basename "$f")" ||
		fail "report left a truncated or temporary $(basename "$f")"
done
echo "full-disk: ok ($(cat "$tmp/err" | head -1))"
