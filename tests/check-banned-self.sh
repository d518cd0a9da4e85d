#!/bin/sh
# check-banned-self.sh - scripts/check-banned.sh fails on a file that calls
# strcat (or any other banned name) and passes one that only mentions the
# names in comments and strings, or calls the bounded look-alikes.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
chk="$top/scripts/check-banned.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for fn in strcpy strcat sprintf vsprintf gets; do
	mkdir "$tmp/$fn"
	printf 'void f(char *a, const char *b)\n{\n\t%s (a, b);\n}\n' "$fn" >"$tmp/$fn/bad.c"
	if sh "$chk" "$tmp/$fn" 2>"$tmp/err"; then
		echo "check-banned passed a file calling $fn"; fail=1
	elif ! grep -q "bad.c:3: $fn is banned" "$tmp/err"; then
		echo "check-banned did not name $fn at bad.c:3:"; cat "$tmp/err"; fail=1
	fi
done
mkdir "$tmp/ok"
cat >"$tmp/ok/ok.c" <<'C'
/* strcpy(a, b) and strcat(a, b) in a comment,
 * over two lines: gets() */
static const char s[] = "strcat(a, b) in a string \" sprintf(";
static const char c = '"'; // strcpy(
int g(char *a, const char *b, FILE *f)
{
	snprintf(a, 8, "%s", b);
	kli_strlcpy(a, b, 8);
	return fgets(a, 8, f) != NULL;
}
C
if ! sh "$chk" "$tmp/ok" 2>"$tmp/err"; then
	echo "check-banned failed a clean file:"; cat "$tmp/err"; fail=1
fi
# and the real tree is clean
sh "$chk" || fail=1
exit $fail
