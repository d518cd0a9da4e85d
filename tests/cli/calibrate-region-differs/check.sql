SELECT count(*) FROM weight_sets;
