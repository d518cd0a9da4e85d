/*
 * test_map.c - the map's edges (kl_svg.h): the region and level a values
 * file is read for, over-long cells in messages, more values than the
 * first allocation, and the legend and description of maps whose values
 * are all equal, hidden or missing.  Expected texts are those the man
 * page kartlagg-map(1) and the API comments describe.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

static char path[64];

static int setup(void **state)
{
	int fd;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/kl_test_map_XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return unlink(path);
}

static void put(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Read `path` for level and region, expect status and message (and, for
 * line > 0, that line and column of `path`). */
static void read_fails_at(enum kl_map_level level, const char *region,
                          int status, unsigned long line, unsigned long col,
                          const char *msg)
{
	struct kl_map_value *v = (struct kl_map_value *)&v;
	struct kl_error err;
	size_t n = 99;
	kl_error_clear(&err);
	assert_int_equal(kl_map_values_read(path, level, region, &v, &n, &err),
	                 status);
	assert_string_equal(err.msg, msg);
	assert_int_equal(n, 0);
	if (line) {
		assert_string_equal(err.path, path);
		assert_int_equal(err.line, line);
		assert_int_equal(err.column, col);
	}
}

static void read_fails(enum kl_map_level level, const char *region, int status,
                       const char *msg)
{
	read_fails_at(level, region, status, 0, 0, msg);
}

/* A map of län has no region; a region of kommuner is a länskod. */
static void test_map_read_region(void **state)
{
	(void)state;
	put("1980;1\n");
	read_fails(KL_MAP_LAN, "19", KL_ERR_USAGE,
	           "a map of län covers the whole country; expected no region "
	           "or '00', got '19'");
	read_fails(KL_MAP_KOMMUN, "1980", KL_ERR_USAGE,
	           "expected a länskod (01..25) as region, got '1980'");
	read_fails(KL_MAP_KOMMUN, "1x", KL_ERR_USAGE,
	           "expected a länskod (01..25) as region, got '1x'");
	read_fails(KL_MAP_KOMMUN, "26", KL_ERR_USAGE,
	           "expected a länskod (01..25) as region, got '26'");
	read_fails((enum kl_map_level)7, NULL, KL_ERR_USAGE,
	           "unknown map level");
}

/* Over-long cells are cut in the message, which names line and column. */
static void test_map_read_long_cells(void **state)
{
	(void)state;
	put("1980;1\n198019801980198019801980;2\n");
	read_fails_at(KL_MAP_KOMMUN, NULL, KL_ERR_PARSE, 2, 1,
	              "expected a kommunkod of one of the 290 kommuner, got "
	              "'19801980198019801980...'");
	put("1980;1234567890123456789012345678901234567890123456789012345678901"
	    "234567890\n");
	read_fails_at(KL_MAP_KOMMUN, NULL, KL_ERR_PARSE, 1, 2,
	              "expected a number, '..' or nothing, got "
	              "'12345678901234567890123456789012345678901234...'");
}

/* All 290 kommuner, in the order of the file (more than one allocation). */
static void test_map_read_many(void **state)
{
	struct kl_codes *c = NULL;
	struct kl_map_value *v = NULL;
	struct kl_error err;
	size_t n = 0, nk;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_codes_new(&c, &err), KL_OK);
	nk = kl_codes_nkommuner(c);
	assert_int_equal(nk, 290);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("kod,värde\n", f);
	for (size_t i = 0; i < nk; i++)
		fprintf(f, "%s,%zu\n", kl_codes_kommun_at(c, i)->code, i);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(
	    kl_map_values_read(path, KL_MAP_KOMMUN, NULL, &v, &n, &err), KL_OK);
	assert_int_equal(n, 290);
	for (size_t i = 0; i < nk; i++) {
		assert_string_equal(v[i].code, kl_codes_kommun_at(c, i)->code);
		assert_rel_close(v[i].value, (double)i, 0);
	}
	kl_map_values_free(v, n);
	kl_codes_free(c);
}

/* A map's <desc>, between its tags. */
static char *desc_of(const char *svg)
{
	const char *a = strstr(svg, "<desc");
	assert_non_null(a);
	a = strchr(a, '>') + 1;
	const char *b = strstr(a, "</desc>");
	assert_non_null(b);
	return strndup(a, (size_t)(b - a));
}

/* Codes the map does not have: a long one is cut, a missing one said. */
static void test_map_bad_codes(void **state)
{
	struct kl_map_value v[] = {{"198019801980", 1, 0}};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	o.level = KL_MAP_KOMMUN;
	o.values = v;
	o.nvalues = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected a kommunkod of one of the 290 "
	                             "kommuner, got '19801980...'");
	v[0].code = NULL;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "a value has no code");
	assert_null(svg);
}

/* One value for every kommun shown, a hidden one and a missing one: the
 * legend has one class, "1,5", and the description counts the hidden
 * and the missing. */
static void test_map_equal_values(void **state)
{
	struct kl_map_value v[] = {{"1980", 1.5, 0},
	                           {"1983", 1.5, 0},
	                           {"1984", NAN, 1},
	                           {"1982", NAN, 0}};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL, *d;
	size_t len;
	(void)state;
	o.level = KL_MAP_KOMMUN;
	o.region = "19";
	o.values = v;
	o.nvalues = 4;
	o.decimals = 1;
	o.unit = "per 100 000 inv.";
	o.title = "Test";
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, &len, &err), KL_OK);
	assert_int_equal(strlen(svg), len);
	assert_non_null(strstr(svg, ">1,5</text>"));
	d = desc_of(svg);
	assert_non_null(strstr(d, "ej redovisade: 1"));
	assert_non_null(strstr(d, "uppgift saknas för"));
	free(d);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_map_read_region),
	    cmocka_unit_test(test_map_read_long_cells),
	    cmocka_unit_test(test_map_read_many),
	    cmocka_unit_test(test_map_bad_codes),
	    cmocka_unit_test(test_map_equal_values),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
