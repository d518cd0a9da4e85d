PRAGMA user_version;
SELECT name FROM pragma_table_info('weights') ORDER BY cid;
SELECT count(*) FROM weights w JOIN survey_1 t USING (_row);
SELECT count(*) FROM pragma_table_info('surveys') WHERE name = 'round_var';
