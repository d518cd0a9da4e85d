# Issue 15: a kommun's appendix puts the kommun's shares beside its län's,
# both domains of the same design, and Brå's official län and riket
# offence rows (preliminary 2025: flag p) beside the police figures, over
# SCB's län and riket population, which section 6 lists; appendix_truth.py
# (standard library, no code shared with kartlagg) recomputes all of it
# from the raw files and checks every published figure and the disclosure
# rules.
d=$(dirname "$0")
for v in salt_sex_nagonsin salt_sex_12man; do
	ls b/csv/tabell-*-enkat-jamforelse-$v.csv >/dev/null 2>&1 ||
		{ echo "no comparison table for $v"; exit 1; }
done
grep -q '^Västmanlands län,' b/csv/tabell-*-enkat-jamforelse-salt_sex_nagonsin.csv ||
	{ echo "no län row"; exit 1; }
for r in 'Västmanlands län (Brå, jämförelse)' 'Riket (Brå, jämförelse)'; do
	grep -q "^\"$r\",[0-9]*,p," b/csv/tabell-*-brott-takt.csv ||
		{ echo "no preliminary Brå row '$r' in the rate table"; exit 1; }
	grep -q "^\"$r\"," b/csv/tabell-*-befolkning.csv ||
		{ echo "no population row '$r'"; exit 1; }
done
python3 "$d/../../truth/appendix_truth.py" --samples "$SAMPLES" \
	--ini "$SAMPLES/rapport-kommun.ini" --csv b/csv >truth.out 2>&1 ||
	{ cat truth.out; exit 1; }
