#!/bin/sh
# bench/calibrate.sh KARTLAGG - speed and memory of `kartlagg calibrate`
# (post-stratification and raking to convergence) and of `kartlagg
# estimate --weights` (calibration-adjusted variance), side by side with
# R's survey package (postStratify, rake, svymean/svyby) in the same run
# when Rscript is installed.
#
# For each size (default 200000 and 1000000 respondents; set
# KL_BENCH_SIZES="n1 n2 ..." to change) it generates a survey with 10
# strata (kommuner), 300 PSUs, decimal weights, kön (3 levels), årskurs
# (2) and 5 yes/no items, and population totals per kommun x årskurs x kön
# (consistent margins), as CSV files of targets.  Both sides then
# post-stratify on kommun x årskurs x kön, rake on kön x årskurs and
# kommun x årskurs (epsilon 1e-13, up to 200 sweeps), and estimate every
# item overall and by kommun with each set.  R runs up to KL_BENCH_R_MAX
# rows (default 200000).  Output: a markdown table on stdout, with the
# CPU seconds (user + system) of the two calibrate runs and of the two
# estimate runs beside their wall time (on a shared machine the CPU time
# is the steadier figure) and the peak RSS of calibrate and of estimate
# apart.
set -eu
kl=${1:?usage: bench/calibrate.sh KARTLAGG}
case $kl in /*) ;; *) kl=$(pwd)/$kl ;; esac
sizes=${KL_BENCH_SIZES:-"200000 1000000"}
rmax=${KL_BENCH_R_MAX:-200000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/kl-bench-calibrate.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/timing.sh"

{
	echo '"kolumn","kortnamn","etikett","typ","giltiga_koder","bortfallskoder","filter"'
	echo '"id","id","Löpnummer","heltal","1-","",""'
	echo '"kod","kod","Kommun","text","","",""'
	echo '"psu","psu","Skola","text","","",""'
	echo '"w","w","Vikt","decimaltal","> 0","",""'
	echo '"kon","kon","Kön","kategori","1=Pojke|2=Flicka|3=Annat","",""'
	echo '"arskurs","arskurs","Årskurs","kategori","9=åk 9|gy2=gy 2","",""'
	for q in 1 2 3 4 5; do
		echo "\"q$q\",\"q$q\",\"Fråga $q\",\"kategori\",\"1=Ja|2=Nej\",\"8=Vill inte svara|tom=Ej besvarad\",\"\""
	done
} >"$dir/codebook.csv"

cat >"$dir/bench.R" <<'EOF'
suppressPackageStartupMessages(library(survey))
a <- commandArgs(TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read.csv(a[1], colClasses = c("integer", "character", "character", "numeric",
              "character", "character", rep("character", 5)), na.strings = character(0))
for (q in paste0("q", 1:5)) d[[q]] <- ifelse(d[[q]] == "1", 1, ifelse(d[[q]] == "2", 0, NA))
d$kon <- factor(d$kon); d$arskurs <- factor(d$arskurs); d$kod <- factor(d$kod)
T <- read.csv(a[2], colClasses = c("character", "character", "character", "numeric"))
names(T)[4] <- "Freq"
for (cc in c("kod", "arskurs", "kon")) T[[cc]] <- factor(T[[cc]], levels = levels(d[[cc]]))
des <- svydesign(ids = ~psu, strata = ~kod, weights = ~w, nest = TRUE, data = d)
t1 <- proc.time()[["elapsed"]]
ps <- postStratify(des, ~kod + arskurs + kon, T)
rk <- rake(des, list(~kon + arskurs, ~kod + arskurs),
           list(aggregate(Freq ~ kon + arskurs, T, sum), aggregate(Freq ~ kod + arskurs, T, sum)),
           control = list(maxit = 200, epsilon = 1e-13))
t2 <- proc.time()[["elapsed"]]
for (ds in list(ps, rk)) for (q in paste0("q", 1:5)) {
  f <- as.formula(paste0("~", q))
  svymean(f, ds, na.rm = TRUE)
  svyby(f, ~kod, ds, svymean, na.rm = TRUE)
}
t3 <- proc.time()[["elapsed"]]
cat(sprintf("%.2f %.2f %.2f\n", t1 - t0, t2 - t1, t3 - t2))
EOF

echo "| rows | calibrate poststrat + rake (kartlagg) | calibrate CPU | peak RSS calibrate | estimate, both sets (kartlagg) | estimate CPU | peak RSS estimate | R survey (read + design, calibrate, estimate) | peak RSS (R) | R / kartlagg (calibrate + estimate) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
	awk -v n="$n" -v dir="$dir" 'BEGIN {
		srand(7)
		print "id,kod,psu,w,kon,arskurs,q1,q2,q3,q4,q5" >(dir "/s.csv")
		for (k = 0; k < 10; k++) for (a = 0; a < 2; a++) for (s = 1; s <= 3; s++)
			pop[k, a, s] = s == 3 ? 0 : int(2000 + 3000 * rand())
		for (i = 1; i <= n; i++) {
			k = int(rand() * 10); p = int(rand() * 30); a = rand() < 0.5 ? 0 : 1
			u = rand(); s = u < 0.49 ? 1 : (u < 0.98 ? 2 : 3)
			w = 1 + int(rand() * 900) / 100
			line = i "," (1900 + k) ",P" k "-" p "," w "," s "," (a ? "gy2" : "9")
			for (q = 1; q <= 5; q++) {
				u = rand()
				line = line "," (u < 0.05 ? 1 : (u < 0.93 ? 2 : (u < 0.97 ? 8 : "")))
			}
			print line >(dir "/s.csv")
			ws[k, a, s] += w
		}
		print "kod,arskurs,kon,count" >(dir "/ps.csv")
		print "kon,arskurs,count" >(dir "/m1.csv")
		print "kod,arskurs,count" >(dir "/m2.csv")
		for (k = 0; k < 10; k++) for (a = 0; a < 2; a++) for (s = 1; s <= 3; s++) {
			t = s == 3 ? ws[k, a, s] : pop[k, a, s]
			if (t == 0) continue
			printf "%d,%s,%d,%.17g\n", 1900 + k, a ? "gy2" : "9", s, t >(dir "/ps.csv")
			m1[s, a] += t; m2[k, a] += t
		}
		for (s = 1; s <= 3; s++) for (a = 0; a < 2; a++)
			printf "%d,%s,%.17g\n", s, a ? "gy2" : "9", m1[s, a] >(dir "/m1.csv")
		for (k = 0; k < 10; k++) for (a = 0; a < 2; a++)
			printf "%d,%s,%.17g\n", 1900 + k, a ? "gy2" : "9", m2[k, a] >(dir "/m2.csv")
	}'
	rm -f "$dir/st.db"
	"$kl" -s "$dir/st.db" -q import --codebook "$dir/codebook.csv" --survey s "$dir/s.csv"
	run cal "$kl" -s "$dir/st.db" -q calibrate --method poststrat --weight w --margin kod,arskurs,kon \
		--targets "$dir/ps.csv" s ps
	c1=$secs r1=$rss u1=$cpu
	run cal2 "$kl" -s "$dir/st.db" calibrate --method rake --weight w --margin kon,arskurs \
		--margin kod,arskurs --targets "$dir/m1.csv" --targets "$dir/m2.csv" s rk
	c2=$secs r2=$rss u2=$cpu
	sweeps=$(grep -o 'sweeps [0-9]*' "$dir/cal2.err" | head -1)
	run est1 "$kl" -s "$dir/st.db" estimate --psu psu --strata kod --weights ps --overall --by kod \
		--format csv s q1 q2 q3 q4 q5
	e1=$secs r3=$rss v1=$cpu
	run est2 "$kl" -s "$dir/st.db" estimate --psu psu --strata kod --weights rk --overall --by kod \
		--format csv s q1 q2 q3 q4 q5
	e2=$secs r4=$rss v2=$cpu
	cal=$(echo "$c1 $c2" | awk '{ printf "%.2f", $1 + $2 }')
	est=$(echo "$e1 $e2" | awk '{ printf "%.2f", $1 + $2 }')
	ccpu=$(echo "$u1 $u2" | awk '{ printf "%.2f", $1 + $2 }')
	ecpu=$(echo "$v1 $v2" | awk '{ printf "%.2f", $1 + $2 }')
	crss=$(printf '%s\n' "$r1" "$r2" | sort -g | tail -1)
	ersa=$(printf '%s\n' "$r3" "$r4" | sort -g | tail -1)
	rcol="not run" rrss="" ratio=""
	if [ "$n" -le "$rmax" ] && command -v Rscript >/dev/null 2>&1; then
		run r Rscript "$dir/bench.R" "$dir/s.csv" "$dir/ps.csv"
		set -- $(cat "$dir/r.out")
		rcol="$secs s ($1 s, $2 s, $3 s)"
		rrss="$rss MiB"
		ratio=$(echo "$2 $3 $cal $est" | awk '{ printf "%.0f×", ($1 + $2) / ($3 + $4) }')
	fi
	echo "| $n | ${cal} s (rake: $sweeps) | ${ccpu} s | ${crss} MiB | ${est} s | ${ecpu} s | ${ersa} MiB | $rcol | $rrss | $ratio |"
done
