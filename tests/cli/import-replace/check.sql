SELECT id, name, rows, coalesce(superseded_by, '') FROM imports ORDER BY id;
SELECT name, data_table FROM surveys;
SELECT count(*) FROM sqlite_master WHERE name = 'survey_1';
SELECT kod, vikt, typeof(kod), typeof(vikt) FROM survey_2 ORDER BY _line;
