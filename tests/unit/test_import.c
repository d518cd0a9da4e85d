/*
 * test_import.c - kl_import_survey() through kl_import.h: the error paths
 * of the survey import (malformed headers and rows, wrong field counts,
 * identifiers, broken encodings, empty files) and its bookkeeping (the same
 * file twice, a survey name taken, --replace, --dry-run).
 *
 * Every expected line, column and count is worked out by hand from the few
 * lines each test writes; the comment above each check says how.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "kl_test_store.h"
#include "store_priv.h" /* kli_store_db: the store's own connection */

static struct kl_test_store fx; /* the store of every test */

static int setup(void **state)
{
	(void)state;
	return kl_test_store_new(&fx, "import");
}

static int teardown(void **state)
{
	(void)state;
	return kl_test_store_remove(&fx);
}

/* Open dir/name for writing, its path in p[0..n). */
static FILE *create(const char *name, char *p, size_t n)
{
	FILE *f;
	snprintf(p, n, "%s/%s", fx.dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	return f;
}

/* Write `n` bytes of `text` to dir/name; the path in a static buffer. */
static const char *put(const char *name, const char *text, size_t n)
{
	static char p[128];
	FILE *f = create(name, p, sizeof(p));
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}
#define PUT(name, lit) put((name), (lit), sizeof(lit) - 1)

/* The problems an import reported, in order. */
struct seen {
	size_t n;
	struct kl_error e[8];
};

static void on_problem(void *ctx, const struct kl_error *e)
{
	struct seen *s = ctx;
	if (s->n < 8)
		s->e[s->n] = *e;
	s->n++;
}

/* Import `path` with options o into the test's store (res and err
 * cleared first). */
static int imp(const char *path, const struct kl_import_opts *o,
               struct kl_error *err, struct kl_import_result *res)
{
	memset(res, 0, sizeof(*res));
	kl_error_clear(err);
	return kl_import_survey(fx.st, path, o, res, err);
}

static int run(const char *path, const char *survey, struct kl_error *err,
               struct kl_import_result *res)
{
	struct kl_import_opts o = {.survey = survey};
	return imp(path, &o, err, res);
}

/* The path of tests/data/<rel> in a static buffer of its own (n: 0-3). */
static const char *data(int n, const char *rel)
{
	static char p[4][512];
	assert_non_null(kl_test_data(rel, p[n], sizeof(p[n])));
	return p[n];
}

/* The first column of the first row of SQL `q` on the store, as text,
 * read with a connection of its own. */
static void query(const char *q, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char p[128];
	snprintf(p, sizeof(p), "%s/s.db", fx.dir);
	assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* The number SQL `q` gives on the store. */
static long long count(const char *q)
{
	char v[32];
	query(q, v, sizeof(v));
	return atoll(v);
}

/*
 * The sum of the row counts of every table in the store, and a million
 * for each table and index: a refused file must leave both as they were.
 */
static long long store_rows(void)
{
	char sum[16384], q[16500];
	query("SELECT group_concat('(SELECT count(*) FROM \"' || name || "
	      "'\")', ' + ') FROM sqlite_master WHERE type = 'table'",
	      sum, sizeof(sum));
	snprintf(q, sizeof(q),
	         "SELECT %s + 1000000 * (SELECT count(*) FROM sqlite_master)",
	         sum);
	return count(q);
}

/*
 * Options for tests/data/import/cb_codebook.csv, which describes id
 * (heltal 1-, the key), kod (4 digits), svar (1|2, missing 8 or empty)
 * and vikt (decimal comma, > 0); problems go to *s when s is not NULL.
 */
static struct kl_import_opts cb_opts(const char *survey, struct seen *s)
{
	struct kl_import_opts o = {.survey = survey,
	                           .codebook =
	                               data(0, "import/cb_codebook.csv"),
	                           .problem = s ? on_problem : NULL,
	                           .ctx = s};
	return o;
}

/* ---- files that must be refused ------------------------------------------ */

/*
 * tests/data/import/refused.tsv: one refused file a line, with its case
 * worked out by hand from the few bytes of the file (tests/data/<file>,
 * or with '@' a path in the test's directory: missing, or a directory when
 * it ends in '/'), the options (a codebook below tests/data, --key,
 * --nine-digit-codes, --encoding, the problem limit), and what must come
 * back: the status, whose path the error names (none, the file, the
 * codebook, or the codebook an SPSS or Stata file's labels made: "<file>
 * (value labels)"), the line and column (0 = none), the header text of
 * that column, and the whole message ("%s" stands for the file's path).
 */
static enum kl_status status_named(const char *s)
{
	static const struct {
		const char *name;
		enum kl_status st;
	} v[] = {{"usage", KL_ERR_USAGE},     {"parse", KL_ERR_PARSE},
	         {"noinput", KL_ERR_NOINPUT}, {"config", KL_ERR_CONFIG},
	         {"privacy", KL_ERR_PRIVACY}, {"busy", KL_ERR_BUSY}};
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		if (!strcmp(s, v[k].name))
			return v[k].st;
	fail_msg("unknown status %s", s);
	return KL_OK;
}

/* The path the error of case `row` must name. */
static void where(const struct kl_reftable *t, size_t row, const char *path,
                  const char *cb, char *out, size_t n)
{
	const char *w = kl_reftable_get(t, row, "where");
	if (!strcmp(w, "file"))
		snprintf(out, n, "%s", path);
	else if (!strcmp(w, "codebook"))
		snprintf(out, n, "%s", cb);
	else if (!strcmp(w, "labels"))
		snprintf(out, n, "%s (value labels)", strrchr(path, '/') + 1);
	else
		snprintf(out, n, "%s", "");
}

/* An option of case `row`: NULL when its cell is empty. */
static const char *opt(const struct kl_reftable *t, size_t row,
                       const char *name)
{
	const char *v = kl_reftable_get(t, row, name);
	return *v ? v : NULL;
}

/*
 * Each refused file: the status, the place and the message exactly, one
 * problem, no import, and the store as it was (it holds a survey of 2
 * rows first, so "unchanged" is not "empty").
 */
static void test_import_refused(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_reftable *t =
	    kl_reftable_load(data(0, "import/refused.tsv"), '\t');
	(void)state;
	assert_non_null(t);
	assert_true(t->nrows >= 34);
	assert_int_equal(
	    run(PUT("good.csv", "a,b\n1,2\n3,4\n"), "good", &err, &res), KL_OK);
	long long before = store_rows();
	for (size_t k = 0; k < t->nrows; k++) {
		const char *file = kl_reftable_get(t, k, "file");
		char path[512], cb[512] = "", want[1024], at[600];
		if (file[0] == '@') {
			snprintf(path, sizeof(path), "%s/%s", fx.dir, file + 1);
			if (path[strlen(path) - 1] == '/') {
				path[strlen(path) - 1] = 0;
				assert_int_equal(mkdir(path, 0700), 0);
			}
		} else {
			snprintf(path, sizeof(path), "%s", data(1, file));
		}
		if (opt(t, k, "codebook"))
			snprintf(cb, sizeof(cb), "%s",
			         data(2, opt(t, k, "codebook")));
		struct kl_import_opts o = {
		    .survey = "t",
		    .codebook = cb[0] ? cb : NULL,
		    .key = opt(t, k, "key"),
		    .nine_digit_codes = opt(t, k, "nine"),
		    .encoding = opt(t, k, "encoding"),
		    .max_errors =
		        (unsigned)atoi(kl_reftable_get(t, k, "max_errors"))};
		enum kl_status want_st =
		    status_named(kl_reftable_get(t, k, "status"));
		int rc = imp(path, &o, &err, &res);
		snprintf(want, sizeof(want), kl_reftable_get(t, k, "msg"),
		         path);
		where(t, k, path, cb, at, sizeof(at));
		if (rc != (int)want_st || err.status != want_st ||
		    strcmp(err.path, at) ||
		    err.line !=
		        strtoul(kl_reftable_get(t, k, "line"), NULL, 10) ||
		    err.column !=
		        strtoul(kl_reftable_get(t, k, "column"), NULL, 10) ||
		    strcmp(err.field, kl_reftable_get(t, k, "field")) ||
		    strcmp(err.msg, want))
			fail_msg(
			    "refused.tsv line %zu (%s): %d %s:%lu:%lu: [%s] "
			    "%s",
			    k + 2, kl_reftable_get(t, k, "case"), rc, err.path,
			    err.line, err.column, err.field, err.msg);
		assert_int_equal(res.import_id, 0);
		assert_true(res.problems <= 1);
		assert_int_equal(store_rows(), before);
	}
	kl_reftable_free(t);
}

/* ---- the rows ------------------------------------------------------------ */

/*
 * Every bad row is a problem of its own when max_errors allows: lines 3, 5
 * and 6 of the file below have 1, 3 and 1 fields for 2 columns.
 */
static void test_import_all_problems(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	struct seen s;
	(void)state;
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.survey = "all";
	o.max_errors = 10;
	o.problem = on_problem;
	o.ctx = &s;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(fx.st,
	                     PUT("all.csv", "a,b\n1,2\n3\n4,5\n6,7,8\n9\n"), &o,
	                     &res, &err),
	    KL_ERR_PARSE);
	assert_int_equal(s.n, 3);
	assert_int_equal(res.problems, 3);
	assert_int_equal(s.e[0].line, 3);
	assert_int_equal(s.e[1].line, 5);
	assert_int_equal(s.e[2].line, 6);
	/* the first problem is the one err describes */
	assert_int_equal(err.line, 3);
	assert_int_equal(res.import_id, 0);
}

/* A good key: 2 rows (lines 2 and 3) stored. */
static void test_import_key(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	o.survey = "k";
	o.key = "id";
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(fx.st,
	                                  PUT("k3.csv", "id,x\n1,2\n5,4\n"), &o,
	                                  &res, &err),
	                 KL_OK);
	assert_int_equal(res.rows, 2);
	assert_true(res.import_id > 0);
}

/* ---- bookkeeping --------------------------------------------------------- */

/*
 * The same bytes twice: the second call stores nothing and names the first
 * import.  Another file under the same survey name needs --replace, which
 * then names the import it superseded.  The row counts are the lines less
 * the header: 3 (a quoted newline inside a field is one row), then 1.
 */
static void test_import_again_and_replace(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = {.survey = "s", .replace = 1};
	long long first;
	(void)state;
	assert_int_equal(
	    run(PUT("s1.csv", "a,b\n1,x\n2,\"y\nz\"\n3,w\n"), "s", &err, &res),
	    KL_OK);
	assert_int_equal(res.rows, 3);
	first = res.import_id;
	assert_true(first > 0);
	assert_int_equal(
	    run(PUT("s1.csv", "a,b\n1,x\n2,\"y\nz\"\n3,w\n"), "s", &err, &res),
	    KL_OK);
	assert_int_equal(res.existing_id, first);
	assert_int_equal(res.import_id, 0);
	assert_int_equal(run(PUT("s2.csv", "a,b\n9,q\n"), "s", &err, &res),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "--replace"));
	assert_int_equal(imp(PUT("s2.csv", "a,b\n9,q\n"), &o, &err, &res),
	                 KL_OK);
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.replaced_id, first);
	assert_true(res.import_id > first);
}

/*
 * A dry run reads every row (2) and stores nothing: the same survey name
 * is then free for a real import without --replace.
 */
static void test_import_dry_run(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = {.survey = "d", .dry_run = 1};
	(void)state;
	assert_int_equal(imp(PUT("d.csv", "a,b\n1,2\n3,4\n"), &o, &err, &res),
	                 KL_OK);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.import_id, 0);
	assert_int_equal(run(PUT("d.csv", "a,b\n1,2\n3,4\n"), "d", &err, &res),
	                 KL_OK);
	assert_true(res.import_id > 0);
	assert_int_equal(res.existing_id, 0);
}

/*
 * An empty --survey is refused.  Without one the name is the file name
 * less its extension: "named.csv" gives "named"; in ".csv" the dot starts
 * the name (a hidden file), so the name is ".csv" itself.
 */
static void test_import_survey_name(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("e.csv", "a\n1\n"), "", &err, &res),
	                 KL_ERR_USAGE);
	assert_int_equal(run(PUT("named.csv", "a\n1\n"), NULL, &err, &res),
	                 KL_OK);
	assert_string_equal(res.survey, "named");
	assert_int_equal(run(PUT(".csv", "b\n2\n"), NULL, &err, &res), KL_OK);
	assert_string_equal(res.survey, ".csv");
	/* a name holding the test personnummer 19121212-1212 */
	assert_int_equal(
	    run(PUT("p.csv", "a\n3\n"), "19121212-1212", &err, &res),
	    KL_ERR_PRIVACY);
	assert_string_equal(err.msg, "a survey name holds a personnummer; give "
	                             "another with --survey");
	assert_string_equal(res.survey, "");
}

/* ---- with a codebook ----------------------------------------------------- */

/*
 * tests/data/import/cb_invalid.csv (for cb_codebook.csv): line 3 has svar 7
 * (field 3, not a valid code), line 4 vikt "x" (field 4, not a number); line 2
 * is good.  With a limit of 10 both are problems; with the default only the
 * first.
 */
static void test_import_codebook_cells(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct seen s = {0};
	struct kl_import_opts o = cb_opts("cb", &s);
	const char *p = data(1, "import/cb_invalid.csv");
	(void)state;
	o.max_errors = 10;
	assert_int_equal(imp(p, &o, &err, &res), KL_ERR_PARSE);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].line, 3);
	assert_int_equal(s.e[0].column, 3);
	assert_int_equal(s.e[1].line, 4);
	assert_int_equal(s.e[1].column, 4);
	assert_int_equal(res.import_id, 0);
	o.max_errors = 0;
	o.problem = NULL;
	assert_int_equal(imp(p, &o, &err, &res), KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 3);
	assert_int_equal(res.problems, 1);
}

/* A good file for the codebook, of 2 rows, is stored. */
static void test_import_codebook_key(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = cb_opts("k", NULL);
	(void)state;
	assert_int_equal(imp(PUT("g.csv", "id;kod;svar;vikt\n"
	                                  "1;0180;1;1,0\n2;0181;;2,0\n"),
	                     &o, &err, &res),
	                 KL_OK);
	assert_int_equal(res.rows, 2);
	assert_true(res.import_id > 0);
}

/* ---- the storing thread -------------------------------------------------- */

/* Write dir/name for tests/data/import/cb_codebook.csv: rows 1..n
 * "i;0180;1;1,0" with id 1 again on row dup (line dup + 1) and the first
 * two fields only on row short_row (0 = none). */
static const char *put_keyed(const char *name, int n, int dup, int short_row)
{
	static char p[128];
	FILE *f = create(name, p, sizeof(p));
	fputs("id;kod;svar;vikt\n", f);
	for (int i = 1; i <= n; i++)
		fprintf(f, i == short_row ? "%d;0180\n" : "%d;0180;1;1,0\n",
		        i == dup ? 1 : i);
	assert_int_equal(fclose(f), 0);
	return p;
}

/*
 * Rows are stored 1024 to a batch by a thread of their own, 4 batches at
 * most in hand.  A duplicate key (id, the codebook's key) in the first
 * batch (row 2, line 3) stops the storer; the reader, 5000 rows on, finds
 * no batch free and stops too: the duplicate is the problem.  A row of 2
 * fields for 4 on line 501 stops the reader before it hands the first
 * batch over, which the storer then finds the duplicate in (line 3): the
 * storer's problem comes first and the limit of 1 keeps only it.
 */
static void test_import_storer_stops(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct seen s = {0};
	struct kl_import_opts o = cb_opts("d", &s);
	(void)state;
	assert_int_equal(imp(put_keyed("d.csv", 5000, 2, 0), &o, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.msg, "duplicate respondent key (id) = ('1'), "
	                             "first on line 2");
	assert_int_equal(res.problems, 1);
	assert_int_equal(res.import_id, 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(imp(put_keyed("e.csv", 600, 2, 500), &o, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "duplicate respondent key (id) = ('1'), "
	                             "first on line 2");
	assert_int_equal(res.problems, 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.e[0].line, 3);
}

/*
 * A key of 15 columns, each named by 20 characters, repeated on line 3:
 * the message lists the names (15 * 20 + 14 * 2 = 328 bytes) and the
 * values (each "text of 20 bytes", 16 bytes: 15 * 16 + 14 * 2 = 268)
 * cut to 255 bytes each, and is itself cut to 511 bytes.
 */
static void test_import_long_key(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	char key[512] = "", keys[512] = "", vals[512] = "", want[1200];
	char row[512] = "", text[1600], name[32];
	(void)state;
	for (int k = 0; k < 15; k++) {
		snprintf(name, sizeof(name), "kolumn_med_langt_n%02d", k);
		assert_int_equal(strlen(name), 20);
		snprintf(key + strlen(key), sizeof(key) - strlen(key), "%s%s",
		         k ? "," : "", name);
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys),
		         "%s%s", k ? ", " : "", name);
		snprintf(vals + strlen(vals), sizeof(vals) - strlen(vals),
		         "%stext of 20 bytes", k ? ", " : "");
		snprintf(row + strlen(row), sizeof(row) - strlen(row), "%s%s",
		         k ? "," : "", "abcdefghijklmnopqrst");
	}
	assert_int_equal(strlen(keys), 328);
	assert_int_equal(strlen(vals), 268);
	keys[255] = vals[255] = 0;
	snprintf(want, sizeof(want),
	         "duplicate respondent key (%s) = (%s), first on line 2", keys,
	         vals);
	want[511] = 0;
	snprintf(text, sizeof(text), "%s\n%s\n%s\n", key, row, row);
	struct kl_import_opts o = {.survey = "l", .key = key};
	assert_int_equal(imp(put("l.csv", text, strlen(text)), &o, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.msg, want);
}

/* ---- reading interrupted, and a store changed meanwhile ----------------- */

/* 8000 rows "i,abcdefghij" (at least 14 bytes each: over 64 KiB, the
 * progress step, and under the 10 000 rows types are guessed from). */
static const char *put_long(const char *name)
{
	static char p[128];
	FILE *f = create(name, p, sizeof(p));
	fputs("id,x\n", f);
	for (int i = 1; i <= 8000; i++)
		fprintf(f, "%d,abcdefghij\n", i);
	assert_int_equal(fclose(f), 0);
	return p;
}

static int stop_at_once(void *ctx, unsigned long long done,
                        unsigned long long total)
{
	(void)ctx;
	(void)done;
	(void)total;
	return 1;
}

/* While the file is first read, another connection imports survey "race"
 * (once). */
static int race(void *ctx, unsigned long long done, unsigned long long total)
{
	int *raced = ctx;
	struct kl_store *other = NULL;
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = {.survey = "race"};
	char p[128];
	(void)done;
	(void)total;
	if ((*raced)++)
		return 0;
	snprintf(p, sizeof(p), "%s/s.db", fx.dir);
	kl_error_clear(&err);
	assert_int_equal(kl_store_open(&other, p, KL_STORE_WRITE, &err), KL_OK);
	assert_int_equal(
	    kl_import_survey(other, PUT("r0.csv", "a\n1\n"), &o, &res, &err),
	    KL_OK);
	kl_store_close(other);
	return 0;
}

/*
 * A progress callback that asks to stop: "interrupted", a usage status,
 * nothing stored.  A survey of the same name imported by another
 * connection while the file is read: KL_ERR_BUSY, and the other import
 * stands (1 row).
 */
static void test_import_interrupted(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	int raced = 0;
	struct kl_import_opts o = {.survey = "i", .progress = stop_at_once};
	(void)state;
	long long before = store_rows();
	assert_int_equal(imp(put_long("i.csv"), &o, &err, &res), KL_ERR_USAGE);
	assert_string_equal(err.msg, "interrupted");
	assert_int_equal(store_rows(), before);
	o.survey = "race";
	o.progress = race;
	o.ctx = &raced;
	assert_int_equal(imp(put_long("i.csv"), &o, &err, &res), KL_ERR_BUSY);
	assert_string_equal(err.msg, "survey 'race' changed while the file "
	                             "was read; try again");
	assert_int_equal(res.import_id, 0);
	assert_true(raced >= 1);
}

/*
 * With a limit of 10 problems the header goes on past each: the test
 * personnummer 19121212-1212 as the name of field 1 and the empty name of
 * field 2 are both problems, the first the error.
 */
static void test_import_header_problems(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct seen s = {0};
	struct kl_import_opts o = {
	    .survey = "h", .max_errors = 10, .problem = on_problem, .ctx = &s};
	(void)state;
	assert_int_equal(
	    imp(PUT("h.csv", "19121212-1212,,x\n1,2,3\n"), &o, &err, &res),
	    KL_ERR_PRIVACY);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].column, 1);
	assert_int_equal(s.e[1].column, 2);
	assert_string_equal(s.e[1].msg,
	                    "expected a column name, got an empty header");
	assert_int_equal(err.column, 1);
	assert_int_equal(res.problems, 2);
}

/*
 * The store is full (SQLite's max_page_count on the store's connection,
 * from the pages it has up): a file of 3000 rows for cb_codebook.csv is
 * refused with an I/O error naming the store, and the store unchanged,
 * wherever the import runs out of room (its row, the survey, the
 * variables, the table, its index, the rows), until the limit lets it in.
 */
static void test_import_store_full(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = cb_opts("f", NULL);
	sqlite3 *db = kli_store_db(fx.st);
	char sql[64], tail[256];
	int full = 0;
	(void)state;
	assert_int_equal(run(PUT("a.csv", "a\n1\n"), "a", &err, &res), KL_OK);
	long long before = store_rows();
	long long pages = count("PRAGMA page_count");
	snprintf(tail, sizeof(tail),
	         ": database or disk is full on the store '%s/s.db'", fx.dir);
	const char *path = put_keyed("f.csv", 3000, 0, 0);
	for (long long extra = 0;; extra++) {
		assert_true(extra < 400);
		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
		         pages + extra);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		                 SQLITE_OK);
		int rc = imp(path, &o, &err, &res);
		if (rc == KL_OK)
			break;
		full++;
		size_t l = strlen(err.msg), t = strlen(tail);
		if (rc != KL_ERR_IO || l < t || strcmp(err.msg + l - t, tail))
			fail_msg("%lld pages more: %d %s", extra, rc, err.msg);
		assert_int_equal(store_rows(), before);
	}
	assert_true(full > 3);
	assert_int_equal(res.rows, 3000);
}

/* ---- rounds of a survey in the store ------------------------------------- */

/*
 * Survey "r" is rounds of "year" (2 rows of 2024, import 1).  A new
 * round's file with an empty year on line 3 (field 2) is refused; so are
 * the options below, each with a usage error and the store unchanged:
 * --round naming another variable; a codebook for a survey imported
 * without one; --replace-round with --replace, or for a survey not in the
 * store; --round naming no column of a new survey, or no variable of one
 * in the store (survey "n", imported without a round variable).
 */
static void test_import_round_refused(void **state)
{
	static const struct {
		const char *survey, *round;
		int codebook, replace, replace_round;
		const char *msg;
	} bad[] = {
	    {"r", "x", 0, 0, 0,
	     "survey 'r' separates its rounds by 'year', not 'x' (--round)"},
	    {"r", NULL, 1, 0, 0,
	     "survey 'r' was imported without a codebook (its types "
	     "inferred); add a round to it without --codebook, or import the "
	     "survey again with --replace"},
	    {"r", NULL, 0, 1, 1,
	     "--replace swaps the whole survey; --replace-round only its "
	     "rounds in this file: give one of them"},
	    {"m", NULL, 0, 0, 1,
	     "--replace-round replaces rounds of a survey in the store; survey "
	     "'m' is not there"},
	    {"m", "zz", 0, 0, 0,
	     "--round names 'zz', which is not a column of the survey"},
	    {"n", "zz", 0, 0, 0,
	     "the round variable 'zz' is not a variable of survey 'n'"},
	};
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o = {.survey = "r", .round = "year"};
	(void)state;
	assert_int_equal(imp(PUT("r1.csv", "id,year,x\n1,2024,a\n2,2024,b\n"),
	                     &o, &err, &res),
	                 KL_OK);
	o.survey = "n";
	o.round = NULL;
	assert_int_equal(imp(PUT("n1.csv", "id,x\n1,a\n"), &o, &err, &res),
	                 KL_OK);
	long long before = store_rows();
	o.survey = "r";
	assert_int_equal(
	    imp(PUT("r2.csv", "id,year,x\n3,2025,c\n4,,d\n"), &o, &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 2);
	assert_string_equal(err.field, "year");
	assert_string_equal(err.msg, "expected a round (a value of 'year'), "
	                             "got an empty cell");
	assert_int_equal(store_rows(), before);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct kl_import_opts b = {
		    .survey = bad[k].survey,
		    .round = bad[k].round,
		    .codebook = bad[k].codebook
		                    ? data(0, "import/cb_codebook.csv")
		                    : NULL,
		    .replace = bad[k].replace,
		    .replace_round = bad[k].replace_round};
		if (imp(PUT("x.csv", "id,year,x\n3,2025,c\n"), &b, &err,
		        &res) != KL_ERR_USAGE ||
		    strcmp(err.msg, bad[k].msg))
			fail_msg("case %zu: %d %s", k, err.status, err.msg);
		assert_int_equal(store_rows(), before);
	}
}

/*
 * Rounds that are decimals and texts.  Survey "w" (rounds of w, import 1:
 * 2 rows of 1.5) gets rows of 1.5 (twice) and 2.5 with --replace-round:
 * its 2 rows of 1.5 are set aside, 3 rows are added.  Then --replace
 * drops the survey, the set-aside rows with it.  Survey "t" has no round
 * variable but a saved design over x: a file of rounds 'c' (twice) is
 * added by it; two designs over different variables name none.
 */
static void test_import_round_kinds(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_design_spec d = {0};
	struct kl_import_opts o = {.survey = "w", .round = "w"};
	(void)state;
	assert_int_equal(
	    imp(PUT("w1.csv", "id,w\n1,1.5\n2,1.5\n"), &o, &err, &res), KL_OK);
	long long first = res.import_id;
	o.round = NULL;
	assert_int_equal(
	    imp(PUT("w2.csv", "id,w\n3,1.5\n4,1.5\n5,2.5\n"), &o, &err, &res),
	    KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "survey 'w' already has round 1.5 (2 rows from "
	                    "import 1, w1.csv); give --replace-round to "
	                    "replace that round's rows with this file's");
	o.replace_round = 1;
	assert_int_equal(
	    imp(PUT("w2.csv", "id,w\n3,1.5\n4,1.5\n5,2.5\n"), &o, &err, &res),
	    KL_OK);
	assert_true(res.appended);
	assert_string_equal(res.rounds, "1.5, 2.5");
	assert_int_equal(res.replaced_rows, 2);
	assert_int_equal(res.replaced_round_id, first);
	assert_int_equal(count("SELECT count(*) FROM survey_1"), 3);
	assert_int_equal(count("SELECT count(*) FROM survey_1_set_aside"), 2);
	/* a round without --codebook records no codebook import */
	assert_int_equal(count("SELECT count(*) FROM imports WHERE kind = "
	                       "'codebook'"),
	                 0);
	o.replace_round = 0;
	o.replace = 1;
	assert_int_equal(imp(PUT("w3.csv", "id,w\n6,3.5\n"), &o, &err, &res),
	                 KL_OK);
	assert_int_equal(count("SELECT count(*) FROM sqlite_master WHERE name "
	                       "GLOB 'survey_1*'"),
	                 0);
	assert_int_equal(count("SELECT count(*) FROM imports WHERE "
	                       "superseded_by IS NULL"),
	                 1);

	struct kl_import_opts t = {.survey = "t"};
	assert_int_equal(imp(PUT("t1.csv", "id,x\n1,a\n"), &t, &err, &res),
	                 KL_OK);
	d.over = (char *)"x";
	d.weight = (char *)"nope"; /* no column: nothing to check */
	assert_int_equal(kl_design_save(fx.st, "dx", &d, "t", &err), KL_OK);
	d.weight = NULL;
	assert_int_equal(imp(PUT("t2.csv", "id,x\n2,c\n3,c\n"), &t, &err, &res),
	                 KL_OK);
	assert_true(res.appended);
	assert_string_equal(res.rounds, "'c'");
	t.survey = "u";
	assert_int_equal(imp(PUT("u1.csv", "id,x\n1,b\n"), &t, &err, &res),
	                 KL_OK);
	long long u = res.import_id;
	assert_int_equal(kl_design_save(fx.st, "ux", &d, "u", &err), KL_OK);
	d.over = (char *)"id";
	assert_int_equal(kl_design_save(fx.st, "uid", &d, "u", &err), KL_OK);
	assert_int_equal(imp(PUT("u2.csv", "id,x\n4,e\n"), &t, &err, &res),
	                 KL_ERR_USAGE);
	char want[512];
	snprintf(want, sizeof(want),
	         "survey 'u' is already in the store (import %lld) and has no "
	         "round variable to add this file by; give --round <var> (the "
	         "variable whose values are the rounds, e.g. the year), "
	         "--replace to swap the survey, or --survey to name this one",
	         u);
	assert_string_equal(err.msg, want);
	/* 40 rounds, 2001 to 2040: the list is cut to 127 bytes */
	struct kl_import_opts y = {.survey = "y", .round = "year"};
	char rows[1024] = "id,year\n", list[512] = "";
	for (int k = 1; k <= 40; k++) {
		snprintf(rows + strlen(rows), sizeof(rows) - strlen(rows),
		         "%d,%d\n", k + 1, 2000 + k);
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		         "%s%d", k > 1 ? ", " : "", 2000 + k);
	}
	list[sizeof(res.rounds) - 1] = 0;
	assert_int_equal(
	    imp(PUT("y1.csv", "id,year\n1,1990\n"), &y, &err, &res), KL_OK);
	y.round = NULL;
	assert_int_equal(imp(put("y2.csv", rows, strlen(rows)), &y, &err, &res),
	                 KL_OK);
	assert_string_equal(res.rounds, list);
}

/* A codebook for a round of survey "c": CB_HEAD and the lines given. */
#define CB_HEAD                                                                \
	"kolumn;kortnamn;etikett;typ;giltiga_koder;bortfallskoder;filter;"     \
	"nyckel\n"
#define CB_ID "id;id;Id;heltal;1-;;;1\n"
#define CB_KOD "kod;kod;Kod;text (4 siffror);;;;\n"
#define CB_SVAR "svar;svar;Svar;kategori;1=Ja|2=Nej;8|tom;;\n"
#define CB_VIKT "vikt;vikt;Vikt;decimaltal;> 0;;;\n"

/*
 * A codebook for a new round must describe the survey: survey "c" (from
 * tests/data/import/cb_codebook.csv, rounds of kod) refuses a round
 * without --codebook (it has one: import 2), a codebook without vikt, one
 * whose svar (line 4) is an integer, one with a new variable (line 6),
 * and one whose svar lacks the code 2 the survey has.  Each problem names
 * the round's codebook and its line; the store is unchanged.
 */
static void test_import_round_codebook(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct seen s = {0};
	char cb[128];
	struct kl_import_opts o = cb_opts("c", &s);
	static const struct {
		const char *text;
		unsigned long line;
		const char *msg;
	} bad[] = {
	    {CB_HEAD CB_ID CB_KOD CB_SVAR, 0,
	     "survey 'c' has the variable 'vikt', which this codebook lacks (a "
	     "round has the survey's columns)"},
	    {CB_HEAD CB_ID CB_KOD "svar;svar;Svar;heltal;;;;\n" CB_VIKT, 4,
	     "variable 'svar' is integer here but category in survey 'c' (a "
	     "round keeps each column's type)"},
	    {CB_HEAD CB_ID CB_KOD CB_SVAR CB_VIKT "extra;extra;;text;;;;\n", 6,
	     "variable 'extra' is not in survey 'c' (a new column: a round has "
	     "the survey's columns, no new ones)"},
	    {CB_HEAD CB_ID CB_KOD
	     "svar;svar;Svar;kategori;1=Ja;8|tom;;\n" CB_VIKT,
	     4,
	     "variable 'svar' lacks the code '2' that survey 'c' has (its "
	     "earlier rounds use it)"},
	};
	(void)state;
	o.round = "kod";
	assert_int_equal(imp(PUT("c1.csv", "id;kod;svar;vikt\n1;0180;1;1,5\n"
	                                   "2;0180;2;2,0\n"),
	                     &o, &err, &res),
	                 KL_OK);
	long long before = store_rows();
	char round[128];
	snprintf(round, sizeof(round), "%s",
	         PUT("c2.csv", "id;kod;svar;vikt\n3;0181;1;1,0\n"));
	o.round = NULL;
	o.codebook = NULL;
	assert_int_equal(imp(round, &o, &err, &res), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "survey 'c' was imported with a codebook (import "
	                    "2); give --codebook (that one, or the one for "
	                    "this round) to add a round to it");
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		snprintf(cb, sizeof(cb), "%s",
		         put("kb.csv", bad[k].text, strlen(bad[k].text)));
		o.codebook = cb;
		if (imp(round, &o, &err, &res) != KL_ERR_PARSE ||
		    strcmp(err.path, cb) || err.line != bad[k].line ||
		    err.column != 0 || strcmp(err.msg, bad[k].msg))
			fail_msg("case %zu: %s:%lu:%lu: %s", k, err.path,
			         err.line, err.column, err.msg);
		assert_int_equal(store_rows(), before);
	}
	/* an integer svar and a new variable, with room for 10 problems:
	 * both, in the codebook's order; the codes of a svar that is no
	 * longer a category are not compared */
	snprintf(cb, sizeof(cb), "%s",
	         PUT("kb.csv",
	             CB_HEAD CB_ID CB_KOD "svar;svar;Svar;heltal;;;;\n" CB_VIKT
	                                  "extra;extra;;text;;;;\n"));
	o.max_errors = 10;
	memset(&s, 0, sizeof(s));
	assert_int_equal(imp(round, &o, &err, &res), KL_ERR_PARSE);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].line, 4);
	assert_int_equal(s.e[1].line, 6);
	assert_string_equal(err.msg, bad[1].msg);
	assert_int_equal(store_rows(), before);
}

/* ---- SPSS and Stata files ------------------------------------------------ */

static int count_calls(void *ctx, unsigned long long done,
                       unsigned long long total)
{
	(void)done;
	(void)total;
	(*(int *)ctx)++;
	return 0;
}

/*
 * tests/data/readstat/odd.sav (make_odd.R), 3000 cases: rng, labelled 1,
 * 2, 8, 9 with the missing range 8-9, is a category of 1 and 2 with the
 * missing codes 8 and 9 and their labels; nolab (user-missing 9, no
 * labels), part (3 unlabelled) and many (3000 values) are integers; the
 * strings slab (labelled) and smiss (user-missing X) are text.  Every
 * variable allows the empty cell.  rng is 8 in 3000 / 5 cases, smiss X in
 * half.  Its CSV export is over 64 KiB: progress is reported.
 * formats.dta: %9.0f is an integer, %9.2f and %9.0g decimals.
 */
static void test_import_sav_corners(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	char got[512];
	int calls = 0;
	struct kl_import_opts o = {
	    .survey = "odd", .progress = count_calls, .ctx = &calls};
	(void)state;
	assert_int_equal(imp(data(1, "readstat/odd.sav"), &o, &err, &res),
	                 KL_OK);
	assert_int_equal(res.rows, 3000);
	assert_true(calls >= 1);
	query("SELECT group_concat(name || ':' || type || ':' || "
	      "coalesce(valid_spec, ''), ',') FROM (SELECT * FROM variables "
	      "ORDER BY position)",
	      got, sizeof(got));
	assert_string_equal(got, "id:integer:,rng:category:1=Ja|2=Nej,"
	                         "nolab:integer:,part:integer:,"
	                         "many:integer:,slab:text:,smiss:text:");
	query("SELECT group_concat(variable || '=' || code || '=' || "
	      "coalesce(label, '') || '=' || is_missing, ';') FROM (SELECT * "
	      "FROM value_labels WHERE code <> '' ORDER BY rowid)",
	      got, sizeof(got));
	assert_string_equal(got, "rng=1=Ja=0;rng=2=Nej=0;rng=8=Vet ej=1;"
	                         "rng=9=Vill inte=1;nolab=9==1");
	assert_int_equal(count("SELECT count(*) FROM value_labels WHERE code "
	                       "= '' AND is_missing = 1"),
	                 7);
	assert_int_equal(count("SELECT count(*) FROM survey_1 WHERE rng = 8"),
	                 600);
	assert_int_equal(
	    count("SELECT count(*) FROM survey_1 WHERE smiss = 'X'"), 1500);
	assert_int_equal(count("SELECT max(many) FROM survey_1"), 3000);
	o.survey = "formats";
	o.progress = NULL;
	assert_int_equal(imp(data(1, "readstat/formats.dta"), &o, &err, &res),
	                 KL_OK);
	query("SELECT group_concat(name || ':' || type, ',') FROM (SELECT * "
	      "FROM variables WHERE survey_id = 2 ORDER BY position)",
	      got, sizeof(got));
	assert_string_equal(got, "id:integer,a:integer,b:decimal,g:decimal");
}

/* ---- types inferred from the first rows, checked over the rest ---------- */

/* Rows of dir/name that differ from "i;i;i,5;" (row i is line i + 1):
 * "abc" in a, "007" in b, "42" or "x" in c, no b and c (0 = none). */
struct odd_rows {
	int text_a, code_b, num_c, text_c, short_row;
};

/* Write dir/name: header "id;a;b;c", then rows 1..n as o says. */
static const char *put_rows(const char *name, int n, struct odd_rows o)
{
	static char p[128];
	FILE *f = create(name, p, sizeof(p));
	fputs("id;a;b;c\n", f);
	for (int i = 1; i <= n; i++) {
		if (i == o.short_row) {
			fprintf(f, "%d;%d\n", i, i);
			continue;
		}
		if (i == o.text_a)
			fprintf(f, "%d;abc;", i);
		else
			fprintf(f, "%d;%d;", i, i);
		if (i == o.code_b)
			fputs("007;", f);
		else
			fprintf(f, "%d,5;", i);
		fputs(i == o.num_c ? "42\n" : i == o.text_c ? "x\n" : "\n", f);
	}
	assert_int_equal(fclose(f), 0);
	return p;
}

/* The declared types of columns a, b, c of survey `survey`'s table, as
 * "a b c" (e.g. "INTEGER REAL TEXT"), read with SQLite itself. */
static void column_types(const char *survey, char *out, size_t n)
{
	char table[64], q[256];
	snprintf(q, sizeof(q),
	         "SELECT data_table FROM surveys WHERE name = '%s'", survey);
	query(q, table, sizeof(table));
	snprintf(q, sizeof(q),
	         "SELECT group_concat(type, ' ') FROM pragma_table_info('%s') "
	         "WHERE name IN ('a', 'b', 'c')",
	         table);
	query(q, out, n);
}

/*
 * Without a codebook the types are guessed from the first 10 000 rows;
 * cells after them that contradict the guess give the types of the whole
 * file all the same: a text in a (INTEGER -> TEXT), a code with a leading
 * zero in b (REAL -> TEXT), a number in c, empty until then (TEXT ->
 * INTEGER); each of the last two alone, too.  A text in c, empty until
 * then, makes it TEXT whatever follows (a number after it changes
 * nothing).  A file without them keeps the guess.  A row with too few
 * fields after the first 10 000 is reported at its line (row r is line
 * r + 1) and column (fields + 1).
 */
static void test_import_inferred_late_cells(void **state)
{
	static const struct {
		const char *name;
		struct odd_rows o;
		const char *types;
	} files[] = {
	    {"ok", {0, 0, 0, 0, 0}, "INTEGER REAL TEXT"},
	    {"late", {15000, 16000, 17000, 0, 0}, "TEXT TEXT INTEGER"},
	    {"code", {0, 16000, 0, 0, 0}, "INTEGER TEXT TEXT"},
	    {"num", {0, 0, 17000, 0, 0}, "INTEGER REAL INTEGER"},
	    {"text", {0, 0, 17000, 15000, 0}, "INTEGER REAL TEXT"},
	};
	struct kl_error err;
	struct kl_import_result res;
	char types[64];
	(void)state;
	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		assert_int_equal(run(put_rows("f.csv", 20000, files[k].o),
		                     files[k].name, &err, &res),
		                 KL_OK);
		assert_int_equal(res.rows, 20000);
		column_types(files[k].name, types, sizeof(types));
		assert_string_equal(types, files[k].types);
	}
	assert_int_equal(run(put_rows("short.csv", 20000,
	                              (struct odd_rows){0, 0, 0, 0, 15000}),
	                     "short", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 15001);
	assert_int_equal(err.column, 3);
	assert_string_equal(err.msg, "expected 4 fields, found 2");
	assert_int_equal(res.import_id, 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_import_refused),
	    TEST(test_import_all_problems),
	    TEST(test_import_key),
	    TEST(test_import_again_and_replace),
	    TEST(test_import_dry_run),
	    TEST(test_import_survey_name),
	    TEST(test_import_codebook_cells),
	    TEST(test_import_codebook_key),
	    TEST(test_import_storer_stops),
	    TEST(test_import_long_key),
	    TEST(test_import_interrupted),
	    TEST(test_import_header_problems),
	    TEST(test_import_store_full),
	    TEST(test_import_round_refused),
	    TEST(test_import_round_kinds),
	    TEST(test_import_round_codebook),
	    TEST(test_import_sav_corners),
	    TEST(test_import_inferred_late_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
