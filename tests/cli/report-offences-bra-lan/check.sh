# The series of the län's own rows (Västerås not added again), the change
# table, and the rate table of Brå's kommun rows, the län and riket over
# their own SCB populations: recomputed from the raw files by
# lib/bra-report-check.py.  The Brå counts are published as Brå
# publishes them (no suppression) and the report says so.
set -eu
lib=$(dirname "$0")/../lib
python3 "$lib/bra-report-check.py" sol.txt "$SAMPLES/folkmangd_exempel.csv" \
	"$SAMPLES/folkmangd_riket_exempel.csv" rep/csv "19, 1980" 2022 2024
grep -F "Brå redovisar alla kommuner och län; talen per 100 000 invånare räknas på hela regionens folkmängd." rep/rapport.html >/dev/null
grep -F "Brås officiella antal redovisas utan röjandeskydd, som Brå själv publicerar dem." rep/rapport.html >/dev/null
grep -F "Källa: Brå, statistikdatabasen (SOL) (import 1)." rep/rapport.html >/dev/null
! grep -Eiw 'nan|-nan|inf|-inf' rep/rapport.txt rep/csv/*.csv
# Köping's 2024 rests on preliminary months: p in its rate row (checked
# above) and its note; the län's own rows of the series are final
grep -F "p = preliminär uppgift (Brås månadsuppgifter för 2024)." rep/rapport.html >/dev/null
! grep -F "Uppgifterna för det senaste året är preliminära (p)." rep/rapport.html
