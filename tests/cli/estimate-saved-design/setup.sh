"$KARTLAGG" -s "$STORE" -q import --codebook "$DATA/estimate/codebook.csv" "$DATA/estimate/survey.csv"
"$KARTLAGG" -s "$STORE" -q estimate --psu psu,ssu --strata stratum --fpc N1,N2 --save-design two survey q1 >/dev/null
