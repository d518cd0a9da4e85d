#!/bin/sh
# check-banned.sh [FILE|DIR...] - fail when C code calls a function that
# cannot be bounded: strcpy, strcat, sprintf, vsprintf, gets.  Use
# snprintf with a checked result, kli_strlcpy for a fixed buffer, or the
# string builder struct kli_sb (lib/util_priv.h).
#
# The names are matched as whole words (snprintf, kli_strlcpy and
# fgets do not match) in code only: comments and string or character
# literals are blanked first, keeping line numbers, so "gets" in prose
# is not a finding.  Without arguments it checks lib/ and cli/ from the
# source tree's top.  tests/check-banned-self.sh proves it fails.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$top/lib" "$top/include" "$top/cli"
files=$(find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.h.in' \) | sort)
[ -n "$files" ] || { echo "check-banned: no C files under $*" >&2; exit 2; }
# shellcheck disable=SC2086
awk '
FNR == 1 { incom = 0 }
{
	line = $0; out = ""; i = 1; n = length(line)
	while (i <= n) {
		c = substr(line, i, 1); d = substr(line, i, 2)
		if (incom) {
			if (d == "*/") { incom = 0; i += 2; out = out "  " }
			else { i++; out = out " " }
		} else if (d == "/*") { incom = 1; i += 2; out = out "  " }
		else if (d == "//") { break }
		else if (c == "\"" || c == "\047") {
			q = c; out = out " "; i++
			while (i <= n) {
				c = substr(line, i, 1)
				if (c == "\\") { i += 2; out = out "  "; continue }
				i++; out = out " "
				if (c == q) break
			}
		} else { out = out c; i++ }
	}
	if (match(out, /(^|[^A-Za-z0-9_])(strcpy|strcat|sprintf|vsprintf|gets)([^A-Za-z0-9_]|$)/)) {
		w = substr(out, RSTART, RLENGTH)
		gsub(/[^A-Za-z0-9_]/, "", w)
		printf "check-banned: %s:%d: %s is banned (use snprintf, kli_strlcpy or struct kli_sb)\n", FILENAME, FNR, w
		bad = 1
	}
}
END { exit bad }
' $files >&2
