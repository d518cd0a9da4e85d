# The privacy test (issue 7): after importing and pseudonymising feeds with
# personnummer, and running every command that reads them in every format,
# no personnummer of the fixtures may appear in any form in the store (and
# any journal next to it), nor on stdout or stderr of any command.
set -u
kl=$KARTLAGG
out=outputs
mkdir -p "$out"
n=0
run() { # run ARGS...: keep stdout and stderr of one command
	n=$((n + 1))
	"$kl" "$@" >"$out/$n.out" 2>"$out/$n.err"
}
d=$DATA/feeds
run -s "$STORE" import --key-file key "$d/individuals_2025.csv"
run -s "$STORE" import --dry-run --key-file key "$d/individuals_bad_pnr.csv"
run -s "$STORE" import --key-file key -m 10 "$d/individuals_bad_pnr.csv"
run -s "$STORE" import --key-file key "$d/individuals_pnr_elsewhere.csv"
# a copy with other bytes, so the SHA-256 check does not skip it
sed 's/2025H1/2025Q1/' "$d/individuals_2025.csv" >copy.csv
run -s "$STORE" import copy.csv
run -s "$STORE" import --kind police copy.csv
run -s "$STORE" import --kind bra-sol -m 50 copy.csv
run -s "$STORE" import --kind individuals -m 50 --key-file key --encoding windows-1252 copy.csv
# a file named by a personnummer
cp "$d/individuals_2025.csv" 080101-9829.csv
run -s "$STORE" import --key-file key 080101-9829.csv
run pseudonymise --key key 080101-9829.csv
rm -f 080101-9829.csv
# files whose header line is missing: the first row is taken as the header
run -s "$STORE" import "$d/survey_no_header.csv"
run -s "$STORE" import -m 50 "$d/individuals_no_header.csv"
run -s "$STORE" import --kind police -m 50 "$d/individuals_no_header.csv"
run -s "$STORE" import --kind individuals --key-file key "$d/individuals_no_header.csv"
run pseudonymise --key key "$d/individuals_no_header.csv"
run pseudonymise --key key "$d/individuals_2025.csv"
cp "$out/$n.out" pseudo.csv
run pseudonymise --key key "$d/individuals_bad_pnr.csv"
run pseudonymise --key key -m 5 "$d/individuals_pnr_elsewhere.csv"
run -s "$STORE" import pseudo.csv
run -s "$STORE" import --key-file key pseudo.csv
for f in text csv json; do
	run -s "$STORE" count individuals --period 2025 --format "$f"
	run -s "$STORE" count individuals --period 2024 --format "$f"
	run -s "$STORE" count individuals --period 2025 --role utsatt --format "$f"
	run -s "$STORE" count individuals --period 2025 --lists organisation-type --format "$f"
done
run -s "$STORE" count individuals --period 2025 --histories
run -s "$STORE" count individuals --period 2025 --histories --lists organisation-type
run -s "$STORE" sources
# the council appendix in every format (the files go with the outputs)
printf '[report]\ntitle = Integritet\nregion = 19, 0180\nperiod = 2025\n[individuals]\nperiod = 2025\nrole = alla\n[offences]\nperiod = 2024-2025\n[mse]\nrule = independence\n' >r.ini
run -s "$STORE" report -f text -f md -f csv -f html -o rep r.ini
rep_n=$n
for f in rep/rapport.md rep/rapport.html rep/csv/*; do
	[ -f "$f" ] && cp "$f" "$out/report-$(basename "$f")"
done
[ -f "$out/report-rapport.html" ] || { echo "no report written"; exit 1; }
run -s "$STORE" sources --all --format csv
run key id key
[ "$n" -gt 20 ] || { echo "only $n commands ran"; exit 1; }

# every personnummer of the fixtures, 12 and 10 digits, with and without
# '-' or '+' (the invalid 080101-9828 too)
: > pnr.txt
for p in 20080101-9829 20110315-9818 19800704-9839 20010275-9842 \
	20070612-9855 20080101-9828; do
	c=${p%%-*}
	s=${p#*-}
	y=${c#??}
	printf '%s\n' "$c$s" "$c-$s" "$c+$s" "$y$s" "$y-$s" "$y+$s" >>pnr.txt
done
[ "$(wc -l <pnr.txt)" -eq 36 ] || exit 1
fail=0
for f in "$STORE"* "$out"/*; do
	if grep -a -F -q -f pnr.txt "$f"; then
		echo "privacy: a personnummer appears in $f:"
		grep -a -o -F -f pnr.txt "$f" | sort -u | sed 's/[0-9]/#/g'
		fail=1
	fi
done
# nor a person key of the store in any file of the report (pseudonymise
# writes them by design, so its output is not searched for keys)
sqlite3 "$STORE" "SELECT DISTINCT person_key FROM individuals WHERE person_key IS NOT NULL" >keys.txt
[ -s keys.txt ] || { echo "no person keys to look for"; exit 1; }
for f in "$out"/report-* "$out/$rep_n.out" "$out/$rep_n.err"; do
	if grep -a -F -q -f keys.txt "$f"; then
		echo "privacy: a person key appears in $f"
		fail=1
	fi
done
# the check can find one: it must see a number planted in a copy
cp "$out/1.err" planted && echo "x 0801019829 y" >>planted
grep -a -F -q -f pnr.txt planted || { echo "the search finds nothing"; exit 1; }
exit $fail
