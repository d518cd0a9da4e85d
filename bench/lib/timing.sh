# bench/lib/timing.sh - sourced by bench/*.sh (not a benchmark itself).
#
# run LABEL CMD... : runs CMD with stdout and stderr in $dir/LABEL.out and
# $dir/LABEL.err (the caller sets $dir) and puts its wall seconds, peak
# RSS (MiB) and CPU seconds (user + system) into $secs, $rss and $cpu.
# Peak RSS and CPU come from /usr/bin/time -v when it exists, else they
# are "n/a".  A failing CMD ends the script.

timev=
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	timev=/usr/bin/time
fi

run() {
	label=$1
	shift
	if [ -n "$timev" ]; then
		"$timev" -v -o "$dir/time.txt" "$@" >"$dir/$label.out" 2>"$dir/$label.err" || {
			echo "bench: $label failed:" >&2
			cat "$dir/$label.err" >&2
			exit 1
		}
		secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, t, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + t[i]
			printf "%.2f", s }' "$dir/time.txt")
		rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$dir/time.txt")
		cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 }
			END { printf "%.2f", s }' "$dir/time.txt")
	else
		t0=$(date +%s.%N)
		"$@" >"$dir/$label.out" 2>"$dir/$label.err" || exit 1
		t1=$(date +%s.%N)
		secs=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
		rss="n/a"
		cpu="n/a"
	fi
}
