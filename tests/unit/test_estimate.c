/*
 * test_estimate.c - the estimation library through its API: results
 * against R survey values (tests/data/estimate, made by make_expected.R),
 * the layout of the result, comparisons, saved designs and the errors.
 * The CLI cases under tests/cli/estimate-* cover the shared reference.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "estimate_priv.h" /* kli_beta_quantile */

/* A new store holding tests/data/estimate/survey.csv as survey "s". */
static int setup(void **state)
{
	*state = kl_test_survey_new("estimate/survey.csv",
	                            "estimate/codebook.csv", "s");
	return 0;
}

static int teardown(void **state)
{
	kl_test_survey_free(*state);
	return 0;
}

static const struct kl_est_row *find_row(const struct kl_est_result *r,
                                         const char *item, const char *level,
                                         const char *grp)
{
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		const struct kl_est_item *it = &r->items[row->item];
		const struct kl_est_domain *d = &r->domains[row->domain];
		const char *lv = row->level < 0 ? "" : it->codes[row->level];
		const char *g = r->sets[d->set].nvars ? d->values[0] : "";
		if (!strcmp(it->name, item) && !strcmp(lv, level) &&
		    !strcmp(g, grp))
			return row;
	}
	return NULL;
}

/* Every number of row against row i of R's table t (1e-9 relative). */
static void assert_row_matches_r(const struct kl_est_row *row,
                                 const struct kl_reftable *t, size_t i)
{
	assert_non_null(row);
	assert_int_equal(row->n_rows, kl_reftable_num(t, i, "n_rows"));
	assert_int_equal(row->n_valid, kl_reftable_num(t, i, "n_valid"));
	assert_rel_close(row->df, kl_reftable_num(t, i, "df"), 0);
	assert_rel_close(row->sum_w, kl_reftable_num(t, i, "sum_w"), 1e-9);
	assert_rel_close(row->prop, kl_reftable_num(t, i, "prop"), 1e-9);
	assert_rel_abs_close(row->se, kl_reftable_num(t, i, "se"), 1e-9, 1e-15);
	assert_rel_close(row->deff, kl_reftable_num(t, i, "deff"), 1e-9);
	assert_rel_close(row->total, kl_reftable_num(t, i, "total"), 1e-9);
	assert_rel_close(row->se_total, kl_reftable_num(t, i, "se_total"),
	                 1e-9);
	assert_rel_close(row->ci[KL_CI_MEAN][0],
	                 kl_reftable_num(t, i, "ci_mean_lo"), 1e-9);
	if (row->level < 0)
		return;
	assert_rel_close(row->ci[KL_CI_BETA][1],
	                 kl_reftable_num(t, i, "ci_beta_hi"), 1e-9);
	assert_rel_close(row->ci[KL_CI_XLOGIT][0],
	                 kl_reftable_num(t, i, "ci_xlogit_lo"), 1e-9);
	/* the closed-form logit interval is the xlogit one */
	assert_true(row->ci[KL_CI_LOGIT][0] == row->ci[KL_CI_XLOGIT][0]);
}

/* Every number of a two-stage design with fpc at both stages (weights
 * from the fpc) agrees with R's svymean/svyciprop/svytotal to 1e-9. */
static void test_estimate_twostage_matches_r(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d;
	struct kl_est_opts o;
	struct kl_est_result *r = NULL;
	struct kl_error err;
	char path[512];

	kl_test_twostage_design(&d, &o);
	o.overall = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_non_null(
	    kl_test_data("estimate/expected_twostage.csv", path, sizeof(path)));
	struct kl_reftable *t = kl_reftable_load(path, ',');
	assert_non_null(t);
	assert_int_equal(r->nrows, t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct kl_est_row *row =
		    find_row(r, kl_reftable_get(t, i, "item"),
		             kl_reftable_get(t, i, "level"),
		             kl_reftable_get(t, i, "grp"));
		assert_row_matches_r(row, t, i);
	}
	kl_reftable_free(t);
	kl_est_result_free(r);
}

/* Rows come domain by domain in value order, with the item's levels in
 * codebook order; a comparison needs --over. */
static void test_estimate_layout_and_compare(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_est_diff *v = NULL;
	struct kl_error err;
	size_t n = 0;
	const char *items[] = {"q3"};

	d.psu[0] = "psu";
	d.strata = "stratum";
	d.weight = "w";
	d.over = "grp";
	o.design = &d;
	o.items = items;
	o.nitems = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_int_equal(r->ndomains, 2);
	assert_string_equal(r->domains[0].over, "1");
	assert_string_equal(r->domains[1].over, "2");
	assert_int_equal(r->nrows, 6);
	assert_string_equal(r->items[0].codes[0], "1");
	assert_string_equal(r->items[0].labels[2], "Aldrig");
	/* shares of the three levels add up to 1 */
	assert_rel_close(r->rows[0].prop + r->rows[1].prop + r->rows[2].prop, 1,
	                 1e-14);
	assert_int_equal(kl_est_compare(r, "1", "2", &v, &n, &err), KL_OK);
	assert_int_equal(n, 3);
	assert_rel_close(v[1].diff, r->rows[4].prop - r->rows[1].prop, 1e-15);
	assert_rel_close(v[1].p_value,
	                 2 * (1 - 0.5 * erfc(-fabs(v[1].z) / sqrt(2))), 1e-9);
	free(v);
	assert_int_equal(kl_est_compare(r, "1", "7", &v, &n, &err),
	                 KL_ERR_USAGE);
	assert_null(v);
	kl_est_result_free(r);
}

/* A saved design reads back part by part; an unknown name is an error. */
static void test_estimate_design_save_load(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0}, back;
	struct kl_error err;

	d.psu[0] = "psu";
	d.psu[1] = "ssu";
	d.strata = "stratum";
	d.fpc[0] = "N1";
	d.fpc[1] = "N2";
	d.lonely = KL_LONELY_AVERAGE;
	kl_error_clear(&err);
	assert_int_equal(kl_design_save(f->st, "two", &d, "s", &err), KL_OK);
	assert_int_equal(kl_design_load(f->st, "two", &back, &err), KL_OK);
	assert_string_equal(back.psu[1], "ssu");
	assert_string_equal(back.fpc[0], "N1");
	assert_null(back.weight);
	assert_int_equal(back.lonely, KL_LONELY_AVERAGE);
	kl_design_spec_release(&back);
	assert_int_equal(kl_design_load(f->st, "nope", &back, &err),
	                 KL_ERR_USAGE);
}

/* Errors: a lonely PSU under "fail" names the stratum; unknown names. */
static void test_estimate_errors(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_error err;

	d.psu[0] = "psu";
	d.strata = "stratum_l";
	o.design = &d;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_ERR_PARSE);
	assert_null(r);
	assert_non_null(strstr(err.msg, "stratum 'E' has one sampled unit"));
	d.lonely = KL_LONELY_REMOVE;
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	kl_est_result_free(r);
	d.strata = "nosuch";
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_ERR_USAGE);
	assert_int_equal(kl_estimate(f->st, "t", &o, &r, &err), KL_ERR_USAGE);
	assert_int_equal(kl_lonely_parse("certainty"), KL_LONELY_CERTAINTY);
	assert_int_equal(kl_lonely_parse("x"), -1);
	char buf[64];
	kl_est_flags_str(KL_EF_ZERO | KL_EF_SMALL, buf, sizeof(buf));
	assert_string_equal(buf, "zero;small");
}

/* One kl_estimate call of the design d with options o: its status, and
 * the message holding `msg` when msg is not NULL. */
static void expect_fail(struct kl_store *st, const struct kl_design_spec *d,
                        struct kl_est_opts *o, enum kl_status want,
                        const char *msg)
{
	struct kl_est_result *r = NULL;
	struct kl_error err;

	kl_error_clear(&err);
	o->design = d;
	assert_int_equal(kl_estimate(st, "s", o, &r, &err), want);
	assert_null(r);
	if (msg && !strstr(err.msg, msg)) {
		print_error("message '%s' lacks '%s'\n", err.msg, msg);
		fail();
	}
}

/* Bad designs, options, variables and data rows each give their status
 * and a message naming the cause; nothing is returned. */
static void test_estimate_error_paths(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_error err;
	const char *q1[] = {"q1"}, *bad[] = {"nosuch"}, *txt[] = {"stratum"};
	const char *id[] = {"id"}, *empty_by[] = {""}, *no_by[] = {"nosuch"};

	kl_error_clear(&err);
	o.design = NULL;
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no design"));
	o.level = 1.5;
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "between 0 and 1");
	o.level = 0;

	/* inconsistent designs */
	d.psu[0] = "psu";
	d.fpc[1] = "N2";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "second fpc needs");
	d.psu[1] = "ssu";
	d.fpc[1] = NULL;
	d.fpc[0] = "N1";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "both stages");
	memset(&d, 0, sizeof(d));

	/* unknown or unusable variables */
	d.psu[0] = "nosuch";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "--psu: no variable");
	d.psu[0] = "psu";
	o.items = bad;
	o.nitems = 1;
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "no variable 'nosuch'");
	o.items = txt;
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "item 'stratum' is text");
	o.items = q1;
	o.by = empty_by;
	o.nby = 1;
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "empty --by");
	o.by = no_by;
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "--by: no variable");
	o.by = NULL;
	o.nby = 0;
	o.subset = "nosuch";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, "subset: no variable");
	o.subset = NULL;
	o.weights = "nosuch";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE, NULL);
	o.weights = NULL;

	/* rows the design cannot take: an empty weight (x has empty cells),
	 * cluster id and fpc, an fpc varying within a stratum and a
	 * cluster, and an integer item that is not 0/1 under --proportion */
	d.weight = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "weight 'x' is empty");
	d.weight = NULL;
	d.psu[0] = "q3";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "cluster id 'q3' is empty");
	d.psu[0] = "psu";
	d.fpc[0] = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "fpc 'x'");
	d.strata = "stratum";
	d.fpc[0] = "N2";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "varies within a stratum");
	d.psu[1] = "ssu";
	d.fpc[0] = "N1";
	d.fpc[1] = "w";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "varies within a cluster");
	memset(&d, 0, sizeof(d));

	/* fpc that cannot be: sizes mixed with fractions, a population
	 * smaller than its sample (N1 = 10 schools, some 77 rows a stratum
	 * without clusters); a lonely PSU under --over names the over value */
	d.psu[0] = "psu";
	d.psu[1] = "ssu";
	d.strata = "stratum";
	d.fpc[0] = "N1";
	d.fpc[1] = "f2";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "fpc mixes population sizes");
	memset(&d, 0, sizeof(d));
	d.strata = "stratum";
	d.fpc[0] = "N1";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "fewer than the");
	memset(&d, 0, sizeof(d));
	d.psu[0] = "psu";
	d.strata = "stratum_l";
	d.over = "grp";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "(grp = ");
	memset(&d, 0, sizeof(d));
	/* one stage given as the second is the first */
	d.psu[1] = "ssu";
	o.design = &d;
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	kl_est_result_free(r);
	r = NULL;
	memset(&d, 0, sizeof(d));
	o.items = id;
	o.proportion = 1;
	expect_fail(f->st, &d, &o, KL_ERR_PARSE, "--proportion needs 0 or 1");
	o.proportion = 0;

	/* the names of the enums, the flags and a nameless saved design */
	assert_string_equal(kl_lonely_name(KL_LONELY_FAIL), "fail");
	assert_string_equal(kl_lonely_name(KL_LONELY_ADJUST), "adjust");
	assert_string_equal(kl_lonely_name(KL_LONELY_CERTAINTY), "certainty");
	assert_string_equal(kl_lonely_name(KL_LONELY_REMOVE), "remove");
	assert_string_equal(kl_lonely_name(KL_LONELY_AVERAGE), "average");
	assert_string_equal(kl_lonely_name((enum kl_lonely)99), "?");
	assert_string_equal(kl_ci_name(KL_CI_LOGIT), "logit");
	assert_string_equal(kl_ci_name(KL_CI_BETA), "beta");
	assert_string_equal(kl_ci_name(KL_CI_MEAN), "mean");
	assert_string_equal(kl_ci_name(KL_CI_XLOGIT), "xlogit");
	assert_string_equal(kl_ci_name(KL_CI_N), "?");
	char buf[128];
	kl_est_flags_str(0xff, buf, sizeof(buf));
	assert_string_equal(buf, "empty;zero;all;df<1;small;se0;novar;nodeff");
	kl_est_flags_str(0xff, buf, 0);
	assert_int_equal(kl_design_save(f->st, "", &d, "s", &err),
	                 KL_ERR_USAGE);
}

/*
 * The Beta quantile of the Korn-Graubard limits agrees with R's qbeta to
 * 1e-9 relative: small and tiny shape parameters (a proportion near 0),
 * effective sample sizes in the thousands to a billion, both tails, and
 * levels whose limits fall where GSL's incomplete Beta gives up (within
 * 0.7 sd of the mean for a, b >= 3e5; estimate_ci.c).  Made with R 4.2.2:
 *   P <- c(.025, .975, .025, .975, .025, .975, .025, .975, .4, .6, .45,
 *          .005, .995, .025, .975, .05, .995)
 *   a <- c(3, 4, .01, 1.01, 5e5, 5e5 + 1, 3e6, 3e6 + 1, 1e7, 1e7, 2e8,
 *          2.5, 3.5, 1e9, 40, .3, 1e6)
 *   b <- c(4000, 3999, 1e6, 1e6, 5e5 + 1, 5e5, 7e6 + 1, 7e6, 1e7, 1e7,
 *          3e8, 1e8, 1e8, 1e9, 3e7, 1.3, .5)
 *   cat(sprintf("%.17g", qbeta(P, a, b)), sep = "\n")
 */
static void test_estimate_beta_quantile_matches_r(void **state)
{
	static const double c[][4] = {
	    {0.025, 3, 4000, 0.0001546174225924457},
	    {0.975, 4, 3999, 0.0021891448795946624},
	    {0.025, 0.01, 1000000, 3.5226877410440972e-167},
	    {0.975, 1.01, 1000000, 3.7098731721608134e-06},
	    {0.025, 500000, 500001, 0.49901951919531184},
	    {0.975, 500001, 500000, 0.50098048080468816},
	    {0.025, 3000000, 7000001, 0.29971598216542433},
	    {0.975, 3000001, 7000000, 0.30028413363384188},
	    {0.400, 10000000, 10000000, 0.49997167493244288},
	    {0.600, 10000000, 10000000, 0.50002832506755712},
	    {0.450, 200000000, 300000000, 0.39999724676659976},
	    {0.005, 2.5, 100000000, 2.0587095016030219e-09},
	    {0.995, 3.5, 100000000, 1.013886929676204e-07},
	    {0.025, 1000000000, 1000000000, 0.49997808693649332},
	    {0.975, 40, 30000000, 1.7771400612707289e-06},
	    {0.050, 0.3, 1.3, 3.2586051269395084e-05},
	    {0.995, 1000000, 0.5, 0.99999999998036482},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		assert_rel_close(kli_beta_quantile(c[i][0], c[i][1], c[i][2]),
		                 c[i][3], 1e-9);
	/* no quantile outside 0 < P < 1 or for shapes <= 0 */
	assert_true(isnan(kli_beta_quantile(0, 2, 3)));
	assert_true(isnan(kli_beta_quantile(1, 2, 3)));
	assert_true(isnan(kli_beta_quantile(0.5, 0, 3)));
}

/*
 * Lonely PSUs under "average": a domain that lies in the lonely stratum
 * alone has no stratum with a variance to average, so its SE is undefined
 * (flag novar) as in R, while the domain next to it gets R's SE.  R 4.2.2,
 * survey 4.1.1 (dd = tests/data/estimate/survey.csv, y = q1 == "1" with
 * 8 and empty missing):
 *   options(survey.lonely.psu = "average")
 *   des <- svydesign(ids = ~psu, strata = ~stratum_l, weights = ~w,
 *                    nest = TRUE, data = dd)
 *   svymean(~y, subset(des, stratum_l == "D"), na.rm = TRUE)  # and "E"
 */
static void test_estimate_lonely_average_domain(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_error err;
	const char *by[] = {"stratum_l"}, *items[] = {"q1"};

	d.psu[0] = "psu";
	d.strata = "stratum_l";
	d.weight = "w";
	d.lonely = KL_LONELY_AVERAGE;
	o.design = &d;
	o.by = by;
	o.nby = 1;
	o.items = items;
	o.nitems = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	const struct kl_est_row *D = find_row(r, "q1", "1", "D");
	const struct kl_est_row *E = find_row(r, "q1", "1", "E");
	assert_non_null(D);
	assert_non_null(E);
	assert_rel_close(D->prop, 0.50609154383242827, 1e-9);
	assert_rel_close(D->se, 0.12102045551178713, 1e-9);
	assert_false(D->flags & KL_EF_NOVAR);
	assert_rel_close(E->prop, 0.40463979783339832, 1e-9);
	assert_true(isnan(E->se));
	assert_true(E->flags & KL_EF_NOVAR);
	assert_true(isnan(E->ci[KL_CI_BETA][0]) && isnan(E->ci[KL_CI_MEAN][1]));
	kl_est_result_free(r);

	/* post-stratified on grp (R: postStratify(des, ~grp,
	 * data.frame(grp = c("1", "2"), Freq = c(900, 800)))), the residuals
	 * of every stratum count, so E gets a variance too */
	kl_test_poststrat_grp(f->st, "s", "ps_avg");
	o.weights = "ps_avg";
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	D = find_row(r, "q1", "1", "D");
	E = find_row(r, "q1", "1", "E");
	assert_rel_close(D->prop, 0.50614922348048141, 1e-9);
	assert_rel_close(D->se, 0.13517439221928834, 1e-9);
	assert_rel_close(E->prop, 0.40480249096262522, 1e-9);
	assert_rel_close(E->se, 0.0012550600183657697, 1e-9);
	kl_est_result_free(r);
}

/*
 * More refusals, each with its message: a weight set calibrated on the
 * whole sample used with --over, a comparison without --over, a lonely
 * PSU of a design without strata (named "(whole sample)" with its over
 * value), a store that has never saved a design, and a survey whose
 * every category is taken by the design and the domains.
 */
static void test_estimate_more_refusals(void **state)
{
	struct kl_test_survey *f = *state, *t;
	struct kl_design_spec d = {0}, back;
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_est_diff *v = NULL;
	struct kl_error err;
	size_t n = 0;
	const char *items[] = {"q1"};
	const char *by[] = {"b", "y"};

	kl_error_clear(&err);
	kl_test_poststrat_grp(f->st, "s", "ps");

	d.psu[0] = "psu";
	d.strata = "stratum";
	d.over = "grp";
	o.design = &d;
	o.items = items;
	o.nitems = 1;
	o.weights = "ps";
	expect_fail(f->st, &d, &o, KL_ERR_USAGE,
	            "weight set 'ps' was calibrated on the whole sample; "
	            "--over must match");
	o.weights = NULL;
	d.over = NULL;
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_int_equal(kl_est_compare(r, "1", "2", &v, &n, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "comparing needs --over");
	assert_null(v);
	kl_est_result_free(r);

	/* each ssu holds one school: every over group has one PSU */
	d.strata = NULL;
	d.over = "ssu";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            "stratum '(whole sample)' (ssu = ");
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            ") has one sampled unit; choose --lonely-psu adjust, "
	            "certainty, remove or average");

	t = kl_test_survey_new("calibrate/tiny.csv",
	                       "calibrate/tiny_codebook.csv", "t");
	assert_int_equal(kl_design_load(t->st, "x", &back, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "no design named 'x' in the store");
	memset(&d, 0, sizeof(d));
	memset(&o, 0, sizeof(o));
	d.strata = "a";
	o.design = &d;
	o.by = by;
	o.nby = 2;
	assert_int_equal(kl_estimate(t->st, "t", &o, &r, &err), KL_ERR_USAGE);
	assert_null(r);
	assert_string_equal(err.msg, "no items to estimate in survey 't'");
	kl_test_survey_free(t);
}

/*
 * A subpopulation (subset grp = 1) keeps the other rows in the design:
 * its whole-sample rows are R's grp = 1 domain rows of the same design
 * (expected_twostage.csv; R's subset() of a design is its domain).
 */
static void test_estimate_subset_is_domain(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d;
	struct kl_est_opts o;
	struct kl_est_result *r = NULL;
	struct kl_error err;
	char path[512];
	const char *one[] = {"1"};
	size_t n = 0;

	kl_test_twostage_design(&d, &o);
	o.by = NULL;
	o.nby = 0;
	o.subset = "grp";
	o.subset_vals = one;
	o.nsubset = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_non_null(
	    kl_test_data("estimate/expected_twostage.csv", path, sizeof(path)));
	struct kl_reftable *t = kl_reftable_load(path, ',');
	assert_non_null(t);
	for (size_t i = 0; i < t->nrows; i++) {
		if (strcmp(kl_reftable_get(t, i, "grp"), "1") != 0)
			continue;
		assert_row_matches_r(find_row(r, kl_reftable_get(t, i, "item"),
		                              kl_reftable_get(t, i, "level"),
		                              ""),
		                     t, i);
		n++;
	}
	assert_int_equal(n, r->nrows);
	kl_reftable_free(t);
	kl_est_result_free(r);
}

/*
 * A data row the design cannot use names its line and variable: an empty
 * --over, stratum or second-stage cluster id (x is first empty on line
 * 19 of survey.csv), an empty fpc, and an fpc of 0 (b is 0 on line 2 of
 * nocodebook.csv).  With drop_missing a by-variable's missing codes (q1:
 * 8 and empty) are in no domain.
 */
static void test_estimate_row_errors(void **state)
{
	struct kl_test_survey *f = *state;
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	struct kl_import_opts io = {0};
	struct kl_import_result res;
	struct kl_error err;
	const char *items[] = {"q3"}, *by[] = {"q1"}, *bi[] = {"svar"};
	char dp[512];

	o.items = items;
	o.nitems = 1;
	d.over = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            "survey row at line 19: --over variable 'x' is empty");
	d.over = NULL;
	d.strata = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            "survey row at line 19: stratum 'x' is empty");
	d.strata = NULL;
	d.psu[0] = "psu";
	d.psu[1] = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            "survey row at line 19: cluster id 'x' is empty");
	memset(&d, 0, sizeof(d));
	d.strata = "id";
	d.fpc[0] = "x";
	expect_fail(f->st, &d, &o, KL_ERR_PARSE,
	            "survey row at line 19: fpc 'x' is empty");

	/* the missing codes of q1 form domains unless dropped */
	memset(&d, 0, sizeof(d));
	d.psu[0] = "psu";
	d.strata = "stratum";
	d.weight = "w";
	o.design = &d;
	o.by = by;
	o.nby = 1;
	kl_error_clear(&err);
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_int_equal(r->ndomains, 3); /* 1, 2, 8; empty is in none */
	kl_est_result_free(r);
	o.drop_missing = 1;
	assert_int_equal(kl_estimate(f->st, "s", &o, &r, &err), KL_OK);
	assert_int_equal(r->ndomains, 2);
	assert_string_equal(r->domains[0].values[0], "1");
	assert_string_equal(r->domains[1].values[0], "2");
	kl_est_result_free(r);
	r = NULL;

	assert_non_null(
	    kl_test_data("estimate/nocodebook.csv", dp, sizeof(dp)));
	io.survey = "t";
	memset(&res, 0, sizeof(res));
	assert_int_equal(kl_import_survey(f->st, dp, &io, &res, &err), KL_OK);
	memset(&d, 0, sizeof(d));
	memset(&o, 0, sizeof(o));
	d.strata = "id";
	d.fpc[0] = "b";
	o.design = &d;
	o.items = bi;
	o.nitems = 1;
	assert_int_equal(kl_estimate(f->st, "t", &o, &r, &err), KL_ERR_PARSE);
	assert_null(r);
	assert_string_equal(err.msg, "survey row at line 2: fpc 'b' must be a "
	                             "positive number, got 0");
}

int main(void)
{
	char buf[512];
	if (!kl_test_data("estimate/survey.csv", buf, sizeof(buf)))
		return 77;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_estimate_twostage_matches_r),
	    cmocka_unit_test(test_estimate_layout_and_compare),
	    cmocka_unit_test(test_estimate_design_save_load),
	    cmocka_unit_test(test_estimate_errors),
	    cmocka_unit_test(test_estimate_error_paths),
	    cmocka_unit_test(test_estimate_beta_quantile_matches_r),
	    cmocka_unit_test(test_estimate_lonely_average_domain),
	    cmocka_unit_test(test_estimate_more_refusals),
	    cmocka_unit_test(test_estimate_subset_is_domain),
	    cmocka_unit_test(test_estimate_row_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
