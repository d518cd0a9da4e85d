SELECT level, year, count(*), sum(count) FROM population GROUP BY level, year ORDER BY level, year;
SELECT count(DISTINCT region) FROM population WHERE level = 'kommun';
