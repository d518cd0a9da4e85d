#!/bin/sh
# run.sh KARTLAGG PYTHON SAMPLES REPORT.ini [DOMAIN.md] - build the demo
# store from data-samples/, write the report's CSV bundle with kartlagg,
# and let appendix_truth.py (standard library only, no code shared with
# kartlagg) recompute every table from the raw files and compare.
set -u
KARTLAGG=$1
py=$2
SAMPLES=$3
ini=$4
domain=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
case $KARTLAGG in /*) ;; *) KARTLAGG=$(pwd)/$KARTLAGG ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
STORE=$tmp/store.db
export KARTLAGG SAMPLES STORE
unset KARTLAGG_STORE
(cd "$tmp" && . "$here/../cli/lib/report-demo-setup.sh") >"$tmp/setup.log" 2>&1 ||
	{ echo "setup failed:"; cat "$tmp/setup.log"; exit 1; }
"$KARTLAGG" -q -s "$STORE" report -f csv -o "$tmp/b" "$ini" ||
	{ echo "kartlagg report failed"; exit 1; }
set -- --samples "$SAMPLES" --ini "$ini" --csv "$tmp/b/csv"
[ -n "$domain" ] && [ -f "$domain" ] && set -- "$@" --domain "$domain"
"$py" "$here/appendix_truth.py" "$@"
