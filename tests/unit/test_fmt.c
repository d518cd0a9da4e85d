/*
 * test_fmt.c - Swedish number formats (DOMAIN.md §8), against strings
 * written out by hand.
 */
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kl_fmt.h"

#define NN "\xe2\x80\xaf" /* U+202F narrow no-break space */
#define MINUS "\xe2\x88\x92"

static void test_fmt_grouping_from_1000(void **state)
{
	char b[KL_FMT_SIZE];
	(void)state;
	assert_string_equal(kl_fmt_int(b, sizeof(b), 0), "0");
	assert_string_equal(kl_fmt_int(b, sizeof(b), 999), "999");
	assert_string_equal(kl_fmt_int(b, sizeof(b), 1000), "1" NN "000");
	assert_string_equal(kl_fmt_int(b, sizeof(b), 10356), "10" NN "356");
	assert_string_equal(kl_fmt_int(b, sizeof(b), 1234567),
	                    "1" NN "234" NN "567");
	assert_string_equal(kl_fmt_int(b, sizeof(b), -4500),
	                    MINUS "4" NN "500");
	assert_string_equal(kl_fmt_int(b, sizeof(b), LLONG_MIN),
	                    MINUS "9" NN "223" NN "372" NN "036" NN "854" NN
	                          "775" NN "808");
}

static void test_fmt_decimal_comma_and_rounding(void **state)
{
	char b[KL_FMT_SIZE];
	(void)state;
	assert_string_equal(kl_fmt_num(b, sizeof(b), 12.34, 1), "12,3");
	assert_string_equal(kl_fmt_num(b, sizeof(b), 2483.38, 0), "2" NN "483");
	assert_string_equal(kl_fmt_num(b, sizeof(b), 562.95872688529, 1),
	                    "563,0");
	assert_string_equal(kl_fmt_num(b, sizeof(b), 0.04, 1), "0,0");
	/* a negative that rounds to zero has no sign */
	assert_string_equal(kl_fmt_num(b, sizeof(b), -0.04, 1), "0,0");
	assert_string_equal(kl_fmt_num(b, sizeof(b), -0.0, 0), "0");
	assert_string_equal(kl_fmt_num(b, sizeof(b), -1.25, 1), MINUS "1,2");
	assert_string_equal(kl_fmt_num(b, sizeof(b), NAN, 1), "..");
	assert_string_equal(kl_fmt_num(b, sizeof(b), INFINITY, 1), "..");
}

static void test_fmt_percent(void **state)
{
	char b[KL_FMT_SIZE];
	(void)state;
	assert_string_equal(kl_fmt_pct(b, sizeof(b), 0.0187797434232714, 1),
	                    "1,9");
	assert_string_equal(kl_fmt_pct(b, sizeof(b), 0.123, 1), "12,3");
	assert_string_equal(kl_fmt_pct(b, sizeof(b), 1.0, 0), "100");
}

/* A small buffer is filled and terminated, never overrun. */
static void test_fmt_truncates(void **state)
{
	char b[6];
	(void)state;
	memset(b, 'x', sizeof(b));
	kl_fmt_int(b, sizeof(b), 1234567);
	assert_true(strlen(b) < sizeof(b));
	assert_memory_equal(b, "1" NN, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fmt_grouping_from_1000),
	    cmocka_unit_test(test_fmt_decimal_comma_and_rounding),
	    cmocka_unit_test(test_fmt_percent),
	    cmocka_unit_test(test_fmt_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
