SELECT count(*) FROM imports;
SELECT count(*) FROM police_cases;
SELECT count(*) FROM police_case_history;
SELECT count FROM police_cases WHERE diarienummer = '5000-K100007-25';
