#!/bin/sh
# survey-dump.sh STORE - print a store's surveys for comparing two stores:
# the survey rows, variables, value labels and every survey table, and of
# the imports only what does not depend on the file (kind, rows, target);
# name, size, SHA-256, encoding, delimiter and time legitimately differ
# between a .sav or .dta file and its CSV + codebook twin.
set -eu
db=$1
sqlite3 "$db" "SELECT id, kind, rows, target, superseded_by FROM imports ORDER BY id;
SELECT * FROM surveys ORDER BY id;
SELECT * FROM variables ORDER BY survey_id, position;
SELECT * FROM value_labels ORDER BY survey_id, variable, is_missing, code;"
for t in $(sqlite3 "$db" "SELECT data_table FROM surveys ORDER BY id"); do
	echo "== $t"
	sqlite3 "$db" ".schema $t"
	sqlite3 -quote "$db" "SELECT * FROM $t ORDER BY _row"
done
