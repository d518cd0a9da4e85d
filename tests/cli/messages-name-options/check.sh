# Every option a message names (--name, or --name <arg>) is an option of the
# command that prints it, spelled as its --help spells it (issue 15: import
# said "give --key <file>" where the option is --key-file).  Messages of
# cli/cmd_<cmd>.c are checked against `kartlagg <cmd> --help`, those of a
# lib/ file against the commands that use it (the table below; any other
# lib/ file against every command), cli/cli.c and cli/kartlagg.c against
# all; an option right after a command's name ("import --kind", "kartlagg
# count individuals --region") against that command.
set -u
src=$SAMPLES/..
kl=$KARTLAGG
cmds=$("$kl" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "no commands in --help"; exit 1; }
"$kl" --help >help.all
for c in $cmds; do
	"$kl" "$c" --help >"help.$c"
	cat "help.$c" >>help.all
done
users() { # users FILE: the commands whose help the file's messages must match
	case ${1##*/} in
	cmd_*.c) f=${1##*/cmd_}; echo "${f%.c}" ;;
	feed_*.c | import_survey.c | codebook.c | csv_reader.c) echo import ;;
	calibrate.c) echo calibrate ;;
	estimate.c) echo "estimate report" ;;
	mse.c | mse_select.c) echo mse ;;
	count.c | count_offences.c) echo "count report" ;;
	key.c) echo "key import pseudonymise" ;;
	report*.c | sdc.c | svg*.c) echo report ;;
	*) echo all ;;
	esac
}
# Options of other programs kartlagg runs (the PDF browser's command line).
external='--print-to-pdf --user-data-dir --headless --no-sandbox --disable-gpu
--no-first-run --disable-extensions --disable-background-networking
--no-pdf-header-footer --export-tagged-pdf --generate-pdf-document-outline
--deterministic-id'
fail=0
for f in "$src"/lib/*.c "$src"/cli/*.c; do
	u=$(users "$f")
	[ -f "help.${u%% *}" ] || [ "$u" = all ] || { echo "${f##*/}: no command '$u'"; fail=1; continue; }
	: >want
	for c in $u; do cat "help.$c" >>want; done
	# string literals only: lines with a quote, not comment lines
	grep -n '"' "$f" | grep -v '^[0-9]*:[[:space:]]*\(/\*\|\*\)' |
	    grep -o -- '^[0-9]*:\|\(kartlagg [a-z]* [a-z]* \|[a-z]* \)\?--[a-z][a-z0-9-]*\( <[a-z0-9-]*>\)\?' |
	    awk '/:$/ { loc = $0; next }
	         $1 == "kartlagg" { print loc " " $2 " " $4 " " $5; next }
	         $1 !~ /^--/ { print loc " " $0; next }
	         { print loc " - " $0 }' >found
	while read -r loc cmd opt arg; do
		case " $(echo $external) " in *" $opt "*) continue ;; esac
		# "kartlagg import --kind ...": an option of the command named
		if [ "$cmd" != - ] && [ -f "help.$cmd" ]; then
			grep -q -- "$opt\\([^a-z0-9-]\\|\$\\)" "help.$cmd" ||
				{ echo "${f##*/}:$loc names '$cmd $opt', not an option of $cmd"; fail=1; }
			continue
		fi
		grep -q -- "$opt\\([^a-z0-9-]\\|\$\\)" want ||
			{ echo "${f##*/}:$loc names $opt, not an option of: $u"; fail=1; continue; }
		[ -z "$arg" ] || grep -qF -- "$opt $arg" want ||
			{ echo "${f##*/}:$loc names '$opt $arg', which --help of $u does not"; fail=1; }
	done <found
done
exit $fail
