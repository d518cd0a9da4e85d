# issue 15: a store of schema version 2 keyed calibrated weights by the
# survey row's _line.  Made here from a current store: the weights go back
# to _line keys (one file, so _line names a row) and surveys loses
# round_var (and population merged_from); the migration must rekey them by _row, so that the estimates
# still equal R's.
sh "$DATA/calibrate/setup-ref.sh" poststrat # needs REF
if sqlite3 "$STORE" "SELECT _row FROM weights LIMIT 1" >/dev/null 2>&1; then
	sqlite3 "$STORE" "CREATE TABLE w2 (set_id INTEGER NOT NULL REFERENCES weight_sets(id), _line INTEGER NOT NULL, w REAL NOT NULL, PRIMARY KEY (set_id, _line)) WITHOUT ROWID;
INSERT INTO w2 SELECT w.set_id, t._line, w.w FROM weights w JOIN survey_1 t USING (_row);
DROP TABLE weights; ALTER TABLE w2 RENAME TO weights;
ALTER TABLE surveys DROP COLUMN round_var;"
fi
# version 4's population.merged_from is not in a version 2 store either
sqlite3 "$STORE" "ALTER TABLE population DROP COLUMN merged_from" 2>/dev/null
sqlite3 "$STORE" "PRAGMA user_version = 2"
# the first data line is line 2: _row and _line differ
[ "$(sqlite3 "$STORE" 'SELECT count(*) FROM survey_1 WHERE _row = _line')" = 0 ]
