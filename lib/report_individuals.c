/*
 * report_individuals.c - section 4 of the appendix: persons known to
 * services (kl_count.h), by sex, age, type of organisation, exploitation,
 * residence and key strength, with the overlap between organisations and
 * the differencing guards (roles, periods) of disclosure control.  The
 * MSE part is report_mse.c.
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

/* ---- section 4: persons known to services ------------------------------ */

extern const char kli_etiketter_csv[];

/*
 * Cut the embedded schemas/etiketter.csv ("kod;etikett" after '#' comment
 * lines and the header) into c->labels over a copy in c->labels_buf,
 * which kl_report_build frees.  Returns KL_OK, KL_ERR_NOMEM (b->oom set
 * too), or KL_ERR_INTERNAL for a malformed table: it is ours, so that is
 * a build error, never an input error.
 */
int kli_rep_load_labels(struct ctx *c)
{
	size_t cap = 0, header = 1;
	char *p;

	c->labels_buf = strdup(kli_etiketter_csv);
	if (!c->labels_buf) {
		c->b.oom = 1;
		return KL_ERR_NOMEM;
	}
	for (p = c->labels_buf; *p;) {
		char *line = p, *e = strchr(p, '\n'), *semi;
		if (e) {
			*e = '\0';
			p = e + 1;
		} else {
			p += strlen(p);
		}
		if (*line == '#' || *line == '\0')
			continue;
		semi = strchr(line, ';');
		if (!semi || strchr(semi + 1, ';'))
			return KL_ERR_INTERNAL;
		*semi = '\0';
		if (header) {
			header = 0;
			continue;
		}
		if (kli_grow((void **)&c->labels, &cap, c->nlabels + 1,
		             sizeof(*c->labels))) {
			c->b.oom = 1;
			return KL_ERR_NOMEM;
		}
		c->labels[c->nlabels][0] = line;
		c->labels[c->nlabels++][1] = semi + 1;
	}
	return KL_OK;
}

/* The Swedish label of an individuals feed code (the first row of
 * schemas/etiketter.csv with it), or the code itself when it has none. */
static const char *label_of(const struct ctx *c, const char *code)
{
	for (size_t i = 0; i < c->nlabels; i++)
		if (strcmp(c->labels[i][0], code) == 0)
			return c->labels[i][1];
	return code;
}

/* The disclosure indices (+ 1) of column 1 of table t, all rows but the
 * last (the total), into ix[] (at most max); returns how many. */
static size_t col_cells(struct kli_rb *b, size_t t, size_t *ix, long long *cnt,
                        size_t max)
{
	const struct kl_rep_table *tb = &b->r->tables[t];
	size_t n = 0;
	for (size_t i = 0; i + 1 < tb->nrows && n < max; i++) {
		ix[n] = tb->cells[i * tb->ncols + 1].sdc;
		cnt[n++] = tb->cells[i * tb->ncols + 1].count;
	}
	return n;
}

/*
 * The relations a reader knows between the np category counts of a
 * multiple-response breakdown (parts, counts pn, values pv) of table t
 * and its total (total_idx): each category's complement (total - X
 * persons are not in X, so X <= total) and, where every person is in some
 * category (the "Uppgift saknas" row makes it so), that the categories
 * add up to at least the total.
 */
static void ind_multi(struct ctx *c, const struct kl_individuals_count *ic,
                      size_t t, const char *dim, size_t total_idx,
                      const size_t *parts, const long long *pn,
                      const char *const *pv, size_t np)
{
	struct kli_rb *b = &c->b;
	size_t nonzero = 0, na = 0;
	long long excess = -(long long)ic->persons;
	size_t *all = malloc((np + 2) * sizeof(*all));
	long long *a = malloc((np + 2) * sizeof(*a));

	if (!all || !a) {
		b->oom = 1;
		goto out;
	}
	/* persons of one organisation type only, when the sources
	 * show the type: "all of them" is no news (no margin rule) */
	for (size_t i = 0; i < np; i++)
		nonzero += pn[i] > 0;
	int public_all = strcmp(dim, "organisation_type") == 0 && nonzero <= 1;
	for (size_t i = 0; i < np; i++) {
		size_t two[2];
		char kk[200];
		snprintf(kk, sizeof(kk), "individer/%s/%s/inte/%s",
		         b->d->ind_period, dim, pv[i]);
		long long two_n[2] = {pn[i], (long long)ic->persons - pn[i]};
		two[0] = parts[i];
		two[1] = kli_rb_unpub(b, kk, two_n[1], 1);
		if (public_all) {
			size_t three[3] = {total_idx, two[0], two[1]};
			const long long w[3] = {1, -1, -1};
			kli_rb_rel(b, three, w, 3, 0);
		} else {
			kli_rb_sum(b, total_idx, (long long)ic->persons, two,
			           two_n, 2);
		}
		all[na] = parts[i];
		a[na++] = 1;
		excess += pn[i];
	}
	if (strcmp(dim, "organisation_type") != 0 && excess >= 0) {
		char kk[200];
		snprintf(kk, sizeof(kk), "individer/%s/%s/overskott",
		         b->d->ind_period, dim);
		all[na] = total_idx;
		a[na++] = -1;
		all[na] = kli_rb_unpub(b, kk, excess, 0);
		a[na++] = -1;
		kli_rb_rel(b, all, a, na, 0);
	}
	kli_rb_note(b, t,
	            "En person kan förekomma i flera kategorier; "
	            "kategorierna summerar inte till totalen.");
out:
	free(all);
	free(a);
}

/*
 * One breakdown table of the individuals count: a row per category of
 * dimension dim of ic, then the total, each a count in the disclosure
 * problem, with the sum relations a reader knows (additive: the
 * categories sum to the total under total_idx; else multiple response,
 * ind_multi).  Every category takes part, however many there are.
 */
static void ind_table(struct ctx *c, const struct kl_individuals_count *ic,
                      const char *dim, const char *name, const char *head,
                      const char *cap, int additive, size_t total_idx)
{
	struct kli_rb *b = &c->b;
	size_t t, np = 0, n = 0;
	char key[160];
	size_t *parts;
	long long *pn;
	const char **pv;

	for (size_t i = 0; i < ic->ncats; i++)
		n += strcmp(ic->cats[i].dim, dim) == 0;
	parts = malloc((n + 1) * sizeof(*parts));
	pn = malloc((n + 1) * sizeof(*pn));
	pv = malloc((n + 1) * sizeof(*pv));
	if (!parts || !pn || !pv) {
		b->oom = 1;
		goto out;
	}
	t = kli_rb_table(b, name, cap, 2, head, "Antal personer");
	for (size_t i = 0; i < ic->ncats; i++) {
		const struct kl_count_cat *k = &ic->cats[i];
		if (strcmp(k->dim, dim))
			continue;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0,
		            strcmp(dim, "arena") == 0 &&
		                    strcmp(k->value, "okand") == 0
		                ? "Okänd arena"
		                : label_of(c, k->value));
		snprintf(key, sizeof(key), "individer/%s/%s/%s",
		         b->d->ind_period, dim, k->value);
		parts[np] =
		    kli_rb_count(b, t, r, 1, key, (long long)k->persons);
		pv[np] = k->value;
		pn[np++] = (long long)k->persons;
	}
	size_t r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/totalt", b->d->ind_period);
	kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
	if (additive)
		kli_rb_sum(b, total_idx, (long long)ic->persons, parts, pn, np);
	else
		ind_multi(c, ic, t, dim, total_idx, parts, pn, pv, np);
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s), "
	              "kartlagg count individuals.",
	              c->imports_ind);
out:
	free(parts);
	free(pn);
	free(pv);
}

static int small_diff(unsigned long long x, unsigned long long y,
                      long long threshold);

/*
 * The category cells of this report's breakdowns (sex, age, organisation
 * type, ...) that differ from the same category of another report on the
 * store, oc, by 1 .. threshold - 1 are hidden by force: the women of alla
 * less the women of utsatt are women who are only buyers.  The cells are
 * registered here under the keys the tables give them (ind_table), with
 * their counts, so the tables find them forced.
 */
static void cat_differencing(struct ctx *c,
                             const struct kl_individuals_count *ic,
                             const struct kl_individuals_count *oc)
{
	const struct kl_report_def *d = c->b.d;
	char key[160];
	if (!oc)
		return;
	for (size_t i = 0; i < ic->ncats; i++) {
		const struct kl_count_cat *k = &ic->cats[i];
		unsigned long long other = 0;
		for (size_t j = 0; j < oc->ncats; j++)
			if (!strcmp(oc->cats[j].dim, k->dim) &&
			    !strcmp(oc->cats[j].value, k->value))
				other = oc->cats[j].persons;
		if (!small_diff(k->persons, other, d->threshold))
			continue;
		snprintf(key, sizeof(key), "individer/%s/%s/%s", d->ind_period,
		         k->dim, k->value);
		kli_rb_force(&c->b,
		             kli_rb_key(&c->b, key, (long long)k->persons));
	}
}

/*
 * Does a record wholly inside o's period (as kl_count_individuals takes
 * them) have a role other than o->role?  1 when it does or the store
 * cannot say, 0 when not: then the count over every role reads the same
 * records as o's and gives the same figures.
 */
static int other_roles(struct kl_store *st, const struct kl_count_opts *o)
{
	sqlite3_stmt *s;
	char p0[16], p1[16];
	int any = 1;

	if (kli_store_prepare(st,
	                      "SELECT EXISTS (SELECT 1 FROM individuals WHERE "
	                      "period_start >= ?1 AND period_end <= ?2 AND "
	                      "role <> ?3)",
	                      &s, NULL))
		return 1;
	snprintf(p0, sizeof(p0), "%04d-%02d", o->period.y0, o->period.m0);
	snprintf(p1, sizeof(p1), "%04d-%02d", o->period.y1, o->period.m1);
	sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->role, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		any = sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return any;
}

/*
 * The totals of the report that options oo would make, for differencing:
 * *here the region's persons, *all the store's (region, elsewhere, no
 * kommun), both 0 when it counts nobody; its category cells that differ
 * from ic's by a small count are forced (cat_differencing).  Returns 0,
 * or a status (with *c->b.err) when the store fails.
 */
static int other_report_totals(struct ctx *c, const struct kl_count_opts *oo,
                               const struct kl_individuals_count *ic,
                               unsigned long long *here,
                               unsigned long long *all)
{
	struct kl_individuals_count *oc = NULL;
	struct kl_error e;
	int rc;

	*here = *all = 0;
	kl_error_clear(&e);
	rc = kl_count_individuals(c->b.st, oo, &oc, &e);
	if (rc && rc != KL_ERR_NUMERIC) {
		*c->b.err = e;
		return rc;
	}
	if (oc) {
		*here = oc->persons;
		*all = oc->persons + oc->elsewhere + oc->no_kommun;
	}
	cat_differencing(c, ic, oc);
	kl_individuals_count_free(oc);
	return KL_OK;
}

/*
 * Role differencing (kartlagg-report(5), DISCLOSURE CONTROL): reports
 * with role alla, utsatt and kopare can be made from the same store, and
 * the difference of two totals counts the persons of the other role.
 * The totals of this report (the region's and the store's) are hidden by
 * force when one differs from the same total of another role's report by
 * 1 .. threshold - 1, and so are the category cells that differ so
 * (cat_differencing).  Returns 0, or a status when the store fails.
 */
static int role_differencing(struct ctx *c, const struct kl_count_opts *o,
                             const struct kl_individuals_count *ic,
                             int *force_region, int *force_store)
{
	static const char *const roles[] = {NULL, "utsatt", "kopare"};
	const struct kl_report_def *d = c->b.d;
	unsigned long long here = ic->persons,
	                   all = ic->persons + ic->elsewhere + ic->no_kommun;

	*force_region = *force_store = 0;
	if (o->role && !other_roles(c->b.st, o))
		return KL_OK; /* every record has this role: the same counts */
	for (size_t i = 0; i < 3; i++) {
		struct kl_count_opts oo = *o;
		unsigned long long h = 0, a = 0, dh, da;
		int rc;
		if ((roles[i] == NULL) == (o->role == NULL) &&
		    (!roles[i] || strcmp(roles[i], o->role) == 0))
			continue; /* this report's role */
		if (o->role && roles[i])
			continue; /* utsatt against kopare: not nested */
		oo.role = roles[i];
		rc = other_report_totals(c, &oo, ic, &h, &a);
		if (rc)
			return rc;
		dh = h > here ? h - here : here - h;
		da = a > all ? a - all : all - a;
		/* a total of 0 in either report names nobody the other does
		 * not already protect by its own rules */
		if (h && here && dh >= 1 &&
		    dh < (unsigned long long)d->threshold)
			*force_region = 1;
		if (a && all && da >= 1 &&
		    da < (unsigned long long)d->threshold)
			*force_store = 1;
	}
	return KL_OK;
}

/* Does a total differ from another report's by 1 .. threshold - 1 (a
 * total of 0 in either names nobody)? */
static int small_diff(unsigned long long x, unsigned long long y,
                      long long threshold)
{
	unsigned long long dx = x > y ? x - y : y - x;
	return x && y && dx >= 1 && dx < (unsigned long long)threshold;
}

/*
 * Period differencing (kartlagg-report(5), DISCLOSURE CONTROL): a report
 * for any period inside this one can be made from the same store (a
 * record counts when it lies wholly inside the period), and the
 * difference of the totals counts the persons of the months left out.
 * For every run of whole months inside the report's period (every one
 * when the period has at most 24 months, else those that keep its first
 * or its last month), the totals of this report (the region's and the
 * store's) are hidden by force when one differs from the same total over
 * that run by 1 .. threshold - 1, and so are the category cells that
 * differ so (cat_differencing).  Returns 0, or a status when the store
 * fails.
 */
static int period_differencing(struct ctx *c, const struct kl_count_opts *o,
                               const struct kl_individuals_count *ic,
                               int *force_region, int *force_store)
{
	const struct kl_report_def *d = c->b.d;
	const struct kl_period *p = &o->period;
	unsigned long long here = ic->persons,
	                   all = ic->persons + ic->elsewhere + ic->no_kommun;
	int m0 = p->y0 * 12 + p->m0 - 1, m1 = p->y1 * 12 + p->m1 - 1;
	int every = m1 - m0 + 1 <= 24;

	for (int a = m0; a <= m1; a++)
		for (int z = a; z <= m1; z++) {
			struct kl_count_opts oo = *o;
			unsigned long long h = 0, t = 0;
			int rc;
			if ((a == m0 && z == m1) ||
			    (!every && a != m0 && z != m1))
				continue;
			oo.period.y0 = a / 12;
			oo.period.m0 = a % 12 + 1;
			oo.period.y1 = z / 12;
			oo.period.m1 = z % 12 + 1;
			rc = other_report_totals(c, &oo, ic, &h, &t);
			if (rc)
				return rc;
			*force_region |= small_diff(h, here, d->threshold);
			*force_store |= small_diff(t, all, d->threshold);
		}
	return KL_OK;
}

/* Where the persons of the role live: the region, elsewhere, unknown. */
static void residence_table(struct ctx *c,
                            const struct kl_individuals_count *ic,
                            int force_store)
{
	struct kli_rb *b = &c->b;
	const char *per = b->d->ind_period;
	char cap[400], key[160], lab[300];
	size_t t, r, ix[3], tot;
	long long n[3] = {(long long)ic->persons, (long long)ic->elsewhere,
	                  (long long)ic->no_kommun};
	static const char *const keys[] = {"totalt", "bostad/annan",
	                                   "bostad/okand"};

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter bostadskommun, %s. "
	         "Antal personer",
	         per);
	t = kli_rb_table(b, "individer-bostad", cap, 2, "Bostad",
	                 "Antal personer");
	for (size_t i = 0; i < 3; i++) {
		r = kli_rb_row(b, t);
		if (i == 0)
			snprintf(lab, sizeof(lab), "Bor i %s", c->region_name);
		kli_rb_text(b, t, r, 0,
		            i == 0   ? lab
		            : i == 1 ? "Bor i annan kommun/annat län"
		                     : "Kommun okänd");
		snprintf(key, sizeof(key), "individer/%s/%s", per, keys[i]);
		ix[i] = kli_rb_count(b, t, r, 1, key, n[i]);
	}
	r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt i lagret (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/lagret", per);
	tot = kli_rb_count(b, t, r, 1, key, n[0] + n[1] + n[2]);
	/* where a person lives is not what the report protects (it is the
	 * region's own report): a weighted relation, so the margin rule
	 * does not hide "all of them live in the region" */
	{
		size_t four[4] = {tot, ix[0], ix[1], ix[2]};
		const long long a[4] = {1, -1, -1, -1};
		kli_rb_rel(b, four, a, 4, 0);
	}
	if (force_store)
		kli_rb_force(b, tot);
	kli_rb_note(b, t,
	            "En persons bostadskommun är den kommun som oftast står i "
	            "personens poster under perioden, oavsett roll (vid lika "
	            "många den lägsta koden). Avsnittets övriga tabeller "
	            "räknar bara de som bor i %s.",
	            c->region_name);
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s), "
	              "kartlagg count individuals --region.",
	              c->imports_ind);
}

/* Persons by key: strong, weak only, (keyed: the two), none; returns the
 * index (+ 1) of the keyed persons, the MSE's observed persons. */
static size_t key_table(struct ctx *c, const struct kl_individuals_count *ic,
                        size_t total_idx)
{
	struct kli_rb *b = &c->b;
	const char *per = b->d->ind_period;
	char cap[400], key[160];
	size_t t, r, ix[3], keyed;
	long long n[3] = {(long long)ic->strong, (long long)ic->weak,
	                  (long long)ic->unkeyed};
	static const char *const keys[] = {"stark", "svag", "ingen"};
	static const char *const labs[] = {"Stark nyckel (personnummer)",
	                                   "Enbart svag nyckel (kön, "
	                                   "födelseår, initialer)",
	                                   "Ingen nyckel"};

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter personnyckel, %s, %s. "
	         "Antal personer",
	         c->region_name, per);
	t = kli_rb_table(b, "individer-nyckel", cap, 2, "Personnyckel",
	                 "Antal personer");
	for (size_t i = 0; i < 3; i++) {
		if (i == 2) {
			/* the keyed persons: the MSE's observed persons */
			r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0,
			            "Med nyckel (stark eller svag)");
			snprintf(key, sizeof(key), "individer/%s/med_nyckel",
			         per);
			keyed = kli_rb_count(b, t, r, 1, key, n[0] + n[1]);
			/* nor is the kind of key: weighted relations, out of
			 * the margin rule's reach */
			size_t three[3] = {keyed, ix[0], ix[1]};
			const long long a[3] = {1, -1, -1};
			kli_rb_rel(b, three, a, 3, 0);
		}
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, labs[i]);
		snprintf(key, sizeof(key), "individer/%s/nyckel/%s", per,
		         keys[i]);
		ix[i] = kli_rb_count(b, t, r, 1, key, n[i]);
	}
	r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/totalt", per);
	kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
	{
		size_t three[3] = {total_idx, keyed, ix[2]};
		const long long a[3] = {1, -1, -1};
		kli_rb_rel(b, three, a, 3, 0);
	}
	kli_rb_note(b, t,
	            "Personer utan nyckel räknas var för sig och kan vara "
	            "räknade mer än en gång; de ingår inte i skattningen av "
	            "det totala antalet.");
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s).",
	              c->imports_ind);
	return keyed;
}

/*
 * The overlap identity (issue 13): the organisation-type table counts a
 * person once per type, the overlap table once per person by the number
 * of organisations, so sum(type counts) = sum over persons of their
 * types; with a type per organisation that is 1 k1 + 2 k2 + 3 k3 + ...,
 * and a reader who knows k1, k2 and "3 eller fler" may solve for k3, k4.
 * The persons by (organisations, types) go in as unpublished cells, tied
 * to the published k1, k2, 3+ and to the type counts.  Only the
 * combinations that occur are registered: a reader is assumed to know
 * which do, which protects more, never less.
 */
static void overlap_identity(struct ctx *c,
                             const struct kl_individuals_count *ic,
                             const size_t *known, size_t types_t)
{
	struct kl_source *src = NULL;
	size_t nsrc = 0;
	long long feed_rows = 0, orgsum = 0;
	struct kli_rb *b = &c->b;
	size_t ntype, ntyped = 0, K = ic->orgs_known, nv = 0;
	const struct kl_rep_table *ttb = &b->r->tables[types_t];
	long long *cnt = malloc((ttb->nrows + 1) * sizeof(*cnt));
	size_t *cix = malloc((ttb->nrows + 1) * sizeof(*cix));
	struct kl_count_overlap *cells = NULL;
	size_t *ix = NULL, *grp = NULL;
	long long *a = NULL, *gn = NULL;
	char key[200];
	long long tsum = 0;

	/* the organisation-type counts */
	if (!cnt || !cix) {
		b->oom = 1;
		goto out;
	}
	ntype = col_cells(b, types_t, cix, cnt, ttb->nrows);
	for (size_t i = 0; i < ntype; i++)
		ntyped += cnt[i] > 0;
	/*
	 * The combinations (j organisations, i types) a reader cannot rule
	 * out: 1 <= i <= j <= the organisations, i <= the types with
	 * persons; only i = j when there are as many organisations as such
	 * types (a type each, as the sources table shows).  With their
	 * counts, 0 for those that do not occur.
	 */
	if (K > 200)
		K = 200;
	cells = calloc(K * (ntyped + 1) + ic->noverlap + 1, sizeof(*cells));
	if (!cells) {
		b->oom = 1;
		goto out;
	}
	for (size_t j = 1; j <= K; j++)
		for (size_t i = 1; i <= j && i <= ntyped; i++)
			if (K != ntyped || i == j)
				cells[nv++] =
				    (struct kl_count_overlap){j, i, 0};
	for (size_t v = 0; v < ic->noverlap; v++) {
		const struct kl_count_overlap *o = &ic->overlap[v];
		size_t w = 0;
		while (w < nv &&
		       (cells[w].orgs != o->orgs || cells[w].types != o->types))
			w++;
		if (w == nv)
			cells[nv++] = *o;
		else
			cells[w].persons = o->persons;
	}
	ix = calloc(nv + ntype + 3, sizeof(*ix));
	a = calloc(nv + ntype + 3, sizeof(*a));
	grp = calloc(nv + 1, sizeof(*grp));
	gn = calloc(nv + 1, sizeof(*gn));
	if (!ix || !a || !grp || !gn) {
		b->oom = 1;
		goto out;
	}
	for (size_t i = 0; i < ntype; i++) {
		ix[i] = cix[i];
		tsum += cnt[i];
		a[i] = 1;
	}
	size_t n = ntype;
	long long wsum = 0;
	for (size_t v = 0; v < nv; v++) {
		const struct kl_count_overlap *o = &cells[v];
		snprintf(key, sizeof(key),
		         "individer/%s/kand_av_exakt/%zu/typer/%zu",
		         b->d->ind_period, o->orgs, o->types);
		size_t u = kli_rb_unpub(b, key, (long long)o->persons, 1);
		if (o->types) {
			ix[n] = u;
			a[n++] = -(long long)o->types;
			wsum += (long long)(o->types * o->persons);
		}
		grp[v] = u;
		gn[v] = (long long)o->persons;
		orgsum += (long long)(o->orgs * o->persons);
	}
	if (wsum == tsum)
		kli_rb_rel(b, ix, a, n, 0);
	/*
	 * Each organisation that knows a person has a record of them, so
	 * 1 k1 + 2 k2 + 3 k3 + ... <= the rows of the individuals feeds,
	 * which the sources table publishes: an equation with an
	 * unpublished slack.
	 */
	{
		struct kl_error e;
		kl_error_clear(&e);
		if (kl_store_list_sources(b->st, &src, &nsrc, &e) == KL_OK) {
			for (size_t i = 0; i < nsrc; i++)
				if (!src[i].superseded_by &&
				    strcmp(src[i].kind, "individuals") == 0)
					feed_rows += src[i].rows;
		} else {
			/* the relation below protects the overlap table */
			kli_rb_fail(b, &e);
		}
	}
	if (feed_rows >= orgsum) {
		size_t m = 0, rows_ix = 0;
		{
			struct kl_error e;
			size_t idx;
			kl_error_clear(&e);
			if (b->sdc && !b->oom &&
			    kl_sdc_cell(b->sdc, "kallor/individer/rader",
			                feed_rows, 1, &idx, &e) == KL_OK)
				rows_ix = idx + 1;
			else if (e.status == KL_ERR_NOMEM)
				b->oom = 1;
		}
		for (size_t v = 0; v < nv; v++) {
			ix[m] = grp[v];
			a[m++] = (long long)cells[v].orgs;
		}
		snprintf(key, sizeof(key), "individer/%s/rader_utover",
		         b->d->ind_period);
		ix[m] = kli_rb_unpub(b, key, feed_rows - orgsum, 0);
		a[m++] = 1;
		ix[m] = rows_ix;
		a[m++] = -1;
		kli_rb_rel(b, ix, a, m, 0);
	}
	/* k1, k2 and 3+ are sums of those cells (weighted relations: no
	 * limit on the parts, and the parts are unpublished anyway) */
	for (size_t k = 0; k < 3; k++) {
		size_t np = 0;
		ix[np] = known[k];
		a[np++] = 1;
		for (size_t v = 0; v < nv; v++) {
			size_t j = cells[v].orgs;
			if ((k < 2 && j == k + 1) || (k == 2 && j >= 3)) {
				ix[np] = grp[v];
				a[np++] = -1;
			}
		}
		kli_rb_rel(b, ix, a, np, 0);
	}
out:
	free(cnt);
	free(cix);
	free(cells);
	free(src);
	free(ix);
	free(a);
	free(grp);
	free(gn);
}

int kli_rep_section_individuals(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_count_opts o;
	struct kl_individuals_count *ic = NULL;
	struct kl_error e;
	char cap[400], per[24], key[160];
	int rc;

	kli_rb_section(b, 4, "Personer kända av verksamheter");
	if (!d->individuals) {
		kli_rb_missing(b, "avsnittet saknas: inga individuppgifter i "
		                  "rapportfilen ([individuals])");
		return KL_OK;
	}
	memset(&o, 0, sizeof(o));
	if (kl_period_parse(d->ind_period, &o.period)) {
		kli_rb_missing(b,
		               "avsnittet saknas: perioden '%s' kan inte "
		               "tolkas",
		               d->ind_period);
		return KL_OK;
	}
	o.role = d->role && strcmp(d->role, "alla") ? d->role : NULL;
	o.lists = d->lists && strcmp(d->lists, "organisation-type") == 0
	              ? KL_LISTS_ORG_TYPE
	              : KL_LISTS_ORGANISATION;
	o.regions = (const char *const *)d->regions;
	o.nregions = d->nregions;
	kl_error_clear(&e);
	rc = kl_count_individuals(b->st, &o, &ic, &e);
	if (rc == KL_ERR_NUMERIC) {
		kli_rb_missing(b,
		               "avsnittet saknas: lagret har inga "
		               "individuppgifter för perioden %s",
		               d->ind_period);
		return KL_OK;
	}
	if (rc) {
		*b->err = e;
		return rc;
	}
	if (!b->sdc) {
		kli_rb_missing(b,
		               "avsnittet saknas: antal personer publiceras "
		               "bara med röjandeskydd, och kartlagg är byggd "
		               "utan det (kl_sdc)");
		kl_individuals_count_free(ic);
		return KL_OK;
	}
	/* the imports behind it */
	{
		char p0[8], p1[8];
		snprintf(p0, sizeof(p0), "%04d-%02d", o.period.y0, o.period.m0);
		snprintf(p1, sizeof(p1), "%04d-%02d", o.period.y1, o.period.m1);
		kli_rep_import_ids(
		    c,
		    "SELECT DISTINCT import_id FROM individuals "
		    "WHERE period_start >= ?1 AND period_end <= ?2 "
		    "ORDER BY 1",
		    p0, p1, c->imports_ind, sizeof(c->imports_ind));
	}
	kl_period_format(&o.period, per, sizeof(per));
	kli_rb_para(b,
	            "Unika personer som verksamheterna mött under %s%s och "
	            "som bor i %s, räknade en gång även när flera "
	            "verksamheter känner dem (pseudonyma personnycklar). "
	            "Personer som bor i en annan kommun eller vars kommun "
	            "inte är känd redovisas bara i tabellen efter "
	            "bostadskommun.",
	            d->ind_period,
	            o.role ? (strcmp(o.role, "utsatt") == 0
	                          ? ", personer utsatta för exploatering"
	                          : ", köpare")
	                   : "",
	            c->region_name);
	int force_region = 0, force_store = 0;
	rc = role_differencing(c, &o, ic, &force_region, &force_store);
	if (!rc)
		rc =
		    period_differencing(c, &o, ic, &force_region, &force_store);
	if (rc) {
		kl_individuals_count_free(ic);
		return rc;
	}
	residence_table(c, ic, force_store);
	snprintf(key, sizeof(key), "individer/%s/totalt", d->ind_period);

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter kön, %s, %s. Antal "
	         "personer",
	         c->region_name, d->ind_period);
	/* the total is a cell of every table; register it once */
	size_t total_idx = 0;
	ind_table(c, ic, "sex", "individer-kon", "Kön", cap, 1, 0);
	{
		/* find the total's index: it is the last cell of that
		 * table */
		struct kl_rep_table *tb = &b->r->tables[b->r->ntables - 1];
		const struct kl_rep_cell *tc =
		    kli_rb_at(b, b->r->ntables - 1, tb->nrows - 1, 1);
		/* NULL only when out of memory (b->oom) */
		total_idx = tc ? tc->sdc : 0;
		/* declare the sex relation now that the total is known */
		size_t *parts = malloc(tb->nrows * sizeof(*parts));
		long long *pn = malloc(tb->nrows * sizeof(*pn));
		if (parts && pn) {
			size_t np = col_cells(b, b->r->ntables - 1, parts, pn,
			                      tb->nrows);
			kli_rb_sum(b, total_idx, (long long)ic->persons, parts,
			           pn, np);
		} else {
			b->oom = 1;
		}
		free(parts);
		free(pn);
	}
	if (force_region)
		kli_rb_force(b, total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter åldersgrupp, %s, %s. "
	         "Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "age_group", "individer-alder", "Åldersgrupp", cap, 1,
	          total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter typ av verksamhet, %s, "
	         "%s. Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "organisation_type", "individer-verksamhet",
	          "Typ av verksamhet", cap, 0, total_idx);
	size_t types_t = b->r->ntables - 1, known_ix[3] = {0, 0, 0};
	/* overlap */
	{
		static const char *const known[] = {"1", "2", "3+"};
		static const char *const known_sv[] = {"Känd av 1 verksamhet",
		                                       "Känd av 2 verksamheter",
		                                       "Känd av 3 eller fler"};
		size_t t, parts[3];
		long long pn[3];
		snprintf(
		    cap, sizeof(cap),
		    "Personer efter antal verksamheter som känner dem, %s, "
		    "%s. Antal personer",
		    c->region_name, d->ind_period);
		t = kli_rb_table(b, "individer-overlapp", cap, 2, "Överlapp",
		                 "Antal personer");
		for (int i = 0; i < 3; i++) {
			size_t r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0, known_sv[i]);
			snprintf(key, sizeof(key), "individer/%s/kand_av/%s",
			         d->ind_period, known[i]);
			parts[i] = kli_rb_count(b, t, r, 1, key,
			                        (long long)ic->known_to[i]);
			pn[i] = (long long)ic->known_to[i];
		}
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
		snprintf(key, sizeof(key), "individer/%s/totalt",
		         d->ind_period);
		kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
		if (ic->orgs_known > 1) {
			kli_rb_sum(b, total_idx, (long long)ic->persons, parts,
			           pn, 3);
		} else {
			/* one organisation: everybody is known to one, which
			 * every reader knows; no margin rule */
			size_t four[4] = {total_idx, parts[0], parts[1],
			                  parts[2]};
			const long long w[4] = {1, -1, -1, -1};
			kli_rb_rel(b, four, w, 4, 0);
		}
		kli_rb_source(b, t, c->imports_ind,
		              "Källa: verksamheternas individuppgifter (import "
		              "%s).",
		              c->imports_ind);
		memcpy(known_ix, parts, sizeof(known_ix));
	}
	overlap_identity(c, ic, known_ix, types_t);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter typ av exploatering, "
	         "%s, %s. Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "exploitation", "individer-exploatering",
	          "Typ av exploatering", cap, 0, total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter arena, %s, %s. Antal "
	         "personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "arena", "individer-arena", "Arena", cap, 0,
	          total_idx);
	size_t keyed_idx = key_table(c, ic, total_idx);
	/* summary: the unique total, under the same key */
	{
		size_t r = kli_rb_row(b, c->summary);
		char src[sizeof(c->imports_ind) + 64];
		kli_rb_text(b, c->summary, r, 0,
		            "Unika personer kända av verksamheter");
		kli_rb_count(b, c->summary, r, 1, key, (long long)ic->persons);
		for (size_t k = 2; k < 5; k++)
			kli_rb_sym(b, c->summary, r, k, KLI_SYM_HIDDEN);
		snprintf(src, sizeof(src), "Verksamheter, import %s",
		         c->imports_ind);
		kli_rb_text(b, c->summary, r, 5, src);
		b->r->tables[c->summary].persons = 1;
		kli_rep_note_date(c, "");
	}
	if (d->mse)
		kli_rep_mse_part(c, ic, keyed_idx, known_ix);
	else
		kli_rb_missing(b, "skattningen av det totala antalet saknas: "
		                  "ingen [mse] i rapportfilen");
	kl_individuals_count_free(ic);
	return KL_OK;
}
