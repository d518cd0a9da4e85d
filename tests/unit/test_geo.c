/*
 * test_geo.c - the edges of lib/geo.c that test_svg.c (projection against
 * cs2cs, the two layers) does not reach: no points, points PROJ cannot
 * project, the shared layer of kli_geo_get(), lookups that miss, and the
 * ring bookkeeping of every unit.
 */
#include <math.h>
#include <string.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "geo_priv.h"

/* No points: nothing to do, the buffer untouched. */
static void test_geo_project_none(void **state)
{
	struct kl_error err;
	double xy[2] = {1.0, 2.0};
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_project(xy, 0, &err), KL_OK);
	assert_true(xy[0] == 1.0 && xy[1] == 2.0);
}

/*
 * On the central meridian (15 E) the easting is the false easting 500 000
 * and the northing 0.9996 times the meridian arc of GRS 80 (a = 6378137,
 * 1/f = 298.257222101).  The arc to 60 N, integrated numerically with
 *   python3 -c "import math; a=6378137.0; f=1/298.257222101; e2=f*(2-f);
 *     n=200000; h=math.radians(60)/n; print(0.9996*sum(a*(1-e2)/(1-e2*
 *     math.sin((i+.5)*h)**2)**1.5*h for i in range(n)))"
 * is 6651411.1902 m; at the equator it is 0.
 */
static void test_geo_project_meridian(void **state)
{
	struct kl_error err;
	double xy[4] = {15.0, 60.0, 15.0, 0.0};
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_project(xy, 2, &err), KL_OK);
	assert_rel_abs_close(xy[0], 500000.0, 0, 1e-3);
	assert_rel_abs_close(xy[1], 6651411.1902, 0, 1e-2);
	assert_rel_abs_close(xy[2], 500000.0, 0, 1e-3);
	assert_rel_abs_close(xy[3], 0.0, 0, 1e-3);
}

/* A latitude beyond the pole has no projection: an error, not a number. */
static void test_geo_project_impossible(void **state)
{
	struct kl_error err;
	double xy[4] = {15.0, 60.0, 15.0, 95.0};
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_project(xy, 2, &err), KL_ERR_NUMERIC);
	assert_int_equal(err.status, KL_ERR_NUMERIC);
}

/* kli_geo_get loads a layer once and hands out the same one after. */
static void test_geo_get_shared(void **state)
{
	const struct kli_geo *a = NULL, *b = NULL, *l = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_get(KLI_GEO_KOMMUNER, &a, &err), KL_OK);
	assert_int_equal(kli_geo_get(KLI_GEO_KOMMUNER, &b, &err), KL_OK);
	assert_ptr_equal(a, b);
	assert_int_equal(kli_geo_get(KLI_GEO_LAN, &l, &err), KL_OK);
	assert_ptr_not_equal(a, l);
	/* 290 kommuner, 21 län (DOMAIN.md: Sweden's division since 2007) */
	assert_int_equal(a->n, 290);
	assert_int_equal(l->n, 21);
}

/*
 * Lookups: the first and last code of each layer (0114 Upplands Väsby and
 * 2584 Kiruna; 01 Stockholms län and 25 Norrbottens län) are found; codes
 * that are no unit, and the empty code, are not.
 */
static void test_geo_find(void **state)
{
	enum { K, L }; /* the layer a case looks in */
	static const struct {
		int layer;
		const char *code;
		const char *name; /* NULL: not found */
		const char *lan;  /* NULL: not checked */
	} cases[] = {
	    {K, "0114", "Upplands Väsby", NULL},
	    {K, "2584", "Kiruna", "25"},
	    {L, "01", "Stockholms län", NULL},
	    {L, "25", "Norrbottens län", NULL},
	    {K, "0000", NULL, NULL},
	    {K, "9999", NULL, NULL},
	    {K, "1917", NULL, NULL}, /* Heby's old code */
	    {K, "", NULL, NULL},
	    {L, "02", NULL, NULL},
	};
	const struct kli_geo *layer[2] = {NULL, NULL};
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_get(KLI_GEO_KOMMUNER, &layer[K], &err), KL_OK);
	assert_int_equal(kli_geo_get(KLI_GEO_LAN, &layer[L], &err), KL_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kli_geo_unit *u =
		    kli_geo_find(layer[cases[i].layer], cases[i].code);
		if (!cases[i].name) {
			assert_null(u);
			continue;
		}
		assert_non_null(u);
		assert_string_equal(u->name, cases[i].name);
		if (cases[i].lan)
			assert_string_equal(u->lan, cases[i].lan);
	}
}

/*
 * Every unit: at least one outer ring, rings of 3 or more points laid end
 * to end in xy, and a bounding box that holds every point.  A kommun's län
 * is the first two digits of its code.
 */
static void test_geo_rings(void **state)
{
	const struct kli_geo *k = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_get(KLI_GEO_KOMMUNER, &k, &err), KL_OK);
	for (size_t i = 0; i < k->n; i++) {
		const struct kli_geo_unit *u = &k->units[i];
		size_t next = 0, outer = 0;
		assert_true(u->nrings >= 1);
		assert_memory_equal(u->lan, u->code, 2);
		for (size_t r = 0; r < u->nrings; r++) {
			assert_int_equal(u->ring_start[r], next);
			assert_true(u->ring_len[r] >= 3);
			outer += !u->ring_hole[r];
			for (size_t p = 0; p < u->ring_len[r]; p++) {
				double x = u->xy[2 * (next + p)];
				double y = u->xy[2 * (next + p) + 1];
				assert_true(x >= u->bbox[0] && x <= u->bbox[2]);
				assert_true(y >= u->bbox[1] && y <= u->bbox[3]);
			}
			next += u->ring_len[r];
		}
		assert_true(outer >= 1);
		assert_false(u->ring_hole[0]);
	}
}

/*
 * Lookups that cannot match: no layer, no code, a code longer than any
 * unit's; kli_geo_free accepts NULL; a layer loaded on its own (not the
 * shared one) holds the same 290 kommuner and is freed by the caller.
 */
static void test_geo_find_edges_and_load(void **state)
{
	struct kli_geo *own = NULL;
	const struct kli_geo *k = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_get(KLI_GEO_KOMMUNER, &k, &err), KL_OK);
	assert_null(kli_geo_find(NULL, "0180"));
	assert_null(kli_geo_find(k, NULL));
	assert_null(kli_geo_find(k, "01800000000000000000000000000000"));
	kli_geo_free(NULL);
	assert_int_equal(kli_geo_load(KLI_GEO_KOMMUNER, &own, &err), KL_OK);
	assert_int_equal(own->n, 290);
	assert_true(own != k);
	assert_string_equal(kli_geo_find(own, "1980")->name, "Västerås");
	kli_geo_free(own);
}

#define RING "[[18,59],[18.1,59],[18.1,59.1],[18,59]]"
#define FEAT(code, coords)                                                     \
	"{\"type\":\"Feature\",\"properties\":{\"kommunkod\":\"" code          \
	"\",\"kommun\":\"K\",\"lanskod\":\"01\"},\"geometry\":{\"type\":"      \
	"\"MultiPolygon\",\"coordinates\":" coords "}}"

/*
 * Malformed boundaries are an internal error (the embedded texts are
 * ours) that says what is wrong: not JSON, no features, a feature without
 * its code or of another geometry, a polygon that is no array, a ring of
 * three points or with a non-number, a code twice.
 */
static void test_geo_malformed(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
	    {"{\"features\": []}", "embedded boundaries: no features"},
	    {"{\"features\": [{\"type\":\"Feature\",\"properties\":{},"
	     "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[]}}]}",
	     "embedded boundaries: a feature lacks its code, name or "
	     "MultiPolygon"},
	    {"{\"features\": [{\"type\":\"Feature\",\"properties\":{"
	     "\"kommunkod\":\"0180\",\"kommun\":\"K\",\"lanskod\":\"01\"},"
	     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}",
	     "embedded boundaries: a feature lacks its code, name or "
	     "MultiPolygon"},
	    {"{\"features\": [" FEAT("0180", "[1]") "]}",
	     "embedded boundaries: bad polygon in 0180"},
	    {"{\"features\": [" FEAT("0180",
	                             "[[[[18,59],[18.1,59],[18,59]]]]") "]}",
	     "embedded boundaries: bad ring in 0180"},
	    {"{\"features\": [" FEAT(
	         "0180", "[[[[18,59],[\"a\",59],[18.1,59.1],[18,59]]]]") "]}",
	     "embedded boundaries: bad ring in 0180"},
	    {"{\"features\": [" FEAT("0180", "[[" RING "]]") "," FEAT(
	         "0180", "[[" RING "]]") "]}",
	     "embedded boundaries: code 0180 twice"},
	};
	struct kli_geo *g = NULL;
	struct kl_error err;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kl_error_clear(&err);
		assert_int_equal(
		    kli_geo_parse(bad[i].text, KLI_GEO_KOMMUNER, &g, &err),
		    KL_ERR_INTERNAL);
		assert_string_equal(err.msg, bad[i].msg);
		assert_null(g);
	}
	kl_error_clear(&err);
	assert_int_equal(kli_geo_parse("{", KLI_GEO_KOMMUNER, &g, &err),
	                 KL_ERR_INTERNAL);
	assert_int_equal(strncmp(err.msg, "embedded boundaries: ", 21), 0);
	assert_non_null(strstr(err.msg, " at line 1"));
	/* one good feature */
	assert_int_equal(
	    kli_geo_parse("{\"features\": [" FEAT("0180", "[[" RING "]]") "]}",
	                  KLI_GEO_KOMMUNER, &g, &err),
	    KL_OK);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->units[0].nrings, 1);
	assert_int_equal(g->units[0].ring_len[0], 3);
	kli_geo_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_geo_project_none),
	    cmocka_unit_test(test_geo_project_meridian),
	    cmocka_unit_test(test_geo_project_impossible),
	    cmocka_unit_test(test_geo_get_shared),
	    cmocka_unit_test(test_geo_find),
	    cmocka_unit_test(test_geo_rings),
	    cmocka_unit_test(test_geo_find_edges_and_load),
	    cmocka_unit_test(test_geo_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
