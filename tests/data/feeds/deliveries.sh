#!/bin/sh
# deliveries.sh - the files of the re-delivery cases (import-individuals-
# redelivery-*, sources-retire-*), in the current directory, from the
# pseudonymised sample feed (strong keys only, so the unique persons of a
# set of files are simply their distinct person keys):
#   soc.csv         Socialtjänsten Västerås's delivery for 2025
#   andra.csv       every other organisation's
#   soc_rattad.csv  Socialtjänsten's corrected delivery for 2025: five
#                   persons no one else knew dropped, three added
# deliveries-truth.sh counts the unique persons of files, by awk.
set -eu
# the sample feed is two files since the police's delivery has a file
# of its own (its corrected one, individer_polisen_2025_rattad.csv)
S=all.csv
{ cat "$SAMPLES/individer_pseudonymiserade.csv"
  tail -n +2 "$SAMPLES/individer_polisen_2025_rattad.csv"; } >"$S"
awk -F';' 'NR == 1 || ($1 == "Socialtjänsten Västerås" && $5 == "stark")' "$S" >soc.csv
awk -F';' 'NR == 1 || ($1 != "Socialtjänsten Västerås" && $5 == "stark")' "$S" >andra.csv
{
	# drop five persons only Socialtjänsten knew
	awk -F';' 'NR == FNR { if (FNR > 1) seen[$4] = 1; next }
		FNR > 1 && !($4 in seen) && dropped < 5 { dropped++; next } { print }' andra.csv soc.csv
	for i in 1 2 3; do
		printf 'Socialtjänsten Västerås;socialtjanst;2025;%s;stark;kvinna;2005;;1980;utsatt;sex_mot_ersattning;hotell;pengar\n' \
			"$(printf 'c0ffee%058d' "$i")"
	done
} >soc_rattad.csv
