# A police extract for Västmanlands län 2023-2025 with cases in nine
# offence groups (more than the six lines a chart can tell apart), and
# the report file.
{
	echo "diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;malsagande_kon;malsagande_aldersgrupp;status"
	n=0
	# code:cases per year (2023 2024 2025), one offence a case
	for spec in 4024:9,8,7 0610:2,1,1 0609:3,3,2 0418:1,2,0 0470:1,0,0 \
		0493:0,1,0 0682:4,3,3 0611:2,0,0 6153:0,2,1 1616:1,1,1; do
		code=${spec%%:*}
		counts=${spec#*:}
		y=2023
		for k in $(echo "$counts" | tr , ' '); do
			i=0
			while [ "$i" -lt "$k" ]; do
				n=$((n + 1))
				printf '5000-K%06d-%s;%s-03-01;;;%s;;1980;annan;nej;1;okänt;okänt;nedlagd\n' \
					"$n" "${y#20}" "$y" "$code"
				i=$((i + 1))
			done
			y=$((y + 1))
		done
	done
} >polis_grupper.csv
cat >rapport.ini <<'INI'
[report]
title = Brottsgrupper
region = 19
period = 2025
formats = text

[offences]
period = 2023-2025
source = police
INI
"$KARTLAGG" -q -s "$STORE" import polis_grupper.csv
