#!/bin/sh
# randomized.sh KARTLAGG PYTHON [SEED [COUNT]] - the disclosure-control
# test bed: gen-reports.py writes COUNT (default 20) randomized data sets
# and report definitions; each is imported into a fresh store, reported
# with `kartlagg report -f csv`, and attacked twice: check-suppression.py
# replays the audit, check-report.py derives its own relations from the
# published tables (kartlagg-report(5), DISCLOSURE CONTROL), knowing the
# previous round's "Antal svar" from the previous year's appendix (the
# same definition reported with the previous round as the current one and
# no comparison, --previous).  Fails when
# any hidden count is recovered or any report cannot be made; prints the
# recovered cells and their number per kind.
set -u
kl=$1
py=$2
seed=${3:-1}
count=${4:-20}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset KARTLAGG_STORE
"$py" "$here/gen-reports.py" --seed "$seed" --count "$count" "$tmp/gen" || exit 1
fail=0
: >"$tmp/all"
for d in "$tmp"/gen/*/; do
	d=${d%/}
	ds=$(basename "$d")
	st="$d/store.db"
	if ! { "$kl" --store "$st" import --survey enkat --codebook "$d/kodbok.csv" "$d/enkat.csv" &&
		"$kl" --store "$st" import --kind scb-population "$d/folkmangd.csv" &&
		"$kl" --store "$st" import "$d/polis.csv" "$d/individer.csv" &&
		"$kl" --store "$st" report -f csv -o "$d/out" "$d/rapport.ini"; } >"$d/log" 2>&1; then
		echo "data set $ds: kartlagg failed:"; cat "$d/README" "$d/log"; fail=1; continue
	fi
	# the previous year's appendix: current = the previous round
	prev=$(sed -n 's/^previous *= *//p' "$d/rapport.ini")
	popt=
	if [ -n "$prev" ]; then
		sed -e "s/^current *=.*/current = $prev/" -e '/^previous *=/d' \
		    "$d/rapport.ini" >"$d/rapport-prev.ini"
		if ! "$kl" --store "$st" report -f csv -o "$d/prevout" \
		    "$d/rapport-prev.ini" >>"$d/log" 2>&1; then
			echo "data set $ds: kartlagg failed (previous round):"
			cat "$d/README" "$d/log"; fail=1; continue
		fi
		popt="--previous $d/prevout/csv"
	fi
	bad=0
	if [ -f "$d/out/csv/suppression-audit.txt" ]; then
		"$py" "$here/check-suppression.py" "$d/out/csv/suppression-audit.txt" >"$d/audit" 2>&1 || bad=1
	else
		: >"$d/audit"
	fi
	# shellcheck disable=SC2086 # popt is two words or none
	"$py" "$here/check-report.py" $popt "$d/out/csv" >"$d/check" 2>&1 || bad=1
	if [ $bad = 1 ]; then
		fail=1
		echo "data set $ds: $(cat "$d/README")"
		sed 's/^/  audit: /' "$d/audit"
		sed 's/^/  /' "$d/check"
		{ sed 's/^/audit /' "$d/audit"; cat "$d/check"; } >>"$tmp/all"
	fi
done
if [ $fail = 1 ]; then
	echo "recovered or broken, by kind:"
	awk '
	/^audit recoverable/ { k["audit relations (check-suppression.py)"]++; next }
	/^audit / { k["audit (other)"]++; next }
	/^rule broken/ { k["published count below the threshold"]++; next }
	/Antal svar/ { k["survey: hidden Antal svar"]++; next }
	/antal ja.*= 0$/ { k["survey: hidden share, yes count = 0"]++; next }
	/antal ja/ { k["survey: yes count (1-4 or pinned) from share x n and margins"]++; next }
	/exakt [0-9]+ verksamheter/ { k["overlap: persons known to k organisations"]++; next }
	/enkat-svarande/ { k["survey respondents table"]++; next }
	/individer-(verksamhet|exploatering|arena)/ { k["multiple-response category"]++; next }
	/verksamheter: totalt/ { k["persons total (MSE: estimated total - unseen)"]++; next }
	/^recovered/ { k["persons (sex, age, overlap)"]++; next }
	END { for (x in k) printf "  %4d  %s\n", k[x], x }' "$tmp/all" | sort -k2
fi
exit $fail
