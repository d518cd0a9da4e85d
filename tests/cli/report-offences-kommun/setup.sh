# A kommun report for Jönköping (0680) 2024-2025: a synthetic police
# extract with cases in Jönköping, Värnamo (0683, same län, outside the
# report's region) and Västerås (1980, another län), and a synthetic SCB
# file for the two kommuner and the län.
{
	echo "diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;malsagande_aldersgrupp;status"
	n=0
	for c in 0680:2024:4024:3 0680:2025:4024:2 0680:2025:0609:1 \
		0683:2024:4024:1 0683:2025:0610:2 1980:2025:4024:5; do
		set -- $(echo "$c" | tr : ' ')
		n=$((n + 1))
		printf '4000-K%06d-%s;%s-04-01;;;%s;;%s;annan;nej;%s;okänt;okänt;nedlagd\n' \
			"$n" "${2#20}" "$2" "$3" "$1" "$4"
	done
} >polis_jkpg.csv
cat >folkmangd_jkpg.csv <<'CSV'
"region","ålder","kön","Folkmängd 2024","Folkmängd 2025"
"06 Jönköpings län","totalt ålder","män",186000,186500
"06 Jönköpings län","totalt ålder","kvinnor",183000,183400
"0680 Jönköping","totalt ålder","män",72000,72300
"0680 Jönköping","totalt ålder","kvinnor",71500,71800
"0683 Värnamo","totalt ålder","män",17600,17650
"0683 Värnamo","totalt ålder","kvinnor",17100,17120
CSV
cat >rapport.ini <<'INI'
[report]
title = Jönköping
region = 0680
period = 2025
formats = text

[offences]
period = 2024-2025
source = police
INI
"$KARTLAGG" -q -s "$STORE" import polis_jkpg.csv
"$KARTLAGG" -q -s "$STORE" import --kind scb-population folkmangd_jkpg.csv
