/*
 * test_count.c - kl_count_individuals() and kl_count_offences() through
 * kl_count.h, on the hand-made feeds of tests/data/feeds/.
 *
 * The expected persons come from the table in tests/data/feeds/README.md
 * (who is who in individuals_2025.csv, counted by hand); the expected
 * offences are sums of antal_brott over polis_extract_a.csv by the year of
 * anmalningsdatum, worked out with
 *   awk -F';' 'NR>1 {n[substr($2,1,4)] += $10} END {for (y in n)
 *              print y, n[y]}' tests/data/feeds/polis_extract_a.csv
 * which gives 2023 1, 2024 4 (2 + 1 + 1), 2025 7 (1 + 3 + 2 + 1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "kl_test_store.h"

static struct kl_test_store fx; /* the store of every test */

static void import(const char *rel, const struct kl_key *key)
{
	char p[512];
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	memset(&o, 0, sizeof(o));
	o.key = key;
	kl_error_clear(&err);
	assert_non_null(kl_test_data(rel, p, sizeof(p)));
	if (kl_import_feed(fx.st, p, &o, &res, &err) != KL_OK)
		fail_msg("import %s: line %lu: %s", rel, err.line, err.msg);
}

/* Options counting individuals over period (as kl_period_parse reads
 * it) with role (NULL: every role), nothing else set. */
static void ind_opts(struct kl_count_opts *o, const char *period,
                     const char *role)
{
	memset(o, 0, sizeof(*o));
	assert_int_equal(kl_period_parse(period, &o->period), 0);
	o->role = role;
}

/* Options counting offences in the years y0..y1, nothing else set. */
static void off_opts(struct kl_offence_opts *o, int y0, int y1)
{
	memset(o, 0, sizeof(*o));
	o->y0 = y0;
	o->y1 = y1;
}

static int setup(void **state)
{
	struct kl_error err;
	struct kl_key key;
	char p[128];
	(void)state;
	if (kl_test_store_new(&fx, "count") != 0)
		return -1;
	kl_error_clear(&err);
	snprintf(p, sizeof(p), "%s/k.key", fx.dir);
	if (kl_key_create(p, NULL, &err) != KL_OK ||
	    kl_key_load(p, &key, &err) != KL_OK)
		return -1;
	import("feeds/individuals_2025.csv", &key);
	import("feeds/polis_extract_a.csv", NULL);
	kl_key_release(&key);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return kl_test_store_remove(&fx);
}

/*
 * 2025, role utsatt: 13 records less the one of 2024 (P8) and the köpare
 * (P6) = 11 records of P1, P2, P3, P4, P5, P7 = 6 persons; strong keys
 * P1, P2, P7 (3), weak P3, P4 (2), no key P5 (1).  Organisations: P1 3
 * (Socialtjänsten twice, Ungdomsmottagningen, Vägen ut), P2 and P3 2,
 * P4, P5, P7 1: known_to = {3, 2, 1}.
 */
static void test_count_individuals_2025(void **state)
{
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	struct kl_error err;
	(void)state;
	ind_opts(&o, "2025", "utsatt");
	kl_error_clear(&err);
	assert_int_equal(kl_count_individuals(fx.st, &o, &c, &err), KL_OK);
	assert_int_equal(c->records, 11);
	assert_int_equal(c->partial, 0);
	assert_int_equal(c->persons, 6);
	assert_int_equal(c->strong, 3);
	assert_int_equal(c->weak, 2);
	assert_int_equal(c->unkeyed, 1);
	assert_int_equal(c->known_to[0], 3);
	assert_int_equal(c->known_to[1], 2);
	assert_int_equal(c->known_to[2], 1);
	/* three organisations are the lists */
	assert_int_equal(c->nlists, 3);
	/* the overlap table sums to the persons */
	unsigned long long sum = 0;
	for (size_t i = 0; i < c->noverlap; i++)
		sum += c->overlap[i].persons;
	assert_int_equal(sum, 6);
	kl_individuals_count_free(c);

	/* both roles: P6 (köpare, 1 record) as well */
	o.role = NULL;
	assert_int_equal(kl_count_individuals(fx.st, &o, &c, &err), KL_OK);
	assert_int_equal(c->records, 12);
	assert_int_equal(c->persons, 7);
	kl_individuals_count_free(c);
}

/*
 * Only kommun 1980: P2 lives in 1984 (both records), P5 has no kommunkod,
 * so 4 persons (P1, P3, P4, P7), 1 elsewhere, 1 without a kommun.
 */
static void test_count_individuals_region(void **state)
{
	static const char *const reg[] = {"1980"};
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	struct kl_error err;
	(void)state;
	ind_opts(&o, "2025", "utsatt");
	o.regions = reg;
	o.nregions = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_count_individuals(fx.st, &o, &c, &err), KL_OK);
	assert_int_equal(c->persons, 4);
	assert_int_equal(c->elsewhere, 1);
	assert_int_equal(c->no_kommun, 1);
	kl_individuals_count_free(c);
}

/* No record lies in 2023: KL_ERR_NUMERIC and no result. */
static void test_count_individuals_empty(void **state)
{
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	struct kl_error err;
	(void)state;
	ind_opts(&o, "2023", NULL);
	kl_error_clear(&err);
	assert_int_equal(kl_count_individuals(fx.st, &o, &c, &err),
	                 KL_ERR_NUMERIC);
	assert_null(c);
}

/* Sums by year over every group: 1, 4 and 7 (see the top comment). */
static void test_count_offences_by_year(void **state)
{
	struct kl_offence_opts o;
	struct kl_offence_count *c = NULL;
	struct kl_error err;
	unsigned long long by[3] = {0, 0, 0};
	(void)state;
	off_opts(&o, 2023, 2025);
	o.source = KL_SOURCE_POLICE;
	o.level = KL_LEVEL_KOMMUN;
	o.by_year = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_count_offences(fx.st, &o, &c, &err), KL_OK);
	assert_int_equal(c->source, KL_SOURCE_POLICE);
	for (size_t i = 0; i < c->nrows; i++) {
		assert_true(c->rows[i].year >= 2023 && c->rows[i].year <= 2025);
		by[c->rows[i].year - 2023] += c->rows[i].count;
		/* no population was imported: no rate */
		assert_true(isnan(c->rows[i].rate));
	}
	assert_int_equal(by[0], 1);
	assert_int_equal(by[1], 4);
	assert_int_equal(by[2], 7);
	kl_offence_count_free(c);

	/* one row per group over the period: the rows sum to 12 */
	o.by_year = 0;
	assert_int_equal(kl_count_offences(fx.st, &o, &c, &err), KL_OK);
	unsigned long long sum = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		assert_int_equal(c->rows[i].year, 0);
		sum += c->rows[i].count;
	}
	assert_int_equal(sum, 12);
	kl_offence_count_free(c);
}

/* An offence group that does not exist is a usage error. */
static void test_count_offences_unknown_group(void **state)
{
	static const char *const g[] = {"no_such_group"};
	struct kl_offence_opts o;
	struct kl_offence_count *c = NULL;
	struct kl_error err;
	(void)state;
	off_opts(&o, 2025, 2025);
	o.groups = g;
	o.ngroups = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_count_offences(fx.st, &o, &c, &err), KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no_such_group"));
	assert_null(c);
}

/*
 * The kommuner with a case: 2023 only 1980 (the 0611 case); 2023-2025 also
 * 0180 and 1984, in code order.  No population was imported: NAN.
 */
static void test_count_offence_coverage(void **state)
{
	struct kl_offence_kommun *k = NULL;
	size_t n = 0;
	double pop = 0;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_offence_coverage(fx.st, 2023, 2023, &k, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].code, "1980");
	free(k);
	assert_int_equal(kl_offence_coverage(fx.st, 2023, 2025, &k, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(k[0].code, "0180");
	assert_string_equal(k[1].code, "1980");
	assert_string_equal(k[2].code, "1984");
	free(k);
	assert_int_equal(kl_offence_coverage(fx.st, 2020, 2020, &k, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 0);
	free(k);
	assert_int_equal(kl_offence_population(fx.st, "1980", 2024, &pop, &err),
	                 KL_OK);
	assert_true(isnan(pop));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_individuals_2025),
	    cmocka_unit_test(test_count_individuals_region),
	    cmocka_unit_test(test_count_individuals_empty),
	    cmocka_unit_test(test_count_offences_by_year),
	    cmocka_unit_test(test_count_offences_unknown_group),
	    cmocka_unit_test(test_count_offence_coverage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
