SELECT count(*) FROM survey_1;
SELECT group_concat(skolkod) FROM survey_1;
