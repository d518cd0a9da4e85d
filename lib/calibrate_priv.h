/*
 * calibrate_priv.h - a weight set rebuilt in memory, for the
 * calibration-adjusted variance in estimate.c; never included from cli/.
 *
 * The variance of an estimate under calibrated weights replaces the row
 * scores x_i by residuals x_i - psw_i(m) sum_j beta_j [row i in cell j of
 * margin m] (kartlagg-calibrate(1), VARIANCE).  The coefficients beta are
 * a linear function of the sums s_j = sum over the domain's valid rows in
 * cell j of x_i v_i(m); kli_cal_beta computes them.
 */
#ifndef KL_CALIBRATE_PRIV_H
#define KL_CALIBRATE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "kl_calibrate.h"

struct kli_cal {
	enum kl_cal_method method;
	char *weight, *over; /* variable names */
	size_t nmargins;
	size_t nrows;
	long long *row;  /* survey _row of each row, ascending */
	uint32_t *group; /* over group of each row */
	double *w0, *w;  /* design and calibrated weight */
	uint32_t *col;   /* nrows x nmargins: global column of the row's cell */
	double *psw;     /* nrows x nmargins: weight the residual uses */
	double *vfac;    /* nrows x nmargins: factor v of s_j */
	size_t ngroups;
	char **group_over; /* over value of each group (NULL without over) */
	long long *group_nrows;
	size_t *gstart; /* columns of group g: gstart[g] .. gstart[g+1] */
	size_t ncols;
	uint32_t *col_margin; /* margin of each column */
	double *cnt;          /* rows in each column (rake) */
	double *diag;         /* post-stratification: sum of w0 per cell */
	double **ginv;        /* linear: pseudo-inverse of X'W0X per group */
	double **K;           /* rake: cross sums per group (J x J) */
};

/* Rebuild weight set `name` of `survey` (the calibration re-run from its
 * stored targets; KL_ERR_USAGE when it no longer reproduces the stored
 * weights, e.g. after a re-import). */
int kli_cal_load(struct kl_store *st, const char *survey, const char *name,
                 struct kli_cal **out, struct kl_error *err);
void kli_cal_free(struct kli_cal *c);

/* Index of the row with survey _row `row`, or -1. */
long kli_cal_find(const struct kli_cal *c, long long row);

/* beta (ncols, zeroed outside group g) from s (ncols). */
void kli_cal_beta(const struct kli_cal *c, size_t g, const double *s,
                  double *beta);

#endif
