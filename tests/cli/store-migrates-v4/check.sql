PRAGMA user_version;
SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name IN ('designs', 'weight_sets', 'weight_targets', 'weights', 'import_changes', 'individuals_set_aside', 'individuals_set_aside_import') ORDER BY name;
SELECT name || ',' || lonely FROM designs;
SELECT (SELECT group_concat(name) FROM pragma_table_info('individuals_set_aside')) = (SELECT group_concat(name) FROM pragma_table_info('individuals'));
