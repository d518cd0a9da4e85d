# issue 15: a dry run against a missing store still finds the file's
# problems (exit 65) and creates nothing.
[ ! -e "$TMP/new.db" ] || { echo "the dry run created the store"; exit 1; }
