# A police extract for Västmanlands län 2019-2022 that covers three of
# its ten kommuner: Västerås and Köping every year, Skinnskatteberg with
# cases in 2020 only (covered, but none in 2022), and the SCB sample.
{
	echo "diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;malsagande_aldersgrupp;status"
	n=0
	# kommun:year:code:antal_brott
	for c in 1980:2019:4024:2 1980:2020:4024:1 1980:2021:0609:3 \
		1980:2022:4024:4 1980:2022:0610:1 1983:2019:4024:1 \
		1983:2021:4024:2 1983:2022:0682:2 1904:2020:4024:1; do
		set -- $(echo "$c" | tr : ' ')
		n=$((n + 1))
		printf '5000-K%06d-%s;%s-06-01;;;%s;;%s;annan;nej;%s;okänt;okänt;nedlagd\n' \
			"$n" "${2#20}" "$2" "$3" "$1" "$4"
	done
} >polis_tre.csv
cat >rapport.ini <<'INI'
[report]
title = Täckning
region = 19
period = 2022
formats = text

[offences]
period = 2019-2022
source = police
INI
"$KARTLAGG" -q -s "$STORE" import polis_tre.csv
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
