# issue 15: a corrected delivery (same organisation, same period) replaces
# the earlier one instead of being counted on top of it.  Unique persons
# after the replacement are those of the other organisations' file and the
# corrected one (awk), not of all three files; sources --all says what
# replaced what.
set -e
t=$(sh "$DATA/feeds/deliveries-truth.sh" andra.csv soc_rattad.csv)
wrong=$(sh "$DATA/feeds/deliveries-truth.sh" andra.csv soc.csv soc_rattad.csv)
[ "$t" != "$wrong" ] || { echo "the test files do not tell the two apart"; exit 1; }
got=$("$KARTLAGG" -s "$STORE" count individuals --period 2025 --format csv | awk -F, '$1 == "total" { print $4 }')
[ "$got" = "$t" ] || { echo "unique persons $got, want $t (all three files: $wrong)"; exit 1; }
"$KARTLAGG" -s "$STORE" sources --all >src
grep -q '^   1 .*soc.csv .*(replaced by 3)$' src || { echo "sources --all:"; cat src; exit 1; }
"$KARTLAGG" -s "$STORE" sources >cur
! grep -q 'soc.csv' cur || { echo "sources lists the replaced import"; cat cur; exit 1; }
