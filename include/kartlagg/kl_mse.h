/*
 * kl_mse.h - multiple systems estimation (capture-recapture with several
 * lists): the hidden total from overlapping lists.
 *
 * Notation (kartlagg-mse(1), METHOD): k lists; a capture history is a cell
 * code w in 1 .. 2^k - 1 whose bit j is set when list j saw the person
 * (list 0 = the lowest bit, the first column of the input).  y[w] is the
 * number of people with history w; cell 0, the people no list saw, is the
 * dark figure to estimate.
 *
 * A model is the set of interaction terms (bit masks of two or more lists)
 * added to the intercept and the k main effects of the Poisson log-linear
 * model log mu[w] = b0 + sum_{j in w} b_j + sum_{t in M, t subset of w} b_t.
 * Models are hierarchical: with a term, every sub-term of two or more lists
 * is in the model too.  Terms whose observed margin N*_t (people seen on
 * every list of t) is 0 get the extended MLE b_t = -Inf (Chan, Silverman &
 * Vincent 2021): their column and every cell containing them are dropped.
 *
 * Nothing here prints: messages go to struct kl_error, notes (such as
 * merged duplicate histories) are fields of the structs.
 */
#ifndef KL_MSE_H
#define KL_MSE_H

#include "kl_error.h"

#define KL_MSE_MAX_LISTS 10
#define KL_MSE_NCELLS (1 << KL_MSE_MAX_LISTS)
/* every interaction of KL_MSE_MAX_LISTS lists */
#define KL_MSE_MAX_TERMS (KL_MSE_NCELLS - KL_MSE_MAX_LISTS - 1)
/* intercept + main effects + interactions */
#define KL_MSE_MAX_PARAMS KL_MSE_NCELLS
#define KL_MSE_NAME_MAX 64
/* Individuals in one data set at most (counts and their sums stay exact
 * and fit the Poisson tail functions' unsigned argument). */
#define KL_MSE_MAX_N 1e9

/* Capture-history counts; caller-allocated, no heap members. */
struct kl_mse_data {
	int k;                                         /* lists, 2 .. 10 */
	char names[KL_MSE_MAX_LISTS][KL_MSE_NAME_MAX]; /* header names */
	double y[KL_MSE_NCELLS];  /* count per cell code; y[0] = 0 */
	double n;                 /* observed individuals, sum of y */
	unsigned long rows;       /* data rows read */
	unsigned long duplicates; /* rows repeating an earlier history */
	unsigned long first_duplicate_line; /* line of the first, 0 = none */
	unsigned long first_duplicate_of;   /* the line it repeats */
};

/*
 * Read a capture-history CSV through kl_csv (any encoding or delimiter it
 * detects): a header with one column per list and a last column `count`,
 * then one row per history with 0/1 in the list columns and a count that
 * is an integer >= 0.  The all-zero history is refused (nobody can be seen
 * on no list); a history given twice is merged (d->duplicates counts the
 * rows).  Errors are KL_ERR_NOINPUT for a missing file and KL_ERR_PARSE
 * with path, line and column otherwise.
 */
int kl_mse_data_read(struct kl_mse_data *d, const char *path,
                     struct kl_error *err);

/*
 * Fill *d from counts y[1 .. 2^k - 1] (y[0] ignored) and k list names.
 * KL_ERR_USAGE for k out of range, a negative or non-integer count or a
 * bad name.
 */
int kl_mse_data_set(struct kl_mse_data *d, int k, const char *const *names,
                    const double *y, struct kl_error *err);

/*
 * Merge the lists named in `spec` ("A,B" or "A+B") into one list, present
 * when any of them is: the new list takes the place of the first, named
 * "A|B".  KL_ERR_USAGE for an unknown name or fewer than two names.
 */
int kl_mse_data_merge(struct kl_mse_data *d, const char *spec,
                      struct kl_error *err);

/* A model: its interaction terms, in the order they were given/added. */
struct kl_mse_model {
	int nterms;
	unsigned short terms[KL_MSE_MAX_TERMS];
};

/*
 * Parse "independence" (or "main") or a list of terms "A:B,B:C" (',' or
 * '+' between terms, ':' between the lists of one term) against the list
 * names of d.  The model must be hierarchical: KL_ERR_USAGE names a missing
 * sub-term, an unknown list or a repeated term.
 */
int kl_mse_model_parse(struct kl_mse_model *m, const struct kl_mse_data *d,
                       const char *spec, struct kl_error *err);

/* "A:B" for a term mask; returns buf. */
char *kl_mse_term_name(const struct kl_mse_data *d, unsigned term, char *buf,
                       size_t n);
/* "A:B+B:C", or "main" for independence; returns buf. */
char *kl_mse_model_name(const struct kl_mse_data *d,
                        const struct kl_mse_model *m, char *buf, size_t n);

/* Existence/identifiability codes (SparseMSE checkident). */
enum kl_mse_check {
	KL_MSE_OK = 0,
	KL_MSE_NO_MLE = 1,    /* Fienberg-Rinaldo LP optimum s = 0 */
	KL_MSE_NOT_IDENT = 2, /* design lacks full column rank */
	KL_MSE_NO_MLE_NOT_IDENT = 3,
};

/* kl_mse_fit() flags */
#define KL_MSE_FIT_INTERVALS 1u /* profile-likelihood intervals too */

/* One fitted model.  Large: allocate it on the heap. */
struct kl_mse_fit {
	struct kl_mse_model model;
	int checkident;                          /* enum kl_mse_check */
	char why[512];                           /* when checkident != 0 */
	unsigned char neg_inf[KL_MSE_MAX_TERMS]; /* term fixed at -Inf */
	int n_neg_inf;
	double n;         /* observed individuals */
	int cells_fitted; /* cells not dropped by -Inf terms */
	int ncols;        /* columns fitted (intercept, mains, finite terms) */
	int npar;         /* ncols + n_neg_inf */
	int df_residual;  /* cells_fitted - ncols */
	double loglik, deviance;
	double aic;       /* -2 loglik + 2 npar */
	double bic;       /* -2 loglik + npar log n */
	double bic_cells; /* -2 loglik + npar log(2^k - 1) */
	/* intercept, main effects in list order, then the terms in model
	 * order (-INFINITY for those fixed at -Inf) */
	double coef[KL_MSE_MAX_PARAMS];
	double se_log_dark; /* sqrt([(X'WX)^-1]_00) */
	double dark;        /* exp(b0) */
	double total;       /* n + dark */
	/* 95% intervals for the total; NAN when not computed */
	double wald_lo, wald_hi;
	double prof_lo, prof_hi;         /* Poisson profile likelihood in b0 */
	double mult_n, mult_lo, mult_hi; /* multinomial profile in N */
	double mult_st_n, mult_st_lo, mult_st_hi; /* ... Stirling (Rcapture) */
	double mu[KL_MSE_NCELLS]; /* fitted mean per cell; 0 when dropped */
	int iterations;           /* Newton iterations of the main fit */
};

/*
 * Check and fit model m to d.  With checkident != 0 the function still
 * returns KL_OK, f->why says which terms and why, and no estimates are
 * filled (they are NAN).  KL_ERR_NUMERIC when the fit itself fails.
 * flags: KL_MSE_FIT_INTERVALS adds the profile-likelihood intervals (tens
 * of refits).
 */
int kl_mse_fit(const struct kl_mse_data *d, const struct kl_mse_model *m,
               unsigned flags, struct kl_mse_fit *f, struct kl_error *err);

/* checkident alone (cheap when every fitted cell is observed). */
int kl_mse_checkident(const struct kl_mse_data *d, const struct kl_mse_model *m,
                      int *code, struct kl_error *err);

/* ---- model selection -------------------------------------------------- */

enum kl_mse_rule {
	KL_MSE_RULE_MODEL,       /* the model given */
	KL_MSE_RULE_STEPWISE,    /* SparseMSE stepwise, p threshold */
	KL_MSE_RULE_FORWARD_AIC, /* forward selection of pairs by AIC */
	KL_MSE_RULE_FORWARD_BIC, /* ... by BIC (log n) */
	KL_MSE_RULE_BIC,         /* exhaustive hierarchical, minimum BIC */
};

struct kl_mse_select_opts {
	enum kl_mse_rule rule;
	const struct kl_mse_model *model; /* KL_MSE_RULE_MODEL */
	double pthresh;                   /* stepwise; 0 = 0.02 */
	int max_order;   /* exhaustive; 0 = default for k (2, 3, 3, 2...) */
	long max_models; /* exhaustive: refuse above this; 0 = 1,000,000 */
	int top;         /* ranking entries kept; 0 = 10 */
};

/* One ranked model (exhaustive BIC). */
struct kl_mse_rank {
	struct kl_mse_model model;
	double aic, bic, total;
	long index; /* position in the enumeration, 0-based */
};

struct kl_mse_step {
	unsigned short term;
	double p; /* stepwise p-value, or the new AIC/BIC for forward */
};

/* The outcome of a selection rule; free with kl_mse_selection_free(). */
struct kl_mse_selection {
	enum kl_mse_rule rule;
	struct kl_mse_model model; /* the chosen model */
	int nsteps;                /* stepwise/forward: terms added */
	struct kl_mse_step steps[KL_MSE_MAX_TERMS];
	int max_order; /* exhaustive */
	long enumerated, admissible;
	int nrank; /* entries in rank (best first) */
	struct kl_mse_rank *rank;
	/* exhaustive: totals of the admissible models within 2 and 6 BIC
	 * units of the best (Raftery's "positive" and "strong" evidence) */
	long near2, near6;
	double near2_min, near2_max, near6_min, near6_max;
};

/* Default --max-order for k lists (2 for 3, 3 for 4-5, 2 otherwise). */
int kl_mse_default_max_order(int k);

/*
 * Run a selection rule on d.  On success *out is a new selection; on
 * failure *out is NULL: KL_ERR_NUMERIC when no admissible model exists,
 * KL_ERR_USAGE for an exhaustive search above max_models.
 */
int kl_mse_select(const struct kl_mse_data *d,
                  const struct kl_mse_select_opts *o,
                  struct kl_mse_selection **out, struct kl_error *err);
void kl_mse_selection_free(struct kl_mse_selection *s);

/* ---- bootstrap -------------------------------------------------------- */

struct kl_mse_boot_opts {
	long reps;          /* replicates, >= 1 */
	unsigned long seed; /* GSL mt19937 seed */
	double level;       /* 0 = 0.95 */
};

struct kl_mse_boot {
	long reps; /* replicates asked for */
	long ok;   /* replicates with an admissible model */
	unsigned long seed;
	double level;
	double estimate;       /* the total on the data */
	double lo, hi;         /* BCa interval */
	double pct_lo, pct_hi; /* plain percentile interval */
	double z0, accel;      /* bias correction and jackknife acceleration */
	double same_model; /* share of replicates selecting the same model */
};

/*
 * Nonparametric bootstrap of the total: resample the n individuals over
 * the observed cells (multinomial), re-run selection rule o on every
 * replicate, and form the BCa interval with the acceleration from a
 * leave-one-out jackknife (one refit per observed cell, weighted by its
 * count).  Deterministic for a given seed.
 */
int kl_mse_bootstrap(const struct kl_mse_data *d,
                     const struct kl_mse_select_opts *o,
                     const struct kl_mse_boot_opts *bo, struct kl_mse_boot *b,
                     struct kl_error *err);

#endif
