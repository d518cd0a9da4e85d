SELECT count(*) FROM imports;
SELECT count(*) FROM variables;
