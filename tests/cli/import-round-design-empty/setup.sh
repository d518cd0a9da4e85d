# issue 15: the survey's saved design applies to a new round: a row of it
# without a weight is refused, and the store is unchanged
printf 'id;ar;strat;vikt;svar\n1;2023;a;1,5;1\n2;2023;a;2;0\n3;2023;b;1;0\n4;2023;b;2,5;1\n' >s2023.csv
printf 'id;ar;strat;vikt;svar\n1;2025;a;1,5;1\n2;2025;a;;0\n3;2025;b;1;0\n4;2025;b;2,5;1\n' >r2025.csv
"$KARTLAGG" -s "$STORE" -q import --survey s --round ar s2023.csv
"$KARTLAGG" -s "$STORE" -q estimate --strata strat --weight vikt --over ar --save-design d s svar >/dev/null
