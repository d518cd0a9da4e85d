/*
 * kl_calibrate.h - calibration of survey weights to population totals:
 * post-stratification, raking (iterative proportional fitting to
 * convergence) and linear (GREG) calibration with optional bounds, as R's
 * survey package does them (postStratify, rake, calibrate).  The weights
 * are kept in the store as a named weight set that `kartlagg estimate
 * --weights` uses with the calibration-adjusted Taylor variance.  Every
 * formula is in kartlagg-calibrate(1).
 *
 * Targets come from CSV files of population totals (one per margin) or
 * from the stored SCB population (table `population`) through a mapping
 * of survey categories to SCB categories (struct kl_pop_map).
 */
#ifndef KL_CALIBRATE_H
#define KL_CALIBRATE_H

#include <stddef.h>

#include "kl_error.h"
#include "kl_store.h"

enum kl_cal_method {
	KL_CAL_POSTSTRAT = 0, /* one margin: the crossed cells */
	KL_CAL_RAKE,          /* iterative proportional fitting */
	KL_CAL_LINEAR,        /* GREG: g = 1 + x'lambda, optionally bounded */
};
const char *kl_cal_method_name(enum kl_cal_method m);
/* "poststrat", "rake", "linear" -> enum; -1 for an unknown name. */
int kl_cal_method_parse(const char *s);

/* SCB dimensions a survey variable can be mapped to. */
enum kl_pop_dim { KL_POP_REGION = 0, KL_POP_AGE, KL_POP_SEX };

/*
 * A survey variable mapped to an SCB dimension: "VAR=DIM" (the survey
 * codes are SCB values: region codes, ages) or "VAR=DIM:a=x,b=y" (survey
 * code a is SCB value x, ...; codes not listed have no population figure).
 * DIM is region, age or sex.
 */
struct kl_pop_map {
	char *var;
	enum kl_pop_dim dim;
	size_t n;          /* 0 = identity */
	char **from, **to; /* survey code -> SCB value */
};
int kl_pop_map_parse(const char *s, struct kl_pop_map *m, struct kl_error *err);
void kl_pop_map_release(struct kl_pop_map *m);
/* The "VAR=DIM:a=x,..." text of m (new string, or NULL on OOM). */
char *kl_pop_map_str(const struct kl_pop_map *m);

struct kl_cal_spec {
	enum kl_cal_method method;
	const char *weight; /* design weight variable (required) */
	const char *over;   /* calibrate each value separately; NULL = one */
	size_t nmargins;
	const char *const *margins; /* each "a" or "a,b,...": crossed cells */
	const char *const *files;   /* CSV of totals per margin, or NULL =
	                               the stored population */
	size_t nmaps;
	const struct kl_pop_map *maps;
	const char
	    *level;      /* population rows: "kommun" (NULL), "lan", "riket" */
	long year;       /* population year; 0 = the value of `over` */
	double tol;      /* rake: stop when no cell total moves more than
	                    tol x the sum of the design weights (0 = 1e-13) */
	long max_sweeps; /* rake (0 = 200); linear with bounds: iterations */
	int bounded;     /* keep g within [lower, upper] (linear only) */
	double lower, upper;
	int force; /* calibrate to population rows of other regions than
	              the survey's (no region map); refused otherwise */
};

/* A calibration note: a category with no population figure. */
struct kl_cal_note {
	char *over;   /* value of `over`, or NULL */
	char *where;  /* "kon=3 (kod=1980, arskurs=9)" style description */
	double sum_w; /* its design-weight total, used as its target */
};

struct kl_cal_group {
	char *over;        /* NULL without `over` */
	long sweeps;       /* rake sweeps / linear iterations used; 1 else */
	double max_change; /* rake: change of the largest cell total in the
	                      last sweep; linear: largest relative misfit */
	double g_min, g_max;
	long n;
	double sum_w0, sum_w;
};

struct kl_cal_result {
	size_t ngroups;
	struct kl_cal_group *groups;
	size_t nnotes;
	struct kl_cal_note *notes;
	size_t ntargets;     /* targets actually used, for provenance */
	char **target_cells; /* "margin|over|a=x,b=y" */
	double *targets;
	char *source; /* description of where the targets came from */
};
void kl_cal_result_free(struct kl_cal_result *r);

/*
 * Calibrate the weights of survey `survey` by spec `c` and save them in
 * the store as weight set `name` (replacing a set of that name), in one
 * transaction.  *out (may be NULL) gets what happened.  KL_ERR_USAGE for
 * an unknown survey, variable or set-up; KL_ERR_PARSE for a bad targets
 * file (path:line:column); KL_ERR_NUMERIC when the calibration has no
 * solution (a target for a cell without respondents, raking that does not
 * converge, bounds that cannot be met).
 */
int kl_calibrate(struct kl_store *st, const char *survey, const char *name,
                 const struct kl_cal_spec *c, struct kl_cal_result **out,
                 struct kl_error *err);

/* Weight summary of one over group of a set ("design" = the design
 * weights the set started from). */
struct kl_wsummary {
	char *set, *over;
	long n;
	double min, max, sum, mean, sum_sq, kish_neff, kish_deff_w;
};

/*
 * Summaries of the weight sets named in names[0..n) (all sets when n is
 * 0) of survey `survey` (NULL = any), each preceded by the summary of its
 * design weights when `with_design` is set.  *out is a new array of *nout
 * entries (free with kl_wsummary_free).
 */
int kl_weights_summary(struct kl_store *st, const char *const *names, size_t n,
                       int with_design, struct kl_wsummary **out, size_t *nout,
                       struct kl_error *err);
void kl_wsummary_free(struct kl_wsummary *s, size_t n);

/*
 * Call fn once per respondent of weight set `name`, in survey line order:
 * the values of the variables `key` ("a,b"; NULL = the survey's key
 * variables, else _line), the design weight and the calibrated weight.
 * Returns fn's nonzero value when it stops the walk.
 */
typedef int (*kl_weights_fn)(void *ctx, size_t nkeys, const char *const *keys,
                             const char *const *values, double w0, double w);
int kl_weights_each(struct kl_store *st, const char *name, const char *key,
                    kl_weights_fn fn, void *ctx, struct kl_error *err);

/*
 * Population total for a domain: the sum of the stored population rows
 * (level `level`, NULL = kommun) of year `year` whose mapped dimensions
 * match the survey values vals[0..n) of variables vars[0..n), with every
 * mapped variable not in vars restricted to its mapped codes.  *N is NaN
 * when a value has no population figure or no row matches.
 */
int kl_population_total(struct kl_store *st, const struct kl_pop_map *maps,
                        size_t nmaps, const char *level, long year, size_t n,
                        const char *const *vars, const char *const *vals,
                        double *N, struct kl_error *err);

/* The estimation domain behind a population total: the survey's rows of
 * one round (over = over_value; over NULL = every row), and of them those
 * whose variable subset is one of subset_vals (subset NULL = all). */
struct kl_pop_domain {
	const char *survey;
	const char *over, *over_value;
	const char *subset;
	const char *const *subset_vals;
	size_t nsubset;
};

/*
 * kl_population_total for an estimation domain: a variable mapped without
 * codes (an identity map such as kod=region) and not in vars is
 * restricted to the values it takes in the domain's rows, so the overall
 * row of a survey of some kommuner counts the population of those
 * kommuner, not of every kommun in the store (kommun rows only: with
 * level "lan" or "riket" the map is used as by kl_population_total).
 */
int kl_population_domain(struct kl_store *st, const struct kl_pop_domain *dom,
                         const struct kl_pop_map *maps, size_t nmaps,
                         const char *level, long year, size_t n,
                         const char *const *vars, const char *const *vals,
                         double *N, struct kl_error *err);

#endif
