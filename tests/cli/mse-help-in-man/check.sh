# Every long option in `kartlagg mse --help` is documented in
# man/kartlagg-mse.1, and the SYNOPSIS names the same options as the usage.
here=$(dirname "$0")
man="$here/../../../man/kartlagg-mse.1"
[ -f "$man" ] || { echo "no $man"; exit 1; }
fail=0
for o in $(grep -o -- '--[a-z][a-z-]*' out | sort -u); do
	esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
	grep -q -- "\\\\fB$esc\\\\fR" "$man" || { echo "$o missing from $man"; fail=1; }
done
exit $fail
