# A kommun report for Jönköping (0680) 2024-2025: a synthetic police
# extract with cases in Jönköping, Värnamo (0683, same län, outside the
# report's region) and Västerås (1980, another län), and a synthetic SCB
# file for the two kommuner and the län.
. "$(dirname "$0")/../lib/offences-setup.sh"
police_extract 4000 04-01 0680:2024:4024:3 0680:2025:4024:2 0680:2025:0609:1 \
	0683:2024:4024:1 0683:2025:0610:2 1980:2025:4024:5 >polis_jkpg.csv
cat >folkmangd_jkpg.csv <<'CSV'
"region","ålder","kön","Folkmängd 2024","Folkmängd 2025"
"06 Jönköpings län","totalt ålder","män",186000,186500
"06 Jönköpings län","totalt ålder","kvinnor",183000,183400
"0680 Jönköping","totalt ålder","män",72000,72300
"0680 Jönköping","totalt ålder","kvinnor",71500,71800
"0683 Värnamo","totalt ålder","män",17600,17650
"0683 Värnamo","totalt ålder","kvinnor",17100,17120
CSV
offences_ini Jönköping 0680 2025 2024-2025
"$KARTLAGG" -q -s "$STORE" import polis_jkpg.csv
"$KARTLAGG" -q -s "$STORE" import --kind scb-population folkmangd_jkpg.csv
