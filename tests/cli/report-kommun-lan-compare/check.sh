# Issue 15: a kommun's appendix puts the kommun's shares beside its län's,
# both domains of the same design; appendix_truth.py (standard library,
# no code shared with kartlagg) recomputes both from the raw survey and
# checks every published figure and the disclosure rules.
d=$(dirname "$0")
for v in salt_sex_nagonsin salt_sex_12man; do
	ls b/csv/tabell-*-enkat-jamforelse-$v.csv >/dev/null 2>&1 ||
		{ echo "no comparison table for $v"; exit 1; }
done
grep -q '^Västmanlands län,' b/csv/tabell-*-enkat-jamforelse-salt_sex_nagonsin.csv ||
	{ echo "no län row"; exit 1; }
python3 "$d/../../truth/appendix_truth.py" --samples "$SAMPLES" \
	--ini "$SAMPLES/rapport-kommun.ini" --csv b/csv >truth.out 2>&1 ||
	{ cat truth.out; exit 1; }
