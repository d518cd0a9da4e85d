# issue 15: a round must have the survey's columns and types; the store is
# unchanged when it does not
printf 'id;ar;vikt;svar\n1;2023;1,5;1\n2;2023;2;0\n' >s2023.csv
printf 'id;ar;vikt;svar;extra\n1;2025;1;1;x\n' >r2025.csv
"$KARTLAGG" -s "$STORE" -q import --survey s --round ar s2023.csv
