-- kartlagg store, schema version 1.
--
-- Applied in one transaction to a new store; PRAGMA user_version records the
-- version (lib/store.c migrates older stores, refuses newer ones).  Every
-- data row carries the import it came from (_import_id) and the physical
-- line of that file (_line).  No direct identifier is ever stored.

CREATE TABLE kl_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per imported file: provenance.
CREATE TABLE imports (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	kind             TEXT NOT NULL,      -- survey, codebook, ...
	name             TEXT NOT NULL,      -- file name, without directories
	size             INTEGER NOT NULL,   -- bytes
	sha256           TEXT NOT NULL,      -- of the file's bytes, 64 hex digits
	encoding         TEXT NOT NULL,      -- utf-8, utf-8-bom, windows-1252, ...
	delimiter        TEXT NOT NULL,      -- ';' ',' or 'tab'
	rows             INTEGER NOT NULL,   -- data rows stored
	imported_at      TEXT NOT NULL,      -- UTC, ISO 8601
	kartlagg_version TEXT NOT NULL,
	target           TEXT,               -- e.g. the survey name
	superseded_by    INTEGER REFERENCES imports(id)
);
CREATE UNIQUE INDEX imports_sha256 ON imports(sha256);

-- Surveys: one per --survey name; answers live in table data_table.
CREATE TABLE surveys (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	name               TEXT NOT NULL UNIQUE,
	import_id          INTEGER NOT NULL REFERENCES imports(id),
	codebook_import_id INTEGER REFERENCES imports(id),
	data_table         TEXT NOT NULL UNIQUE,  -- "survey_<id>", never user text
	key_vars           TEXT                   -- respondent key, comma-separated
);

-- Variables of a survey, in export order.
CREATE TABLE variables (
	survey_id    INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,   -- 1-based column in the export
	name         TEXT NOT NULL,      -- short name = column in data_table
	header       TEXT NOT NULL,      -- header text in the export
	label        TEXT,
	type         TEXT NOT NULL
		CHECK (type IN ('integer', 'decimal', 'text', 'category', 'multi')),
	storage      TEXT NOT NULL CHECK (storage IN ('INTEGER', 'REAL', 'TEXT')),
	valid_spec   TEXT,               -- the codebook's valid codes, verbatim
	filter_var   TEXT,               -- asked only when filter_var = filter_value
	filter_value TEXT,
	filter_text  TEXT,
	mc_group     TEXT,               -- multiple-choice group, or NULL
	PRIMARY KEY (survey_id, position),
	UNIQUE (survey_id, name)
);

-- Value labels and missing codes; code '' is the empty cell.
CREATE TABLE value_labels (
	survey_id  INTEGER NOT NULL,
	variable   TEXT NOT NULL,
	code       TEXT NOT NULL,
	label      TEXT,
	is_missing INTEGER NOT NULL CHECK (is_missing IN (0, 1)),
	PRIMARY KEY (survey_id, variable, code),
	FOREIGN KEY (survey_id, variable)
		REFERENCES variables(survey_id, name) ON DELETE CASCADE
);

-- Saved designs of `kartlagg estimate --save-design` are kept in a table
-- `designs` that lib/estimate.c creates on the first save (CREATE TABLE IF
-- NOT EXISTS), so a store of schema version 1 needs no migration for it:
--   designs(name TEXT PRIMARY KEY, survey, psu, ssu, strata, weight, fpc1,
--           fpc2, over TEXT, lonely TEXT NOT NULL, saved_at TEXT NOT NULL)
-- Column values are variable short names; NULL = not part of the design.
