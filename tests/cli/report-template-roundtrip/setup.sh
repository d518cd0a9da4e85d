. "$(dirname "$0")/../report-demo-setup.sh"; "$KARTLAGG" report new r.ini
