/*
 * estimate_ci.c - estimates, standard errors and confidence intervals of one
 * row: t quantiles and the quantile of the Beta distribution
 * (estimate_priv.h).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* ------------------------------------------------------------ estimates */

static double tq(double P, double df)
{
	return gsl_cdf_tdist_Pinv(P, df);
}

/*
 * The regularised incomplete Beta function and its quantile, for the
 * Korn-Graubard interval.  GSL 2.7.1 (Debian 12) is used wherever it
 * works; a probe over a, b in 1e-2 .. 1e9 and x across (0, 1) found:
 *  - gsl_sf_beta_inc_e returns GSL_EMAXITER (its continued fraction stops
 *    at 512 terms) and gsl_cdf_beta_P / _Q return NaN only near the mean:
 *    for x within 0.72 sd of a / (a + b) when a and b are both >= 3e5
 *    (e.g. a = b = 1e6: |x - mean| < 0.03 sd; a = b = 1e9: < 0.69 sd).
 *    The limits of a 95 % interval lie about 2 sd out and never meet this;
 *    a level below about 50 % with an effective sample size over 6e5 does.
 *  - gsl_cdf_beta_Pinv gives NaN for 162 of 2166 (P, a, b) with a + b <=
 *    2e5 and P in 0.005 .. 0.995, is 1e-3 off at P = 0.025, a = 3e6, b =
 *    1e7, and does not return (over 90 s) for P = 0.025, a = b = 1e6.  It
 *    is not used: the quantile is found by Newton steps on GSL's P (lower
 *    tail) or Q (upper tail).
 */

/* One step of the modified Lentz recurrence for a continued fraction with
 * partial numerator aa: updates the ratios *c and *d and returns the
 * factor the fraction's value is multiplied by. */
static double lentz_step(double aa, double *c, double *d)
{
	const double tiny = 1e-300;
	*d = 1 + aa * *d;
	if (fabs(*d) < tiny)
		*d = tiny;
	*c = 1 + aa / *c;
	if (fabs(*c) < tiny)
		*c = tiny;
	*d = 1 / *d;
	return *d * *c;
}

/* I_x(a, b) for x < (a + 1) / (a + b + 2) by GSL's continued fraction
 * without its 512-term cap (only where GSL gives up: see above); the
 * prefactor uses gsl_sf_lnbeta, accurate for large a and b. */
static double beta_cf(double x, double a, double b)
{
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	if (fabs(d) < 1e-300)
		d = 1e-300;
	d = 1 / d;
	double h = d;
	for (int m = 1; m < 10000000; m++) {
		double m2 = 2.0 * m;
		h *= lentz_step(m * (b - m) * x / ((a - 1 + m2) * (a + m2)), &c,
		                &d);
		double del = lentz_step(-(a + m) * (a + b + m) * x /
		                            ((a + m2) * (a + 1 + m2)),
		                        &c, &d);
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	double lf = a * log(x) + b * log1p(-x) - gsl_sf_lnbeta(a, b);
	return exp(lf) * h / a;
}

/* I_x(a, b) (upper = 0) or 1 - I_x(a, b) (upper = 1), for 0 < x < 1. */
static double beta_tail(double x, double a, double b, int upper)
{
	double F = upper ? gsl_cdf_beta_Q(x, a, b) : gsl_cdf_beta_P(x, a, b);
	if (!isnan(F))
		return F;
	/* GSL's failure near the mean: the fraction of the faster side */
	if (x < (a + 1) / (a + b + 2))
		return upper ? 1 - beta_cf(x, a, b) : beta_cf(x, a, b);
	return upper ? beta_cf(1 - x, b, a) : 1 - beta_cf(1 - x, b, a);
}

/*
 * The P quantile of Beta(a, b): x with I_x(a, b) = P, solved on the lower
 * tail for P <= 1/2 and on the upper one (1 - I = 1 - P) above, from the
 * normal approximation by Newton steps, bisecting (on the log scale while
 * the bracket spans orders of magnitude) whenever a step leaves the
 * bracket.  About 1e-15 relative; NaN without a solution.
 */
double kli_beta_quantile(double P, double a, double b)
{
	if (!(a > 0 && b > 0 && P > 0 && P < 1))
		return NAN;
	int upper = P > 0.5;
	double want = upper ? 1 - P : P;
	double lo = DBL_MIN, hi = 1, m = a / (a + b);
	double x =
	    m + gsl_cdf_ugaussian_Pinv(P) * sqrt(m * (1 - m) / (a + b + 1));
	if (!(x > 0 && x < 1))
		x = m;
	for (int i = 0; i < 400; i++) {
		/* g rises with x: F - P on the lower tail, (1-P) - Q above */
		double F = beta_tail(x, a, b, upper);
		double g = upper ? want - F : F - want;
		if (g == 0)
			return x;
		if (g < 0)
			lo = x;
		else
			hi = x;
		double pdf = gsl_ran_beta_pdf(x, a, b);
		double nx = pdf > 0 ? x - g / pdf : NAN;
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
		    kli_beta_quantile(alpha / 2, neff * p, neff * (1 - p) + 1);
		r->ci[KL_CI_BETA][1] = kli_beta_quantile(
		    1 - alpha / 2, neff * p + 1, neff * (1 - p));
	}
}
