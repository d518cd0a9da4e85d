SELECT id, name FROM imports ORDER BY id;
SELECT _import_id, ar, count(*) FROM survey_1 GROUP BY 1, 2;
SELECT group_concat(name || ":" || type, ",") FROM variables;
