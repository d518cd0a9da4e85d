SELECT count(*) FROM police_cases;
SELECT count(*) FROM police_case_history;
SELECT count(*) FROM imports;
