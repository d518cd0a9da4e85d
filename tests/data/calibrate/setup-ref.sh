#!/bin/sh
# setup-ref.sh [poststrat] [rake] - the reference survey (with its
# respondent key) and the SCB population in $STORE, then the named weight
# sets calibrated as the reference README does (calibrate-ref-* cases).
set -eu
d=$(dirname "$0")
"$KARTLAGG" -s "$STORE" -q import --key year,lopnr --codebook "$REF/survey/codebook.csv" \
	"$REF/survey/ungdomsenkat_2023_2025.csv"
"$KARTLAGG" -s "$STORE" -q import --kind scb-population "$REF/survey/befolkning_vastmanland.csv"
maps="--map kod=region --map arskurs=age:9=15,gy2=17 --map kon=sex:1=män,2=kvinnor"
for set in "$@"; do
	case $set in
	poststrat) m="--margin kod,arskurs,kon" ;;
	rake) m="--margin kon,arskurs --margin kod,arskurs" ;;
	linear) m="--margin kon,arskurs --margin kod,arskurs" ;;
	esac
	"$KARTLAGG" -s "$STORE" -q calibrate --method "$set" --weight vikt --over year $m $maps \
		ungdomsenkat_2023_2025 "$set"
done
