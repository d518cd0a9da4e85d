/*
 * test_mse.c - multiple systems estimation (lib/mse.c, lib/mse_select.c)
 * against R: shared/reference/mse/expected_*.csv (glm.fit + lpSolve) and
 * tests/data/mse/ (the same R functions on kartlagg's own fixtures).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

/* The value of a reference quantity in a fit, or NAN when not numeric. */
static double quantity(const struct kl_mse_data *d, const struct kl_mse_fit *f,
                       const char *q, int *known)
{
	char t[512];
	*known = 1;
	if (strcmp(q, "checkident") == 0)
		return f->checkident;
	if (strcmp(q, "n_observed") == 0)
		return f->n;
	if (strcmp(q, "cells_fitted") == 0)
		return f->cells_fitted;
	if (strcmp(q, "npar") == 0)
		return f->npar;
	if (strcmp(q, "df_residual") == 0)
		return f->df_residual;
	if (strcmp(q, "loglik") == 0)
		return f->loglik;
	if (strcmp(q, "deviance") == 0)
		return f->deviance;
	if (strcmp(q, "AIC") == 0)
		return f->aic;
	if (strcmp(q, "BIC_log_n") == 0)
		return f->bic;
	if (strcmp(q, "BIC_log_cells") == 0)
		return f->bic_cells;
	if (strcmp(q, "se_log_dark") == 0)
		return f->se_log_dark;
	if (strcmp(q, "dark_figure") == 0)
		return f->dark;
	if (strcmp(q, "total") == 0)
		return f->total;
	if (strcmp(q, "ci95_wald_log_lo") == 0)
		return f->wald_lo;
	if (strcmp(q, "ci95_wald_log_hi") == 0)
		return f->wald_hi;
	if (strcmp(q, "ci95_profile_poisson_lo") == 0)
		return f->prof_lo;
	if (strcmp(q, "ci95_profile_poisson_hi") == 0)
		return f->prof_hi;
	if (strcmp(q, "ci95_profile_multinomial_lo") == 0)
		return f->mult_lo;
	if (strcmp(q, "ci95_profile_multinomial_hi") == 0)
		return f->mult_hi;
	if (strcmp(q, "ci95_profile_multinomial_stirling_lo") == 0)
		return f->mult_st_lo;
	if (strcmp(q, "ci95_profile_multinomial_stirling_hi") == 0)
		return f->mult_st_hi;
	if (strcmp(q, "N_multinomial_mle") == 0)
		return f->mult_n;
	if (strcmp(q, "N_multinomial_mle_stirling") == 0)
		return f->mult_st_n;
	if (strcmp(q, "coef:(Intercept)") == 0)
		return f->coef[0];
	for (int j = 0; j < d->k; j++) {
		snprintf(t, sizeof(t), "coef:%s", d->names[j]);
		if (strcmp(q, t) == 0)
			return f->coef[1 + j];
	}
	for (int i = 0; i < f->model.nterms; i++) {
		strcpy(t, "coef:");
		kl_mse_term_name(d, f->model.terms[i], t + 5, sizeof(t) - 5);
		if (strcmp(q, t) == 0)
			return f->coef[1 + d->k + i];
	}
	*known = 0;
	return NAN;
}

/*
 * Compare every numeric quantity of `model` in the reference table with f
 * (tolerances as tests/cli/lib/mse-compare.awk explains); returns how many.
 */
static int compare_model(const struct kl_reftable *t, const char *model,
                         const struct kl_mse_data *d,
                         const struct kl_mse_fit *f)
{
	int n = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *q = kl_reftable_get(t, r, "quantity");
		int known;
		if (strcmp(kl_reftable_get(t, r, "model"), model) != 0)
			continue;
		double got = quantity(d, f, q, &known);
		if (!known)
			continue;
		double want = kl_reftable_num(t, r, "value");
		double tol = 1e-9, abs = 0;
		if (strncmp(q, "ci95_profile_", 13) == 0)
			tol = 1e-8;
		if (strncmp(q, "N_multinomial_mle", 17) == 0)
			tol = 2e-6;
		if (strcmp(q, "deviance") == 0)
			abs = 1e-9; /* ~1e-14 for a saturated fit */
		if (isinf(want)) {
			assert_true(isinf(got) && got < 0);
		} else {
			kl_assert_close(got, want, tol, abs, q, __FILE__,
			                __LINE__);
		}
		n++;
	}
	return n;
}

static struct kl_reftable *load_ref(const char *rel, char *path, size_t n)
{
	if (!kl_test_reference(rel, path, n))
		return NULL;
	return kl_reftable_load(path, ',');
}

/* The R results mse/expected_<name>.csv and the data mse/<name>.csv of
 * the shared reference into *d; skips the test (freeing f) when the
 * reference is missing.  The caller frees the table. */
static struct kl_reftable *
load_ref_and_data(const char *name, struct kl_mse_data *d, struct kl_mse_fit *f)
{
	char rel[128], path[1024];
	struct kl_reftable *t;
	struct kl_error err;

	snprintf(rel, sizeof(rel), "mse/expected_%s.csv", name);
	t = load_ref(rel, path, sizeof(path));
	if (!t) {
		free(f);
		skip();
	}
	snprintf(rel, sizeof(rel), "mse/%s.csv", name);
	kl_error_clear(&err);
	assert_non_null(kl_test_reference(rel, path, sizeof(path)));
	assert_int_equal(kl_mse_data_read(d, path, &err), KL_OK);
	return t;
}

/* Western: the stepwise rule adds A:E only (p = 0.00047) and gives the
 * published 2483; every quantity of that model agrees with R. */
static void test_mse_western_stepwise_matches_r(void **state)
{
	struct kl_mse_data d;
	struct kl_error err;
	struct kl_mse_select_opts o = {0};
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_fit *f = malloc(sizeof(*f));
	struct kl_reftable *t;
	(void)state;

	t = load_ref_and_data("western", &d, f);
	assert_int_equal(d.k, 5);
	assert_true(d.n == 345);
	o.rule = KL_MSE_RULE_STEPWISE;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_OK);
	assert_int_equal(sel->model.nterms, 1);
	assert_int_equal(sel->model.terms[0], (1 << 0) | (1 << 4));
	assert_int_equal(sel->nsteps, 1);
	assert_rel_close(sel->steps[0].p, 0.000472190136802959, 1e-9);
	assert_int_equal(
	    kl_mse_fit(&d, &sel->model, KL_MSE_FIT_INTERVALS, f, &err), KL_OK);
	assert_int_equal(f->checkident, 0);
	assert_int_equal((int)floor(f->total + 0.5), 2483);
	assert_true(compare_model(t, "stepwise_p0.02", &d, f) >= 30);
	kl_mse_selection_free(sel);
	kl_reftable_free(t);
	free(f);
}

/* Kosovo: exhaustive BIC enumerates 113 models, all admissible, and picks
 * the model with total 10,356 (Ball et al. 2002). */
static void test_mse_kosovo_exhaustive_matches_r(void **state)
{
	char name[1024];
	struct kl_mse_data d;
	struct kl_error err;
	struct kl_mse_select_opts o = {0};
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_fit *f = malloc(sizeof(*f));
	struct kl_reftable *t;
	(void)state;

	t = load_ref_and_data("kosovo", &d, f);
	o.rule = KL_MSE_RULE_BIC;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_OK);
	assert_int_equal(sel->enumerated, 113);
	assert_int_equal(sel->admissible, 113);
	assert_int_equal(sel->max_order, 3);
	assert_string_equal(
	    kl_mse_model_name(&d, &sel->model, name, sizeof(name)),
	    "EXH:ABA+EXH:OSCE+EXH:HRW+ABA:OSCE+OSCE:HRW+EXH:ABA:OSCE");
	assert_int_equal(
	    kl_mse_fit(&d, &sel->model, KL_MSE_FIT_INTERVALS, f, &err), KL_OK);
	assert_int_equal((int)floor(f->total + 0.5), 10357); /* 10356.52 */
	assert_true(compare_model(t, "exhaustive_bic", &d, f) >= 30);
	/* the ranking is sorted and starts with the chosen model */
	for (int i = 1; i < sel->nrank; i++)
		assert_true(sel->rank[i - 1].bic <= sel->rank[i].bic);
	assert_rel_close(sel->rank[0].total, f->total, 1e-12);
	kl_mse_selection_free(sel);
	kl_reftable_free(t);
	free(f);
}

/* The pattern of Chan, Silverman & Vincent (2021) Table 2: checkident
 * codes 0, 1 and 2 as R's lpSolve check gives them. */
static void test_mse_checkident_codes_match_r(void **state)
{
	char path[1024];
	struct kl_mse_data d;
	struct kl_error err;
	struct kl_reftable *t;
	(void)state;

	kl_error_clear(&err);
	assert_non_null(
	    kl_test_data("mse/artificial3.csv", path, sizeof(path)));
	assert_int_equal(kl_mse_data_read(&d, path, &err), KL_OK);
	assert_non_null(
	    kl_test_data("mse/artificial3_checkident.csv", path, sizeof(path)));
	t = kl_reftable_load(path, ',');
	assert_non_null(t);
	assert_int_equal(t->nrows, 8);
	for (size_t r = 0; r < t->nrows; r++) {
		struct kl_mse_model m;
		int code = -1;
		assert_int_equal(
		    kl_mse_model_parse(&m, &d, kl_reftable_get(t, r, "model"),
		                       &err),
		    KL_OK);
		assert_int_equal(kl_mse_checkident(&d, &m, &code, &err), KL_OK);
		assert_int_equal(code, (int)kl_reftable_num(t, r, "code"));
	}
	kl_reftable_free(t);
}

/* Two lists that never overlap: the pair's parameter is -Inf, its cells
 * are dropped, and the rest is fitted normally. */
static void test_mse_empty_overlap_is_minus_infinity(void **state)
{
	char path[1024];
	struct kl_mse_data d;
	struct kl_error err;
	struct kl_mse_model m;
	struct kl_mse_fit *f = malloc(sizeof(*f));
	(void)state;

	kl_error_clear(&err);
	assert_non_null(kl_test_data("mse/sparse3.csv", path, sizeof(path)));
	assert_int_equal(kl_mse_data_read(&d, path, &err), KL_OK);
	assert_int_equal(kl_mse_model_parse(&m, &d, "P:H", &err), KL_OK);
	assert_int_equal(kl_mse_fit(&d, &m, 0, f, &err), KL_OK);
	assert_int_equal(f->checkident, 0);
	assert_int_equal(f->n_neg_inf, 1);
	assert_int_equal(f->cells_fitted, 5);
	assert_int_equal(f->npar, 5);
	assert_true(isinf(f->coef[4]) && f->coef[4] < 0);
	assert_true(f->mu[5] == 0 && f->mu[7] == 0);
	/* R: expected_sparse3.csv, stepwise_p0.02 (the model P:H) */
	assert_rel_close(f->total, 577.565217391305, 1e-9);
	free(f);
}

/*
 * Two lists: the independence model is saturated and its total is the
 * Lincoln-Petersen estimate n_A n_B / m = 80 * 70 / 20 = 280 exactly.
 * (Regression: a deviance of 0 +- rounding once made the line search halve
 * every step, and the fit stopped 6e-11 short.)
 */
static void test_mse_two_lists_lincoln_petersen(void **state)
{
	static const char *names[] = {"A", "B"};
	double y[4] = {0, 60, 50, 20};
	struct kl_mse_data d;
	struct kl_error err;
	struct kl_mse_model m = {0};
	struct kl_mse_fit *f = malloc(sizeof(*f));
	(void)state;

	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_OK);
	assert_int_equal(kl_mse_fit(&d, &m, KL_MSE_FIT_INTERVALS, f, &err),
	                 KL_OK);
	assert_int_equal(f->df_residual, 0);
	assert_rel_close(f->total, 280, 1e-14);
	assert_rel_close(f->dark, 150, 1e-14);
	/* Wald: se^2 = 1/60 + 1/50 + 1/20 (the log odds ratio's) */
	assert_rel_close(f->se_log_dark, sqrt(1.0 / 60 + 1.0 / 50 + 1.0 / 20),
	                 1e-12);
	free(f);
}

/* Bad input is refused with the line and column of the bad cell. */
static void test_mse_bad_input_located(void **state)
{
	static const struct {
		const char *file;
		unsigned long line, column;
		const char *msg;
	} cases[] = {
	    {"mse/bad-not01.csv", 3, 2, "expected 0 or 1"},
	    {"mse/bad-all-zero.csv", 3, 1, "all-zero history"},
	    {"mse/bad-negative.csv", 3, 4, "expected a count"},
	    {"mse/bad-fraction.csv", 3, 4, "expected a count"},
	    {"mse/bad-one-list.csv", 1, 2, "two or more list"},
	    {"mse/bad-fields.csv", 3, 3, "expected 4 fields"},
	};
	char path[1024];
	struct kl_mse_data d;
	struct kl_error err;
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kl_error_clear(&err);
		assert_non_null(
		    kl_test_data(cases[i].file, path, sizeof(path)));
		assert_int_equal(kl_mse_data_read(&d, path, &err),
		                 KL_ERR_PARSE);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.column, cases[i].column);
		assert_non_null(strstr(err.msg, cases[i].msg));
	}
	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_read(&d, "/nonexistent/x.csv", &err),
	                 KL_ERR_NOINPUT);
}

/* --merge A,B: one list present when either is; n is unchanged. */
static void test_mse_merge_ors_the_lists(void **state)
{
	static const char *names[] = {"A", "B", "C"};
	double y[8] = {0, 1, 2, 4, 8, 16, 32, 64};
	struct kl_mse_data d;
	struct kl_error err;
	(void)state;

	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 3, names, y, &err), KL_OK);
	assert_int_equal(kl_mse_data_merge(&d, "A,C", &err), KL_OK);
	assert_int_equal(d.k, 2);
	assert_string_equal(d.names[0], "A|C");
	assert_string_equal(d.names[1], "B");
	/* y[c] = c's bit pattern: A 1, B 2, AB 4, C 8, AC 16, BC 32, ABC 64.
	 * A|C without B: A, C, AC = 25; B alone 2; both: AB, BC, ABC = 100 */
	assert_true(d.y[1] == 25 && d.y[2] == 2 && d.y[3] == 100);
	assert_true(d.n == 127);
	assert_int_equal(kl_mse_data_merge(&d, "A|C,B", &err), KL_ERR_USAGE);
	assert_int_equal(kl_mse_data_merge(&d, "A,Z", &err), KL_ERR_USAGE);
}

/*
 * Coverage by simulation (the issue: "checked by a small simulation of
 * coverage, not digits").  Three independent lists, N = 600; 40 data sets
 * drawn with a fixed GSL seed; stepwise re-selection in each of 150
 * replicates.  The BCa interval must contain the true N in most of them
 * (nominal 95%; with 40 trials we ask for at least 80%), and every interval
 * must contain its own estimate.
 */
static void test_mse_bootstrap_covers_truth(void **state)
{
	static const char *names[] = {"A", "B", "C"};
	const double N = 600, pr[3] = {0.25, 0.3, 0.2};
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct kl_mse_select_opts o = {0};
	struct kl_mse_boot_opts bo = {150, 0, 0.95};
	int covered = 0, trials = 40;
	(void)state;

	gsl_rng_set(r, 20240501);
	o.rule = KL_MSE_RULE_STEPWISE;
	for (int s = 0; s < trials; s++) {
		double y[8] = {0};
		struct kl_mse_data d;
		struct kl_mse_boot b;
		struct kl_error err;
		for (int i = 0; i < (int)N; i++) {
			int c = 0;
			for (int j = 0; j < 3; j++)
				if (gsl_rng_uniform(r) < pr[j])
					c |= 1 << j;
			y[c] += 1;
		}
		kl_error_clear(&err);
		assert_int_equal(kl_mse_data_set(&d, 3, names, y, &err), KL_OK);
		bo.seed = (unsigned long)s + 1;
		assert_int_equal(kl_mse_bootstrap(&d, &o, &bo, &b, &err),
		                 KL_OK);
		assert_true(b.lo <= b.estimate && b.estimate <= b.hi);
		if (b.lo <= N && N <= b.hi)
			covered++;
	}
	gsl_rng_free(r);
	assert_true(covered >= 32);
}

int main(void)
{
	struct kl_error err;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mse_western_stepwise_matches_r),
	    cmocka_unit_test(test_mse_kosovo_exhaustive_matches_r),
	    cmocka_unit_test(test_mse_checkident_codes_match_r),
	    cmocka_unit_test(test_mse_empty_overlap_is_minus_infinity),
	    cmocka_unit_test(test_mse_two_lists_lincoln_petersen),
	    cmocka_unit_test(test_mse_bad_input_located),
	    cmocka_unit_test(test_mse_merge_ors_the_lists),
	    cmocka_unit_test(test_mse_bootstrap_covers_truth),
	};
	kl_error_clear(&err);
	kl_init(&err);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
