# a police extract: corrected by a later extract, never retired
"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_a.csv"
