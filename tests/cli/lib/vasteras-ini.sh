# tests/cli/lib/vasteras-ini.sh FILE [ROLE] - write the report file of the
# report-* cases on small individuals feeds (individuals.py): Västerås
# (1980), 2025, CSV, and an [individuals] section for 2025 with role ROLE
# (none: the report's default role).  A case appends its other sections.
set -eu
{
	printf '[report]\ntitle = Västerås\nregion = 1980\nperiod = 2025\nformats = csv\n\n'
	printf '[individuals]\nperiod = 2025\n'
	if [ -n "${2:-}" ]; then printf 'role = %s\n' "$2"; fi
} >"$1"
