SELECT count(*) FROM imports;
SELECT group_concat(name) FROM surveys;
SELECT count(*) FROM sqlite_master WHERE name LIKE 'survey_%';
SELECT count(*) FROM survey_1;
PRAGMA integrity_check;
