# mse-compare.awk - compare kartlagg mse CSV output with an R reference
# (shared/reference/mse/expected_*.csv).
#
#   awk -F, -f mse-compare.awk expected.csv got.csv
#
# Every row of the expected file must be in the output.  Numbers agree when
# |got - want| <= tol * max(|got|, |want|) + abs: tol is 1e-9, 1e-8 for the
# profile-likelihood bounds (root finding in R, ~1e-10 absolute), 2e-6 for
# N_multinomial_mle* (R's optimize() stops at sqrt(DBL_EPSILON) relative on
# a profile that is flat to 1e-14 there; kartlagg solves dl/dN = 0), and
# abs = 1e-9 only for the deviance, which is ~1e-14 (rounding) for a
# saturated fit.  Strings must be equal; stepwise_trace is compared term by
# term with its p-values as numbers.  Prints the largest relative error per
# tolerance class; exits 1 on any mismatch.
function unq(s) { gsub(/^"|"$/, "", s); return s }
function isnum(s) { return s ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
function abs(x) { x += 0; return x < 0 ? -x : x }
function max(a, b) { a += 0; b += 0; return a > b ? a : b }
function cmpnum(key, q, w, g, tol, a,   d, r) {
	if (w == "NA") { if (g != "") { print key ": want NA, got " g; bad++ } return }
	if (w == "-Inf" || w == "Inf") { if (g != w) { print key ": want " w ", got " g; bad++ } return }
	if (!isnum(g)) { print key ": want " w ", got '" g "'"; bad++; return }
	d = abs(g - w)
	r = d / max(max(abs(g), abs(w)), 1e-300)
	if (d > tol * max(abs(g), abs(w)) + a) { printf "%s: want %s, got %s (rel %.3g > %g)\n", key, w, g, r, tol; bad++ }
	if (a == 0 && r > maxrel[tol]) { maxrel[tol] = r; maxkey[tol] = key }
	n++
}
FNR == 1 { next }
NR == FNR { k = unq($1) SUBSEP unq($2); want[k] = unq($3); order[++nw] = k; next }
{ v = $0; sub(/^[^,]*,[^,]*,/, "", v); got[unq($1) SUBSEP unq($2)] = unq(v) }
END {
	for (i = 1; i <= nw; i++) {
		k = order[i]; split(k, kk, SUBSEP); q = kk[2]; key = kk[1] "/" q
		if (!(k in got)) { print key ": missing"; bad++; continue }
		w = want[k]; g = got[k]
		if (q == "stepwise_trace" && w == g) continue
		if (q == "stepwise_trace") {
			nwt = split(w, wt, " "); ngt = split(g, gt, " ")
			if (nwt != ngt) { print key ": want " w ", got " g; bad++; continue }
			for (j = 1; j <= nwt; j++) {
				wn = wt[j]; sub(/\(p=.*/, "", wn); gn = gt[j]; sub(/\(p=.*/, "", gn)
				if (wn != gn) { print key ": want " w ", got " g; bad++; continue }
				wp = wt[j]; sub(/.*\(p=/, "", wp); sub(/\)$/, "", wp)
				gp = gt[j]; sub(/.*\(p=/, "", gp); sub(/\)$/, "", gp)
				cmpnum(key "[" j "]", q, wp, gp, 1e-9, 0)
			}
			continue
		}
		if (w == "NA" || w == "-Inf" || w == "Inf" || isnum(w)) {
			tol = 1e-9; a = 0
			if (q ~ /^ci95_profile_/) tol = 1e-8
			if (q ~ /^N_multinomial_mle/) tol = 2e-6
			if (q == "deviance") a = 1e-9
			cmpnum(key, q, w, g, tol, a)
		} else if (w != g) { print key ": want '" w "', got '" g "'"; bad++ }
	}
	for (t in maxrel) printf "tolerance %g: max relative error %.3g (%s)\n", t, maxrel[t], maxkey[t]
	printf "%d rows compared, %d numbers, %d mismatches\n", nw, n, bad
	exit bad > 0
}
