SELECT import_id, action, by_import FROM import_changes;
