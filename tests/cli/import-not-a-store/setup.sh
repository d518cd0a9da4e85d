echo "just text" > "$TMP/notastore.db"
