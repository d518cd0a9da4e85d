/*
 * estimate_priv.h - the private interface between the files of
 * kartlagg-estimate(1): lib/estimate.c (kl_estimate, results),
 * estimate_design.c (names, the designs table, metadata, the design after
 * the scan), estimate_scan.c (the row scan), estimate_var.c (variance)
 * and estimate_ci.c (intervals and the Beta functions).  Never included
 * from cli/.
 */
#ifndef KL_ESTIMATE_PRIV_H
#define KL_ESTIMATE_PRIV_H

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "calibrate_priv.h"
#include "kl_codebook.h"
#include "kl_estimate.h"
#include "store_priv.h"
#include "util_priv.h"

static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* uint64 keys -> dense ids. */
struct umap {
	size_t cap, n;
	uint64_t *k;
	uint32_t *v; /* id + 1; 0 = empty */
};

static inline void umap_free(struct umap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static inline int umap_rehash(struct umap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	uint64_t *k = calloc(cap, sizeof(*k));
	uint32_t *v = calloc(cap, sizeof(*v));
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->v[i])
			continue;
		size_t j = hash_u64(m->k[i]) & (cap - 1);
		while (v[j])
			j = (j + 1) & (cap - 1);
		k[j] = m->k[i];
		v[j] = m->v[i];
	}
	free(m->k);
	free(m->v);
	m->k = k;
	m->v = v;
	m->cap = cap;
	return 0;
}

/* The id of key, adding it as `next` when new (*added = 1); -1 on OOM. */
static inline long umap_get(struct umap *m, uint64_t key, uint32_t next,
                            int *added)
{
	*added = 0;
	if (m->cap) {
		size_t j = hash_u64(key) & (m->cap - 1);
		while (m->v[j]) {
			if (m->k[j] == key)
				return m->v[j] - 1;
			j = (j + 1) & (m->cap - 1);
		}
	}
	if ((m->n + 1) * 2 > m->cap && umap_rehash(m))
		return -1;
	size_t j = hash_u64(key) & (m->cap - 1);
	while (m->v[j])
		j = (j + 1) & (m->cap - 1);
	m->k[j] = key;
	m->v[j] = next + 1;
	m->n++;
	*added = 1;
	return next;
}

struct mvar {
	char *name, *label, *type, *storage, *valid_spec;
	char *filter_var, *filter_value, *mc_group;
	size_t ncodes;
	char **codes;  /* valid codes, in codebook order */
	char **labels; /* their labels */
	size_t nmiss;
	char **miss; /* missing codes; "" = the empty cell */
	int col;     /* index in the SELECT, -1 = not read */
};

struct meta {
	long long survey_id;
	int codebook; /* imported with a codebook file */
	char *table;
	size_t nvars;
	struct mvar *vars;
};

struct ritem {
	struct mvar *v;
	int numeric, multi, is_int;
	int fold;   /* text item without codes: levels compared case-folded */
	int prop01; /* integer item asked as a 0/1 proportion */
	long long *icodes, *imiss;
	int filter; /* index into filters, -1 = none */
	int group;  /* multiple-choice group, -1 = none */
	size_t off; /* offset of the item block in a slot */
};

struct rfilter {
	int col;
	const char *value;
};

struct rgroup {
	const char *name;
	size_t n;
	struct ritem *m; /* members (classification only) */
};

struct stratum {
	uint32_t over, value; /* ids in the over / strata value maps */
	long npsu, nrows;
	double fpc; /* as read (NaN = none) */
	double N;   /* population size (NaN = none) */
	double f;   /* 1 - sampling fraction; 1 without fpc */
};

struct psu {
	uint32_t stratum, value;
	long nssu;
	double fpc, N, f;
};

struct slot {
	uint32_t unit, domain;
};

struct dom {
	uint32_t set, over;
	uint32_t *vals;  /* value ids, one per set variable */
	long start, end; /* range in the sorted slot order */
	double df;
	long long nrows;
	long long ndom; /* rows in the domain (nrows may be the sample's) */
};

struct est {
	struct kl_store *st;
	const struct kl_est_opts *o;
	struct kl_design_spec d;
	struct meta m;
	int clustered, two_stage, stage2_var, w_from_fpc, has_fpc;
	int c_line, c_over, c_strata, c_psu[2], c_weight, c_fpc[2];
	int c_subset; /* SELECT column of o->subset, -1 = none */
	size_t ncols;
	/* items */
	size_t nitems;
	struct ritem *items;
	size_t K; /* doubles per slot */
	size_t nfilters;
	struct rfilter *filters;
	size_t ngroups;
	struct rgroup *groups;
	/* domain sets */
	size_t nsets;
	struct kl_est_set *sets;
	int **setcols;         /* SELECT column of each set variable */
	struct mvar ***setmv;  /* and its metadata (missing codes) */
	struct kli_map byvals; /* texts of by-variable values */
	/* design */
	struct kli_map over_vals, strata_vals, psu_vals, ssu_vals;
	struct umap strata_map, psu_map, ssu_map, slot_map;
	struct kli_map dom_map;
	size_t nstrata, cstrata, npsu, cpsu, nssu, cssu, nslots, cslots, ndoms,
	    cdoms, cacc;
	struct stratum *strata;
	struct psu *psus;
	uint32_t *ssu_psu; /* PSU of each SSU */
	struct slot *slots;
	double *acc;
	struct dom *doms;
	uint32_t *order;    /* slots sorted by domain, stratum, psu, unit */
	uint32_t *dom_rank; /* output position of each domain */
	double fpc_min, fpc_max;
	int fpc_seen;
	/* calibrated weights (--weights): kartlagg-calibrate(1), VARIANCE */
	struct kli_cal *cal;
	struct umap cs_map; /* (domain, column) -> calibration slot */
	size_t ncs, ccs, ccsacc;
	struct slot *cs;   /* unit = column */
	double *csacc;     /* K doubles per calibration slot */
	struct umap p_map; /* (unit, column) -> P entry */
	size_t np, cpn;
	struct slot *pent; /* unit, column */
	double *pval;
	uint32_t *cs_order;            /* calibration slots by domain */
	long *cs_start;                /* per domain: range in cs_order */
	uint32_t *over_group;          /* cal group of each over value */
	uint32_t *hp_order, *sp_order; /* psus by stratum, ssus by psu */
	long *hp_start, *sp_start;
	double *zunit, *sbuf, *beta;
};

enum { H_NROWS = 0, H_NPOS, H_SIZE };

enum { I_B = 0, I_NV, I_W2, I_Q, I_Q2, I_SIZE };

enum { L_A = 0, L_N, L_A2, L_SIZE };

enum { LEV_NA = -1, LEV_NONE = -2, LEV_BAD = -3 };

struct cell {
	size_t off;  /* item block */
	size_t loff; /* level block */
	int numeric;
	int total; /* score of a total instead of a ratio */
	double p, B;
};

/* estimate_ci.c */
/* The P quantile of Beta(a, b) (x with I_x(a, b) = P) to about 1e-15
 * relative, for any a, b > 0; NaN unless 0 < P < 1. */
double kli_beta_quantile(double P, double a, double b);
void kli_est_fill_row(struct est *e, const struct dom *d, struct cell *c,
                      struct kl_est_row *r, double A, double W, double Q,
                      double *zbuf, double *zbuf2);

/* estimate_design.c */
int kli_est_spec_copy(struct kl_design_spec *dst,
                      const struct kl_design_spec *src);
void kli_est_meta_release(struct meta *m);
struct mvar *kli_est_meta_var(struct meta *m, const char *name);
int kli_est_load_meta(struct kl_store *st, const char *survey, struct meta *m,
                      struct kl_error *err);
int kli_est_finish_design(struct est *e, struct kl_error *err);
int kli_est_cmp_dom(const void *pa, const void *pb, void *ctx);
int kli_est_cmp_slot(const void *pa, const void *pb, void *ctx);

/* estimate_scan.c */
int kli_est_unit_stratum(const struct est *e, uint32_t unit);
uint32_t kli_est_unit_psu(const struct est *e, uint32_t unit);
int kli_est_is_design_var(const struct est *e, const char *name);
int kli_est_need_var(struct est *e, const char *name, const char *role,
                     int *col, struct kl_error *err);
int kli_est_setup_item(struct est *e, struct ritem *it, struct mvar *v,
                       struct kl_error *err);
int kli_est_setup_groups(struct est *e, struct kl_error *err);
void kli_est_ritem_release(struct ritem *it);
int kli_est_split_set(const char *spec, struct kl_est_set *s);
int kli_est_scan(struct est *e, struct kl_error *err);

/* estimate_var.c */
/* Index structures of the calibrated variance (P by unit and column,
 * calibration slots by domain, units by stratum and PSU); KL_OK or
 * KL_ERR_NOMEM. */
int kli_est_cal_setup(struct est *e, struct kl_error *err);
double kli_est_cell_var(struct est *e, const struct dom *d,
                        const struct cell *c, double *zbuf, double *zbuf2);

#endif
