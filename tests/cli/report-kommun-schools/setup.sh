. "$(dirname "$0")/../report-demo-setup.sh"
