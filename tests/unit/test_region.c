/*
 * test_region.c - the region table (kl_region.h): riket, the 21 län and
 * the 290 kommuner of today, and the code changes of a time series.
 * Expected values are SCB's codes as listed in shared/reference/geo
 * (kommuner.csv, SOURCES.md per-län counts) and DOMAIN.md §1.
 */
#include <string.h>

#include <stdlib.h>

#include "codes_priv.h"
#include "kl_test.h"
#include "kartlagg/kartlagg.h"

extern const char kli_regioner_csv[];
extern const char kli_brottskoder_csv[];
extern const char kli_brottsgrupper_csv[];

static struct kl_codes *codes(void)
{
	struct kl_codes *c = NULL;
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(kl_codes_new(&c, &err), KL_OK);
	return c;
}

/* Today: riket, 21 län, 290 kommuner; the per-län counts of SOURCES.md. */
static void test_region_today(void **state)
{
	static const char *const lan[] = {
	    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
	    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"};
	static const int nk[] = {26, 8,  9,  13, 13, 8,  12, 1, 5,  33, 6,
	                         49, 16, 12, 10, 15, 10, 7,  8, 15, 14};
	struct kl_codes *c = codes();
	size_t total = 0, nlan = 0;
	(void)state;
	const struct kl_region *r = kl_region_find(c, "00", 0);
	assert_non_null(r);
	assert_string_equal(r->name, "Riket");
	assert_int_equal(r->level, KL_LEVEL_RIKET);
	for (size_t i = 0; i < kl_region_count(c); i++) {
		r = kl_region_at(c, i);
		if (r->level == KL_LEVEL_LAN && r->valid_to == 0)
			nlan++;
	}
	assert_int_equal(nlan, 21);
	for (size_t i = 0; i < 21; i++) {
		size_t pos = 0, n = 0;
		r = kl_region_find(c, lan[i], 0);
		assert_non_null(r);
		assert_int_equal(r->level, KL_LEVEL_LAN);
		while ((r = kl_region_next_kommun(c, lan[i], 0, &pos)) !=
		       NULL) {
			assert_int_equal(strncmp(r->code, lan[i], 2), 0);
			assert_string_equal(r->lan_code, lan[i]);
			n++;
		}
		assert_int_equal(n, (size_t)nk[i]);
		total += n;
	}
	assert_int_equal(total, 290);
	r = kl_region_find(c, "1980", 0);
	assert_string_equal(r->name, "Västerås");
	assert_int_equal(r->level, KL_LEVEL_KOMMUN);
	assert_string_equal(kl_region_find(c, "19", 0)->name,
	                    "Västmanlands län");
	assert_null(kl_region_find(c, "180", 0));
	assert_null(kl_region_find(c, "02", 0));
	assert_string_equal(kl_region_level_name(KL_LEVEL_LAN), "lan");
	kl_codes_free(c);
}

/* Heby was 1917 in Västmanland up to 2006 and is 0331 in Uppsala län from
 * 2007; Knivsta 0330 exists from 2003; Västmanland had 11 kommuner in
 * 2006 and has 10 from 2007. */
static void test_region_code_changes(void **state)
{
	struct kl_codes *c = codes();
	size_t pos = 0, n = 0;
	(void)state;
	const struct kl_region *r = kl_region_find(c, "1917", 2006);
	assert_non_null(r);
	assert_string_equal(r->name, "Heby");
	assert_string_equal(r->lan_code, "19");
	assert_string_equal(r->successor, "0331");
	assert_null(kl_region_find(c, "1917", 2007));
	assert_null(kl_region_find(c, "1917", 0));
	assert_null(kl_region_find(c, "0331", 2006));
	r = kl_region_find(c, "0331", 2007);
	assert_non_null(r);
	assert_string_equal(r->lan_code, "03");
	assert_null(kl_region_find(c, "0330", 2002));
	assert_non_null(kl_region_find(c, "0330", 2003));
	assert_non_null(kl_region_find(c, "0380", 2002));
	assert_string_equal(kl_region_any(c, "1917")->name, "Heby");
	assert_null(kl_region_any(c, "1999"));
	while (kl_region_next_kommun(c, "19", 2006, &pos))
		n++;
	assert_int_equal(n, 11);
	pos = n = 0;
	while (kl_region_next_kommun(c, "19", 2007, &pos))
		n++;
	assert_int_equal(n, 10);
	/* SCB's population at 31 December 2006 is in the 2007 division */
	assert_int_equal(kl_region_division_year(2006), 2007);
	/* län 12 was Malmöhus län up to 1996 and is Skåne from 1997 */
	assert_string_equal(kl_region_find(c, "12", 1996)->name,
	                    "Malmöhus län");
	assert_string_equal(kl_region_find(c, "12", 1997)->name, "Skåne län");
	kl_codes_free(c);
}

/* A copy of text with the first `from` replaced by `to` (the caller
 * frees it); fails the test when text has no `from`. */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	size_t a = (size_t)(at - text), nf = strlen(from), nt = strlen(to);
	char *out = malloc(strlen(text) - nf + nt + 1);
	assert_non_null(out);
	memcpy(out, text, a);
	memcpy(out + a, to, nt);
	memcpy(out + a + nt, at + nf, strlen(at + nf) + 1);
	return out;
}

/* Each check of the embedded tables: a table edited to break one rule is
 * refused as a build error naming the table, and nothing is returned. */
static void test_tables_malformed(void **state)
{
	static const struct {
		int table; /* 0 regioner, 1 brottskoder, 2 brottsgrupper */
		const char *from, *to, *which;
	} cases[] = {
	    /* a row of 5 fields */
	    {0, "1980,Västerås,19,,,\n", "1980,Västerås,19,,\n", "region"},
	    /* a code that is not digits, a code of 3 digits, no name */
	    {0, "1980,Västerås,19,,,\n", "19x0,Västerås,19,,,\n", "region"},
	    {0, "1980,Västerås,19,,,\n", "198,Västerås,19,,,\n", "region"},
	    {0, "1980,Västerås,19,,,\n", "1980,,19,,,\n", "region"},
	    /* a kommun whose län code is not its first two digits */
	    {0, "1980,Västerås,19,,,\n", "1980,Västerås,01,,,\n", "region"},
	    /* a län with a län code */
	    {0, "19,Västmanlands län,,,,\n", "19,Västmanlands län,19,,,\n",
	     "region"},
	    /* valid from after valid to */
	    {0, "1980,Västerås,19,,,\n", "1980,Västerås,19,2030,2020,\n",
	     "region"},
	    /* two rows of one code that overlap */
	    {0, "1980,Västerås,19,,,\n",
	     "1980,Västerås,19,,,\n1980,Västerås,19,2020,,\n", "region"},
	    /* today's kommuner of a län that is not there */
	    {0, "19,Västmanlands län,,,,\n", "", "region"},
	    /* a län code beyond 25 */
	    {0, "19,Västmanlands län,,,,\n",
	     "19,Västmanlands län,,,,\n26,Nytt län,,,,\n", "region"},
	    /* 289 kommuner of today */
	    {0, "1980,Västerås,19,,,\n", "", "region"},
	    /* a group row of 3 fields */
	    {2, "kop_sexuell_tjanst;BrB 6:11;", "kop_sexuell_tjanst;BrB 6:11 ",
	     "offence group"},
	    /* a brottskod row of 4 fields, of 3 digits, of no group, twice */
	    {1, "0416;manniskohandel_sexuell;;2009;",
	     "0416;manniskohandel_sexuell;;2009 ", "brottskod"},
	    {1, "0416;", "416;", "brottskod"},
	    {1, "0416;manniskohandel_sexuell;", "0416;ingen_grupp;",
	     "brottskod"},
	    {1, "0417;", "0416;", "brottskod"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t[3] = {kli_regioner_csv, kli_brottskoder_csv,
		                    kli_brottsgrupper_csv};
		char *bad = edit(t[cases[i].table], cases[i].from, cases[i].to);
		struct kl_codes *c = (struct kl_codes *)&c;
		struct kl_error err;
		char want[128];
		t[cases[i].table] = bad;
		kl_error_clear(&err);
		int rc = kli_codes_new_from(&c, t[0], t[1], t[2], &err);
		free(bad);
		if (rc != KL_ERR_INTERNAL)
			fail_msg("case %zu: status %d", i, rc);
		assert_null(c);
		snprintf(want, sizeof(want),
		         "the embedded %s table is malformed (a build error)",
		         cases[i].which);
		assert_string_equal(err.msg, want);
	}
}

/* Tables without a final newline and with comment and empty lines load
 * as the embedded ones do. */
static void test_tables_last_line(void **state)
{
	struct kl_codes *c = NULL;
	struct kl_error err;
	(void)state;
	char *r =
	    edit(kli_regioner_csv, "00,Riket,,,,\n", "00,Riket,,,,\n\n# x\n");
	size_t n = strlen(r);
	assert_true(n > 0 && r[n - 1] == '\n');
	r[n - 1] = '\0';
	kl_error_clear(&err);
	assert_int_equal(kli_codes_new_from(&c, r, kli_brottskoder_csv,
	                                    kli_brottsgrupper_csv, &err),
	                 KL_OK);
	assert_non_null(kl_codes_kommun(c, "1980"));
	assert_string_equal(kl_codes_kommun(c, "1980")->name, "Västerås");
	kl_codes_free(c);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_region_today),
	    cmocka_unit_test(test_region_code_changes),
	    cmocka_unit_test(test_tables_malformed),
	    cmocka_unit_test(test_tables_last_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
