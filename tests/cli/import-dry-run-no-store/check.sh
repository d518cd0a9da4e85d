# issue 15: a dry run against a store that does not exist yet validates
# the file (exit 0) and creates nothing: no store, no temporary beside it.
set -e
[ ! -e "$TMP/new.db" ] || { echo "the dry run created the store"; exit 1; }
left=$(ls "$TMP" | grep -c '^new\.db' || true)
[ "$left" = 0 ] || { echo "files left: $(ls "$TMP")"; exit 1; }
