# Five lists whose names have 60 bytes each (issue 14: merging four of
# them made a 243-byte name in a 128-byte buffer, an ASan stack overflow).
awk 'BEGIN {
	for (j = 1; j <= 5; j++) {
		n = sprintf("liste%d_", j)
		while (length(n) < 60) n = n "x"
		printf "%s,", n
		names[j] = n
	}
	print "count"
	for (w = 1; w < 32; w++) {
		for (j = 0; j < 5; j++) printf "%d,", int(w / 2 ^ j) % 2
		print 3 + w % 7
	}
	s = names[1]
	for (j = 2; j <= 4; j++) s = s "," names[j]
	print s > "merge.arg"
}' >long.csv
