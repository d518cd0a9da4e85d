# Län level with ';' and decimal commas; two classes from one limit.
set -e
sh "$DATA/map/check-svg.sh" out
test "$(grep -c '<path id="karta-[0-9][0-9]"' out)" -eq 21
grep -q '<path id="karta-19" class="c1"' out
grep -q '<path id="karta-01" class="c2"' out
grep -q '<path id="karta-03" class="hid"' out
grep -q '<path id="karta-25" class="na"' out
