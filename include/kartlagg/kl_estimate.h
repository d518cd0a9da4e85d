/*
 * kl_estimate.h - design-based estimation on a survey in the store:
 * proportions of each category of an item (or the mean of a numeric item),
 * overall and in domains, with Taylor-linearised standard errors that agree
 * with R's survey package (svymean(..., na.rm = TRUE), svyby, svyciprop).
 *
 * A design says which columns hold the strata, the cluster ids of one or
 * two stages, the weights and the finite population corrections, as
 * svydesign(ids = ~psu + ssu, strata = ~s, weights = ~w, fpc = ~N1 + N2,
 * nest = TRUE) does.  `over` splits the rows into separate samples (one
 * design each, e.g. survey waves).  Every formula is in
 * kartlagg-estimate(1), METHOD.
 *
 * The survey table is read once per call: one SELECT of the needed
 * columns, accumulating weighted totals per (sampling unit, domain), so
 * memory grows with the number of units and domains, not with the rows.
 */
#ifndef KL_ESTIMATE_H
#define KL_ESTIMATE_H

#include <stddef.h>

#include "kl_error.h"
#include "kl_store.h"

/* What to do with a stratum that has one sampled unit (R's
 * options(survey.lonely.psu)). */
enum kl_lonely {
	KL_LONELY_FAIL = 0, /* stop with an error (default) */
	KL_LONELY_ADJUST,   /* centre the unit at the grand mean 0 */
	KL_LONELY_CERTAINTY,
	KL_LONELY_REMOVE,
	KL_LONELY_AVERAGE, /* scale by strata / strata with variance */
};

/* "fail", "adjust", ... -> enum; -1 for an unknown name. */
int kl_lonely_parse(const char *s);
const char *kl_lonely_name(enum kl_lonely l);

/* A sampling design, by column (short) names.  NULL = not given. */
struct kl_design_spec {
	char *psu[2]; /* cluster ids of stage 1 and 2 */
	char *strata; /* stage-1 strata */
	char *weight; /* sampling weights; NULL = from fpc, else 1 */
	char *fpc[2]; /* population size (> 1) or sampling fraction (<= 1) */
	char *over;   /* separate samples per value */
	enum kl_lonely lonely;
};

/* Free the strings of a spec (not the struct); accepts NULL. */
void kl_design_spec_release(struct kl_design_spec *d);

/*
 * Save `d` under `name` in the store's `designs` table, replacing a
 * design of the same name.  The store must be open
 * for writing.
 */
int kl_design_save(struct kl_store *st, const char *name,
                   const struct kl_design_spec *d, const char *survey,
                   struct kl_error *err);

/* Load the design saved as `name` into *d (strings owned by *d: release
 * with kl_design_spec_release).  KL_ERR_USAGE when there is none. */
int kl_design_load(struct kl_store *st, const char *name,
                   struct kl_design_spec *d, struct kl_error *err);

/* Confidence interval methods, as svyciprop(method = ...). */
enum kl_ci {
	KL_CI_LOGIT = 0, /* closed form of R's svyglm Wald interval */
	KL_CI_BETA,      /* Korn-Graubard */
	KL_CI_MEAN,      /* p +- t * se */
	KL_CI_XLOGIT,    /* expit(logit p +- t * se / (p (1 - p))) */
	KL_CI_N
};
const char *kl_ci_name(enum kl_ci m);

struct kl_est_opts {
	const struct kl_design_spec *design;
	const char *const *items; /* short names; NULL = every category and
	                             multiple-choice variable not used by the
	                             design or the domains */
	size_t nitems;
	const char *const *by; /* domain sets, each "a" or "a,b" (crossed) */
	size_t nby;
	int overall;         /* also estimate the whole sample when nby > 0 */
	double level;        /* confidence level, 0 < level < 1 (0 = 0.95) */
	long min_n;          /* flag cells with fewer valid answers */
	const char *weights; /* weight set (kartlagg calibrate) or NULL: its
	                        weights replace the design weights and the
	                        variance is calibration-adjusted */
	/* Subpopulation: when subset is set, only rows whose variable
	 * `subset` is one of subset_vals[0..nsubset) are in a domain (the
	 * whole sample included); the other rows stay in the design and the
	 * calibration, as R's subset() of a design keeps them. */
	const char *subset;
	const char *const *subset_vals;
	size_t nsubset;
	int drop_missing; /* 1: a by-variable's missing code (codebook
	                     bortfallskod) is in no domain of the set */
	int proportion;   /* 1: an integer item is a 0/1 category (codes 0
	                     and 1; any other value is an error), with the
	                     proportion intervals of a coded category */
};

/* A text item of a survey imported without a codebook is a category when it has
 * at most this many distinct values, compared without regard to case
 * (kartlagg-estimate(1), ITEMS). */
#define KL_EST_TEXT_LEVELS 10

/* Flags of a result row (kartlagg-estimate(1), DEGENERATE CELLS). */
enum {
	KL_EF_EMPTY = 1,   /* no valid answer in the domain */
	KL_EF_ZERO = 2,    /* proportion 0: interval one-sided */
	KL_EF_ALL = 4,     /* proportion 1: interval one-sided */
	KL_EF_DF = 8,      /* df < 1: no interval */
	KL_EF_SMALL = 16,  /* n_valid below min_n */
	KL_EF_SE0 = 32,    /* se 0 with 0 < p < 1 */
	KL_EF_NOVAR = 64,  /* variance undefined (lonely unit, average) */
	KL_EF_NODEFF = 128 /* deff undefined */
};
/* The flag words joined by ';' into buf ("" when none). */
void kl_est_flags_str(unsigned flags, char *buf, size_t n);

struct kl_est_item {
	char *name;
	char *label; /* codebook label or NULL */
	int numeric; /* 1 = mean of a number; no levels */
	size_t nlevels;
	char **codes;  /* category codes */
	char **labels; /* their labels (may be NULL entries) */
};

struct kl_est_set {
	size_t nvars;
	char **vars; /* by-variable names; 0 vars = the whole sample */
};

struct kl_est_domain {
	size_t set;    /* index into sets */
	char *over;    /* value of the over variable, or NULL */
	char **values; /* one per set variable */
	char **labels; /* their codebook labels (NULL entries when none) */
};

/* One item x level x domain; undefined numbers are NaN (printed empty). */
struct kl_est_row {
	size_t item, domain;
	long level; /* index into the item's codes; -1 for a mean */
	long long n_rows, n_valid, n_yes; /* n_yes -1 for a mean */
	long long n_domain; /* rows in the domain; n_rows is the whole
	                       sample's under calibration (as R) */
	double sum_w, df, prop, se, deff;
	double ci[KL_CI_N][2];
	double total, se_total;
	unsigned flags;
};

struct kl_est_result {
	char *survey;
	struct kl_design_spec design; /* as used (copied) */
	double level;
	size_t nitems;
	struct kl_est_item *items;
	size_t nsets;
	struct kl_est_set *sets;
	size_t ndomains;
	struct kl_est_domain *domains;
	size_t nrows;
	struct kl_est_row *rows; /* domain-major: domains in order, then
	                            items, then levels */
};

/*
 * Estimate every item (and every category of it) in every domain of
 * survey `survey`.  On success *out holds a new result (free with
 * kl_est_result_free); on failure *out is NULL and err says why:
 * KL_ERR_USAGE for an unknown survey, variable or design option,
 * KL_ERR_PARSE for data that cannot support the design (a missing
 * stratum, a lonely unit under "fail", fpc values that contradict the
 * sample), KL_ERR_STORE/KL_ERR_NOMEM otherwise.
 */
int kl_estimate(struct kl_store *st, const char *survey,
                const struct kl_est_opts *o, struct kl_est_result **out,
                struct kl_error *err);
void kl_est_result_free(struct kl_est_result *r);

/* One row of a comparison between two values of the over variable. */
struct kl_est_diff {
	size_t item, domain; /* domain of the first sample (its values) */
	long level;
	double prop[2], se[2];
	double diff, se_diff, z, p_value, ci_lo, ci_hi;
};

/*
 * Differences b - a between the samples over = `a` and over = `b` for
 * every item, level and domain (matched by set and by-values): SE for
 * independent samples, z, two-sided normal p and a normal interval at
 * r->level.  *out is a new array of *n rows (free()).
 */
int kl_est_compare(const struct kl_est_result *r, const char *a, const char *b,
                   struct kl_est_diff **out, size_t *n, struct kl_error *err);

#endif
