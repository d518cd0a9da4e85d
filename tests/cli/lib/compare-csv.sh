#!/bin/sh
# compare-csv.sh REF GOT KEYS [WHERE] - compare kartlagg's CSV output with
# reference values (R survey results), number by number.
#
#   REF    reference CSV (comma, header row; NA = undefined, NaN = R gave NaN)
#   GOT    kartlagg's CSV (header row; empty = undefined)
#   KEYS   key columns, comma-separated, each REFCOL or REFCOL=GOTCOL; a key
#          column missing from GOT's header counts as empty there
#   WHERE  optional GOTCOL=VALUE: use only GOT rows with that value
#          (e.g. level=1: the "yes" category)
#
# Every REF row must have exactly one GOT row with the same key.  Every
# other REF column that GOT also has is compared:
#   n_rows n_valid n_yes df           exactly
#   ci_logit_lo ci_logit_hi           only where REF's ci_logit_ok is 1, to
#                                     LOGIT_TOL (default 1e-6: R fits the
#                                     logit interval by IRLS, see the
#                                     reference README)
#   everything else                   to REL_TOL relative (default 1e-9);
#                                     columns named se* also pass within
#                                     ABS_TOL absolute (default 1e-15)
# REF NaN is skipped (R's meaningless value; kartlagg defines its own), and
# so are the interval columns of rows where REF's prop is 0 or 1
# (degenerate cells: kartlagg's own one-sided interval, compared when
# KEEP_DEGENERATE=1 with a reference made for it),
# and deff and the intervals of rows whose REF se is at most ABS_TOL (an SE
# that is 0 in exact arithmetic: both sides hold rounding noise there).
# REF NA must be empty in GOT.  Exits 1 on any mismatch, printing each one
# and the largest relative difference per column.
set -u
ref=$1
got=$2
keys=$3
where=${4:-}
: "${REL_TOL:=1e-9}" "${ABS_TOL:=1e-15}" "${LOGIT_TOL:=1e-6}"
[ -f "$ref" ] || { echo "compare-csv: no file $ref"; exit 2; }
[ -f "$got" ] || { echo "compare-csv: no file $got"; exit 2; }
awk -F, -v keys="$keys" -v where="$where" -v rel_tol="$REL_TOL" \
    -v abs_tol="$ABS_TOL" -v logit_tol="$LOGIT_TOL" -v reffile="$ref" \
    -v keepdeg="${KEEP_DEGENERATE:-0}" '
function abs(x) { return x < 0 ? -x : x }
BEGIN {
	nk = split(keys, kspec, ",")
	for (i = 1; i <= nk; i++) {
		if (index(kspec[i], "=")) {
			split(kspec[i], kv, "=")
			kref[i] = kv[1]; kgot[i] = kv[2]
		} else {
			kref[i] = kspec[i]; kgot[i] = kspec[i]
		}
		iskey[kref[i]] = 1
	}
	if (where != "") {
		split(where, wv, "=")
		wcol = wv[1]; wval = wv[2]
	}
	fail = 0; nrows = 0
}
FNR == 1 && NR == 1 {             # GOT header
	for (i = 1; i <= NF; i++) gcol[$i] = i
	if (where != "" && !(wcol in gcol)) { print "no column " wcol " in output"; exit 2 }
	next
}
NR == FNR {                        # GOT rows
	if (where != "" && $(gcol[wcol]) != wval) next
	k = ""
	for (i = 1; i <= nk; i++)
		k = k SUBSEP ((kgot[i] in gcol) ? $(gcol[kgot[i]]) : "")
	if (k in grow) { print "duplicate output row for key" k; fail = 1 }
	grow[k] = $0
	next
}
FNR == 1 {                         # REF header
	nr = NF
	for (i = 1; i <= NF; i++) { rname[i] = $i; rcol[$i] = i }
	next
}
{
	k = ""
	for (i = 1; i <= nk; i++) k = k SUBSEP $(rcol[kref[i]])
	kshow = k; gsub(SUBSEP, "|", kshow)
	if (!(k in grow)) { print "missing row " kshow; fail = 1; next }
	nrows++
	ng = split(grow[k], g, ",")
	degenerate = ("prop" in rcol) && ($(rcol["prop"]) == "0" || $(rcol["prop"]) == "1")
	noise = ("se" in rcol) && $(rcol["se"]) != "NA" && abs($(rcol["se"])) <= abs_tol
	for (i = 1; i <= nr; i++) {
		c = rname[i]
		if (c in iskey || c == "design" || c == "ci_logit_ok" || !(c in gcol)) continue
		r = $i; v = g[gcol[c]]
		if (r == "NaN") continue
		if (r == "NA") {
			if (v != "") { print kshow ": " c " = " v ", want empty (NA)"; fail = 1 }
			continue
		}
		if (c ~ /^ci_/ && degenerate && !keepdeg) continue
		if ((c ~ /^ci_/ || c == "deff") && noise) continue
		if (c ~ /^ci_logit_/ && ("ci_logit_ok" in rcol) && $(rcol["ci_logit_ok"]) != "1") continue
		if (v == "") { print kshow ": " c " is empty, want " r; fail = 1; continue }
		checked[c]++
		if (c == "n_rows" || c == "n_valid" || c == "n_yes" || c == "df") {
			if (v + 0 != r + 0) { print kshow ": " c " = " v ", want " r; fail = 1 }
			continue
		}
		d = abs(v - r)
		re = (r + 0 != 0) ? d / abs(r) : (d == 0 ? 0 : 1e300)
		tol = (c ~ /^ci_logit_/) ? logit_tol : rel_tol
		if (re > maxrel[c] + 0 && !(c ~ /^se/ && abs(r) <= abs_tol)) maxrel[c] = re
		if (re <= tol) continue
		if (c ~ /^se/ && d <= abs_tol) continue
		printf "%s: %s = %s, want %s (relative difference %.3g)\n", kshow, c, v, r, re
		fail = 1
	}
}
END {
	if (nrows == 0) { print "no rows compared"; fail = 1 }
	printf "compared %d rows of %s\n", nrows, reffile
	for (c in checked)
		printf "  %-14s %5d values, max relative difference %.3g%s\n", c, checked[c], maxrel[c] + 0, c ~ /^se/ ? " (where the reference is above ABS_TOL)" : ""
	exit fail
}' "$got" "$ref"
