# Issue 15: after the corrected re-extract the current cases are exactly
# the diarienummer of the corrected file (awk over the raw file).
want=$(awk -F';' 'NR > 1 { print $1 }' "$DATA/feeds/polis_extract_a_rattad.csv" | sort)
got=$(sqlite3 "$STORE" "SELECT diarienummer FROM police_cases ORDER BY 1")
[ "$want" = "$got" ] || { echo "current cases differ"; exit 1; }
