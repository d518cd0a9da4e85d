# The whole country: well-formed, accessible, 290 kommun paths in code
# order, and byte-identical when run again.
set -e
sh "$DATA/map/check-svg.sh" out
grep -o '<path id="karta-[0-9]*"' out | sed 's/.*-//; s/"//' >codes
test "$(wc -l <codes)" -eq 290
sort -c codes
sort -u codes | cmp -s - codes
"$KARTLAGG" map >again
cmp out again
