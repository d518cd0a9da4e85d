SELECT name, type, storage FROM variables ORDER BY position;
SELECT typeof(kod), kod FROM survey_1 ORDER BY _line;
SELECT _line, _import_id FROM survey_1 ORDER BY _line;
