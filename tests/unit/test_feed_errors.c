/*
 * test_feed_errors.c - every malformed-input path of the feed parsers
 * (police, Brå SOL, individuals, SCB CSV and PC-Axis) and the store
 * failures they meet, and those of corrected deliveries, retiring an
 * import and the survey rounds (lib/deliveries.c, lib/rounds.c).
 *
 * Each case writes a small file into a fresh store's directory, imports
 * it and checks the error kartlagg gives: its status, the file, line and
 * column, and the message (what was expected, what was found), and that
 * the store's row counts did not move.  The files are built by hand from
 * the layouts of shared/reference/formats and kartlagg-feeds(5), so the
 * expected line and column of each problem are counted in the case: one
 * row of tests/data/feed_errors/<feed>.csv (run_cases), or here.
 *
 * Store failures are injected without touching lib/: an authorizer denies
 * the prepare of one kind of statement on one table (SQLite then says "not
 * authorized", or for a read "access to T.C is prohibited"), and a progress
 * handler interrupts the step of the statement whose SQL begins with a
 * given text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "feeds_priv.h"

/* ---- fixture: a store and a key in a temporary directory ---- */

struct fx {
	char dir[64];
	char path[128];
	struct kl_store *st;
	struct kl_key key;
	char files[16][160]; /* written by the test, removed at the end */
	size_t nfiles;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct kl_error err;
	char kp[128];
	if (!x)
		return -1;
	snprintf(x->dir, sizeof(x->dir), "/tmp/kl_feederr_XXXXXX");
	if (!mkdtemp(x->dir))
		return -1;
	snprintf(x->path, sizeof(x->path), "%s/s.db", x->dir);
	snprintf(kp, sizeof(kp), "%s/key", x->dir);
	kl_error_clear(&err);
	if (kl_init(&err) ||
	    kl_store_open(&x->st, x->path, KL_STORE_CREATE, &err) ||
	    kl_key_create(kp, NULL, &err) || kl_key_load(kp, &x->key, &err))
		return -1;
	unlink(kp);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	char p[192];
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	kl_store_close(x->st);
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", x->path, sfx[i]);
		unlink(p);
	}
	for (size_t i = 0; i < x->nfiles; i++)
		if (unlink(x->files[i]) != 0)
			rmdir(x->files[i]);
	rmdir(x->dir);
	kl_key_release(&x->key);
	free(x);
	return 0;
}

/* Write `text` to dir/name (removed by teardown); returns the path. */
static const char *put_file(struct fx *x, const char *name, const char *text)
{
	char p[160];
	snprintf(p, sizeof(p), "%s/%s", x->dir, name);
	size_t i = 0;
	while (i < x->nfiles && strcmp(x->files[i], p) != 0)
		i++;
	if (i == x->nfiles) {
		assert_true(x->nfiles < 16);
		memcpy(x->files[x->nfiles++], p, sizeof(p));
	}
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	size_t len = strlen(text);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return x->files[i];
}

/* Close the store and make a new, empty one in its place. */
static void fresh_store(struct fx *x)
{
	char p[192];
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	struct kl_error err;
	kl_store_close(x->st);
	x->st = NULL;
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", x->path, sfx[i]);
		unlink(p);
	}
	kl_error_clear(&err);
	assert_int_equal(kl_store_open(&x->st, x->path, KL_STORE_CREATE, &err),
	                 KL_OK);
}

/* sqlite3_exec callbacks: add a count to *ctx; run each query given. */
static int add_count(void *ctx, int n, char **v, char **names)
{
	(void)n;
	(void)names;
	*(long long *)ctx += v[0] ? atoll(v[0]) : 0;
	return 0;
}

struct sum {
	sqlite3 *db;
	long long total;
};

static int run_count(void *ctx, int n, char **v, char **names)
{
	struct sum *q = ctx;
	(void)n;
	(void)names;
	return sqlite3_exec(q->db, v[0], add_count, &q->total, NULL);
}

/* Sum of the row counts of every table of the store. */
static long long store_rows(struct fx *x)
{
	struct sum q = {kli_store_db(x->st), 0};
	assert_int_equal(sqlite3_exec(q.db,
	                              "SELECT 'SELECT count(*) FROM \"' || "
	                              "replace(name, '\"', '\"\"') || '\"' "
	                              "FROM sqlite_master WHERE type = 'table'",
	                              run_count, &q, NULL),
	                 SQLITE_OK);
	return q.total;
}

/* The one text a query gives ("" for NULL), for the positive cases. */
static void query1(struct fx *x, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(kli_store_db(x->st), sql, -1, &s, NULL),
	    SQLITE_OK);
	out[0] = '\0';
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* ---- store failure injection ---- */

/* Deny the prepare of `action` (SQLITE_INSERT, SQLITE_DELETE,
 * SQLITE_UPDATE) on `table` (and `column` for an UPDATE, NULL: any). */
struct deny {
	int action;
	const char *table, *column;
};

static int deny_cb(void *ctx, int action, const char *a, const char *b,
                   const char *db, const char *trigger)
{
	const struct deny *d = ctx;
	(void)db;
	(void)trigger;
	if (action == d->action && a && !strcmp(a, d->table) &&
	    (!d->column || (b && !strcmp(b, d->column))))
		return SQLITE_DENY;
	return SQLITE_OK;
}

/* What to fail in one import: a denied prepare and/or the interrupted
 * step of the statement whose SQL begins with `interrupt`. */
struct fault {
	struct deny deny;      /* deny.action 0: none */
	const char *interrupt; /* SQL prefix, or NULL */
};

static sqlite3 *fault_db;
static const char *fault_prefix;

/* The progress handler: nonzero (interrupt) while the statement is
 * running. */
static int progress_cb(void *ctx)
{
	(void)ctx;
	for (sqlite3_stmt *s = sqlite3_next_stmt(fault_db, NULL); s;
	     s = sqlite3_next_stmt(fault_db, s)) {
		const char *q = sqlite3_sql(s); /* NULL inside SQLite */
		if (sqlite3_stmt_busy(s) && q &&
		    !strncmp(q, fault_prefix, strlen(fault_prefix)))
			return 1;
	}
	return 0;
}

static void fault_on(struct fx *x, const struct fault *f)
{
	sqlite3 *db = kli_store_db(x->st);
	if (f->deny.action)
		sqlite3_set_authorizer(db, deny_cb, (void *)&f->deny);
	if (f->interrupt) {
		fault_db = db;
		fault_prefix = f->interrupt;
		sqlite3_progress_handler(db, 1, progress_cb, NULL);
	}
}

static void fault_off(struct fx *x)
{
	sqlite3 *db = kli_store_db(x->st);
	sqlite3_set_authorizer(db, NULL, NULL);
	sqlite3_progress_handler(db, 0, NULL, NULL);
}

/* ---- the cases ---- */

/* a case names the fields it needs; the rest are 0 */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* A case whose file is good but the store fails (fault: DENY or
 * INTERRUPT); before: a file imported first, or NULL. */
#define DENY(action, table, column)                                            \
	{                                                                      \
		{action, table, column}, NULL                                  \
	}
#define INTERRUPT(sql)                                                         \
	{                                                                      \
		{0, NULL, NULL}, sql                                           \
	}

enum { NOKEY = 1, REPLACE = 2, OTHER = 4, DRY = 8 };

struct bad {
	const char *what;       /* what is wrong with the file */
	enum kl_feed_kind kind; /* KL_FEED_UNKNOWN: detected */
	const char *name;       /* file name */
	const char *text;
	enum kl_status status;
	unsigned long line, col;
	const char *msg; /* "%s": the key's id */
	unsigned max_errors;
	unsigned long problems; /* 0: not checked */
	int flags;
	int delimiter;
	const char *before; /* imported first (same name + ".0"), or NULL */
	struct fault fault;
};

static int import(struct fx *x, const struct bad *c, const char *path,
                  struct kl_feed_result *res, struct kl_error *err)
{
	struct kl_feed_opts o;
	memset(&o, 0, sizeof(o));
	o.kind = c->kind;
	o.key = c->flags & NOKEY ? NULL : &x->key;
	o.replace = !!(c->flags & REPLACE);
	o.unknown_other = !!(c->flags & OTHER);
	o.dry_run = !!(c->flags & DRY);
	o.max_errors = c->max_errors;
	o.delimiter = c->delimiter;
	memset(res, 0, sizeof(*res));
	kl_error_clear(err);
	return kl_import_feed(x->st, path, &o, res, err);
}

static void run_bad(struct fx *x, const struct bad *c)
{
	struct kl_feed_result res;
	struct kl_error err;
	char want[600];

	fresh_store(x);
	if (c->before) {
		char n0[96];
		struct bad b0 = *c;
		b0.flags &= ~REPLACE;
		snprintf(n0, sizeof(n0), "%s.0%s", c->name,
		         strrchr(c->name, '.'));
		const char *p0 = put_file(x, n0, c->before);
		if (import(x, &b0, p0, &res, &err) != KL_OK)
			fail_msg("%s: the first import failed: %s", c->what,
			         err.msg);
	}
	const char *p = put_file(x, c->name, c->text);
	long long before = store_rows(x);
	fault_on(x, &c->fault);
	int rc = import(x, c, p, &res, &err);
	fault_off(x);
	snprintf(want, sizeof(want), c->msg, x->key.id);
	if (rc != (int)c->status || err.status != c->status ||
	    err.line != c->line || err.column != c->col ||
	    strcmp(err.msg, want) != 0)
		fail_msg("%s:\n  got  %d %lu:%lu %s\n  want %d %lu:%lu %s",
		         c->what, rc, err.line, err.column, err.msg, c->status,
		         c->line, c->col, want);
	/* located problems name the file; others have no path */
	const char *base = strrchr(err.path, '/');
	if (c->line || c->col)
		assert_string_equal(base ? base + 1 : err.path, c->name);
	if (c->problems && res.problems != c->problems)
		fail_msg("%s: %lu problems, want %lu", c->what, res.problems,
		         c->problems);
	assert_int_equal(res.import_id, 0);
	if (store_rows(x) != before)
		fail_msg("%s: the store changed", c->what);
}

/* Import text as file `name` of feed `kind` (flags: REPLACE, OTHER),
 * which must succeed; its result in *res. */
static void import_ok(struct fx *x, enum kl_feed_kind kind, int flags,
                      const char *name, const char *text,
                      struct kl_feed_result *res)
{
	struct bad c = {name, kind, name, text};
	struct kl_error err;
	c.flags = flags;
	if (import(x, &c, put_file(x, name, text), res, &err) != KL_OK)
		fail_msg("%s: %s", name, err.msg);
}

/* The value named `s` of the names v[0..n) ("" is a name too); fails
 * the test for any other. */
struct named {
	const char *name;
	int value;
};

static int value_named(const struct named *v, size_t n, const char *what,
                       const char *s)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(s, v[k].name))
			return v[k].value;
	fail_msg("unknown %s '%s'", what, s);
	return 0;
}
#define NAMED(v, what, s) value_named(v, sizeof(v) / sizeof(v[0]), what, s)

/* The flags named in s ("nokey|replace", "" for none). */
static int flags_named(const char *s)
{
	static const struct named v[] = {{"nokey", NOKEY},
	                                 {"replace", REPLACE},
	                                 {"other", OTHER},
	                                 {"dry", DRY}};
	char b[64];
	int flags = 0;
	snprintf(b, sizeof(b), "%s", s);
	for (char *p = strtok(b, "|"); p; p = strtok(NULL, "|"))
		flags |= NAMED(v, "flag", p);
	return flags;
}

/*
 * Run every case of tests/data/feed_errors/<name>.csv, one a row, as
 * run_bad does.  The columns are the fields of struct bad: kind a feed's
 * --kind ("" detected), status the kl_status without KL_ERR_ in lower
 * case, line and column the expected place, flags as flags_named reads
 * them, delimiter one character or "" (detected), before "" for none,
 * deny "ACTION TABLE [COLUMN]" (ACTION insert, delete, update or read;
 * "" for none) and interrupt an SQL prefix ("" for none).
 */
static void run_cases(struct fx *x, const char *name)
{
	static const struct named kinds[] = {
	    {"", KL_FEED_UNKNOWN},
	    {"police", KL_FEED_POLICE},
	    {"bra-sol", KL_FEED_BRA_SOL},
	    {"individuals", KL_FEED_INDIVIDUALS},
	    {"scb-population", KL_FEED_SCB_POPULATION}};
	static const struct named statuses[] = {{"parse", KL_ERR_PARSE},
	                                        {"privacy", KL_ERR_PRIVACY},
	                                        {"store", KL_ERR_STORE},
	                                        {"usage", KL_ERR_USAGE}};
	static const struct named actions[] = {{"insert", SQLITE_INSERT},
	                                       {"delete", SQLITE_DELETE},
	                                       {"update", SQLITE_UPDATE},
	                                       {"read", SQLITE_READ}};
	char rel[64], path[512];
	snprintf(rel, sizeof(rel), "feed_errors/%s.csv", name);
	assert_non_null(kl_test_data(rel, path, sizeof(path)));
	struct kl_reftable *t = kl_reftable_load(path, ',');
	if (!t)
		fail_msg("cannot read %s", path);
	assert_true(t->nrows > 0);
	for (size_t r = 0; r < t->nrows; r++) {
#define CELL(col) kl_reftable_get(t, r, col)
		char act[16] = "", table[64] = "", column[64] = "";
		struct bad c = {CELL("what"),
		                NAMED(kinds, "kind", CELL("kind")),
		                CELL("name"),
		                CELL("text"),
		                NAMED(statuses, "status", CELL("status")),
		                strtoul(CELL("line"), NULL, 10),
		                strtoul(CELL("column"), NULL, 10),
		                CELL("msg"),
		                (unsigned)strtoul(CELL("max_errors"), NULL, 10),
		                strtoul(CELL("problems"), NULL, 10),
		                flags_named(CELL("flags")),
		                (unsigned char)CELL("delimiter")[0],
		                *CELL("before") ? CELL("before") : NULL};
		if (*CELL("deny")) {
			assert_true(sscanf(CELL("deny"), "%15s %63s %63s", act,
			                   table, column) >= 2);
			c.fault.deny.action = NAMED(actions, "action", act);
			c.fault.deny.table = table;
			c.fault.deny.column = *column ? column : NULL;
		}
		if (*CELL("interrupt"))
			c.fault.interrupt = CELL("interrupt");
#undef CELL
		run_bad(x, &c);
	}
	kl_reftable_free(t);
}

#define PH                                                                     \
	"diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;"      \
	"brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;"  \
	"malsagande_kon;malsagande_aldersgrupp;status\n"
#define PROW                                                                   \
	"5000-K1-24;2024-03-04;2024-03-02;2024-03-02;9512;BrB 4:1a;1980;"      \
	"hotell;ja;1;flicka;15-17;nedlagd\n"

/* The police extract's bad cells, headers, identifiers and store
 * failures (tests/data/feed_errors/police.csv). */
static void test_feed_errors_police(void **state)
{
	run_cases(*state, "police");
}

#define BH "Region;Brott;År;Period;Antal;/100 000 inv\n"

/* Brå SOL (tests/data/feed_errors/bra.csv). */
static void test_feed_errors_bra(void **state)
{
	run_cases(*state, "bra");
}

/* Brå's forms that are no problem: '-' for zero, a blank between
 * thousands, a decimal comma, '-' as a rate, and with --unknown-codes
 * other an unknown brottskod counted as ovrigt. */
static void test_feed_errors_bra_forms(void **state)
{
	struct fx *x = *state;
	struct kl_feed_result res;
	char v[256];
	import_ok(x, KL_FEED_BRA_SOL, OTHER, "forms.txt",
	          BH "Västerås;Köp av sexuell tjänst;År;2024;-;-;\n"
	             "Hela landet;Köp av sexuell tjänst;År;2024;1 095;10,5;\n"
	             "Västerås;9999 - Okänt;År;2024;3;1;\n"
	             "Västerås;0416 - Människohandel för sexuella ändamål;År;"
	             "2024;1;;\n",
	          &res);
	assert_int_equal(res.unknown_codes, 1);
	assert_int_equal(res.unknown_line, 4);
	/* 0416 was used up to 2009 (schemas/brottskoder.csv) */
	assert_int_equal(res.outside_validity, 1);
	assert_int_equal(res.outside_line, 5);
	assert_int_equal(res.outside_year, 2024);
	assert_string_equal(res.outside_code, "0416");
	query1(x,
	       "SELECT group_concat(region_code || ':' || count || ':' || "
	       "ifnull(rate, 'n') || ':' || offence_group, ' ') FROM (SELECT "
	       "* FROM bra_sol ORDER BY _line)",
	       v, sizeof(v));
	assert_string_equal(v, "1980:0:0.0:kop_sexuell_tjanst "
	                       "00:1095:10.5:kop_sexuell_tjanst "
	                       "1980:3:1.0:ovrigt "
	                       "1980:1:n:manniskohandel_sexuell");
}

#define IH                                                                     \
	"organisation;organisationstyp;period;personnummer;initialer;kon;"     \
	"fodelsear;alder;kommunkod;roll;exploatering;arena;ersattning\n"

/* The individuals feed (tests/data/feed_errors/individuals.csv). */
static void test_feed_errors_individuals(void **state)
{
	run_cases(*state, "individuals");
}

/* SCB population CSV (tests/data/feed_errors/scb.csv). */
static void test_feed_errors_scb(void **state)
{
	run_cases(*state, "scb");
}

/* SCB's forms that are no problem, each checked in the store: regions by
 * name alone, digits grouped by a blank, U+00A0 or U+202F, '-' and '–'
 * for none, sex totals; a '..' of a former län in a year it did not exist
 * is skipped; a former län's '..' makes the sum '..'. */
static void test_feed_errors_scb_forms(void **state)
{
	struct fx *x = *state;
	struct kl_feed_result res;
	char v[256];
	import_ok(x, KL_FEED_SCB_POPULATION, 0, "forms.csv",
	          "region,kön,2024\n"
	          "Västerås,1+2,1 234\n"
	          "Riket,totalt,1\xc2\xa0"
	          "234\n"
	          "Västmanlands län,båda könen,1\xe2\x80\xaf"
	          "234\n"
	          "1984,män,-\n"
	          "1984,kvinnor,\xe2\x80\x93\n",
	          &res);
	assert_int_equal(res.cells, 5);
	query1(x,
	       "SELECT group_concat(region || ':' || ifnull(sex, '*') || ':' "
	       "|| count, ' ') FROM (SELECT * FROM population ORDER BY _line)",
	       v, sizeof(v));
	assert_string_equal(v, "1980:*:1234 00:*:1234 19:*:1234 1984:män:0 "
	                       "1984:kvinnor:0");

	import_ok(x, KL_FEED_SCB_POPULATION, 0, "merged.csv",
	          "region,kön,1995,1998\n"
	          "11 Kristianstads län,män,..,..\n"
	          "12 Malmöhus län,män,7,..\n",
	          &res);
	assert_int_equal(res.merged_skipped, 2);
	query1(
	    x,
	    "SELECT region || ':' || year || ':' || ifnull(count, 'null') || "
	    "':' || symbol || ':' || merged_from FROM population WHERE "
	    "merged_from IS NOT NULL",
	    v, sizeof(v));
	assert_string_equal(v, "12:1995:null:..:11,12");
}

#define PXV                                                                    \
	"VALUES(\"region\")=\"Västerås\";\nCODES(\"region\")=\"1980\";\n"    \
	"VALUES(\"år\")=\"2024\",\"2025\";\n"
#define PXOK                                                                   \
	"CODEPAGE=\"utf-8\";\nSTUB=\"region\";\nHEADING=\"år\";\n" PXV         \
	"DATA=\n5 6;\n"

/* SCB PC-Axis (tests/data/feed_errors/px.csv). */
static void test_feed_errors_px(void **state)
{
	run_cases(*state, "px");
}

/* A table of 33^8 cells (more than 2^40) is refused before its DATA is
 * counted. */
static void test_feed_errors_px_size(void **state)
{
	struct fx *x = *state;
	char text[4096];
	size_t k = 0;
	static const char *const v[8] = {"a", "b", "c", "d",
	                                 "e", "f", "g", "h"};
	k += (size_t)snprintf(text + k, sizeof(text) - k,
	                      "STUB=\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\","
	                      "\"h\";\n");
	for (int i = 0; i < 8; i++) {
		k += (size_t)snprintf(text + k, sizeof(text) - k,
		                      "VALUES(\"%s\")=", v[i]);
		for (int j = 0; j < 33; j++)
			k += (size_t)snprintf(text + k, sizeof(text) - k,
			                      "%s\"%d\"", j ? "," : "", j);
		k += (size_t)snprintf(text + k, sizeof(text) - k, ";\n");
	}
	snprintf(text + k, sizeof(text) - k, "DATA=1;\n");
	struct bad c = {"33^8 cells",
	                KL_FEED_UNKNOWN,
	                "big.px",
	                text,
	                KL_ERR_PARSE,
	                10,
	                0,
	                "expected a PC-Axis file: a table of a sane size"};
	run_bad(x, &c);
}

/* A NUL byte is refused, and the message points at it; a missing file
 * and a directory are no input. */
static void test_feed_errors_px_unreadable(void **state)
{
	struct fx *x = *state;
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	char p[192], want[400];
	static const char nul[] = "STUB=\"region\";\n\0DATA=1;\n";
	long long before = store_rows(x);

	memset(&o, 0, sizeof(o));
	snprintf(p, sizeof(p), "%s/nul.px", x->dir);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(nul, 1, sizeof(nul) - 1, f), sizeof(nul) - 1);
	assert_int_equal(fclose(f), 0);
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &o, &res, &err),
	                 KL_ERR_PARSE);
	/* the NUL is the 16th byte */
	assert_string_equal(err.msg, "expected a PC-Axis file in ISO-8859-1 "
	                             "(its CODEPAGE); byte 16 is not");
	unlink(p);

	snprintf(p, sizeof(p), "%s/none.px", x->dir);
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &o, &res, &err),
	                 KL_ERR_NOINPUT);
	snprintf(want, sizeof(want),
	         "cannot open '%s': No such file or directory", p);
	assert_string_equal(err.msg, want);

	snprintf(p, sizeof(p), "%s/dir.px", x->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	kl_error_clear(&err);
	int rc = kl_import_feed(x->st, p, &o, &res, &err);
	rmdir(p);
	assert_int_equal(rc, KL_ERR_NOINPUT);
	snprintf(want, sizeof(want), "cannot read '%s': Is a directory", p);
	assert_string_equal(err.msg, want);
	assert_int_equal(store_rows(x), before);
}

/* The code pages a PX file may declare (none: ISO-8859-1), and keywords
 * in another language, which are ignored: Västerås 2024 and 2025. */
static void test_feed_errors_px_codepages(void **state)
{
	struct fx *x = *state;
	static const char *const texts[] = {
	    PXOK,
	    "CODEPAGE=\"windows-1252\";\nSTUB=\"region\";\nHEADING=\"\xe5r\";\n"
	    "TITLE[en]=\"Population\";\n"
	    "VALUES(\"region\")=\"1980 V\xe4ster\xe5s\";\n"
	    "CODES(\"region\")=\"1980\";\n"
	    "VALUES(\"\xe5r\")=\"2024\",\"2025\";\nDATA=\n5 6;\n",
	    "STUB=\"region\";\nHEADING=\"\xe5r\";\n"
	    "VALUES(\"region\")=\"V\xe4ster\xe5s\";\nCODES(\"region\")="
	    "\"1980\";\n"
	    "VALUES(\"\xe5r\")=\"2024\",\"2025\";\nDATA=\n5 6;\n",
	};
	static const char *const enc[] = {"utf-8", "windows-1252",
	                                  "iso-8859-1"};
	for (size_t i = 0; i < 3; i++) {
		struct kl_feed_result res;
		char v[128];
		fresh_store(x);
		import_ok(x, KL_FEED_UNKNOWN, 0, "p.px", texts[i], &res);
		assert_string_equal(res.info.encoding, enc[i]);
		query1(x,
		       "SELECT group_concat(region || ':' || year || ':' || "
		       "count, ' ') FROM (SELECT * FROM population ORDER BY "
		       "year)",
		       v, sizeof(v));
		assert_string_equal(v, "1980:2024:5 1980:2025:6");
	}
}

/* --nine-digit-codes: several columns, and a name that is no column. */
static void test_feed_errors_nine_digit_codes(void **state)
{
	struct fx *x = *state;
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	const char *p = put_file(x, "p.csv", PH PROW);
	long long before = store_rows(x);

	memset(&o, 0, sizeof(o));
	o.kind = KL_FEED_POLICE;
	o.nine_digit_codes = "nope";
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &o, &res, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "--nine-digit-codes names 'nope', which "
	                             "is not a column of the file");
	assert_int_equal(store_rows(x), before);
	o.nine_digit_codes = "lagrum,BROTTSKOD";
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &o, &res, &err), KL_OK);
	assert_int_equal(res.rows, 1);
}

struct out {
	char text[2048];
	size_t len;
	int fail; /* emit returns nonzero */
};

static int emit(void *ctx, const char *t, size_t n)
{
	struct out *o = ctx;
	if (o->fail)
		return 1;
	assert_true(o->len + n < sizeof(o->text));
	memcpy(o->text + o->len, t, n);
	o->len += n;
	o->text[o->len] = '\0';
	return 0;
}

#define B60 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/*
 * kartlagg pseudonymise: a line longer than the first buffer, a cell that
 * must be quoted, the birth year a personnummer gives appended when the
 * file has no fodelsear column.  Under the key of bytes 0..31 the person
 * key of 200801019829 and the key id are, from Python's hashlib,
 * blake2b(b"200801019829", digest_size=32, key=bytes(range(32))) and
 * blake2b(b"kartlagg key id v1", digest_size=8, key=bytes(range(32))).
 */
static void test_feed_errors_pseudonymise(void **state)
{
	struct fx *x = *state;
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	struct kl_key key;
	struct out out = {"", 0, 0};
	char kp[128];

	snprintf(kp, sizeof(kp), "%s/key0", x->dir);
	FILE *f = fopen(kp, "w");
	assert_non_null(f);
	fputs("000102030405060708090a0b0c0d0e0f"
	      "101112131415161718191a1b1c1d1e1f\n",
	      f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(kp, 0600), 0);
	kl_error_clear(&err);
	assert_int_equal(kl_key_load(kp, &key, &err), KL_OK);
	unlink(kp);

	const char *p = put_file(
	    x, "i.csv",
	    "organisation;organisationstyp;period;personnummer;kon;roll\n"
	    "\"Org \"\"A\"\" " B60 B60 B60 B60 B60
	    "\";socialtjanst;2025;20080101-9829;kvinna;utsatt\n");
	memset(&o, 0, sizeof(o));
	o.key = &key;
	kl_error_clear(&err);
	assert_int_equal(kl_pseudonymise(p, &o, emit, &out, &res, &err), KL_OK);
	assert_string_equal(
	    out.text,
	    "organisation;organisationstyp;period;kon;roll;fodelsear;"
	    "personnyckel;nyckeltyp;nyckel_id\n"
	    "\"Org \"\"A\"\" " B60 B60 B60 B60 B60
	    "\";socialtjanst;2025;kvinna;utsatt;2008;"
	    "25416ea35781e67b9d11690cedf5a0d47ea4be94b3db9f6ebf5b856e9e6635b3;"
	    "stark;f7c6096ef5daee97\n");
	assert_int_equal(res.strong_keys, 1);

	/* the output cannot be written */
	out.fail = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_pseudonymise(p, &o, emit, &out, &res, &err),
	                 KL_ERR_IO);
	assert_string_equal(err.msg, "cannot write the output");

	/* no key */
	o.key = NULL;
	kl_error_clear(&err);
	assert_int_equal(kl_pseudonymise(p, &o, emit, &out, &res, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "pseudonymising needs a key (--key)");

	/* no file */
	o.key = &key;
	snprintf(kp, sizeof(kp), "%s/none.csv", x->dir);
	kl_error_clear(&err);
	assert_int_equal(kl_pseudonymise(kp, &o, emit, &out, &res, &err),
	                 KL_ERR_NOINPUT);

	/* a problem: nothing is written */
	out.fail = 0;
	out.len = 0;
	out.text[0] = '\0';
	p = put_file(x, "bad.csv",
	             "organisation;organisationstyp;period;personnummer;kon;"
	             "roll\nOrg;socialtjanst;2025;20080101-9829;kvinna;utsatt\n"
	             "Org;socialtjanst;2025H3;20080101-9829;kvinna;utsatt\n");
	kl_error_clear(&err);
	assert_int_equal(kl_pseudonymise(p, &o, emit, &out, &res, &err),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 3);
	assert_int_equal(out.len, 0);
	kl_key_release(&key);
}

/* The small helpers of feed_common.c, against hand-made values. */
static void test_feed_errors_helpers(void **state)
{
	char b[64];
	const char *codes[4];
	int y = 0;
	(void)state;

	assert_null(kl_feed_name(KL_FEED_UNKNOWN));
	assert_string_equal(kl_feed_name(KL_FEED_BRA_SOL), "bra-sol");
	assert_int_equal(kl_feed_parse_name("survey"), KL_FEED_UNKNOWN);
	assert_int_equal(kl_feed_parse_name("police"), KL_FEED_POLICE);
	assert_int_equal(kl_feed_parse_name("scb-population"),
	                 KL_FEED_SCB_POPULATION);

	snprintf(b, sizeof(b), "kept");
	kli_lower("X", b, 0);
	assert_string_equal(b, "kept");
	kli_lower(" \tÅr ÄLDRE\t ", b, sizeof(b));
	assert_string_equal(b, "år äldre");

	/* 50 bytes: the first 40 and "..." */
	kli_feed_quote("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", b,
	               sizeof(b));
	assert_string_equal(b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	/* byte 41 is inside 'ö' (2 bytes from byte 40): cut before it */
	kli_feed_quote("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaöbbbb", b,
	               sizeof(b));
	assert_string_equal(b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	/* a buffer of 10: 6 bytes and "..." */
	kli_feed_quote("abcdefghijkl", b, 10);
	assert_string_equal(b, "abcdef...");

	snprintf(b, sizeof(b), "kept");
	kli_feed_shape("12", b, 0);
	assert_string_equal(b, "kept");
	kli_feed_shape("Ab-12 ö\x01", b, sizeof(b));
	assert_string_equal(b, "xx-## ??");
	kli_feed_shape("123456789012345678901234567890", b, sizeof(b));
	assert_string_equal(b, "########################");

	assert_int_equal(kli_parse_date("2024-02-29", &y), 1);
	assert_int_equal(y, 2024);
	assert_int_equal(kli_parse_date("2000-02-29", NULL), 1);
	assert_int_equal(kli_parse_date("2023-02-29", NULL), 0);
	assert_int_equal(kli_parse_date("1900-02-29", NULL), 0);
	assert_int_equal(kli_parse_date("2024-04-31", NULL), 0);
	assert_int_equal(kli_parse_date("2024-13-01", NULL), 0);
	assert_int_equal(kli_parse_date("1899-12-31", NULL), 0);
	assert_int_equal(kli_parse_date("2024/02/01", NULL), 0);
	assert_int_equal(kli_parse_date("2024-1a-01", NULL), 0);
	assert_int_equal(kli_parse_date("2024-1-01", NULL), 0);

	assert_int_equal(kli_names_forbidden("misstänkt_kon"), 2);
	assert_int_equal(kli_names_forbidden("gatuadress"), 1);
	assert_int_equal(kli_names_forbidden("kon"), 0);

	assert_int_equal(kli_individuals_codes("nope", codes, 4), 0);
	assert_int_equal(kli_individuals_codes("sex", codes, 2), 2);
	assert_string_equal(codes[0], "kvinna");
	assert_string_equal(codes[1], "man");
}

#define IA IH "Org;socialtjanst;2025;080101-9829;;kvinna;;;;utsatt;;;\n"
#define IB IH "Org;socialtjanst;2025;121212-1212;;man;;;;kopare;;;\n"

/* A corrected delivery (--replace) or extract whose bookkeeping fails:
 * nothing of it is stored and the earlier import stays as it was. */
static void test_feed_errors_redeliveries(void **state)
{
	run_cases(*state, "redeliveries");
}

/* Retire `id` with fault f; the status and message it gives, and the
 * store unchanged. */
static void retire_fails(struct fx *x, long long id, const struct fault *f,
                         enum kl_status status, const char *msg)
{
	struct kl_retire_result rr;
	struct kl_error err;
	long long before = store_rows(x);
	kl_error_clear(&err);
	fault_on(x, f);
	int rc = kl_import_retire(x->st, id, &rr, &err);
	fault_off(x);
	if (rc != (int)status || strcmp(err.msg, msg) != 0)
		fail_msg("retire %lld: got %d %s, want %d %s", id, rc, err.msg,
		         status, msg);
	assert_int_equal(store_rows(x), before);
}

/*
 * kl_import_retire: an unknown import, a police import, and the store
 * failing at each step; import 1 is a delivery that import 2 replaced,
 * import 3 a police extract.
 */
static void test_feed_errors_retire(void **state)
{
	struct fx *x = *state;
	struct kl_feed_result res;
	struct kl_error err;
	struct fault none = {{0, NULL, NULL}, NULL};
	import_ok(x, KL_FEED_INDIVIDUALS, 0, "a.csv", IA, &res);
	import_ok(x, KL_FEED_INDIVIDUALS, REPLACE, "b.csv", IB, &res);
	assert_int_equal(res.replaced_id, 1);
	import_ok(x, KL_FEED_POLICE, 0, "c.csv", PH PROW, &res);

	retire_fails(x, 9, &none, KL_ERR_USAGE, "no import 9");
	retire_fails(x, 3, &none, KL_ERR_USAGE,
	             "import 3 is a police import; only individuals deliveries "
	             "and survey imports can be retired (police cases are "
	             "replaced by a later extract)");
	retire_fails(x, 1, &none, KL_ERR_USAGE,
	             "import 1 was replaced by import 2; retire that one");
	struct fault begin = {{0, NULL, NULL}, "BEGIN IMMEDIATE"};
	retire_fails(x, 2, &begin, KL_ERR_STORE,
	             "cannot start an import: interrupted");
	struct fault kind = {{SQLITE_READ, "imports", "kind"}, NULL};
	retire_fails(x, 2, &kind, KL_ERR_STORE,
	             "store: access to imports.kind is prohibited");
	struct fault aside = {{SQLITE_INSERT, "individuals_set_aside", NULL},
	                      NULL};
	retire_fails(x, 2, &aside, KL_ERR_STORE, "store: not authorized");
	struct fault next = {{0, NULL, NULL},
	                     "SELECT id FROM imports WHERE superseded_by"};
	retire_fails(x, 2, &next, KL_ERR_STORE,
	             "cannot restore an import: interrupted");
	struct fault mark = {{0, NULL, NULL},
	                     "UPDATE imports SET superseded_by = ?1 WHERE id"};
	retire_fails(x, 2, &mark, KL_ERR_STORE,
	             "cannot retire the import: interrupted");
	struct fault restore = {{0, NULL, NULL},
	                        "UPDATE imports SET superseded_by = NULL"};
	retire_fails(x, 2, &restore, KL_ERR_STORE,
	             "cannot restore an import: interrupted");

	/* without a fault it is retired, and import 1 is current again */
	struct kl_retire_result rr;
	kl_error_clear(&err);
	assert_int_equal(kl_import_retire(x->st, 2, &rr, &err), KL_OK);
	assert_int_equal(rr.rows, 1);
	assert_int_equal(rr.restored_id, 1);
	retire_fails(x, 2, &none, KL_ERR_USAGE, "import 2 is retired already");
}

#define CB                                                                     \
	"\"kolumn\",\"kortnamn\",\"etikett\",\"typ\",\"giltiga_koder\","       \
	"\"bortfallskoder\",\"filter\"\n"                                      \
	"\"year\",\"year\",\"År\",\"heltal\",\"2000-2100\",\"\",\"\"\n"       \
	"\"id\",\"id\",\"Löpnummer\",\"heltal\",\"1-\",\"\",\"\"\n"           \
	"\"x\",\"x\",\"X\",\"heltal\",\"0-9\",\"\",\"\"\n"

/* Import file `name` from text into survey sv (round variable `round`
 * or none; replace_round). */
static void survey(struct fx *x, const char *sv, const char *round,
                   const char *name, const char *text, int replace_round)
{
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	struct kl_error err;
	o.survey = sv;
	o.codebook = put_file(x, "cb.csv", CB);
	o.key = "year,id";
	o.round = round;
	o.replace_round = replace_round;
	memset(&res, 0, sizeof(res));
	kl_error_clear(&err);
	if (kl_import_survey(x->st, put_file(x, name, text), &o, &res, &err))
		fail_msg("survey %s: %s", name, err.msg);
}

/* kl_survey_rounds with fault f: the status and message it gives. */
static void rounds_fail(struct fx *x, const struct fault *f,
                        enum kl_status status, const char *msg)
{
	struct kl_round *v = NULL;
	size_t n = 7;
	struct kl_error err;
	kl_error_clear(&err);
	fault_on(x, f);
	int rc = kl_survey_rounds(x->st, NULL, &v, &n, &err);
	fault_off(x);
	if (rc != (int)status || strcmp(err.msg, msg) != 0)
		fail_msg("rounds: got %d %s, want %d %s", rc, err.msg, status,
		         msg);
	assert_null(v);
	assert_int_equal(n, 0);
}

/*
 * The rounds of a survey and retiring a round's import (lib/rounds.c)
 * when the store fails at each step: import 1 holds 2023 and 2025,
 * import 2 replaced its 2025 rows; retiring import 2 would bring them
 * back.  A survey the store no longer has cannot be retired from.
 */
static void test_feed_errors_rounds(void **state)
{
	struct fx *x = *state;
	char t[64], q[128];
	survey(x, "s", "year", "r.csv",
	       "year,id,x\n2023,1,1\n2023,2,0\n2025,3,1\n2025,4,0\n", 0);
	survey(x, "s", "year", "r2.csv", "year,id,x\n2025,5,1\n2025,6,1\n", 1);
	query1(x, "SELECT data_table FROM surveys WHERE name = 's'", t,
	       sizeof(t));

	struct kl_round *v = NULL;
	size_t n = 0;
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(kl_survey_rounds(x->st, "s", &v, &n, &err), KL_OK);
	assert_int_equal(n, 2); /* 2023 of r.csv, 2025 of r2.csv */
	assert_string_equal(v[0].round, "2023");
	assert_string_equal(v[0].name, "r.csv");
	assert_int_equal(v[0].rows, 2);
	assert_string_equal(v[1].round, "2025");
	assert_string_equal(v[1].name, "r2.csv");
	assert_int_equal(v[1].rows, 2);
	long long first = v[0].import_id, id = v[1].import_id;
	char msg[160], q4[96];
	kl_rounds_free(v);

	struct fault surveys = DENY(SQLITE_READ, "surveys", "round_var");
	rounds_fail(x, &surveys, KL_ERR_STORE,
	            "store: access to surveys.round_var is prohibited");
	struct fault names = DENY(SQLITE_READ, "imports", "name");
	rounds_fail(x, &names, KL_ERR_STORE,
	            "store: access to imports.name is prohibited");
	struct fault read = INTERRUPT("SELECT CAST(r.");
	rounds_fail(x, &read, KL_ERR_STORE,
	            "cannot read the rounds: interrupted");

	struct fault table = DENY(SQLITE_READ, "surveys", "data_table");
	retire_fails(x, id, &table, KL_ERR_STORE,
	             "store: access to surveys.data_table is prohibited");
	snprintf(q, sizeof(q), "SELECT count(*) FROM \"%s\" WHERE _import_id",
	         t);
	struct fault count = {{0, NULL, NULL}, q};
	retire_fails(x, id, &count, KL_ERR_STORE,
	             "cannot read the survey: interrupted");
	char q2[128];
	snprintf(q2, sizeof(q2), "SELECT count(*) FROM \"%s_set_aside\"", t);
	struct fault back = {{0, NULL, NULL}, q2};
	retire_fails(x, id, &back, KL_ERR_STORE,
	             "cannot read the survey: interrupted");
	char q3[128];
	snprintf(q3, sizeof(q3), "INSERT INTO \"%s_set_aside\"", t);
	struct fault aside = {{0, NULL, NULL}, q3};
	retire_fails(x, id, &aside, KL_ERR_STORE,
	             "cannot retire the import: interrupted");
	char sa[96];
	snprintf(sa, sizeof(sa), "%s_set_aside", t);
	struct fault deny_aside = DENY(SQLITE_INSERT, sa, NULL);
	retire_fails(x, id, &deny_aside, KL_ERR_STORE, "store: not authorized");
	struct fault cols = DENY(SQLITE_PRAGMA, "table_info", NULL);
	/* the pragma denied gives no rows, not an error */
	snprintf(msg, sizeof(msg), "cannot read the columns of table '%s'", t);
	retire_fails(x, id, &cols, KL_ERR_STORE, msg);
	struct fault change = DENY(SQLITE_INSERT, "import_changes", NULL);
	retire_fails(x, id, &change, KL_ERR_STORE, "store: not authorized");
	struct fault change2 = INTERRUPT("INSERT INTO import_changes (");
	retire_fails(x, id, &change2, KL_ERR_STORE,
	             "cannot record the change: interrupted");
	struct fault replaced =
	    DENY(SQLITE_READ, "import_changes", "by_import");
	retire_fails(x, id, &replaced, KL_ERR_STORE,
	             "store: access to import_changes.by_import is prohibited");
	snprintf(q4, sizeof(q4),
	         "UPDATE imports SET superseded_by = NULL WHERE id = %lld",
	         first);
	struct fault restore = {{0, NULL, NULL}, q4};
	retire_fails(x, id, &restore, KL_ERR_STORE,
	             "cannot retire the import: interrupted");

	/* the survey gone from the store */
	assert_int_equal(sqlite3_exec(kli_store_db(x->st),
	                              "DELETE FROM surveys", NULL, NULL, NULL),
	                 SQLITE_OK);
	struct fault none = {{0, NULL, NULL}, NULL};
	snprintf(
	    msg, sizeof(msg),
	    "import %lld is of survey 's', which is no longer in the store",
	    id);
	retire_fails(x, id, &none, KL_ERR_USAGE, msg);
}

/*
 * A survey without a round variable has one round per import, named "";
 * retiring an appended round's import (no rows set aside before) makes
 * the table of set-aside rows and leaves the first round.
 */
static void test_feed_errors_rounds_plain(void **state)
{
	struct fx *x = *state;
	struct kl_round *v = NULL;
	size_t n = 0;
	struct kl_error err;
	struct kl_retire_result rr;
	survey(x, "p", NULL, "p.csv", "year,id,x\n2023,1,1\n", 0);
	survey(x, "t", "year", "t1.csv", "year,id,x\n2023,1,1\n2023,2,1\n", 0);
	survey(x, "t", "year", "t2.csv", "year,id,x\n2025,3,1\n", 0);
	kl_error_clear(&err);
	assert_int_equal(kl_survey_rounds(x->st, "p", &v, &n, &err), KL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].round, "");
	assert_string_equal(v[0].round_var, "");
	assert_int_equal(v[0].rows, 1);
	kl_rounds_free(v);
	assert_int_equal(kl_survey_rounds(x->st, "t", &v, &n, &err), KL_OK);
	assert_int_equal(n, 2);
	long long id = v[1].import_id;
	kl_rounds_free(v);
	assert_int_equal(kl_import_retire(x->st, id, &rr, &err), KL_OK);
	assert_int_equal(rr.rows, 1);
	assert_int_equal(rr.restored, 0);
	assert_int_equal(kl_survey_rounds(x->st, "t", &v, &n, &err), KL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].round, "2023");
	assert_int_equal(v[0].rows, 2);
	kl_rounds_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_feed_errors_police, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_bra, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_bra_forms, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_individuals, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_scb, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_scb_forms, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_px, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_px_size, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_px_unreadable,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_px_codepages,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_nine_digit_codes,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_pseudonymise,
	                                    setup, teardown),
	    cmocka_unit_test(test_feed_errors_helpers),
	    cmocka_unit_test_setup_teardown(test_feed_errors_redeliveries,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_retire, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_rounds, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_feed_errors_rounds_plain,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
