#!/bin/sh
# pnr-false-positives.sh PNR_SCAN [DIR...] - the personnummer detector's
# false positives on the bundled samples and the shared reference
# exports (default: data-samples/ and ../shared/reference/): every cell
# of every CSV file, headers included, as kartlagg import checks it.
# Prints the cells scanned and the hits by form, then every hit (file,
# line, column and mask; never digits).  Exits 1 when a hit lies outside
# the personnummer column (4) of data-samples/individer_exempel.csv, the
# one column that holds (Skatteverket-style test) numbers on purpose.
set -u
scan=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$top/data-samples" "$top/../shared/reference"
files=$(for d in "$@"; do [ -d "$d" ] && find "$d" -name '*.csv'; done | sort)
[ -n "$files" ] || { echo "no CSV files under $*"; exit 77; }
# shellcheck disable=SC2086
out=$("$scan" -v $files) || exit 1
echo "$out" | grep -v '^hit '
echo "$out" | grep '^hit ' | sed "s|$top/||"
bad=$(echo "$out" | grep '^hit ' | grep -Ev '^hit (.*/)?data-samples/individer_exempel.csv:[0-9]+:4 ' || true)
if [ -n "$bad" ]; then
	echo "false positives:"; echo "$bad"; exit 1
fi
exit 0
