#!/bin/sh
# kill-import.sh KARTLAGG - SIGKILL `kartlagg import` at 50 points of a
# large import.  After each kill the store must pass PRAGMA
# integrity_check and hold all of the file or none of it, and kartlagg
# must open it again.
set -u
kl=$1
kills=${KILLS:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "kill-import: $*" >&2; exit 1; }

rows=200000
awk -v n=$rows 'BEGIN { print "id;kod;kommun;vikt;a;b;c;d;text";
	for (i = 1; i <= n; i++)
		printf "%d;%04d;Kommun %d;%d,%03d;%d;%d;%d;%d;svar nummer %d\n",
		       i, 1980 + i % 5, i % 5, 1 + i % 7, i % 1000, i % 2 + 1,
		       i % 3 + 1, i % 4, i % 5, i }' >"$tmp/big.csv"
printf 'id;svar\n1;ja\n2;nej\n' >"$tmp/small.csv"

"$kl" -q -s "$tmp/base.db" import --key id "$tmp/small.csv" || fail "base import"

# how long a whole import takes here
cp "$tmp/base.db" "$tmp/t.db"
t0=$(date +%s%N)
"$kl" -q -s "$tmp/t.db" import --key id "$tmp/big.csv" || fail "full import"
t1=$(date +%s%N)
total_ms=$(( (t1 - t0) / 1000000 ))
[ "$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM survey_2')" = $rows ] ||
	fail "full import stored the wrong number of rows"

mid=0 none=0 all=0 i=1
while [ $i -le "$kills" ]; do
	db="$tmp/k$i.db"
	cp "$tmp/base.db" "$db"
	# spread the kills over the first 80 % of the import's measured time
	# (start to commit): on a loaded machine a later run can be faster
	# than the one measured, and a kill after the end tests nothing
	ms=$(( total_ms * i * 4 / (kills * 5) ))
	"$kl" -q -s "$db" import --key id "$tmp/big.csv" 2>/dev/null &
	pid=$!
	sleep "$(awk -v m=$ms 'BEGIN { printf "%.3f", m / 1000 }')"
	if kill -KILL $pid 2>/dev/null; then
		mid=$((mid + 1))
	fi
	wait $pid 2>/dev/null
	ok=$(sqlite3 "$db" 'PRAGMA integrity_check') || fail "kill $i: sqlite3 cannot open the store"
	[ "$ok" = ok ] || fail "kill $i at ${ms} ms: integrity_check: $ok"
	n=$(sqlite3 "$db" "SELECT count(*) FROM imports")
	tables=$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name GLOB 'survey_[0-9]*' AND type = 'table'")
	case "$n:$tables" in
	1:1) none=$((none + 1)) ;;
	2:2)
		stored=$(sqlite3 "$db" 'SELECT count(*) FROM survey_2')
		claimed=$(sqlite3 "$db" 'SELECT rows FROM imports WHERE id = 2')
		[ "$stored" = $rows ] && [ "$claimed" = $rows ] ||
			fail "kill $i at ${ms} ms: partial import ($stored rows stored, $claimed claimed)"
		all=$((all + 1))
		;;
	*) fail "kill $i at ${ms} ms: $n imports and $tables survey tables" ;;
	esac
	"$kl" -q -s "$db" sources >/dev/null || fail "kill $i: kartlagg cannot open the store"
	rm -f "$db" "$db-journal"
	i=$((i + 1))
done
echo "kill-import: $kills kills over ${total_ms} ms: $mid during the import;" \
	"store held none of the file $none times, all of it $all times"
[ $mid -ge $((kills / 2)) ] || fail "only $mid kills landed during the import"
