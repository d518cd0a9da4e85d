SELECT level, year, count(*), sum(count) FROM population GROUP BY level, year ORDER BY level, year;
SELECT _line, region, year, ifnull(age, 'all'), ifnull(sex, 'both'), ifnull(count, 'NULL'), symbol FROM population WHERE symbol IS NOT NULL;
SELECT kind, name, rows, target FROM imports;
