# a survey without a codebook whose text column t is empty in every row
printf 'id,s,w,t\n1,A,1,\n2,A,2,\n3,B,1,\n4,B,3,\n' >tt.csv
"$KARTLAGG" -s "$STORE" -q import tt.csv
