#!/bin/sh
# scripts/demo.sh KARTLAGG - the main job on the bundled data-samples/.
# Builds a fresh store in demo-out/ and prints what a yearly run prints.
set -eu
kl=${1:-build/kartlagg}
out=demo-out
mkdir -p "$out"
rm -f "$out/kartlagg.db" "$out/kartlagg.db-wal" "$out/kartlagg.db-shm"
export KARTLAGG_STORE="$out/kartlagg.db"

echo "== kartlagg import (survey export + codebook)"
"$kl" import --survey ungdomsenkat \
	--codebook data-samples/kodbok_exempel.csv \
	data-samples/ungdomsenkat_exempel.csv
echo "== importing the same file again changes nothing"
"$kl" import --survey ungdomsenkat \
	--codebook data-samples/kodbok_exempel.csv \
	data-samples/ungdomsenkat_exempel.csv
echo "== kartlagg sources"
"$kl" sources
echo "== kartlagg estimate (design-weighted prevalence, 95 % CI, by sex)"
"$kl" estimate --over year --strata kod --psu skola --weight vikt \
	--by kon ungdomsenkat salt_sex_nagonsin
echo
echo "demo store: $out/kartlagg.db"
