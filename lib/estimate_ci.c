/*
 * estimate_ci.c - estimates, standard errors and confidence intervals of one
 * row: t quantiles, the regularised incomplete Beta function and its
 * quantile (estimate_priv.h).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* ------------------------------------------------------------ estimates */

static double tq(double P, double df)
{
	return gsl_cdf_tdist_Pinv(P, df);
}

/*
 * The P quantile of Beta(a, b): GSL's gsl_cdf_beta_Pinv gives up (NaN) for
 * some of the parameters Korn-Graubard intervals need, so this brackets the
 * root of I_x(a, b) = P and refines it by Newton steps, bisecting (on the
 * log scale while the bracket spans orders of magnitude) whenever a step
 * leaves the bracket.  Converges to about 1e-15 relative.
 */
/* I_x(a, b) by the continued fraction (modified Lentz), for the large
 * parameters where GSL's gsl_cdf_beta_P gives up (NaN); the prefactor
 * uses gsl_sf_lnbeta, accurate for large a and b. */
static double beta_cf(double x, double a, double b)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m < 10000000; m++) {
		double m2 = 2.0 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	double lf = a * log(x) + b * log1p(-x) - gsl_sf_lnbeta(a, b);
	return exp(lf) * h / a;
}

/*
 * I_x(a, b), the regularised incomplete Beta function: 0 at x <= 0, 1 at
 * x >= 1.
 */
static double beta_P(double x, double a, double b)
{
	double F = gsl_cdf_beta_P(x, a, b);
	if (!isnan(F))
		return F;
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (x < (a + 1) / (a + b + 2))
		return beta_cf(x, a, b);
	return 1 - beta_cf(1 - x, b, a);
}

/* x with I_x(a, b) = P (bisection on beta_P); NaN without a solution. */
static double beta_quantile(double P, double a, double b)
{
	if (!(a > 0 && b > 0 && P > 0 && P < 1))
		return NAN;
	double lo = DBL_MIN, hi = 1, x = gsl_cdf_beta_Pinv(P, a, b);
	if (!(x > 0 && x < 1))
		x = a / (a + b);
	for (int i = 0; i < 400; i++) {
		double F = beta_P(x, a, b);
		if (F == P)
			return x;
		if (F < P)
			lo = x;
		else
			hi = x;
		double pdf = gsl_ran_beta_pdf(x, a, b);
		double nx = pdf > 0 ? x - (F - P) / pdf : NAN;
		if (!(nx > lo && nx < hi))
			nx = hi / lo > 4 ? sqrt(lo) * sqrt(hi) : (lo + hi) / 2;
		if (fabs(nx - x) <= 4e-16 * x || hi - lo <= 4e-16 * hi)
			return nx;
		x = nx;
	}
	return x;
}

/* The logistic function 1 / (1 + e^-x). */
static double expit(double x)
{
	return 1 / (1 + exp(-x));
}

/* Estimates, variance and intervals of one row (METHOD and DEGENERATE
 * CELLS in kartlagg-estimate(1)). */
void kli_est_fill_row(struct est *e, const struct dom *d, struct cell *c,
                      struct kl_est_row *r, double A, double W, double Q,
                      double *zbuf, double *zbuf2)
{
	double alpha = 1 - e->o->level;
	double p, V;
	r->prop = r->se = r->deff = r->total = r->se_total = NAN;
	for (int m = 0; m < KL_CI_N; m++)
		r->ci[m][0] = r->ci[m][1] = NAN;
	r->sum_w = W;
	r->df = d->df;
	if (r->n_valid < e->o->min_n)
		r->flags |= KL_EF_SMALL;
	if (!(d->df >= 1))
		r->flags |= KL_EF_DF;
	c->total = 1;
	c->p = 0;
	c->B = W;
	r->total = A;
	r->se_total = sqrt(kli_est_cell_var(e, d, c, zbuf, zbuf2));
	if (r->n_valid == 0 || !(W > 0)) {
		r->flags |= KL_EF_EMPTY;
		return;
	}
	p = A / W;
	c->total = 0;
	c->p = p;
	V = kli_est_cell_var(e, d, c, zbuf, zbuf2);
	r->prop = p;
	if (isnan(V)) {
		r->flags |= KL_EF_NOVAR;
		return;
	}
	/* An SE that is 0 in exact arithmetic (every valid answer of the
	 * domain in one unit of each stratum, or p = 0 or 1) comes out as
	 * rounding noise; no real design gets within 1e-12 of it. */
	if (!c->numeric && V < 1e-24 * p * (1 - p))
		V = 0;
	r->se = sqrt(V);

	/* deff: V / (s^2 (W - n) / (W n)), R's default (not "replace") */
	double n = (double)r->n_valid;
	double ss = c->numeric ? Q - 2 * p * A + p * p * W
	                       : (1 - p) * (1 - p) * A + p * p * (W - A);
	if (n > 1 && W > n) {
		double s2 = ss / W * n / (n - 1);
		double vsrs = s2 * (W - n) / (W * n);
		if (vsrs > 0)
			r->deff = V / vsrs;
	}
	if (isnan(r->deff))
		r->flags |= KL_EF_NODEFF;
	if (r->flags & KL_EF_DF)
		return;

	double t = tq(1 - alpha / 2, d->df);
	if (c->numeric) {
		r->ci[KL_CI_MEAN][0] = p - t * r->se;
		r->ci[KL_CI_MEAN][1] = p + t * r->se;
		return;
	}
	/* Korn-Graubard's df correction of the effective sample size */
	double ratio = NAN;
	if (d->nrows >= 2)
		ratio =
		    tq(alpha / 2, (double)d->nrows - 1) / tq(alpha / 2, d->df);
	if (p <= 0 || p >= 1) {
		r->flags |= p <= 0 ? KL_EF_ZERO : KL_EF_ALL;
		if (isnan(ratio))
			return;
		double neff = n * ratio * ratio;
		double b = pow(alpha / 2, 1 / neff);
		for (int m = 0; m < KL_CI_N; m++) {
			r->ci[m][0] = p <= 0 ? 0 : b;
			r->ci[m][1] = p <= 0 ? 1 - b : 1;
		}
		return;
	}
	if (r->se == 0) {
		r->flags |= KL_EF_SE0;
		for (int m = 0; m < KL_CI_N; m++)
			r->ci[m][0] = r->ci[m][1] = p;
		return;
	}
	r->ci[KL_CI_MEAN][0] = p - t * r->se;
	r->ci[KL_CI_MEAN][1] = p + t * r->se;
	double eta = log(p / (1 - p)), se_eta = r->se / (p * (1 - p));
	r->ci[KL_CI_XLOGIT][0] = expit(eta - t * se_eta);
	r->ci[KL_CI_XLOGIT][1] = expit(eta + t * se_eta);
	r->ci[KL_CI_LOGIT][0] = r->ci[KL_CI_XLOGIT][0];
	r->ci[KL_CI_LOGIT][1] = r->ci[KL_CI_XLOGIT][1];
	if (!isnan(ratio)) {
		double neff = p * (1 - p) / V * ratio * ratio;
		r->ci[KL_CI_BETA][0] =
		    beta_quantile(alpha / 2, neff * p, neff * (1 - p) + 1);
		r->ci[KL_CI_BETA][1] =
		    beta_quantile(1 - alpha / 2, neff * p + 1, neff * (1 - p));
	}
}
