/*
 * test_sdc.c - disclosure control (kl_sdc.h): patterns on small tables
 * against patterns worked out by hand (each test says how), the floor,
 * usage errors, order independence and the audit dump.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "report_priv.h"

struct t_cell {
	const char *key;
	long long count;
	int exempt;
};

/* The audit dump of s (protected) must be exactly want. */
static void assert_dump(const struct kl_sdc *s, const char *want)
{
	char buf[4096];
	struct kl_error err;
	FILE *f = tmpfile();
	size_t n;
	assert_non_null(f);
	assert_int_equal(kl_sdc_dump(s, f, &err), KL_OK);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, want);
}

/* Register cells[] (in the order given, or reversed) and the relations
 * rels[] ("total|part,part", NULL-terminated), protect with rules, and
 * return the states as a string of one letter a cell, in cells[] order:
 * s shown, z zero, p primary, c secondary (complement). */
static int protect(const struct t_cell *cells, size_t n, const char **rels,
                   const struct kl_sdc_rules *rules, int reverse, char *out,
                   struct kl_error *err, struct kl_sdc **keep)
{
	struct kl_sdc *s = NULL;
	size_t idx[64], parts[64];
	int rc;

	assert_true(n <= 64);
	rc = kl_sdc_new(&s, err);
	assert_int_equal(rc, KL_OK);
	for (size_t j = 0; j < n; j++) {
		size_t i = reverse ? n - 1 - j : j;
		rc = kl_sdc_cell(s, cells[i].key, cells[i].count,
		                 cells[i].exempt, &idx[i], err);
		assert_int_equal(rc, KL_OK);
	}
	size_t nr = 0;
	while (rels[nr])
		nr++;
	for (size_t j = 0; j < nr; j++) {
		char buf[512], *save, *tok;
		size_t total = 0, np = 0;
		strcpy(buf, rels[reverse ? nr - 1 - j : j]);
		for (tok = strtok_r(buf, "|,", &save); tok;
		     tok = strtok_r(NULL, "|,", &save)) {
			size_t i;
			for (i = 0; i < n && strcmp(cells[i].key, tok); i++)
				;
			assert_true(i < n);
			if (tok == buf)
				total = idx[i];
			else
				parts[np++] = idx[i];
		}
		if (reverse)
			for (size_t a = 0, b = np; a + 1 < b; a++, b--) {
				size_t t = parts[a];
				parts[a] = parts[b - 1];
				parts[b - 1] = t;
			}
		rc = kl_sdc_sum(s, total, parts, np, err);
		assert_int_equal(rc, KL_OK);
	}
	rc = kl_sdc_protect(s, rules, err);
	if (rc == KL_OK)
		for (size_t i = 0; i < n; i++)
			out[i] = "szpc"[kl_sdc_state(s, idx[i])];
	out[n] = '\0';
	if (keep)
		*keep = s;
	else
		kl_sdc_free(s);
	return rc;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * kön × åldersgrupp with both margins (DOMAIN.md §8, table 4).  By hand:
 * F/u15 = 3 is primary.  Relations in key order ("t" < "t/15-17" <
 * "t/18+" < "t/F" < ... < "t/u15"): t/F has one hidden member, the
 * smallest other is F/15-17 (10); t/u15 then takes M/u15 (12, before
 * t/u15 = 15); next pass, t/15-17 takes M/15-17 (15, before 25).  The
 * rectangle leaves F/u15 anywhere in [0, 13].
 */
static const struct t_cell kon_alder[] = {
    {"t", 90, 0},       {"t/F", 33, 0},       {"t/M", 57, 0},
    {"t/u15", 15, 0},   {"t/15-17", 25, 0},   {"t/18+", 50, 0},
    {"t/F/u15", 3, 0},  {"t/F/15-17", 10, 0}, {"t/F/18+", 20, 0},
    {"t/M/u15", 12, 0}, {"t/M/15-17", 15, 0}, {"t/M/18+", 30, 0},
};
static const char *kon_alder_rel[] = {
    "t/F|t/F/u15,t/F/15-17,t/F/18+", "t/M|t/M/u15,t/M/15-17,t/M/18+",
    "t/u15|t/F/u15,t/M/u15",         "t/15-17|t/F/15-17,t/M/15-17",
    "t/18+|t/F/18+,t/M/18+",         "t|t/F,t/M",
    "t|t/u15,t/15-17,t/18+",         NULL,
};

static void test_sdc_kon_alder_rectangle(void **state)
{
	char got[64];
	struct kl_error err;
	struct kl_sdc *s;
	(void)state;
	assert_int_equal(protect(kon_alder, N(kon_alder), kon_alder_rel, NULL,
	                         0, got, &err, &s),
	                 KL_OK);
	assert_string_equal(got, "ssssss"
	                         "pcs"
	                         "ccs");
	assert_int_equal(kl_sdc_count(s, KL_SDC_PRIMARY), 1);
	assert_int_equal(kl_sdc_count(s, KL_SDC_SECONDARY), 3);
	assert_int_equal(kl_sdc_count(s, KL_SDC_SHOWN), 8);
	assert_int_equal(kl_sdc_count(s, KL_SDC_ZERO), 0);
	kl_sdc_free(s);
}

/* The same problem registered backwards (cells, relations and parts)
 * gives the same pattern. */
static void test_sdc_order_does_not_matter(void **state)
{
	char a[64], b[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(kon_alder, N(kon_alder), kon_alder_rel, NULL,
	                         0, a, &err, NULL),
	                 KL_OK);
	assert_int_equal(protect(kon_alder, N(kon_alder), kon_alder_rel, NULL,
	                         1, b, &err, NULL),
	                 KL_OK);
	assert_string_equal(a, b);
}

/*
 * kommun -> län -> riket.  By hand: L1/K1 = 2 takes L1/K2 (20, the
 * smallest of L1 52, K2 20, K3 30); L2/K5 = 4 takes L2/K4 (40 < 44);
 * L3 = 3 and its one kommun L3/K6 = 3 are both primary, so the riket
 * relation has one hidden member and takes L2 (44, before L1 52 and R).
 */
static void test_sdc_kommun_lan_riket(void **state)
{
	static const struct t_cell c[] = {
	    {"R", 99, 0},     {"L1", 52, 0},    {"L2", 44, 0},
	    {"L3", 3, 0},     {"L1/K1", 2, 0},  {"L1/K2", 20, 0},
	    {"L1/K3", 30, 0}, {"L2/K4", 40, 0}, {"L2/K5", 4, 0},
	    {"L3/K6", 3, 0},
	};
	static const char *r[] = {
	    "R|L1,L2,L3", "L1|L1/K1,L1/K2,L1/K3", "L2|L2/K4,L2/K5", "L3|L3/K6",
	    NULL,
	};
	char got[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, NULL), KL_OK);
	assert_string_equal(got, "sscp"
	                         "pcs"
	                         "cp"
	                         "p");
}

/*
 * The margin rule: X = 7 persons, all girls.  X/F is hidden though 7 is
 * above the threshold, and the first zero part (X/M) with it; with the
 * rule off nothing is hidden.  A relation with one part (a län of one
 * kommun) never triggers it.
 */
static void test_sdc_margin_rule(void **state)
{
	static const struct t_cell c[] = {
	    {"X", 7, 0},       {"X/F", 7, 0}, {"X/M", 0, 0},
	    {"X/okand", 0, 0}, {"G", 8, 0},   {"G/K", 8, 0},
	};
	static const char *r[] = {"X|X/F,X/M,X/okand", "G|G/K", NULL};
	struct kl_sdc_rules off = {5, 0};
	char got[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, NULL), KL_OK);
	assert_string_equal(got, "spcz"
	                         "ss");
	assert_int_equal(protect(c, N(c), r, &off, 0, got, &err, NULL), KL_OK);
	assert_string_equal(got, "sszz"
	                         "ss");
}

/*
 * Zeros stay published while a non-zero complement exists (T/b = 3 takes
 * T/c = 9, not T/a = 0); exempt cells are never hidden, even when small
 * (B/a = 3), and an exempt total is no complement (R/K1 = 2 takes R/K2).
 */
static void test_sdc_zeros_and_exempt(void **state)
{
	static const struct t_cell c[] = {
	    {"T", 12, 0},   {"T/a", 0, 0},   {"T/b", 3, 0},   {"T/c", 9, 0},
	    {"B", 100, 1},  {"B/a", 3, 1},   {"B/b", 97, 1},  {"R", 50, 1},
	    {"R/K1", 2, 0}, {"R/K2", 20, 0}, {"R/K3", 28, 0},
	};
	static const char *r[] = {"T|T/a,T/b,T/c", "B|B/a,B/b",
	                          "R|R/K1,R/K2,R/K3", NULL};
	char got[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, NULL), KL_OK);
	assert_string_equal(got, "szpc"
	                         "sss"
	                         "spcs");
}

/* A small cell surrounded by exempt cells cannot be protected: the call
 * fails, names the cell, and does not echo its count. */
static void test_sdc_unprotectable_fails(void **state)
{
	static const struct t_cell c[] = {
	    {"R", 10, 1}, {"R/a", 3, 0}, {"R/b", 7, 1}};
	static const char *r[] = {"R|R/a,R/b", NULL};
	char got[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, NULL),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "'R/a'"));
	assert_null(strchr(err.msg, '3'));
}

/* The threshold floor is 3: 2 is refused, 3 hides 1 and 2 only. */
static void test_sdc_threshold_floor(void **state)
{
	static const struct t_cell c[] = {
	    {"a", 1, 0}, {"b", 2, 0}, {"c", 3, 0}, {"d", 0, 0}};
	static const char *r[] = {NULL};
	struct kl_sdc_rules two = {2, 10}, three = {3, 10};
	char got[64];
	struct kl_error err;
	(void)state;
	assert_int_equal(protect(c, N(c), r, &two, 0, got, &err, NULL),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "suppression threshold 2 is below the floor 3");
	assert_int_equal(protect(c, N(c), r, &three, 0, got, &err, NULL),
	                 KL_OK);
	assert_string_equal(got, "ppsz");
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, NULL), KL_OK);
	assert_string_equal(got, "pppz");
}

/* Defaults are threshold 5 and margin 10. */
static void test_sdc_rules_default(void **state)
{
	struct kl_sdc_rules r;
	(void)state;
	kl_sdc_rules_default(&r);
	assert_int_equal(r.threshold, 5);
	assert_int_equal(r.margin_small, 10);
}

/* Bad registrations are KL_ERR_USAGE and name the key. */
static void test_sdc_usage_errors(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t a, b, c, again, parts[3];
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 5, 0, &a, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 7, 0, &b, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "c", 12, 0, &c, &err), KL_OK);
	/* the same key again: the same index; another count: refused */
	assert_int_equal(kl_sdc_cell(s, "b", 7, 0, &again, &err), KL_OK);
	assert_int_equal(again, b);
	assert_int_equal(kl_sdc_cell(s, "b", 8, 0, &again, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "cell 'b' registered again with a different count");
	assert_int_equal(kl_sdc_cell(s, "b", 7, 1, &again, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_cell(s, "n", -1, 0, &again, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_sdc_cell(s, "", 1, 0, &again, &err), KL_ERR_USAGE);
	parts[0] = a;
	parts[1] = a;
	assert_int_equal(kl_sdc_sum(s, c, parts, 2, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "'a' is listed twice as a part of 'c'");
	parts[1] = c;
	assert_int_equal(kl_sdc_sum(s, c, parts, 2, &err), KL_ERR_USAGE);
	parts[1] = b;
	parts[2] = 99;
	assert_int_equal(kl_sdc_sum(s, c, parts, 3, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_sum(s, a, parts + 1, 1, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "the counts of the 1 parts of 'a' do not "
	                             "add up to its count");
	assert_int_equal(kl_sdc_sum(s, c, parts, 2, &err), KL_OK);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_cell(s, "d", 1, 0, &again, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_sum(s, c, parts, 2, &err), KL_ERR_USAGE);
	kl_sdc_free(s);
	kl_sdc_free(NULL);
}

/* The audit dump of the kommun case, written out by hand: cells in key
 * order, relations canonical (total, parts by key), '%' and spaces in a
 * key escaped, exempt marked. */
static void test_sdc_dump_format(void **state)
{
	static const struct t_cell c[] = {
	    {"L", 52, 1}, {"L/K 2", 20, 0}, {"L/K1", 2, 0}, {"L/K3%", 30, 0}};
	static const char *r[] = {"L|L/K3%,L/K1,L/K 2", NULL};
	static const char want[] =
	    "# kartlagg suppression audit v3\n"
	    "# threshold 5, margin rule below 10, 2 hidden, 0 unpublished\n"
	    "cell L 52 exempt\n"
	    "cell L/K%202 ..\n"
	    "cell L/K1 ..\n"
	    "cell L/K3%25 30\n"
	    "sum L = L/K%202 + L/K1 + L/K3%25\n";
	char got[64];
	struct kl_error err;
	struct kl_sdc *s;
	(void)state;
	assert_int_equal(protect(c, N(c), r, NULL, 0, got, &err, &s), KL_OK);
	assert_dump(s, want);
	kl_sdc_free(s);
}

/* Letters of the states of idx[0..n) as protect() writes them, with u
 * for unpublished. */
static void states(const struct kl_sdc *s, const size_t *idx, size_t n,
                   char *out)
{
	static const char letter[] = "szpcu";
	for (size_t i = 0; i < n; i++)
		out[i] = letter[kl_sdc_state(s, idx[i])];
	out[n] = '\0';
}

/* Issue 13: a weighted relation a + 2 b = 13 with a = 3 hidden gives a
 * away through the shown b (13 - 2 * 5); b must be hidden as well.  The
 * same cells without the relation keep b shown. */
static void test_sdc_rel_single_hidden(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[2];
	const long long a[] = {1, 2};
	char got[8];
	(void)state;
	for (int with = 0; with < 2; with++) {
		assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
		assert_int_equal(kl_sdc_cell(s, "a", 3, 0, &idx[0], &err),
		                 KL_OK);
		assert_int_equal(kl_sdc_cell(s, "b", 5, 0, &idx[1], &err),
		                 KL_OK);
		if (with)
			assert_int_equal(kl_sdc_rel(s, idx, a, 2, 13, &err),
			                 KL_OK);
		assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
		states(s, idx, 2, got);
		assert_string_equal(got, with ? "pc" : "ps");
		kl_sdc_free(s);
	}
}

/* Issue 13: the audit uses the coefficients.  T = a + b + c (24 = 2 + 2 +
 * 20) with a = b known (a - b = 0): the two hidden cells are pinned at 2
 * by the equations, so one more cell is hidden, c (20, smaller than T). */
static void test_sdc_rel_audit(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[4];
	const long long a[] = {1, -1};
	char got[8];
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "T", 24, 0, &idx[0], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 2, 0, &idx[1], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 2, 0, &idx[2], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "c", 20, 0, &idx[3], &err), KL_OK);
	assert_int_equal(kl_sdc_sum(s, idx[0], idx + 1, 3, &err), KL_OK);
	assert_int_equal(kl_sdc_rel(s, idx + 1, a, 2, 0, &err), KL_OK);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	states(s, idx, 4, got);
	assert_string_equal(got, "sppc");
	kl_sdc_free(s);
}

/* Weighted relations are checked: counts that do not satisfy it, a zero
 * coefficient, a cell twice, no cells. */
static void test_sdc_rel_usage(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[2];
	long long a[] = {1, 2};
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 3, 0, &idx[0], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 5, 0, &idx[1], &err), KL_OK);
	assert_int_equal(kl_sdc_rel(s, idx, a, 2, 12, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "the counts of the 2 cells of a weighted "
	                             "relation (first 'a') do not give its "
	                             "right-hand side");
	assert_int_equal(kl_sdc_rel(s, idx, a, 0, 0, &err), KL_ERR_USAGE);
	a[1] = 0;
	assert_int_equal(kl_sdc_rel(s, idx, a, 2, 3, &err), KL_ERR_USAGE);
	idx[1] = idx[0];
	a[1] = 1;
	assert_int_equal(kl_sdc_rel(s, idx, a, 2, 6, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "'a' is listed twice in a weighted relation");
	assert_int_equal(kl_sdc_unpublished(s, "a", 3, 1, NULL, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_sdc_force(s, 7, &err), KL_ERR_USAGE);
	kl_sdc_free(s);
}

/* Issue 13: an unpublished complement ("persons not in category X" =
 * total - X) is protected when small (3: X is hidden with it, the smaller
 * of X and T) and may be implied when not (6: X stays shown). */
static void test_sdc_unpublished_complement(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[3];
	char got[8];
	(void)state;
	for (int big = 0; big < 2; big++) {
		assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
		assert_int_equal(
		    kl_sdc_cell(s, "T", 10 + 3 * big, 0, &idx[0], &err), KL_OK);
		assert_int_equal(kl_sdc_cell(s, "X", 7, 0, &idx[1], &err),
		                 KL_OK);
		assert_int_equal(kl_sdc_unpublished(s, "notX", 3 + 3 * big, 1,
		                                    &idx[2], &err),
		                 KL_OK);
		assert_int_equal(kl_sdc_sum(s, idx[0], idx + 1, 2, &err),
		                 KL_OK);
		assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
		states(s, idx, 3, got);
		assert_string_equal(got, big ? "ssu" : "scu");
		assert_int_equal(kl_sdc_count(s, KL_SDC_UNPUBLISHED), 1);
		kl_sdc_free(s);
	}
}

/* Issue 13: a forced cell is hidden whatever its count (a role total that
 * differs from the all-roles total by a small count), and protected: T =
 * a + b with T forced hides b (8, the smaller part) too. */
static void test_sdc_force(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[3];
	char got[8];
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "T", 20, 0, &idx[0], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 12, 0, &idx[1], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 8, 0, &idx[2], &err), KL_OK);
	assert_int_equal(kl_sdc_sum(s, idx[0], idx + 1, 2, &err), KL_OK);
	assert_int_equal(kl_sdc_force(s, idx[0], &err), KL_OK);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	states(s, idx, 3, got);
	assert_string_equal(got, "psc");
	kl_sdc_free(s);
	/* an exempt cell cannot be forced */
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "L", 20, 1, &idx[0], &err), KL_OK);
	assert_int_equal(kl_sdc_force(s, idx[0], &err), KL_ERR_USAGE);
	kl_sdc_free(s);
}

/* The v2 dump of a weighted relation and an unpublished cell, by hand. */
static void test_sdc_dump_v2(void **state)
{
	static const char want[] =
	    "# kartlagg suppression audit v3\n"
	    "# threshold 5, margin rule below 10, 2 hidden, 1 unpublished\n"
	    "cell a ..\n"
	    "cell b ..\n"
	    "cell k3 .. unpublished\n"
	    "rel +1 a +2 b -3 k3 = 1\n";
	struct kl_sdc *s;
	struct kl_error err;
	size_t idx[3];
	const long long a[] = {-3, 2, 1};
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_unpublished(s, "k3", 2, 1, &idx[0], &err),
	                 KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 2, 0, &idx[1], &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 3, 0, &idx[2], &err), KL_OK);
	assert_int_equal(kl_sdc_rel(s, idx, a, 3, 1, &err), KL_OK);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	assert_dump(s, want);
	kl_sdc_free(s);
}

/*
 * Issue 16: a sum of more than 64 parts was dropped from disclosure
 * control without a word by the report's kli_rb_sum, so the one small
 * part of such a total could be recovered by subtraction.  A total of 70
 * parts, one of them 2 and the others 20 + i: the small part must be
 * hidden with at least one complement among the parts, and the interval
 * a reader gets for it from the published figures must be wide.  The
 * bound is worked out here, not by the library: with the total T and the
 * shown parts published, the hidden parts add up to R = T - shown, and
 * non-negativity alone puts the small part anywhere in [0, R].
 */
static void check_70_parts(int through_report)
{
	enum { NP = 70 };
	struct kl_sdc *s;
	struct kl_error err;
	size_t total, part[NP], rbpart[NP];
	long long cnt[NP], T = 0, shown = 0;
	size_t hidden = 0;
	char key[16];

	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	for (size_t i = 0; i < NP; i++) {
		cnt[i] = i == 0 ? 2 : 20 + (long long)i;
		T += cnt[i];
		snprintf(key, sizeof(key), "p%02zu", i);
		assert_int_equal(kl_sdc_cell(s, key, cnt[i], 0, &part[i], &err),
		                 KL_OK);
		rbpart[i] = part[i] + 1;
	}
	assert_int_equal(kl_sdc_cell(s, "total", T, 0, &total, &err), KL_OK);
	if (through_report) {
		struct kli_rb b = {0};
		b.sdc = s;
		b.err = &err;
		kl_error_clear(&err);
		kli_rb_sum(&b, total + 1, T, rbpart, cnt, NP);
		assert_int_equal(b.oom, 0);
		assert_int_equal(err.status, KL_OK);
	} else {
		assert_int_equal(kl_sdc_sum(s, total, part, NP, &err), KL_OK);
	}
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	assert_int_equal(kl_sdc_state(s, part[0]), KL_SDC_PRIMARY);
	assert_int_equal(kl_sdc_state(s, total), KL_SDC_SHOWN);
	for (size_t i = 0; i < NP; i++) {
		enum kl_sdc_state st = kl_sdc_state(s, part[i]);
		if (st == KL_SDC_PRIMARY || st == KL_SDC_SECONDARY)
			hidden++;
		else
			shown += cnt[i];
	}
	assert_true(hidden >= 2);
	/* [0, R] holds 0 and at least the threshold: the 2 is protected */
	assert_true(T - shown >= 5);
	kl_sdc_free(s);
}

static void test_sdc_sum_of_70_parts(void **state)
{
	(void)state;
	check_70_parts(0);
}

static void test_sdc_report_sum_of_70_parts(void **state)
{
	(void)state;
	check_70_parts(1);
}

/*
 * Usage errors of the calls around a protection: a relation, a forced
 * cell or a level after kl_sdc_protect; a total or a cell that was never
 * registered; a level below the floor of 3 or above 10^12; a weighted
 * relation's right-hand side beyond 10^18.  Each is KL_ERR_USAGE.
 */
static void test_sdc_more_usage_errors(void **state)
{
	struct kl_sdc *s;
	struct kl_error err;
	size_t a, b, cells[2];
	const long long w[2] = {1, -1};
	(void)state;
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "a", 12, 0, &a, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "b", 12, 0, &b, &err), KL_OK);
	assert_int_equal(kl_sdc_sum(s, 7, &a, 1, &err), KL_ERR_USAGE);
	cells[0] = a;
	cells[1] = 9;
	assert_int_equal(kl_sdc_rel(s, cells, w, 2, 0, &err), KL_ERR_USAGE);
	cells[1] = b;
	assert_int_equal(
	    kl_sdc_rel(s, cells, w, 2, 2000000000000000000LL, &err),
	    KL_ERR_USAGE);
	assert_int_equal(kl_sdc_level(s, 9, 5, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_level(s, a, 2, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_level(s, a, 2000000000000LL, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_sdc_protect(s, NULL, &err), KL_OK);
	assert_int_equal(kl_sdc_rel(s, cells, w, 2, 0, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_force(s, a, &err), KL_ERR_USAGE);
	assert_int_equal(kl_sdc_level(s, a, 5, &err), KL_ERR_USAGE);
	assert_int_equal(err.status, KL_ERR_USAGE);
	kl_sdc_free(s);
}

/* The state counts before and after protection, the dump before it, a
 * negative margin rule, and a dump the disk refuses: a 2-cell problem
 * (a total of 7 and its one part of 7). */
static void test_sdc_counts_and_dump_errors(void **state)
{
	struct kl_sdc *s = NULL;
	struct kl_sdc_rules rules;
	struct kl_error err;
	size_t t, p;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_sdc_new(&s, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "total", 7, 0, &t, &err), KL_OK);
	assert_int_equal(kl_sdc_cell(s, "part", 7, 0, &p, &err), KL_OK);
	assert_int_equal(kl_sdc_sum(s, t, &p, 1, &err), KL_OK);
	/* before protection every cell is shown */
	assert_int_equal(kl_sdc_count(s, KL_SDC_SHOWN), 2);
	assert_int_equal(kl_sdc_count(s, KL_SDC_PRIMARY), 0);
	assert_int_equal(kl_sdc_dump(s, stdout, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "kl_sdc_dump called before kl_sdc_protect");
	kl_sdc_rules_default(&rules);
	rules.margin_small = -1;
	kl_error_clear(&err);
	assert_int_equal(kl_sdc_protect(s, &rules, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "margin rule limit -1 is negative");
	kl_sdc_rules_default(&rules);
	kl_error_clear(&err);
	assert_int_equal(kl_sdc_protect(s, &rules, &err), KL_OK);
	/* 7 is above the threshold, and a relation of one part never
	 * triggers the margin rule (test_sdc_margin_rule): both shown, the
	 * count now from the protected problem */
	assert_int_equal(kl_sdc_state(s, p), KL_SDC_SHOWN);
	assert_int_equal(kl_sdc_state(s, t), KL_SDC_SHOWN);
	assert_int_equal(kl_sdc_count(s, KL_SDC_SHOWN), 2);
	assert_int_equal(kl_sdc_count(s, KL_SDC_PRIMARY), 0);
	FILE *f = fopen("/dev/full", "w");
	if (f) {
		kl_error_clear(&err);
		assert_int_equal(kl_sdc_dump(s, f, &err), KL_ERR_IO);
		assert_int_equal(err.sys_errno, ENOSPC);
		assert_string_equal(err.msg, "cannot write the suppression "
		                             "audit: No space left on device");
		fclose(f);
	}
	kl_sdc_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sdc_kon_alder_rectangle),
	    cmocka_unit_test(test_sdc_order_does_not_matter),
	    cmocka_unit_test(test_sdc_kommun_lan_riket),
	    cmocka_unit_test(test_sdc_margin_rule),
	    cmocka_unit_test(test_sdc_zeros_and_exempt),
	    cmocka_unit_test(test_sdc_unprotectable_fails),
	    cmocka_unit_test(test_sdc_threshold_floor),
	    cmocka_unit_test(test_sdc_rules_default),
	    cmocka_unit_test(test_sdc_usage_errors),
	    cmocka_unit_test(test_sdc_dump_format),
	    cmocka_unit_test(test_sdc_rel_single_hidden),
	    cmocka_unit_test(test_sdc_rel_audit),
	    cmocka_unit_test(test_sdc_rel_usage),
	    cmocka_unit_test(test_sdc_unpublished_complement),
	    cmocka_unit_test(test_sdc_force),
	    cmocka_unit_test(test_sdc_dump_v2),
	    cmocka_unit_test(test_sdc_sum_of_70_parts),
	    cmocka_unit_test(test_sdc_report_sum_of_70_parts),
	    cmocka_unit_test(test_sdc_more_usage_errors),
	    cmocka_unit_test(test_sdc_counts_and_dump_errors),
	};
	struct kl_error err;
	kl_init(&err);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
