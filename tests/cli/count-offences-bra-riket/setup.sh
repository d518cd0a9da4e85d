"$KARTLAGG" -s "$STORE" -q import "$REF/formats/bra_sol_anmalda_brott_example.txt"
