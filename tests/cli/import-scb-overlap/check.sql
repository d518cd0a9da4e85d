SELECT _import_id, count FROM population WHERE region = '1980' AND year = 2023 AND sex = 'män';
SELECT count(*) FROM imports;
