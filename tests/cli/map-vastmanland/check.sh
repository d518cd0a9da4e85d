# Län 19: its 10 kommuner in code order, classed by the quantile breaks
# (R: quantile(c(1.5,2.2,2.8,3.1,4.2,5.0,6.4), c(.25,.5,.75)) = 2.5, 3.1,
# 4.6), hidden ones hatched, the same bytes on a second run.
set -e
sh "$DATA/map/check-svg.sh" out
test "$(grep -o '<path id="karta-[0-9]*"' out | sed 's/.*-//; s/"//' | tr '\n' ' ')" = \
	"1904 1907 1960 1961 1962 1980 1981 1982 1983 1984 "
grep -q '<path id="karta-1960" class="c1"' out  # 1.5
grep -q '<path id="karta-1961" class="c2"' out  # 2.8
grep -q '<path id="karta-1962" class="c3"' out  # 3.1: on a limit, above
grep -q '<path id="karta-1904" class="c3"' out  # 4.2
grep -q '<path id="karta-1983" class="c4"' out  # 5.0
grep -q '<path id="karta-1907" class="na"' out  # empty
grep -q '<path id="karta-1982" class="hid" fill="url(#karta-hatch)"' out
grep -q '<path id="karta-1984" class="hid" fill="url(#karta-hatch)"' out
grep -q '>4,6–6,4</text>' out
grep -q '>.. ej redovisad</text>' out
"$KARTLAGG" map --region 19 --values "$DATA/map/vastmanland.csv" \
	--unit 'per 100 000 inv.' --title 'Västmanland' >again
cmp out again
