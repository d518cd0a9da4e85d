/*
 * test_report.c - the report definition's errors (lib/report_def.c), the
 * sections of an appendix built over an empty store (lib/report*.c), the
 * embedded label table and the disclosure relations of the builder.
 *
 * Expected messages, lines and labels are written out by hand (the
 * labels from kartlagg-feeds(5)), never taken from the library's output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kl_test_store.h"
#include "kl_error.h"
#include "kl_report.h"
#include "kl_sdc.h"
#include "kl_store.h"
#include "report_priv.h"

static const char minimal[] = "[report]\n"
                              "title = Test\n"
                              "region = 1980\n"
                              "period = 2025\n"
                              "formats = text\n";

/* Parse text; return the status and leave the error in *err. */
static int parse(const char *text, struct kl_error *err)
{
	struct kl_report_def *d = NULL;
	int rc;
	kl_error_clear(err);
	rc = kl_report_def_parse(text, strlen(text), "r.ini", &d, err);
	if (rc)
		assert_null(d);
	kl_report_def_free(d);
	return rc;
}

/* A minimal definition parses; its region and title are kept. */
static void test_report_def_minimal(void **state)
{
	struct kl_report_def *d = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_report_def_parse(minimal, strlen(minimal), "r.ini", &d, &err),
	    KL_OK);
	assert_non_null(d);
	assert_string_equal(d->title, "Test");
	assert_int_equal(d->nregions, 1);
	assert_string_equal(d->regions[0], "1980");
	kl_report_def_free(d);
}

/* Errors are KL_ERR_CONFIG at the file and line of the offending key:
 * an unknown section, an unknown key, a key given twice, and a missing
 * [report] title (line 0: the file as a whole). */
static void test_report_def_errors(void **state)
{
	struct kl_error err;
	(void)state;
	assert_int_equal(parse("[report]\ntitle = T\nregion = 1980\n"
	                       "period = 2025\n[bogus]\nx = 1\n",
	                       &err),
	                 KL_ERR_CONFIG);
	assert_string_equal(err.path, "r.ini");
	assert_int_equal(err.line, 6);
	assert_non_null(strstr(err.msg, "unknown section [bogus]"));

	assert_int_equal(parse("[report]\ntitle = T\nregion = 1980\n"
	                       "period = 2025\nfoo = 1\n",
	                       &err),
	                 KL_ERR_CONFIG);
	assert_int_equal(err.line, 5);

	assert_int_equal(parse("[report]\ntitle = T\ntitle = U\n"
	                       "region = 1980\nperiod = 2025\n",
	                       &err),
	                 KL_ERR_CONFIG);
	assert_int_equal(err.line, 3);

	assert_int_equal(
	    parse("[report]\nregion = 1980\nperiod = 2025\n", &err),
	    KL_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "title"));
}

/* An empty store: every section 0-7 is there, the ones without data say
 * what is missing ("avsnittet saknas"), nothing is hidden, and the
 * title page names the report file without its directory. */
static void test_report_build_empty_store(void **state)
{
	struct kl_test_store t;
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	struct kl_error err;
	int missing = 0;
	(void)state;
	assert_int_equal(kl_test_store_new(&t, "report"), 0);
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_parse(minimal, strlen(minimal),
	                                     "a/b/r.ini", &d, &err),
	                 KL_OK);
	assert_int_equal(kl_report_build(t.st, d, &r, &err), KL_OK);
	assert_non_null(r);
	assert_int_equal(r->nsections, 8);
	for (size_t s = 0; s < r->nsections; s++)
		for (size_t k = 0; k < r->sections[s].nblocks; k++)
			if (r->sections[s].blocks[k].text &&
			    strstr(r->sections[s].blocks[k].text,
			           "avsnittet saknas"))
				missing++;
	assert_true(missing >= 3); /* survey, individuals, offences */
	assert_int_equal(r->hidden, 0);
	int found = 0;
	for (size_t m = 0; m < r->nmeta; m++)
		if (strcmp(r->meta[m].key, "Rapportfil") == 0) {
			assert_string_equal(r->meta[m].value, "r.ini");
			found = 1;
		}
	assert_true(found);
	kl_report_free(r);
	kl_report_def_free(d);
	assert_int_equal(kl_test_store_remove(&t), 0);
}

/* A region code that is no kommun or län is a KL_ERR_CONFIG. */
static void test_report_build_bad_region(void **state)
{
	static const char text[] = "[report]\ntitle = T\nregion = 9999\n"
	                           "period = 2025\n";
	struct kl_test_store t;
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	struct kl_error err;
	(void)state;
	assert_int_equal(kl_test_store_new(&t, "report"), 0);
	kl_error_clear(&err);
	if (kl_report_def_parse(text, strlen(text), "r.ini", &d, &err) ==
	    KL_OK) {
		assert_int_equal(kl_report_build(t.st, d, &r, &err),
		                 KL_ERR_CONFIG);
		assert_null(r);
		assert_non_null(strstr(err.msg, "9999"));
	} else {
		assert_int_equal(err.status, KL_ERR_CONFIG);
	}
	kl_report_def_free(d);
	assert_int_equal(kl_test_store_remove(&t), 0);
}

/* schemas/etiketter.csv: the individuals feed's codes and their Swedish
 * labels, first and last row as kartlagg-feeds(5) gives them. */
static void test_report_labels(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	(void)state;
	assert_non_null(c);
	assert_int_equal(kli_rep_load_labels(c), KL_OK);
	assert_int_equal(c->nlabels, 32);
	assert_string_equal(c->labels[0][0], "kvinna");
	assert_string_equal(c->labels[0][1], "Kvinna/flicka");
	assert_string_equal(c->labels[31][0], "ej_angivet");
	assert_string_equal(c->labels[31][1], "Uppgift saknas");
	free(c->labels);
	free(c->labels_buf);
	free(c);
}

/* Issue 16: a sum of more than 64 parts (the region = its 290 kommuner)
 * goes into the disclosure problem (it was dropped without a word). */
static void test_report_sum_many_parts(void **state)
{
	struct kli_rb b;
	struct kl_error err;
	struct kl_report rep;
	size_t parts[100];
	long long pc[100];
	char key[32], *text = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;
	memset(&b, 0, sizeof(b));
	memset(&rep, 0, sizeof(rep));
	kl_error_clear(&err);
	b.r = &rep;
	b.err = &err;
	assert_int_equal(kl_sdc_new(&b.sdc, &err), KL_OK);
	size_t total = kli_rb_key(&b, "total", 1000);
	assert_true(total > 0);
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "part/%03d", i);
		parts[i] = kli_rb_key(&b, key, 10);
		pc[i] = 10;
		assert_true(parts[i] > 0);
	}
	kli_rb_sum(&b, total, 1000, parts, pc, 100);
	assert_int_equal(b.oom, 0);
	assert_int_equal(err.status, KL_OK);
	{
		struct kl_sdc_rules rules;
		kl_sdc_rules_default(&rules);
		assert_int_equal(kl_sdc_protect(b.sdc, &rules, &err), KL_OK);
	}
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(kl_sdc_dump(b.sdc, f, &err), KL_OK);
	fclose(f);
	/* the relation names its last part */
	assert_non_null(strstr(text, "sum total = part/000"));
	assert_non_null(strstr(text, "part/099"));
	free(text);
	kl_sdc_free(b.sdc);
}

/* A list of import ids that does not fit ends in "…" and never cuts an
 * id; a list that fits is all of them. */
static void test_report_import_list(void **state)
{
	char small[16] = "", big[64] = "";
	(void)state;
	for (long long id = 1; id <= 20; id++)
		kli_rep_add_id(small, sizeof(small), id);
	assert_string_equal(small, "1,2,3,4,5,6,…");
	for (long long id = 998; id <= 1003; id++)
		kli_rep_add_id(big, sizeof(big), id);
	assert_string_equal(big, "998,999,1000,1001,1002,1003");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report_def_minimal),
	    cmocka_unit_test(test_report_import_list),
	    cmocka_unit_test(test_report_def_errors),
	    cmocka_unit_test(test_report_build_empty_store),
	    cmocka_unit_test(test_report_build_bad_region),
	    cmocka_unit_test(test_report_labels),
	    cmocka_unit_test(test_report_sum_many_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
