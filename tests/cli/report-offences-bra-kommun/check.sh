# Two kommuner over Brå alone (source = auto): the series of their own
# rows, with Köping's preliminary months of 2024 (the note and the p
# flag), none in 2022 (no percentage from none), and the län as a
# comparison row: recomputed from the raw files by
# lib/bra-report-check.py.
set -eu
lib=$(dirname "$0")/../lib
python3 "$lib/bra-report-check.py" sol.txt "$SAMPLES/folkmangd_exempel.csv" \
	"$SAMPLES/folkmangd_riket_exempel.csv" rep/csv "1980, 1983" 2022 2024
grep -F "Uppgifterna för det senaste året är preliminära (p)." rep/rapport.html >/dev/null
! grep -Eiw 'nan|-nan|inf|-inf' rep/rapport.txt rep/csv/*.csv
grep -F "p = preliminär uppgift (Brås månadsuppgifter för 2024)." rep/rapport.html >/dev/null
