# A police extract for Västmanlands län 2019-2022 that covers three of
# its ten kommuner: Västerås and Köping every year, Skinnskatteberg with
# cases in 2020 only (covered, but none in 2022), and the SCB sample.
. "$(dirname "$0")/../lib/offences-setup.sh"
# kommun:year:code:antal_brott
police_extract 5000 06-01 1980:2019:4024:2 1980:2020:4024:1 1980:2021:0609:3 \
	1980:2022:4024:4 1980:2022:0610:1 1983:2019:4024:1 \
	1983:2021:4024:2 1983:2022:0682:2 1904:2020:4024:1 >polis_tre.csv
offences_ini Täckning 19 2022 2019-2022
"$KARTLAGG" -q -s "$STORE" import polis_tre.csv
"$KARTLAGG" -q -s "$STORE" import --kind scb-population "$SAMPLES/folkmangd_exempel.csv"
