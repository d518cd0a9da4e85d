/*
 * test_svg.c - the shipped boundaries, their projection, the choropleth,
 * the charts and the values file.  Coordinates are compared with values
 * computed independently by PROJ's command-line tool, classes with limits
 * and quantiles worked out by hand or in R, never with earlier output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "geo_priv.h"
#include "svg_priv.h"

/* Count the occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p;
	     p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* The attribute after `<path id="karta-<code>"`, e.g. class="c2", or "". */
static const char *attr_of(const char *svg, const char *code, const char *a,
                           char *buf, size_t n)
{
	char key[64];
	snprintf(key, sizeof(key), "<path id=\"karta-%s\"", code);
	const char *p = strstr(svg, key);
	buf[0] = '\0';
	if (!p)
		return buf;
	const char *end = strchr(p, '>');
	snprintf(key, sizeof(key), " %s=\"", a);
	const char *q = strstr(p, key);
	if (!q || q > end)
		return buf;
	q += strlen(key);
	size_t l = strcspn(q, "\"");
	snprintf(buf, n, "%.*s", (int)l, q);
	return buf;
}

/* Well-formed XML, checked by xmllint (libxml2-utils) when installed. */
static void assert_well_formed(const char *svg)
{
	char path[] = "/tmp/kl_test_svg_XXXXXX";
	char cmd[128];
	int fd;
	if (system("command -v xmllint >/dev/null 2>&1") != 0)
		return;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, svg, strlen(svg)), (ssize_t)strlen(svg));
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
	int rc = system(cmd);
	unlink(path);
	assert_int_equal(rc, 0);
}

/*
 * Points in WGS 84 and their SWEREF 99 TM coordinates from PROJ 9.1.1's
 * cs2cs (Debian proj-bin), e.g.
 *   echo "59.49921 17.92794" | cs2cs -f %.4f EPSG:4326 EPSG:3006
 *   -> 6599291.5361  665740.6087   (northing, easting)
 * The first is the first vertex of Upplands Väsby (0114) in
 * data/geo/kommuner.geojson; 15 E is the projection's central meridian.
 */
static const double proj_fixture[][4] = {
    /* lon, lat, easting, northing */
    {17.92794, 59.49921, 665740.6087, 6599291.5361},
    {16.5, 59.6, 584669.7260, 6607821.4913},
    {13.0, 55.6, 373988.3716, 6163377.1163},
    {20.2, 67.85, 718576.3850, 7535335.5793},
    {11.13, 58.9, 277094.3202, 6535366.7922},
    {24.15, 65.8, 917352.1821, 7328100.8475},
    {15.0, 62.0, 500000.0000, 6874180.1477},
};
#define NFIX (sizeof(proj_fixture) / sizeof(proj_fixture[0]))

/* PROJ gives cs2cs's coordinates to 1 mm. */
static void test_svg_projection_matches_cs2cs(void **state)
{
	struct kl_error err;
	double xy[2 * NFIX];
	(void)state;
	for (size_t i = 0; i < NFIX; i++) {
		xy[2 * i] = proj_fixture[i][0];
		xy[2 * i + 1] = proj_fixture[i][1];
	}
	kl_error_clear(&err);
	assert_int_equal(kli_geo_project(xy, NFIX, &err), KL_OK);
	for (size_t i = 0; i < NFIX; i++) {
		assert_rel_abs_close(xy[2 * i], proj_fixture[i][2], 0, 1e-3);
		assert_rel_abs_close(xy[2 * i + 1], proj_fixture[i][3], 0,
		                     1e-3);
	}
}

/* 290 kommuner and 21 län in code order; the embedded first vertex of
 * 0114 lands where cs2cs puts it. */
static void test_svg_geo_layers(void **state)
{
	struct kli_geo *k = NULL, *l = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kli_geo_load(KLI_GEO_KOMMUNER, &k, &err), KL_OK);
	assert_int_equal(kli_geo_load(KLI_GEO_LAN, &l, &err), KL_OK);
	assert_int_equal(k->n, 290);
	assert_int_equal(l->n, 21);
	for (size_t i = 1; i < k->n; i++)
		assert_true(strcmp(k->units[i - 1].code, k->units[i].code) < 0);
	for (size_t i = 1; i < l->n; i++)
		assert_true(strcmp(l->units[i - 1].code, l->units[i].code) < 0);
	const struct kli_geo_unit *u = kli_geo_find(k, "0114");
	assert_non_null(u);
	assert_string_equal(u->name, "Upplands Väsby");
	assert_rel_abs_close(u->xy[0], proj_fixture[0][2], 0, 1e-3);
	assert_rel_abs_close(u->xy[1], proj_fixture[0][3], 0, 1e-3);
	u = kli_geo_find(k, "1980");
	assert_string_equal(u->name, "Västerås");
	assert_string_equal(u->lan, "19");
	assert_string_equal(kli_geo_find(l, "19")->name, "Västmanlands län");
	/* Sweden lies within SWEREF 99 TM's usual extent */
	for (size_t i = 0; i < k->n; i++) {
		assert_true(k->units[i].bbox[0] > 250000);
		assert_true(k->units[i].bbox[2] < 930000);
		assert_true(k->units[i].bbox[1] > 6100000);
		assert_true(k->units[i].bbox[3] < 7700000);
	}
	kli_geo_free(k);
	kli_geo_free(l);
}

/* Every path id after `from`, in order of appearance, must increase. */
static int ids_in_order(const char *svg, int *n)
{
	char prev[16] = "";
	*n = 0;
	for (const char *p = strstr(svg, "<path id=\"karta-"); p;
	     p = strstr(p + 1, "<path id=\"karta-")) {
		char code[16];
		sscanf(p + strlen("<path id=\"karta-"), "%15[0-9]", code);
		if (*n && strcmp(prev, code) >= 0)
			return 0;
		strcpy(prev, code);
		(*n)++;
	}
	return 1;
}

/* The country: 290 kommun paths in code order, role, title and desc. */
static void test_svg_map_country(void **state)
{
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL;
	size_t len = 0;
	int n;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, &len, &err), KL_OK);
	assert_int_equal(strlen(svg), len);
	assert_true(ids_in_order(svg, &n));
	assert_int_equal(n, 290);
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "<title id=\"karta-title\">"));
	assert_non_null(strstr(svg, "<desc id=\"karta-desc\">"));
	assert_non_null(strstr(svg, "aria-labelledby=\"karta-title "
	                            "karta-desc\""));
	assert_well_formed(svg);
	free(svg);

	/* and the 21 län */
	o.level = KL_MAP_LAN;
	assert_int_equal(kl_map_svg(&o, &svg, &len, &err), KL_OK);
	assert_true(ids_in_order(svg, &n));
	assert_int_equal(n, 21);
	free(svg);
}

/* Län 19: its 10 kommuner in code order, names on the map. */
static void test_svg_map_lan19(void **state)
{
	static const char *const want[] = {"1904", "1907", "1960", "1961",
	                                   "1962", "1980", "1981", "1982",
	                                   "1983", "1984"};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL, key[32];
	int n;
	(void)state;
	o.region = "19";
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_OK);
	assert_true(ids_in_order(svg, &n));
	assert_int_equal(n, 10);
	for (int i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "<path id=\"karta-%s\"", want[i]);
		assert_non_null(strstr(svg, key));
	}
	assert_non_null(strstr(svg, ">Västerås</text>"));
	assert_non_null(strstr(svg, "Kommunerna i Västmanlands län"));
	assert_well_formed(svg);
	free(svg);
}

/*
 * Given limits 2, 4, 6: a value on a limit belongs to the class above
 * (worked out by hand).  Hidden units are hatched, missing ones white.
 */
static void test_svg_map_classes_given_breaks(void **state)
{
	static const double br[] = {2, 4, 6};
	struct kl_map_value v[] = {
	    {"1904", 1.0, 0}, {"1907", 2.0, 0}, {"1960", 3.99, 0},
	    {"1961", 4.0, 0}, {"1962", 6.0, 0}, {"1980", 100.0, 0},
	    {"1981", NAN, 0}, {"1982", NAN, 1}, {"1983", 5.0, 1},
	};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL, b[64];
	(void)state;
	o.region = "19";
	o.values = v;
	o.nvalues = sizeof(v) / sizeof(v[0]);
	o.breaks = br;
	o.nclasses = 4;
	o.decimals = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_OK);
	assert_string_equal(attr_of(svg, "1904", "class", b, 64), "c1");
	assert_string_equal(attr_of(svg, "1907", "class", b, 64), "c2");
	assert_string_equal(attr_of(svg, "1960", "class", b, 64), "c2");
	assert_string_equal(attr_of(svg, "1961", "class", b, 64), "c3");
	assert_string_equal(attr_of(svg, "1962", "class", b, 64), "c4");
	assert_string_equal(attr_of(svg, "1980", "class", b, 64), "c4");
	assert_string_equal(attr_of(svg, "1981", "class", b, 64), "na");
	assert_string_equal(attr_of(svg, "1982", "class", b, 64), "hid");
	assert_string_equal(attr_of(svg, "1983", "class", b, 64), "hid");
	assert_string_equal(attr_of(svg, "1984", "class", b, 64), "na");
	assert_string_equal(attr_of(svg, "1982", "fill", b, 64),
	                    "url(#karta-hatch)");
	assert_string_equal(attr_of(svg, "1981", "fill", b, 64), "#ffffff");
	assert_non_null(strstr(svg, "<pattern id=\"karta-hatch\""));
	/* legend: Swedish ranges with an en dash, and the two symbols */
	assert_non_null(strstr(svg, ">1,0\xe2\x80\x93"
	                            "2,0</text>"));
	assert_non_null(strstr(svg, ">2,0\xe2\x80\x93"
	                            "4,0</text>"));
	assert_non_null(strstr(svg, ">6,0\xe2\x80\x93"
	                            "100,0</text>"));
	assert_non_null(strstr(svg, ">uppgift saknas</text>"));
	assert_non_null(strstr(svg, ">.. ej redovisad</text>"));
	assert_non_null(strstr(svg, "Västerås: 100,0"));
	assert_non_null(strstr(svg, "Fagersta: .. (ej redovisad)"));
	assert_well_formed(svg);
	free(svg);
}

/*
 * A zero reads as SCB's dash in the hover text, as in the tables; a value
 * that only rounds to zero keeps its digits.
 */
static void test_svg_map_zero_title(void **state)
{
	struct kl_map_value v[] = {
	    {"1904", 0.0, 0}, {"1907", 0.04, 0}, {"1980", 3.0, 0}};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	o.region = "19";
	o.values = v;
	o.nvalues = sizeof(v) / sizeof(v[0]);
	o.decimals = 1;
	o.unit = "per 100 000 inv.";
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_OK);
	assert_non_null(strstr(svg, "<title>Skinnskatteberg: \xe2\x80\x93 "
	                            "(noll)</title>"));
	assert_null(strstr(svg, "Skinnskatteberg: 0,0"));
	assert_non_null(strstr(svg, "<title>Surahammar: 0,0 per 100 000 "
	                            "inv.</title>"));
	assert_well_formed(svg);
	free(svg);
}

/*
 * Computed limits: R's quantile(c(1,2,3,5,8,13,21,34,55,89),
 * c(.25,.5,.75)) is 3.5, 10.5, 30.75; the range 88 rounds them to whole
 * numbers (two significant digits): 4, 11, 31.
 */
static void test_svg_map_computed_breaks(void **state)
{
	static const char *const code[] = {"1904", "1907", "1960", "1961",
	                                   "1962", "1980", "1981", "1982",
	                                   "1983", "1984"};
	static const double val[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89};
	static const char *const want[] = {"c1", "c1", "c1", "c2", "c2",
	                                   "c3", "c3", "c4", "c4", "c4"};
	struct kl_map_value v[10];
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL, b[64];
	(void)state;
	for (int i = 0; i < 10; i++) {
		v[i].code = code[9 - i]; /* any order */
		v[i].value = val[9 - i];
		v[i].hidden = 0;
	}
	o.region = "19";
	o.values = v;
	o.nvalues = 10;
	o.decimals = 0;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_OK);
	for (int i = 0; i < 10; i++)
		assert_string_equal(attr_of(svg, code[i], "class", b, 64),
		                    want[i]);
	assert_non_null(strstr(svg, ">1\xe2\x80\x93"
	                            "4</text>"));
	assert_non_null(strstr(svg, ">11\xe2\x80\x93"
	                            "31</text>"));
	assert_non_null(strstr(svg, ">31\xe2\x80\x93"
	                            "89</text>"));
	free(svg);
}

/* WCAG 2.1 relative luminance of "#rrggbb". */
static double luminance(const char *hex)
{
	unsigned c[3];
	double l[3];
	sscanf(hex + 1, "%2x%2x%2x", &c[0], &c[1], &c[2]);
	for (int i = 0; i < 3; i++) {
		double s = c[i] / 255.0;
		l[i] = s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

static double contrast(const char *a, const char *b)
{
	double x = luminance(a), y = luminance(b);
	return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

/* Five classes at most; each fill has >= 3:1 contrast with the borders
 * (WCAG 1.4.11), and the fills are distinct. */
static void test_svg_map_palette_contrast(void **state)
{
	static const char *const code[] = {"1904", "1907", "1960", "1961",
	                                   "1962"};
	static const double br[] = {1, 2, 3, 4};
	struct kl_map_value v[5];
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL, fill[5][64], b[64];
	(void)state;
	for (int i = 0; i < 5; i++)
		v[i] = (struct kl_map_value){code[i], i + 0.5, 0};
	o.region = "19";
	o.values = v;
	o.nvalues = 5;
	o.nclasses = 5;
	o.breaks = br;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_OK);
	char border[16];
	const char *s = strstr(svg, "<g id=\"karta-units\" stroke=\"");
	assert_non_null(s);
	sscanf(s + strlen("<g id=\"karta-units\" stroke=\""), "%7s", border);
	for (int i = 0; i < 5; i++) {
		snprintf(b, sizeof(b), "c%d", i + 1);
		assert_string_equal(attr_of(svg, code[i], "class", fill[i], 64),
		                    b);
		attr_of(svg, code[i], "fill", fill[i], 64);
		assert_true(contrast(fill[i], border) >= 3.0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(fill[i], fill[j]);
	}
	assert_true(contrast("#ffffff", border) >= 3.0);
	free(svg);
	o.nclasses = 6;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
}

/* The same input gives the same bytes. */
static void test_svg_map_deterministic(void **state)
{
	struct kl_map_value v[] = {
	    {"1980", 3.5, 0}, {"1904", 1.25, 0}, {"1983", NAN, 1}};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *a = NULL, *b = NULL;
	size_t la, lb;
	(void)state;
	o.region = "19";
	o.values = v;
	o.nvalues = 3;
	kl_error_clear(&err);
	assert_int_equal(kl_map_svg(&o, &a, &la, &err), KL_OK);
	assert_int_equal(kl_map_svg(&o, &b, &lb, &err), KL_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

/* Bad arguments name what is wrong. */
static void test_svg_map_errors(void **state)
{
	static const double down[] = {3, 2, 4};
	struct kl_map_value unknown[] = {{"9999", 1, 0}};
	struct kl_map_value outside[] = {{"0180", 1, 0}};
	struct kl_map_value twice[] = {{"1980", 1, 0}, {"1980", 2, 0}};
	struct kl_map_value inf[] = {{"1980", INFINITY, 0}};
	struct kl_map_opts o = {0};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	kl_error_clear(&err);
	o.region = "19";
	o.values = unknown;
	o.nvalues = 1;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_null(svg);
	assert_non_null(strstr(err.msg, "'9999'"));
	o.values = outside;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "kommun 0180 (Stockholm) is not in län 19");
	o.values = twice;
	o.nvalues = 2;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	o.values = inf;
	o.nvalues = 1;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	o.nvalues = 0;
	o.breaks = down;
	o.nclasses = 4;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "increasing"));
	o.breaks = NULL;
	o.region = "99";
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	o.region = "19";
	o.id = "Karta 1";
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	o.id = NULL;
	o.level = KL_MAP_LAN;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	o.level = KL_MAP_LAN;
	o.region = NULL;
	o.values = outside; /* a kommunkod on a map of län */
	o.nvalues = 1;
	assert_int_equal(kl_map_svg(&o, &svg, NULL, &err), KL_ERR_USAGE);
	assert_null(svg);
}

/* Write text to a temporary file; returns its path (free it). */
static char *tmp_csv(const char *text)
{
	char *path = strdup("/tmp/kl_test_map_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* The values file: header, ';' with decimal commas, '..', hidden. */
static void test_svg_values_read(void **state)
{
	struct kl_map_value *v = NULL;
	struct kl_error err;
	size_t n = 0;
	(void)state;
	char *p = tmp_csv("kod;värde;dold\n1980;12,5;0\n1904;..;\n"
	                  "1907;;\n1983;3;1\n");
	kl_error_clear(&err);
	assert_int_equal(
	    kl_map_values_read(p, KL_MAP_KOMMUN, "19", &v, &n, &err), KL_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].code, "1980");
	assert_rel_close(v[0].value, 12.5, 0);
	assert_false(v[0].hidden);
	assert_true(v[1].hidden);
	assert_true(isnan(v[2].value));
	assert_false(v[2].hidden);
	assert_true(v[3].hidden);
	kl_map_values_free(v, n);
	unlink(p);
	free(p);

	/* län codes, no header */
	p = tmp_csv("19,1.5\n01,2\n");
	assert_int_equal(kl_map_values_read(p, KL_MAP_LAN, NULL, &v, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 2);
	kl_map_values_free(v, n);
	unlink(p);
	free(p);
}

/* Each bad cell is reported at its line and column. */
static void test_svg_values_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned long line, column;
		const char *msg;
	} cases[] = {
	    {"code,value\n1980,1\n9999,2\n", 3, 1, "got '9999'"},
	    {"code,value\n1980,abc\n", 2, 2, "expected a number"},
	    {"code,value\n1980,1,2\n", 2, 3, "expected 0, 1 or nothing"},
	    {"code,value\n1980,1\n1980,2\n", 3, 1, "also on line 2"},
	    {"code,value\n1980\n", 2, 1, "expected 2 or 3 fields"},
	    {"code,value\n0180,1\n", 2, 1, "is not in län 19"},
	    {"code,value\n1980,1e400\n", 2, 2, "expected a number"},
	};
	struct kl_map_value *v = NULL;
	struct kl_error err;
	size_t n = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = tmp_csv(cases[i].text);
		kl_error_clear(&err);
		assert_int_equal(
		    kl_map_values_read(p, KL_MAP_KOMMUN, "19", &v, &n, &err),
		    KL_ERR_PARSE);
		assert_null(v);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.column, cases[i].column);
		assert_string_equal(err.path, p);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg,
			         cases[i].msg);
		unlink(p);
		free(p);
	}
	/* a län code on a kommun map, a kommun code on a län map */
	char *p = tmp_csv("19,1\n");
	assert_int_equal(
	    kl_map_values_read(p, KL_MAP_KOMMUN, NULL, &v, &n, &err),
	    KL_ERR_PARSE);
	unlink(p);
	free(p);
	p = tmp_csv("1980,1\n");
	assert_int_equal(kl_map_values_read(p, KL_MAP_LAN, NULL, &v, &n, &err),
	                 KL_ERR_PARSE);
	unlink(p);
	free(p);
}

/* Dots: one dot per shown row, whiskers, Swedish ticks, ".." and "*". */
static void test_svg_chart_dots(void **state)
{
	struct kl_chart_point p[] = {
	    {"Västerås", 0.42, 0.30, 0.55, 0, 0},
	    {"Sala", 0.18, 0.05, 0.61, 0, 1},
	    {"Fagersta", NAN, NAN, NAN, 1, 0},
	    {"Arboga", NAN, NAN, NAN, 0, 0},
	};
	struct kl_chart_opts o = {"Andel", NULL, "andel", NULL, 2, NAN, NAN};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(kl_chart_dots(&o, p, 4, &svg, NULL, &err), KL_OK);
	assert_int_equal(count(svg, "<circle "), 2);
	/* axis from 0: 0.61 / 5 = 0.122 gives steps of 0.2, so the ticks
	 * are 0, 0,2, 0,4, 0,6 and 0,8 */
	assert_non_null(strstr(svg, ">0,2</text>"));
	assert_non_null(strstr(svg, ">0,8</text>"));
	assert_non_null(strstr(svg, ">Sala *</text>"));
	assert_non_null(strstr(svg, ">Fagersta ..</text>"));
	assert_non_null(strstr(svg, "Västerås: 0,42 andel (KI 0,30\xe2\x80\x93"
	                            "0,55)"));
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "<desc id=\"diagram-desc\">"));
	assert_non_null(strstr(svg, "* osäker skattning"));
	assert_well_formed(svg);
	free(svg);
	o.decimals = 12;
	assert_int_equal(kl_chart_dots(&o, p, 4, &svg, NULL, &err),
	                 KL_ERR_USAGE);
}

/* Trend: a gap at NaN starts a new run; six series at most; years must
 * increase. */
static void test_svg_chart_trend(void **state)
{
	static const int years[] = {2019, 2020, 2021, 2022, 2023};
	static const double a[] = {10, 12, NAN, 15, 1500};
	static const double b[] = {NAN, 3, 4, 5, 6};
	struct kl_chart_series s[7];
	struct kl_chart_opts o = {
	    "Anmälda brott", NULL, "antal", "trend", 0, NAN, NAN};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	for (int i = 0; i < 7; i++)
		s[i] = (struct kl_chart_series){i ? "B & C" : "A", i ? b : a};
	kl_error_clear(&err);
	assert_int_equal(kl_chart_trend(&o, years, 5, s, 2, &svg, NULL, &err),
	                 KL_OK);
	const char *s1 = strstr(svg, "<g id=\"trend-s1\"");
	const char *s2 = strstr(svg, "<g id=\"trend-s2\"");
	assert_non_null(s1);
	assert_non_null(s2);
	/* series 1's line: two runs (2019-2020, 2022-2023) */
	const char *d = strstr(s1, " d=\"");
	assert_true(d && d < s2);
	char line[400];
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(d + 4, "\""), d + 4);
	assert_int_equal(count(line, "M"), 2);
	/* years unformatted, values grouped: 1 500 on the axis */
	assert_non_null(strstr(svg, ">2019</text>"));
	assert_non_null(strstr(svg, ">1\xe2\x80\xaf"
	                            "500</text>"));
	assert_non_null(strstr(svg, "stroke-dasharray=\"8 4\""));
	assert_non_null(strstr(svg, "B &amp; C"));
	assert_well_formed(svg);
	free(svg);
	assert_int_equal(kl_chart_trend(&o, years, 5, s, 6, &svg, NULL, &err),
	                 KL_OK);
	assert_well_formed(svg);
	free(svg);
	assert_int_equal(kl_chart_trend(&o, years, 5, s, 7, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	static const int back[] = {2020, 2019};
	assert_int_equal(kl_chart_trend(&o, back, 2, s, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
}

/* kli_svg_text of s, as a new string the caller frees. */
static char *text_of(const char *s)
{
	struct kli_sb b = {0};
	char *out = NULL;
	struct kl_error err;
	kli_svg_text(&b, s);
	kli_sb_append(&b, ""); /* an empty result still gives "" */
	assert_int_equal(kli_svg_finish(&b, &out, NULL, &err), KL_OK);
	return out;
}

/*
 * XML text (XML 1.0 section 2.2 and 2.4): the five markup characters as
 * entities, tab and CR as spaces, other C0 controls dropped, newline
 * kept; UTF-8 as RFC 3629 defines it, anything else (a lone continuation
 * byte, a truncated sequence, an overlong form, a surrogate, a code
 * point above U+10FFFF, and U+FFFE/U+FFFF, which XML excludes) one U+FFFD
 * per bad byte.
 */
static void test_svg_text_escapes(void **state)
{
	static const struct {
		const char *in, *want;
	} c[] = {
	    {"a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"},
	    {"x\ty\rz\n\x01!", "x y z\n!"},
	    {"\xc3\xa5\xe2\x80\x93\xf0\x9f\x98\x80", /* å – U+1F600 */
	     "\xc3\xa5\xe2\x80\x93\xf0\x9f\x98\x80"},
	    {"\x80", "\xef\xbf\xbd"},                 /* lone continuation */
	    {"\xc3(", "\xef\xbf\xbd("},               /* truncated */
	    {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"}, /* overlong '/' */
	    {"\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xef\xbf\xbe", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xef\xbf\xbd", "\xef\xbf\xbd"}, /* U+FFFD itself is fine */
	    {"\xf0\x8f\xbf\xbf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                         "\xef\xbf\xbd"}, /* overlong 4-byte */
	    {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                         "\xef\xbf\xbd"},     /* above U+10FFFF */
	    {"\xf4\x8f\xbf\xbd", "\xf4\x8f\xbf\xbd"}, /* U+10FFFD */
	    {"\xf0\x9f\x98", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xf8\x88\x80\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                             "\xef\xbf\xbd\xef\xbf\xbd"},
	    {NULL, ""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *got = text_of(c[i].in);
		assert_string_equal(got, c[i].want);
		free(got);
	}
}

/* Coordinates with one decimal, half away from zero, never "-0". */
static void test_svg_coord_format(void **state)
{
	static const struct {
		double v;
		const char *want;
	} c[] = {{0, "0"},        {-0.04, "0"},    {0.05, "0.1"},
	         {-0.05, "-0.1"}, {12.34, "12.3"}, {-0.5, "-0.5"},
	         {7, "7"},        {-12.96, "-13"}, {1e20, "0"}};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct kli_sb b = {0};
		kli_svg_coord(&b, c[i].v);
		assert_string_equal(kli_sb_str(&b), c[i].want);
		kli_sb_free(&b);
	}
}

/*
 * Nice steps: 1, 2 or 5 times a power of ten at or above range/n (range
 * 7 in 5 steps: 1.4 -> 2; 0.03 in 5: 0.006 -> 0.01; 450 in 5: 90 ->
 * 100), 1 for a range that is not positive or finite; the decimals to
 * print multiples of a step.  An empty picture has nothing to hand over.
 */
static void test_svg_steps_and_finish(void **state)
{
	struct kli_sb b = {0};
	struct kl_error err;
	char *out = (char *)"x";
	size_t len = 9;
	(void)state;
	assert_rel_close(kli_nice_step(7, 5), 2, 1e-12);
	assert_rel_close(kli_nice_step(0.03, 5), 0.01, 1e-12);
	assert_rel_close(kli_nice_step(450, 5), 100, 1e-12);
	assert_rel_close(kli_nice_step(5, 5), 1, 1e-12);
	assert_rel_close(kli_nice_step(0, 5), 1, 0);
	assert_rel_close(kli_nice_step(NAN, 5), 1, 0);
	assert_rel_close(kli_nice_step(10, 0), 1, 0);
	assert_int_equal(kli_step_decimals(5), 0);
	assert_int_equal(kli_step_decimals(0.5), 1);
	assert_int_equal(kli_step_decimals(0.02), 2);
	assert_int_equal(kli_step_decimals(0.0005), 4);
	assert_int_equal(kli_svg_finish(&b, &out, &len, &err), KL_ERR_NOMEM);
	assert_int_equal(err.status, KL_ERR_NOMEM);
	b.failed = 1;
	assert_int_equal(kli_svg_finish(&b, &out, &len, &err), KL_ERR_NOMEM);
	kli_sb_append(&b, "<svg/>");
	assert_int_equal(kli_svg_finish(&b, &out, &len, &err), KL_OK);
	assert_string_equal(out, "<svg/>");
	assert_int_equal(len, 6);
	free(out);
}

/* The visible title shrinks to fit: 40 characters at 0.6 em in 200 px
 * is floor(200 / 24) = 8 px, raised to the 10 px floor; 10 characters
 * in 200 px keep 16 px; 20 in 200 px get floor(200 / 12) = 16; 25 get
 * floor(200 / 15) = 13. */
static void test_svg_title_size(void **state)
{
	static const struct {
		size_t n;
		const char *fs;
	} c[] = {{40, "font-size=\"10\""},
	         {10, "font-size=\"16\""},
	         {20, "font-size=\"16\""},
	         {25, "font-size=\"13\""}};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char t[64];
		struct kli_sb b = {0};
		memset(t, 'a', c[i].n);
		t[c[i].n] = '\0';
		kli_svg_title(&b, t, 10, 200);
		assert_non_null(strstr(kli_sb_str(&b), c[i].fs));
		kli_sb_free(&b);
	}
}

/*
 * The usage errors of the charts and the map that no other test reaches:
 * no options or output, bad decimals, axis ends out of order, too many
 * or infinite rows, points missing, an unknown level, values missing,
 * infinite class limits.  Each is KL_ERR_USAGE and leaves *svg NULL.
 */
static void test_svg_more_usage_errors(void **state)
{
	struct kl_chart_opts co = {0};
	struct kl_chart_point pt = {"a", 1, NAN, NAN, 0, 0};
	struct kl_map_opts mo = {0};
	const double inf_br[] = {1, INFINITY, 3};
	struct kl_error err;
	char *svg = (char *)"x";
	size_t len = 7;
	(void)state;
	co.xmin = co.xmax = NAN;
	assert_int_equal(kl_chart_dots(NULL, &pt, 1, &svg, &len, &err),
	                 KL_ERR_USAGE);
	assert_null(svg);
	assert_int_equal(len, 0);
	assert_int_equal(kl_chart_dots(&co, &pt, 1, NULL, NULL, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_chart_dots(&co, NULL, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_chart_dots(&co, &pt, 501, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	co.decimals = 10;
	assert_int_equal(kl_chart_dots(&co, &pt, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	co.decimals = 0;
	co.xmin = 5;
	co.xmax = 1;
	assert_int_equal(kl_chart_dots(&co, &pt, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	co.xmin = co.xmax = NAN;
	pt.hi = INFINITY;
	assert_int_equal(kl_chart_dots(&co, &pt, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	assert_null(svg);

	assert_int_equal(kl_map_svg(NULL, &svg, &len, &err), KL_ERR_USAGE);
	mo.level = (enum kl_map_level)9;
	assert_int_equal(kl_map_svg(&mo, &svg, NULL, &err), KL_ERR_USAGE);
	mo.level = KL_MAP_LAN;
	mo.decimals = -1;
	assert_int_equal(kl_map_svg(&mo, &svg, NULL, &err), KL_ERR_USAGE);
	mo.decimals = 0;
	mo.nvalues = 2;
	assert_int_equal(kl_map_svg(&mo, &svg, NULL, &err), KL_ERR_USAGE);
	mo.nvalues = 0;
	mo.breaks = inf_br;
	assert_int_equal(kl_map_svg(&mo, &svg, NULL, &err), KL_ERR_USAGE);
	assert_null(svg);
	struct kl_map_value *mv = (struct kl_map_value *)&len;
	assert_int_equal(kl_map_values_read("x.csv", (enum kl_map_level)9, NULL,
	                                    &mv, &len, &err),
	                 KL_ERR_USAGE);
	assert_null(mv);
}

/*
 * A dot chart with the caller's text summary and fixed axis ends: the
 * summary is the <desc> (escaped), and the ticks run over the given
 * range, 0 to 50 in steps of 10 (nice step of 50 / 5).
 */
static void test_svg_dots_given_desc_and_axis(void **state)
{
	struct kl_chart_opts co = {0};
	struct kl_chart_point pt[2] = {{"a", 12, 10, 14, 0, 0},
	                               {"b", 30, NAN, NAN, 0, 1}};
	struct kl_error err;
	char *svg = NULL;
	(void)state;
	co.desc = "Två rader & mer";
	co.xmin = 0;
	co.xmax = 50;
	assert_int_equal(kl_chart_dots(&co, pt, 2, &svg, NULL, &err), KL_OK);
	assert_non_null(strstr(svg, ">Två rader &amp; mer</desc>"));
	assert_non_null(strstr(svg, ">50</text>"));
	assert_non_null(strstr(svg, ">40</text>"));
	assert_null(strstr(svg, ">60</text>"));
	free(svg);
}

/*
 * Axis ends and refusals of the charts: negative figures end the axis at
 * 0; a fixed lower end above the data still gives an axis; a trend of no
 * years, a series without values or with an infinite one is refused; more
 * than 12 years label every second one; out of memory building the text
 * summary is KL_ERR_NOMEM with no output.
 */
static void test_svg_chart_axis_and_refusals(void **state)
{
	struct kl_chart_opts co = {0};
	struct kl_chart_point neg[2] = {{"a", -12, NAN, NAN, 0, 0},
	                                {"b", -3, NAN, NAN, 0, 0}};
	struct kl_chart_point three = {"c", 3, NAN, NAN, 0, 0};
	struct kl_error err;
	char *svg = NULL;
	int years[20];
	double v[20];
	(void)state;
	co.xmin = co.xmax = NAN;

	assert_int_equal(kl_chart_dots(&co, neg, 2, &svg, NULL, &err), KL_OK);
	assert_non_null(strstr(svg, ">0</text>"));
	assert_null(strstr(svg, ">2</text>"));
	free(svg);
	/* above the data: 5 to 6 in nice steps of 0.2 (1 / 5), so one
	 * decimal, with a decimal comma */
	co.xmin = 5;
	assert_int_equal(kl_chart_dots(&co, &three, 1, &svg, NULL, &err),
	                 KL_OK);
	assert_non_null(strstr(svg, ">5,0</text>"));
	assert_non_null(strstr(svg, ">5,2</text>"));
	assert_non_null(strstr(svg, ">6,0</text>"));
	free(svg);
	co.xmin = NAN;

	for (int i = 0; i < 20; i++) {
		years[i] = 2000 + i;
		v[i] = i;
	}
	struct kl_chart_series s = {"s", v}, none = {"n", NULL};
	assert_int_equal(
	    kl_chart_trend(NULL, years, 1, &s, 1, &svg, NULL, &err),
	    KL_ERR_USAGE);
	assert_string_equal(err.msg, "no chart options");
	assert_int_equal(kl_chart_trend(&co, years, 0, &s, 1, &svg, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected 1 to 200 years, got 0");
	assert_int_equal(
	    kl_chart_trend(&co, years, 20, &none, 1, &svg, NULL, &err),
	    KL_ERR_USAGE);
	assert_string_equal(err.msg, "series 1 has no values");
	v[3] = INFINITY;
	assert_int_equal(
	    kl_chart_trend(&co, years, 20, &s, 1, &svg, NULL, &err),
	    KL_ERR_USAGE);
	assert_string_equal(err.msg, "series 1: expected finite values");
	v[3] = 3;
	assert_int_equal(
	    kl_chart_trend(&co, years, 20, &s, 1, &svg, NULL, &err), KL_OK);
	assert_non_null(strstr(svg, ">2000</text>"));
	assert_non_null(strstr(svg, ">2018</text>"));
	assert_null(strstr(svg, ">2001</text>"));
	assert_null(strstr(svg, ">2019</text>"));
	free(svg);

	kl_test_fail_after(1);
	int rc = kl_chart_trend(&co, years, 20, &s, 1, &svg, NULL, &err);
	kl_test_fail_after(-1);
	assert_int_equal(rc, KL_ERR_NOMEM);
	assert_null(svg);
	kl_test_fail_after(1);
	rc = kl_chart_dots(&co, neg, 2, &svg, NULL, &err);
	kl_test_fail_after(-1);
	assert_int_equal(rc, KL_ERR_NOMEM);
	assert_null(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_svg_projection_matches_cs2cs),
	    cmocka_unit_test(test_svg_geo_layers),
	    cmocka_unit_test(test_svg_map_country),
	    cmocka_unit_test(test_svg_map_lan19),
	    cmocka_unit_test(test_svg_map_classes_given_breaks),
	    cmocka_unit_test(test_svg_map_zero_title),
	    cmocka_unit_test(test_svg_map_computed_breaks),
	    cmocka_unit_test(test_svg_map_palette_contrast),
	    cmocka_unit_test(test_svg_map_deterministic),
	    cmocka_unit_test(test_svg_map_errors),
	    cmocka_unit_test(test_svg_values_read),
	    cmocka_unit_test(test_svg_values_errors),
	    cmocka_unit_test(test_svg_chart_dots),
	    cmocka_unit_test(test_svg_chart_trend),
	    cmocka_unit_test(test_svg_text_escapes),
	    cmocka_unit_test(test_svg_coord_format),
	    cmocka_unit_test(test_svg_steps_and_finish),
	    cmocka_unit_test(test_svg_title_size),
	    cmocka_unit_test(test_svg_more_usage_errors),
	    cmocka_unit_test(test_svg_dots_given_desc_and_axis),
	    cmocka_unit_test(test_svg_chart_axis_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
