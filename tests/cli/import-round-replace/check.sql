SELECT id, name, rows, coalesce(superseded_by, '') FROM imports ORDER BY id;
SELECT import_id, action, by_import FROM import_changes ORDER BY rowid;
SELECT _import_id, year, count(*) FROM survey_1 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT _set_aside_by, _import_id, year, count(*), min(_row), max(_row) FROM survey_1_set_aside GROUP BY 1, 2, 3;
SELECT min(_row) FROM survey_1 WHERE _import_id = 3;
PRAGMA integrity_check;
