/*
 * test_codebook.c - reading codebooks and checking cells against them.
 * Expectations come from the codebook text itself (data-samples/ and the
 * reference codebook), read by hand.
 */
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference_codebook),
	    cmocka_unit_test(test_parse_number),
	    cmocka_unit_test(test_describe_value),
	    cmocka_unit_test(test_bad_codebook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
