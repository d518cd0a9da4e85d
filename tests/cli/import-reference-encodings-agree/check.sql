SELECT group_concat(encoding, ' ') FROM (SELECT encoding FROM imports WHERE kind = 'survey' ORDER BY id);
SELECT count(*) FROM survey_1;
SELECT count(*) FROM survey_2;
SELECT count(*) FROM (SELECT _line, year, lopnr, kod, kommun, skola, klass, arskurs, kon, vikt, erbjuden_ersattning, salt_sex_nagonsin, salt_sex_12man, kontakt_internet, ers_pengar, ers_saker, ers_alkohol_droger, ers_boende, kopt_sex FROM survey_1 EXCEPT SELECT _line, year, lopnr, kod, kommun, skola, klass, arskurs, kon, vikt, erbjuden_ersattning, salt_sex_nagonsin, salt_sex_12man, kontakt_internet, ers_pengar, ers_saker, ers_alkohol_droger, ers_boende, kopt_sex FROM survey_2);
SELECT printf('%.6f', sum(vikt)) FROM survey_1 WHERE year = 2023;
SELECT count(*) FROM value_labels WHERE survey_id = 1 AND is_missing = 1;
