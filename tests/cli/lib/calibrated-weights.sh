# tests/cli/lib/calibrated-weights.sh SET WEIGHTS [OTHER SUMMARY] - the
# weights of calibrated weight set SET in $STORE (exported by year,lopnr,
# the columns renamed to vikt,w_SET) against the reference file WEIGHTS
# (compare-csv.sh); with OTHER and SUMMARY also the weight summary of SET
# against SUMMARY less its rows of set OTHER.  Runs in the case's
# directory; writes w.csv, s.csv and ref_s.csv there.
set -e
lib=$(dirname "$0")
"$KARTLAGG" -s "$STORE" calibrate --export "$1" --key year,lopnr | sed "1s/,w0,w\$/,vikt,w_$1/" >w.csv
sh "$lib/compare-csv.sh" "$2" w.csv ar=year,lopnr
[ $# -ge 4 ] || exit 0
"$KARTLAGG" -s "$STORE" calibrate --summary --format csv "$1" >s.csv
grep -v ",$3," "$4" >ref_s.csv
sh "$lib/compare-csv.sh" ref_s.csv s.csv ar=over,design=set
