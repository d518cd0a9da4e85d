# text levels B, a, a, B (byte order B < a): listed as a, B (case folded)
printf 'id,s,w,u\n1,A,1,B\n2,A,2,a\n3,B,1,a\n4,B,3,B\n' >tt.csv
"$KARTLAGG" -s "$STORE" -q import tt.csv
