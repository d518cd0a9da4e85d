# Every long option in --help is documented in man/kartlagg-estimate.1.
man="$(dirname "$0")/../../../man/kartlagg-estimate.1"
[ -f "$man" ] || { echo "no $man"; exit 1; }
opts=$(grep -o -- '--[a-z][a-z-]*' out | sort -u)
[ -n "$opts" ] || { echo "no options in --help"; exit 1; }
fail=0
for o in $opts; do
	pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
	grep -q -- "$pat" "$man" || { echo "$o is not in $man"; fail=1; }
done
exit $fail
