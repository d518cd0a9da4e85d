SELECT count(*) FROM imports;
PRAGMA user_version;
