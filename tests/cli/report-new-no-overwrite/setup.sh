echo keep > "$TMP/r.ini"
