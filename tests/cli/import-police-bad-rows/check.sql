SELECT count(*) FROM imports;
SELECT count(*) FROM police_cases;
SELECT count(*) FROM police_case_history;
