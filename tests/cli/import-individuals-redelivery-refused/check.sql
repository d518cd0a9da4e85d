SELECT count(*) FROM imports;
SELECT import_id, count(*) FROM individuals GROUP BY import_id;
