#!/bin/sh
# scripts/deps.sh - check kartlagg's build and test dependencies and, when
# run as root on Debian, install the missing ones with apt-get.  Otherwise
# print the exact apt-get line and fail.
#
# usage: scripts/deps.sh [build|test|coverage|bench|demo]
set -eu
what=${1:-build}

# Debian package names: libraries (-dev), tools.
pkgs="cmake make gcc pkg-config libcsv-dev libsqlite3-dev libgsl-dev \
libsodium-dev libglpk-dev libinih-dev libjansson-dev libproj-dev proj-data libreadstat-dev libxlsxwriter-dev"
case "$what" in
test|coverage) pkgs="$pkgs libcmocka-dev sqlite3 clang libclang-rt-dev clang-format valgrind libxml2-utils chromium qpdf poppler-utils python3 nodejs npm r-base-core r-cran-survey"
	# R survey: the cases that compare with R run here on the raw file
	# (tests/cli/import-round-*; without Rscript they are skipped)
	# gcovr reads the gcov data of the instrumented build (make coverage)
	if [ "$what" = coverage ]; then pkgs="$pkgs gcovr"; fi ;;
bench) pkgs="$pkgs sqlite3 python3 time r-base-core r-cran-survey" ;;
demo) pkgs="$pkgs chromium qpdf" ;;
build) ;;
*) echo "usage: scripts/deps.sh [build|test|coverage|bench|demo]" >&2; exit 64 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		# a tool may be present without its Debian package (e.g. python3)
		case "$p" in
		make|gcc|cmake|python3|clang|clang-format|valgrind|sqlite3|chromium|qpdf|npm)
			command -v "$p" >/dev/null 2>&1 && continue ;;
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		libxml2-utils) command -v xmllint >/dev/null 2>&1 && continue ;;
		time) [ -x /usr/bin/time ] && continue ;;
		esac
		missing="$missing $p"
	fi
done

# The accessibility test's npm packages (axe-core, playwright-core; no
# browser download: it drives Debian's chromium), pinned in
# tests/a11y/package-lock.json.  npm ci only when node_modules does not
# match the lock, so a machine offline after the first run still tests.
a11y_npm() {
	d=$(dirname "$0")/../tests/a11y
	[ -f "$d/package-lock.json" ] && command -v npm >/dev/null 2>&1 || return 0
	cmp -s "$d/package-lock.json" "$d/node_modules/.kartlagg-lock" && return 0
	echo "kartlagg: npm ci in tests/a11y (axe-core, playwright-core)" >&2
	(cd "$d" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null) &&
		cp "$d/package-lock.json" "$d/node_modules/.kartlagg-lock"
}

if [ -z "$missing" ]; then
	if [ "$what" = test ] || [ "$what" = coverage ]; then a11y_npm || exit 1; fi
	exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "kartlagg: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# refresh the lists once if a package is not known yet
	if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	if [ "$what" = test ] || [ "$what" = coverage ]; then a11y_npm || exit 1; fi
	exit 0
fi
echo "kartlagg: missing packages:$missing" >&2
echo "install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
