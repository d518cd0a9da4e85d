PRAGMA user_version;
SELECT count(*) FROM population;
SELECT count(*) FROM imports;
