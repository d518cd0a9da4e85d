"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_a.csv"
"$KARTLAGG" -s "$STORE" -q import "$DATA/feeds/polis_extract_b.csv"
sqlite3 "$STORE" <<'SQL'
CREATE TABLE population (region TEXT, year INT, age INT, sex TEXT, count INT);
INSERT INTO population VALUES ('1980', 2024, 0, 'män', 120000), ('1980', 2024, 1, 'kvinnor', 80000),
 ('1980', 2025, 0, 'män', 100000), ('1980', 2025, 1, 'kvinnor', 50000), ('1980', 2025, NULL, 'totalt', 999999);
SQL
