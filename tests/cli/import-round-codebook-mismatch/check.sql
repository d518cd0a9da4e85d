SELECT count(*) FROM imports;
SELECT count(*) FROM survey_1;
SELECT count(*) FROM variables;
