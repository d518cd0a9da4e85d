. "$(dirname "$0")/../lib/report-demo-setup.sh"; "$KARTLAGG" report new r.ini
