# Issue 14: every spelling of a personnummer real exports carry, in every
# place text enters, is refused with exit 65, and none of its digits
# reach stderr, the store, its journal or any report format.  The
# numbers: DOMAIN.md's 640823-3234, the samordningsnummer 640883-3231 and
# 051212-1237 (born 2005) whose leading 0 a spreadsheet dropped; check
# digits worked by hand with DOMAIN.md's Luhn rule.
set -u
kl=$KARTLAGG
mkdir -p w msgs
n=0
fail=0
# spelling: name|text (UTF-8; "cp1252" spellings are written in
# Windows-1252, where U+2013 becomes the byte 0x96)|digit strings to find
cat >spellings <<'S'
space|640823 3234|6408233234 196408233234 640823
nbsp|640823 3234|6408233234 196408233234 640823
endash|640823–3234|6408233234 196408233234 640823
minus|640823−3234|6408233234 196408233234 640823
cp1252|640823–3234|6408233234 196408233234 640823
dot|640823.3234|6408233234 196408233234 640823
slash|640823/3234|6408233234 196408233234 640823
underscore|640823_3234|6408233234 196408233234 640823
twelve|19640823 3234|6408233234 196408233234 640823
samordning|640883 3231|6408833231 196408833231 640883
ninedigits|512121237|512121237 0512121237 051212
S
[ "$(wc -l <spellings)" -eq 11 ] || exit 1
# place: name|command (@F@ = the file made from the template, @S@ = the
# spelling)|file template (\n = a line break)
polis_h='diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;malsagande_aldersgrupp;status'
ind_h='organisation;organisationstyp;period;personnummer;initialer;kon;fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning'
cb_h='kolumn;kortnamn;etikett;typ;giltiga_koder;bortfallskoder;filter;nyckel'
cat >places <<P
survey-cell|import @F@|id;kod;anm\n1;0180;ok\n2;0181;@S@\n
survey-header|import @F@|id;kod;@S@\n1;0180;1\n
survey-name|import --survey @S@ @F@|id;kod;svar\n1;0180;1\n2;0181;2\n
police-cell|import --kind police @F@|$polis_h\n5000-K100009-24;2024-03-01;;;6153;BrB 6:8;1980;@S@;ja;2;pojke;15-17;nedlagd\n
police-header|import --kind police @F@|$polis_h;@S@\n5000-K100009-24;2024-03-01;;;6153;BrB 6:8;1980;okänt;ja;2;pojke;15-17;nedlagd;x\n
individuals-cell|import --kind individuals --key-file key @F@|$ind_h\n@S@;socialtjanst;2025;;;kvinna;2008;;1980;utsatt;sex_mot_ersattning;;\n
codebook-label|import --codebook @F@ good.csv|$cb_h\nid;id;Id;heltal;1-;;;1\nkod;kod;Kod;text (4 siffror);;;;\nsvar;svar;@S@;kategori;1=Ja|2=Nej;;;\n
codebook-value-label|import --codebook @F@ good.csv|$cb_h\nid;id;Id;heltal;1-;;;1\nkod;kod;Kod;text (4 siffror);;;;\nsvar;svar;Svar;kategori;1=Ja|2=@S@;;;\n
codebook-filter|import --codebook @F@ good.csv|$cb_h\nid;id;Id;heltal;1-;;;1\nkod;kod;Kod;text (4 siffror);;;;\nsvar;svar;Svar;kategori;1=Ja|2=Nej;;kod = @S@;\n
report-title|report -f text @F@|[report]\ntitle = @S@\nregion = 19\nperiod = 2025\n[individuals]\nperiod = 2025\n
report-notes|report -f text @F@|[report]\ntitle = Integritet\nregion = 19\nperiod = 2025\n[individuals]\nperiod = 2025\nrole = @S@\n
P
cp "$DATA/import/good.csv" good.csv
"$kl" -q key new key || exit 1
: >digits
while IFS='|' read -r sname stext sdig; do
	for g in $sdig; do echo "$g" >>digits; done
	while IFS='|' read -r pname pcmd ptmpl; do
		n=$((n + 1))
		f="w/$pname-$sname"
		case $pname in report-*) f="$f.ini" ;; *) f="$f.csv" ;; esac
		# the template, the spelling put in (awk: no sed metacharacters)
		printf '%b' "$ptmpl" | S="$stext" awk '{ gsub(/@S@/, ENVIRON["S"]); print }' >"$f"
		if [ "$sname" = cp1252 ]; then
			iconv -f UTF-8 -t WINDOWS-1252 "$f" >"$f.tmp" && mv "$f.tmp" "$f" || exit 1
			case $ptmpl in *@S@*)
				grep -q "$(printf '\226')" "$f" || { echo "no 0x96 in $f"; exit 1; } ;;
			esac
		fi
		cmd=$(printf '%s' "$pcmd" | F="$f" awk '{ gsub(/@F@/, ENVIRON["F"]); print }')
		# the survey name is one argument, spaces and all
		case $pname in
		survey-name) "$kl" -q -s "$STORE" import --survey "$stext" "$f" >"msgs/$n.out" 2>"msgs/$n.err" ;;
		*) eval "\"\$kl\" -q -s \"\$STORE\" $cmd" >"msgs/$n.out" 2>"msgs/$n.err" ;;
		esac
		st=$?
		if [ "$st" != 65 ]; then
			echo "$pname / $sname: exit $st, want 65:"; head -3 "msgs/$n.err"; fail=1
		fi
		if ! [ -s "msgs/$n.err" ]; then
			echo "$pname / $sname: no message"; fail=1
		fi
	done <places
done <spellings
[ "$n" -eq 121 ] || { echo "only $n runs"; exit 1; }
# the store held only good data all along: the report in every format
printf '[report]\ntitle = Integritet\nregion = 19, 0180\nperiod = 2025\n[individuals]\nperiod = 2025\nrole = alla\n[offences]\nperiod = 2023-2025\n' >r.ini
"$kl" -q -s "$STORE" report -f text -f md -f csv -f html -o rep r.ini >msgs/report.out 2>msgs/report.err ||
	{ echo "the report failed:"; cat msgs/report.err; exit 1; }
[ -f rep/rapport.html ] && [ -f rep/rapport.md ] || { echo "no report written"; ls rep; exit 1; }
# digits of every spelling, and each spelling itself, in no byte anywhere
cut -d'|' -f2 spellings | grep -v '–3234$' >>digits
for f in "$STORE"* msgs/* rep/* rep/*/*; do
	[ -f "$f" ] || continue
	if grep -a -F -q -f digits "$f"; then
		echo "privacy: digits of a personnummer in $f:"
		grep -a -o -F -f digits "$f" | sort -u | sed 's/[0-9]/#/g'
		fail=1
	fi
done
# the search can find one
cp msgs/1.err planted && echo "x 19640823 y" >>planted
grep -a -F -q -f digits planted || { echo "the search finds nothing"; exit 1; }
exit $fail
