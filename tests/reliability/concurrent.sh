#!/bin/sh
# concurrent.sh KARTLAGG - two imports into one store at once, and readers
# during an import.  Each import either succeeds or fails with exit 75
# ("try again"); the store is never damaged or half-written; a reader sees
# the store before or after an import (or is told to try again), never
# part of one.
set -u
kl=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "concurrent: $*" >&2; exit 1; }

for f in a b; do
	awk -v f=$f 'BEGIN { print "id;kod;text";
		for (i = 1; i <= 150000; i++) printf "%d;%04d;%s %d\n", i, 1980 + i % 5, f, i }' \
		>"$tmp/$f.csv"
done
rows=150000

check_store() { # check_store DB: all-or-nothing for every import
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
	sqlite3 "$1" "SELECT id, rows, (SELECT data_table FROM surveys s WHERE s.import_id = i.id) FROM imports i" |
	while IFS='|' read -r id n table; do
		got=$(sqlite3 "$1" "SELECT count(*) FROM \"$table\"")
		[ "$got" = "$n" ] && [ "$n" = $rows ] || fail "import $id: $got rows stored, $n claimed"
	done
}

# 1. a long busy timeout: the second import waits and both succeed (long
# is explicit: an import on a loaded machine can outlast the 5 s default)
KARTLAGG_BUSY_TIMEOUT=600000 "$kl" -q -s "$tmp/s1.db" import "$tmp/a.csv" & p1=$!
KARTLAGG_BUSY_TIMEOUT=600000 "$kl" -q -s "$tmp/s1.db" import "$tmp/b.csv" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] || fail "with a long busy timeout: exit $r1 and $r2, want 0 and 0"
[ "$(sqlite3 "$tmp/s1.db" 'SELECT count(*) FROM imports')" = 2 ] || fail "want 2 imports"
check_store "$tmp/s1.db"

# 2. no patience: one of them may be told to try again (75), never worse
KARTLAGG_BUSY_TIMEOUT=1 "$kl" -q -s "$tmp/s2.db" import "$tmp/a.csv" 2>"$tmp/e1" & p1=$!
KARTLAGG_BUSY_TIMEOUT=1 "$kl" -q -s "$tmp/s2.db" import "$tmp/b.csv" 2>"$tmp/e2" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
for r in $r1 $r2; do
	[ $r -eq 0 ] || [ $r -eq 75 ] || { cat "$tmp/e1" "$tmp/e2" >&2; fail "exit $r, want 0 or 75"; }
done
[ $r1 -eq 0 ] || [ $r2 -eq 0 ] || fail "neither import succeeded"
grep -qs 'try again' "$tmp/e1" "$tmp/e2" || [ $r1 -eq 0 -a $r2 -eq 0 ] || fail "75 without 'try again'"
check_store "$tmp/s2.db"

# 3. readers during an import see 1 or 2 complete imports, or are told to wait
"$kl" -q -s "$tmp/s3.db" import "$tmp/a.csv" || fail "first import"
"$kl" -q -s "$tmp/s3.db" import "$tmp/b.csv" & p=$!
seen=0
while kill -0 $p 2>/dev/null; do
	out=$(KARTLAGG_BUSY_TIMEOUT=50 "$kl" -s "$tmp/s3.db" sources --format csv 2>/dev/null)
	r=$?
	if [ $r -eq 0 ]; then
		n=$(printf '%s\n' "$out" | awk -F, 'NR > 1 && $3 == "survey"' | wc -l)
		bad=$(printf '%s\n' "$out" | awk -F, -v n=$rows 'NR > 1 && $3 == "survey" && $6 != n' | wc -l)
		[ "$n" -ge 1 ] && [ "$n" -le 2 ] && [ "$bad" -eq 0 ] || fail "a reader saw part of an import: $out"
		seen=$((seen + 1))
	elif [ $r -ne 75 ]; then
		fail "a reader exited $r during an import"
	fi
done
wait $p || fail "the import read during failed"
check_store "$tmp/s3.db"
echo "concurrent: ok ($seen reads during the import)"
