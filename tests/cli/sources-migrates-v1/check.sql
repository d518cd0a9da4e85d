PRAGMA user_version;
SELECT count(*) FROM population;
