SELECT count(*) FROM imports;
SELECT count(*) FROM police_cases;
