SELECT count(*) FROM imports;
SELECT ar, count(*) FROM survey_1 GROUP BY ar;
