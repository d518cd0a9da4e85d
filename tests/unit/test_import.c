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
#include <unistd.h>

#include <sqlite3.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

static char dir[64];
static struct kl_store *st;

static int setup(void **state)
{
	struct kl_error err;
	char p[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kl-test-import-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(p, sizeof(p), "%s/s.db", dir);
	kl_error_clear(&err);
	return kl_store_open(&st, p, KL_STORE_CREATE, &err) == KL_OK ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	kl_store_close(st);
	st = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write `n` bytes of `text` to dir/name; the path in a static buffer. */
static const char *put(const char *name, const char *text, size_t n)
{
	static char p[128];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
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

static int run(const char *path, const char *survey, struct kl_error *err,
               struct kl_import_result *res)
{
	struct kl_import_opts o;
	memset(&o, 0, sizeof(o));
	memset(res, 0, sizeof(*res));
	o.survey = survey;
	kl_error_clear(err);
	return kl_import_survey(st, path, &o, res, err);
}

/* ---- files that are empty or have no data ------------------------------- */

/* A file of 0 bytes, and one of only a UTF-8 BOM (3 bytes), are empty. */
static void test_import_empty_file(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("e.csv", ""), "e", &err, &res), KL_ERR_PARSE);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(run(PUT("bom.csv", "\xEF\xBB\xBF"), "b", &err, &res),
	                 KL_ERR_PARSE);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(res.import_id, 0);
}

/* A header and no rows: the first data row would be line 2. */
static void test_import_header_only(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("h.csv", "a,b\n"), "h", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "no"));
	assert_int_equal(res.import_id, 0);
}

/* A file that is not there is KL_ERR_NOINPUT, the store untouched. */
static void test_import_missing_file(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	char p[128];
	(void)state;
	snprintf(p, sizeof(p), "%s/none.csv", dir);
	assert_int_equal(run(p, "n", &err, &res), KL_ERR_NOINPUT);
	assert_int_equal(res.import_id, 0);
}

/* ---- the header ---------------------------------------------------------- */

/* "a,,c": the empty name is field 2 of line 1. */
static void test_import_empty_header(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("x.csv", "a,,c\n1,2,3\n"), "x", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 2);
}

/* "a,b,a": the second "a" is field 3 and names column 1 as the other. */
static void test_import_duplicate_header(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("x.csv", "a,b,a\n1,2,3\n"), "x", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.msg, "column 1"));
}

/* The three names kartlagg keeps for itself, each at its own field. */
static void test_import_reserved_header(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("r1.csv", "_row,b\n1,2\n"), "r", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.column, 1);
	assert_int_equal(
	    run(PUT("r2.csv", "a,_import_id\n1,2\n"), "r", &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.column, 2);
	assert_int_equal(
	    run(PUT("r3.csv", "a,b,_line\n1,2,3\n"), "r", &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.column, 3);
}

/*
 * A file without its header line, whose first cell is the synthetic
 * personnummer 19121212-1212 (Skatteverket's test number; Luhn over
 * 1212121212 = 2+2+2+2+2+2+2+2+2+2 = 20, valid): refused as an
 * identifier at line 1, field 1, and the number is not in the message.
 */
static void test_import_pnr_header(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("p.csv", "19121212-1212,3\n19121212-1212,4\n"),
	                     "p", &err, &res),
	                 KL_ERR_PRIVACY);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1);
	assert_null(strstr(err.msg, "1212121212"));
	assert_null(strstr(err.msg, "121212-1212"));
}

/* ---- the rows ------------------------------------------------------------ */

/*
 * Line 3 has 3 fields for 2 columns: the first extra field is field 3.
 * Line 2 of the other file has 2 fields for 3 columns: field 3 is missing.
 */
static void test_import_field_count(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(
	    run(PUT("m.csv", "a,b\n1,2\n3,4,5\n"), "m", &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.msg, "expected 2 fields, found 3"));
	assert_int_equal(run(PUT("f.csv", "a,b,c\n1,2\n"), "f", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.msg, "expected 3 fields, found 2"));
	assert_int_equal(res.import_id, 0);
}

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
	    kl_import_survey(st, PUT("all.csv", "a,b\n1,2\n3\n4,5\n6,7,8\n9\n"),
	                     &o, &res, &err),
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

/* The test personnummer in field 2 of data line 3: refused, not echoed. */
static void test_import_pnr_cell(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(
	    run(PUT("c.csv", "id,x\n1,a\n2,19121212-1212\n"), "c", &err, &res),
	    KL_ERR_PRIVACY);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 2);
	assert_string_equal(err.field, "x");
	assert_null(strstr(err.msg, "121212-1212"));
	assert_int_equal(res.import_id, 0);
}

/* A blank line between rows: line 3 of "a,b / 1,2 / (blank) / 3,4". */
static void test_import_blank_line(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(
	    run(PUT("b.csv", "a,b\n1,2\n\n3,4\n"), "b", &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
}

/* A quote opened in field 2 of line 2 and never closed. */
static void test_import_open_quote(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run(PUT("q.csv", "a,b\n1,\"x\n"), "q", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(res.import_id, 0);
}

/*
 * Broken UTF-8: line 2 holds a valid "ö" (C3 B6), so the file is taken as
 * UTF-8, and line 3 a lone 0xFF in its field 2.
 */
static void test_import_bad_utf8(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(
	    run(PUT("u.csv", "a,b\n1,\xC3\xB6\n2,x\xFFy\n"), "u", &err, &res),
	    KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 2);
	assert_non_null(strstr(err.msg, "0xFF"));
}

/* An encoding name kartlagg does not know is a usage error. */
static void test_import_unknown_encoding(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	o.survey = "enc";
	o.encoding = "ebcdic";
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(st, PUT("enc.csv", "a\n1\n"), &o, &res, &err),
	    KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "ebcdic"));
}

/* ---- the respondent key -------------------------------------------------- */

/* --key naming no column, and an empty key cell (line 3, field 1). */
static void test_import_key(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	o.survey = "k";
	o.key = "id,zz";
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, PUT("k.csv", "id,x\n1,2\n3,4\n"),
	                                  &o, &res, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "'zz'"));
	o.key = "id";
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, PUT("k2.csv", "id,x\n1,2\n,4\n"),
	                                  &o, &res, &err),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 1);
	/* a good key: 2 rows (lines 2 and 3) */
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, PUT("k3.csv", "id,x\n1,2\n5,4\n"),
	                                  &o, &res, &err),
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
	struct kl_import_opts o;
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
	memset(&o, 0, sizeof(o));
	o.survey = "s";
	o.replace = 1;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(st, PUT("s2.csv", "a,b\n9,q\n"), &o, &res, &err),
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
	struct kl_import_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	o.survey = "d";
	o.dry_run = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, PUT("d.csv", "a,b\n1,2\n3,4\n"),
	                                  &o, &res, &err),
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
}

/* ---- with a codebook ----------------------------------------------------- */

/*
 * tests/data/import/cb_codebook.csv describes id (heltal 1-, the key), kod
 * (4 digits), svar (1|2, missing 8 or empty) and vikt (decimal comma,
 * > 0).
 */
static int run_cb(const char *path, const char *survey, struct seen *s,
                  struct kl_error *err, struct kl_import_result *res)
{
	static char cb[512];
	struct kl_import_opts o;
	memset(&o, 0, sizeof(o));
	memset(res, 0, sizeof(*res));
	assert_non_null(kl_test_data("import/cb_codebook.csv", cb, sizeof(cb)));
	o.survey = survey;
	o.codebook = cb;
	o.max_errors = 10;
	o.problem = s ? on_problem : NULL;
	o.ctx = s;
	kl_error_clear(err);
	return kl_import_survey(st, path, &o, res, err);
}

/*
 * tests/data/import/cb_invalid.csv: line 3 has svar 7 (field 3, not a
 * valid code), line 4 vikt "x" (field 4, not a number); line 2 is good.
 */
static void test_import_codebook_cells(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct seen s;
	char p[512];
	(void)state;
	memset(&s, 0, sizeof(s));
	assert_non_null(kl_test_data("import/cb_invalid.csv", p, sizeof(p)));
	assert_int_equal(run_cb(p, "cb", &s, &err, &res), KL_ERR_PARSE);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].line, 3);
	assert_int_equal(s.e[0].column, 3);
	assert_int_equal(s.e[1].line, 4);
	assert_int_equal(s.e[1].column, 4);
	assert_int_equal(res.import_id, 0);
	/* with the default limit only the first, svar 7 on line 3 */
	struct kl_import_opts o;
	char cb[512];
	memset(&o, 0, sizeof(o));
	assert_non_null(kl_test_data("import/cb_codebook.csv", cb, sizeof(cb)));
	o.survey = "cb";
	o.codebook = cb;
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, p, &o, &res, &err), KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 3);
	assert_int_equal(res.problems, 1);
}

/* A fifth column the codebook does not know: line 1, field 5. */
static void test_import_codebook_extra_column(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run_cb(PUT("x.csv", "id;kod;svar;vikt;extra\n"
	                                     "1;0180;1;1,5;z\n"),
	                        "x", NULL, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 5);
}

/* The codebook's vikt is not in the file: a problem of the header line. */
static void test_import_codebook_missing_column(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run_cb(PUT("m.csv", "id;kod;svar\n1;0180;1\n"), "m",
	                        NULL, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "'vikt'"));
}

/*
 * id is the codebook's key: id 1 on lines 2 and 3 is a duplicate, found
 * at the second (line 3).  A good file of 2 rows is then stored.
 */
static void test_import_codebook_key(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	(void)state;
	assert_int_equal(run_cb(PUT("k.csv", "id;kod;svar;vikt\n"
	                                     "1;0180;1;1,0\n1;0181;2;2,0\n"),
	                        "k", NULL, &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(res.import_id, 0);
	assert_int_equal(run_cb(PUT("g.csv", "id;kod;svar;vikt\n"
	                                     "1;0180;1;1,0\n2;0181;;2,0\n"),
	                        "k", NULL, &err, &res),
	                 KL_OK);
	assert_int_equal(res.rows, 2);
	assert_true(res.import_id > 0);
}

/* A codebook that is not one is KL_ERR_CONFIG, the data not read. */
static void test_import_bad_codebook(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	char cb[512];
	(void)state;
	memset(&o, 0, sizeof(o));
	assert_non_null(
	    kl_test_data("import/bad_codebook.csv", cb, sizeof(cb)));
	o.survey = "b";
	o.codebook = cb;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(st, PUT("b.csv", "a\n1\n"), &o, &res, &err),
	    KL_ERR_CONFIG);
	assert_int_equal(res.import_id, 0);
}

/*
 * With the default limit of one problem the header checks stop at the
 * first: the unknown fifth column (line 1, field 5), and the missing
 * codebook column vikt (line 1).
 */
static void test_import_codebook_first_problem(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	char cb[512];
	(void)state;
	memset(&o, 0, sizeof(o));
	assert_non_null(kl_test_data("import/cb_codebook.csv", cb, sizeof(cb)));
	o.survey = "f";
	o.codebook = cb;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(
	        st, PUT("f1.csv", "id;kod;svar;vikt;extra\n1;0180;1;1,5;z\n"),
	        &o, &res, &err),
	    KL_ERR_PARSE);
	assert_int_equal(err.column, 5);
	assert_int_equal(res.problems, 1);
	kl_error_clear(&err);
	assert_int_equal(
	    kl_import_survey(st, PUT("f2.csv", "id;kod;svar\n1;0180;1\n"), &o,
	                     &res, &err),
	    KL_ERR_PARSE);
	assert_non_null(strstr(err.msg, "'vikt'"));
	assert_int_equal(res.problems, 1);
}

/*
 * A duplicate respondent key without a codebook, in a text and in a
 * decimal column: the repeat is on line 3, the first on line 2.
 */
static void test_import_duplicate_key_kinds(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	struct kl_import_opts o;
	(void)state;
	memset(&o, 0, sizeof(o));
	o.survey = "t";
	o.key = "x";
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st, PUT("t.csv", "x,y\nab,1\nab,2\n"),
	                                  &o, &res, &err),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "first on line 2"));
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(st,
	                                  PUT("r.csv", "x,y\n1.5,1\n1.5,2\n"),
	                                  &o, &res, &err),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "first on line 2"));
}

/* ---- types inferred from the first rows, checked over the rest ---------- */

/*
 * Write dir/name: header "id;a;b;c", then rows 1..n (file line i + 1)
 * "i;i;i,5;" except that row bad_a has "abc" in a, row bad_b "007" in b,
 * row num_c "42" in c, and row short has no b and c (0 = none).
 */
static const char *put_rows(const char *name, int n, int bad_a, int bad_b,
                            int num_c, int short_row)
{
	static char p[128];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs("id;a;b;c\n", f);
	for (int i = 1; i <= n; i++) {
		if (i == short_row) {
			fprintf(f, "%d;%d\n", i, i);
			continue;
		}
		if (i == bad_a)
			fprintf(f, "%d;abc;", i);
		else
			fprintf(f, "%d;%d;", i, i);
		if (i == bad_b)
			fputs("007;", f);
		else
			fprintf(f, "%d,5;", i);
		fputs(i == num_c ? "42\n" : "\n", f);
	}
	assert_int_equal(fclose(f), 0);
	return p;
}

/* The declared types of columns a, b, c of survey `survey`'s table, as
 * "a b c" (e.g. "INTEGER REAL TEXT"), read with SQLite itself. */
static void column_types(const char *survey, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char p[128], sql[256], table[64] = "";
	snprintf(p, sizeof(p), "%s/s.db", dir);
	assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT data_table FROM surveys "
	                                    "WHERE name = ?1",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, survey, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(table, sizeof(table), "%s",
	         (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	snprintf(sql, sizeof(sql),
	         "SELECT group_concat(type, ' ') FROM pragma_table_info('%s') "
	         "WHERE name IN ('a', 'b', 'c')",
	         table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/*
 * Without a codebook the types are guessed from the first 10 000 rows;
 * cells after them that contradict the guess give the types of the whole
 * file all the same: a text in a (INTEGER -> TEXT), a code with a leading
 * zero in b (REAL -> TEXT), a number in c, empty until then (TEXT ->
 * INTEGER).  A file without them keeps the guess.  A row with too few
 * fields after the first 10 000 is reported at its line (row r is line
 * r + 1) and column (fields + 1).
 */
static void test_import_inferred_late_cells(void **state)
{
	struct kl_error err;
	struct kl_import_result res;
	char types[64];
	(void)state;
	assert_int_equal(
	    run(put_rows("ok.csv", 20000, 0, 0, 0, 0), "ok", &err, &res),
	    KL_OK);
	assert_int_equal(res.rows, 20000);
	column_types("ok", types, sizeof(types));
	assert_string_equal(types, "INTEGER REAL TEXT");
	assert_int_equal(
	    run(put_rows("late.csv", 20000, 15000, 16000, 17000, 0), "late",
	        &err, &res),
	    KL_OK);
	assert_int_equal(res.rows, 20000);
	column_types("late", types, sizeof(types));
	assert_string_equal(types, "TEXT TEXT INTEGER");
	assert_int_equal(run(put_rows("short.csv", 20000, 0, 0, 0, 15000),
	                     "short", &err, &res),
	                 KL_ERR_PARSE);
	assert_int_equal(err.line, 15001);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.msg, "expected 4 fields, found 2"));
	assert_int_equal(res.import_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_empty_file, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_header_only, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_missing_file, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_empty_header, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_duplicate_header, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_reserved_header, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_pnr_header, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_field_count, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_all_problems, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_pnr_cell, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_blank_line, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_open_quote, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_bad_utf8, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_unknown_encoding, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_again_and_replace,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_dry_run, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_survey_name, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_codebook_cells, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_codebook_extra_column,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_codebook_missing_column,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_codebook_key, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_bad_codebook, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_import_codebook_first_problem,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_inferred_late_cells,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_duplicate_key_kinds,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
