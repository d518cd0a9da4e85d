SELECT count(*) FROM police_cases;
SELECT count(*) FROM imports WHERE superseded_by IS NOT NULL;
