# Issue 14: the title line "<names> (<codes>)" was built in a 600-byte
# buffer and closed with strcat, past its end for 32 long region names
# (an ASan stack overflow); the names were also cut at 512 bytes.
"$KARTLAGG" -q -s "$STORE" import "$DATA/report/polis_2010.csv"
