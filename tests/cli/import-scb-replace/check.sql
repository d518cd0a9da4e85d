SELECT _import_id, _line, count FROM population WHERE region = '1980' AND year = 2023 AND sex = 'män';
SELECT count(*) FROM population;
SELECT id, rows, ifnull(superseded_by, 'current') FROM imports;
