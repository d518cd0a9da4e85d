#!/bin/sh
# scripts/demo.sh KARTLAGG - the main job on the bundled data-samples/:
# imports into a fresh store in demo-out/, then the council appendix
# (kartlagg report): text on the terminal, HTML and PDF (and the CSV
# bundle and the Excel workbook) into demo-out/rapport/.
set -eu
kl=${1:-build/kartlagg}
out=demo-out
mkdir -p "$out"
rm -f "$out/kartlagg.db" "$out/kartlagg.db-wal" "$out/kartlagg.db-shm"
rm -rf "$out/rapport"
export KARTLAGG_STORE="$out/kartlagg.db"

echo "== kartlagg import (survey export + codebook: the rounds 2023, 2025 and 2027)"
"$kl" import --survey ungdomsenkat \
	--codebook data-samples/kodbok_exempel.csv \
	data-samples/ungdomsenkat_exempel.csv
echo "== importing the same file again changes nothing"
"$kl" import --survey ungdomsenkat \
	--codebook data-samples/kodbok_exempel.csv \
	data-samples/ungdomsenkat_exempel.csv
echo "== kartlagg import (SCB population, police extract, pseudonymised individuals feeds)"
"$kl" import --kind scb-population data-samples/folkmangd_exempel.csv
"$kl" import data-samples/polis_exempel.csv \
	data-samples/individer_pseudonymiserade.csv \
	data-samples/individer_polisen_2025.csv
echo "== the police's corrected re-delivery replaces its first one (--replace)"
"$kl" import --replace data-samples/individer_polisen_2025_rattad.csv
echo "== kartlagg calibrate (rake each round to SCB's 15- and 17-year-olds)"
"$kl" calibrate --method rake --weight vikt --over year \
	--margin kon,arskurs --margin kod,arskurs \
	--map kod=region --map arskurs=age:9=15,gy2=17 \
	--map kon=sex:1=män,2=kvinnor ungdomsenkat kalibrerad 2>&1 |
	grep -v 'has no population figure'
echo "== kartlagg sources"
"$kl" sources
echo "== kartlagg estimate (design-weighted prevalence, 95 % CI, by sex)"
"$kl" estimate --over year --strata kod --psu skola --weight vikt \
	--by kon ungdomsenkat salt_sex_nagonsin
echo "== kartlagg report data-samples/rapport.ini"
formats="-f text -f html -f csv -f xlsx"
if command -v chromium >/dev/null 2>&1 || [ -n "${KARTLAGG_CHROMIUM:-}" ]; then
	formats="$formats -f pdf"
else
	echo "(chromium is not installed: no PDF; sudo apt-get install chromium)"
fi
# shellcheck disable=SC2086
"$kl" report $formats -o "$out/rapport" data-samples/rapport.ini
echo
echo "demo store: $out/kartlagg.db"
echo "the appendix: $out/rapport/ (rapport.html, rapport.pdf, rapport.xlsx, csv/)"
