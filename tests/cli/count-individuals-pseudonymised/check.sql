SELECT kind, rows FROM imports ORDER BY id;
SELECT count(*) FROM individuals WHERE key_id IS NULL AND key_kind <> 'ingen';
