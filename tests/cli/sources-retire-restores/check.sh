# issue 15: retiring the corrected delivery brings back the counts of the
# delivery it replaced: unique persons are those of soc.csv and andra.csv
# (awk); sources --all shows import 3 as retired and import 1 as current.
set -e
t=$(sh "$DATA/feeds/deliveries-truth.sh" andra.csv soc.csv)
got=$("$KARTLAGG" -s "$STORE" count individuals --period 2025 --format csv | awk -F, '$1 == "total" { print $4 }')
[ "$got" = "$t" ] || { echo "unique persons $got, want $t"; exit 1; }
"$KARTLAGG" -s "$STORE" sources --all >src
grep -q '^   3 .*soc_rattad.csv .*(retired)$' src || { echo "sources --all:"; cat src; exit 1; }
grep -q '^   1 .*soc.csv .*[0-9a-f]$' src || { echo "sources --all:"; cat src; exit 1; }
# a second retire is refused and changes nothing
if "$KARTLAGG" -s "$STORE" sources --retire 3 2>err; then echo "retired twice"; exit 1; fi
grep -q 'import 3 is retired already' err
