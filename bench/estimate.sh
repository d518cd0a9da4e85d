#!/bin/sh
# bench/estimate.sh KARTLAGG - speed and memory of `kartlagg estimate`,
# side by side with R's survey package when Rscript is installed.
#
# For each size (default 1000000 and 5000000 respondents; set
# KL_BENCH_SIZES="n1 n2 ..." to change) it generates a survey with 30
# yes/no items (codes 1/2, missing 8 and empty), 10 strata, 300 PSUs
# (30 per stratum), decimal weights and two by-variables (3 and 4 levels),
# imports it, and times one call that estimates every item overall and in
# both domain sets.  R does the same from the CSV file: svydesign, then per
# item svymean(na.rm = TRUE) and svyby over each by-variable.  R runs at
# every size up to KL_BENCH_R_MAX rows (default 1000000: at 5M rows R needs
# many GiB and tens of minutes; set KL_BENCH_R_MAX=5000000 to include it).
#
# Peak RSS comes from /usr/bin/time -v when it exists.  Output: a markdown
# table on stdout (figures for README.md).  Work files go to $TMPDIR.
set -eu
kl=${1:?usage: bench/estimate.sh KARTLAGG}
case $kl in /*) ;; *) kl=$(pwd)/$kl ;; esac
sizes=${KL_BENCH_SIZES:-"1000000 5000000"}
rmax=${KL_BENCH_R_MAX:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/kl-bench-estimate.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/timing.sh"

items=
i=1
while [ $i -le 30 ]; do
	items="$items q$(printf %02d $i)"
	i=$((i + 1))
done

# the codebook
{
	echo '"kolumn","kortnamn","etikett","typ","giltiga_koder","bortfallskoder","filter"'
	echo '"id","id","Löpnummer","heltal","1-","",""'
	echo '"stratum","stratum","Stratum","text","","",""'
	echo '"psu","psu","Skola","text","","",""'
	echo '"w","w","Vikt","decimaltal","> 0","",""'
	echo '"by1","by1","Kön","kategori","1=Pojke|2=Flicka|3=Annat","",""'
	echo '"by2","by2","Årskurs","kategori","1=åk 8|2=åk 9|3=gy 1|4=gy 2","",""'
	for q in $items; do
		echo "\"$q\",\"$q\",\"Fråga $q\",\"kategori\",\"1=Ja|2=Nej\",\"8=Vill inte svara|tom=Ej besvarad\",\"\""
	done
} >"$dir/codebook.csv"

cat >"$dir/bench.R" <<'EOF'
suppressPackageStartupMessages(library(survey))
args <- commandArgs(TRUE)
t0 <- proc.time()[["elapsed"]]
cls <- c("integer", "character", "character", "numeric", "character", "character",
         rep("character", 30))
d <- read.csv(args[1], colClasses = cls, na.strings = character(0))
items <- sprintf("q%02d", 1:30)
for (v in items) d[[v]] <- ifelse(d[[v]] == "1", 1, ifelse(d[[v]] == "2", 0, NA_real_))
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = d)
rm(d); invisible(gc())
t1 <- proc.time()[["elapsed"]]
res <- 0
for (v in items) {
  f <- as.formula(paste0("~", v))
  m <- svymean(f, des, na.rm = TRUE)
  a <- svyby(f, ~by1, des, svymean, na.rm = TRUE)
  b <- svyby(f, ~by2, des, svymean, na.rm = TRUE)
  res <- res + coef(m) + sum(coef(a)) + sum(coef(b))
}
t2 <- proc.time()[["elapsed"]]
cat(sprintf("read+design %.1f s, estimates %.1f s, check %.6f\n", t1 - t0, t2 - t1, res))
EOF

echo "| rows | generate | import | estimate (kartlagg) | peak RSS (kartlagg) | R survey | peak RSS (R) | R / kartlagg |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
	csv="$dir/survey_$n.csv"
	store="$dir/store_$n.db"
	t0=$(date +%s.%N)
	awk -v n="$n" 'BEGIN {
		srand(20250401)
		printf "id,stratum,psu,w,by1,by2"
		for (k = 1; k <= 30; k++) printf ",q%02d", k
		printf "\n"
		for (i = 1; i <= n; i++) {
			h = int(rand() * 10)
			line = i ",S" h ",S" h "-" int(rand() * 30) "," sprintf("%.3f", 0.5 + rand() * 4) \
			    "," (1 + int(rand() * 3)) "," (1 + int(rand() * 4))
			for (k = 1; k <= 30; k++) {
				r = rand()
				if (r < 0.05) v = "8"
				else if (r < 0.08) v = ""
				else v = (rand() < 0.01 + 0.01 * k + 0.002 * h) ? "1" : "2"
				line = line "," v
			}
			print line
		}
	}' >"$csv"
	t1=$(date +%s.%N)
	gen=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
	run import "$kl" -s "$store" -q import --codebook "$dir/codebook.csv" "$csv"
	imp=$secs
	# shellcheck disable=SC2086
	run estimate "$kl" -s "$store" estimate --psu psu --strata stratum --weight w \
		--overall --by by1 --by by2 --format csv "survey_$n" $items
	est=$secs
	est_rss=$rss
	rows=$(($(wc -l <"$dir/estimate.out") - 1))
	r_secs="not run"
	r_rss="–"
	ratio="–"
	if command -v Rscript >/dev/null 2>&1 && [ "$n" -le "$rmax" ]; then
		run R Rscript "$dir/bench.R" "$csv"
		r_secs="$secs s ($(cat "$dir/R.out"))"
		r_rss="$rss MiB"
		ratio=$(echo "$secs $est" | awk '{ printf "%.0f×", $1 / $2 }')
	fi
	echo "| $n | $gen s | $imp s | $est s ($rows rows) | $est_rss MiB | $r_secs | $r_rss | $ratio |"
	rm -f "$csv" "$store" "$store-wal" "$store-shm"
done
