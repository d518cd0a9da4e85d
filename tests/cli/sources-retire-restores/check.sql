SELECT import_id, action, coalesce(by_import, '') FROM import_changes ORDER BY rowid;
SELECT import_id, count(*) FROM individuals GROUP BY import_id;
