# A police extract for Västmanlands län 2023-2025 with cases in nine
# offence groups (more than the six lines a chart can tell apart), and
# the report file.
. "$(dirname "$0")/../lib/offences-setup.sh"
cases=
# code:cases per year (2023 2024 2025), one offence a case
for spec in 4024:9,8,7 0610:2,1,1 0609:3,3,2 0418:1,2,0 0470:1,0,0 \
	0493:0,1,0 0682:4,3,3 0611:2,0,0 6153:0,2,1 1616:1,1,1; do
	code=${spec%%:*}
	counts=${spec#*:}
	y=2023
	for k in $(echo "$counts" | tr , ' '); do
		i=0
		while [ "$i" -lt "$k" ]; do
			cases="$cases 1980:$y:$code:1"
			i=$((i + 1))
		done
		y=$((y + 1))
	done
done
police_extract 5000 03-01 $cases >polis_grupper.csv
offences_ini Brottsgrupper 19 2025 2023-2025
"$KARTLAGG" -q -s "$STORE" import polis_grupper.csv
