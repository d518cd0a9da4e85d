/*
 * test_calibrate.c - the calibration algorithms through the API on a
 * six-row survey (tests/data/calibrate/tiny*.csv) with hand-computed
 * results: post-stratification factors, raking and linear calibration
 * meeting every margin, bounds kept, weight summaries (Kish), the map
 * syntax and the errors.  The CLI cases calibrate-* compare with R.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

/* A new store holding tests/data/calibrate/tiny.csv as survey "t". */
static int setup(void **state)
{
	*state = kl_test_survey_new("calibrate/tiny.csv",
	                            "calibrate/tiny_codebook.csv", "t");
	return 0;
}

static int teardown(void **state)
{
	kl_test_survey_free(*state);
	return 0;
}

/* rows of tiny.csv: a, b, design weight */
static const int ra[6] = {1, 1, 2, 2, 2, 1};
static const int rb[6] = {1, 2, 1, 2, 2, 1};

struct got {
	int n;
	double w0[6], w[6];
};

static int collect(void *ctx, size_t nkeys, const char *const *keys,
                   const char *const *values, double w0, double w)
{
	struct got *g = ctx;
	(void)nkeys;
	(void)keys;
	(void)values;
	if (g->n < 6) {
		g->w0[g->n] = w0;
		g->w[g->n] = w;
	}
	g->n++;
	return 0;
}

static void calibrate(struct kl_test_survey *f, enum kl_cal_method m,
                      const char **margins, size_t nm, const char **files,
                      struct got *g, struct kl_cal_result **res)
{
	struct kl_error err;
	struct kl_cal_spec c = {0};
	char p[4][512];
	const char *fp[4];
	for (size_t k = 0; k < nm; k++) {
		assert_non_null(kl_test_data(files[k], p[k], sizeof(p[k])));
		fp[k] = p[k];
	}
	c.method = m;
	c.weight = "w";
	c.nmargins = nm;
	c.margins = margins;
	c.files = fp;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "t", "set", &c, res, &err), KL_OK);
	memset(g, 0, sizeof(*g));
	assert_int_equal(kl_weights_each(f->st, "set", "id", collect, g, &err),
	                 KL_OK);
	assert_int_equal(g->n, 6);
}

/* g = T / sum w0 per cell: a = 1 has 4 of 6, a = 2 has 5 of 10. */
static void test_poststrat_factors(void **state)
{
	struct kl_test_survey *f = *state;
	const char *m[] = {"a"}, *files[] = {"calibrate/tiny_a.csv"};
	struct kl_cal_result *res = NULL;
	struct got g;
	calibrate(f, KL_CAL_POSTSTRAT, m, 1, files, &g, &res);
	for (int i = 0; i < 6; i++)
		assert_rel_close(g.w[i] / g.w0[i], ra[i] == 1 ? 1.5 : 2.0,
		                 1e-15);
	assert_int_equal(res->ngroups, 1);
	assert_int_equal(res->groups[0].sweeps, 1);
	assert_rel_close(res->groups[0].sum_w, 16, 1e-15);
	kl_cal_result_free(res);
}

/* Raking meets both margins (a: 6, 10; b: 7, 9) in several sweeps, and
 * keeps g constant within each a x b cell. */
static void test_rake_margins(void **state)
{
	struct kl_test_survey *f = *state;
	const char *m[] = {"a", "b"};
	const char *files[] = {"calibrate/tiny_a.csv", "calibrate/tiny_b.csv"};
	struct kl_cal_result *res = NULL;
	struct got g;
	double sa[3] = {0}, sb[3] = {0};
	calibrate(f, KL_CAL_RAKE, m, 2, files, &g, &res);
	for (int i = 0; i < 6; i++) {
		sa[ra[i]] += g.w[i];
		sb[rb[i]] += g.w[i];
	}
	assert_rel_close(sa[1], 6, 1e-12);
	assert_rel_close(sa[2], 10, 1e-12);
	assert_rel_close(sb[1], 7, 1e-12);
	assert_rel_close(sb[2], 9, 1e-12);
	assert_true(res->groups[0].sweeps > 2);
	assert_rel_close(g.w[0] / g.w0[0], g.w[5] / g.w0[5], 1e-14);
	assert_rel_close(g.w[3] / g.w0[3], g.w[4] / g.w0[4], 1e-14);
	kl_cal_result_free(res);
}

/* Linear calibration on the same margins: margins met, and g = 1 + x'l
 * is additive: g(1,1) - g(1,2) = g(2,1) - g(2,2). */
static void test_linear_additive(void **state)
{
	struct kl_test_survey *f = *state;
	const char *m[] = {"a", "b"};
	const char *files[] = {"calibrate/tiny_a.csv", "calibrate/tiny_b.csv"};
	struct kl_cal_result *res = NULL;
	struct got g;
	double sa[3] = {0}, sb[3] = {0}, gc[3][3];
	calibrate(f, KL_CAL_LINEAR, m, 2, files, &g, &res);
	for (int i = 0; i < 6; i++) {
		sa[ra[i]] += g.w[i];
		sb[rb[i]] += g.w[i];
		gc[ra[i]][rb[i]] = g.w[i] / g.w0[i];
	}
	assert_rel_close(sa[1], 6, 1e-12);
	assert_rel_close(sa[2], 10, 1e-12);
	assert_rel_close(sb[1], 7, 1e-12);
	assert_rel_close(sb[2], 9, 1e-12);
	assert_rel_abs_close(gc[1][1] - gc[1][2], gc[2][1] - gc[2][2], 1e-12,
	                     1e-12);
	kl_cal_result_free(res);
}

/* Design weights 1 2 1 1 3 1: sum 9, sum of squares 17, Kish n 81/17. */
static void test_summary_kish(void **state)
{
	struct kl_test_survey *f = *state;
	const char *m[] = {"a"}, *files[] = {"calibrate/tiny_a.csv"};
	struct kl_cal_result *res = NULL;
	struct kl_wsummary *s = NULL;
	struct kl_error err;
	struct got g;
	size_t n = 0;
	calibrate(f, KL_CAL_POSTSTRAT, m, 1, files, &g, &res);
	kl_cal_result_free(res);
	assert_int_equal(kl_weights_summary(f->st, NULL, 0, 1, &s, &n, &err),
	                 KL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].set, "design");
	assert_rel_close(s[0].sum, 9, 1e-15);
	assert_rel_close(s[0].sum_sq, 17, 1e-15);
	assert_rel_close(s[0].kish_neff, 81.0 / 17, 1e-15);
	assert_rel_close(s[0].kish_deff_w, 6.0 * 17 / 81, 1e-15);
	assert_string_equal(s[1].set, "set");
	/* 1.5 x (1, 2, 1) and 2 x (1, 1, 3): squares 9 + 44 = 53 */
	assert_rel_close(s[1].sum_sq, 1.5 * 1.5 * 6 + 4 * 11, 1e-15);
	assert_rel_close(s[1].min, 1.5, 1e-15);
	assert_rel_close(s[1].max, 6, 1e-15);
	kl_wsummary_free(s, n);
}

static void test_map_parse(void **state)
{
	struct kl_pop_map m;
	struct kl_error err;
	(void)state;
	assert_int_equal(kl_pop_map_parse("arskurs=age:9=15,gy2=17", &m, &err),
	                 KL_OK);
	assert_string_equal(m.var, "arskurs");
	assert_int_equal(m.dim, KL_POP_AGE);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.from[1], "gy2");
	assert_string_equal(m.to[1], "17");
	char *s = kl_pop_map_str(&m);
	assert_string_equal(s, "arskurs=age:9=15,gy2=17");
	free(s);
	kl_pop_map_release(&m);
	assert_int_equal(kl_pop_map_parse("kod=region", &m, &err), KL_OK);
	assert_int_equal(m.n, 0);
	kl_pop_map_release(&m);
	assert_int_equal(kl_pop_map_parse("kod=kommun", &m, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_pop_map_parse("kon=sex:1", &m, &err), KL_ERR_USAGE);
	assert_int_equal(kl_pop_map_parse("=sex", &m, &err), KL_ERR_USAGE);
}

/* A target for a cell nobody answered cannot be reached; inconsistent
 * raking margins are refused; bounds need --method linear. */
static void test_errors(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct kl_cal_spec c = {0};
	const char *m[] = {"a", "b"};
	char p1[512], p2[512];
	const char *fp[2] = {p1, p2};
	FILE *fh;
	snprintf(p1, sizeof(p1), "%s/a.csv", f->dir);
	snprintf(p2, sizeof(p2), "%s/b.csv", f->dir);
	fh = fopen(p1, "w");
	assert_non_null(fh);
	fputs("a,count\n1,6\n2,10\n3,1\n", fh);
	fclose(fh);
	fh = fopen(p2, "w");
	assert_non_null(fh);
	fputs("b,count\n1,7\n2,10\n", fh);
	fclose(fh);
	c.method = KL_CAL_POSTSTRAT;
	c.weight = "w";
	c.nmargins = 1;
	c.margins = m;
	c.files = fp;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "no respondents"));
	fh = fopen(p1, "w");
	assert_non_null(fh);
	fputs("a,count\n1,6\n2,10\n", fh);
	fclose(fh);
	c.method = KL_CAL_RAKE;
	c.nmargins = 2;
	c.max_sweeps = 50;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "totals differ"));
	c.bounded = 1;
	c.lower = 0.5;
	c.upper = 2;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	c.bounded = 0;
	c.weight = "nosuch";
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	unlink(p1);
	unlink(p2);
}

/* Write text to dir/name into path (n bytes). */
static void write_file(const char *dir, const char *name, const char *text,
                       char *path, size_t n)
{
	snprintf(path, n, "%s/%s", dir, name);
	FILE *fh = fopen(path, "w");
	assert_non_null(fh);
	fputs(text, fh);
	fclose(fh);
}

/* A targets file without the cell a = 2: that cell keeps its design
 * weights (g = 1, one note with its design-weight total 1 + 1 + 3 = 5),
 * a = 1 gets 6 / 4. */
static void test_missing_cell_keeps_design(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct kl_cal_spec c = {0};
	struct kl_cal_result *res = NULL;
	const char *m[] = {"a"};
	char p1[512];
	const char *fp[1] = {p1};
	struct got g = {0};
	write_file(f->dir, "a1.csv", "a,count\n1,6\n", p1, sizeof(p1));
	c.method = KL_CAL_POSTSTRAT;
	c.weight = "w";
	c.nmargins = 1;
	c.margins = m;
	c.files = fp;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "t", "set", &c, &res, &err),
	                 KL_OK);
	assert_int_equal(res->nnotes, 1);
	assert_string_equal(res->notes[0].where, "a=2");
	assert_rel_close(res->notes[0].sum_w, 5, 1e-15);
	assert_int_equal(kl_weights_each(f->st, "set", "id", collect, &g, &err),
	                 KL_OK);
	for (int i = 0; i < 6; i++)
		assert_rel_close(g.w[i] / g.w0[i], ra[i] == 1 ? 1.5 : 1.0,
		                 1e-15);
	kl_cal_result_free(res);
	unlink(p1);
}

/* Errors of the solvers and of targets files: raking stopped after one
 * sweep (it needs more, test_rake_margins), bounds that cannot reach a
 * g of 1.5, a second target for a cell, a count that is not a number, a
 * file without the margin's column or without 'count', and bad specs. */
static void test_error_paths(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_error err;
	struct kl_cal_spec c = {0};
	const char *m[] = {"a", "b"};
	char pa[512], pb[512], px[512];
	const char *fp[2] = {pa, pb};
	assert_non_null(kl_test_data("calibrate/tiny_a.csv", pa, sizeof(pa)));
	assert_non_null(kl_test_data("calibrate/tiny_b.csv", pb, sizeof(pb)));
	c.method = KL_CAL_RAKE;
	c.weight = "w";
	c.nmargins = 2;
	c.margins = m;
	c.files = fp;
	c.max_sweeps = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "did not converge in 1 sweeps"));
	c.max_sweeps = 0;
	c.method = KL_CAL_LINEAR;
	c.bounded = 1;
	c.lower = 0.99;
	c.upper = 1.01;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_NUMERIC);
	assert_non_null(strstr(err.msg, "bounded calibration did not converge "
	                                "in 50 iterations (largest relative "
	                                "misfit "));
	assert_non_null(strstr(err.msg, "); widen --bounds"));
	c.lower = 1.0;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	c.bounded = 0;
	assert_int_equal(kl_calibrate(f->st, "t", "", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_int_equal(kl_calibrate(f->st, "nosuch", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	c.method = KL_CAL_POSTSTRAT;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "one --margin"));
	const char *mz[] = {"a,zz"};
	c.margins = mz;
	c.nmargins = 1;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	const char *me[] = {"a,,b"};
	c.margins = me;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no variable ''"));
	c.margins = m;
	c.nmargins = 0;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "at least one --margin"));
	c.nmargins = 1;
	c.weight = NULL;
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "(--weight)"));
	c.weight = "w";
	c.over = "nosuch";
	assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
	                 KL_ERR_USAGE);
	c.over = NULL;
	assert_string_equal(kl_cal_method_name((enum kl_cal_method)99), "?");
	assert_int_equal(kl_cal_method_parse("nosuch"), -1);
	assert_int_equal(kl_cal_method_parse("rake"), KL_CAL_RAKE);
	fp[0] = px;
	const char *bad[][2] = {
	    {"a,count\n1,6\n1,6\n2,10\n", "second target"},
	    {"a,count\n1,x\n2,10\n", "expected a count"},
	    {"z,count\n1,6\n", "expected a column 'a'"},
	    {"a,n\n1,6\n", "expected a column 'count'"},
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		write_file(f->dir, "bad.csv", bad[k][0], px, sizeof(px));
		kl_error_clear(&err);
		assert_int_equal(kl_calibrate(f->st, "t", "x", &c, NULL, &err),
		                 KL_ERR_PARSE);
		assert_non_null(strstr(err.msg, bad[k][1]));
	}
	unlink(px);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_poststrat_factors, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_rake_margins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_linear_additive, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_summary_kish, setup, teardown),
	    cmocka_unit_test(test_map_parse),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_cell_keeps_design,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
