SELECT count(*), sum(import_id = 2) FROM police_cases;
SELECT diarienummer, status FROM police_cases WHERE diarienummer IN ('5000-K100003-24', '5000-K100005-25');
SELECT diarienummer, import_id, replaced_by FROM police_case_history WHERE diarienummer NOT IN (SELECT diarienummer FROM police_cases);
SELECT id, ifnull(superseded_by, '-') FROM imports ORDER BY id;
SELECT import_id, action, by_import FROM import_changes;
