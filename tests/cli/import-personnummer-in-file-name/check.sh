[ ! -f store.db ] || [ "$(sqlite3 store.db "SELECT count(*) FROM imports")" = 0 ]
