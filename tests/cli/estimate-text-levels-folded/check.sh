# The levels come in case-folded order (a before B).  prop and se from R
# 4.2.2, survey 4.1.1:
#   d <- data.frame(s = c("A", "A", "B", "B"), w = c(1, 2, 1, 3),
#                   u = c("B", "a", "a", "B"))
#   svymean(~I(as.numeric(u == "a")), svydesign(ids = ~1, strata = ~s,
#           weights = ~w, data = d))     # 0.42857142857142855, se 0.34753849726380404
# (B is 1 - p with the same se.)
awk -F, 'NR == 2 { ok = $1 == "u" && $2 == "a" } NR == 3 { ok = ok && $2 == "B" }
	function rel(x, y) { return (x > y ? x - y : y - x) / y }
	NR == 2 { ok = ok && rel($8, 0.42857142857142855) < 1e-9 && rel($9, 0.34753849726380404) < 1e-9 }
	NR == 3 { ok = ok && rel($8, 0.5714285714285714) < 1e-9 && rel($9, 0.34753849726380404) < 1e-9 }
	END { exit !(ok && NR == 3) }' out || { echo "levels or numbers differ"; cat out; exit 1; }
