/*
 * test_util.c - the string builder and the bounded copy of lib/util.c.
 *
 * Expected strings are written out by hand or built with memset, never
 * taken from the builder itself.
 */
#include <stdlib.h>
#include <string.h>

#include "kl_test.h"
#include "util_priv.h"

/* Appends join in order; an untouched builder reads as "". */
static void test_util_sb_appends_in_order(void **state)
{
	struct kli_sb b = {0};
	(void)state;
	assert_string_equal(kli_sb_str(&b), "");
	assert_int_equal(kli_sb_append(&b, "Västerås"), 0);
	assert_int_equal(kli_sb_appendn(&b, " (1980)xyz", 7), 0);
	assert_int_equal(kli_sb_appendf(&b, ", %d %s", 1982, "Heby"), 0);
	assert_string_equal(kli_sb_str(&b), "Västerås (1980), 1982 Heby");
	assert_int_equal(b.len, strlen("Västerås (1980), 1982 Heby"));
	assert_int_equal(b.failed, 0);
	kli_sb_free(&b);
	assert_null(b.s);
}

/* Far more than any fixed buffer held (the report's title line was 600
 * bytes): 290 region names of 40 bytes each, nothing dropped. */
static void test_util_sb_grows_without_truncating(void **state)
{
	struct kli_sb b = {0};
	char name[41];
	(void)state;
	memset(name, 'k', 40);
	name[40] = '\0';
	for (int i = 0; i < 290; i++)
		assert_int_equal(
		    kli_sb_appendf(&b, "%s%s", i ? ", " : "", name), 0);
	assert_int_equal(b.len, 290 * 40 + 289 * 2);
	assert_int_equal(strlen(kli_sb_str(&b)), b.len);
	/* one formatted piece longer than the builder's 256-byte scratch */
	char *big = malloc(5001);
	assert_non_null(big);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	kli_sb_reset(&b);
	assert_int_equal(kli_sb_appendf(&b, "(%s)", big), 0);
	assert_int_equal(b.len, 5002);
	assert_int_equal(b.s[0], '(');
	assert_int_equal(b.s[5001], ')');
	assert_int_equal(b.s[5002], '\0');
	free(big);
	kli_sb_free(&b);
}

/* reset empties but keeps the memory and clears a failure. */
static void test_util_sb_reset(void **state)
{
	struct kli_sb b = {0};
	(void)state;
	kli_sb_append(&b, "abc");
	char *mem = b.s;
	kli_sb_reset(&b);
	assert_string_equal(kli_sb_str(&b), "");
	assert_ptr_equal(b.s, mem);
	b.failed = 1;
	assert_int_equal(kli_sb_append(&b, "x"), -1);
	assert_string_equal(kli_sb_str(&b), "");
	kli_sb_reset(&b);
	assert_int_equal(kli_sb_append(&b, "x"), 0);
	assert_string_equal(kli_sb_str(&b), "x");
	kli_sb_free(&b);
}

/* A length that cannot be allocated fails loudly and keeps the text. */
static void test_util_sb_fails_not_truncates(void **state)
{
	struct kli_sb b = {0};
	(void)state;
	kli_sb_append(&b, "keep");
	assert_int_equal(kli_sb_appendn(&b, "x", (size_t)-1 / 2), -1);
	assert_int_equal(b.failed, 1);
	assert_string_equal(kli_sb_str(&b), "keep");
	assert_int_equal(kli_sb_appendf(&b, "%s", "more"), -1);
	assert_string_equal(kli_sb_str(&b), "keep");
	kli_sb_free(&b);
}

/* kli_strlcpy truncates, always terminates, and says so by its result. */
static void test_util_strlcpy(void **state)
{
	char buf[8];
	(void)state;
	assert_int_equal(kli_strlcpy(buf, "tab", sizeof(buf)), 3);
	assert_string_equal(buf, "tab");
	assert_int_equal(kli_strlcpy(buf, "0123456789", sizeof(buf)), 10);
	assert_string_equal(buf, "0123456");
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(kli_strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 'z');
	assert_int_equal(kli_strlcpy(buf, "", 1), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_util_sb_appends_in_order),
	    cmocka_unit_test(test_util_sb_grows_without_truncating),
	    cmocka_unit_test(test_util_sb_reset),
	    cmocka_unit_test(test_util_sb_fails_not_truncates),
	    cmocka_unit_test(test_util_strlcpy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
