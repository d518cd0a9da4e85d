/*
 * test_mse.c - multiple systems estimation (lib/mse.c, lib/mse_select.c)
 * against R: shared/reference/mse/expected_*.csv (glm.fit + lpSolve) and
 * tests/data/mse/ (the same R functions on kartlagg's own fixtures).
 */
#define _GNU_SOURCE /* mkstemps */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>
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

/* A reference data set, R's results for it, and the model a rule chose. */
struct kl_selected {
	struct kl_mse_data d;
	struct kl_reftable *t; /* mse/expected_<name>.csv */
	struct kl_mse_selection *sel;
	struct kl_mse_fit *f; /* filled by fit_selected */
};

/* Read reference data set `name` and R's results for it into *x
 * (load_ref_and_data; skips when the reference is missing) and select a
 * model by `rule`, which must succeed.  Free *x with selected_free. */
static void select_ref(const char *name, enum kl_mse_rule rule,
                       struct kl_selected *x)
{
	struct kl_mse_select_opts o = {0};
	struct kl_error err;
	x->sel = NULL;
	x->f = malloc(sizeof(*x->f));
	assert_non_null(x->f);
	x->t = load_ref_and_data(name, &x->d, x->f);
	o.rule = rule;
	kl_error_clear(&err);
	assert_int_equal(kl_mse_select(&x->d, &o, &x->sel, &err), KL_OK);
}

/* Fit the selected model with intervals into x->f; must succeed. */
static void fit_selected(struct kl_selected *x)
{
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_mse_fit(&x->d, &x->sel->model, KL_MSE_FIT_INTERVALS, x->f, &err),
	    KL_OK);
}

/* Free what select_ref made. */
static void selected_free(struct kl_selected *x)
{
	kl_mse_selection_free(x->sel);
	kl_reftable_free(x->t);
	free(x->f);
}

/* Western: the stepwise rule adds A:E only (p = 0.00047) and gives the
 * published 2483; every quantity of that model agrees with R. */
static void test_mse_western_stepwise_matches_r(void **state)
{
	struct kl_selected x;
	(void)state;

	select_ref("western", KL_MSE_RULE_STEPWISE, &x);
	assert_int_equal(x.d.k, 5);
	assert_true(x.d.n == 345);
	assert_int_equal(x.sel->model.nterms, 1);
	assert_int_equal(x.sel->model.terms[0], (1 << 0) | (1 << 4));
	assert_int_equal(x.sel->nsteps, 1);
	assert_rel_close(x.sel->steps[0].p, 0.000472190136802959, 1e-9);
	fit_selected(&x);
	assert_int_equal(x.f->checkident, 0);
	assert_int_equal((int)floor(x.f->total + 0.5), 2483);
	assert_true(compare_model(x.t, "stepwise_p0.02", &x.d, x.f) >= 30);
	selected_free(&x);
}

/* Kosovo: exhaustive BIC enumerates 113 models, all admissible, and picks
 * the model with total 10,356 (Ball et al. 2002). */
static void test_mse_kosovo_exhaustive_matches_r(void **state)
{
	char name[1024];
	struct kl_selected x;
	(void)state;

	select_ref("kosovo", KL_MSE_RULE_BIC, &x);
	assert_int_equal(x.sel->enumerated, 113);
	assert_int_equal(x.sel->admissible, 113);
	assert_int_equal(x.sel->max_order, 3);
	assert_string_equal(
	    kl_mse_model_name(&x.d, &x.sel->model, name, sizeof(name)),
	    "EXH:ABA+EXH:OSCE+EXH:HRW+ABA:OSCE+OSCE:HRW+EXH:ABA:OSCE");
	fit_selected(&x);
	assert_int_equal((int)floor(x.f->total + 0.5), 10357); /* 10356.52 */
	assert_true(compare_model(x.t, "exhaustive_bic", &x.d, x.f) >= 30);
	/* the ranking is sorted and starts with the chosen model */
	for (int i = 1; i < x.sel->nrank; i++)
		assert_true(x.sel->rank[i - 1].bic <= x.sel->rank[i].bic);
	assert_rel_close(x.sel->rank[0].total, x.f->total, 1e-12);
	selected_free(&x);
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

/* Write `text` to a new temporary file; its path into path. */
static void tmp_file(char *path, size_t n, const char *text)
{
	snprintf(path, n, "/tmp/kl_mse_XXXXXX.csv");
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A bad header, cell or total is refused with KL_ERR_PARSE, the file, the
 * line and column of the cause, and a message saying what was expected. */
static void test_mse_bad_file_messages(void **state)
{
	static char longname[200], longcell[200], toomany[200];
	static const struct {
		const char *text;
		unsigned long line, column;
		const char *msg;
	} cases[] = {
	    {toomany, 1, 11,
	     "expected at most 10 lists, got 11 (merge small lists with "
	     "--merge)"},
	    {longname, 1, 1,
	     "expected a list name of at most 63 bytes, got 64"},
	    {"A, ,count\n1,1,3\n", 1, 2,
	     "expected a list name, got an empty header"},
	    {"A:B,C,count\n1,1,3\n", 1, 1,
	     "expected a list name without ':', '+', ',' or '|', got 'A:B'"},
	    {"A,B,A,count\n1,1,1,3\n", 1, 3,
	     "expected distinct list names, 'A' is also column 1"},
	    {longcell, 2, 2,
	     "expected 0 or 1 (seen on list 'B' or not), got "
	     "'abcdefghijklmnopqrstuvwx...'"},
	    {"\n", 1, 0, "expected a header with the list names and 'count'"},
	    {"A,B,count\n", 2, 0,
	     "expected capture histories after the header, got none"},
	    {"A,B,count\n1,0,0\n0,1,0\n", 0, 0,
	     "expected some individuals, every count is 0"},
	    {"A,B,count\n1,0,600000000\n0,1,600000000\n", 0, 0,
	     "expected at most 1000000000 individuals in all, got "
	     "1200000000"},
	};
	char path[64];
	struct kl_mse_data d;
	struct kl_error err;
	(void)state;

	snprintf(toomany, sizeof(toomany),
	         "A,B,C,D,E,F,G,H,I,J,K,count\n1,0,0,0,0,0,0,0,0,0,0,5\n");
	memset(longname, 'L', 64);
	snprintf(longname + 64, sizeof(longname) - 64, ",B,count\n1,1,2\n");
	snprintf(longcell, sizeof(longcell),
	         "A,B,count\n1,abcdefghijklmnopqrstuvwxyz0123,4\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tmp_file(path, sizeof(path), cases[i].text);
		kl_error_clear(&err);
		assert_int_equal(kl_mse_data_read(&d, path, &err),
		                 KL_ERR_PARSE);
		assert_string_equal(err.path, path);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.column, cases[i].column);
		assert_string_equal(err.msg, cases[i].msg);
		/* nothing half-read is left behind */
		assert_int_equal(d.k, 0);
		assert_true(d.n == 0);
		unlink(path);
	}
}

/* kl_mse_data_set refuses a list count, a name or counts that a file
 * could not hold either. */
static void test_mse_data_set_refuses(void **state)
{
	static const char *names[] = {"A", "B"}, *bad[] = {"A", "B:C"};
	double y[4] = {0, 10, 20, 5};
	struct kl_mse_data d;
	struct kl_error err;
	(void)state;

	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 1, names, y, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected 2 to 10 lists, got 1");
	assert_int_equal(kl_mse_data_set(&d, 2, bad, y, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "bad list name 'B:C'");
	y[2] = -1;
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected whole counts >= 0");
	y[2] = 2.5;
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected whole counts >= 0");
	y[2] = 6e8;
	y[1] = 6e8;
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "expected at most 1000000000 individuals in all");
}

/* --merge and --model specs that cannot be used, each with its message;
 * a model name longer than its buffer is cut at the buffer's end. */
static void test_mse_merge_and_model_refused(void **state)
{
	static const char *names[] = {"A", "B", "C", "D"};
	double y[16];
	char spec[9000], name[16];
	struct kl_mse_data d, two;
	struct kl_mse_model m;
	struct kl_error err;
	(void)state;

	for (int c = 0; c < 16; c++)
		y[c] = c;
	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 4, names, y, &err), KL_OK);
	assert_int_equal(kl_mse_data_set(&two, 2, names, y, &err), KL_OK);

	memset(spec, 'x', 1000);
	spec[1000] = 0;
	assert_int_equal(kl_mse_data_merge(&d, spec, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "--merge: expected at most 10 list names "
	                             "of at most 63 bytes, got 1000 bytes");
	spec[70] = 0;
	assert_int_equal(kl_mse_data_merge(&d, spec, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "--merge: no list named "
	                    "'xxxxxxxxxxxxxxxxxxxxxxxx...' (list names have "
	                    "at most 63 bytes)");
	assert_int_equal(kl_mse_data_merge(&d, "A,A", &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "--merge: list 'A' named twice");
	assert_int_equal(kl_mse_data_merge(&d, "B", &err), KL_ERR_USAGE);
	assert_string_equal(
	    err.msg, "--merge: expected two or more list names, got 'B'");
	assert_int_equal(kl_mse_data_merge(&two, "A+B", &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "--merge: that leaves one list; MSE "
	                             "needs two or more");
	assert_int_equal(d.k, 4); /* unchanged by the refusals */

	memset(spec, 'A', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = 0;
	assert_int_equal(kl_mse_model_parse(&m, &d, spec, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "--model is too long");
	assert_int_equal(kl_mse_model_parse(&m, &d, "A:A", &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "--model: list 'A' twice in one term");
	assert_int_equal(kl_mse_model_parse(&m, &d, "A:B,C", &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "--model: expected interaction terms of "
	                             "two or more lists (A:B), got 'C'");
	assert_int_equal(kl_mse_model_parse(&m, &d, "A:B+B:A", &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "--model: term 'A:B' given twice");
	assert_int_equal(kl_mse_model_parse(&m, &d, "A:B,A:C,A:B:C", &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "--model: term 'A:B:C' needs 'B:C' "
	                             "(models must be hierarchical)");
	assert_int_equal(
	    kl_mse_model_parse(&m, &d, "A:B, A:C, B:C, A:B:C", &err), KL_OK);
	assert_int_equal(m.nterms, 4);
	assert_int_equal(m.terms[3], 7);
	/* "A:B+A:C+B:C+A:B:C" in 6 bytes: "A:B" and the start of "+A:C" */
	assert_string_equal(kl_mse_model_name(&d, &m, name, 6), "A:B+A");
	assert_string_equal(kl_mse_model_name(&d, &m, name, sizeof(name)),
	                    "A:B+A:C+B:C+A:B");
}

/* Lincoln-Petersen total n + y1 y2 / y3 of two lists (the independence
 * model's MLE); NAN when a cell is 0 (no MLE: the margins lie on the
 * boundary). */
static double lp_total(const double *y)
{
	if (!(y[1] > 0 && y[2] > 0 && y[3] > 0))
		return NAN;
	return y[1] + y[2] + y[3] + y[1] * y[2] / y[3];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double q7(const double *x, long n, double q)
{
	double h = (double)(n - 1) * q;
	long lo = (long)floor(h);
	if (lo >= n - 1)
		return x[n - 1];
	if (lo < 0)
		return x[0];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/*
 * The bootstrap of kl_mse_bootstrap for two lists and the independence
 * model, computed from the Lincoln-Petersen formula instead of the GLM:
 * the same mt19937 multinomial draws over the observed cells (in cell
 * order), the bias correction z0 from the share below the estimate (ties
 * half; 0 and 1 moved in by half a replicate), the acceleration from the
 * leave-one-out jackknife weighted by the cell counts, and Efron's BCa
 * quantiles (R's type 7).
 */
static void lp_bootstrap(const double *y, long reps, unsigned long seed,
                         double level, struct kl_mse_boot *b, int *clamped)
{
	double n = y[1] + y[2] + y[3], p[3], t[4096], th[3];
	unsigned cnt[3];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	long below = 0, ties = 0;

	assert_true(reps <= 4096);
	*clamped = 0;
	memset(b, 0, sizeof(*b));
	b->estimate = lp_total(y);
	for (int i = 0; i < 3; i++)
		p[i] = y[i + 1] / n;
	gsl_rng_set(r, seed);
	for (long k = 0; k < reps; k++) {
		double yb[4] = {0};
		gsl_ran_multinomial(r, 3, (unsigned)n, p, cnt);
		for (int i = 0; i < 3; i++)
			yb[i + 1] = cnt[i];
		double v = lp_total(yb);
		if (!isnan(v))
			t[b->ok++] = v;
	}
	gsl_rng_free(r);
	if (b->ok < 2)
		return;
	qsort(t, (size_t)b->ok, sizeof(double), cmp_double);
	for (long k = 0; k < b->ok; k++) {
		below += t[k] < b->estimate;
		ties += t[k] == b->estimate;
	}
	double frac = (below + 0.5 * ties) / (double)b->ok;
	/* -1: every replicate above the estimate, 1: every one below */
	*clamped = frac == 0 ? -1 : frac == 1;
	frac = fmin(fmax(frac, 0.5 / b->ok), 1 - 0.5 / b->ok);
	b->z0 = gsl_cdf_ugaussian_Pinv(frac);
	double mean = 0, nn = 0, s2 = 0, s3 = 0;
	for (int i = 0; i < 3; i++) {
		double yj[4] = {0, y[1], y[2], y[3]};
		yj[i + 1] -= 1;
		th[i] = lp_total(yj);
		if (!isnan(th[i])) {
			mean += y[i + 1] * th[i];
			nn += y[i + 1];
		}
	}
	mean /= nn;
	for (int i = 0; i < 3; i++)
		if (!isnan(th[i])) {
			s2 += y[i + 1] * (mean - th[i]) * (mean - th[i]);
			s3 += y[i + 1] * pow(mean - th[i], 3);
		}
	b->accel = s3 / (6 * pow(s2, 1.5));
	double a2 = (1 - level) / 2;
	double zl = b->z0 + gsl_cdf_ugaussian_Pinv(a2);
	double zh = b->z0 + gsl_cdf_ugaussian_Pinv(1 - a2);
	b->lo =
	    q7(t, b->ok, gsl_cdf_ugaussian_P(b->z0 + zl / (1 - b->accel * zl)));
	b->hi =
	    q7(t, b->ok, gsl_cdf_ugaussian_P(b->z0 + zh / (1 - b->accel * zh)));
	b->pct_lo = q7(t, b->ok, a2);
	b->pct_hi = q7(t, b->ok, 1 - a2);
}

/* kl_mse_bootstrap against lp_bootstrap for data y, the independence
 * model of two lists. */
static void check_boot(const double *y, long reps, unsigned long seed,
                       double level)
{
	static const char *names[] = {"A", "B"};
	struct kl_mse_data d;
	struct kl_mse_model m = {0};
	struct kl_mse_select_opts o = {0};
	struct kl_mse_boot_opts bo = {reps, seed, level};
	struct kl_mse_boot got, want;
	struct kl_error err;
	int clamped;

	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_OK);
	o.rule = KL_MSE_RULE_MODEL;
	o.model = &m;
	assert_int_equal(kl_mse_bootstrap(&d, &o, &bo, &got, &err), KL_OK);
	lp_bootstrap(y, reps, seed, level, &want, &clamped);
	assert_int_equal(got.reps, reps);
	assert_int_equal(got.ok, want.ok);
	assert_true(got.same_model == 1);
	assert_rel_close(got.estimate, want.estimate, 1e-12);
	assert_rel_abs_close(got.z0, want.z0, 1e-12, 1e-12);
	assert_rel_close(got.accel, want.accel, 1e-9);
	assert_rel_close(got.lo, want.lo, 1e-9);
	assert_rel_close(got.hi, want.hi, 1e-9);
	assert_rel_close(got.pct_lo, want.pct_lo, 1e-9);
	assert_rel_close(got.pct_hi, want.pct_hi, 1e-9);
}

/*
 * The BCa bootstrap of the total equals the same bootstrap computed from
 * the closed-form Lincoln-Petersen estimate: an ordinary case, one where
 * a cell of 1 makes replicates and a jackknife value undefined, and
 * seeds whose replicates all lie above (or all below) the estimate, where
 * the bias correction is clamped.
 */
static void test_mse_bootstrap_matches_lincoln_petersen(void **state)
{
	const double y[4] = {0, 60, 50, 20}, sparse[4] = {0, 12, 9, 1};
	int above = 0, below = 0;
	(void)state;

	check_boot(y, 200, 7, 0.95);
	check_boot(sparse, 100, 3, 0.9);
	for (unsigned long seed = 1; seed < 200 && !(above && below); seed++) {
		struct kl_mse_boot w;
		int clamped;
		lp_bootstrap(y, 2, seed, 0.95, &w, &clamped);
		int up = w.ok == 2 && clamped == -1;
		int dn = w.ok == 2 && clamped == 1;
		if ((up && !above) || (dn && !below)) {
			check_boot(y, 2, seed, 0.95);
			above |= up;
			below |= dn;
		}
	}
	assert_true(above && below);
}

/* Selection and bootstrap refusals, each with its code and message. */
static void test_mse_select_refusals(void **state)
{
	static const char *names[] = {"A", "B", "C", "D", "E",
	                              "F", "G", "H", "I"};
	double y[512] = {0}, nomle[4] = {0, 10, 5, 0};
	struct kl_mse_data d;
	struct kl_mse_select_opts o = {0};
	struct kl_mse_boot_opts bo = {0, 1, 0};
	struct kl_mse_boot b;
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_model m = {0};
	struct kl_error err;
	(void)state;

	assert_int_equal(kl_mse_default_max_order(2), 1);
	assert_int_equal(kl_mse_default_max_order(3), 2);
	assert_int_equal(kl_mse_default_max_order(5), 3);
	assert_int_equal(kl_mse_default_max_order(6), 2);
	kl_error_clear(&err);
	y[1] = y[2] = y[3] = y[4] = y[5] = y[6] = y[7] = 10;
	assert_int_equal(kl_mse_data_set(&d, 3, names, y, &err), KL_OK);

	/* the model rule without a model; an unknown rule */
	o.rule = KL_MSE_RULE_MODEL;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_ERR_USAGE);
	assert_null(sel);
	assert_string_equal(err.msg, "no model given");
	o.rule = (enum kl_mse_rule)99;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "unknown selection rule");

	/* exhaustive up to order 5 of 3 lists is up to order 3: the 8
	 * subsets of the pairs and the saturated model */
	o.rule = KL_MSE_RULE_BIC;
	o.max_order = 5;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_OK);
	assert_int_equal(sel->max_order, 3);
	assert_int_equal(sel->enumerated, 9);
	kl_mse_selection_free(sel);
	o.max_order = 0;

	/* bootstrap: no replicates, one replicate, no model */
	o.rule = KL_MSE_RULE_MODEL;
	o.model = &m;
	assert_int_equal(kl_mse_bootstrap(&d, &o, &bo, &b, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "expected one or more replicates");
	bo.reps = 1;
	assert_int_equal(kl_mse_bootstrap(&d, &o, &bo, &b, &err),
	                 KL_ERR_NUMERIC);
	assert_string_equal(err.msg, "fewer than two bootstrap replicates "
	                             "had an admissible model");
	assert_int_equal(kl_mse_data_set(&d, 2, names, nomle, &err), KL_OK);
	bo.reps = 10;
	assert_int_equal(kl_mse_bootstrap(&d, &o, &bo, &b, &err),
	                 KL_ERR_NUMERIC);
	assert_string_equal(err.msg, "no admissible model on the data");
	assert_true(isnan(b.lo) && isnan(b.hi));
	/* two lists that never overlap: the one model has no MLE */
	o.rule = KL_MSE_RULE_BIC;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_ERR_NUMERIC);
	assert_null(sel);
	assert_string_equal(err.msg, "none of the 1 models is admissible "
	                             "(every one has a non-existent MLE or "
	                             "is not identifiable)");

	/* nine lists: 36 candidate pairs are too many to enumerate */
	for (int c = 1; c < 512; c++)
		y[c] = 1;
	assert_int_equal(kl_mse_data_set(&d, 9, names, y, &err), KL_OK);
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg, "too many candidate terms (36) for an "
	                             "exhaustive search");
	/* eight lists seen only one at a time: all 84 terms up to order 3
	 * have N* = 0 (more than the cache holds); counting stops at the
	 * limit */
	memset(y, 0, sizeof(y));
	for (int j = 0; j < 8; j++)
		y[1 << j] = 5;
	assert_int_equal(kl_mse_data_set(&d, 8, names, y, &err), KL_OK);
	o.max_order = 3;
	o.max_models = 1000;
	assert_int_equal(kl_mse_select(&d, &o, &sel, &err), KL_ERR_USAGE);
	assert_string_equal(err.msg,
	                    "exhaustive search would fit more than 1000 models "
	                    "(8 lists up to order 3); use --model stepwise or "
	                    "forward-bic, merge lists with --merge, or lower "
	                    "--max-order");
}

/*
 * Two lists that nearly coincide (1 and 1 seen on one list only, 1000 on
 * both): the Lincoln-Petersen dark figure is 1 * 1 / 1000, and the
 * multinomial profile in N falls from N = n on, since its slope there,
 * log(mu0) + psi(n + 1) - log(n) - psi(1), is below 0: the MLE and the
 * lower limit are n itself (Stirling's form starts at n + 1, where c(N)
 * has no spike).
 */
static void test_mse_profile_at_n(void **state)
{
	static const char *names[] = {"A", "B"};
	double y[4] = {0, 1, 1, 1000}, n = 1002;
	struct kl_mse_data d;
	struct kl_mse_model m = {0};
	struct kl_error err;
	struct kl_mse_fit *f = malloc(sizeof(*f));
	(void)state;

	assert_true(
	    log(1.0 / 1000) + gsl_sf_psi(n + 1) - log(n) - gsl_sf_psi(1) < 0);
	kl_error_clear(&err);
	assert_int_equal(kl_mse_data_set(&d, 2, names, y, &err), KL_OK);
	assert_int_equal(kl_mse_fit(&d, &m, KL_MSE_FIT_INTERVALS, f, &err),
	                 KL_OK);
	assert_rel_close(f->dark, 1.0 / 1000, 1e-9);
	assert_true(f->mult_n == n && f->mult_lo == n);
	assert_true(f->mult_hi > n);
	assert_true(f->mult_st_n == n + 1);
	free(f);
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
	    cmocka_unit_test(test_mse_bad_file_messages),
	    cmocka_unit_test(test_mse_data_set_refuses),
	    cmocka_unit_test(test_mse_merge_and_model_refused),
	    cmocka_unit_test(test_mse_bootstrap_matches_lincoln_petersen),
	    cmocka_unit_test(test_mse_select_refusals),
	    cmocka_unit_test(test_mse_profile_at_n),
	};
	kl_error_clear(&err);
	kl_init(&err);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
