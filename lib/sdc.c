/*
 * sdc.c - statistical disclosure control for published counts (kl_sdc.h).
 *
 * The method, in the order kl_sdc_protect() applies it (kartlagg-report(5),
 * DISCLOSURE CONTROL, says the same for readers):
 *
 * 0. Canonical order.  Cells are ranked by key (strcmp); the members of a
 *    relation are its total followed by its parts in key order; relations
 *    are sorted and duplicates dropped.  Every later choice walks these
 *    orders, so the pattern depends only on the keys, counts, exemptions
 *    and relations, never on the order of the calls.
 *
 *    Relations are sums (kl_sdc_sum: total = parts) or weighted
 *    (kl_sdc_rel: sum of a_i x_i = b, integer a_i != 0); cells are
 *    published, or unpublished (kl_sdc_unpublished: hidden from the start,
 *    never a complement, audited only when it counts persons and 1 <=
 *    count < level, so a large or zero one, or a slack, may follow
 *    from the published figures).  A cell's level is the threshold
 *    unless kl_sdc_level gave it its own (a survey's yes counts: the
 *    larger of the threshold and min-numerator).
 *
 * 1. Primary suppression.  A non-exempt cell with 1 <= count < level,
 *    or forced (kl_sdc_force), is hidden (frequency rule).  A non-exempt,
 * non-zero part equal to the total of a relation with at least two parts, when
 * that total is below margin_small, is hidden too (margin rule: "all known
 * persons in X are girls"); because its zero siblings would still say so, the
 * first non-exempt zero part of that relation (by key) is hidden with it. Other
 * zeros are never hidden by a rule.  The margin rule is for sum relations only,
 * and an unpublished part does not trigger it.
 *
 * 2. Secondary suppression, repeated until nothing changes:
 *    a. every relation (its total counting as a member) with exactly one
 *       hidden member (that needs the audit) gets a second: the non-exempt
 * shown member with the smallest count, non-zero before zero, ties broken by
 * key; b. audit: the hidden cells are split into connected components (two
 *       hidden cells are linked when they share a relation), and for each
 *       hidden cell a linear program (GLPK simplex) finds the least and
 *       the greatest value it can take, given every relation, the shown
 *       cells fixed and every hidden cell >= 0.  Feasible points found on
 *       the way widen the known range of every cell of the component, so a
 *       cell whose known range already protects it needs no program of
 *       its own, and a cell found protected stays so (hiding more cells
 *       only widens the feasible set), so it is not audited again.  A
 *       cell is protected when its interval holds at least two whole
 *       numbers (ceil(lo) < floor(hi)) and reaches 0 or its level: an
 *       interval inside 1..level-1 says "a small count", which is itself
 *       a disclosure.  Where a program meets a fractional point (in a
 *       component of up to SDC_WHOLE_MAX cells) or a weighted relation
 *       has a coefficient of 2 or more, the bounds are also rounded to
 *       whole numbers and fed back (audit_whole), as a reader can.  For
 *       an unprotected cell one more cell
 *       is hidden, the best (as in a) member of its relations; when those
 *       are all hidden or exempt, of the relations of the hidden cells
 *       that share one with it, and so on outwards.  One new cell per
 *       relation per round; then the round repeats.  A secondary cell
 *       pinned to its count (width 0) is not repaired: it may be freed by
 *       later cells.  When no cell is left to hide the call fails with
 *       KL_ERR_NUMERIC naming the cell.
 *
 * 3. Secondary cells still pinned at the end are published again: their
 *    values are implied by the published figures, so publishing them, all
 *    at once, changes no other cell's interval.
 *
 * The guarantee on success is the audit's: every hidden cell's feasible
 * interval holds two whole numbers and reaches 0 or the cell's level, so
 * no hidden cell, nor the fact that it is small, can be recovered from
 * the shown cells and the relations by subtraction, by solving the
 * equations, or by the bounds that non-negativity gives.  The continuous
 * program is what an attacker with a linear-programming solver gets; integer
 * reasoning can narrow an interval further in rare linked tables.
 */
#include "kl_sdc.h"
#include "util_priv.h"

#include <assert.h>
#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SDC_FLOOR 3
#define SDC_MAX_COUNT 1000000000000LL /* 10^12: exact in a double */
#define SDC_EPS 1e-7                  /* slack on the width 1 */
#define SDC_PIN 1e-6                  /* a width this small is 0 */
#define SDC_MAX_COEF 1000000LL        /* |coefficient| of kl_sdc_rel */
#define SDC_WHOLE_MAX                                                          \
	256 /* cells of a component reasoned in whole                          \
	       numbers for a fractional point alone */
#define NONE ((size_t)-1)

/* audit state of a hidden cell: not yet known, protected, not protected,
 * or secondary and pinned to its count (published again at the end) */
enum { AUD_NONE, AUD_OK, AUD_FAIL, AUD_PINNED };

struct sdc_cell {
	char *key;
	long long count;
	int exempt;
	int unpub; /* kl_sdc_unpublished: never printed; 1 persons, 2 slack */
	int force; /* kl_sdc_force: hidden whatever its count */
	long long level; /* kl_sdc_level: own protection level; 0 = the
	                    rules' threshold */
	enum kl_sdc_state st;
};

/*
 * A relation: sum of a[i] * x(m[i]) = b.  A sum relation (kl_sdc_sum) has
 * weighted = 0, m[0] its total, a = {1, -1, ..., -1} and b = 0; a weighted
 * one (kl_sdc_rel) any non-zero integer coefficients.
 */
struct sdc_rel {
	size_t *m;
	long long *a;
	size_t n;
	long long b;
	int weighted;
};

struct kl_sdc {
	struct sdc_cell *cell;
	size_t ncell, capcell;
	size_t *hash; /* open addressing: cell index + 1, 0 = empty */
	size_t nhash; /* a power of two, at least twice ncell */
	struct sdc_rel *rel;
	size_t nrel, caprel;
	int done;
	size_t count[5]; /* cells in each state, after kl_sdc_protect */
	long long threshold, margin_small;
};

void kl_sdc_rules_default(struct kl_sdc_rules *r)
{
	r->threshold = 5;
	r->margin_small = 10;
}

int kl_sdc_new(struct kl_sdc **out, struct kl_error *err)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return kli_oom(err);
	return KL_OK;
}

/* Free the n relations of r (their members and coefficients) and r;
 * r may be NULL. */
static void rels_free(struct sdc_rel *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].m);
		free(r[i].a);
	}
	free(r);
}

void kl_sdc_free(struct kl_sdc *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncell; i++)
		free(s->cell[i].key);
	rels_free(s->rel, s->nrel);
	free(s->cell);
	free(s->hash);
	free(s);
}

/* FNV-1a */
static size_t hash_key(const char *k)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Slot of key in the table: the slot holding it, or the empty one where it
 * would go. */
static size_t hash_slot(const struct kl_sdc *s, const char *key)
{
	size_t i = hash_key(key) & (s->nhash - 1);
	while (s->hash[i] && strcmp(s->cell[s->hash[i] - 1].key, key) != 0)
		i = (i + 1) & (s->nhash - 1);
	return i;
}

static int hash_grow(struct kl_sdc *s)
{
	size_t n = s->nhash ? s->nhash * 2 : 64;
	size_t *h = calloc(n, sizeof(*h));
	if (!h)
		return -1;
	free(s->hash);
	s->hash = h;
	s->nhash = n;
	for (size_t c = 0; c < s->ncell; c++)
		s->hash[hash_slot(s, s->cell[c].key)] = c + 1;
	return 0;
}

static int add_cell(struct kl_sdc *s, const char *key, long long count,
                    int exempt, int unpub, size_t *idx, struct kl_error *err)
{
	size_t slot;

	if (s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell '%s' registered after kl_sdc_protect",
		                    key);
	if (!key || !*key)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected a non-empty cell key");
	if (count < 0 || count > SDC_MAX_COUNT)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell '%s': expected a count from 0 to "
		                    "10^12, got a %s",
		                    key,
		                    count < 0 ? "negative one" : "larger one");
	exempt = exempt != 0;
	if (s->nhash) {
		slot = hash_slot(s, key);
		if (s->hash[slot]) {
			const struct sdc_cell *c = &s->cell[s->hash[slot] - 1];
			if (c->count != count || c->exempt != exempt ||
			    c->unpub != unpub)
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "cell '%s' registered again with a "
				    "different %s",
				    key,
				    c->count != count     ? "count"
				    : c->exempt != exempt ? "exemption"
				                          : "publication");
			if (idx)
				*idx = s->hash[slot] - 1;
			return KL_OK;
		}
	}
	if (s->ncell == s->capcell) {
		size_t n = s->capcell ? s->capcell * 2 : 32;
		struct sdc_cell *c = realloc(s->cell, n * sizeof(*c));
		if (!c)
			return kli_oom(err);
		s->cell = c;
		s->capcell = n;
	}
	if (2 * (s->ncell + 1) > s->nhash && hash_grow(s))
		return kli_oom(err);
	struct sdc_cell *c = &s->cell[s->ncell];
	c->key = strdup(key);
	if (!c->key)
		return kli_oom(err);
	c->count = count;
	c->exempt = exempt;
	c->unpub = unpub;
	c->force = 0;
	c->level = 0;
	c->st = unpub ? KL_SDC_UNPUBLISHED : count ? KL_SDC_SHOWN : KL_SDC_ZERO;
	s->hash[hash_slot(s, key)] = s->ncell + 1;
	if (idx)
		*idx = s->ncell;
	s->ncell++;
	return KL_OK;
}

int kl_sdc_cell(struct kl_sdc *s, const char *key, long long count, int exempt,
                size_t *idx, struct kl_error *err)
{
	return add_cell(s, key, count, exempt, 0, idx, err);
}

int kl_sdc_unpublished(struct kl_sdc *s, const char *key, long long count,
                       int persons, size_t *idx, struct kl_error *err)
{
	return add_cell(s, key, count, 0, persons ? 1 : 2, idx, err);
}

int kl_sdc_force(struct kl_sdc *s, size_t idx, struct kl_error *err)
{
	if (s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell forced after kl_sdc_protect");
	if (idx >= s->ncell)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "forced cell %zu is not a registered cell",
		                    idx);
	if (s->cell[idx].exempt)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell '%s' is exempt and cannot be hidden",
		                    s->cell[idx].key);
	s->cell[idx].force = 1;
	return KL_OK;
}

int kl_sdc_level(struct kl_sdc *s, size_t idx, long long level,
                 struct kl_error *err)
{
	if (s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "level set after kl_sdc_protect");
	if (idx >= s->ncell)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell %zu is not a registered cell", idx);
	if (level < SDC_FLOOR || level > SDC_MAX_COUNT)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "cell '%s': protection level %lld is below "
		                    "the floor %d or too large",
		                    s->cell[idx].key, level, SDC_FLOOR);
	if (level > s->cell[idx].level)
		s->cell[idx].level = level;
	return KL_OK;
}

/* Room for one more relation in s->rel; 0, or -1 when out of memory. */
static int rel_room(struct kl_sdc *s)
{
	if (s->nrel < s->caprel)
		return 0;
	size_t c = s->caprel ? s->caprel * 2 : 32;
	struct sdc_rel *r = realloc(s->rel, c * sizeof(*r));
	if (!r)
		return -1;
	s->rel = r;
	s->caprel = c;
	return 0;
}

int kl_sdc_sum(struct kl_sdc *s, size_t total, const size_t *parts, size_t n,
               struct kl_error *err)
{
	long long sum = 0;
	size_t *m;

	if (s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "relation declared after kl_sdc_protect");
	if (total >= s->ncell)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "relation total %zu is not a registered cell", total);
	for (size_t i = 0; i < n; i++) {
		if (parts[i] >= s->ncell)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "part %zu of '%s' is not a registered "
			    "cell",
			    i + 1, s->cell[total].key);
		if (parts[i] == total)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "'%s' is listed as a part of itself",
			    s->cell[total].key);
		for (size_t j = 0; j < i; j++)
			if (parts[j] == parts[i])
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "'%s' is listed twice as a part of '%s'",
				    s->cell[parts[i]].key, s->cell[total].key);
		sum += s->cell[parts[i]].count; /* n * 10^12 cannot overflow */
		if (sum > SDC_MAX_COUNT * 2)
			break;
	}
	if (sum != s->cell[total].count)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "the counts of the %zu parts of '%s' do not "
		    "add up to its count",
		    n, s->cell[total].key);
	if (rel_room(s))
		return kli_oom(err);
	m = malloc((n + 1) * sizeof(*m));
	if (!m)
		return kli_oom(err);
	m[0] = total;
	if (n)
		memcpy(m + 1, parts, n * sizeof(*m));
	s->rel[s->nrel].m = m;
	s->rel[s->nrel].a = NULL;
	s->rel[s->nrel].n = n + 1;
	s->rel[s->nrel].b = 0;
	s->rel[s->nrel].weighted = 0;
	s->nrel++;
	return KL_OK;
}

int kl_sdc_rel(struct kl_sdc *s, const size_t *cells, const long long *a,
               size_t n, long long b, struct kl_error *err)
{
	__int128 sum = 0;
	size_t *m;
	long long *ca;

	if (s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "relation declared after kl_sdc_protect");
	if (n == 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "a weighted relation needs a cell");
	if (b < -SDC_MAX_COUNT * SDC_MAX_COEF ||
	    b > SDC_MAX_COUNT * SDC_MAX_COEF)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "weighted relation: right-hand side out of "
		                    "range");
	for (size_t i = 0; i < n; i++) {
		if (cells[i] >= s->ncell)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "cell %zu of a weighted relation is "
			    "not a registered cell",
			    i + 1);
		if (a[i] == 0 || a[i] < -SDC_MAX_COEF || a[i] > SDC_MAX_COEF)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "weighted relation: the coefficient of '%s' must "
			    "be a non-zero integer of at most %lld in size",
			    s->cell[cells[i]].key, (long long)SDC_MAX_COEF);
		for (size_t j = 0; j < i; j++)
			if (cells[j] == cells[i])
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "'%s' is listed twice in a weighted "
				    "relation",
				    s->cell[cells[i]].key);
		sum += (__int128)a[i] * s->cell[cells[i]].count;
	}
	if (sum != (__int128)b)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "the counts of the %zu cells of a weighted "
		                    "relation (first '%s') do not give its "
		                    "right-hand side",
		                    n, s->cell[cells[0]].key);
	if (rel_room(s))
		return kli_oom(err);
	m = malloc(n * sizeof(*m));
	ca = malloc(n * sizeof(*ca));
	if (!m || !ca) {
		free(m);
		free(ca);
		return kli_oom(err);
	}
	memcpy(m, cells, n * sizeof(*m));
	memcpy(ca, a, n * sizeof(*ca));
	s->rel[s->nrel] = (struct sdc_rel){m, ca, n, b, 1};
	s->nrel++;
	return KL_OK;
}

/* ---- the work space: everything in rank (key) order ---------------------
 */

struct work {
	struct kl_sdc *s;
	size_t n;            /* cells */
	size_t *ord;         /* ord[rank] = cell index */
	size_t *rank;        /* rank[cell index] */
	long long *cnt;      /* by rank */
	unsigned char *ex;   /* exempt, by rank */
	unsigned char *st;   /* enum kl_sdc_state, by rank */
	struct sdc_rel *rel; /* members as ranks, canonical order */
	size_t nrel;
	size_t *rstart, *rlist; /* relations of each rank (CSR) */
	/* audit */
	size_t *uf;                /* union-find parent, by rank */
	size_t *stamp;             /* relation visited in component stamp */
	size_t *col;               /* column of a hidden rank in its program */
	double *lo, *hi;           /* known range of each hidden rank */
	unsigned char *aud;        /* by rank: AUD_* */
	size_t *queue;             /* breadth-first search over ranks */
	size_t *rseen, *cseen;     /* by relation, by rank: search stamp */
	size_t search;             /* the current search's stamp */
	size_t *touch;             /* by relation: round it gained a cell */
	size_t *hidden, nhidden;   /* hidden ranks, in order */
	size_t *comprel, ncomprel; /* relations of the current component */
	int *ia, *ja;              /* GLPK triplets (1-based) */
	double *ar;
	size_t nz;
	long long threshold; /* of the rules; 0 in kl_sdc_dump */
	int frac;            /* the audit met a point with a fractional cell */
	double *il, *ih;     /* whole-number bounds, by column - 1 */
};

static int hidden(const struct work *w, size_t r)
{
	return w->st[r] == KL_SDC_PRIMARY || w->st[r] == KL_SDC_SECONDARY ||
	       w->st[r] == KL_SDC_UNPUBLISHED;
}

/* The protection level of rank r: its own (kl_sdc_level) or the
 * threshold. */
static long long level_of(const struct work *w, size_t r)
{
	long long l = w->s->cell[w->ord[r]].level;
	return l ? l : w->threshold;
}

/* An unpublished cell needs protection only when it counts persons and
 * its count is small, or it is forced and not zero. */
static int needs_audit(const struct work *w, size_t r)
{
	const struct sdc_cell *c = &w->s->cell[w->ord[r]];
	if (w->st[r] != KL_SDC_UNPUBLISHED)
		return 1;
	return c->unpub == 1 && w->cnt[r] >= 1 &&
	       (c->force || w->cnt[r] < level_of(w, r));
}

/*
 * Does the feasible interval [lo, hi] (hi may be INFINITY) protect rank
 * r?  Only whole numbers count: the interval holds the integers
 * ceil(lo) .. floor(hi), which must be at least two, and must not lie
 * inside 1 .. level - 1 ("a small count" is itself a disclosure): it
 * reaches 0 or the level.
 */
static int protects(const struct work *w, size_t r, double lo, double hi)
{
	double l = ceil(lo - SDC_EPS);
	double h = isinf(hi) ? INFINITY : floor(hi + SDC_EPS);
	if (h - l < 1)
		return 0;
	return l <= 0 || h >= (double)level_of(w, r);
}

struct keyed {
	const char *key;
	size_t idx;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key,
	              ((const struct keyed *)b)->key);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Sum relations first, then by members, coefficients and b. */
static int cmp_rel(const void *a, const void *b)
{
	const struct sdc_rel *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	if (x->weighted != y->weighted)
		return x->weighted - y->weighted;
	for (size_t i = 0; i < n; i++)
		if (x->m[i] != y->m[i])
			return x->m[i] < y->m[i] ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (size_t i = 0; i < n; i++)
		if (x->a[i] != y->a[i])
			return x->a[i] < y->a[i] ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

struct term {
	size_t m;
	long long a;
};

static int cmp_term(const void *a, const void *b)
{
	size_t x = ((const struct term *)a)->m, y = ((const struct term *)b)->m;
	return x < y ? -1 : x > y;
}

static void work_free(struct work *w)
{
	rels_free(w->rel, w->nrel);
	free(w->ord);
	free(w->rank);
	free(w->cnt);
	free(w->ex);
	free(w->st);
	free(w->rstart);
	free(w->rlist);
	free(w->uf);
	free(w->stamp);
	free(w->col);
	free(w->lo);
	free(w->hi);
	free(w->aud);
	free(w->queue);
	free(w->rseen);
	free(w->cseen);
	free(w->touch);
	free(w->hidden);
	free(w->comprel);
	free(w->ia);
	free(w->ja);
	free(w->ar);
	free(w->il);
	free(w->ih);
}

/* Ranks, canonical relations and the cell -> relations index. */
static int work_init(struct work *w, struct kl_sdc *s)
{
	size_t n = s->ncell, nmemb = 0, k;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->n = n;
	w->ord = malloc((n + 1) * sizeof(size_t));
	w->rank = malloc((n + 1) * sizeof(size_t));
	w->cnt = malloc((n + 1) * sizeof(long long));
	w->ex = malloc(n + 1);
	w->st = malloc(n + 1);
	w->uf = malloc((n + 1) * sizeof(size_t));
	w->col = malloc((n + 1) * sizeof(size_t));
	w->lo = malloc((n + 1) * sizeof(double));
	w->hi = malloc((n + 1) * sizeof(double));
	w->aud = calloc(n + 1, 1);
	w->queue = malloc((n + 1) * sizeof(size_t));
	w->cseen = calloc(n + 1, sizeof(size_t));
	w->hidden = malloc((n + 1) * sizeof(size_t));
	w->il = malloc((n + 1) * sizeof(double));
	w->ih = malloc((n + 1) * sizeof(double));
	w->rel = calloc(s->nrel + 1, sizeof(*w->rel));
	if (!w->ord || !w->rank || !w->cnt || !w->ex || !w->st || !w->uf ||
	    !w->col || !w->lo || !w->hi || !w->aud || !w->queue || !w->cseen ||
	    !w->hidden || !w->il || !w->ih || !w->rel)
		return -1;
	/* rank by key (keys are unique, so the order is total) */
	{
		struct keyed *tmp = malloc((n + 1) * sizeof(*tmp));
		if (!tmp)
			return -1;
		for (size_t i = 0; i < n; i++) {
			tmp[i].key = s->cell[i].key;
			tmp[i].idx = i;
		}
		qsort(tmp, n, sizeof(*tmp), cmp_keyed);
		for (size_t i = 0; i < n; i++)
			w->ord[i] = tmp[i].idx;
		free(tmp);
	}
	for (size_t r = 0; r < n; r++) {
		const struct sdc_cell *c = &s->cell[w->ord[r]];
		w->rank[w->ord[r]] = r;
		w->cnt[r] = c->count;
		w->ex[r] = (unsigned char)c->exempt;
		w->st[r] = c->unpub   ? KL_SDC_UNPUBLISHED
		           : c->count ? KL_SDC_SHOWN
		                      : KL_SDC_ZERO;
	}
	w->nrel = s->nrel; /* so work_free frees what was made */
	for (k = 0; k < s->nrel; k++) {
		struct sdc_rel *d = &w->rel[k];
		const struct sdc_rel *o = &s->rel[k];
		d->m = malloc(o->n * sizeof(size_t));
		d->a = malloc(o->n * sizeof(long long));
		if (!d->m || !d->a)
			return -1;
		d->n = o->n;
		d->b = o->b;
		d->weighted = o->weighted;
		if (!o->weighted) {
			for (size_t i = 0; i < d->n; i++) {
				d->m[i] = w->rank[o->m[i]];
				d->a[i] = i ? -1 : 1;
			}
			qsort(d->m + 1, d->n - 1, sizeof(size_t), cmp_size);
			continue;
		}
		struct term *t = malloc(o->n * sizeof(*t));
		if (!t)
			return -1;
		for (size_t i = 0; i < d->n; i++)
			t[i] = (struct term){w->rank[o->m[i]], o->a[i]};
		qsort(t, d->n, sizeof(*t), cmp_term);
		for (size_t i = 0; i < d->n; i++) {
			d->m[i] = t[i].m;
			d->a[i] = t[i].a;
		}
		free(t);
	}
	qsort(w->rel, w->nrel, sizeof(*w->rel), cmp_rel);
	/* drop duplicates */
	if (w->nrel) {
		size_t j = 1;
		for (k = 1; k < w->nrel; k++) {
			if (cmp_rel(&w->rel[k], &w->rel[j - 1]) == 0) {
				free(w->rel[k].m);
				free(w->rel[k].a);
				w->rel[k].m = NULL;
				w->rel[k].a = NULL;
				continue;
			}
			w->rel[j++] = w->rel[k];
		}
		w->nrel = j;
	}
	w->rstart = calloc(n + 2, sizeof(size_t));
	w->stamp = malloc((w->nrel + 1) * sizeof(size_t));
	w->comprel = malloc((w->nrel + 1) * sizeof(size_t));
	w->touch = calloc(w->nrel + 1, sizeof(size_t));
	w->rseen = calloc(w->nrel + 1, sizeof(size_t));
	if (!w->rstart || !w->stamp || !w->comprel || !w->touch || !w->rseen)
		return -1;
	for (k = 0; k < w->nrel; k++) {
		w->stamp[k] = NONE;
		nmemb += w->rel[k].n;
		for (size_t i = 0; i < w->rel[k].n; i++)
			w->rstart[w->rel[k].m[i] + 2]++;
	}
	for (size_t r = 0; r < n; r++)
		w->rstart[r + 2] += w->rstart[r + 1];
	w->rlist = malloc((nmemb + 1) * sizeof(size_t));
	w->ia = malloc((nmemb + 1) * sizeof(int));
	w->ja = malloc((nmemb + 1) * sizeof(int));
	w->ar = malloc((nmemb + 1) * sizeof(double));
	if (!w->rlist || !w->ia || !w->ja || !w->ar)
		return -1;
	for (k = 0; k < w->nrel; k++)
		for (size_t i = 0; i < w->rel[k].n; i++)
			w->rlist[w->rstart[w->rel[k].m[i] + 1]++] = k;
	/* rstart[r] .. rstart[r + 1] now lists the relations of rank r */
	return 0;
}

/* ---- choices -------------------------------------------------------------
 */

/* 1 when rank a makes a better complement than rank b: a non-zero count
 * before a zero, then the smaller count, then the key. */
static int better(const struct work *w, size_t a, size_t b)
{
	int za = w->cnt[a] == 0, zb = w->cnt[b] == 0;
	if (za != zb)
		return zb;
	if (w->cnt[a] != w->cnt[b])
		return w->cnt[a] < w->cnt[b];
	return a < b;
}

/* The best shown, non-exempt member of relation k, or NONE. */
static size_t pick_in_rel(const struct work *w, size_t k, size_t best)
{
	const struct sdc_rel *d = &w->rel[k];
	for (size_t i = 0; i < d->n; i++) {
		size_t r = d->m[i];
		if (hidden(w, r) || w->ex[r])
			continue;
		if (best == NONE || better(w, r, best))
			best = r;
	}
	return best;
}

static void primary(struct work *w, long long small)
{
	for (size_t r = 0; r < w->n; r++) {
		if (w->ex[r] || w->st[r] == KL_SDC_UNPUBLISHED)
			continue;
		if ((w->cnt[r] >= 1 && w->cnt[r] < level_of(w, r)) ||
		    w->s->cell[w->ord[r]].force)
			w->st[r] = KL_SDC_PRIMARY;
	}
	if (small <= 0)
		return;
	for (size_t k = 0; k < w->nrel; k++) {
		const struct sdc_rel *d = &w->rel[k];
		long long t = w->cnt[d->m[0]];
		size_t hit = NONE, zero = NONE;
		if (d->weighted || d->n < 3 || t <= 0 || t >= small)
			continue;
		for (size_t i = 1; i < d->n; i++) {
			size_t r = d->m[i];
			if (w->cnt[r] == t && !w->ex[r] &&
			    w->st[r] != KL_SDC_UNPUBLISHED)
				hit = r;
			else if (w->cnt[r] == 0 && !w->ex[r] && zero == NONE)
				zero = r;
		}
		if (hit == NONE)
			continue;
		w->st[hit] = KL_SDC_PRIMARY;
		if (zero != NONE && !hidden(w, zero))
			w->st[zero] = KL_SDC_SECONDARY;
	}
}

/* Step a, to a fixed point. */
static void single_hidden(struct work *w)
{
	int changed = 1;
	while (changed) {
		changed = 0;
		for (size_t k = 0; k < w->nrel; k++) {
			const struct sdc_rel *d = &w->rel[k];
			size_t nh = 0, c, one = NONE;
			for (size_t i = 0; i < d->n && nh < 2; i++)
				if (hidden(w, d->m[i])) {
					nh++;
					one = d->m[i];
				}
			/* an unpublished cell that is not small may be
			 * implied (the complement of a category) */
			if (nh != 1 || !needs_audit(w, one))
				continue;
			c = pick_in_rel(w, k, NONE);
			if (c == NONE)
				continue;
			w->st[c] = KL_SDC_SECONDARY;
			changed = 1;
		}
	}
}

/* ---- the audit ----------------------------------------------------------
 */

static size_t uf_find(size_t *uf, size_t x)
{
	while (uf[x] != x) {
		uf[x] = uf[uf[x]];
		x = uf[x];
	}
	return x;
}

static void uf_union(size_t *uf, size_t a, size_t b)
{
	a = uf_find(uf, a);
	b = uf_find(uf, b);
	if (a < b)
		uf[b] = a;
	else if (b < a)
		uf[a] = b;
}

/* Solve with the current objective; *val the optimum, or +-INFINITY when
 * unbounded.  Feasible points widen lo/hi. */
static int solve(struct work *w, glp_prob *lp, const size_t *vars, int nvar,
                 int col, int dir, double *val, struct kl_error *err)
{
	glp_smcp parm;
	int rc, status;

	glp_set_obj_dir(lp, dir);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	rc = glp_simplex(lp, &parm);
	if (rc != 0) {
		glp_std_basis(lp);
		rc = glp_simplex(lp, &parm);
	}
	status = glp_get_status(lp);
	if (rc == 0 && status == GLP_UNBND) {
		*val = dir == GLP_MAX ? INFINITY : -INFINITY;
		return KL_OK;
	}
	if (rc != 0 || status != GLP_OPT)
		return kl_error_set(err, KL_ERR_NUMERIC,
		                    "the audit's linear program failed (GLPK "
		                    "code %d, status %d)",
		                    rc, status);
	for (int j = 0; j < nvar; j++) {
		double v = glp_get_col_prim(lp, j + 1);
		size_t r = vars[j];
		if (fabs(v - nearbyint(v)) > SDC_PIN)
			w->frac = 1;
		if (v < w->lo[r])
			w->lo[r] = v;
		if (v > w->hi[r])
			w->hi[r] = v;
	}
	*val = glp_get_col_prim(lp, col);
	return KL_OK;
}

/*
 * Whole-number reasoning over one component, as a reader can do it: the
 * least and the greatest value of every cell, rounded inwards to whole
 * numbers (the counts are integers), become bounds of the program, and
 * the bounds are computed again until none moves (at most 8 rounds), so
 * that x = 2y - 15 with y >= 7.5 gives y >= 8 and x >= 1.  Then every
 * cell marked AUD_OK in this audit is judged again on those bounds.  The
 * true counts satisfy every bound, so the program stays feasible.
 */
static int audit_whole(struct work *w, glp_prob *lp, const size_t *vars,
                       int nvar, const unsigned char *fresh, size_t *nfail,
                       struct kl_error *err)
{
	int rc = KL_OK, last = 0;
	for (int j = 0; j < nvar; j++) {
		w->il[j] = 0;
		w->ih[j] = INFINITY;
		glp_set_obj_coef(lp, j + 1, 0);
	}
	for (int round = 0; round < 8 && rc == KL_OK; round++) {
		int moved = 0;
		for (int j = 0; j < nvar && rc == KL_OK; j++) {
			double v, l, h;
			if (last)
				glp_set_obj_coef(lp, last, 0);
			glp_set_obj_coef(lp, j + 1, 1);
			last = j + 1;
			rc = solve(w, lp, vars, nvar, j + 1, GLP_MAX, &v, err);
			if (rc)
				break;
			h = isinf(v) ? INFINITY : floor(v + SDC_EPS);
			rc = solve(w, lp, vars, nvar, j + 1, GLP_MIN, &v, err);
			if (rc)
				break;
			l = ceil(v - SDC_EPS);
			/* the counts themselves are a whole-number point:
			 * rounding error must not cut them off */
			if (l > (double)w->cnt[vars[j]])
				l = (double)w->cnt[vars[j]];
			if (h < (double)w->cnt[vars[j]])
				h = (double)w->cnt[vars[j]];
			if (l > w->il[j] || h < w->ih[j]) {
				moved = 1;
				w->il[j] = l > w->il[j] ? l : w->il[j];
				w->ih[j] = h < w->ih[j] ? h : w->ih[j];
				if (isinf(w->ih[j]))
					glp_set_col_bnds(lp, j + 1, GLP_LO,
					                 w->il[j], 0);
				else if (w->ih[j] > w->il[j])
					glp_set_col_bnds(lp, j + 1, GLP_DB,
					                 w->il[j], w->ih[j]);
				else
					glp_set_col_bnds(lp, j + 1, GLP_FX,
					                 w->il[j], w->il[j]);
			}
		}
		if (!moved)
			break;
	}
	for (int j = 0; j < nvar && rc == KL_OK; j++) {
		size_t r = vars[j];
		if (!fresh[j] || w->aud[r] != AUD_OK ||
		    protects(w, r, w->il[j], w->ih[j]))
			continue;
		w->aud[r] = AUD_FAIL;
		(*nfail)++;
	}
	return rc;
}

/*
 * Audit one component: the hidden ranks vars[0..nvar-1] and the relations
 * comprel[].  Marks each cell AUD_OK or AUD_FAIL.  Hiding more cells only
 * widens the feasible set (the old one is the new one with the new cells
 * fixed at their counts), so a cell once found protected stays protected
 * and is not audited again.
 */
static int audit_component(struct work *w, const size_t *vars, int nvar,
                           size_t *nfail, struct kl_error *err)
{
	glp_prob *lp;
	int nrow = (int)w->ncomprel, rc = KL_OK, last = 0;
	size_t nz = 0;
	int todo = 0;
	unsigned char *fresh;

	for (int j = 0; j < nvar; j++) {
		if (!needs_audit(w, vars[j]))
			w->aud[vars[j]] = AUD_OK;
		todo += w->aud[vars[j]] != AUD_OK;
	}
	if (!todo)
		return KL_OK;
	if (nrow == 0) {
		/* a cell in no relation can take any value */
		for (int j = 0; j < nvar; j++)
			w->aud[vars[j]] = AUD_OK;
		return KL_OK;
	}
	fresh = malloc((size_t)nvar);
	if (!fresh)
		return kli_oom(err);
	for (int j = 0; j < nvar; j++) {
		w->col[vars[j]] = (size_t)j + 1;
		w->lo[vars[j]] = w->hi[vars[j]] = (double)w->cnt[vars[j]];
	}
	lp = glp_create_prob();
	glp_add_rows(lp, nrow);
	glp_add_cols(lp, nvar);
	for (int i = 0; i < nrow; i++) {
		const struct sdc_rel *d = &w->rel[w->comprel[i]];
		double rhs = (double)d->b;
		for (size_t m = 0; m < d->n; m++) {
			size_t r = d->m[m];
			double coef = (double)d->a[m];
			if (hidden(w, r)) {
				nz++;
				w->ia[nz] = i + 1;
				w->ja[nz] = (int)w->col[r];
				w->ar[nz] = coef;
			} else {
				rhs -= coef * (double)w->cnt[r];
			}
		}
		glp_set_row_bnds(lp, i + 1, GLP_FX, rhs, rhs);
	}
	for (int j = 0; j < nvar; j++)
		glp_set_col_bnds(lp, j + 1, GLP_LO, 0, 0);
	glp_load_matrix(lp, (int)nz, w->ia, w->ja, w->ar);
	glp_adv_basis(lp, 0);
	w->frac = 0;
	for (int j = 0; j < nvar; j++)
		fresh[j] = w->aud[vars[j]] != AUD_OK;
	for (int j = 0; j < nvar && rc == KL_OK; j++) {
		size_t r = vars[j];
		double v;
		if (w->aud[r] == AUD_OK)
			continue;
		if (protects(w, r, w->lo[r], w->hi[r])) {
			w->aud[r] = AUD_OK;
			continue;
		}
		if (last)
			glp_set_obj_coef(lp, last, 0);
		glp_set_obj_coef(lp, j + 1, 1);
		last = j + 1;
		rc = solve(w, lp, vars, nvar, j + 1, GLP_MAX, &v, err);
		if (rc)
			break;
		if (isinf(v))
			w->hi[r] = INFINITY;
		if (protects(w, r, w->lo[r], w->hi[r])) {
			w->aud[r] = AUD_OK;
			continue;
		}
		rc = solve(w, lp, vars, nvar, j + 1, GLP_MIN, &v, err);
		if (rc)
			break;
		if (w->st[r] == KL_SDC_SECONDARY &&
		    w->hi[r] - w->lo[r] < SDC_PIN) {
			w->aud[r] = AUD_PINNED;
		} else if (!protects(w, r, w->lo[r], w->hi[r])) {
			w->aud[r] = AUD_FAIL;
			(*nfail)++;
		} else {
			w->aud[r] = AUD_OK;
		}
	}
	/* a fractional point (in a component small enough for the 2 x
	 * cells programs a round) or a coefficient of 2 or more: whole
	 * numbers may say more than the continuous program */
	if (nvar > SDC_WHOLE_MAX)
		w->frac = 0;
	for (int i = 0; i < nrow && !w->frac; i++) {
		const struct sdc_rel *d = &w->rel[w->comprel[i]];
		for (size_t m = 0; m < d->n && d->weighted; m++)
			if (hidden(w, d->m[m]) && llabs(d->a[m]) > 1)
				w->frac = 1;
	}
	if (rc == KL_OK && w->frac)
		rc = audit_whole(w, lp, vars, nvar, fresh, nfail, err);
	glp_delete_prob(lp);
	free(fresh);
	return rc;
}

/* Collect the hidden ranks, their components, and audit each component.
 * Afterwards uf[] gives each hidden rank's component root. */
static int audit(struct work *w, size_t *nfail, struct kl_error *err)
{
	size_t *vars;
	int rc = KL_OK;

	*nfail = 0;
	w->nhidden = 0;
	for (size_t r = 0; r < w->n; r++) {
		w->uf[r] = r;
		if (w->aud[r] == AUD_FAIL || w->aud[r] == AUD_PINNED)
			w->aud[r] = AUD_NONE;
		if (hidden(w, r))
			w->hidden[w->nhidden++] = r;
	}
	if (!w->nhidden)
		return KL_OK;
	for (size_t k = 0; k < w->nrel; k++) {
		const struct sdc_rel *d = &w->rel[k];
		size_t first = NONE;
		w->stamp[k] = NONE;
		for (size_t i = 0; i < d->n; i++) {
			if (!hidden(w, d->m[i]))
				continue;
			if (first == NONE)
				first = d->m[i];
			else
				uf_union(w->uf, first, d->m[i]);
		}
	}
	/* group the hidden ranks by root (roots are the smallest rank of
	 * each component, so a stable sort by root keeps the rank order) */
	vars = malloc(w->nhidden * sizeof(*vars));
	if (!vars)
		return kli_oom(err);
	for (size_t h = 0; h < w->nhidden; h++) {
		size_t root = w->hidden[h];
		if (uf_find(w->uf, root) != root)
			continue;
		int nvar = 0;
		w->ncomprel = 0;
		for (size_t g = h; g < w->nhidden; g++) {
			size_t r = w->hidden[g];
			if (uf_find(w->uf, r) != root)
				continue;
			vars[nvar++] = r;
			for (size_t e = w->rstart[r]; e < w->rstart[r + 1];
			     e++) {
				size_t k = w->rlist[e];
				if (w->stamp[k] == root)
					continue;
				w->stamp[k] = root;
				w->comprel[w->ncomprel++] = k;
			}
		}
		qsort(w->comprel, w->ncomprel, sizeof(size_t), cmp_size);
		rc = audit_component(w, vars, nvar, nfail, err);
		if (rc)
			break;
	}
	free(vars);
	return rc;
}

/* Mark the relations of rank r as changed in round. */
static void touch(struct work *w, size_t r, size_t round)
{
	for (size_t e = w->rstart[r]; e < w->rstart[r + 1]; e++)
		w->touch[w->rlist[e]] = round;
}

/*
 * The best complement for the unprotected cell x: the best member of its
 * relations; when they have none, of the relations of the hidden cells
 * that share a relation with x; and so on outwards, one ring at a time.
 * *busy is set when a relation of x already gained a cell this round.
 */
static size_t complement(struct work *w, size_t x, size_t round, int *busy)
{
	size_t head = 0, tail = 0, best = NONE;

	w->search++;
	w->queue[tail++] = x;
	w->cseen[x] = w->search;
	*busy = 0;
	for (size_t e = w->rstart[x]; e < w->rstart[x + 1]; e++)
		*busy |= w->touch[w->rlist[e]] == round;
	while (head < tail && best == NONE) {
		size_t ring = tail;
		for (; head < ring; head++) {
			size_t c = w->queue[head];
			for (size_t e = w->rstart[c]; e < w->rstart[c + 1];
			     e++) {
				size_t k = w->rlist[e];
				if (w->rseen[k] == w->search)
					continue;
				w->rseen[k] = w->search;
				best = pick_in_rel(w, k, best);
				for (size_t i = 0; i < w->rel[k].n; i++) {
					size_t r = w->rel[k].m[i];
					if (!hidden(w, r) ||
					    w->cseen[r] == w->search)
						continue;
					w->cseen[r] = w->search;
					w->queue[tail++] = r;
				}
			}
		}
	}
	return best;
}

/*
 * One repair round over the unprotected cells, in key order: each gets
 * one more hidden cell from complement(), unless one of its relations
 * already gained one this round.  (Secondary cells pinned to their count
 * are not repaired: see release_pinned.)
 */
static int repair(struct work *w, size_t round, struct kl_error *err)
{
	for (size_t h = 0; h < w->nhidden; h++) {
		size_t x = w->hidden[h], best;
		int busy;
		if (w->aud[x] != AUD_FAIL)
			continue;
		best = complement(w, x, round, &busy);
		if (busy)
			continue;
		if (best == NONE)
			return kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "cannot protect hidden cell '%s': every other cell "
			    "of its relations is exempt or already hidden; "
			    "publish a coarser table",
			    w->s->cell[w->ord[x]].key);
		w->st[best] = KL_SDC_SECONDARY;
		touch(w, x, round);
		touch(w, best, round);
	}
	return KL_OK;
}

/*
 * After the last round: a secondary cell whose interval has width 0 (its
 * value is implied by the published figures) protects nobody, and
 * publishing it, or all such cells at once, adds only constraints that
 * already hold, so no other cell's interval changes.  They are shown.
 * (Until then they stay hidden: more hidden cells may free them.)
 */
static void release_pinned(struct work *w)
{
	for (size_t h = 0; h < w->nhidden; h++) {
		size_t x = w->hidden[h];
		if (w->aud[x] == AUD_PINNED)
			w->st[x] = w->cnt[x] ? KL_SDC_SHOWN : KL_SDC_ZERO;
	}
}

int kl_sdc_protect(struct kl_sdc *s, const struct kl_sdc_rules *r,
                   struct kl_error *err)
{
	struct kl_sdc_rules def;
	struct work w;
	int rc = KL_OK;
	size_t nfail;

	if (!r) {
		kl_sdc_rules_default(&def);
		r = &def;
	}
	if (s->done)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "kl_sdc_protect called twice on one problem");
	if (r->threshold < SDC_FLOOR)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "suppression threshold %lld is below the "
		                    "floor %d",
		                    r->threshold, SDC_FLOOR);
	if (r->margin_small < 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "margin rule limit %lld is negative",
		                    r->margin_small);
	if (work_init(&w, s)) {
		work_free(&w);
		return kli_oom(err);
	}
	glp_term_out(GLP_OFF);
	w.threshold = r->threshold;
	primary(&w, r->margin_small);
	/* each round hides at least one more cell or ends */
	for (size_t round = 0; round <= w.n; round++) {
		single_hidden(&w);
		rc = audit(&w, &nfail, err);
		if (rc || !nfail)
			break;
		rc = repair(&w, round + 1, err);
		if (rc)
			break;
	}
	if (rc == KL_OK && nfail)
		rc = kl_error_set(err, KL_ERR_INTERNAL,
		                  "secondary suppression did not converge");
	if (rc == KL_OK)
		release_pinned(&w);
	if (rc == KL_OK) {
		memset(s->count, 0, sizeof(s->count));
		for (size_t k = 0; k < w.n; k++) {
			s->cell[w.ord[k]].st = (enum kl_sdc_state)w.st[k];
			s->count[w.st[k]]++;
		}
		s->threshold = r->threshold;
		s->margin_small = r->margin_small;
		s->done = 1;
	}
	work_free(&w);
	return rc;
}

enum kl_sdc_state kl_sdc_state(const struct kl_sdc *s, size_t idx)
{
	assert(idx < s->ncell);
	return s->cell[idx].st;
}

size_t kl_sdc_count(const struct kl_sdc *s, enum kl_sdc_state st)
{
	size_t n = 0;
	if (s->done)
		return (unsigned)st < 5 ? s->count[st] : 0;
	for (size_t i = 0; i < s->ncell; i++)
		n += s->cell[i].st == st;
	return n;
}

/* ---- the published-table dump ---------------------------------------- */

/* A key as one token: bytes <= space, DEL and '%' as %XX. */
static void put_key(FILE *f, const char *k)
{
	fputc(' ', f);
	for (; *k; k++) {
		unsigned char c = (unsigned char)*k;
		if (c <= 0x20 || c == 0x7f || c == '%')
			fprintf(f, "%%%02X", c);
		else
			fputc(c, f);
	}
}

int kl_sdc_dump(const struct kl_sdc *s, FILE *f, struct kl_error *err)
{
	struct work w;
	int rc = KL_OK;

	if (!s->done)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "kl_sdc_dump called before kl_sdc_protect");
	if (work_init(&w, (struct kl_sdc *)s)) {
		work_free(&w);
		return kli_oom(err);
	}
	fprintf(f, "# kartlagg suppression audit v3\n");
	fprintf(f,
	        "# threshold %lld, margin rule below %lld, %zu hidden, %zu "
	        "unpublished\n",
	        s->threshold, s->margin_small,
	        s->count[KL_SDC_PRIMARY] + s->count[KL_SDC_SECONDARY],
	        s->count[KL_SDC_UNPUBLISHED]);
	for (size_t r = 0; r < w.n; r++) {
		const struct sdc_cell *c = &s->cell[w.ord[r]];
		fputs("cell", f);
		put_key(f, c->key);
		if (c->st == KL_SDC_UNPUBLISHED)
			fputs(c->unpub == 2 ? " .. unpublished slack"
			                    : " .. unpublished",
			      f);
		else if (c->st == KL_SDC_PRIMARY || c->st == KL_SDC_SECONDARY)
			fputs(" ..", f);
		else
			fprintf(f, " %lld", c->count);
		if (c->exempt)
			fputs(" exempt", f);
		if (c->level && c->level != s->threshold)
			fprintf(f, " level %lld", c->level);
		fputc('\n', f);
	}
	for (size_t k = 0; k < w.nrel; k++) {
		const struct sdc_rel *d = &w.rel[k];
		if (d->weighted) {
			fputs("rel", f);
			for (size_t i = 0; i < d->n; i++) {
				fprintf(f, " %+lld", d->a[i]);
				put_key(f, s->cell[w.ord[d->m[i]]].key);
			}
			fprintf(f, " = %lld\n", d->b);
			continue;
		}
		fputs("sum", f);
		put_key(f, s->cell[w.ord[d->m[0]]].key);
		fputs(" =", f);
		for (size_t i = 1; i < d->n; i++) {
			if (i > 1)
				fputs(" +", f);
			put_key(f, s->cell[w.ord[d->m[i]]].key);
		}
		fputc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f))
		rc = kl_error_sys(err, KL_ERR_IO, errno,
		                  "cannot write the suppression audit");
	work_free(&w);
	return rc;
}
