SELECT s.name, count(*) FROM weights w JOIN weight_sets s ON s.id = w.set_id GROUP BY s.name;
