/*
 * test_codebook.c - reading codebooks and checking cells against them.
 * Expectations come from the codebook text itself (data-samples/ and the
 * reference codebook), read by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

static struct kl_codebook *load(const char *path)
{
	struct kl_codebook *cb = NULL;
	struct kl_error err;
	kl_error_clear(&err);
	if (kl_codebook_load(path, &cb, &err) != KL_OK)
		fail_msg("%s: %s", path, err.msg);
	return cb;
}

static const struct kl_cbvar *var(const struct kl_codebook *cb,
                                  const char *name)
{
	for (size_t i = 0; i < cb->nvars; i++)
		if (!strcmp(cb->vars[i].name, name))
			return &cb->vars[i];
	fail_msg("no variable %s", name);
	return NULL;
}

static int check(const struct kl_cbvar *v, const char *cell,
                 struct kl_value *out)
{
	char msg[256];
	return kl_cbvar_check(v, cell, strlen(cell), out, msg, sizeof(msg));
}

/* The reference codebook: types, codes, missing codes, filters, groups. */
static void test_reference_codebook(void **state)
{
	char p[4096];
	struct kl_value v;
	(void)state;
	if (!kl_test_reference("survey/codebook.csv", p, sizeof(p)))
		skip();
	struct kl_codebook *cb = load(p);

	const struct kl_cbvar *kod = var(cb, "kod");
	assert_int_equal(kod->type, KL_VT_TEXT);
	assert_int_equal(kod->digits, 4);
	assert_int_equal(check(kod, "1980", &v), KL_OK);
	assert_int_equal(check(kod, "0180", &v), KL_ERR_PARSE); /* not listed */
	assert_int_equal(check(kod, "198", &v), KL_ERR_PARSE);

	const struct kl_cbvar *s22 = var(cb, "salt_sex_nagonsin");
	assert_int_equal(s22->type, KL_VT_CATEGORY);
	assert_int_equal(s22->storage, KL_ST_INTEGER);
	assert_int_equal(check(s22, "1", &v), KL_OK);
	assert_int_equal(v.kind, KL_V_INT);
	assert_int_equal(v.i, 1);
	assert_int_equal(check(s22, "8", &v), KL_OK); /* missing code */
	assert_int_equal(check(s22, "", &v), KL_OK);  /* tom */
	assert_int_equal(v.kind, KL_V_NULL);
	assert_int_equal(check(s22, "3", &v), KL_ERR_PARSE);

	const struct kl_cbvar *pengar = var(cb, "ers_pengar");
	assert_int_equal(pengar->type, KL_VT_MULTI);
	assert_string_equal(pengar->filter_var, "salt_sex_nagonsin");
	assert_string_equal(pengar->filter_value, "1");
	assert_non_null(
	    strstr(pengar->mc_group, "Vad fick du som ersättning?"));
	assert_string_equal(var(cb, "ers_saker")->mc_group, pengar->mc_group);

	const struct kl_cbvar *vikt = var(cb, "vikt");
	assert_int_equal(vikt->type, KL_VT_DECIMAL);
	assert_int_equal(check(vikt, "1,25", &v), KL_OK);
	assert_true(v.d == 1.25);
	assert_int_equal(check(vikt, "0", &v), KL_ERR_PARSE); /* > 0 */
	assert_int_equal(check(vikt, "", &v), KL_ERR_PARSE);

	const struct kl_cbvar *skola = var(cb, "skola");
	assert_int_equal(check(skola, "S1980-07", &v), KL_OK);
	assert_int_equal(check(skola, "S1980-7", &v), KL_ERR_PARSE);
	assert_int_equal(check(skola, "S198-07", &v), KL_ERR_PARSE);

	const struct kl_cbvar *ak = var(cb, "arskurs");
	assert_int_equal(ak->storage, KL_ST_TEXT); /* gy2 is not a number */
	assert_int_equal(check(ak, "gy2", &v), KL_OK);
	kl_codebook_free(cb);
}

/* Numbers as Swedish exports write them. */
static void test_parse_number(void **state)
{
	double d;
	long long i;
	int is_int;
	(void)state;
	assert_int_equal(kl_parse_number("0,5", 3, &d, &is_int), 0);
	assert_true(d == 0.5 && !is_int);
	assert_int_equal(kl_parse_number("-12.25", 6, &d, &is_int), 0);
	assert_true(d == -12.25);
	assert_int_equal(kl_parse_number("1 000", 5, &d, NULL), -1);
	assert_int_equal(kl_parse_number("1,2,3", 5, &d, NULL), -1);
	assert_int_equal(kl_parse_number("1e5", 3, &d, NULL), -1);
	assert_int_equal(kl_parse_int("0180", 4, &i), -1); /* a code */
	assert_int_equal(kl_parse_int("-7", 2, &i), 0);
	assert_int_equal(i, -7);
	assert_int_equal(kl_parse_int("99999999999999999999", 20, &i), -1);
}

/* Messages show short codes, never names or long numbers. */
static void test_describe_value(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	    {"7", "'7'"},
	    {"x", "'x'"},
	    {"S1980-01", "'S1980-01'"},
	    {"", "an empty cell"},
	    {"Anna", "text of 4 bytes"},
	    {"Kim Svensson", "text of 12 bytes"},
	    {"640823-3235", "a value of 11 bytes with 10 digits"},
	    {"0701234567", "a value of 10 bytes with 10 digits"},
	    {"19640823", "a value of 8 bytes with 8 digits"},
	    {"it's 1", "text of 6 bytes"},
	};
	char buf[64];
	(void)state;
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		kl_describe_value(v[k].in, strlen(v[k].in), buf, sizeof(buf));
		assert_string_equal(buf, v[k].out);
	}
}

/* A broken codebook is a configuration error with its location. */
static void test_bad_codebook(void **state)
{
	char p[4096];
	struct kl_codebook *cb = NULL;
	struct kl_error err;
	(void)state;
	kl_test_data("import/bad_codebook.csv", p, sizeof(p));
	kl_error_clear(&err);
	int rc = kl_codebook_load(p, &cb, &err);
	if (rc == KL_ERR_NOINPUT)
		skip();
	assert_int_equal(rc, KL_ERR_CONFIG);
	assert_null(cb);
	assert_true(err.line >= 2);
}

/* ---- codebooks written by the tests -------------------------------- */

static char tdir[64];

static int mkdir_setup(void **state)
{
	(void)state;
	snprintf(tdir, sizeof(tdir), "/tmp/kl-test-codebook-XXXXXX");
	return mkdtemp(tdir) ? 0 : -1;
}

static int rmdir_teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write `text` to tdir/name; the path in p. */
static void put(const char *name, const char *text, char *p, size_t n)
{
	FILE *f;
	snprintf(p, n, "%s/%s", tdir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The header of every codebook below: 8 columns, ';'-separated. */
#define CB_HEAD                                                                \
	"kolumn;kortnamn;etikett;typ;giltiga_koder;bortfallskoder;filter;"     \
	"nyckel\n"

/*
 * tests/data/import/bad_codebooks.tsv: codebooks that must be refused
 * (tests/data/<file>), each with its case worked out by hand from the
 * text, the status (config, or privacy for a personnummer), the line and column
 * of the cell at fault (0 = the whole line or file) and the whole message.  The
 * header is line 1, so the first variable is line 2; its fields are kolumn 1,
 * kortnamn 2, etikett 3, typ 4, giltiga_koder 5, bortfallskoder 6, filter 7,
 * nyckel 8.
 */
static void test_codebook_refused(void **state)
{
	char p[512], f[512];
	(void)state;
	assert_non_null(kl_test_data("import/bad_codebooks.tsv", p, sizeof(p)));
	struct kl_reftable *t = kl_reftable_load(p, '\t');
	assert_non_null(t);
	assert_true(t->nrows >= 26);
	for (size_t k = 0; k < t->nrows; k++) {
		struct kl_codebook *cb = (struct kl_codebook *)1;
		struct kl_error err;
		assert_non_null(
		    kl_test_data(kl_reftable_get(t, k, "file"), f, sizeof(f)));
		kl_error_clear(&err);
		int rc = kl_codebook_load(f, &cb, &err);
		enum kl_status want =
		    !strcmp(kl_reftable_get(t, k, "status"), "privacy")
		        ? KL_ERR_PRIVACY
		        : KL_ERR_CONFIG;
		if (rc != (int)want || err.status != want ||
		    err.line !=
		        strtoul(kl_reftable_get(t, k, "line"), NULL, 10) ||
		    err.column !=
		        strtoul(kl_reftable_get(t, k, "column"), NULL, 10) ||
		    strcmp(err.msg, kl_reftable_get(t, k, "msg")) ||
		    strcmp(err.path, f))
			fail_msg("bad_codebooks.tsv line %zu (%s): got %d "
			         "%s:%lu:%lu: %s",
			         k + 2, kl_reftable_get(t, k, "case"), rc,
			         err.path, err.line, err.column, err.msg);
		assert_null(cb);
	}
	kl_reftable_free(t);
}

/*
 * A codebook file whose name holds a personnummer (the test number
 * 19640823-3234: Luhn over 6408233234 gives 40) is refused before it is
 * read: the name would be stored; the number is not in the message.
 */
static void test_codebook_pnr_file_name(void **state)
{
	char p[256];
	struct kl_codebook *cb = NULL;
	struct kl_error err;
	(void)state;
	put("kodbok_19640823-3234.csv", CB_HEAD "A;a;;heltal;;;;\n", p,
	    sizeof(p));
	kl_error_clear(&err);
	assert_int_equal(kl_codebook_load(p, &cb, &err), KL_ERR_PRIVACY);
	assert_null(cb);
	assert_string_equal(err.msg, "a codebook file name holds a "
	                             "personnummer; rename the file");
}

/* Write and load a codebook that must be read. */
static struct kl_codebook *load_text(const char *text)
{
	char p[256];
	put("good.csv", text, p, sizeof(p));
	return load(p);
}

static void check_msg(const struct kl_cbvar *v, const char *cell,
                      const char *want)
{
	char msg[256];
	struct kl_value out;
	assert_int_equal(
	    kl_cbvar_check(v, cell, strlen(cell), &out, msg, sizeof(msg)),
	    KL_ERR_PARSE);
	assert_string_equal(msg, want);
}

/*
 * Ranges as the codebook writes them, with blanks anywhere, and the
 * messages for a cell outside each: the bounds are read off the text.
 */
static void test_codebook_ranges(void **state)
{
	struct kl_value v;
	(void)state;
	struct kl_codebook *cb = load_text(CB_HEAD "A;a;;decimaltal;< 5;;;\n"
	                                           "B;b;;decimaltal;  <= 5;;;\n"
	                                           "C;c;;heltal;1 - 10;;;\n"
	                                           "D;d;;heltal; 3 - ;;;\n"
	                                           "E;e;;decimaltal;>0  ;;;\n"
	                                           "F;f;; heltal;;;;\n");
	const struct kl_cbvar *a = var(cb, "a"), *b = var(cb, "b");
	const struct kl_cbvar *c = var(cb, "c"), *d = var(cb, "d");
	const struct kl_cbvar *e = var(cb, "e"), *f = var(cb, "f");
	assert_true(a->has_max && a->max_strict && a->max == 5 && !a->has_min);
	assert_int_equal(check(a, "4,5", &v), KL_OK);
	check_msg(a, "5", "expected a number < 5, got '5'");
	assert_true(b->has_max && !b->max_strict);
	assert_int_equal(check(b, "5", &v), KL_OK);
	check_msg(b, "5,5", "expected a number <= 5, got '5,5'");
	assert_true(c->has_min && c->min == 1 && c->has_max && c->max == 10);
	assert_int_equal(check(c, "10", &v), KL_OK);
	check_msg(c, "11", "expected an integer from 1 to 10, got '11'");
	check_msg(c, "-0", "expected an integer, got '-0'");
	assert_true(d->has_min && d->min == 3 && !d->has_max);
	check_msg(d, "2", "expected an integer >= 3, got '2'");
	assert_true(e->has_min && e->min_strict && e->min == 0);
	check_msg(e, "0", "expected a number > 0, got '0'");
	check_msg(e, "1,",
	          "expected a number (decimal comma or point), got "
	          "'1,'");
	/* the type may have blanks before it; 19 digits above 2^63 - 1 */
	assert_int_equal(f->type, KL_VT_INTEGER);
	check_msg(f, "9999999999999999999",
	          "expected an integer, got a value of 19 bytes with 19 "
	          "digits");
	kl_codebook_free(cb);
}

/*
 * A category of 13 codes lists the first 12 in a message; text patterns
 * with a part of letters or digits (<skola>) and one never closed; the
 * question stem of a multiple-choice box up to ':' or the whole header.
 */
static void test_codebook_codes_and_patterns(void **state)
{
	struct kl_value v;
	(void)state;
	struct kl_codebook *cb =
	    load_text(CB_HEAD "A;a;;kategori;1|2|3|4|5|6|7|8|9|10|11|12|13;;;\n"
	                      "B;b;;text;S<skola>-<nn>;;;\n"
	                      "C;c;;text;<abc;;;\n"
	                      "Vad fick du: pengar;d;;flerval;0|1;;;\n"
	                      "Saker;e;;flerval;0|1;;;\n");
	check_msg(var(cb, "a"), "14",
	          "expected one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ..., "
	          "got '14'");
	const struct kl_cbvar *b = var(cb, "b");
	assert_int_equal(check(b, "Sab1-07", &v), KL_OK);
	check_msg(b, "S-07",
	          "expected a code shaped 'S<skola>-<nn>', got "
	          "'S-07'");
	check_msg(var(cb, "c"), "abc",
	          "expected a code shaped '<abc', got 'abc'");
	assert_string_equal(var(cb, "d")->mc_group, "Vad fick du");
	assert_string_equal(var(cb, "e")->mc_group, "Saker");
	kl_codebook_free(cb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference_codebook),
	    cmocka_unit_test(test_parse_number),
	    cmocka_unit_test(test_describe_value),
	    cmocka_unit_test(test_bad_codebook),
	    cmocka_unit_test_setup_teardown(test_codebook_refused, mkdir_setup,
	                                    rmdir_teardown),
	    cmocka_unit_test_setup_teardown(test_codebook_pnr_file_name,
	                                    mkdir_setup, rmdir_teardown),
	    cmocka_unit_test_setup_teardown(test_codebook_ranges, mkdir_setup,
	                                    rmdir_teardown),
	    cmocka_unit_test_setup_teardown(test_codebook_codes_and_patterns,
	                                    mkdir_setup, rmdir_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
