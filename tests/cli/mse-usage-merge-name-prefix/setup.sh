# A --merge name of 200 bytes whose first 63 bytes are a list's name is no
# list's name (issue 14: it was cut to 63 bytes and merged that list).
awk 'BEGIN {
	a = ""; while (length(a) < 63) a = a "a"
	print a ",B,C,count"
	for (w = 1; w < 8; w++)
		print (w % 2) "," (int(w / 2) % 2) "," (int(w / 4) % 2) "," 5 + w
	b = a; while (length(b) < 200) b = b "a"
	print b ",B" > "merge.arg"
}' >prefix.csv
