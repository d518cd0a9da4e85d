/*
 * mse_priv.h - the fitting workspace shared by mse.c (fits, checks,
 * intervals) and mse_select.c (selection rules, bootstrap).  Never
 * included from cli/.
 *
 * Fits work on the 2^k cells directly.  A design column is a mask c (0 =
 * intercept) and X[w][c] = 1 when c is a subset of w, so every sum over
 * cells that X'WX and X'(y - mu) need is a superset sum S[c] = sum of
 * v[w] over w containing c, computed for all masks at once in k 2^k steps
 * (the zeta transform); eta = X b is the matching subset sum.  A Newton
 * step then costs O(k 2^k + p^3) instead of O(2^k p^2).
 */
#ifndef KL_MSE_PRIV_H
#define KL_MSE_PRIV_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "kl_mse.h"

struct kli_mse_ws {
	int k, nc; /* lists, cells (2^k, cell 0 included) */
	int p;     /* columns in use */
	int first; /* 0, or 1 when beta[0] is fixed (profile in b0) */
	unsigned cols[KL_MSE_MAX_PARAMS];
	unsigned char keep[KL_MSE_NCELLS]; /* cell is fitted */
	double y[KL_MSE_NCELLS];
	double sy[KL_MSE_NCELLS]; /* superset sums of y over kept cells */
	double beta[KL_MSE_MAX_PARAMS];
	double bnew[KL_MSE_MAX_PARAMS];
	double mu[KL_MSE_NCELLS];
	double mnew[KL_MSE_NCELLS];
	double s[KL_MSE_NCELLS];
	double dev;
	int iterations;
	/* model set-up */
	int nterms;
	unsigned short terms[KL_MSE_MAX_TERMS];
	unsigned char neg_inf[KL_MSE_MAX_TERMS];
	int n_neg_inf;
	gsl_matrix *H; /* nc x nc, used as p x p */
	gsl_vector *g, *x;
	gsl_matrix *X; /* nc x nc, used as m x p (rank check) */
	gsl_vector *tau, *norm;
	gsl_permutation *perm;
	int *ia, *ja; /* GLPK triplets */
	double *ar;
	/* kli_mse_mle_exists' answers for up to 6 lists: whether the MLE
	 * exists depends only on the design and on which fitted cells are
	 * observed (the face of the marginal cone their sum lies in), not
	 * on the counts, so a bootstrap's replicates ask the same LP again;
	 * key: the design's columns, the fitted and the observed cells as
	 * bit sets of the 2^k cells */
	struct kli_lp_memo {
		unsigned long long cols, keep, pos;
		int exists;
	} lp_memo[256];
	size_t nlp_memo; /* entries filled; the next goes to nlp_memo % 256 */
};

struct kli_mse_ws *kli_mse_ws_new(int k);
void kli_mse_ws_free(struct kli_mse_ws *w);

/* Load the data and the model's design into w (drops -Inf terms). */
void kli_mse_setup(struct kli_mse_ws *w, const struct kl_mse_data *d,
                   const struct kl_mse_model *m);

/* checkident on the design loaded by kli_mse_setup(); why may be NULL. */
int kli_mse_check(struct kli_mse_ws *w, const struct kl_mse_data *d, int *code,
                  char *why, size_t whylen, struct kl_error *err);

/* Rank of the loaded design (QR with column pivoting; -1 on failure); the
 * columns beyond the rank, in pivot order, go to dep[] (may be NULL). */
int kli_mse_design_rank(struct kli_mse_ws *w, int *dep, int *ndep);

/* Fienberg-Rinaldo LP on the loaded design: 1 when the MLE exists, else 0.
 * Existence is inherited by column subsets on the same fitted cells. */
int kli_mse_mle_exists(struct kli_mse_ws *w);

/* Newton fit of the loaded design; warm = start from w->beta. */
int kli_mse_newton(struct kli_mse_ws *w, int warm, struct kl_error *err);

/* -2 loglik, AIC, BIC of the fit in w (after kli_mse_newton) */
double kli_mse_loglik(const struct kli_mse_ws *w);

/* Check, fit and fill f, using w. */
int kli_mse_fit(struct kli_mse_ws *w, const struct kl_mse_data *d,
                const struct kl_mse_model *m, unsigned flags,
                struct kl_mse_fit *f, struct kl_error *err);

#endif
