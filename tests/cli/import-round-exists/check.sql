SELECT id, name, coalesce(superseded_by, '') FROM imports ORDER BY id;
SELECT _import_id, year, count(*) FROM survey_1 GROUP BY 1, 2;
SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'survey_1_set_aside') + (SELECT count(*) FROM import_changes);
