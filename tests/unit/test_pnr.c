/*
 * test_pnr.c - personnummer detection, masking and keyed hashing.
 *
 * Vectors: the worked example of DOMAIN.md §7 (640823-3234), Skatteverket's
 * test number 121212-1212, and check digits worked by hand.  Hashes were
 * computed with Python's hashlib.blake2b(digest_size=32, key=bytes(range(32))).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kl_pnr.h"

static enum kl_pnr_kind find(const char *s, struct kl_pnr *p)
{
	return kl_pnr_find(s, strlen(s), p);
}

static void test_luhn_worked_example(void **state)
{
	(void)state;
	assert_int_equal(kl_pnr_luhn("640823323"), 4);
	assert_int_equal(kl_pnr_luhn("121212121"), 2);
	assert_int_equal(kl_pnr_luhn("64082332x"), -1);
}

/* Every form the detector's pattern admits is found. */
static void test_find_all_forms(void **state)
{
	static const char *forms[] = {
	    "640823-3234",   "640823+3234",  "6408233234",
	    "19640823-3234", "196408233234", "19640823+3234",
	};
	struct kl_pnr p;
	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_int_equal(find(forms[i], &p), KL_PNR_PERSONNUMMER);
		assert_int_equal(p.offset, 0);
		assert_int_equal(p.length, strlen(forms[i]));
	}
}

/* Inside free text; never inside a longer digit run. */
static void test_find_boundaries(void **state)
{
	struct kl_pnr p;
	(void)state;
	assert_int_equal(find("kontakt 640823-3234 igår", &p),
	                 KL_PNR_PERSONNUMMER);
	assert_int_equal(p.offset, 8);
	assert_int_equal(p.length, 11);
	assert_int_equal(find("1640823-3234", &p), KL_PNR_NONE);
	assert_int_equal(find("640823-32340", &p), KL_PNR_NONE);
	assert_int_equal(find("64082332341", &p), KL_PNR_NONE);
	assert_int_equal(find("x6408233234x", &p), KL_PNR_PERSONNUMMER);
	assert_int_equal(find("640823  3234", &p), KL_PNR_NONE);
	/* a first invalid candidate does not hide a later valid one */
	assert_int_equal(find("6408233235 och 121212-1212", &p),
	                 KL_PNR_PERSONNUMMER);
	assert_int_equal(p.offset, 15);
}

/*
 * Issue 14: the separators real exports carry, each found in 10- and
 * 12-digit forms, with length covering the separator's bytes, and masked
 * without a digit.  640823-3234 is DOMAIN.md's worked example.
 */
static void test_find_every_separator(void **state)
{
	static const struct {
		const char *sep, *shown;
	} v[] = {
	    {" ", " "},
	    {"\xC2\xA0", "\xC2\xA0"},         /* no-break space */
	    {"\xE2\x80\xAF", "\xE2\x80\xAF"}, /* narrow no-break space */
	    {"\xE2\x80\x93", "\xE2\x80\x93"}, /* en dash */
	    {"\xE2\x80\x91", "\xE2\x80\x91"}, /* non-breaking hyphen */
	    {"\xE2\x88\x92", "\xE2\x88\x92"}, /* minus sign */
	    {"\x96", "\xE2\x80\x93"},         /* Windows-1252 en dash */
	    {".", "."},
	    {"/", "/"},
	    {"_", "_"},
	};
	char in[64], want[64], buf[32];
	struct kl_pnr p;
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		for (int c = 0; c < 2; c++) {
			snprintf(in, sizeof(in), "pnr %s%s3234 ok",
			         c ? "19640823" : "640823", v[i].sep);
			assert_int_equal(find(in, &p), KL_PNR_PERSONNUMMER);
			assert_int_equal(p.offset, 4);
			assert_int_equal(p.length,
			                 (c ? 12 : 10) + strlen(v[i].sep));
			kl_pnr_mask(in, &p, buf, sizeof(buf));
			snprintf(want, sizeof(want), "%s%s****",
			         c ? "YYYYMMDD" : "YYMMDD", v[i].shown);
			assert_string_equal(buf, want);
			assert_null(strpbrk(buf, "0123456789"));
		}
	}
	/* samordningsnummer too (640883-3231 worked by hand) */
	assert_int_equal(find("640883 3231", &p), KL_PNR_SAMORDNINGSNUMMER);
	assert_int_equal(find("19640883.3231", &p), KL_PNR_SAMORDNINGSNUMMER);
	/* a 12-digit form's century is 18, 19 or 20 */
	assert_int_equal(find("18640823 3234", &p), KL_PNR_PERSONNUMMER);
	assert_int_equal(find("20640823_3234", &p), KL_PNR_PERSONNUMMER);
	assert_int_equal(find("21640823 3234", &p), KL_PNR_NONE);
	assert_int_equal(find("176408233234", &p), KL_PNR_NONE);
	/* a separator is one character, and not a letter or comma */
	assert_int_equal(find("640823,3234", &p), KL_PNR_NONE);
	assert_int_equal(find("640823x3234", &p), KL_PNR_NONE);
}

/*
 * 9 digits that are the whole cell and a valid number with the leading 0
 * put back (a spreadsheet dropped it): 051212-1237 and 070823-3234, check
 * digits worked with DOMAIN.md's Luhn rule.  Not inside text, not 9 digits
 * of an invalid number ("070823323" is 00-70-82...), and never with
 * KL_PNR_NO_NINE.
 */
static void test_find_dropped_leading_zero(void **state)
{
	struct kl_pnr p;
	char buf[32];
	(void)state;
	assert_int_equal(find("512121237", &p), KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "0512121237");
	assert_int_equal(p.length, 9);
	kl_pnr_mask("512121237", &p, buf, sizeof(buf));
	assert_string_equal(buf, "(0)YMMDD****");
	assert_int_equal(find(" 708233234\xC2\xA0", &p), KL_PNR_PERSONNUMMER);
	assert_int_equal(p.offset, 1);
	assert_int_equal(find("070823323", &p), KL_PNR_NONE);
	assert_int_equal(find("512121238", &p), KL_PNR_NONE);
	assert_int_equal(find("kod 512121237", &p), KL_PNR_NONE);
	assert_int_equal(kl_pnr_scan("512121237", 9, KL_PNR_NO_NINE, &p),
	                 KL_PNR_NONE);
	assert_int_equal(kl_pnr_scan("640823 3234", 11, KL_PNR_NO_NINE, &p),
	                 KL_PNR_PERSONNUMMER);
	/* samordningsnummer: 051272-123C, C by the Luhn rule = 4 */
	assert_int_equal(find("512721234", &p), KL_PNR_SAMORDNINGSNUMMER);
	/* parse puts the century in: born 2005 */
	assert_int_equal(kl_pnr_parse("512121237", 9, 2026, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "200512121237");
	assert_int_equal(kl_pnr_parse("640823 3234", 11, 2026, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "196408233234");
}

/* Wrong check digit, month or day: not a number. */
static void test_find_rejects_invalid(void **state)
{
	struct kl_pnr p;
	(void)state;
	assert_int_equal(find("640823-3235", &p), KL_PNR_NONE);
	assert_int_equal(find("641323-3234", &p), KL_PNR_NONE);
	assert_int_equal(find("640832-3234", &p), KL_PNR_NONE);
	assert_int_equal(find("640230-1234", &p), KL_PNR_NONE);
	assert_int_equal(find("0701234567", &p), KL_PNR_NONE);
	/* 29 February: 2000 is a leap year, 1900 is not */
	assert_int_equal(find("20000229-1235", &p), KL_PNR_PERSONNUMMER);
	assert_int_equal(find("19000229-1235", &p), KL_PNR_NONE);
	assert_int_equal(find("000229-1235", &p), KL_PNR_PERSONNUMMER);
}

/* Day + 60 makes a samordningsnummer (640883-3231 worked by hand). */
static void test_samordningsnummer(void **state)
{
	struct kl_pnr p;
	(void)state;
	assert_int_equal(find("640883-3231", &p), KL_PNR_SAMORDNINGSNUMMER);
	assert_int_equal(find("640892-3231", &p), KL_PNR_NONE);
}

/* The mask keeps the shape and none of the digits. */
static void test_mask(void **state)
{
	static const struct {
		const char *in, *mask;
	} v[] = {
	    {"19640823-3234", "YYYYMMDD-****"},
	    {"pnr 640823+3234.", "YYMMDD+****"},
	    {"196408233234", "YYYYMMDD****"},
	    {"6408233234", "YYMMDD****"},
	};
	struct kl_pnr p;
	char buf[32];
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_not_equal(find(v[i].in, &p), KL_PNR_NONE);
		kl_pnr_mask(v[i].in, &p, buf, sizeof(buf));
		assert_string_equal(buf, v[i].mask);
		assert_null(strpbrk(buf, "0123456789"));
	}
	kl_pnr_mask("6408233234", &p, buf, 5);
	assert_string_equal(buf, "YYMM");
}

/* Century from the separator and a reference year. */
static void test_parse_century(void **state)
{
	struct kl_pnr p;
	(void)state;
	assert_int_equal(kl_pnr_parse("121212-1212", 11, 2026, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "201212121212");
	assert_int_equal(kl_pnr_parse("121212+1212", 11, 2026, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "191212121212");
	assert_int_equal(kl_pnr_parse(" 6408233234 ", 12, 2026, &p),
	                 KL_PNR_PERSONNUMMER);
	assert_string_equal(p.digits, "196408233234");
	/* 29 Feb 1900 (via '+' in 2000) does not exist */
	assert_int_equal(kl_pnr_parse("000229+1235", 11, 2000, &p),
	                 KL_PNR_NONE);
	assert_int_equal(kl_pnr_parse("x6408233234", 11, 2026, &p),
	                 KL_PNR_NONE);
}

/* The keyed hash is BLAKE2b-256 of the 12 digits, whatever the form. */
static void test_hash(void **state)
{
	unsigned char key[KL_PNR_KEYBYTES];
	struct kl_pnr p;
	char hex[65];
	(void)state;
	for (int i = 0; i < KL_PNR_KEYBYTES; i++)
		key[i] = (unsigned char)i;
	assert_int_not_equal(kl_pnr_parse("640823-3234", 11, 2026, &p),
	                     KL_PNR_NONE);
	assert_int_equal(kl_pnr_hash(&p, key, hex), 0);
	assert_string_equal(hex, "35b88331c7b172ed677a83c57c02a80c"
	                         "c6fbc6e90ced5a3ccbbaf74cec87105e");
	assert_int_not_equal(kl_pnr_parse("191212121212", 12, 2026, &p),
	                     KL_PNR_NONE);
	assert_int_equal(kl_pnr_hash(&p, key, hex), 0);
	assert_string_equal(hex, "cd06206c4b586833522d0cddc49c22c2"
	                         "9459529b2a33420751e32cd71ca0665b");
	assert_int_not_equal(find("6408233234", &p), KL_PNR_NONE);
	assert_int_equal(kl_pnr_hash(&p, key, hex), -1);
}

/* Redaction masks every number in a text, a 9-digit run too (its mask
 * is longer than the number, so the copy grows); out of memory it gives
 * NULL, never a partly masked text. */
static void test_redact(void **state)
{
	static const char one[] = "a 640823-3234 b";
	static const char two[] = "640823-3234 och 121212-1212";
	static const char nine[] = "x801019829y";
	struct kl_pnr p;
	char b[8] = "kept";
	(void)state;

	char *r = kl_pnr_redact(one, strlen(one));
	assert_string_equal(r, "a YYMMDD-**** b");
	free(r);
	r = kl_pnr_redact(two, strlen(two));
	assert_string_equal(r, "YYMMDD-**** och YYMMDD-****");
	free(r);
	r = kl_pnr_redact(nine, strlen(nine));
	assert_string_equal(r, "x(0)YMMDD****y");
	free(r);
	r = kl_pnr_redact("inget", 5);
	assert_string_equal(r, "inget");
	free(r);

	kl_test_fail_after(1);
	r = kl_pnr_redact(one, strlen(one));
	kl_test_fail_after(-1);
	assert_null(r);
	kl_test_fail_after(2); /* the larger copy */
	r = kl_pnr_redact(nine, strlen(nine));
	assert_true(kl_test_fault_reached());
	kl_test_fail_after(-1);
	assert_null(r);

	/* a buffer of no bytes is left alone */
	assert_int_equal(find(one, &p), KL_PNR_PERSONNUMMER);
	kl_pnr_mask(one, &p, b, 0);
	assert_string_equal(b, "kept");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_luhn_worked_example),
	    cmocka_unit_test(test_find_all_forms),
	    cmocka_unit_test(test_find_boundaries),
	    cmocka_unit_test(test_find_every_separator),
	    cmocka_unit_test(test_find_dropped_leading_zero),
	    cmocka_unit_test(test_find_rejects_invalid),
	    cmocka_unit_test(test_samordningsnummer),
	    cmocka_unit_test(test_mask),
	    cmocka_unit_test(test_parse_century),
	    cmocka_unit_test(test_hash),
	    cmocka_unit_test(test_redact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
