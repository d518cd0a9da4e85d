# a store of schema version 1: no table population
"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_a.csv"
sqlite3 "$STORE" 'DROP TABLE population; ALTER TABLE surveys DROP COLUMN round_var; PRAGMA user_version = 1'
