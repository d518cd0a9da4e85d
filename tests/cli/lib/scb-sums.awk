# scb-sums.awk - the truth for an SCB population download "med rubrik"
# and "fotnoter", computed from the file itself: skip the title lines up
# to the header (the line starting with "region"), stop at the first blank
# line after the data, and print level|year|cells|sum per level and year
# as sqlite3 prints them ('..' cells count as cells without a sum).
# usage: awk -F<delim> -f scb-sums.awk file
{ sub(/\r$/, ""); gsub(/"/, "") }
!hdr && tolower($1) == "region" {
	hdr = 1
	for (i = 4; i <= NF; i++) { y = $i; sub(/^Folkmängd /, "", y); year[i] = y }
	next
}
!hdr { next }
$0 == "" { exit }
{
	split($1, w, " ")
	lvl = w[1] == "00" ? "riket" : length(w[1]) == 2 ? "lan" : "kommun"
	for (i = 4; i <= NF; i++) {
		k = lvl "|" year[i]
		n[k]++
		if ($i != "..") s[k] += $i
	}
}
END { for (k in n) print k "|" n[k] "|" s[k] }
