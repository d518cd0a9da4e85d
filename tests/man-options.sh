#!/bin/sh
# tests/man-options.sh KARTLAGG MANDIR - every command has a man page, and
# every long option its --help shows is documented there.
set -u
kl=$1
man=$2
fail=0

# "\-\-store" in roff is "--store" once the escapes are gone.
check() { # check PAGE HELPTEXT
	page=$1
	if [ ! -f "$man/$page" ]; then
		echo "man-options: $page is missing" >&2
		fail=1
		return
	fi
	text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man/$page")
	for opt in $(printf '%s\n' "$2" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		case $text in
		*"$opt"*) ;;
		*)
			echo "man-options: $page does not document $opt" >&2
			fail=1
			;;
		esac
	done
}

# synopsis PAGE HELPTEXT: every repeated operand of the usage line
# (<file>..., <item>...) is in the man page's SYNOPSIS under the same name,
# so the two name the same inputs (issue 15: import said <file.csv>).
synopsis() {
	page=$1
	[ -f "$man/$page" ] || return
	syn=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$man/$page" |
		sed 's/\\-/-/g; s/\\f[BIRP]//g; s/^\.[A-Z]* //' |
		tr '\n[]' '   ' | sed 's/ *\.\.\./.../g')
	for w in $(printf '%s\n' "$2" | sed -n 1p | grep -o '<[^>]*>\.\.\.' | tr -d '<>' | sort -u); do
		case " $syn " in
		*" $w "* | *" $w"[\|]*) ;;
		*)
			echo "man-options: $page SYNOPSIS lacks the operand '$w' of the usage line" >&2
			fail=1
			;;
		esac
	done
}

check kartlagg.1 "$("$kl" --help)"
cmds=$("$kl" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "man-options: no commands in --help" >&2; exit 1; }
for c in $cmds; do
	check "kartlagg-$c.1" "$("$kl" "$c" --help)"
	synopsis "kartlagg-$c.1" "$("$kl" "$c" --help)"
	grep -q "kartlagg\\\\-$c" "$man/kartlagg.1" ||
		{ echo "man-options: kartlagg.1 does not name kartlagg-$c" >&2; fail=1; }
done
exit $fail
