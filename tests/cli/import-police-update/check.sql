SELECT count(*) FROM police_cases;
SELECT diarienummer, import_id, count, status FROM police_cases WHERE diarienummer IN ('5000-K100007-25', '5000-K100009-25') ORDER BY 1;
SELECT diarienummer, import_id, count, status, replaced_by FROM police_case_history ORDER BY 1;
