SELECT count(*) FROM sqlite_master WHERE name = 'weight_sets';
