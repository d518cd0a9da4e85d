SELECT count(*) FROM import_changes WHERE action = 'restored' AND by_import = 66;
SELECT count(*) FROM imports WHERE superseded_by IS NOT NULL;
SELECT count(DISTINCT import_id), min(import_id), max(import_id), count(*) FROM individuals;
