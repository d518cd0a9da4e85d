/*
 * report_survey.c - section 3 of the appendix (kl_report.h): the youth
 * survey's estimates (kl_estimate.h) as share, summary, kommun, school,
 * respondents, estimated-number, län and multiple-response tables, and
 * every count behind them in the one disclosure problem with the sums and
 * bounds a reader knows between them (kartlagg-report(5), DISCLOSURE
 * CONTROL).  The series over the rounds is report_trend.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_codes.h"
#include "kl_count.h"
#include "kl_estimate.h"
#include "kl_feeds.h"
#include "kl_fmt.h"
#include "kl_mse.h"
#include "kl_sdc.h"
#include "kl_svg.h"
#include "kl_version.h"
#include "report_priv.h"
#include "store_priv.h"
#include "util_priv.h"

/* ---- section 3: the youth survey -------------------------------------- */

/*
 * A part that cannot be made for want of data says so ("saknas"); running
 * out of memory is not missing data: it fails the whole report (b->oom,
 * exit 71), never a report that quietly lacks a map.  1 when e is that.
 */
int kli_rep_nomem(struct kli_rb *b, const struct kl_error *e)
{
	if (e->status != KL_ERR_NOMEM)
		return 0;
	b->oom = 1;
	return 1;
}

/* The domain as "var=value,var=value" ("alla" for the whole sample). */
static void dom_key(const struct kl_est_result *r, size_t dom, char *buf,
                    size_t n)
{
	const struct kl_est_domain *dm = &r->domains[dom];
	const struct kl_est_set *s = &r->sets[dm->set];
	size_t l = 0;
	snprintf(buf, n, "%s", s->nvars ? "" : "alla");
	for (size_t v = 0; v < s->nvars && l < n; v++) {
		snprintf(buf + l, n - l, "%s%s=%s", v ? "," : "", s->vars[v],
		         dm->values[v]);
		l = strlen(buf);
	}
}

static struct scount *find_scount(struct ctx *c, const char *item, size_t dom)
{
	for (size_t i = 0; i < c->nscounts; i++) {
		struct scount *x = &c->scounts[i];
		if (x->dom == dom &&
		    ((!x->item && !item) ||
		     (x->item && item && !strcmp(x->item, item))))
			return x;
	}
	return NULL;
}

static struct scount *new_scount(struct ctx *c, const char *item, size_t dom)
{
	struct scount *x;
	if (kli_grow((void **)&c->scounts, &c->cscounts, c->nscounts + 1,
	             sizeof(*c->scounts))) {
		c->b.oom = 1;
		return NULL;
	}
	x = &c->scounts[c->nscounts++];
	memset(x, 0, sizeof(*x));
	x->item = item;
	x->dom = dom;
	return x;
}

/*
 * Register the respondents of domain dom (rows of the domain) and print
 * them in (t, r, col).  Returns the registry entry (NULL on no memory).
 */
static const struct scount *respondents_count(struct ctx *c,
                                              const struct survey *sv,
                                              size_t dom, long long n, size_t t,
                                              size_t r, size_t col)
{
	const struct kl_report_def *d = c->b.d;
	char dk[400], key[600];
	struct scount *x = find_scount(c, NULL, dom);
	dom_key(sv->res, dom, dk, sizeof(dk));
	snprintf(key, sizeof(key), "enkat/%s/%s/svarande/%s", d->survey,
	         sv->cur ? sv->cur : "", dk);
	if (!x && !(x = new_scount(c, NULL, dom)))
		return NULL;
	x->round = sv->cur ? sv->cur : "";
	x->n = n;
	x->n_idx = kli_rb_count(&c->b, t, r, col, key, n);
	return x;
}

/* The protection level of a yes count: it counts persons (the threshold)
 * and is a share's numerator (min-numerator), so the larger of the two. */
static long long yes_level(const struct kl_report_def *d)
{
	return d->min_numerator > d->threshold ? d->min_numerator
	                                       : d->threshold;
}

/*
 * The count record of row (item `item`, its domain) in round `round`
 * (found or made), with x->n and x->yes set, the key of its valid answers
 * into nk (the respondents' key when everyone answered, else that of item
 * nkey, NULL = item) and the key of its yes answers into yk (n bytes
 * each).  NULL out of memory.
 */
static struct scount *count_keys(struct ctx *c, const struct survey *sv,
                                 const char *item, const char *nkey,
                                 const char *round,
                                 const struct kl_est_row *row, char *nk,
                                 char *yk, size_t n)
{
	const struct kl_report_def *d = c->b.d;
	char dk[400];
	struct scount *x = find_scount(c, item, row->domain);
	if (!x && !(x = new_scount(c, item, row->domain)))
		return NULL;
	x->round = round;
	dom_key(sv->res, row->domain, dk, sizeof(dk));
	if (row->n_valid == row->n_domain)
		snprintf(nk, n, "enkat/%s/%s/svarande/%s", d->survey, round,
		         dk);
	else
		snprintf(nk, n, "enkat/%s/%s/%s/svar/%s", d->survey, round,
		         nkey ? nkey : item, dk);
	snprintf(yk, n, "enkat/%s/%s/%s/ja/%s", d->survey, round, item, dk);
	x->n = row->n_valid;
	x->yes = row->n_yes < 0 ? 0 : row->n_yes;
	return x;
}

/*
 * Register the valid answers and the yes answers of row (item `item`, its
 * domain) and print the valid answers in (t, r, col) when col is not
 * (size_t)-1.  The valid answers of a domain where everyone answered are
 * its respondents: the same figure, the same key.  nkey: the item whose
 * key the valid answers take (the first item of a multiple-response
 * group, whose items share their answerers), NULL = item.
 */
const struct scount *kli_rep_answers_count(struct ctx *c,
                                           const struct survey *sv,
                                           const char *item, const char *nkey,
                                           const struct kl_est_row *row,
                                           size_t t, size_t r, size_t col)
{
	const struct kl_report_def *d = c->b.d;
	char nk[600], yk[600];
	struct scount *x = count_keys(c, sv, item, nkey, sv->cur ? sv->cur : "",
	                              row, nk, yk, sizeof(nk));
	if (!x)
		return NULL;
	if (col != (size_t)-1)
		x->n_idx = kli_rb_count(&c->b, t, r, col, nk, row->n_valid);
	else if (!x->n_idx)
		x->n_idx = kli_rb_key(&c->b, nk, row->n_valid);
	if (row->n_yes >= 0) {
		x->y_idx = kli_rb_key(&c->b, yk, x->yes);
		kli_rb_level(&c->b, x->y_idx, yes_level(d));
		/* a share the rules hide (too few answers) hides its yes
		 * count, which must not follow from the others */
		if (x->yes > 0 && !kli_rep_share_rule(d, row))
			kli_rb_force(&c->b, x->y_idx);
	}
	return x;
}

/*
 * Register the counts of an earlier round `round` behind the share of prow
 * (item `item`, a domain of that round), keyed with that round: its valid
 * answers, which that round's appendix published ("Antal svar"), as a
 * count the reader knows (exempt: a constraint, never hidden), and its
 * yes answers, which share x n gives back when the weights are equal: a
 * published count when the share of that round is shown (shown != 0),
 * else an unpublished one that the sums go through (protected like a
 * primary cell when it is 1..min-numerator-1, or when the rules hide
 * that share).  The first registration decides: the series over the
 * rounds registers before the tables that compare with the previous
 * round.  NULL when there is no such row.
 */
const struct scount *kli_rep_round_count(struct ctx *c, const struct survey *sv,
                                         const char *item, const char *round,
                                         const struct kl_est_row *prow,
                                         int shown)
{
	const struct kl_report_def *d = c->b.d;
	char nk[600], yk[600];
	struct scount *x;
	if (!prow || !round)
		return NULL;
	x = count_keys(c, sv, item, NULL, round, prow, nk, yk, sizeof(nk));
	if (!x)
		return NULL;
	if (!x->n_idx)
		x->n_idx = kli_rb_key_x(&c->b, nk, prow->n_valid, 1);
	if (prow->n_yes >= 0 && !x->y_idx) {
		x->y_idx = shown ? kli_rb_key(&c->b, yk, x->yes)
		                 : kli_rb_unpub(&c->b, yk, x->yes, 1);
		kli_rb_level(&c->b, x->y_idx, yes_level(d));
		if (x->yes > 0 && !kli_rep_share_rule(d, prow))
			kli_rb_force(&c->b, x->y_idx);
	}
	return x;
}

/* The previous round's counts behind prow (kli_rep_round_count of sv->prev). */
static const struct scount *prev_count(struct ctx *c, const struct survey *sv,
                                       const char *item,
                                       const struct kl_est_row *prow, int shown)
{
	return kli_rep_round_count(c, sv, item, sv->prev, prow, shown);
}

/* Hide columns [col0, col1) of row r of table t when x's counts are. */
void kli_rep_add_dep(struct ctx *c, size_t t, size_t r, size_t col0,
                     size_t col1, const struct scount *x)
{
	struct sdep *p;
	if (!x)
		return;
	if (kli_grow((void **)&c->sdeps, &c->csdeps, c->nsdeps + 1,
	             sizeof(*c->sdeps))) {
		c->b.oom = 1;
		return;
	}
	p = &c->sdeps[c->nsdeps++];
	p->t = t;
	p->row = r;
	p->col0 = col0;
	p->col1 = col1;
	p->n_idx = x->n_idx;
	p->y_idx = x->y_idx;
}

/* Does domain b (a set with one variable more) lie inside domain a? */
static int dom_inside(const struct kl_est_result *r, size_t a, size_t b)
{
	const struct kl_est_domain *da = &r->domains[a], *db = &r->domains[b];
	const struct kl_est_set *sa = &r->sets[da->set],
	                        *sb = &r->sets[db->set];
	if (sb->nvars != sa->nvars + 1 ||
	    (da->over && (!db->over || strcmp(da->over, db->over))))
		return 0;
	for (size_t i = 0; i < sa->nvars; i++) {
		size_t j;
		for (j = 0; j < sb->nvars; j++)
			if (!strcmp(sa->vars[i], sb->vars[j]))
				break;
		if (j == sb->nvars || strcmp(da->values[i], db->values[j]))
			return 0;
	}
	return 1;
}

/*
 * The parts of one sum relation between the survey's counts: each part's
 * respondents (or valid answers) and yes answers with their disclosure
 * indices (kli_rb_sum's arrays), k of them; `yes` stays 1 while every
 * part has a yes count.
 */
struct sparts {
	size_t *pn, *py;
	long long *cn, *cy;
	size_t k;
	int yes;
};

/* Room for cap parts in p; 0, or -1 with c->b.oom set (p may then be
 * given to sparts_free). */
static int sparts_init(struct ctx *c, struct sparts *p, size_t cap)
{
	memset(p, 0, sizeof(*p));
	p->pn = malloc((cap + 1) * sizeof(*p->pn));
	p->py = malloc((cap + 1) * sizeof(*p->py));
	p->cn = malloc((cap + 1) * sizeof(*p->cn));
	p->cy = malloc((cap + 1) * sizeof(*p->cy));
	if (!p->pn || !p->py || !p->cn || !p->cy) {
		c->b.oom = 1;
		return -1;
	}
	return 0;
}

/* Add part z (within the capacity given to sparts_init). */
static void sparts_add(struct sparts *p, const struct scount *z)
{
	p->pn[p->k] = z->n_idx;
	p->cn[p->k] = z->n;
	p->py[p->k] = z->y_idx;
	p->cy[p->k] = z->yes;
	p->yes &= z->y_idx != 0;
	p->k++;
}

/* Declare x's count the sum of the parts, and its yes answers the sum of
 * theirs when every part has one; nothing without parts. */
static void sparts_sum(struct ctx *c, const struct sparts *p,
                       const struct scount *x)
{
	if (!p->k)
		return;
	kli_rb_sum(&c->b, x->n_idx, x->n, p->pn, p->cn, p->k);
	if (p->yes && x->y_idx)
		kli_rb_sum(&c->b, x->y_idx, x->yes, p->py, p->cy, p->k);
}

static void sparts_free(struct sparts *p)
{
	free(p->pn);
	free(p->py);
	free(p->cn);
	free(p->cy);
}

/*
 * The sum relations a reader knows between the survey's counts: a
 * group's respondents, valid answers and yes answers are the sums of its
 * published parts one variable finer (the whole sample = the sexes = the
 * school years = the kommuner; a sex = its sex x school-year groups; a
 * kommun = its sexes), for every published breakdown.  A breakdown whose
 * parts do not add up (a part not published, a missing code) gives none.
 */
static void survey_sums(struct ctx *c, const struct kl_est_result *res)
{
	struct sparts p;
	if (sparts_init(c, &p, c->nscounts))
		goto out;
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		for (size_t set = 0; set < res->nsets; set++) {
			p.k = 0;
			p.yes = 1;
			for (size_t b = 0; b < c->nscounts; b++) {
				const struct scount *z = &c->scounts[b];
				if (res->domains[z->dom].set != set ||
				    (!x->item != !z->item) ||
				    (x->item && strcmp(x->item, z->item)) ||
				    !dom_inside(res, x->dom, z->dom))
					continue;
				sparts_add(&p, z);
			}
			sparts_sum(c, &p, x);
		}
	}
out:
	sparts_free(&p);
}

/*
 * The sum relations of a kommun's report by school ([survey] breakdown):
 * each kommun's respondents and yes answers are the sums of its schools',
 * when every school of the kommun is published.
 */
static void school_sums(struct ctx *c, const struct kl_est_result *res)
{
	const struct kl_report_def *d = c->b.d;
	struct sparts p;

	if (!d->breakdown || !d->kommun || !res)
		return;
	if (sparts_init(c, &p, res->ndomains))
		goto out;
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		const struct kl_est_domain *dk = &res->domains[x->dom];
		const struct kl_est_set *sk = &res->sets[dk->set];
		int ok = 1;
		if (!x->item || sk->nvars != 1 ||
		    strcmp(sk->vars[0], d->kommun))
			continue;
		p.k = 0;
		p.yes = 1;
		for (size_t j = 0; j < res->ndomains && ok; j++) {
			const struct kl_est_domain *dj = &res->domains[j];
			const struct kl_est_set *sj = &res->sets[dj->set];
			const struct scount *z;
			long sd;
			if (sj->nvars != 2 || strcmp(sj->vars[0], d->kommun) ||
			    strcmp(sj->vars[1], d->breakdown) ||
			    strcmp(dj->values[0], dk->values[0]) ||
			    (!dj->over != !dk->over) ||
			    (dk->over && strcmp(dj->over, dk->over)))
				continue;
			sd = kli_rep_find_domain(
			    res, dk->over, d->breakdown,
			    (const char *const *)&dj->values[1]);
			z = sd < 0 ? NULL : find_scount(c, x->item, (size_t)sd);
			if (!z || !z->n_idx) {
				ok = 0;
				break;
			}
			sparts_add(&p, z);
		}
		if (ok)
			sparts_sum(c, &p, x);
	}
out:
	sparts_free(&p);
}

/* Declare hi = lo + slack, the slack an unpublished count naming nobody
 * under key, when hi >= lo: what "lo <= hi" tells a reader. */
static void survey_le(struct ctx *c, size_t lo, long long nlo, size_t hi,
                      long long nhi, const char *key)
{
	size_t ix[3];
	const long long a[3] = {1, -1, -1};
	if (!lo || !hi || lo == hi || nhi < nlo)
		return;
	ix[0] = hi;
	ix[1] = lo;
	ix[2] = kli_rb_unpub(&c->b, key, nhi - nlo, 0);
	kli_rb_rel(&c->b, ix, a, 3, 0);
}

/*
 * The bounds a reader knows between the survey's counts of one domain:
 * its yes answers are at most its valid answers, and its valid answers at
 * most its respondents (when the respondents table has the domain).  Each
 * is an equation with an unpublished slack (the no answers, the
 * non-answers), so a hidden yes count cannot be had from "the others of
 * the group are at most n" (tests/sdc/check-report.py knows both).
 */
static void survey_bounds(struct ctx *c, const struct kl_est_result *res)
{
	const char *sname = c->b.d->survey;
	char dk[400], key[700];
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		const struct scount *r;
		if (!x->item)
			continue;
		dom_key(res, x->dom, dk, sizeof(dk));
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/nej/%s", sname,
		         x->round ? x->round : "", x->item, dk);
		survey_le(c, x->y_idx, x->yes, x->n_idx, x->n, key);
		r = find_scount(c, NULL, x->dom);
		if (!r)
			continue;
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/ej_svar/%s", sname,
		         x->round ? x->round : "", x->item, dk);
		survey_le(c, x->n_idx, x->n, r->n_idx, r->n, key);
	}
}

/* The domain of set vars (joined by ','; "" = whole sample) and values
 * (NULL entries = any) in round `over`; -1 when none. */
long kli_rep_find_domain(const struct kl_est_result *r, const char *over,
                         const char *vars, const char *const *vals)
{
	for (size_t i = 0; i < r->ndomains; i++) {
		const struct kl_est_domain *dm = &r->domains[i];
		const struct kl_est_set *s = &r->sets[dm->set];
		char joined[512] = "";
		int ok = 1;
		if (over && (!dm->over || strcmp(dm->over, over)))
			continue;
		for (size_t v = 0; v < s->nvars; v++) {
			size_t l = strlen(joined);
			snprintf(joined + l, sizeof(joined) - l, "%s%s",
			         v ? "," : "", s->vars[v]);
		}
		if (strcmp(joined, vars))
			continue;
		for (size_t v = 0; v < s->nvars && ok; v++)
			if (vals[v] && strcmp(vals[v], dm->values[v]))
				ok = 0;
		if (ok)
			return (long)i;
	}
	return -1;
}

/* The row of item `name`, level code "1", in domain dom; NULL if none. */
const struct kl_est_row *kli_rep_find_row(const struct kl_est_result *r,
                                          const char *name, long dom)
{
	if (dom < 0)
		return NULL;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		const struct kl_est_item *it = &r->items[row->item];
		if (row->domain != (size_t)dom || strcmp(it->name, name) ||
		    row->level < 0)
			continue;
		if (strcmp(it->codes[row->level], "1") == 0)
			return row;
	}
	return NULL;
}

static const struct kl_est_diff *find_diff(const struct survey *sv,
                                           const struct kl_est_row *cur)
{
	const struct kl_est_result *r = sv->res;
	const struct kl_est_domain *dc = &r->domains[cur->domain];
	for (size_t i = 0; i < sv->ndiff; i++) {
		const struct kl_est_diff *df = &sv->diff[i];
		const struct kl_est_domain *dp = &r->domains[df->domain];
		int same = df->item == cur->item && df->level == cur->level &&
		           dp->set == dc->set;
		for (size_t v = 0; same && v < r->sets[dc->set].nvars; v++)
			same = strcmp(dp->values[v], dc->values[v]) == 0;
		if (same)
			return df;
	}
	return NULL;
}

/* May the share of row be shown?  0: hidden; 1: shown; 2: shown with
 * caution. */
int kli_rep_share_rule(const struct kl_report_def *d,
                       const struct kl_est_row *row)
{
	if (!row || row->n_valid < d->min_respondents)
		return 0;
	if (row->n_yes > 0 && row->n_yes < d->min_numerator)
		return 0;
	if (!isfinite(row->prop))
		return 0;
	if (row->prop > 0 && isfinite(row->se) &&
	    row->se / row->prop > d->caution_rse)
		return 2;
	return 1;
}

/* Share cell (and interval cell) of row by the rules. */
void kli_rep_share_cells(struct ctx *c, size_t t, size_t r, size_t col,
                         const struct kl_est_row *row)
{
	struct kli_rb *b = &c->b;
	int rule = kli_rep_share_rule(c->b.d, row);
	char v[KL_FMT_SIZE + 2], raw[32], ci[4 * KL_FMT_SIZE];

	if (!rule) {
		kli_rb_sym(b, t, r, col, KLI_SYM_HIDDEN);
		kli_rb_sym(b, t, r, col + 1, KLI_SYM_HIDDEN);
		return;
	}
	if (row->n_yes == 0)
		kli_rb_sym(b, t, r, col, KLI_SYM_ZERO);
	else {
		kl_fmt_pct(v, KL_FMT_SIZE, row->prop, 1);
		if (rule == 2)
			memcpy(v + strlen(v), "*", 2); /* v has room for it */
		snprintf(raw, sizeof(raw), "%.1f", row->prop * 100);
		kli_rb_cell(b, t, r, col, v, raw);
	}
	kli_rep_pct_ci(ci, sizeof(ci), row->ci[KL_CI_LOGIT][0],
	               row->ci[KL_CI_LOGIT][1]);
	if (strcmp(ci, "..") == 0)
		kli_rb_sym(b, t, r, col + 1, KLI_SYM_HIDDEN);
	else
		kli_rb_cell(b, t, r, col + 1, ci, NULL);
}

/* Label of value `code` of variable `var` in the result. */
static const char *dom_label(const struct kl_est_domain *dm, size_t v)
{
	return dm->labels && dm->labels[v] ? dm->labels[v] : dm->values[v];
}

/* The share table of one item by sex and school year, with the change
 * since the previous round. */
static void share_table(struct ctx *c, struct survey *sv, const char *item,
                        const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[512];
	size_t t;
	int cmp = sv->prev != NULL;

	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, efter kön och årskurs, %s, %s %s%s%s. "
	         "Procent med 95 %% konfidensintervall",
	         what, c->region_name, "omgång", sv->cur ? sv->cur : "",
	         cmp ? ", förändring sedan " : "", cmp ? sv->prev : "");
	char name[64];
	snprintf(name, sizeof(name), "enkat-%s", item);
	if (cmp)
		t = kli_rb_table(b, name, cap, 7, "Grupp", "Andel (%)",
		                 "95 % KI", "Antal svar", "Föregående (%)",
		                 "Förändring (procentenheter)", "p-värde");
	else
		t = kli_rb_table(b, name, cap, 4, "Grupp", "Andel (%)",
		                 "95 % KI", "Antal svar");

	/* rows: total, each sex, each school year, sex x school year */
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		const struct kl_est_row *row;
		char lab[256];
		size_t r;

		if (sv->cur && (!dm->over || strcmp(dm->over, sv->cur)))
			continue;
		if (s->nvars == 1 && d->kommun &&
		    strcmp(s->vars[0], d->kommun) == 0)
			continue;
		if (s->nvars == 1 && d->breakdown &&
		    strcmp(s->vars[0], d->breakdown) == 0)
			continue;
		if (s->nvars == 2)
			if (!d->sex || !d->school_year ||
			    strcmp(s->vars[0], d->sex) ||
			    strcmp(s->vars[1], d->school_year))
				continue;
		row = kli_rep_find_row(res, item, (long)i);
		if (!row)
			continue;
		if (s->nvars == 0)
			snprintf(lab, sizeof(lab), "Samtliga");
		else if (s->nvars == 1)
			snprintf(lab, sizeof(lab), "%s", dom_label(dm, 0));
		else
			snprintf(lab, sizeof(lab), "%s, %s", dom_label(dm, 0),
			         dom_label(dm, 1));
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lab);
		kli_rep_share_cells(c, t, r, 1, row);
		const struct scount *x =
		    kli_rep_answers_count(c, sv, item, NULL, row, t, r, 3);
		kli_rep_add_dep(c, t, r, 1, 3, x);
		if (cmp)
			kli_rep_add_dep(c, t, r, 4, 7, x);
		if (!cmp)
			continue;
		const struct kl_est_diff *df = find_diff(sv, row);
		long pd = df ? (long)df->domain : -1;
		const struct kl_est_row *prow =
		    pd >= 0 ? kli_rep_find_row(res, item, pd) : NULL;
		int show = df && prow && kli_rep_share_rule(d, prow) &&
		           kli_rep_share_rule(d, row);
		/* the previous share, the change and its p-value go with the
		 * previous round's counts too */
		kli_rep_add_dep(c, t, r, 4, 7,
		                prev_count(c, sv, item, prow, show));
		if (!show) {
			for (size_t k = 4; k < 7; k++)
				kli_rb_sym(b, t, r, k, KLI_SYM_HIDDEN);
			continue;
		}
		char v[KL_FMT_SIZE + 2], raw[32], ci[4 * KL_FMT_SIZE];
		char lo[KL_FMT_SIZE], hi[KL_FMT_SIZE];
		if (prow->n_yes == 0)
			kli_rb_sym(b, t, r, 4, KLI_SYM_ZERO);
		else
			kli_rb_num(b, t, r, 4, prow->prop * 100, 1);
		/* no variance in either round (no yes answers in both, say):
		 * the interval and the test are undefined, not 0 wide */
		if (!(df->se_diff > 0) || !isfinite(df->se_diff) ||
		    !isfinite(df->p_value)) {
			kli_rb_undef(b, t, r, 5);
			kli_rb_undef(b, t, r, 6);
			continue;
		}
		kl_fmt_num(v, KL_FMT_SIZE, df->diff * 100, 1);
		kl_fmt_num(lo, sizeof(lo), df->ci_lo * 100, 1);
		kl_fmt_num(hi, sizeof(hi), df->ci_hi * 100, 1);
		snprintf(ci, sizeof(ci), "%s (%s till %s)", v, lo, hi);
		snprintf(raw, sizeof(raw), "%.1f", df->diff * 100);
		kli_rb_cell(b, t, r, 5, ci, raw);
		kl_fmt_num(v, KL_FMT_SIZE, df->p_value, 3);
		snprintf(raw, sizeof(raw), "%.3f", df->p_value);
		kli_rb_cell(b, t, r, 6, v, raw);
	}
	kli_rb_note(b, t,
	            "Andelen redovisas inte (..) för grupper med färre än %ld "
	            "giltiga svar eller med 1–%ld ja-svar; * = osäker "
	            "skattning (relativ standardavvikelse över %.0f %%).",
	            d->min_respondents, d->min_numerator - 1,
	            d->caution_rse * 100);
	if (cmp)
		kli_rb_note(b, t,
		            "Förändringen är skillnaden mellan omgångarna i "
		            "procentenheter med 95 %% konfidensintervall; "
		            "p-värdet från ett tvåsidigt z-test för oberoende "
		            "urval.");
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), designvägda skattningar "
	              "(kartlagg estimate).",
	              d->survey, c->imports_survey);
}

static void survey_summary(struct ctx *c, struct survey *sv, const char *item,
                           const char *what)
{
	const struct kl_est_result *res = sv->res;
	long dom = kli_rep_find_domain(res, sv->cur, "", NULL);
	const struct kl_est_row *row = kli_rep_find_row(res, item, dom);
	char v[KL_FMT_SIZE + 2] = "..", ci[4 * KL_FMT_SIZE] = "..";
	char pv[KL_FMT_SIZE] = "..", ch[2 * KL_FMT_SIZE] = "..";
	char src[sizeof(c->imports_survey) + 64];
	int rule = kli_rep_share_rule(c->b.d, row);

	if (rule) {
		kl_fmt_pct(v, KL_FMT_SIZE, row->prop, 1);
		if (rule == 2)
			memcpy(v + strlen(v), "*", 2); /* v has room for it */
		kli_rep_pct_ci(ci, sizeof(ci), row->ci[KL_CI_LOGIT][0],
		               row->ci[KL_CI_LOGIT][1]);
		if (row->n_yes == 0)
			snprintf(v, sizeof(v), "%s", KLI_SYM_ZERO);
	}
	int undef = 0; /* a change without variance in either round */
	const struct kl_est_row *prow = NULL;
	int pshown = 0;
	if (row && sv->prev) {
		const struct kl_est_diff *df = find_diff(sv, row);
		prow =
		    df ? kli_rep_find_row(res, item, (long)df->domain) : NULL;
		pshown = rule && prow && kli_rep_share_rule(c->b.d, prow);
		if (pshown) {
			char p[KL_FMT_SIZE];
			kl_fmt_pct(pv, sizeof(pv), prow->prop, 1);
			undef = !(df->se_diff > 0 && isfinite(df->p_value));
			if (!undef) {
				kl_fmt_num(ch, sizeof(ch), df->diff * 100, 1);
				kl_fmt_num(p, sizeof(p), df->p_value, 3);
				size_t l = strlen(ch);
				snprintf(ch + l, sizeof(ch) - l, " (p = %s)",
				         p);
			}
		}
	}
	snprintf(src, sizeof(src), "Enkät, import %s", c->imports_survey);
	char lab[256];
	snprintf(lab, sizeof(lab), "Andel elever som %s (%%)", what);
	kli_rep_summary_row(c, lab, v, ci, pv, ch, src);
	if (undef && c->b.r->tables[c->summary].nrows)
		kli_rb_undef(&c->b, c->summary,
		             c->b.r->tables[c->summary].nrows - 1, 4);
	if (row && c->b.r->tables[c->summary].nrows)
		kli_rep_add_dep(c, c->summary,
		                c->b.r->tables[c->summary].nrows - 1, 1, 5,
		                kli_rep_answers_count(c, sv, item, NULL, row, 0,
		                                      0, (size_t)-1));
	if (prow && c->b.r->tables[c->summary].nrows)
		kli_rep_add_dep(c, c->summary,
		                c->b.r->tables[c->summary].nrows - 1, 3, 5,
		                prev_count(c, sv, item, prow, pshown));
}

/* The region's row of share table t: its share (columns 1-2) and its
 * respondents (column 3) for item in the current round, hidden (..)
 * when the estimate has no such row. */
static void region_share_row(struct ctx *c, struct survey *sv, const char *item,
                             size_t t)
{
	struct kli_rb *b = &c->b;
	const struct kl_est_result *res = sv->res;
	long dt = kli_rep_find_domain(res, sv->cur, "", NULL);
	const struct kl_est_row *row = kli_rep_find_row(res, item, dt);
	size_t r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, c->region_name);
	kli_rep_share_cells(c, t, r, 1, row);
	if (row)
		kli_rep_add_dep(
		    c, t, r, 1, 3,
		    kli_rep_answers_count(c, sv, item, NULL, row, t, r, 3));
	else
		kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
}

/*
 * A kommun's schools ([survey] breakdown, kartlagg-report(5)): the share
 * of item per value of the breakdown variable (a domain of the same
 * design, like the kommuner), then the region.  The schools' counts are
 * in the one disclosure problem, and survey_sums declares that they sum
 * to the region's.
 */
static void breakdown_table(struct ctx *c, struct survey *sv, const char *item,
                            const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[500], name[200];
	size_t t, r;

	if (!d->breakdown || !item)
		return;
	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, per %s, %s, %s %s. Procent med 95 %% "
	         "konfidensintervall",
	         what, d->breakdown, c->region_name, "omgång",
	         sv->cur ? sv->cur : "");
	snprintf(name, sizeof(name), "enkat-%s-%s", d->breakdown, item);
	t = kli_rb_table(b, name, cap, 4, d->breakdown, "Andel (%)", "95 % KI",
	                 "Antal svar");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		const struct kl_est_row *row;
		if (s->nvars != 1 || strcmp(s->vars[0], d->breakdown) ||
		    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))))
			continue;
		row = kli_rep_find_row(res, item, (long)i);
		if (!row)
			continue;
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, dom_label(dm, 0));
		kli_rep_share_cells(c, t, r, 1, row);
		kli_rep_add_dep(
		    c, t, r, 1, 3,
		    kli_rep_answers_count(c, sv, item, NULL, row, t, r, 3));
	}
	region_share_row(c, sv, item, t);
	kli_rb_note(b, t,
	            "Andelen redovisas inte (..) för grupper med färre än %ld "
	            "giltiga svar eller med 1–%ld ja-svar; * = osäker "
	            "skattning (relativ standardavvikelse över %.0f %%). "
	            "Antal under %lld redovisas inte, liksom de som annars "
	            "skulle kunna räknas fram ur summan.",
	            d->min_respondents, d->min_numerator - 1,
	            d->caution_rse * 100, d->threshold);
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), designvägda skattningar "
	              "(kartlagg estimate).",
	              d->survey, c->imports_survey);
}

/*
 * Domain i of the survey's estimate as a row of table t when it is one
 * kommun of the region (in the current round) and item has a row there:
 * adds the table row (*r) with the kommun's name (*name when not NULL)
 * in column 0 and returns the estimate row; NULL otherwise.
 */
static const struct kl_est_row *kommun_row(struct ctx *c,
                                           const struct survey *sv,
                                           const char *item, size_t i, size_t t,
                                           size_t *r, const char **name)
{
	const struct kl_report_def *d = c->b.d;
	const struct kl_est_result *res = sv->res;
	const struct kl_est_domain *dm = &res->domains[i];
	const struct kl_est_set *s = &res->sets[dm->set];
	if (s->nvars != 1 || strcmp(s->vars[0], d->kommun) ||
	    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))) ||
	    !kli_rep_in_region(d, dm->values[0]))
		return NULL;
	const struct kl_est_row *row = kli_rep_find_row(res, item, (long)i);
	if (!row)
		return NULL;
	const struct kl_kommun *km = kl_codes_kommun(c->codes, dm->values[0]);
	const char *nm = km ? km->name : dm->values[0];
	*r = kli_rb_row(&c->b, t);
	kli_rb_text(&c->b, t, *r, 0, nm);
	if (name)
		*name = nm;
	return row;
}

/* The name of the table of survey's rows into buf ("" when the survey is
 * not in the store); a store that cannot be read fails the report. */
static void survey_table(struct ctx *c, const char *survey, char *buf, size_t n)
{
	sqlite3_stmt *s = NULL;
	struct kl_error e;
	int rc;

	buf[0] = '\0';
	kl_error_clear(&e);
	if (kli_store_prepare(c->b.st,
	                      "SELECT data_table FROM surveys WHERE name = ?1",
	                      &s, &e)) {
		kli_rb_fail(&c->b, &e);
		return;
	}
	sqlite3_bind_text(s, 1, survey, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kli_store_fail(c->b.st, rc, &e, "cannot read the survey");
		kli_rb_fail(&c->b, &e);
	}
	sqlite3_finalize(s);
}

/* Respondents by kommun and sex in the current round (counts of persons:
 * disclosure-controlled). */
static void respondents_table(struct ctx *c, struct survey *sv,
                              const char *item)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	const char **sexes, **sexlab, **heads;
	size_t nsex = 0;
	char cap[400], key[600], vars[140];
	size_t t;

	if (!d->kommun || !d->sex)
		return;
	/* the sex categories, in the order the estimate gives them: at most
	 * one a domain */
	sexes = calloc(res->ndomains + 1, sizeof(*sexes));
	sexlab = calloc(res->ndomains + 1, sizeof(*sexlab));
	heads = calloc(res->ndomains + 3, sizeof(*heads));
	if (!sexes || !sexlab || !heads) {
		b->oom = 1;
		goto out;
	}
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		int dupl = 0;
		if (s->nvars != 1 || strcmp(s->vars[0], d->sex) ||
		    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))))
			continue;
		for (size_t k = 0; k < nsex; k++)
			dupl |= strcmp(sexes[k], dm->values[0]) == 0;
		if (!dupl) {
			sexes[nsex] = dm->values[0];
			sexlab[nsex++] = dom_label(dm, 0);
		}
	}
	heads[0] = "Kommun";
	for (size_t k = 0; k < nsex; k++)
		heads[k + 1] = sexlab[k];
	heads[nsex + 1] = "Totalt";
	snprintf(cap, sizeof(cap),
	         "Antal svarande efter kommun och kön, %s, %s %s. Antal "
	         "elever",
	         c->region_name, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table_v(b, "enkat-svarande", cap, nsex + 2, heads);

	/* kommun rows, then the region; every count the rows of its
	 * domain, the sums between them declared by survey_sums */
	snprintf(vars, sizeof(vars), "%s,%s", d->kommun, d->sex);
	for (size_t i = 0; i <= res->ndomains; i++) {
		const struct kl_est_row *row;
		size_t r;
		const char *kod = NULL;
		if (i < res->ndomains) {
			row = kommun_row(c, sv, item, i, t, &r, NULL);
			if (!row)
				continue;
			kod = res->domains[i].values[0];
		} else {
			long dt = kli_rep_find_domain(res, sv->cur, "", NULL);
			row = kli_rep_find_row(res, item, dt);
			r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0, "Totalt");
		}
		for (size_t k = 0; k < nsex; k++) {
			const char *vals[2] = {kod, sexes[k]};
			long dk =
			    kod ? kli_rep_find_domain(res, sv->cur, vars, vals)
			        : kli_rep_find_domain(res, sv->cur, d->sex,
			                              vals + 1);
			const struct kl_est_row *rk =
			    kli_rep_find_row(res, item, dk);
			if (rk) {
				respondents_count(c, sv, rk->domain,
				                  rk->n_domain, t, r, k + 1);
				continue;
			}
			/* no respondent of that sex there: a published 0 */
			if (kod)
				snprintf(key, sizeof(key),
				         "enkat/%s/%s/svarande/%s=%s,%s=%s",
				         d->survey, sv->cur ? sv->cur : "",
				         d->kommun, kod, d->sex, sexes[k]);
			else
				snprintf(key, sizeof(key),
				         "enkat/%s/%s/svarande/%s=%s",
				         d->survey, sv->cur ? sv->cur : "",
				         d->sex, sexes[k]);
			kli_rb_count(b, t, r, k + 1, key, 0);
		}
		if (row)
			respondents_count(c, sv, row->domain, row->n_domain, t,
			                  r, nsex + 1);
		else
			kli_rb_sym(b, t, r, nsex + 1, KLI_SYM_HIDDEN);
	}
	kli_rb_note(b, t,
	            "Svarsfrekvensen finns inte i lagret. Antal under %lld "
	            "redovisas inte (..), liksom de celler som annars skulle "
	            "kunna räknas fram ur summorna.",
	            d->threshold);
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              d->survey, c->imports_survey);
out:
	free(sexes);
	free(sexlab);
	free(heads);
}

/* Free kc and its points; NULL does nothing. */
void kli_rep_kchart_free(struct kchart *kc)
{
	if (!kc)
		return;
	free(kc->pts);
	free(kc->mv);
	free(kc->n_idx);
	free(kc->y_idx);
	free(kc->labels);
	free(kc->codes);
	free(kc);
}

/* Room for one more point in kc (every kommun of the region gets one);
 * 0, or -1 when out of memory (kc unchanged but for what grew). */
static int kchart_grow(struct kchart *kc)
{
	size_t cap = kc->cap, need = kc->npts + 1;
	if (need <= cap)
		return 0;
	cap = cap ? 2 * cap : 64;
	struct kl_chart_point *p = realloc(kc->pts, cap * sizeof(*p));
	if (p)
		kc->pts = p;
	struct kl_map_value *m = realloc(kc->mv, cap * sizeof(*m));
	if (m)
		kc->mv = m;
	size_t *ni = realloc(kc->n_idx, cap * sizeof(*ni));
	if (ni)
		kc->n_idx = ni;
	size_t *yi = realloc(kc->y_idx, cap * sizeof(*yi));
	if (yi)
		kc->y_idx = yi;
	char(*l)[64] = realloc(kc->labels, cap * sizeof(*l));
	if (l)
		kc->labels = l;
	char(*cd)[8] = realloc(kc->codes, cap * sizeof(*cd));
	if (cd)
		kc->codes = cd;
	if (!p || !m || !ni || !yi || !l || !cd)
		return -1;
	memset(kc->pts + kc->cap, 0, (cap - kc->cap) * sizeof(*p));
	memset(kc->mv + kc->cap, 0, (cap - kc->cap) * sizeof(*m));
	kc->cap = cap;
	return 0;
}

/*
 * The share of item per kommun of the region in the current round, then
 * the region, and the placeholders of the kommun chart (and, for a
 * one-län report, map) that kli_rep_resolve_survey draws after disclosure
 * control; every kommun row has a point.
 */
static void kommun_table(struct ctx *c, struct survey *sv, const char *item,
                         const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[400];
	size_t t;
	struct kchart *kc;

	if (!d->kommun)
		return;
	kc = calloc(1, sizeof(*kc));
	if (!kc) {
		b->oom = 1;
		return;
	}
	kli_rep_kchart_free(c->kchart);
	c->kchart = kc;
	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, per kommun, %s %s. Procent med 95 %% "
	         "konfidensintervall",
	         what, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table(b, "enkat-kommun", cap, 4, "Kommun", "Andel (%)",
	                 "95 % KI", "Antal svar");
	kc->t = t;
	snprintf(kc->what, sizeof(kc->what), "%s", what);
	snprintf(kc->cur, sizeof(kc->cur), "%s", sv->cur ? sv->cur : "");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		size_t r;
		const char *name;
		const struct kl_est_row *row =
		    kommun_row(c, sv, item, i, t, &r, &name);
		if (!row)
			continue;
		kli_rep_share_cells(c, t, r, 1, row);
		const struct scount *x =
		    kli_rep_answers_count(c, sv, item, NULL, row, t, r, 3);
		kli_rep_add_dep(c, t, r, 1, 3, x);
		if (x && kchart_grow(kc)) {
			b->oom = 1;
			return;
		}
		if (x) {
			size_t k = kc->npts++;
			int rule = kli_rep_share_rule(d, row);
			snprintf(kc->labels[k], sizeof(kc->labels[k]), "%s",
			         name);
			snprintf(kc->codes[k], sizeof(kc->codes[k]), "%s",
			         dm->values[0]);
			kc->pts[k].value = rule ? row->prop * 100 : NAN;
			kc->pts[k].lo =
			    rule ? row->ci[KL_CI_LOGIT][0] * 100 : NAN;
			kc->pts[k].hi =
			    rule ? row->ci[KL_CI_LOGIT][1] * 100 : NAN;
			kc->pts[k].hidden = !rule;
			kc->pts[k].caution = rule == 2;
			kc->n_idx[k] = x->n_idx;
			kc->y_idx[k] = x->y_idx;
		}
	}
	region_share_row(c, sv, item, t);
	kli_rb_note(b, t,
	            "Kommunrader redovisas bara där det finns minst %ld "
	            "giltiga svar och inte 1–%ld ja-svar; annars (..).",
	            d->min_respondents, d->min_numerator - 1);
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              d->survey, c->imports_survey);
	/* placeholders: drawn by kommun_figures once disclosure control
	 * has decided which shares are shown */
	{
		char title[400];
		snprintf(title, sizeof(title),
		         "Andel elever som %s, per kommun, %s", what,
		         sv->cur ? sv->cur : "");
		kc->fig_chart =
		    kc->npts ? kli_rb_figure(b, 0, title, "", NULL, t + 1) + 1
		             : 0;
		if (kc->npts && d->nregions == 1 &&
		    strlen(d->regions[0]) == 2) {
			kc->map = 1;
			kc->fig_map =
			    kli_rb_figure(b, 1, title, "", NULL, t + 1) + 1;
		}
	}
}

/*
 * After disclosure control: hide every survey cell whose counts it hid
 * (a share, its interval, the change, an estimated number), then draw
 * the kommun chart and map with the shares as published.
 */
void kli_rep_resolve_survey(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	for (size_t i = 0; i < c->nsdeps; i++) {
		const struct sdep *p = &c->sdeps[i];
		if (!kli_rb_hidden(b, p->n_idx) && !kli_rb_hidden(b, p->y_idx))
			continue;
		for (size_t k = p->col0; k < p->col1; k++)
			kli_rb_sym(b, p->t, p->row, k, KLI_SYM_HIDDEN);
	}
	struct kchart *kc = c->kchart;
	const struct kl_report_def *d = b->d;
	struct kl_error e;
	char *svg = NULL;
	size_t len, shown = 0;
	char title[400], desc[600];
	if (!kc || !kc->npts)
		return;
	for (size_t k = 0; k < kc->npts; k++) {
		struct kl_chart_point *pt = &kc->pts[k];
		if (kli_rb_hidden(b, kc->n_idx[k]) ||
		    kli_rb_hidden(b, kc->y_idx[k])) {
			pt->value = pt->lo = pt->hi = NAN;
			pt->hidden = 1;
			pt->caution = 0;
		}
		pt->label = kc->labels[k];
		kc->mv[k].code = kc->codes[k];
		kc->mv[k].value = pt->value;
		kc->mv[k].hidden = pt->hidden;
		shown += !pt->hidden;
	}
	snprintf(title, sizeof(title), "Andel elever som %s, per kommun, %s",
	         kc->what, kc->cur);
	if (kc->fig_chart) {
		struct kl_chart_opts co;
		snprintf(
		    desc, sizeof(desc),
		    "Punkt och 95 %% konfidensintervall per kommun; %zu av "
		    "%zu kommuner redovisas, övriga har för få svarande "
		    "eller ja-svar (..). Siffrorna finns i tabell %d.",
		    shown, kc->npts, (int)kc->t + 1);
		kli_rb_chart_pct(&co, title, desc, "diagram-kommun");
		kl_error_clear(&e);
		int rc = kl_chart_dots(&co, kc->pts, kc->npts, &svg, &len, &e);
		kli_rb_figure_drawn(b, kc->fig_chart, rc, &e, svg, NULL, desc);
	}
	if (kc->fig_map) {
		struct kl_map_opts mo = {0};
		snprintf(desc, sizeof(desc),
		         "Kommunerna i %s färgade efter andelen; kommuner som "
		         "inte redovisas är streckade. %zu av %zu kommuner "
		         "redovisas; siffrorna finns i tabell %d.",
		         c->region_name, shown, kc->npts, (int)kc->t + 1);
		mo.level = KL_MAP_KOMMUN;
		mo.region = d->regions[0];
		mo.values = kc->mv;
		mo.nvalues = kc->npts;
		mo.decimals = 1;
		mo.unit = "procent";
		mo.title = title;
		mo.desc = desc;
		mo.id = "karta-enkat";
		svg = NULL;
		kl_error_clear(&e);
		int rc = kl_map_svg(&mo, &svg, &len, &e);
		kli_rb_figure_drawn(b, kc->fig_map, rc, &e, svg, NULL, desc);
	}
}

/* Compensation type and contact route among those who answered (län). */
static void multi_table(struct ctx *c, struct survey *sv, char *const *items,
                        size_t n, const char *name, const char *cap)
{
	struct kli_rb *b = &c->b;
	const struct kl_est_result *res = sv->res;
	long dt = kli_rep_find_domain(res, sv->cur, "", NULL);
	size_t t;

	if (!n)
		return;
	t = kli_rb_table(b, name, cap, 4, "Svar", "Andel (%)", "95 % KI",
	                 "Antal svar");
	const struct kl_est_row *first = kli_rep_find_row(res, items[0], dt);
	for (size_t i = 0; i < n; i++) {
		const struct kl_est_row *row =
		    kli_rep_find_row(res, items[i], dt);
		const char *lab = items[i];
		for (size_t k = 0; k < res->nitems; k++)
			if (strcmp(res->items[k].name, items[i]) == 0 &&
			    res->items[k].label)
				lab = res->items[k].label;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lab);
		kli_rep_share_cells(c, t, r, 1, row);
		if (!row) {
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
			continue;
		}
		/* the items of one question have the same answerers */
		const char *nkey =
		    first && first->n_valid == row->n_valid ? items[0] : NULL;
		const struct scount *x =
		    kli_rep_answers_count(c, sv, items[i], nkey, row, t, r, 3);
		kli_rep_add_dep(c, t, r, 1, 3, x);
		/* asked of those who ever received compensation: its
		 * answerers are at most the ever item's yes answers */
		const struct scount *ev =
		    b->d->ever && dt >= 0
		        ? find_scount(c, b->d->ever, (size_t)dt)
		        : NULL;
		if (x && ev) {
			char key[600];
			snprintf(key, sizeof(key),
			         "enkat/%s/%s/%s/ej_fragad/alla", b->d->survey,
			         sv->cur ? sv->cur : "",
			         nkey ? nkey : items[i]);
			survey_le(c, x->n_idx, x->n, ev->y_idx, ev->yes, key);
		}
	}
	kli_rb_note(b, t,
	            "Flera svar möjliga; andelen av dem som besvarat frågan. "
	            "Redovisas bara för regionen som helhet.");
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              b->d->survey, c->imports_survey);
}

static void estimates_table(struct ctx *c, struct survey *sv, const char *item,
                            const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[400];
	size_t t;

	long year = sv->cur ? strtol(sv->cur, NULL, 10) : 0;
	int bypop = d->npopmap > 0 && year > 0;

	snprintf(cap, sizeof(cap),
	         "Skattat antal elever som %s, %s, %s %s. Antal elever, "
	         "avrundat till tiotal",
	         what, c->region_name, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table(b, "enkat-antal", cap, 3, "Grupp", "Skattat antal",
	                 "95 % KI");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		if ((sv->cur && (!dm->over || strcmp(dm->over, sv->cur))) ||
		    s->nvars > 1 ||
		    (s->nvars == 1 && (!d->sex || strcmp(s->vars[0], d->sex))))
			continue;
		const struct kl_est_row *row =
		    kli_rep_find_row(res, item, (long)i);
		if (!row)
			continue;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0,
		            s->nvars ? dom_label(dm, 0) : "Samtliga");
		kli_rep_add_dep(c, t, r, 1, 3,
		                kli_rep_answers_count(c, sv, item, NULL, row, 0,
		                                      0, (size_t)-1));
		if (!kli_rep_share_rule(d, row) || !isfinite(row->total)) {
			kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
			kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			continue;
		}
		double est = row->total;
		double lo = row->total - 1.96 * row->se_total;
		double hi = row->total + 1.96 * row->se_total;
		if (bypop) {
			/* share x N, N the stored SCB population of the
			 * domain (kommun rows), the logit interval x N */
			struct kl_error e;
			double N = NAN;
			int ci = isfinite(row->ci[KL_CI_LOGIT][0]) &&
			                 isfinite(row->ci[KL_CI_LOGIT][1])
			             ? KL_CI_LOGIT
			             : KL_CI_XLOGIT;
			kl_error_clear(&e);
			if (kl_population_domain(
			        b->st, &c->popdom, d->popmap, d->npopmap,
			        "kommun", year, s->nvars,
			        (const char *const *)s->vars,
			        (const char *const *)dm->values, &N, &e) ||
			    !isfinite(N)) {
				kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
				kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
				continue;
			}
			est = row->prop * N;
			lo = row->ci[ci][0] * N;
			hi = row->ci[ci][1] * N;
			if (!s->nvars) {
				c->survey_N = N;
				c->survey_N_year = year;
			}
		}
		/* no yes answers: none (after the population, so that a
		 * group without N is ".." as every such group) */
		if (row->n_yes == 0) {
			kli_rb_sym(b, t, r, 1, KLI_SYM_ZERO);
			kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			continue;
		}
		char v[KL_FMT_SIZE], a[KL_FMT_SIZE], z[KL_FMT_SIZE], ci[140];
		kl_fmt_int(v, sizeof(v), (long long)(round(est / 10) * 10));
		kli_rb_cell(b, t, r, 1, v, NULL);
		kl_fmt_int(a, sizeof(a),
		           (long long)(round((lo < 0 ? 0 : lo) / 10) * 10));
		kl_fmt_int(z, sizeof(z), (long long)(round(hi / 10) * 10));
		snprintf(ci, sizeof(ci), "%s–%s", a, z);
		kli_rb_cell(b, t, r, 2, ci, NULL);
	}
	if (d->weights)
		kli_rb_note(b, t,
		            "Vikterna är kalibrerade mot befolkningen (viktset "
		            "'%s', kartlagg calibrate); variansen är "
		            "kalibreringsjusterad.",
		            d->weights);
	if (bypop)
		kli_rb_note(
		    b, t,
		    "Antalet är andelen gånger SCB:s folkmängd för "
		    "gruppen (regionens kommuner med svarande, %ld, "
		    "åldrarna som motsvarar årskurserna), som behandlas "
		    "som känd; intervallet är andelens 95 %% "
		    "konfidensintervall (logit) gånger folkmängden.",
		    year);
	else
		kli_rb_note(b, t,
		            "Summan av vikterna skattar antalet elever i "
		            "populationen; intervallet är normalapproximerat "
		            "(±1,96 standardfel).");
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), %s.", d->survey,
	              c->imports_survey,
	              d->weights ? "kalibrerade vikter" : "designvikter");
}

/*
 * A kommun's own appendix (kartlagg-report(5), A KOMMUN'S REPORT): each
 * share of the kommun beside the share of its län, both domains of the
 * same design (the whole survey stays the sample), when the survey has
 * respondents in the län outside the kommun.  The län's counts are in the
 * disclosure problem like the kommun's, and so is the difference between
 * them (the respondents of the rest of the län): a reader could subtract.
 */
static void lan_compare(struct ctx *c, struct survey *sv,
                        const struct kl_est_opts *eo_in)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_est_opts eo = *eo_in;
	struct kl_est_result *lres = NULL;
	const char *items[2], *what[2];
	const char **vals = NULL;
	size_t nitems = 0, nv = 0;
	struct kl_error e;
	char lan[3], cap[500];
	const char *lname;

	if (!d->kommun || !sv->cur || d->nregions == 0)
		return;
	for (size_t i = 0; i < d->nregions; i++)
		if (strlen(d->regions[i]) != 4 ||
		    strncmp(d->regions[i], d->regions[0], 2) != 0)
			return; /* a län report, or kommuner of several län */
	snprintf(lan, sizeof(lan), "%.2s", d->regions[0]);
	lname = kli_rep_region_label(c, lan);
	if (d->ever) {
		items[nitems] = d->ever;
		what[nitems++] = "någon gång fått ersättning för sexuella "
		                 "handlingar";
	}
	if (d->last12) {
		items[nitems] = d->last12;
		what[nitems++] = "fått ersättning för sexuella handlingar de "
		                 "senaste 12 månaderna";
	}
	if (!nitems)
		return;
	size_t nk = kl_codes_nkommuner(c->codes);
	vals = calloc(nk + 1, sizeof(*vals));
	if (!vals) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < nk; i++) {
		const struct kl_kommun *km = kl_codes_kommun_at(c->codes, i);
		if (km && strncmp(km->code, lan, 2) == 0)
			vals[nv++] = km->code;
	}
	eo.items = items;
	eo.nitems = nitems;
	eo.by = NULL;
	eo.nby = 0;
	eo.overall = 1;
	eo.subset_vals = vals;
	eo.nsubset = nv;
	kl_error_clear(&e);
	if (kl_estimate(b->st, d->survey, &eo, &lres, &e)) {
		if (e.status == KL_ERR_NOMEM)
			b->oom = 1;
		free(vals);
		return;
	}
	long kd = kli_rep_find_domain(sv->res, sv->cur, "", NULL);
	long ld = kli_rep_find_domain(lres, sv->cur, "", NULL);
	const struct kl_est_row *k0 =
	    kd >= 0 ? kli_rep_find_row(sv->res, items[0], kd) : NULL;
	const struct kl_est_row *l0 =
	    ld >= 0 ? kli_rep_find_row(lres, items[0], ld) : NULL;
	kli_rb_heading(b, "Kommunen och länet");
	if (!k0 || !l0 || l0->n_domain <= k0->n_domain) {
		kli_rb_para(b,
		            "Enkäten har inga svarande i %s utanför %s; "
		            "ingen jämförelse med länet.",
		            lname, c->region_name);
		goto out;
	}
	for (size_t i = 0; i < nitems; i++) {
		const struct kl_est_row *kr =
		    kli_rep_find_row(sv->res, items[i], kd);
		const struct kl_est_row *lr =
		    kli_rep_find_row(lres, items[i], ld);
		char key[600], rkey[600];
		const char *cur = sv->cur;
		size_t t, r;
		if (!kr || !lr)
			continue;
		snprintf(cap, sizeof(cap),
		         "Andel elever som %s, %s och %s, omgång %s. Procent "
		         "med 95 %% konfidensintervall",
		         what[i], c->region_name, lname, cur);
		char tname[200];
		snprintf(tname, sizeof(tname), "enkat-jamforelse-%s", items[i]);
		t = kli_rb_table(b, tname, cap, 4, "Region", "Andel (%)",
		                 "95 % KI", "Antal svar");
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, c->region_name);
		kli_rep_share_cells(c, t, r, 1, kr);
		const struct scount *kx =
		    kli_rep_answers_count(c, sv, items[i], NULL, kr, t, r, 3);
		kli_rep_add_dep(c, t, r, 1, 3, kx);
		/* the län: its valid answers and yes answers, and the rest
		 * of the län (län - kommun), unpublished, in the problem */
		struct scount lx = {0};
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lname);
		kli_rep_share_cells(c, t, r, 1, lr);
		if (lr->n_valid == lr->n_domain)
			snprintf(key, sizeof(key),
			         "enkat/%s/%s/svarande/lan=%s", d->survey, cur,
			         lan);
		else
			snprintf(key, sizeof(key), "enkat/%s/%s/%s/svar/lan=%s",
			         d->survey, cur, items[i], lan);
		lx.n_idx = kli_rb_count(b, t, r, 3, key, lr->n_valid);
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/ja/lan=%s",
		         d->survey, cur, items[i], lan);
		lx.y_idx = kli_rb_key(b, key, lr->n_yes < 0 ? 0 : lr->n_yes);
		kli_rep_add_dep(c, t, r, 1, 3, &lx);
		if (kx) {
			size_t ix[3];
			long long a[3] = {1, -1, -1};
			snprintf(rkey, sizeof(rkey),
			         "enkat/%s/%s/%s/svar/lan=%s-utom-region",
			         d->survey, cur, items[i], lan);
			ix[0] = lx.n_idx;
			ix[1] = kx->n_idx;
			ix[2] =
			    kli_rb_unpub(b, rkey, lr->n_valid - kr->n_valid, 1);
			kli_rb_rel(b, ix, a, 3, 0);
			snprintf(rkey, sizeof(rkey),
			         "enkat/%s/%s/%s/ja/lan=%s-utom-region",
			         d->survey, cur, items[i], lan);
			ix[0] = lx.y_idx;
			ix[1] = kx->y_idx;
			ix[2] =
			    kli_rb_unpub(b, rkey,
			                 (lr->n_yes < 0 ? 0 : lr->n_yes) -
			                     (kr->n_yes < 0 ? 0 : kr->n_yes),
			                 1);
			kli_rb_rel(b, ix, a, 3, 0);
		}
		kli_rb_note(b, t,
		            "Båda andelarna är skattningar i samma design "
		            "(hela enkätens urval): kommunen och länet är "
		            "domäner, med samma vikter%s. Enkäten har inget "
		            "urval för riket.",
		            d->weights ? " (kalibrerade)" : "");
		kli_rb_note(b, t,
		            "Andelen redovisas inte (..) för färre än %ld "
		            "giltiga svar eller 1–%ld ja-svar.",
		            d->min_respondents, d->min_numerator - 1);
		kli_rb_source(b, t, c->imports_survey,
		              "Källa: enkäten %s (import %s).", d->survey,
		              c->imports_survey);
	}
out:
	kl_est_result_free(lres);
	free(vals);
}

int kli_rep_section_survey(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_design_spec ds;
	struct kl_est_opts eo;
	struct survey sv;
	const char *items[34];
	const char *by[7];
	char sexyear[140], kommunsex[140], kommunbreak[140];
	size_t nitems = 0, nby = 0;
	struct kl_error e;
	int rc;

	kli_rb_section(b, 3, "Ungdomsenkäten");
	if (!d->survey) {
		kli_rb_missing(b, "avsnittet saknas: ingen enkät i "
		                  "rapportfilen ([survey])");
		return KL_OK;
	}
	memset(&ds, 0, sizeof(ds));
	memset(&eo, 0, sizeof(eo));
	memset(&sv, 0, sizeof(sv));
	ds.psu[0] = d->psu;
	ds.psu[1] = d->ssu;
	ds.strata = d->strata;
	ds.weight = d->weight;
	ds.fpc[0] = d->fpc;
	ds.over = d->round;
	ds.lonely = d->lonely ? (enum kl_lonely)kl_lonely_parse(d->lonely)
	                      : KL_LONELY_FAIL;
	if (d->ever)
		items[nitems++] = d->ever;
	if (d->last12)
		items[nitems++] = d->last12;
	for (size_t i = 0; i < d->ncompensation; i++)
		items[nitems++] = d->compensation[i];
	for (size_t i = 0; i < d->ncontact; i++)
		items[nitems++] = d->contact[i];
	if (d->sex)
		by[nby++] = d->sex;
	if (d->school_year)
		by[nby++] = d->school_year;
	if (d->sex && d->school_year) {
		snprintf(sexyear, sizeof(sexyear), "%s,%s", d->sex,
		         d->school_year);
		by[nby++] = sexyear;
	}
	if (d->kommun)
		by[nby++] = d->kommun;
	if (d->kommun && d->sex) {
		snprintf(kommunsex, sizeof(kommunsex), "%s,%s", d->kommun,
		         d->sex);
		by[nby++] = kommunsex;
	}
	if (d->breakdown)
		by[nby++] = d->breakdown;
	/* the region rule: a report for a region counts its residents, here
	 * the respondents of its kommuner (kartlagg-report(5)); the others
	 * stay in the design and the calibration */
	if (d->kommun) {
		size_t nk = kl_codes_nkommuner(c->codes);
		free(c->subset);
		c->nsubset = 0;
		c->subset = calloc(nk + 1, sizeof(*c->subset));
		if (!c->subset) {
			b->oom = 1;
			return KL_OK;
		}
		for (size_t i = 0; i < nk; i++) {
			const struct kl_kommun *km =
			    kl_codes_kommun_at(c->codes, i);
			if (km && kli_rep_in_region(d, km->code))
				c->subset[c->nsubset++] = km->code;
		}
		eo.subset = d->kommun;
		eo.subset_vals = c->subset;
		eo.nsubset = c->nsubset;
	}
	/* which kommun each school is in, for school_sums: only asked for
	 * when the region has several kommuner (with one, its total is the
	 * region's, already the schools' sum) */
	if (d->breakdown && d->kommun && c->nsubset > 1) {
		snprintf(kommunbreak, sizeof(kommunbreak), "%s,%s", d->kommun,
		         d->breakdown);
		by[nby++] = kommunbreak;
	}
	eo.drop_missing = 1; /* a missing code is no group of its own */
	c->popdom.survey = d->survey;
	c->popdom.over = d->round;
	c->popdom.over_value = d->current;
	c->popdom.subset = eo.subset;
	c->popdom.subset_vals = eo.subset_vals;
	c->popdom.nsubset = eo.nsubset;
	eo.design = &ds;
	eo.items = items;
	eo.nitems = nitems;
	eo.by = by;
	eo.nby = nby;
	eo.overall = 1;
	eo.level = 0.95;
	eo.weights = d->weights;
	kl_error_clear(&e);
	rc = kl_estimate(b->st, d->survey, &eo, &sv.res, &e);
	if (rc == KL_ERR_USAGE || rc == KL_ERR_PARSE) {
		kli_rb_missing(b,
		               "avsnittet saknas: enkäten '%s' kan inte "
		               "skattas (%s)",
		               d->survey, e.msg);
		return KL_OK;
	}
	if (rc) {
		*b->err = e;
		return rc;
	}
	/* the imports behind the survey: every import its rows come from
	 * (one per round when the rounds came in files of their own), and
	 * its codebook's, in id order */
	{
		char table[128] = "";
		survey_table(c, d->survey, table, sizeof(table));
		if (table[0]) {
			/* the survey's own import when no rows say (none
			 * stored) */
			char *q = sqlite3_mprintf(
			    "SELECT codebook_import_id FROM surveys WHERE name "
			    "= ?1 AND codebook_import_id IS NOT NULL UNION "
			    "SELECT _import_id FROM \"%w\" UNION SELECT "
			    "import_id FROM surveys WHERE name = ?1 AND "
			    "import_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
			    "FROM \"%w\") ORDER BY 1",
			    table, table);
			if (!q)
				b->oom = 1;
			else
				kli_rep_import_ids(c, q, d->survey, NULL,
				                   c->imports_survey,
				                   sizeof(c->imports_survey));
			sqlite3_free(q);
		}
	}
	sv.cur = d->current;
	sv.prev = d->previous;
	if (sv.cur && kli_rep_find_domain(sv.res, sv.cur, "", NULL) < 0) {
		kli_rb_missing(b,
		               "avsnittet saknas: omgång %s = %s finns inte "
		               "i enkäten '%s'",
		               d->round, sv.cur, d->survey);
		kl_est_result_free(sv.res);
		return KL_OK;
	}
	kli_rep_note_date(c, sv.cur);
	if (sv.prev && kli_rep_find_domain(sv.res, sv.prev, "", NULL) < 0) {
		kli_rb_para(b,
		            "Den föregående omgången (%s = %s) finns inte "
		            "i enkäten; ingen jämförelse.",
		            d->round, sv.prev);
		sv.prev = NULL;
	}
	if (sv.prev &&
	    kl_est_compare(sv.res, sv.prev, sv.cur, &sv.diff, &sv.ndiff, &e)) {
		kli_rb_para(b, "Jämförelsen med omgång %s kunde inte göras.",
		            sv.prev);
		sv.prev = NULL;
	}
	/* the series over every stored round, when there are 3 or more:
	 * its counts registered before the tables comparing two rounds */
	const char *rounds[SERIES_MAX];
	int numeric = 0;
	size_t nr = kli_rep_survey_rounds(&sv, rounds, &numeric);
	if (nr < 3)
		nr = 0;
	if (nr && d->ever)
		kli_rep_series_register(c, &sv, d->ever, rounds, nr);
	if (nr && d->last12)
		kli_rep_series_register(c, &sv, d->last12, rounds, nr);
	kli_rb_para(b, "Designvägda andelar (kartlagg estimate) med 95 %% "
	               "konfidensintervall (logit). Regionen redovisas som "
	               "helhet; kommuner bara där reglerna för röjandeskydd "
	               "tillåter.");
	const char *item = d->ever ? d->ever : d->last12;
	const char *what = d->ever ? "någon gång fått ersättning för "
	                             "sexuella handlingar"
	                           : "fått ersättning för sexuella "
	                             "handlingar de senaste 12 månaderna";
	kli_rb_heading(b, "Svarande");
	respondents_table(c, &sv, item);
	kli_rb_heading(b, "Andel som fått ersättning för sexuella handlingar");
	if (d->ever) {
		share_table(c, &sv, d->ever,
		            "någon gång fått ersättning för sexuella "
		            "handlingar");
		survey_summary(c, &sv, d->ever,
		               "någon gång fått ersättning för sexuella "
		               "handlingar");
	}
	if (d->last12) {
		share_table(c, &sv, d->last12,
		            "fått ersättning för sexuella handlingar de "
		            "senaste 12 månaderna");
		survey_summary(c, &sv, d->last12,
		               "fått ersättning de senaste 12 månaderna");
	}
	if (nr) {
		struct strend *st = calloc(1, sizeof(*st));
		if (!st) {
			b->oom = 1;
			goto done;
		}
		free(c->strend);
		c->strend = st;
		st->nx = nr;
		for (size_t k = 0; k < nr; k++)
			st->x[k] =
			    numeric ? (int)strtol(rounds[k], NULL, 10) : 0;
		snprintf(st->r0, sizeof(st->r0), "%s", rounds[0]);
		snprintf(st->r1, sizeof(st->r1), "%s", rounds[nr - 1]);
		kli_rb_heading(b, "Utveckling över omgångarna");
		size_t it = 0;
		if (d->ever) {
			snprintf(st->names[it], sizeof(st->names[it]),
			         "Någon gång");
			kli_rep_series_table(
			    c, &sv, d->ever,
			    "någon gång fått ersättning för sexuella "
			    "handlingar",
			    rounds, nr, it++);
		}
		if (d->last12) {
			snprintf(st->names[it], sizeof(st->names[it]),
			         "De senaste 12 månaderna");
			kli_rep_series_table(
			    c, &sv, d->last12,
			    "fått ersättning för sexuella handlingar "
			    "de senaste 12 månaderna",
			    rounds, nr, it++);
		}
		/* a placeholder: drawn by kli_rep_resolve_trend once disclosure
		 * control has decided which shares are shown */
		if (numeric)
			st->fig =
			    kli_rb_figure(b, 0, "", "", NULL, st->t[0] + 1) + 1;
		else
			kli_rb_missing(b, "diagrammet över omgångarna saknas: "
			                  "omgångarna är inte årtal");
	}
	kli_rb_heading(b, "Kommunerna");
	kommun_table(c, &sv, item, what);
	lan_compare(c, &sv, &eo);
	if (d->breakdown) {
		kli_rb_heading(b, "Skolorna");
		if (d->ever)
			breakdown_table(
			    c, &sv, d->ever,
			    "någon gång fått ersättning för sexuella "
			    "handlingar");
		if (d->last12)
			breakdown_table(
			    c, &sv, d->last12,
			    "fått ersättning för sexuella handlingar "
			    "de senaste 12 månaderna");
	}
	kli_rb_heading(b, "Skattat antal ungdomar");
	estimates_table(c, &sv, item, what);
	if (d->ncompensation || d->ncontact)
		kli_rb_heading(b, "Typ av ersättning och kontaktväg");
	{
		char cap[400];
		snprintf(cap, sizeof(cap),
		         "Typ av ersättning bland elever som fått ersättning, "
		         "%s, %s %s. Procent",
		         c->region_name, "omgång", sv.cur ? sv.cur : "");
		multi_table(c, &sv, d->compensation, d->ncompensation,
		            "enkat-ersattning", cap);
		snprintf(cap, sizeof(cap),
		         "Kontaktväg bland elever som fått ersättning, %s, %s "
		         "%s. Procent",
		         c->region_name, "omgång", sv.cur ? sv.cur : "");
		multi_table(c, &sv, d->contact, d->ncontact, "enkat-kontakt",
		            cap);
	}
done:
	survey_sums(c, sv.res);
	school_sums(c, sv.res);
	survey_bounds(c, sv.res);
	free(sv.diff);
	kl_est_result_free(sv.res);
	return KL_OK;
}
