SELECT id, kind, name, rows, coalesce(superseded_by, '') FROM imports ORDER BY id;
SELECT name, round_var, codebook_import_id FROM surveys;
SELECT _import_id, year, count(*), min(_row), max(_row) FROM survey_1 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) FROM sqlite_master WHERE name = 'survey_1_set_aside';
