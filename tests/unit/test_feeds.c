/*
 * test_feeds.c - the pieces of the feeds that need no store: periods, the
 * embedded code tables, feed detection, initials and weak keys.
 */
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

/* Every documented period form, and the end before the start refused. */
static void test_feeds_period_forms(void **state)
{
	struct kl_period p;
	(void)state;
	assert_int_equal(kl_period_parse("2025", &p), 0);
	assert_true(p.y0 == 2025 && p.m0 == 1 && p.y1 == 2025 && p.m1 == 12);
	assert_int_equal(kl_period_parse("2025H2", &p), 0);
	assert_true(p.m0 == 7 && p.m1 == 12);
	assert_int_equal(kl_period_parse("2025Q2", &p), 0);
	assert_true(p.m0 == 4 && p.m1 == 6);
	assert_int_equal(kl_period_parse("2025-03", &p), 0);
	assert_true(p.m0 == 3 && p.m1 == 3);
	assert_int_equal(kl_period_parse("2024-11..2025-02", &p), 0);
	assert_true(p.y0 == 2024 && p.m0 == 11 && p.y1 == 2025 && p.m1 == 2);
	assert_int_equal(kl_period_parse("2019-2025", &p), 0);
	assert_true(p.y0 == 2019 && p.y1 == 2025 && p.m1 == 12);
	assert_int_equal(kl_period_parse("2025H3", &p), -1);
	assert_int_equal(kl_period_parse("2025-13", &p), -1);
	assert_int_equal(kl_period_parse("2025-06..2025-01", &p), -1);
	assert_int_equal(kl_period_parse("2025-2019", &p), -1);
	assert_int_equal(kl_period_parse("25", &p), -1);
	assert_int_equal(kl_period_parse("1899", &p), -1);
}

/* A half year lies within its year; a year does not lie within a half. */
static void test_feeds_period_within(void **state)
{
	struct kl_period y, h, x;
	(void)state;
	kl_period_parse("2025", &y);
	kl_period_parse("2025H1", &h);
	kl_period_parse("2024-07..2025-06", &x);
	assert_true(kl_period_within(&h, &y));
	assert_false(kl_period_within(&y, &h));
	assert_false(kl_period_within(&x, &y));
}

/* The kommun table: 290 kommuner, codes as text with the leading zero. */
static void test_feeds_codes_kommuner(void **state)
{
	struct kl_codes *c;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_codes_new(&c, &err), KL_OK);
	assert_int_equal(kl_codes_nkommuner(c), 290);
	assert_string_equal(kl_codes_kommun(c, "0180")->name, "Stockholm");
	assert_string_equal(kl_codes_kommun(c, "1980")->name, "Västerås");
	assert_string_equal(kl_codes_kommun(c, "1980")->lan_code, "19");
	assert_string_equal(kl_codes_kommun(c, "0331")->lan_code, "03");
	assert_null(kl_codes_kommun(c, "180"));
	assert_null(kl_codes_kommun(c, "1917"));
	assert_string_equal(kl_codes_lan_name(c, "19"), "Västmanlands län");
	assert_string_equal(kl_codes_lan_by_name(c, "Västmanlands län"), "19");
	assert_null(kl_codes_lan_name(c, "02"));
	assert_string_equal(kl_codes_kommun_by_name(c, "Västerås")->code,
	                    "1980");
	kl_codes_free(c);
}

/* Brottskoder: old and new codes of one offence share a group, with the
 * years of validity of DOMAIN.md §4. */
static void test_feeds_codes_offences(void **state)
{
	struct kl_codes *c;
	struct kl_error err;
	const struct kl_offence_code *o;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_codes_new(&c, &err), KL_OK);
	o = kl_codes_offence(c, "0418");
	assert_non_null(o);
	assert_string_equal(o->group, "manniskohandel_sexuell");
	assert_int_equal(o->valid_to, 2024);
	o = kl_codes_offence(c, "9512");
	assert_string_equal(o->group, "manniskohandel_sexuell");
	assert_int_equal(o->valid_from, 2025);
	assert_string_equal(kl_codes_offence(c, "0611")->group,
	                    kl_codes_offence(c, "6154")->group);
	assert_int_equal(kl_codes_offence(c, "0611")->valid_to, 2023);
	assert_string_equal(kl_codes_offence(c, "4024")->group,
	                    "kop_sexuell_tjanst");
	assert_string_equal(kl_codes_offence(c, "9551")->group,
	                    "manniskohandel_ovrig");
	assert_null(kl_codes_offence(c, "0681")); /* not verified */
	assert_null(kl_codes_offence(c, "9999"));
	assert_string_equal(
	    kl_codes_group_by_name(c, "koppleri, INKL. grovt")->id, "koppleri");
	assert_string_equal(
	    kl_codes_group_by_name(
	        c, "Utnyttjande av barn genom köp av sexuell handling")
	        ->id,
	    "kop_sexuell_handling_barn");
	assert_null(kl_codes_group_by_name(c, "Sexualbrott"));
	assert_string_equal(kl_codes_group_at(c, kl_codes_ngroups(c) - 1)->id,
	                    KL_OFFENCE_OTHER);
	kl_codes_free(c);
}

/* Feeds are told apart by their headers, whatever the case. */
static void test_feeds_detect(void **state)
{
	const char *police[] = {"diarienummer", "anmalningsdatum", "brottskod"};
	const char *bra[] = {"Region", "Brott", "År",
	                     "Period", "Antal", "/100 000 inv"};
	const char *ind[] = {"Organisation", "organisationstyp", "ROLL"};
	const char *survey[] = {"id", "kod", "roll_i_klassen"};
	(void)state;
	assert_int_equal(kl_feed_detect(police, 3), KL_FEED_POLICE);
	assert_int_equal(kl_feed_detect(bra, 6), KL_FEED_BRA_SOL);
	assert_int_equal(kl_feed_detect(ind, 3), KL_FEED_INDIVIDUALS);
	assert_int_equal(kl_feed_detect(survey, 3), KL_FEED_UNKNOWN);
	assert_string_equal(kl_feed_name(KL_FEED_BRA_SOL), "bra-sol");
	assert_int_equal(kl_feed_parse_name("individuals"),
	                 KL_FEED_INDIVIDUALS);
}

/* Initials: letters only, upper case, '.', '-' and blanks dropped. */
static void test_feeds_initials_normalised(void **state)
{
	char b[16];
	(void)state;
	assert_int_equal(kl_key_norm_initials("A.B.", b, sizeof(b)), 2);
	assert_string_equal(b, "AB");
	assert_int_equal(kl_key_norm_initials(" ab ", b, sizeof(b)), 2);
	assert_string_equal(b, "AB");
	assert_int_equal(kl_key_norm_initials("å-ö", b, sizeof(b)), 2);
	assert_string_equal(b, "ÅÖ");
	assert_int_equal(kl_key_norm_initials("É.l", b, sizeof(b)), 2);
	assert_string_equal(b, "ÉL");
	assert_int_equal(kl_key_norm_initials("A1", b, sizeof(b)), -1);
	assert_int_equal(kl_key_norm_initials("", b, sizeof(b)), 0);
	assert_int_equal(kl_key_norm_initials("ABCDEFGH", b, 4), -1);
}

/* Weak keys: the same parts give the same key; any other part, or
 * another key, gives another; never the personnummer key of the same
 * bytes. */
static void test_feeds_weak_key(void **state)
{
	struct kl_key k1, k2;
	struct kl_pnr p;
	char a[65], b[65];
	(void)state;
	memset(&k1, 0, sizeof(k1));
	memset(&k2, 0, sizeof(k2));
	k2.bytes[0] = 1;
	kl_key_hash_weak(&k1, "kvinna", 2006, "AB", a);
	kl_key_hash_weak(&k1, "kvinna", 2006, "AB", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	kl_key_hash_weak(&k1, "man", 2006, "AB", b);
	assert_string_not_equal(a, b);
	kl_key_hash_weak(&k1, "kvinna", 2007, "AB", b);
	assert_string_not_equal(a, b);
	kl_key_hash_weak(&k1, "kvinna", 2006, "AC", b);
	assert_string_not_equal(a, b);
	kl_key_hash_weak(&k2, "kvinna", 2006, "AB", b);
	assert_string_not_equal(a, b);
	/* a personnummer key under the same key is a plain keyed hash of
	 * the 12 digits: the forms of one number agree */
	assert_int_equal(kl_pnr_parse("080101-9829", 11, 2025, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_int_equal(kl_key_hash_pnr(&k1, &p, a), 0);
	assert_int_equal(kl_pnr_parse("200801019829", 12, 2025, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_int_equal(kl_key_hash_pnr(&k1, &p, b), 0);
	assert_string_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_feeds_period_forms),
	    cmocka_unit_test(test_feeds_period_within),
	    cmocka_unit_test(test_feeds_codes_kommuner),
	    cmocka_unit_test(test_feeds_codes_offences),
	    cmocka_unit_test(test_feeds_detect),
	    cmocka_unit_test(test_feeds_initials_normalised),
	    cmocka_unit_test(test_feeds_weak_key),
	};
	struct kl_error err;
	kl_error_clear(&err);
	if (kl_init(&err))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
