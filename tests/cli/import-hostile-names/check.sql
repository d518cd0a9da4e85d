SELECT count(*) FROM imports;
SELECT group_concat(name, '|') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name);
SELECT group_concat(name, '|') FROM (SELECT name FROM variables WHERE length(name) < 100 ORDER BY position);
SELECT """; DROP TABLE imports; --", "a""""b", "_row2", "Å ä", "[x]", "`y`" FROM survey_1;
SELECT length("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") FROM survey_1;
PRAGMA integrity_check;
