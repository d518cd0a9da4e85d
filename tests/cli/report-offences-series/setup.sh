# Issue 15: the offence series with its change since the first and the
# previous year, on the demo store.
. "$(dirname "$0")/../lib/report-demo-setup.sh"
