-- kartlagg store, schema version 5.
--
-- Applied in one transaction to a new store; PRAGMA user_version records the
-- version (lib/store.c migrates older stores, refuses newer ones).  Each
-- version after the first starts at a line "-- @version N": a store of an
-- older version is brought up to date by running the text from its next
-- marker on, in one transaction.  Every
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

-- Saved designs (`kartlagg estimate --save-design`) and weight sets
-- (`kartlagg calibrate`): schema version 5 (below).  Before it the library
-- made these tables on first use; their columns are unchanged.
-- Population figures (table `population`, schema version 2) are read from
-- the kommun rows unless told otherwise.

-- Feeds (kartlagg-feeds(5)).  Codes are stored as the feed's canonical
-- code-list values; multi-valued cells as '|'-separated codes in code-list
-- order.  Rows carry their import and physical line.

-- Individuals an organisation met in a period, one row per record.  No
-- personnummer and no initials: person_key is the keyed hash (64 hex) made
-- from them, or the pseudonymised key the file already held.
CREATE TABLE individuals (
	import_id    INTEGER NOT NULL REFERENCES imports(id),
	_line        INTEGER NOT NULL,
	organisation TEXT NOT NULL,
	org_type     TEXT NOT NULL,
	period_start TEXT NOT NULL,       -- 'YYYY-MM'
	period_end   TEXT NOT NULL,       -- 'YYYY-MM', inclusive
	person_key   TEXT,                -- NULL when the record has no key
	key_kind     TEXT NOT NULL CHECK (key_kind IN ('stark', 'svag', 'ingen')),
	key_id       TEXT,                -- id of the key behind person_key
	sex          TEXT NOT NULL,       -- kvinna, man, annat, okant
	birth_year   INTEGER,
	age          INTEGER,             -- as reported; age groups prefer birth_year
	kommunkod    TEXT,
	role         TEXT NOT NULL,       -- utsatt, kopare
	exploitation TEXT NOT NULL,       -- '' when none was given
	arena        TEXT NOT NULL,
	compensation TEXT NOT NULL,
	PRIMARY KEY (import_id, _line)
) WITHOUT ROWID;
CREATE INDEX individuals_period ON individuals(period_start, period_end);

-- Police cases: one current row per diarienummer (the latest extract
-- imported wins); the rows it replaced go to police_case_history.
CREATE TABLE police_cases (
	diarienummer  TEXT PRIMARY KEY,
	import_id     INTEGER NOT NULL REFERENCES imports(id),
	_line         INTEGER NOT NULL,
	reported      TEXT NOT NULL,      -- anmälningsdatum, YYYY-MM-DD
	crime_from    TEXT,
	crime_to      TEXT,
	brottskod     TEXT NOT NULL,
	offence_group TEXT NOT NULL,      -- stable group, or 'ovrigt'
	lagrum        TEXT,
	kommunkod     TEXT NOT NULL,
	place_type    TEXT,
	internet      TEXT,               -- ja, nej, okänt
	count         INTEGER NOT NULL,   -- antal brott
	victim_sex    TEXT,
	victim_age    TEXT,
	status        TEXT
) WITHOUT ROWID;
CREATE TABLE police_case_history (
	diarienummer  TEXT NOT NULL,
	import_id     INTEGER NOT NULL REFERENCES imports(id),
	_line         INTEGER NOT NULL,
	reported      TEXT NOT NULL,
	crime_from    TEXT,
	crime_to      TEXT,
	brottskod     TEXT NOT NULL,
	offence_group TEXT NOT NULL,
	lagrum        TEXT,
	kommunkod     TEXT NOT NULL,
	place_type    TEXT,
	internet      TEXT,
	count         INTEGER NOT NULL,
	victim_sex    TEXT,
	victim_age    TEXT,
	status        TEXT,
	replaced_by   INTEGER NOT NULL REFERENCES imports(id),
	PRIMARY KEY (diarienummer, replaced_by)
) WITHOUT ROWID;

-- Brå SOL "Databasfil.txt" rows: one current row per region, offence,
-- year and month (a later download wins).
CREATE TABLE bra_sol (
	region_code   TEXT NOT NULL,      -- '00' riket, 2-digit län, kommunkod
	offence       TEXT NOT NULL,      -- the Brott cell, verbatim
	brottskod     TEXT,               -- NULL for a named brottstyp row
	offence_group TEXT NOT NULL,
	year          INTEGER NOT NULL,
	month         INTEGER NOT NULL,   -- 0 = the whole year
	preliminary   INTEGER NOT NULL CHECK (preliminary IN (0, 1)),
	count         INTEGER,            -- NULL for '..'
	rate          REAL,               -- per 100 000 as Brå gave it
	import_id     INTEGER NOT NULL REFERENCES imports(id),
	_line         INTEGER NOT NULL,
	PRIMARY KEY (region_code, offence, year, month)
) WITHOUT ROWID;

-- @version 2
-- SCB population (kartlagg import --kind scb-population): counts by region,
-- year, age and sex as SCB printed them.  Riket, län and kommun rows are
-- kept apart (level) and never summed into one another: from reference
-- year 2025 SCB perturbs each cell (cell-key method), so a län need not
-- equal the sum of its kommuner.  One current row per cell; a later import
-- of the same cell is refused unless --replace, which deletes the earlier
-- row in the same transaction.
CREATE TABLE population (
	_import_id INTEGER NOT NULL REFERENCES imports(id),
	_line      INTEGER NOT NULL,          -- physical line of the file
	region     TEXT NOT NULL,             -- SCB code as text: '00' riket, '19' län, '1980' kommun
	level      TEXT NOT NULL CHECK (level IN ('riket', 'lan', 'kommun')),
	year       INTEGER NOT NULL,
	age        INTEGER,                   -- NULL = all ages ("totalt ålder")
	age_plus   INTEGER NOT NULL DEFAULT 0,-- 1 for an open class such as "100+ år"
	sex        TEXT CHECK (sex IN ('män', 'kvinnor')), -- NULL = both sexes (a total row)
	count      INTEGER,                   -- NULL when SCB printed '..'; '-' is 0
	symbol     TEXT                       -- the SCB symbol as printed, NULL for a number
);
CREATE UNIQUE INDEX population_cell
	ON population(region, year, ifnull(age, -1), age_plus, ifnull(sex, ''));
CREATE INDEX population_import ON population(_import_id);

-- @version 3
-- Survey rounds (kartlagg-import(1), ROUNDS).  A survey's table may hold
-- the rows of several imports, each row with its _import_id and _line; its
-- _row is unique over the survey's life (a new row never takes the _row of
-- a row set aside), so weights are keyed by it.  round_var names the
-- variable whose values are the rounds (waves): an import into an existing
-- survey adds its rounds, and is refused for a round already there unless
-- --replace-round.  Rows replaced or retired move to the table
-- "<data_table>_set_aside" (the same columns after _set_aside_by, the
-- import that replaced them or the retired import itself), made on first
-- use; import_changes (lib/deliveries.c) records what replaced what.
ALTER TABLE surveys ADD COLUMN round_var TEXT;

-- @version 4
-- A län row of a population year before the mergers (Skåne 12 from 1997 out
-- of 11 Kristianstads and 12 Malmöhus län; Västra Götaland 14 from 1998 out
-- of 14 Göteborgs och Bohus, 15 Älvsborgs and 16 Skaraborgs län) is stored
-- under the current code as the sum of the former län the file printed;
-- merged_from lists their codes ('11,12'), NULL for a row stored as printed.
ALTER TABLE population ADD COLUMN merged_from TEXT;

-- @version 5
-- Tables the library made on first use before this version (CREATE TABLE
-- IF NOT EXISTS, so a store that already has them keeps them and their
-- rows unchanged).
--
-- Saved designs of `kartlagg estimate --save-design`.  Column values are
-- variable short names; NULL = not part of the design.  lonely is the
-- lonely-PSU rule ('fail', 'remove', 'adjust', 'average', 'certainty').
CREATE TABLE IF NOT EXISTS designs (
	name     TEXT PRIMARY KEY,
	survey   TEXT,
	psu      TEXT,
	ssu      TEXT,
	strata   TEXT,
	weight   TEXT,
	fpc1     TEXT,
	fpc2     TEXT,
	over     TEXT,
	lonely   TEXT NOT NULL,
	saved_at TEXT NOT NULL
);

-- Weight sets of `kartlagg calibrate`: one row per set, its targets and its
-- weights.
CREATE TABLE IF NOT EXISTS weight_sets (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT NOT NULL UNIQUE,
	survey      TEXT NOT NULL,
	survey_import_id INTEGER,
	method      TEXT NOT NULL,           -- 'poststrat', 'rake', 'linear'
	weight      TEXT NOT NULL,           -- the design weight variable
	over        TEXT,
	margins     TEXT NOT NULL,           -- "kon,arskurs;kod,arskurs"
	source      TEXT NOT NULL,           -- the target files and their SHA-256, or the population level and maps
	maps        TEXT,
	level       TEXT,
	year        INTEGER,
	tol         REAL,
	max_sweeps  INTEGER,
	lower       REAL,                    -- bounds; NULL = none
	upper       REAL,
	sweeps      TEXT NOT NULL,           -- "2023:6;2025:6"
	max_change  REAL NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS weight_targets (
	set_id      INTEGER NOT NULL REFERENCES weight_sets(id),
	over        TEXT,
	margin      INTEGER NOT NULL,        -- 0-based
	cell        TEXT NOT NULL,           -- "kon=1,arskurs=9"
	target      REAL NOT NULL,
	from_design INTEGER NOT NULL         -- 1 = no population figure: the design-weight total
);
-- _row is the survey row's _row in its table (schema version 2 and before
-- keyed weights by _line, not unique once a survey holds rows of several
-- files; the migration to version 3 rekeys them, lib/store.c).
CREATE TABLE IF NOT EXISTS weights (
	set_id      INTEGER NOT NULL REFERENCES weight_sets(id),
	_row        INTEGER NOT NULL,
	w           REAL NOT NULL,
	PRIMARY KEY (set_id, _row)
) WITHOUT ROWID;

-- Deliveries of individuals (kartlagg-import(1), --replace, --retire):
-- rows of a replaced or retired import move to individuals_set_aside
-- (the columns of individuals), and each change is a row of
-- import_changes (lib/deliveries.c).
CREATE TABLE IF NOT EXISTS individuals_set_aside AS
	SELECT * FROM individuals WHERE 0;
CREATE INDEX IF NOT EXISTS individuals_set_aside_import
	ON individuals_set_aside(import_id);
CREATE TABLE IF NOT EXISTS import_changes (
	import_id INTEGER NOT NULL REFERENCES imports(id),
	action    TEXT NOT NULL CHECK (action IN ('replaced', 'retired', 'restored')),
	by_import INTEGER REFERENCES imports(id),
	at        TEXT NOT NULL
);
