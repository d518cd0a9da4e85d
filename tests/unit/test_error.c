/*
 * test_error.c - the status table and the kl_error helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kl_error.h"

/* kl_error_at records where a problem is and returns the status given. */
static void test_error_at_records_location(void **state)
{
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_error_at(&err, KL_ERR_PARSE, "a.csv", 12, 3,
	                             "expected %s", "a number"),
	                 KL_ERR_PARSE);
	assert_string_equal(err.path, "a.csv");
	assert_int_equal(err.line, 12);
	assert_int_equal(err.column, 3);
	assert_string_equal(err.msg, "expected a number");
}

/* kl_error_sys appends the system's text for errno. */
static void test_error_sys_appends_strerror(void **state)
{
	struct kl_error err;
	char want[256];
	(void)state;
	kl_error_clear(&err);
	kl_error_sys(&err, KL_ERR_NOINPUT, ENOENT, "cannot open '%s'", "x");
	snprintf(want, sizeof(want), "cannot open 'x': %s", strerror(ENOENT));
	assert_string_equal(err.msg, want);
	assert_int_equal(err.sys_errno, ENOENT);
}

/* Every status has its own phrase; a NULL error record is accepted. */
static void test_error_every_status_named(void **state)
{
	(void)state;
	for (int s = KL_OK; s <= KL_ERR_PRIVACY; s++)
		assert_string_not_equal(kl_strerror(s), "unknown status");
	assert_int_equal(kl_error_set(NULL, KL_ERR_IO, "x"), KL_ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error_at_records_location),
	    cmocka_unit_test(test_error_sys_appends_strerror),
	    cmocka_unit_test(test_error_every_status_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
