#!/bin/sh
# load_population.sh STORE BEFOLKNING.csv - fill table `population` of a
# kartlagg store from SCB's PxWeb export (befolkning_vastmanland.csv), with
# sqlite3 and awk only: a stand-in, independent of kartlagg, for
# `kartlagg import --kind scb-population` in the calibration tests.  The
# DDL is that of schema version 2.
set -eu
store=$1
csv=$2
{
	cat <<'SQL'
CREATE TABLE IF NOT EXISTS population (
	_import_id INTEGER NOT NULL REFERENCES imports(id),
	_line      INTEGER NOT NULL,
	region     TEXT NOT NULL,
	level      TEXT NOT NULL CHECK (level IN ('riket', 'lan', 'kommun')),
	year       INTEGER NOT NULL,
	age        INTEGER,
	age_plus   INTEGER NOT NULL DEFAULT 0,
	sex        TEXT CHECK (sex IN ('män', 'kvinnor')),
	count      INTEGER,
	symbol     TEXT
);
INSERT INTO imports (kind, name, size, sha256, encoding, delimiter, rows,
	imported_at, kartlagg_version)
	VALUES ('scb-population', 'befolkning (test loader)', 0,
	        'test-loader-population', 'utf-8', ',', 0, '2025-01-01T00:00:00Z', 'test');
BEGIN;
SQL
	tr -d '\r' <"$csv" | awk -F'","|",|"' 'NR > 1 {
		# fields: "" region alder kon ar count  (split on quotes)
		region = $2; alder = $3; kon = $4; ar = $5; n = $6
		code = region; sub(/ .*/, "", code)
		level = length(code) == 4 ? "kommun" : (code == "00" ? "riket" : "lan")
		age = alder; sub(/ år$/, "", age)
		printf "INSERT INTO population VALUES ((SELECT max(id) FROM imports), %d, %s, %s, %d, %d, 0, %s, %s, NULL);\n", NR, q(code), q(level), ar, age, q(kon), n
	}
	function q(s) { gsub(/\x27/, "\x27\x27", s); return "\x27" s "\x27" }'
	echo "COMMIT;"
} | sqlite3 "$store"
