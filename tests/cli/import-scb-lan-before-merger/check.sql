SELECT region, level, year, count, ifnull(merged_from, '-') FROM population WHERE region IN ('11', '12', '14', '15', '16') ORDER BY region, year;
SELECT count(*) FROM population;
