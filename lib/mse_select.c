/*
 * mse_select.c - choosing the log-linear model for multiple systems
 * estimation, and the bootstrap that repeats the choice.
 *
 * Rules (kartlagg-mse(1), METHOD; shared/reference/mse/README.md):
 *   stepwise     SparseMSE stepwisefit: add the pair with the smallest
 *                Poisson tail probability of its observed overlap while it
 *                is below pthresh; inadmissible pairs get p = 1.
 *   forward-aic  add the admissible pair that lowers AIC (BIC) most; stop
 *   forward-bic  when none does.
 *   bic          every hierarchical model up to max_order (the enumeration
 *                order of MultipleSystemsEstimation/Rcapture: pairs by a
 *                bit mask, then the triples all of whose pairs are in, ...),
 *                the admissible one with the smallest BIC; ties go to the
 *                model enumerated first.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "kl_mse.h"
#include "mse_priv.h"
#include "util_priv.h"

int kl_mse_default_max_order(int k)
{
	if (k == 4 || k == 5)
		return 3;
	if (k <= 2)
		return 1;
	return 2;
}

static int has_term(const struct kl_mse_model *m, unsigned t)
{
	for (int i = 0; i < m->nterms; i++)
		if (m->terms[i] == t)
			return 1;
	return 0;
}

/* Same set of terms, in any order. */
static int same_model(const struct kl_mse_model *a,
                      const struct kl_mse_model *b)
{
	if (a->nterms != b->nterms)
		return 0;
	for (int i = 0; i < a->nterms; i++)
		if (!has_term(b, a->terms[i]))
			return 0;
	return 1;
}

/* Pairs in the order (1,2), (1,3), ..., (k-1,k). */
static int pairs_of(int k, unsigned *out)
{
	int n = 0;
	for (int i = 0; i < k; i++)
		for (int j = i + 1; j < k; j++)
			out[n++] = (1u << i) | (1u << j);
	return n;
}

/* All masks of `size` lists in lexicographic order of their index sets
 * (R's combn order). */
static int combos(int k, int size, unsigned *out)
{
	int idx[KL_MSE_MAX_LISTS], n = 0;
	if (size > k)
		return 0;
	for (int i = 0; i < size; i++)
		idx[i] = i;
	for (;;) {
		unsigned m = 0;
		for (int i = 0; i < size; i++)
			m |= 1u << idx[i];
		out[n++] = m;
		int i = size - 1;
		while (i >= 0 && idx[i] == k - size + i)
			i--;
		if (i < 0)
			break;
		idx[i]++;
		for (int j = i + 1; j < size; j++)
			idx[j] = idx[j - 1] + 1;
	}
	return n;
}

struct sel_ctx {
	struct kli_mse_ws *w;
	struct kl_mse_fit *cur, *cand;
	const struct kl_mse_data *d;
	struct kl_error *err;
	int oom; /* select_total() ran out of memory */
};

static int check_model(struct sel_ctx *s, const struct kl_mse_model *m,
                       int *code)
{
	kli_mse_setup(s->w, s->d, m);
	return kli_mse_check(s->w, s->d, code, NULL, 0, s->err);
}

/* Fit the independence model m (no pairs) into s->cur, the start of
 * every selection; KL_OK, or KL_ERR_NUMERIC when it is not admissible. */
static int fit_independence(struct sel_ctx *s, struct kl_mse_model *m)
{
	int rc = kli_mse_fit(s->w, s->d, m, 0, s->cur, s->err);
	if (rc)
		return rc;
	if (s->cur->checkident)
		return kl_error_set(s->err, KL_ERR_NUMERIC,
		                    "the independence model is not "
		                    "admissible: %s",
		                    s->cur->why);
	return KL_OK;
}

static int stepwise(struct sel_ctx *s, double pthresh,
                    struct kl_mse_selection *sel)
{
	unsigned pairs[64];
	int np = pairs_of(s->d->k, pairs), rc;
	struct kl_mse_model m = {0};
	double sy[KL_MSE_NCELLS], smu[KL_MSE_NCELLS];

	memcpy(sy, s->d->y, sizeof(sy));
	sy[0] = 0;
	for (int j = 0; j < s->d->k; j++)
		for (int c = 0; c < (1 << s->d->k); c++)
			if (!(c & (1 << j)))
				sy[c] += sy[c | (1 << j)];
	rc = fit_independence(s, &m);
	if (rc)
		return rc;
	for (;;) {
		double best = 2;
		int bi = -1;
		memcpy(smu, s->cur->mu, sizeof(smu));
		for (int j = 0; j < s->d->k; j++)
			for (int c = 0; c < (1 << s->d->k); c++)
				if (!(c & (1 << j)))
					smu[c] += smu[c | (1 << j)];
		for (int i = 0; i < np; i++) {
			unsigned t = pairs[i];
			double ns = sy[t], ls = smu[t], p;
			int code;
			if (has_term(&m, t))
				continue;
			if (ls <= 0) {
				p = ns == 0 ? 1 : 0;
			} else {
				double lo = gsl_cdf_poisson_P((unsigned)ns, ls);
				double hi = ns >= 1
				                ? gsl_cdf_poisson_Q(
				                      (unsigned)(ns - 1), ls)
				                : 1;
				p = lo < hi ? lo : hi;
			}
			m.terms[m.nterms++] = (unsigned short)t;
			rc = check_model(s, &m, &code);
			m.nterms--;
			if (rc)
				return rc;
			if (code)
				p = 1;
			if (p < best) {
				best = p;
				bi = i;
			}
		}
		if (bi < 0 || best >= pthresh)
			break;
		m.terms[m.nterms++] = (unsigned short)pairs[bi];
		sel->steps[sel->nsteps].term = (unsigned short)pairs[bi];
		sel->steps[sel->nsteps].p = best;
		sel->nsteps++;
		rc = kli_mse_fit(s->w, s->d, &m, 0, s->cur, s->err);
		if (rc)
			return rc;
	}
	sel->model = m;
	return KL_OK;
}

static int forward(struct sel_ctx *s, int bic, struct kl_mse_selection *sel)
{
	unsigned pairs[64];
	int np = pairs_of(s->d->k, pairs), rc;
	struct kl_mse_model m = {0};
	double cur;

	rc = fit_independence(s, &m);
	if (rc)
		return rc;
	cur = bic ? s->cur->bic : s->cur->aic;
	for (;;) {
		double best = 0;
		int bi = -1;
		for (int i = 0; i < np; i++) {
			unsigned t = pairs[i];
			double v;
			if (has_term(&m, t))
				continue;
			m.terms[m.nterms++] = (unsigned short)t;
			rc = kli_mse_fit(s->w, s->d, &m, 0, s->cand, s->err);
			m.nterms--;
			if (rc)
				return rc;
			if (s->cand->checkident)
				continue;
			v = bic ? s->cand->bic : s->cand->aic;
			if (v < cur - 1e-12 && (bi < 0 || v < best)) {
				best = v;
				bi = i;
			}
		}
		if (bi < 0)
			break;
		m.terms[m.nterms++] = (unsigned short)pairs[bi];
		sel->steps[sel->nsteps].term = (unsigned short)pairs[bi];
		sel->steps[sel->nsteps].p = best;
		sel->nsteps++;
		cur = best;
	}
	sel->model = m;
	return KL_OK;
}

/* ---- exhaustive search ------------------------------------------------- */

struct enum_ctx {
	struct sel_ctx *s;
	int k, max_order;
	unsigned terms_of[KL_MSE_MAX_LISTS + 1][256]; /* by size */
	int nterms_of[KL_MSE_MAX_LISTS + 1];
	struct kl_mse_model m;
	long count, limit;
	int counting;
	/* results */
	long admissible;
	double *bic, *total; /* per admissible model */
	long nres, capres;
	struct kl_mse_selection *sel;
	int top;
	double warm[KL_MSE_NCELLS]; /* last coefficients by column mask */
	int rc;
	/* Existence and full rank are inherited by column subsets on the
	 * same fitted cells, and the fitted cells depend only on which
	 * empty-margin terms (N* = 0) a model has.  So for each such set S
	 * the largest design (every term with N* > 0 up to max_order) is
	 * checked once; when it passes, no model with that S needs its own
	 * LP or QR. */
	int use_cache;
	double sy[KL_MSE_NCELLS]; /* N* of every mask */
	unsigned zterm[64];       /* terms with N* = 0, by index */
	int nz;
	struct kl_mse_model big; /* every term with N* > 0 */
	struct {
		unsigned long long s;
		signed char full_rank, exists;
	} cache[256];
	int ncache;
	long lp_saved;
};

static void rank_insert(struct enum_ctx *e, double aic, double bic,
                        double total)
{
	struct kl_mse_selection *sel = e->sel;
	int pos = sel->nrank;
	/* strict order by BIC; an equal BIC keeps the earlier model first */
	while (pos > 0 && bic < sel->rank[pos - 1].bic)
		pos--;
	if (pos >= e->top)
		return;
	if (sel->nrank < e->top)
		sel->nrank++;
	memmove(&sel->rank[pos + 1], &sel->rank[pos],
	        (size_t)(sel->nrank - 1 - pos) * sizeof(sel->rank[0]));
	sel->rank[pos].model = e->m;
	sel->rank[pos].aic = aic;
	sel->rank[pos].bic = bic;
	sel->rank[pos].total = total;
	sel->rank[pos].index = e->count - 1;
}

/* checkident of the current model, with the cache described above; the
 * model's design is left loaded in the workspace. */
static int admissible(struct enum_ctx *e, int *code)
{
	struct sel_ctx *s = e->s;
	struct kli_mse_ws *w = s->w;
	int dep[KL_MSE_MAX_PARAMS], ndep, i, full, ex;
	unsigned long long S = 0;

	if (!e->use_cache) {
		kli_mse_setup(w, s->d, &e->m);
		return kli_mse_check(w, s->d, code, NULL, 0, s->err);
	}
	for (int t = 0; t < e->m.nterms; t++)
		if (e->sy[e->m.terms[t]] == 0)
			for (int z = 0; z < e->nz; z++)
				if (e->zterm[z] == e->m.terms[t])
					S |= 1ull << z;
	for (i = 0; i < e->ncache; i++)
		if (e->cache[i].s == S)
			break;
	if (i == e->ncache) {
		struct kl_mse_model big = e->big;
		for (int z = 0; z < e->nz; z++)
			if (S & (1ull << z))
				big.terms[big.nterms++] =
				    (unsigned short)e->zterm[z];
		kli_mse_setup(w, s->d, &big);
		full = kli_mse_design_rank(w, dep, &ndep) == w->p;
		ex = kli_mse_mle_exists(w);
		if (i < (int)(sizeof(e->cache) / sizeof(e->cache[0]))) {
			e->cache[i].s = S;
			e->cache[i].full_rank = (signed char)full;
			e->cache[i].exists = (signed char)ex;
			e->ncache++;
		}
	} else {
		full = e->cache[i].full_rank;
		ex = e->cache[i].exists;
	}
	kli_mse_setup(w, s->d, &e->m);
	if (!full) {
		int r = kli_mse_design_rank(w, dep, &ndep);
		if (r < 0)
			return kl_error_set(s->err, KL_ERR_NUMERIC,
			                    "QR decomposition of the design "
			                    "failed");
		full = r == w->p;
	}
	if (ex)
		e->lp_saved++;
	else
		ex = kli_mse_mle_exists(w);
	*code = (ex ? 0 : KL_MSE_NO_MLE) | (full ? 0 : KL_MSE_NOT_IDENT);
	return KL_OK;
}

/* Fit the current model of the enumeration. */
static int visit(struct enum_ctx *e)
{
	struct sel_ctx *s = e->s;
	struct kli_mse_ws *w = s->w;
	int code, rc;

	e->count++;
	if (e->counting)
		return e->count > e->limit ? -1 : 0;
	rc = admissible(e, &code);
	if (rc)
		return rc;
	if (code)
		return 0;
	/* warm start from the last fit, matched by column mask */
	for (int j = 0; j < w->p; j++)
		w->beta[j] = e->warm[w->cols[j]];
	rc = kli_mse_newton(w, e->admissible > 0, s->err);
	if (rc) {
		/* fall back to a cold start */
		kl_error_clear(s->err);
		rc = kli_mse_newton(w, 0, s->err);
		if (rc)
			return rc;
	}
	for (int j = 0; j < w->p; j++)
		e->warm[w->cols[j]] = w->beta[j];
	{
		double ll = kli_mse_loglik(w);
		int npar = w->p + w->n_neg_inf;
		double bic = -2 * ll + npar * log(s->d->n);
		double aic = -2 * ll + 2 * npar;
		double total = s->d->n + exp(w->beta[0]);
		if (e->nres == e->capres) {
			long cap = e->capres ? 2 * e->capres : 1024;
			double *b =
			    realloc(e->bic, (size_t)cap * sizeof(double));
			if (!b)
				return kli_oom(s->err);
			e->bic = b;
			b = realloc(e->total, (size_t)cap * sizeof(double));
			if (!b)
				return kli_oom(s->err);
			e->total = b;
			e->capres = cap;
		}
		e->bic[e->nres] = bic;
		e->total[e->nres] = total;
		e->nres++;
		e->admissible++;
		rank_insert(e, aic, bic, total);
	}
	return 0;
}

/* Enumerate subsets of the eligible terms of `size`, then recurse. */
static int enumerate(struct enum_ctx *e, int size)
{
	unsigned elig[256];
	int ne = 0, rc;

	if (size > e->max_order || size > e->k)
		return visit(e);
	/* a term is eligible when all its sub-terms of size-1 are in */
	for (int i = 0; i < e->nterms_of[size]; i++) {
		unsigned t = e->terms_of[size][i];
		int ok = 1;
		if (size > 2)
			for (int j = 0; j < e->k && ok; j++)
				if ((t & (1u << j)) &&
				    !has_term(&e->m, t & ~(1u << j)))
					ok = 0;
		if (ok)
			elig[ne++] = t;
	}
	if (ne > 30)
		return kl_error_set(e->s->err, KL_ERR_USAGE,
		                    "too many candidate terms (%d) for an "
		                    "exhaustive search",
		                    ne);
	int base = e->m.nterms;
	for (unsigned long mask = 0; mask < (1ul << ne); mask++) {
		e->m.nterms = base;
		for (int i = 0; i < ne; i++)
			if (mask & (1ul << i))
				e->m.terms[e->m.nterms++] =
				    (unsigned short)elig[i];
		rc = enumerate(e, size + 1);
		if (rc)
			return rc;
	}
	e->m.nterms = base;
	return 0;
}

static int exhaustive(struct sel_ctx *s, const struct kl_mse_select_opts *o,
                      struct kl_mse_selection *sel)
{
	struct enum_ctx *e = calloc(1, sizeof(*e));
	int rc;

	if (!e)
		return kli_oom(s->err);
	e->s = s;
	e->k = s->d->k;
	e->max_order =
	    o->max_order > 0 ? o->max_order : kl_mse_default_max_order(e->k);
	if (e->max_order > e->k)
		e->max_order = e->k;
	e->limit = o->max_models > 0 ? o->max_models : 1000000;
	e->top = o->top > 0 ? o->top : 10;
	e->sel = sel;
	/* terms_of holds every term of one size: at most C(10, 5) = 252 */
	_Static_assert(KL_MSE_MAX_LISTS <= 10, "terms_of needs more room");
	for (int size = 2; size <= e->max_order; size++)
		e->nterms_of[size] = combos(e->k, size, e->terms_of[size]);
	/* N* of every mask, and the terms up to max_order split by it */
	memcpy(e->sy, s->d->y, sizeof(e->sy));
	e->sy[0] = 0;
	for (int j = 0; j < e->k; j++)
		for (int c = 0; c < (1 << e->k); c++)
			if (!(c & (1 << j)))
				e->sy[c] += e->sy[c | (1 << j)];
	e->use_cache = 1;
	for (int size = 2; size <= e->max_order; size++)
		for (int i = 0; i < e->nterms_of[size]; i++) {
			unsigned t = e->terms_of[size][i];
			if (e->sy[t] > 0) {
				e->big.terms[e->big.nterms++] =
				    (unsigned short)t;
			} else if (e->nz < 64) {
				e->zterm[e->nz++] = t;
			} else {
				e->use_cache = 0;
			}
		}
	/* count first, so a search that is too large is refused at once */
	e->counting = 1;
	rc = enumerate(e, 2);
	if (rc == -1) {
		rc = kl_error_set(
		    s->err, KL_ERR_USAGE,
		    "exhaustive search would fit more than %ld "
		    "models (%d lists up to order %d); use "
		    "--model stepwise or forward-bic, merge lists "
		    "with --merge%s",
		    e->limit, e->k, e->max_order,
		    e->max_order > 2 ? ", or lower --max-order" : "");
		goto out;
	}
	if (rc)
		goto out;
	e->counting = 0;
	e->count = 0;
	sel->rank = calloc((size_t)e->top, sizeof(sel->rank[0]));
	if (!sel->rank) {
		rc = kli_oom(s->err);
		goto out;
	}
	rc = enumerate(e, 2);
	if (rc)
		goto out;
	sel->max_order = e->max_order;
	sel->enumerated = e->count;
	sel->admissible = e->admissible;
	if (!e->admissible) {
		rc = kl_error_set(s->err, KL_ERR_NUMERIC,
		                  "none of the %ld models is admissible (every "
		                  "one has a non-existent MLE or is not "
		                  "identifiable)",
		                  e->count);
		goto out;
	}
	sel->model = sel->rank[0].model;
	{
		double b0 = sel->rank[0].bic;
		sel->near2_min = sel->near6_min = INFINITY;
		sel->near2_max = sel->near6_max = -INFINITY;
		for (long i = 0; i < e->nres; i++) {
			double t = e->total[i];
			if (e->bic[i] <= b0 + 2) {
				sel->near2++;
				sel->near2_min = fmin(sel->near2_min, t);
				sel->near2_max = fmax(sel->near2_max, t);
			}
			if (e->bic[i] <= b0 + 6) {
				sel->near6++;
				sel->near6_min = fmin(sel->near6_min, t);
				sel->near6_max = fmax(sel->near6_max, t);
			}
		}
	}
out:
	free(e->bic);
	free(e->total);
	free(e);
	return rc;
}

/* Run rule o on s->d into sel (cleared first, rank kept allocated). */
static int select_into(struct sel_ctx *s, const struct kl_mse_select_opts *o,
                       struct kl_mse_selection *sel)
{
	struct kl_mse_rank *rank = sel->rank;
	memset(sel, 0, sizeof(*sel));
	free(rank);
	sel->rule = o->rule;
	switch (o->rule) {
	case KL_MSE_RULE_MODEL:
		if (!o->model)
			return kl_error_set(s->err, KL_ERR_USAGE,
			                    "no model given");
		sel->model = *o->model;
		return KL_OK;
	case KL_MSE_RULE_STEPWISE:
		return stepwise(s, o->pthresh > 0 ? o->pthresh : 0.02, sel);
	case KL_MSE_RULE_FORWARD_AIC:
		return forward(s, 0, sel);
	case KL_MSE_RULE_FORWARD_BIC:
		return forward(s, 1, sel);
	case KL_MSE_RULE_BIC:
		return exhaustive(s, o, sel);
	}
	return kl_error_set(s->err, KL_ERR_USAGE, "unknown selection rule");
}

static int ctx_init(struct sel_ctx *s, const struct kl_mse_data *d,
                    struct kl_error *err)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	s->err = err;
	s->w = kli_mse_ws_new(d->k);
	s->cur = malloc(sizeof(*s->cur));
	s->cand = malloc(sizeof(*s->cand));
	if (!s->w || !s->cur || !s->cand)
		return kli_oom(err);
	return KL_OK;
}

static void ctx_release(struct sel_ctx *s)
{
	kli_mse_ws_free(s->w);
	free(s->cur);
	free(s->cand);
}

int kl_mse_select(const struct kl_mse_data *d,
                  const struct kl_mse_select_opts *o,
                  struct kl_mse_selection **out, struct kl_error *err)
{
	struct sel_ctx s;
	struct kl_mse_selection *sel = calloc(1, sizeof(*sel));
	int rc;

	*out = NULL;
	if (!sel)
		return kli_oom(err);
	rc = ctx_init(&s, d, err);
	if (!rc)
		rc = select_into(&s, o, sel);
	ctx_release(&s);
	if (rc) {
		kl_mse_selection_free(sel);
		return rc;
	}
	*out = sel;
	return KL_OK;
}

void kl_mse_selection_free(struct kl_mse_selection *s)
{
	if (!s)
		return;
	free(s->rank);
	free(s);
}

/* ---- bootstrap ---------------------------------------------------------- */

/* Select on d and return the total of the chosen model (NAN when the
 * selection or the fit fails or the model is not admissible; s->oom is
 * set when that was for want of memory). */
static double select_total(struct sel_ctx *s, const struct kl_mse_data *d,
                           const struct kl_mse_select_opts *o,
                           struct kl_mse_selection *sel,
                           struct kl_mse_model *chosen)
{
	struct kl_error e;
	s->d = d;
	s->err = &e;
	kl_error_clear(&e);
	if (select_into(s, o, sel)) {
		s->oom |= e.status == KL_ERR_NOMEM;
		return NAN;
	}
	if (chosen)
		*chosen = sel->model;
	if (kli_mse_fit(s->w, d, &sel->model, 0, s->cur, &e) ||
	    s->cur->checkident) {
		s->oom |= e.status == KL_ERR_NOMEM;
		return NAN;
	}
	return s->cur->total;
}

/* Sample quantile, R's type 7 (linear between order statistics). */
static double quantile7(const double *x, long n, double q)
{
	double h = (double)(n - 1) * q;
	long lo = (long)floor(h);
	if (lo < 0)
		return x[0];
	if (lo >= n - 1)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

int kl_mse_bootstrap(const struct kl_mse_data *d,
                     const struct kl_mse_select_opts *o,
                     const struct kl_mse_boot_opts *bo, struct kl_mse_boot *b,
                     struct kl_error *err)
{
	struct sel_ctx s;
	struct kl_mse_selection *sel = calloc(1, sizeof(*sel));
	struct kl_mse_data *db = malloc(sizeof(*db));
	double *t = NULL, p[KL_MSE_NCELLS], theta;
	unsigned cell[KL_MSE_NCELLS], cnt[KL_MSE_NCELLS];
	size_t K = 0;
	gsl_rng *rng = NULL;
	struct kl_mse_model m0, mb;
	long same = 0;
	int rc;

	memset(b, 0, sizeof(*b));
	b->reps = bo->reps;
	b->seed = bo->seed;
	b->level = bo->level > 0 ? bo->level : 0.95;
	b->lo = b->hi = b->pct_lo = b->pct_hi = NAN;
	rc = ctx_init(&s, d, err);
	if (rc)
		goto out;
	if (!sel || !db) {
		rc = kli_oom(err);
		goto out;
	}
	if (bo->reps < 1) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "expected one or more replicates");
		goto out;
	}
	theta = select_total(&s, d, o, sel, &m0);
	if (s.oom) {
		rc = kli_oom(err);
		goto out;
	}
	if (isnan(theta)) {
		rc = kl_error_set(err, KL_ERR_NUMERIC,
		                  "no admissible model on the data");
		goto out;
	}
	b->estimate = theta;
	t = malloc((size_t)bo->reps * sizeof(double));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!t || !rng) {
		rc = kli_oom(err);
		goto out;
	}
	gsl_rng_set(rng, bo->seed);
	for (int c = 1; c < (1 << d->k); c++)
		if (d->y[c] > 0) {
			cell[K] = (unsigned)c;
			p[K] = d->y[c] / d->n;
			K++;
		}
	for (long r = 0; r < bo->reps; r++) {
		double v;
		*db = *d;
		memset(db->y, 0, sizeof(db->y));
		gsl_ran_multinomial(rng, K, (unsigned)d->n, p, cnt);
		for (size_t i = 0; i < K; i++)
			db->y[cell[i]] = cnt[i];
		v = select_total(&s, db, o, sel, &mb);
		if (s.oom) {
			rc = kli_oom(err);
			goto out;
		}
		if (isnan(v))
			continue;
		if (same_model(&mb, &m0))
			same++;
		t[b->ok++] = v;
	}
	if (b->ok < 2) {
		rc = kl_error_set(err, KL_ERR_NUMERIC,
		                  "fewer than two bootstrap replicates had an "
		                  "admissible model");
		goto out;
	}
	b->same_model = (double)same / (double)b->ok;
	gsl_sort(t, 1, (size_t)b->ok);
	{
		/* within 1e-9 of theta is a tie: the same total in exact
		 * arithmetic (the data with two lists' roles swapped, say)
		 * comes out of the fit a few ulps either side */
		long below = 0, ties = 0;
		double tie = 1e-9 * fabs(theta);
		for (long i = 0; i < b->ok; i++) {
			if (t[i] < theta - tie)
				below++;
			else if (t[i] <= theta + tie)
				ties++;
		}
		double frac =
		    ((double)below + 0.5 * (double)ties) / (double)b->ok;
		if (frac <= 0)
			frac = 0.5 / (double)b->ok;
		if (frac >= 1)
			frac = 1 - 0.5 / (double)b->ok;
		b->z0 = gsl_cdf_ugaussian_Pinv(frac);
	}
	/* jackknife over individuals: all in one cell give the same value */
	{
		double th[KL_MSE_NCELLS], mean = 0, s2 = 0, s3 = 0, nn = 0;
		for (size_t i = 0; i < K; i++) {
			*db = *d;
			db->y[cell[i]] -= 1;
			db->n -= 1;
			th[i] = select_total(&s, db, o, sel, NULL);
			if (s.oom) {
				rc = kli_oom(err);
				goto out;
			}
			if (isnan(th[i]))
				continue;
			mean += d->y[cell[i]] * th[i];
			nn += d->y[cell[i]];
		}
		mean /= nn;
		for (size_t i = 0; i < K; i++) {
			if (isnan(th[i]))
				continue;
			double u = mean - th[i];
			s2 += d->y[cell[i]] * u * u;
			s3 += d->y[cell[i]] * u * u * u;
		}
		b->accel = s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : 0;
	}
	{
		double alpha = (1 - b->level) / 2, q[2];
		for (int i = 0; i < 2; i++) {
			double z =
			    gsl_cdf_ugaussian_Pinv(i ? 1 - alpha : alpha);
			double zz = b->z0 + z;
			q[i] = gsl_cdf_ugaussian_P(b->z0 +
			                           zz / (1 - b->accel * zz));
		}
		b->lo = quantile7(t, b->ok, q[0]);
		b->hi = quantile7(t, b->ok, q[1]);
		b->pct_lo = quantile7(t, b->ok, alpha);
		b->pct_hi = quantile7(t, b->ok, 1 - alpha);
	}
out:
	if (rng)
		gsl_rng_free(rng);
	free(t);
	free(db);
	kl_mse_selection_free(sel);
	ctx_release(&s);
	return rc;
}
