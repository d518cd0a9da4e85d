/*
 * calibrate_solve.c - the calibration solvers on a struct kli_cal_run
 * whose rows, columns and targets are in place (calibrate.c): post-
 * stratification, raking and linear calibration (with bounds, R's grake
 * Newton iterations), and the checks of the weights they give.  Formulas
 * follow R survey 4.1.1 (postStratify, rake, grake, cal.linear).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "calibrate_priv.h"
#include "store_priv.h"
#include "util_priv.h"

/* ------------------------------------------------------------ algorithms */

/*
 * The solvers work on the crossed cells of the calibration variables: the
 * rows of a cell share every column, so they share the factor g = w / w0
 * (r->g) and the weights after each margin (r->gp); a cell weighs in with
 * the sum of its design weights r->cw0.
 */

/* Post-stratification: g_c = T_c / sum_c w0. */
static int poststrat(struct kli_cal_run *r, struct kl_error *err)
{
	double *S = kli_cal_col_sums(r);
	if (!S)
		return kli_oom(err);
	for (size_t j = 0; j < r->cols.n; j++)
		S[j] = r->T[j] / S[j];
	for (size_t c = 0; c < r->cells.n; c++)
		r->g[c] = r->gp[c] = S[cell_col(r, c, 0)];
	free(S);
	for (size_t g = 0; g < r->groups.n; g++)
		r->res->groups[g].sweeps = 1;
	return 0;
}

/* KL_ERR_NUMERIC when the margins of a group have different totals
 * (raking only converges to the targets when they agree). */
static int same_totals(const struct kli_cal_run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	for (size_t g = 0; g < r->groups.n; g++) {
		double t0 = 0;
		for (size_t m = 0; m < r->nm; m++) {
			double t = 0;
			for (size_t j = r->gstart[g]; j < r->gstart[g + 1]; j++)
				if (r->col_margin[j] == m)
					t += r->T[j];
			if (m == 0)
				t0 = t;
			else if (fabs(t - t0) > 1e-9 * fabs(t0))
				return kl_error_set(
				    err, KL_ERR_NUMERIC,
				    "the margins' totals differ%s%s: %.10g for "
				    "%s, %.10g for %s; raking cannot meet both",
				    c->over ? " for " : "",
				    c->over ? r->groups.key[g] : "", t0,
				    c->margins[0], t, c->margins[m]);
		}
	}
	return 0;
}

/* Raking: post-stratify on each margin in turn until no crossed cell
 * moves by more than tol x sum w0 (per group); KL_ERR_NUMERIC when the
 * margins' totals differ or it does not converge in max_sweeps. */
static int rake(struct kli_cal_run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	double tol = c->tol > 0 ? c->tol : 1e-13;
	long maxit = c->max_sweeps > 0 ? c->max_sweeps : 200;
	/* the crossed table of all calibration variables (R's svytable(ff))
	 * is the table of cells */
	size_t G = r->groups.n, nc = r->cells.n, J = r->cols.n, M = r->nm;
	const uint32_t *cg = r->cgroup;
	double *S = malloc((J + 1) * sizeof(*S));
	double *gsum = calloc(G + 1, sizeof(*gsum));
	double *delta = calloc(G + 1, sizeof(*delta));
	double *oldt = calloc(nc + 1, sizeof(*oldt));
	int *done = calloc(G + 1, sizeof(int));
	int rc = 0;

	if (!S || !gsum || !delta || !oldt || !done) {
		rc = kli_oom(err);
		goto out;
	}
	rc = same_totals(r, err);
	if (rc)
		goto out;
	for (size_t k = 0; k < nc; k++) {
		r->g[k] = 1;
		gsum[cg[k]] += r->cw0[k];
		oldt[k] = r->cw0[k];
	}
	/* groups are independent; one loop runs them together and stops
	 * each at its own convergence (a converged group keeps its
	 * weights: its further sweeps are skipped) */
	for (long it = 1;; it++) {
		for (size_t m = 0; m < M; m++) {
			memset(S, 0, J * sizeof(*S));
			for (size_t k = 0; k < nc; k++)
				if (!done[cg[k]])
					S[cell_col(r, k, m)] +=
					    r->cw0[k] * r->g[k];
			for (size_t k = 0; k < nc; k++) {
				if (done[cg[k]])
					continue;
				size_t j = cell_col(r, k, m);
				r->g[k] *= r->T[j] / S[j];
				r->gp[k * M + m] = r->g[k];
			}
		}
		memset(delta, 0, G * sizeof(*delta));
		for (size_t k = 0; k < nc; k++) {
			if (done[cg[k]])
				continue;
			double t = r->cw0[k] * r->g[k], d = fabs(t - oldt[k]);
			if (d > delta[cg[k]])
				delta[cg[k]] = d;
			oldt[k] = t;
		}
		int all = 1;
		for (size_t g = 0; g < G; g++) {
			if (done[g])
				continue;
			r->res->groups[g].sweeps = it;
			r->res->groups[g].max_change = delta[g];
			if (delta[g] < tol * gsum[g])
				done[g] = 1;
			else
				all = 0;
		}
		if (all)
			break;
		if (it >= maxit) {
			size_t g;
			for (g = 0; g < G && done[g]; g++)
				;
			rc = kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "raking did not converge in %ld sweeps%s%s (a cell "
			    "total still moved by %g); check that the margins "
			    "have the same totals, or raise --max-sweeps",
			    maxit, c->over ? " for " : "",
			    c->over ? r->groups.key[g] : "", delta[g]);
			break;
		}
	}
out:
	free(S);
	free(gsum);
	free(delta);
	free(oldt);
	free(done);
	return rc;
}

/* Moore-Penrose inverse of the symmetric n x n matrix a (row-major) into
 * out, singular values below 256 eps x the largest treated as 0 (as
 * MASS::ginv(tol = 256 * .Machine$double.eps)). */
int kli_cal_pinv(const double *a, size_t n, double *out)
{
	gsl_matrix *A = gsl_matrix_alloc(n, n), *V = gsl_matrix_alloc(n, n);
	gsl_vector *S = gsl_vector_alloc(n);
	int rc = -1;
	if (!A || !V || !S)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			gsl_matrix_set(A, i, j, a[i * n + j]);
	if (gsl_linalg_SV_decomp_jacobi(A, V, S))
		goto out;
	double smax = gsl_vector_get(S, 0), cut = 256 * DBL_EPSILON * smax;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double x = 0;
			for (size_t k = 0; k < n; k++) {
				double s = gsl_vector_get(S, k);
				if (s > cut)
					x += gsl_matrix_get(V, i, k) *
					     gsl_matrix_get(A, j, k) / s;
			}
			out[i * n + j] = x;
		}
	rc = 0;
out:
	gsl_matrix_free(A);
	gsl_matrix_free(V);
	gsl_vector_free(S);
	return rc;
}

/* u clamped to [lo - 1, hi - 1] (g = 1 + u within the bounds). */
static double clampg(double u, double lo, double hi)
{
	/* cal.linear: Fm1(u) = pmin(pmax(u, lower - 1), upper - 1) */
	if (u < lo - 1)
		return lo - 1;
	if (u > hi - 1)
		return hi - 1;
	return u;
}

/* The misfit T - X'(w0 (1 + F(u))) of group g's columns j0.. (J of them)
 * into mis, and with T (J x J) the matrix X' diag(w0 F'(u)) X (cal.linear's
 * Tmat) when T is not NULL. */
static void misfit(const struct kli_cal_run *r, size_t g, size_t j0, size_t J,
                   const double *u, double lo, double hi, double *mis,
                   double *T)
{
	size_t M = r->nm;
	for (size_t j = 0; j < J; j++)
		mis[j] = r->T[j0 + j];
	if (T)
		memset(T, 0, J * J * sizeof(double));
	for (size_t k = 0; k < r->cells.n; k++) {
		if (r->cgroup[k] != g)
			continue;
		double f = 1 + clampg(u[k], lo, hi);
		int d = u[k] < hi - 1 && u[k] > lo - 1;
		for (size_t a = 0; a < M; a++) {
			size_t ja = cell_col(r, k, a) - j0;
			mis[ja] -= r->cw0[k] * f;
			if (!T || !d)
				continue;
			for (size_t b = 0; b < M; b++)
				T[ja * J + cell_col(r, k, b) - j0] += r->cw0[k];
		}
	}
}

/* Linear calibration per group, with bounds R's grake Newton steps;
 * KL_ERR_NUMERIC when the system has no solution or the bounded
 * iterations do not converge. */
static int linear(struct kli_cal_run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	int bounded = c->bounded;
	double lo = bounded ? c->lower : -INFINITY;
	double hi = bounded ? c->upper : INFINITY;
	long maxit = c->max_sweeps > 0 ? c->max_sweeps : 50;
	double eps = c->tol > 0 ? c->tol : 1e-7;
	size_t M = r->nm, C = r->cells.n;
	int rc = 0;

	for (size_t g = 0; g < r->groups.n; g++) {
		size_t j0 = r->gstart[g], J = r->gstart[g + 1] - j0;
		double *T = calloc(J * J + 1, sizeof(double));
		double *Ti = calloc(J * J + 1, sizeof(double));
		double *eta = calloc(J + 1, sizeof(double));
		double *mis = calloc(J + 1, sizeof(double));
		double *u = calloc(C + 1, sizeof(double));
		if (!T || !Ti || !eta || !mis || !u) {
			rc = kli_oom(err);
			goto next;
		}
		for (long it = 1;; it++) {
			misfit(r, g, j0, J, u, lo, hi, mis, T);
			if (kli_cal_pinv(T, J, Ti)) {
				rc = kl_error_set(err, KL_ERR_NUMERIC,
				                  "linear calibration: the "
				                  "system has no solution");
				goto next;
			}
			for (size_t a = 0; a < J; a++)
				for (size_t b = 0; b < J; b++)
					eta[a] += Ti[a * J + b] * mis[b];
			for (size_t k = 0; k < C; k++) {
				if (r->cgroup[k] != g)
					continue;
				u[k] = 0;
				for (size_t m = 0; m < M; m++)
					u[k] += eta[cell_col(r, k, m) - j0];
			}
			double worst = 0;
			misfit(r, g, j0, J, u, lo, hi, mis, NULL);
			for (size_t j = 0; j < J; j++) {
				double e =
				    fabs(mis[j]) / (1 + fabs(r->T[j0 + j]));
				if (e > worst)
					worst = e;
			}
			r->res->groups[g].sweeps = it;
			r->res->groups[g].max_change = worst;
			if (!bounded || worst < eps)
				break;
			if (it >= maxit) {
				rc = kl_error_set(
				    err, KL_ERR_NUMERIC,
				    "bounded calibration did not converge in "
				    "%ld iterations%s%s (largest relative "
				    "misfit %g); widen --bounds",
				    maxit, c->over ? " for " : "",
				    c->over ? r->groups.key[g] : "", worst);
				goto next;
			}
		}
		for (size_t k = 0; k < C; k++) {
			if (r->cgroup[k] != g)
				continue;
			r->g[k] = 1 + clampg(u[k], lo, hi);
			for (size_t m = 0; m < M; m++)
				r->gp[k * M + m] = r->g[k];
		}
	next:
		free(T);
		free(Ti);
		free(eta);
		free(mis);
		free(u);
		if (rc)
			return rc;
	}
	return 0;
}

/* Run the method and check the weights (calibrate_priv.h). */
int kli_cal_run_method(struct kli_cal_run *r, struct kl_error *err)
{
	size_t G = r->groups.n;
	r->res->groups = calloc(G + 1, sizeof(*r->res->groups));
	if (!r->res->groups)
		return kli_oom(err);
	r->res->ngroups = G;
	for (size_t g = 0; g < G; g++) {
		struct kl_cal_group *q = &r->res->groups[g];
		if (r->c->over && !(q->over = kli_strdup(r->groups.key[g])))
			return kli_oom(err);
		q->g_min = INFINITY;
		q->g_max = -INFINITY;
	}
	int rc;
	switch (r->c->method) {
	case KL_CAL_POSTSTRAT:
		rc = poststrat(r, err);
		break;
	case KL_CAL_RAKE:
		rc = rake(r, err);
		break;
	case KL_CAL_LINEAR:
		rc = linear(r, err);
		break;
	default:
		rc = kl_error_set(err, KL_ERR_USAGE, "unknown method");
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < r->n; i++) {
		size_t k = r->cell[i];
		struct kl_cal_group *q = &r->res->groups[r->cgroup[k]];
		double w = kli_cal_run_w(r, i);
		if (!isfinite(w) || !(w >= 0))
			return kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "calibration gave an invalid weight "
			    "(%g) at survey row %lld",
			    w, r->row[i]);
		if (r->g[k] < q->g_min)
			q->g_min = r->g[k];
		if (r->g[k] > q->g_max)
			q->g_max = r->g[k];
		q->n++;
		q->sum_w0 += r->w0[i];
		q->sum_w += w;
	}
	return 0;
}
