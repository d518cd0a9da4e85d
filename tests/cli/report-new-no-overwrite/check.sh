grep -qx keep "$TMP/r.ini"
