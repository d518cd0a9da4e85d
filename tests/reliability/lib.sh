# tests/reliability/lib.sh - sourced by the reliability scripts.
#
# rel_start NAME KARTLAGG - kl=KARTLAGG and a temporary directory $tmp,
# removed when the script exits; fail() then prefixes its message with
# NAME.
rel_start() {
	rel_name=$1
	kl=$2
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
}

# fail MSG... - say "NAME: MSG" on stderr and exit 1.
fail() { echo "$rel_name: $*" >&2; exit 1; }

# survey_csv N FILE - a survey file of N rows into FILE: the header
# id;kod;text, then row i is i;(1980 + i % 5);svar nummer i.
survey_csv() {
	awk -v n="$1" 'BEGIN { print "id;kod;text";
		for (i = 1; i <= n; i++) printf "%d;%04d;svar nummer %d\n", i, 1980 + i % 5, i }' \
		>"$2"
}
