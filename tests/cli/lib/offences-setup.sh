# Sourced by the report-offences-* cases' setup.sh: a synthetic police
# extract and the report file of an [offences] section on police data.
#
# police_extract PREFIX MM-DD SPEC... - the extract on stdout: the header,
# then one case a SPEC kommun:year:brottskod:antal_brott, numbered from 1
# (diarienummer PREFIX-Knnnnnn-YY, reported on YEAR-MM-DD, place annan, not
# on the internet, victim's sex and age okänt, status nedlagd).
police_extract() {
	pe_prefix=$1
	pe_day=$2
	shift 2
	echo "diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;malsagande_aldersgrupp;status"
	pe_n=0
	for pe_case in "$@"; do
		set -- $(echo "$pe_case" | tr : ' ')
		pe_n=$((pe_n + 1))
		printf '%s-K%06d-%s;%s-%s;;;%s;;%s;annan;nej;%s;okänt;okänt;nedlagd\n' \
			"$pe_prefix" "$pe_n" "${2#20}" "$2" "$pe_day" "$3" "$1" "$4"
	done
}

# offences_ini TITLE REGION PERIOD OFFENCE-PERIOD - rapport.ini: a text
# report TITLE of REGION for PERIOD whose [offences] section counts the
# police data of OFFENCE-PERIOD.
offences_ini() {
	printf '[report]\ntitle = %s\nregion = %s\nperiod = %s\nformats = text\n\n' \
		"$1" "$2" "$3" >rapport.ini
	printf '[offences]\nperiod = %s\nsource = police\n' "$4" >>rapport.ini
}
