# 30 000 respondents in 10 kommuner and the post-stratification targets
# (the generator of bench/calibrate.sh), imported and calibrated.
awk 'BEGIN {
	srand(7)
	print "id,kod,psu,w,kon,arskurs,q1" >"s.csv"
	for (k = 0; k < 10; k++) for (a = 0; a < 2; a++) for (s = 1; s <= 3; s++)
		pop[k, a, s] = s == 3 ? 0 : int(2000 + 3000 * rand())
	for (i = 1; i <= 30000; i++) {
		k = int(rand() * 10); p = int(rand() * 30); a = rand() < 0.5 ? 0 : 1
		u = rand(); s = u < 0.49 ? 1 : (u < 0.98 ? 2 : 3)
		w = 1 + int(rand() * 900) / 100
		print i "," (1900 + k) ",P" k "-" p "," w "," s "," (a ? "gy2" : "9") "," (rand() < 0.1) >"s.csv"
		ws[k, a, s] += w
	}
	print "kod,arskurs,kon,count" >"ps.csv"
	for (k = 0; k < 10; k++) for (a = 0; a < 2; a++) for (s = 1; s <= 3; s++) {
		t = s == 3 ? ws[k, a, s] : pop[k, a, s]
		if (t > 0)
			printf "%d,%s,%d,%.17g\n", 1900 + k, a ? "gy2" : "9", s, t >"ps.csv"
	}
}'
"$KARTLAGG" -s "$STORE" -q import --key id --survey s s.csv
"$KARTLAGG" -s "$STORE" -q calibrate --method poststrat --weight w --margin kod,arskurs,kon --targets ps.csv s ps
