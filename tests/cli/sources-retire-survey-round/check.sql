SELECT import_id, action, coalesce(by_import, '') FROM import_changes ORDER BY rowid;
SELECT id, coalesce(superseded_by, '') FROM imports ORDER BY id;
SELECT _import_id, year, count(*), min(_row), max(_row) FROM survey_1 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT _set_aside_by, _import_id, count(*) FROM survey_1_set_aside GROUP BY 1, 2;
