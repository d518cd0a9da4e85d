#!/bin/sh
# make-rounds.sh - round files made from the reference survey (REF) in the
# current directory, for the tests/cli/*round* cases:
#   r2023.csv, r2025.csv   the 2023 and the 2025 rows of the reference file
#   r2027.csv              a third round: the 2025 rows as year 2027, with
#                          Fråga 21 and 22 answered 1 (yes) where the
#                          Löpnummer is a multiple of 13 and they were 2
#   r2025_rattad.csv       a corrected 2025: Fråga 22 answered 1 where the
#                          Löpnummer is a multiple of 17 and it was 2
#   kodbok_2027.csv        the reference codebook with 2027 a valid year
# Every file keeps the reference's bytes otherwise (BOM, ';', CRLF).
set -eu
src="$REF/survey/ungdomsenkat_2023_2025.csv"
split() { # year -> stdout
	awk -v y="$1" 'BEGIN { FS = ";" } NR == 1 || $2 == y' "$src"
}
split 2023 >r2023.csv
split 2025 >r2025.csv
awk 'BEGIN { FS = OFS = ";" } NR > 1 { $2 = 2027; if ($1 % 13 == 0) { if ($10 == "2") $10 = "1"; if ($11 == "2") $11 = "1" } } 1' r2025.csv >r2027.csv
awk 'BEGIN { FS = OFS = ";" } NR > 1 && $1 % 17 == 0 && $11 == "2" { $11 = "1" } 1' r2025.csv >r2025_rattad.csv
sed 's/"2023|2025"/"2023|2025|2027"/' "$REF/survey/codebook.csv" >kodbok_2027.csv
