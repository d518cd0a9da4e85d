. "$(dirname "$0")/../lib/report-demo-setup.sh"
