#!/bin/sh
# school-kommun.sh KARTLAGG PYTHON [SEED] - a [survey] breakdown = skola
# in a region of several kommuner (issue 16): the schools of a kommun sum
# to its row of the kommun table, so a hidden school must not come back as
# the kommun's total less its other schools.  gen-reports.py's data sets
# whose region has several kommuner are reported with breakdown = skola,
# and check-report.py, told which kommun each school is in (as a reader
# knows from the school register: --school-kommun), attacks the bundle.
# Fails when any hidden count is recovered or a report cannot be made.
set -u
kl=$1
py=$2
seed=${3:-1}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset KARTLAGG_STORE
"$py" "$here/gen-reports.py" --seed "$seed" --count 20 "$tmp/gen" || exit 1
fail=0
n=0
for d in "$tmp"/gen/*/; do
	d=${d%/}
	grep -q '(several)' "$d/README" || continue
	n=$((n + 1))
	sed -i 's/^kommun = kod$/kommun = kod\nbreakdown = skola/' "$d/rapport.ini"
	# school;kommun name, from the survey file (columns Kommun and Skola)
	"$py" - "$d/enkat.csv" "$d/skolor.csv" <<'PY' || exit 1
import csv, sys
seen = {}
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f, delimiter=";"):
        seen[r["Skola"]] = r["Kommun"]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for s in sorted(seen):
        f.write("%s;%s\n" % (s, seen[s]))
PY
	st="$d/store.db"
	if ! { "$kl" --store "$st" import --survey enkat --codebook "$d/kodbok.csv" "$d/enkat.csv" &&
		"$kl" --store "$st" import --kind scb-population "$d/folkmangd.csv" &&
		"$kl" --store "$st" import "$d/polis.csv" "$d/individer.csv" &&
		"$kl" --store "$st" report -f csv -o "$d/out" "$d/rapport.ini"; } >"$d/log" 2>&1; then
		echo "data set $(basename "$d"): kartlagg failed:"; cat "$d/README" "$d/log"; fail=1; continue
	fi
	ls "$d"/out/csv/tabell-*-enkat-skola-*.csv >/dev/null 2>&1 ||
		{ echo "data set $(basename "$d"): no school table"; fail=1; continue; }
	if ! "$py" "$here/check-report.py" --school-kommun "$d/skolor.csv" \
	    "$d/out/csv" >"$d/check" 2>&1; then
		echo "data set $(basename "$d"): $(cat "$d/README")"
		sed 's/^/  /' "$d/check"
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no data set with several kommuner"; exit 1; }
echo "$n data sets with several kommuner and breakdown = skola"
exit $fail
