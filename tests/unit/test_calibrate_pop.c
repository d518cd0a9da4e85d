/*
 * test_calibrate_pop.c - calibration to the stored SCB population and the
 * re-loaded weight set of estimate --weights, on a twelve-row survey
 * (tests/data/calibrate/pop_survey.csv) and the SCB rows of
 * pop_scb.csv: every weight and the calibration-adjusted SE of each
 * method against R survey (tests/data/calibrate/pop_fixture.R), the
 * errors of population targets and of --targets files (file, line,
 * column, what was expected), and weight sets that no longer fit their
 * survey.  A failed calibration leaves the store as it was.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "calibrate_priv.h"
#include "kartlagg/kartlagg.h"
#include "kl_test.h"

/* survey "p" and the SCB population of 2023 */
static int setup(void **state)
{
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	char p[512];
	struct kl_test_survey *f = kl_test_survey_new(
	    "calibrate/pop_survey.csv", "calibrate/pop_codebook.csv", "p");
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	assert_non_null(kl_test_data("calibrate/pop_scb.csv", p, sizeof(p)));
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(f->st, p, &o, &res, &err), KL_OK);
	*state = f;
	return 0;
}

/* survey "p" alone (no population) */
static int setup_nopop(void **state)
{
	*state = kl_test_survey_new("calibrate/pop_survey.csv",
	                            "calibrate/pop_codebook.csv", "p");
	return 0;
}

static int teardown(void **state)
{
	kl_test_survey_free(*state);
	return 0;
}

/* The three maps of the reference calibration (kartlagg-calibrate(1)). */
struct maps {
	struct kl_pop_map m[3];
	size_t n;
};

static void maps_parse(struct maps *ms, const char *const *text, size_t n)
{
	struct kl_error err;
	ms->n = n;
	for (size_t k = 0; k < n; k++)
		assert_int_equal(kl_pop_map_parse(text[k], &ms->m[k], &err),
		                 KL_OK);
}

static void maps_release(struct maps *ms)
{
	for (size_t k = 0; k < ms->n; k++)
		kl_pop_map_release(&ms->m[k]);
}

static const char *const all_maps[] = {"kod=region", "arskurs=age:9=15,gy2=17",
                                       "kon=sex:1=män,2=kvinnor"};
static const char *const rake_margins[] = {"kon,arskurs", "kod,arskurs"};
static const char *const ps_margin[] = {"kod,arskurs,kon"};

/* A spec on the population with the maps ms and year 2023. */
static struct kl_cal_spec pop_spec(enum kl_cal_method m,
                                   const char *const *margins, size_t nm,
                                   const struct maps *ms)
{
	struct kl_cal_spec c = {0};
	c.method = m;
	c.weight = "w";
	c.nmargins = nm;
	c.margins = margins;
	c.nmaps = ms->n;
	c.maps = ms->m;
	c.year = 2023;
	return c;
}

struct got {
	int n;
	double w0[12], w[12];
};

/* kl_weights_each callback: rows keyed by id 1..12 */
static int collect(void *ctx, size_t nkeys, const char *const *keys,
                   const char *const *values, double w0, double w)
{
	struct got *g = ctx;
	(void)nkeys;
	(void)keys;
	int id = atoi(values[0]);
	if (id >= 1 && id <= 12) {
		g->w0[id - 1] = w0;
		g->w[id - 1] = w;
	}
	g->n++;
	return 0;
}

/* The weights of set `set` by id into g; n rows expected. */
static void weights_of_n(struct kl_store *st, const char *set, struct got *g,
                         int n)
{
	struct kl_error err;
	memset(g, 0, sizeof(*g));
	kl_error_clear(&err);
	assert_int_equal(kl_weights_each(st, set, "id", collect, g, &err),
	                 KL_OK);
	assert_int_equal(g->n, n);
}

static void weights_of(struct kl_store *st, const char *set, struct got *g)
{
	weights_of_n(st, set, g, 12);
}

/* estimate y under weight set `set` (psu = psu): *p, *se of y = 1 */
static int estimate_y(struct kl_store *st, const char *survey, const char *set,
                      double *p, double *se, struct kl_error *err)
{
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	const char *items[] = {"y"};
	d.psu[0] = "psu";
	o.design = &d;
	o.items = items;
	o.nitems = 1;
	o.weights = set;
	kl_error_clear(err);
	int rc = kl_estimate(st, survey, &o, &r, err);
	if (rc)
		return rc;
	for (size_t k = 0; k < r->nrows; k++)
		if (r->rows[k].level == 0) {
			*p = r->rows[k].prop;
			*se = r->rows[k].se;
		}
	kl_est_result_free(r);
	return 0;
}

/*
 * R survey 4.1.1 (pop_fixture.R): weights(s) in row order and svymean(~yes,
 * s) with SE(), for s = postStratify(des, ~kod + arskurs + kon, tt),
 * rake(des, list(~kon + arskurs, ~kod + arskurs), ..., epsilon = 1e-13),
 * calibrate(des, ~kon * arskurs + kod * arskurs, pop, calfun = "linear")
 * and the same with bounds = c(0.86, 1.35), epsilon = 1e-13, maxit = 100.
 */
struct rref {
	enum kl_cal_method method;
	int bounded;
	const char *const *margins;
	size_t nm;
	double w[12], mean, se;
};
static const struct rref rrefs[] = {
    {KL_CAL_POSTSTRAT,
     0,
     ps_margin,
     1,
     {11.1111111111111, 10.8571428571429, 12, 13, 8.88888888888889, 13, 9,
      12.2777777777778, 5.29411764705882, 4.72222222222222, 8.14285714285714,
      9.70588235294118},
     0.561335833768536,
     0.0798380613505163},
    {KL_CAL_RAKE,
     0,
     rake_margins,
     2,
     {10.534696414853, 11.4500265447226, 12.5646192103643, 12.4353807896357,
      8.42775713188239, 11.9624535467354, 8.43538078963613, 12.6855583185961,
      5.66031051291692, 4.87906089176774, 8.58751990854198, 10.3772359403477},
     0.565356638469818,
     0.10687979685751},
    {KL_CAL_LINEAR,
     0,
     rake_margins,
     2,
     {10.51, 11.4754285714286, 12.4738738738739, 12.5261261261261, 8.408,
      11.918, 8.52612612612613, 12.62002002002, 5.676, 4.85385385385385,
      8.60657142857143, 10.406},
     0.563851401037842,
     0.0961001991862202},
    {KL_CAL_LINEAR,
     1,
     rake_margins,
     2,
     {10.5777777777778, 11.4057142857143, 12.15, 12.85, 8.46222222222222, 12.04,
      8.85, 12.3861111111111, 5.63294117647059, 4.76388888888889,
      8.55428571428572, 10.3270588235294},
     0.559620622260203,
     0.0946741537712882},
};

/* Each method to the stored population: R's weights and SE. */
static void test_pop_methods_vs_r(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	maps_parse(&ms, all_maps, 3);
	for (size_t k = 0; k < sizeof(rrefs) / sizeof(rrefs[0]); k++) {
		const struct rref *x = &rrefs[k];
		struct kl_cal_spec c =
		    pop_spec(x->method, x->margins, x->nm, &ms);
		struct kl_cal_result *res = NULL;
		struct got g;
		double p = NAN, se = NAN;
		if (x->bounded) {
			c.bounded = 1;
			c.lower = 0.86;
			c.upper = 1.35;
			c.tol = 1e-13;
			c.max_sweeps = 100;
		}
		kl_error_clear(&err);
		assert_int_equal(
		    kl_calibrate(f->st, "p", "set", &c, &res, &err), KL_OK);
		assert_non_null(strstr(res->source,
		                       "population: kommun rows, "
		                       "year 2023; maps kod=region"));
		kl_cal_result_free(res);
		weights_of(f->st, "set", &g);
		for (int i = 0; i < 12; i++)
			assert_rel_close(g.w[i], x->w[i], 1e-12);
		assert_int_equal(estimate_y(f->st, "p", "set", &p, &se, &err),
		                 KL_OK);
		assert_rel_close(p, x->mean, 1e-12);
		assert_rel_close(se, x->se, 1e-9);
	}
	maps_release(&ms);
}

/* --over year instead of --year: the same rake weights (one group). */
static void test_pop_over_year(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	struct got g;
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);
	c.year = 0;
	c.over = "year";
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, NULL, &err), KL_OK);
	weights_of(f->st, "rk", &g);
	for (int i = 0; i < 12; i++)
		assert_rel_close(g.w[i], rrefs[1].w[i], 1e-12);
	/* --over psu: "A" is not a year */
	c.over = "psu";
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "--over value 'A' is not a year; give --year");
	maps_release(&ms);
}

/*
 * kon 2 has no figure (the map names only 1 = män): the kon-2 cells keep
 * their design weights (one note each) and the kon-1 cells of
 * post-stratification get T / sum w0 (hand arithmetic from pop_scb.csv
 * and pop_survey.csv: 1980 9: 20 / (10 + 8), gy2: 12 / 9; 1984 9:
 * 15 / (6 + 11), gy2: 9 / 7).
 */
static void test_pop_code_without_figure(void **state)
{
	struct kl_test_survey *f = *state;
	const char *const mt[] = {"kod=region", "arskurs=age:9=15,gy2=17",
	                          "kon=sex:1=män"};
	struct maps ms;
	struct kl_error err;
	struct kl_cal_result *res = NULL;
	struct got g;
	maps_parse(&ms, mt, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_POSTSTRAT, ps_margin, 1, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "ps", &c, &res, &err), KL_OK);
	assert_int_equal(res->nnotes, 4);
	assert_string_equal(res->notes[0].where, "kod=1980,arskurs=9,kon=2");
	assert_rel_close(res->notes[0].sum_w, 12 + 9, 1e-15);
	kl_cal_result_free(res);
	weights_of(f->st, "ps", &g);
	static const double want_g[12] = {20.0 / 18, 1, 12.0 / 9, 1,
	                                  20.0 / 18, 1, 9.0 / 7,  1,
	                                  15.0 / 17, 1, 1,        15.0 / 17};
	for (int i = 0; i < 12; i++)
		assert_rel_close(g.w[i] / g.w0[i], want_g[i], 1e-14);
	maps_release(&ms);
}

/* The errors of population targets, by message and code. */
static void test_pop_errors(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);

	/* a calibration variable without a map */
	c.nmaps = 2;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "calibration variable 'kon' has no --map "
	                             "to a population dimension");
	c.nmaps = 3;
	/* neither --year nor --over */
	c.year = 0;
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "population targets need --year or --over "
	                             "(the year of the figures)");
	/* a year without figures, a level without figures */
	c.year = 2024;
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(
	    err.msg, "the store has no population figures of kommun rows "
	             "for 2024; import them (kartlagg import --kind "
	             "scb-population) or give --targets files");
	c.year = 2023;
	c.level = "lan";
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "of lan rows for 2023"));
	c.level = NULL;
	maps_release(&ms);

	/* age 18 has no rows: no figure for the gy2 cells */
	const char *const m18[] = {"kod=region", "arskurs=age:9=15,gy2=18",
	                           "kon=sex:1=män,2=kvinnor"};
	maps_parse(&ms, m18, 3);
	c.maps = ms.m;
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "no population figure for kon=1, "
	                             "arskurs=gy2, kod=1980 (year 2023, kommun "
	                             "rows)");
	maps_release(&ms);
	/* no weight set was made by any of these */
	struct kl_wsummary *s = NULL;
	size_t n = 9;
	assert_int_equal(kl_weights_summary(f->st, NULL, 0, 1, &s, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 0);
}

/* No population in the store at all. */
static void test_pop_none(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "the store has no population figures; import them "
	                    "(kartlagg import --kind scb-population) or give "
	                    "--targets files");
	/* estimate with a set the store does not have (no weight_sets) */
	double p, se;
	assert_int_equal(estimate_y(f->st, "p", "nosuch", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "no weight set named 'nosuch' in the "
	                             "store");
	const char *vk[] = {"kod"}, *vv[] = {"1980"};
	assert_int_equal(kl_population_total(f->st, ms.m, 3, NULL, 2023, 1, vk,
	                                     vv, &p, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "the store has no population figures; "
	                             "import them with kartlagg import --kind "
	                             "scb-population");
	maps_release(&ms);
}

/* Import text as survey `name` with codebook cbrel (tests/data), or
 * none when cbrel is NULL; the import's status. */
static int import_cb(struct kl_test_survey *f, const char *name,
                     const char *text, const char *cbrel);

/* Import text as survey `name` (codebook pop_codebook.csv). */
static void import_text(struct kl_test_survey *f, const char *name,
                        const char *text)
{
	assert_int_equal(import_cb(f, name, text, "calibrate/pop_codebook.csv"),
	                 KL_OK);
}

static int import_cb(struct kl_test_survey *f, const char *name,
                     const char *text, const char *cbrel)
{
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	struct kl_error err;
	char p[512], cb[512];
	snprintf(p, sizeof(p), "%s/%s.csv", f->dir, name);
	FILE *fh = fopen(p, "w");
	assert_non_null(fh);
	fputs(text, fh);
	fclose(fh);
	if (cbrel)
		assert_non_null(kl_test_data(cbrel, cb, sizeof(cb)));
	o.survey = name;
	o.codebook = cbrel ? cb : NULL;
	memset(&res, 0, sizeof(res));
	kl_error_clear(&err);
	int rc = kl_import_survey(f->st, p, &o, &res, &err);
	unlink(p);
	return rc;
}

/*
 * A survey of Västerås alone calibrated without a region map sums both
 * kommuner's population: refused (issue 15) unless forced; a population
 * cell the sample lacks (no gy2 boy in Arboga) cannot be reached.
 */
static void test_pop_region_and_empty_cell(void **state)
{
	struct kl_test_survey *f = *state;
	const char *const m2[] = {"arskurs=age:9=15,gy2=17",
	                          "kon=sex:1=män,2=kvinnor"};
	const char *const mg[] = {"kon,arskurs"};
	struct maps ms;
	struct kl_error err;
	import_text(f, "v",
	            "id,year,kod,psu,arskurs,kon,w,y\n"
	            "1,2023,1980,A,9,1,10,1\n2,2023,1980,A,9,2,12,2\n"
	            "3,2023,1980,B,gy2,1,9,1\n4,2023,1980,B,gy2,2,11,2\n");
	maps_parse(&ms, m2, 2);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, mg, 1, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "v", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(
	    err.msg, "the survey's region variable 'kod' holds 1 kommun "
	             "region, but the population targets sum all 2 kommun rows "
	             "of 2023; map it (--map kod=region) so each region is "
	             "calibrated to its own population, or give --force");
	c.force = 1;
	struct got g = {0};
	assert_int_equal(kl_calibrate(f->st, "v", "x", &c, NULL, &err), KL_OK);
	/* kon 1, 9: 20 + 15 over the design weight 10 */
	assert_int_equal(kl_weights_each(f->st, "x", "id", collect, &g, &err),
	                 KL_OK);
	assert_rel_close(g.w[0], 35, 1e-14);
	assert_rel_close(g.w[2], 12 + 9, 1e-14);
	maps_release(&ms);

	import_text(f, "q",
	            "id,year,kod,psu,arskurs,kon,w,y\n"
	            "1,2023,1980,A,9,1,10,1\n2,2023,1980,A,9,2,12,2\n"
	            "3,2023,1980,B,gy2,1,9,1\n4,2023,1980,B,gy2,2,11,2\n"
	            "5,2023,1984,C,9,1,10,1\n6,2023,1984,C,9,2,12,2\n"
	            "7,2023,1984,D,gy2,2,11,2\n");
	maps_parse(&ms, all_maps, 3);
	c = pop_spec(KL_CAL_POSTSTRAT, ps_margin, 1, &ms);
	assert_int_equal(kl_calibrate(f->st, "q", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_string_equal(err.msg,
	                    "population 9 in cell "
	                    "kod=1984,arskurs=gy2,kon=1 has no "
	                    "respondents; the weights cannot reach it");
	maps_release(&ms);
}

/* Write text to f->dir/name into path. */
static void write_file(const struct kl_test_survey *f, const char *name,
                       const char *text, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", f->dir, name);
	FILE *fh = fopen(path, "w");
	assert_non_null(fh);
	fputs(text, fh);
	fclose(fh);
}

/*
 * --targets files: where each error is (path, line, column) and what was
 * expected; the over column picks the group; a zero target for a value
 * the sample lacks is fine, a positive one cannot be reached.
 */
static void test_target_file_errors(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct kl_cal_spec c = {0};
	const char *m[] = {"kon"};
	char path[512];
	const char *fp[1] = {path};
	c.method = KL_CAL_POSTSTRAT;
	c.weight = "w";
	c.over = "year";
	c.nmargins = 1;
	c.margins = m;
	c.files = fp;
	static const struct {
		const char *text, *msg;
		int status;
		unsigned long line, column;
	} bad[] = {
	    {"year,kon,count\n2023,1,60\n2023,2\n", "expected 3 fields, got 2",
	     KL_ERR_PARSE, 3, 0},
	    {"year,kon,count\n2023,1,60\n2023,2,-4\n",
	     "expected a count >= 0, got '-4'", KL_ERR_PARSE, 3, 3},
	    {"year,kon,count\n2023,1,60\n2023,2,\n",
	     "expected a count >= 0, got ''", KL_ERR_PARSE, 3, 3},
	    {"year,kon,count\n2023,1,60\n2023,2,50\n2023,3,5\n",
	     "a target of 5 for a cell with no respondents in 2023; the "
	     "weights cannot reach it",
	     KL_ERR_NUMERIC, 4, 0},
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		write_file(f, "t.csv", bad[k].text, path, sizeof(path));
		kl_error_clear(&err);
		assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
		                 bad[k].status);
		assert_string_equal(err.msg, bad[k].msg);
		assert_string_equal(err.path, path);
		assert_int_equal(err.line, bad[k].line);
		assert_int_equal(err.column, bad[k].column);
	}
	/* a zero target for kon 3 and a row of another year are passed
	 * over: kon 1 (design weights 10 9 8 7 6 11 = 51) gets 60 / 51,
	 * kon 2 (12 11 14 13 5 9 = 64) 50 / 64 */
	write_file(f, "t.csv",
	           "year,kon,count\n2023,1,60\n2023,2,50\n2023,3,0\n2099,1,7\n",
	           path, sizeof(path));
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "ps", &c, NULL, &err), KL_OK);
	struct got g;
	weights_of(f->st, "ps", &g);
	assert_rel_close(g.w[0] / g.w0[0], 60.0 / 51, 1e-14);
	assert_rel_close(g.w[1] / g.w0[1], 50.0 / 64, 1e-14);
	/* a file that cannot be opened */
	fp[0] = "/nonexistent/t.csv";
	assert_int_equal(kl_calibrate(f->st, "p", "ps", &c, NULL, &err),
	                 KL_ERR_NOINPUT);
	assert_string_equal(err.path, "/nonexistent/t.csv");
	/* the failures left set "ps" as it was */
	struct got g2;
	weights_of(f->st, "ps", &g2);
	assert_memory_equal(g.w, g2.w, sizeof(g.w));
	unlink(path);
}

/* Run sql on the store file of f (a second connection). */
static void exec_sql(const struct kl_test_survey *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/*
 * A stored set that no longer fits its survey: estimate refuses it with
 * the reason; a failed re-calibration keeps the old set.
 */
static void test_set_no_longer_fits(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	double p, se;
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, NULL, &err), KL_OK);
	import_text(f, "other",
	            "id,year,kod,psu,arskurs,kon,w,y\n"
	            "1,2023,1980,A,9,1,10,1\n");
	assert_int_equal(estimate_y(f->st, "other", "rk", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "weight set 'rk' belongs to survey 'p', "
	                             "not 'other'");
	/* a failed re-calibration of rk (margins that differ) keeps it */
	struct got before, after;
	weights_of(f->st, "rk", &before);
	c.max_sweeps = 1;
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "raking did not converge in 1 sweeps "
	                                "(a cell total still moved by "));
	assert_non_null(strstr(err.msg, "); check that the margins have the "
	                                "same totals, or raise --max-sweeps"));
	weights_of(f->st, "rk", &after);
	assert_memory_equal(before.w, after.w, sizeof(before.w));
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err), KL_OK);
	assert_rel_close(se, rrefs[1].se, 1e-9);

	/* a changed weight */
	exec_sql(f, "UPDATE weights SET w = w * 2 WHERE _row = (SELECT "
	            "min(_row) FROM weights)");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "weight set 'rk' no longer matches survey "
	                             "'p' (re-imported or changed?); calibrate "
	                             "again");
	/* a row without a weight */
	exec_sql(f, "DELETE FROM weights WHERE _row = (SELECT min(_row) FROM "
	            "weights)");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "weight set 'rk' has no weights for 1 "
	                                "rows of survey 'p' (the first of "
	                                "import "));
	/* a cell without a stored target */
	assert_int_equal(
	    kl_calibrate(f->st, "p", "rk",
	                 &(struct kl_cal_spec){.method = KL_CAL_RAKE,
	                                       .weight = "w",
	                                       .nmargins = 2,
	                                       .margins = rake_margins,
	                                       .nmaps = 3,
	                                       .maps = ms.m,
	                                       .year = 2023},
	                 NULL, &err),
	    KL_OK);
	exec_sql(f, "DELETE FROM weight_targets WHERE rowid = (SELECT "
	            "min(rowid) FROM weight_targets)");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "weight set 'rk' does not fit the survey "
	                             "any more (a cell without a stored "
	                             "target); calibrate again");
	/* an unknown method */
	exec_sql(f, "UPDATE weight_sets SET method = 'nosuch'");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_CONFIG);
	assert_string_equal(err.msg, "weight set 'rk': unknown method");
	/* the survey is gone */
	exec_sql(f, "UPDATE weight_sets SET survey = 'gone'");
	struct kl_wsummary *s = NULL;
	size_t n = 0;
	assert_int_equal(kl_weights_summary(f->st, NULL, 0, 1, &s, &n, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "weight set 'rk': survey 'gone' is gone");
	struct got g;
	assert_int_equal(kl_weights_each(f->st, "rk", NULL, collect, &g, &err),
	                 KL_ERR_USAGE);
	const char *names[] = {"nosuch"};
	assert_int_equal(kl_weights_summary(f->st, names, 1, 0, &s, &n, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "no weight set named 'nosuch' in the "
	                             "store");
	maps_release(&ms);
}

/* Calibrate survey `survey` by post-stratification on g to the targets
 * text (written to a file) as set `set`. */
static int ps_text(struct kl_test_survey *f, const char *survey,
                   const char *set, const char *targets, struct kl_error *err)
{
	struct kl_cal_spec c = {0};
	const char *m[] = {"g"};
	char path[512];
	const char *fp[1] = {path};
	write_file(f, "g.csv", targets, path, sizeof(path));
	c.method = KL_CAL_POSTSTRAT;
	c.weight = "w";
	c.over = "o";
	c.nmargins = 1;
	c.margins = m;
	c.files = fp;
	kl_error_clear(err);
	int rc = kl_calibrate(f->st, survey, set, &c, NULL, err);
	unlink(path);
	return rc;
}

/*
 * Rows a calibration cannot use (survey without a codebook): an empty
 * --over value, calibration variable or weight, a weight of 0, each at
 * its file line; a negative integer code is a code like any other (g =
 * -1: 6 / (2 + 1), g = 1: 6 / 3).
 */
static void test_bad_rows(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct got g;
	assert_int_equal(import_cb(f, "n",
	                           "id,g,o,w\n1,-1,x,2\n2,1,x,3\n"
	                           "3,-1,x,1\n",
	                           NULL),
	                 KL_OK);
	assert_int_equal(
	    ps_text(f, "n", "ok", "o,g,count\nx,-1,6\nx,1,6\n", &err), KL_OK);
	weights_of_n(f->st, "ok", &g, 3);
	assert_rel_close(g.w[0], 4, 1e-15);
	assert_rel_close(g.w[1], 6, 1e-15);
	assert_rel_close(g.w[2], 2, 1e-15);
	static const struct {
		const char *survey, *row, *msg;
	} bad[] = {
	    {"e1", "2,1,,3",
	     "survey row at line 3: --over variable 'o' is "
	     "empty"},
	    {"e2", "2,,x,3",
	     "survey row at line 3: calibration variable 'g' "
	     "is empty"},
	    {"e3", "2,1,x,",
	     "survey row at line 3: design weight 'w' must be "
	     "a number > 0"},
	    {"e4", "2,1,x,0",
	     "survey row at line 3: design weight 'w' must "
	     "be a number > 0"},
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char text[128];
		snprintf(text, sizeof(text), "id,g,o,w\n1,1,x,2\n%s\n",
		         bad[k].row);
		assert_int_equal(import_cb(f, bad[k].survey, text, NULL),
		                 KL_OK);
		assert_int_equal(
		    ps_text(f, bad[k].survey, "x", "o,g,count\nx,1,6\n", &err),
		    KL_ERR_PARSE);
		assert_string_equal(err.msg, bad[k].msg);
	}
	/* no set x was saved by the failures */
	const char *names[] = {"x"};
	struct kl_wsummary *s = NULL;
	size_t n = 0;
	assert_int_equal(kl_weights_summary(f->st, names, 1, 0, &s, &n, &err),
	                 KL_ERR_USAGE);
}

/* Counts of the weight-set tables of the store of f, "sets/targets/
 * weights", into buf. */
static void set_counts(const struct kl_test_survey *f, char *buf, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	assert_int_equal(
	    sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT (SELECT count(*) FROM weight_sets), "
	                       "(SELECT count(*) FROM weight_targets), "
	                       "(SELECT count(*) FROM weights), (SELECT "
	                       "group_concat(w) FROM weights)",
	                       -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(buf, n, "%lld/%lld/%lld %s", sqlite3_column_int64(q, 0),
	         sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
	         (const char *)sqlite3_column_text(q, 3));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/*
 * The store refuses each write of a calibration in turn (a trigger that
 * aborts): the calibration fails with KL_ERR_STORE naming the step, and
 * the store keeps exactly the sets it had.
 */
static void test_store_refuses(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	char before[4096], after[4096];
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_POSTSTRAT, ps_margin, 1, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "ps", &c, NULL, &err), KL_OK);
	set_counts(f, before, sizeof(before));
	static const struct {
		const char *trigger, *name, *what;
	} t[] = {
	    {"BEFORE INSERT ON weights", "new", "saving the weights"},
	    {"BEFORE INSERT ON weight_targets", "new", "saving the targets"},
	    {"BEFORE INSERT ON weight_sets", "new", "saving the weight set"},
	    {"BEFORE DELETE ON weights", "ps", "replacing the weight set"},
	};
	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char sql[256];
		snprintf(sql, sizeof(sql),
		         "CREATE TRIGGER no %s BEGIN SELECT RAISE(ABORT, "
		         "'refused'); END",
		         t[k].trigger);
		exec_sql(f, sql);
		kl_error_clear(&err);
		assert_int_equal(
		    kl_calibrate(f->st, "p", t[k].name, &c, NULL, &err),
		    KL_ERR_STORE);
		assert_non_null(strstr(err.msg, t[k].what));
		assert_non_null(strstr(err.msg, "refused"));
		exec_sql(f, "DROP TRIGGER no");
		set_counts(f, after, sizeof(after));
		assert_string_equal(after, before);
	}
	/* a read-only store: nothing to write with */
	struct kl_store *ro = NULL;
	assert_int_equal(kl_store_open(&ro, f->path, KL_STORE_READ, &err),
	                 KL_OK);
	assert_int_not_equal(kl_calibrate(ro, "p", "new", &c, NULL, &err),
	                     KL_OK);
	kl_store_close(ro);
	set_counts(f, after, sizeof(after));
	assert_string_equal(after, before);
	maps_release(&ms);
}

/* kl_weights_each stops at the callback's first non-zero status and
 * returns it. */
static int stop_at_two(void *ctx, size_t nkeys, const char *const *keys,
                       const char *const *values, double w0, double w)
{
	(void)nkeys;
	(void)keys;
	(void)values;
	(void)w0;
	(void)w;
	return ++*(int *)ctx == 2 ? KL_ERR_IO : 0;
}

/*
 * Raking per --over group (kod) from files with the group column: each
 * group meets its own margins (the sums of its weights; kon: 30 / 34 in
 * 1980, 24 / 30 in 1984; arskurs 39 / 25, 28 / 26); margins whose totals
 * differ in one group are refused naming it; an unknown method; a
 * callback that stops the export; a negative linear weight (R:
 * calibrate(svydesign(ids = ~1, weights = ~w, data = tiny), ~a + b,
 * c(16, 10, 16), calfun = "linear") gives row 3 the weight
 * -0.222222222222221).
 */
static void test_over_groups_and_more(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct kl_cal_spec c = {0};
	struct kl_cal_result *res = NULL;
	const char *m[] = {"kon", "arskurs"};
	char p1[512], p2[512];
	const char *fp[2] = {p1, p2};
	write_file(
	    f, "m1.csv",
	    "kod,kon,count\n1980,1,30\n1980,2,34\n1984,1,24\n1984,2,30\n", p1,
	    sizeof(p1));
	write_file(f, "m2.csv",
	           "kod,arskurs,count\n1980,9,39\n1980,gy2,25\n1984,9,28\n"
	           "1984,gy2,26\n",
	           p2, sizeof(p2));
	c.method = KL_CAL_RAKE;
	c.weight = "w";
	c.over = "kod";
	c.nmargins = 2;
	c.margins = m;
	c.files = fp;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, &res, &err), KL_OK);
	assert_int_equal(res->ngroups, 2);
	assert_string_equal(res->groups[0].over, "1980");
	assert_true(res->groups[0].sweeps > 1 && res->groups[1].sweeps > 1);
	kl_cal_result_free(res);
	/* rows of pop_survey.csv: kod, kon, arskurs */
	static const int kod84[12] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1};
	static const int kon2[12] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0};
	static const int gy2[12] = {0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0};
	double sk[2][2] = {{0}}, sa[2][2] = {{0}};
	struct got g;
	weights_of(f->st, "rk", &g);
	for (int i = 0; i < 12; i++) {
		sk[kod84[i]][kon2[i]] += g.w[i];
		sa[kod84[i]][gy2[i]] += g.w[i];
	}
	assert_rel_close(sk[0][0], 30, 1e-11);
	assert_rel_close(sk[0][1], 34, 1e-11);
	assert_rel_close(sk[1][0], 24, 1e-11);
	assert_rel_close(sk[1][1], 30, 1e-11);
	assert_rel_close(sa[0][0], 39, 1e-11);
	assert_rel_close(sa[0][1], 25, 1e-11);
	assert_rel_close(sa[1][0], 28, 1e-11);
	assert_rel_close(sa[1][1], 26, 1e-11);
	/* estimate follows the set's over variable */
	double pr, se;
	assert_int_equal(estimate_y(f->st, "p", "rk", &pr, &se, &err), KL_OK);
	write_file(f, "m2.csv",
	           "kod,arskurs,count\n1980,9,39\n1980,gy2,25\n1984,9,28\n"
	           "1984,gy2,27\n",
	           p2, sizeof(p2));
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_string_equal(err.msg, "the margins' totals differ for 1984: 54 "
	                             "for kon, 55 for arskurs; raking cannot "
	                             "meet both");
	c.method = (enum kl_cal_method)99;
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "unknown method");
	int calls = 0;
	assert_int_equal(
	    kl_weights_each(f->st, "rk", NULL, stop_at_two, &calls, &err),
	    KL_ERR_IO);
	assert_int_equal(calls, 2);
	unlink(p1);
	unlink(p2);

	/* tiny.csv: a negative linear weight */
	const char *mab[] = {"a", "b"};
	write_file(f, "a.csv", "a,count\n1,6\n2,10\n", p1, sizeof(p1));
	write_file(f, "b.csv", "b,count\n1,0\n2,16\n", p2, sizeof(p2));
	char tp[512], tc[512];
	struct kl_import_opts o = {0};
	struct kl_import_result ir;
	assert_non_null(kl_test_data("calibrate/tiny.csv", tp, sizeof(tp)));
	assert_non_null(
	    kl_test_data("calibrate/tiny_codebook.csv", tc, sizeof(tc)));
	o.survey = "t";
	o.codebook = tc;
	memset(&ir, 0, sizeof(ir));
	assert_int_equal(kl_import_survey(f->st, tp, &o, &ir, &err), KL_OK);
	memset(&c, 0, sizeof(c));
	c.method = KL_CAL_LINEAR;
	c.weight = "w";
	c.nmargins = 2;
	c.margins = mab;
	c.files = fp;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_string_equal(err.msg, "calibration gave an invalid weight "
	                             "(-0.222222) at survey row 3");
	unlink(p1);
	unlink(p2);
}

/*
 * The population of an estimation domain (kl_population_domain), by hand
 * from pop_scb.csv: Arboga's 15-year-olds 15 + 13 = 28; both kommuner of
 * the survey, ages 15 and 17, 118; Västerås at every age (the 16-year
 * row too) 64 + 155 = 219; an empty subset and a code without a figure
 * have none; an unknown survey.
 */
static void test_population_domain(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	double N = 0;
	maps_parse(&ms, all_maps, 3);
	const char *v84[] = {"1984"};
	struct kl_pop_domain d = {
	    .survey = "p", .subset = "kod", .subset_vals = v84, .nsubset = 1};
	const char *vars[] = {"arskurs"}, *vals[] = {"9"};
	kl_error_clear(&err);
	assert_int_equal(kl_population_domain(f->st, &d, ms.m, 3, NULL, 2023, 1,
	                                      vars, vals, &N, &err),
	                 KL_OK);
	assert_rel_close(N, 28, 1e-15);
	d.nsubset = 0;
	assert_int_equal(kl_population_domain(f->st, &d, ms.m, 3, NULL, 2023, 1,
	                                      vars, vals, &N, &err),
	                 KL_OK);
	assert_true(isnan(N));
	struct kl_pop_domain all = {
	    .survey = "p", .over = "year", .over_value = "2023"};
	assert_int_equal(kl_population_domain(f->st, &all, ms.m, 3, NULL, 2023,
	                                      0, NULL, NULL, &N, &err),
	                 KL_OK);
	assert_rel_close(N, 118, 1e-15);
	/* lan rows: the survey's values are not used (there are none) */
	assert_int_equal(kl_population_domain(f->st, &all, ms.m, 3, "lan", 2023,
	                                      0, NULL, NULL, &N, &err),
	                 KL_OK);
	assert_true(isnan(N));
	const char *vk[] = {"kod"}, *v80[] = {"1980"};
	assert_int_equal(kl_population_domain(f->st, &all, ms.m, 1, NULL, 2023,
	                                      1, vk, v80, &N, &err),
	                 KL_OK);
	assert_rel_close(N, 219, 1e-15);
	maps_release(&ms);
	const char *m1[] = {"kon=sex:1=män"};
	maps_parse(&ms, m1, 1);
	const char *vs[] = {"kon"}, *v2[] = {"2"};
	N = 0;
	assert_int_equal(kl_population_total(f->st, ms.m, 1, NULL, 2023, 1, vs,
	                                     v2, &N, &err),
	                 KL_OK);
	assert_true(isnan(N));
	struct kl_pop_domain no = {.survey = "nosuch"};
	assert_int_equal(kl_population_domain(f->st, &no, ms.m, 1, NULL, 2023,
	                                      0, NULL, NULL, &N, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "no survey named 'nosuch' in the store");
	maps_release(&ms);
	kl_pop_map_release(NULL);
}

/* kli_cal_find: the binary search of a set's rows (_row ascending). */
static void test_cal_find(void **state)
{
	long long rows[] = {2, 5, 9, 14};
	struct kli_cal c = {0};
	(void)state;
	c.row = rows;
	c.nrows = 4;
	assert_int_equal(kli_cal_find(&c, 2), 0);
	assert_int_equal(kli_cal_find(&c, 9), 2);
	assert_int_equal(kli_cal_find(&c, 14), 3);
	assert_int_equal(kli_cal_find(&c, 1), -1);
	assert_int_equal(kli_cal_find(&c, 10), -1);
	assert_int_equal(kli_cal_find(&c, 15), -1);
	c.nrows = 0;
	assert_int_equal(kli_cal_find(&c, 2), -1);
}

/*
 * Regions mapped with codes (kod=region:1980=1980,1984=1984) give R's
 * rake weights as the identity map does; a stored target of a group the
 * survey no longer has leaves a cell without one.
 */
static void test_region_codes_and_lost_group(void **state)
{
	struct kl_test_survey *f = *state;
	const char *const mt[] = {"kod=region:1980=1980,1984=1984",
	                          "arskurs=age:9=15,gy2=17",
	                          "kon=sex:1=män,2=kvinnor"};
	struct maps ms;
	struct kl_error err;
	struct got g;
	double p, se;
	maps_parse(&ms, mt, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);
	c.over = "year";
	c.year = 2023;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, NULL, &err), KL_OK);
	weights_of(f->st, "rk", &g);
	for (int i = 0; i < 12; i++)
		assert_rel_close(g.w[i], rrefs[1].w[i], 1e-12);
	exec_sql(f, "UPDATE weight_targets SET over = '1999' WHERE rowid = "
	            "(SELECT min(rowid) FROM weight_targets)");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "a cell without a stored target"));
	maps_release(&ms);
}

/*
 * A store that lost a table of the weight sets or the survey's data
 * table: every reader fails with KL_ERR_STORE naming the table.
 */
static void test_missing_tables(void **state)
{
	struct kl_test_survey *f = *state;
	struct maps ms;
	struct kl_error err;
	double p, se;
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_RAKE, rake_margins, 2, &ms);
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "p", "rk", &c, NULL, &err), KL_OK);
	exec_sql(f, "DROP TABLE weight_targets");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_STORE);
	assert_non_null(strstr(err.msg, "weight_targets"));
	exec_sql(f, "DROP TABLE weights");
	assert_int_equal(estimate_y(f->st, "p", "rk", &p, &se, &err),
	                 KL_ERR_STORE);
	assert_non_null(strstr(err.msg, "weights"));
	struct kl_wsummary *s = NULL;
	size_t n = 0;
	assert_int_equal(kl_weights_summary(f->st, NULL, 0, 1, &s, &n, &err),
	                 KL_ERR_STORE);
	assert_non_null(strstr(err.msg, "weights"));
	/* the survey's rows are gone */
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char sql[256];
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT data_table FROM surveys "
	                                    "WHERE name = 'p'",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(sql, sizeof(sql), "DROP TABLE \"%s\"",
	         (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	exec_sql(f, sql);
	assert_int_equal(kl_calibrate(f->st, "p", "x", &c, NULL, &err),
	                 KL_ERR_STORE);
	assert_non_null(strstr(err.msg, "no such table"));
	maps_release(&ms);
}

/*
 * A population of 0 for a sampled cell (Västerås, 15, män in 2021; the
 * other cells as in 2023): its rows get weight 0, the others the
 * post-stratified weights of 2023 (R, rrefs[0]).
 */
static void test_zero_population(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_feed_opts o;
	struct kl_feed_result fr;
	struct kl_error err;
	char path[512];
	struct maps ms;
	struct got g;
	write_file(f, "scb2021.csv",
	           "\"region\",\"ålder\",\"kön\",\"år\",\"Folkmängd\"\n"
	           "\"1980 Västerås\",\"15 år\",\"män\",\"2021\",0\n"
	           "\"1980 Västerås\",\"15 år\",\"kvinnor\",\"2021\",19\n"
	           "\"1980 Västerås\",\"17 år\",\"män\",\"2021\",12\n"
	           "\"1980 Västerås\",\"17 år\",\"kvinnor\",\"2021\",13\n"
	           "\"1984 Arboga\",\"15 år\",\"män\",\"2021\",15\n"
	           "\"1984 Arboga\",\"15 år\",\"kvinnor\",\"2021\",13\n"
	           "\"1984 Arboga\",\"17 år\",\"män\",\"2021\",9\n"
	           "\"1984 Arboga\",\"17 år\",\"kvinnor\",\"2021\",17\n",
	           path, sizeof(path));
	memset(&o, 0, sizeof(o));
	memset(&fr, 0, sizeof(fr));
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(f->st, path, &o, &fr, &err), KL_OK);
	unlink(path);
	maps_parse(&ms, all_maps, 3);
	struct kl_cal_spec c = pop_spec(KL_CAL_POSTSTRAT, ps_margin, 1, &ms);
	c.year = 2021;
	assert_int_equal(kl_calibrate(f->st, "p", "ps", &c, NULL, &err), KL_OK);
	weights_of(f->st, "ps", &g);
	for (int i = 0; i < 12; i++)
		if (i == 0 || i == 4)
			assert_true(g.w[i] == 0);
		else
			assert_rel_close(g.w[i], rrefs[0].w[i], 1e-12);
	maps_release(&ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pop_methods_vs_r, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pop_over_year, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pop_code_without_figure, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pop_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pop_none, setup_nopop,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pop_region_and_empty_cell,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_target_file_errors, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_set_no_longer_fits, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_refuses, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_over_groups_and_more, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_population_domain, setup,
	                                    teardown),
	    cmocka_unit_test(test_cal_find),
	    cmocka_unit_test_setup_teardown(test_region_codes_and_lost_group,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_tables, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_zero_population, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
