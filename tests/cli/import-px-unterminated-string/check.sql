SELECT count(*) FROM population;
SELECT count(*) FROM imports;
