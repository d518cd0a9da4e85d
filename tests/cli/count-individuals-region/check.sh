# The län and the all-roles counts of the same feed (see setup.sh):
# län 19 with role utsatt: A, B, C, F live in it, E elsewhere, D unknown;
# kommun 1980 with every role: A, C, F, G; B and E elsewhere; D unknown.
set -e
out=$("$KARTLAGG" -s "$STORE" count individuals --period 2025 --role utsatt --region 19 --format csv)
echo "$out" | grep -qx 'total,,,4'
echo "$out" | grep -qx 'residence,annan,,1'
echo "$out" | grep -qx 'residence,okand,,1'
out=$("$KARTLAGG" -s "$STORE" count individuals --period 2025 --region 1980 --format json)
echo "$out" | grep -q '"persons":4,'
echo "$out" | grep -q '"residence":{"annan":2,"okand":1}'
# the text form says the same
"$KARTLAGG" -s "$STORE" count individuals --period 2025 --region 1980 --by sex |
	grep -q '^Bor i annan kommun/annat län  *2$'
# a bad code is a usage error
if "$KARTLAGG" -s "$STORE" count individuals --period 2025 --region 198 2>err; then exit 1; fi
grep -q "region takes kommun (4 digits) or län (2 digits) codes, not '198'" err
