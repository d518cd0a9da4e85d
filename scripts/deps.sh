#!/bin/sh
# scripts/deps.sh - check kartlagg's build and test dependencies and, when
# run as root on Debian, install the missing ones with apt-get.  Otherwise
# print the exact apt-get line and fail.
#
# usage: scripts/deps.sh [build|test|bench|demo]
set -eu
what=${1:-build}

# Debian package names: libraries (-dev), tools.
pkgs="cmake make gcc pkg-config libcsv-dev libsqlite3-dev libgsl-dev \
libsodium-dev libglpk-dev libinih-dev libjansson-dev libproj-dev"
case "$what" in
test) pkgs="$pkgs libcmocka-dev sqlite3 clang libclang-rt-dev clang-format valgrind python3" ;;
bench) pkgs="$pkgs sqlite3 python3 time" ;;
demo) ;;
build) ;;
*) echo "usage: scripts/deps.sh [build|test|bench|demo]" >&2; exit 64 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		# a tool may be present without its Debian package (e.g. python3)
		case "$p" in
		make|gcc|cmake|python3|clang|clang-format|valgrind|sqlite3)
			command -v "$p" >/dev/null 2>&1 && continue ;;
		time) [ -x /usr/bin/time ] && continue ;;
		esac
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "kartlagg: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# refresh the lists once if a package is not known yet
	if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	exit 0
fi
echo "kartlagg: missing packages:$missing" >&2
echo "install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
