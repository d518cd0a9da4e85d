/*
 * estimate_scan.c - the row scan of kl_estimate: one SELECT, each row mapped
 * to its stratum, unit and domains, its contributions added to slots
 * (estimate_priv.h).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* ------------------------------------------------------------ the scan */

/* Slot layout: a header, then per item a block and per level a block. */

int kli_est_unit_stratum(const struct est *e, uint32_t unit)
{
	if (!e->clustered)
		return (int)unit;
	uint32_t p = e->two_stage ? e->ssu_psu[unit] : unit;
	return (int)e->psus[p].stratum;
}

/* The PSU of unit (itself unless two-stage). */
uint32_t kli_est_unit_psu(const struct est *e, uint32_t unit)
{
	return e->two_stage ? e->ssu_psu[unit] : unit;
}

/* *out the whole decimal number s; -1 (out untouched) when s is not one. */
static int parse_ll(const char *s, long long *out)
{
	char *end;
	if (!*s)
		return -1;
	long long x = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = x;
	return 0;
}

/*
 * Byte i of s folded to lower case: ASCII A-Z and the Latin-1 letters
 * U+00C0-U+00DE (except U+00D7) in UTF-8, so "JA", "Ja" and "ja", or "ÖVRIGT"
 * and "övrigt", fold alike.  Folding keeps the length.
 */
static unsigned char fold_byte(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
	    c <= 0x9E && c != 0x97)
		return (unsigned char)(c + 0x20);
	return c;
}

/* Are a and b equal after fold_byte()? */
static int fold_eq(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (strlen(b) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (fold_byte(a, i) != fold_byte(b, i))
			return 0;
	return 1;
}

/* strcmp() of the folded texts. */
static int fold_cmp(const char *a, const char *b)
{
	size_t i;
	for (i = 0; a[i] && b[i]; i++) {
		unsigned char x = fold_byte(a, i), y = fold_byte(b, i);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (unsigned char)a[i] - (unsigned char)b[i];
}

/* Classify an item's cell: a level index, LEV_NA, LEV_NONE (a valid
 * answer in no level: an unmarked box) or LEV_BAD. */
static int classify(const struct ritem *it, sqlite3_stmt *s, int col,
                    double *num)
{
	const struct mvar *v = it->v;
	int t = sqlite3_column_type(s, col);
	if (t == SQLITE_NULL)
		return it->multi ? LEV_NONE : LEV_NA;
	if (t == SQLITE_INTEGER && it->is_int) {
		long long x = sqlite3_column_int64(s, col);
		for (size_t j = 0; j < v->ncodes; j++)
			if (it->icodes[j] == x)
				return (int)j;
		for (size_t j = 0; j < v->nmiss; j++)
			if (it->imiss[j] == x)
				return it->multi ? LEV_NONE : LEV_NA;
		if (it->numeric) {
			*num = (double)x;
			return 0;
		}
		return LEV_BAD;
	}
	const char *x = (const char *)sqlite3_column_text(s, col);
	if (!x)
		return LEV_BAD;
	if (it->fold && !*x)
		return LEV_NA;
	if (!it->numeric)
		for (size_t j = 0; j < v->ncodes; j++)
			if (it->fold ? fold_eq(v->codes[j], x)
			             : strcmp(v->codes[j], x) == 0)
				return (int)j;
	for (size_t j = 0; j < v->nmiss; j++)
		if (strcmp(v->miss[j], x) == 0)
			return it->multi ? LEV_NONE : LEV_NA;
	if (it->numeric) {
		if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
			return LEV_BAD;
		*num = sqlite3_column_double(s, col);
		return 0;
	}
	return LEV_BAD;
}

/* Is name a design or domain variable of e (so no default item)? */
int kli_est_is_design_var(const struct est *e, const char *name)
{
	const char *dv[7] = {e->d.psu[0], e->d.psu[1], e->d.strata, e->d.weight,
	                     e->d.fpc[0], e->d.fpc[1], e->d.over};
	for (int i = 0; i < 7; i++)
		if (dv[i] && strcmp(dv[i], name) == 0)
			return 1;
	for (size_t s = 0; s < e->nsets; s++)
		for (size_t j = 0; j < e->sets[s].nvars; j++)
			if (strcmp(e->sets[s].vars[j], name) == 0)
				return 1;
	return 0;
}

/* Give variable v a SELECT column (once). */
static int need_col(struct est *e, struct mvar *v)
{
	if (v->col < 0)
		v->col = (int)e->ncols++;
	return v->col;
}

/*
 * *col the SELECT column of variable name (role names the option in the
 * error); KL_ERR_USAGE when the survey has no such variable.
 */
int kli_est_need_var(struct est *e, const char *name, const char *role,
                     int *col, struct kl_error *err)
{
	struct mvar *v = kli_est_meta_var(&e->m, name);
	if (!v)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "%s: no variable '%s' in the survey", role,
		                    name);
	*col = need_col(e, v);
	return 0;
}

/* Append code c (a copy) with no label to v's codes; -1 on OOM. */
static int add_code(struct mvar *v, const char *c)
{
	char **nc = realloc(v->codes, (v->ncodes + 1) * sizeof(*nc));
	if (!nc)
		return -1;
	v->codes = nc;
	char **nl = realloc(v->labels, (v->ncodes + 1) * sizeof(*nl));
	if (!nl)
		return -1;
	v->labels = nl;
	if (!(v->codes[v->ncodes] = kli_strdup(c)))
		return -1;
	v->labels[v->ncodes++] = NULL;
	return 0;
}

/*
 * A text item of a survey imported without a codebook as a category: its
 * distinct values, compared case-folded, are the levels, in folded byte
 * order, each shown in its most frequent spelling (ties: the smaller
 * bytes).  More than KL_EST_TEXT_LEVELS levels: KL_ERR_USAGE.
 */
static int text_levels(struct est *e, struct mvar *v, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	struct kli_sb q = {0};
	char *qt = kli_quote_ident(e->m.table), *qc = kli_quote_ident(v->name);
	char **sp = NULL;
	long long *cnt = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, r;

	if (qt && qc)
		kli_sb_appendf(&q,
		               "SELECT %s, count(*) FROM %s WHERE %s IS NOT "
		               "NULL AND %s <> '' GROUP BY 1 ORDER BY 1",
		               qc, qt, qc, qc);
	free(qt);
	free(qc);
	if (!qt || !qc || q.failed || !q.s) {
		free(q.s);
		return kli_oom(err);
	}
	rc = kli_store_prepare(e->st, q.s, &s, err);
	free(q.s);
	if (rc)
		return rc;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		long long c = sqlite3_column_int64(s, 1);
		size_t j;
		if (!t)
			continue;
		for (j = 0; j < n; j++)
			if (fold_eq(sp[j], t))
				break;
		if (j < n) {
			/* ORDER BY 1: an equal count keeps the smaller bytes */
			if (c > cnt[j]) {
				char *d = kli_strdup(t);
				if (!d) {
					rc = kli_oom(err);
					break;
				}
				free(sp[j]);
				sp[j] = d;
				cnt[j] = c;
			}
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			char **ns = realloc(sp, nc * sizeof(*ns));
			if (ns)
				sp = ns;
			long long *nn =
			    ns ? realloc(cnt, nc * sizeof(*nn)) : NULL;
			if (!ns || !nn) {
				rc = kli_oom(err);
				break;
			}
			cnt = nn;
			cap = nc;
		}
		if (!(sp[n] = kli_strdup(t))) {
			rc = kli_oom(err);
			break;
		}
		cnt[n++] = c;
	}
	if (!rc && r != SQLITE_DONE)
		rc = kli_store_fail(e->st, r, err, "reading a text item");
	sqlite3_finalize(s);
	if (!rc && n == 0)
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "item '%s' is text with no answers", v->name);
	if (!rc && n > KL_EST_TEXT_LEVELS)
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "item '%s' is text with %zu distinct values; "
		                  "estimate takes a text item without a "
		                  "codebook as a category only with at most %d "
		                  "(give a codebook)",
		                  v->name, n, KL_EST_TEXT_LEVELS);
	/* levels in folded byte order (insertion sort: n is small) */
	for (size_t i = 1; !rc && i < n; i++)
		for (size_t j = i; j > 0 && fold_cmp(sp[j - 1], sp[j]) > 0;
		     j--) {
			char *t = sp[j];
			sp[j] = sp[j - 1];
			sp[j - 1] = t;
		}
	for (size_t i = 0; !rc && i < n; i++)
		if (add_code(v, sp[i]))
			rc = kli_oom(err);
	for (size_t i = 0; i < n; i++)
		free(sp[i]);
	free(sp);
	free(cnt);
	return rc;
}

/*
 * Set up item it for variable v: its kind, integer codes and filter,
 * and its SELECT columns.  KL_OK, KL_ERR_USAGE (unusable type, no codes,
 * unknown filter variable) or KL_ERR_NOMEM.
 */
int kli_est_setup_item(struct est *e, struct ritem *it, struct mvar *v,
                       struct kl_error *err)
{
	int rc;

	it->v = v;
	it->filter = -1;
	it->group = -1;
	if (e->o->proportion && !strcmp(v->type, "integer")) {
		/* a 0/1 item: the share of 1 (and of 0) as a category */
		it->prop01 = 1;
		if (v->ncodes == 0 && (add_code(v, "0") || add_code(v, "1")))
			return kli_oom(err);
	} else if (!strcmp(v->type, "integer") || !strcmp(v->type, "decimal")) {
		it->numeric = 1;
	} else if (!strcmp(v->type, "multi")) {
		it->multi = 1;
	} else if (!strcmp(v->type, "text") && !e->m.codebook &&
	           v->ncodes == 0 && (!v->valid_spec || !*v->valid_spec)) {
		it->fold = 1;
		rc = text_levels(e, v, err);
		if (rc)
			return rc;
	} else if (strcmp(v->type, "category") != 0) {
		return kl_error_set(err, KL_ERR_USAGE,
		                    "item '%s' is %s; estimate needs a "
		                    "category, multiple-choice or numeric "
		                    "variable",
		                    v->name, v->type);
	}
	if (!it->numeric && v->ncodes == 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "item '%s' has no valid codes in the "
		                    "codebook",
		                    v->name);
	it->is_int = v->storage && !strcmp(v->storage, "INTEGER");
	it->icodes = calloc(v->ncodes + 1, sizeof(long long));
	it->imiss = calloc(v->nmiss + 1, sizeof(long long));
	if (!it->icodes || !it->imiss)
		return kli_oom(err);
	for (size_t j = 0; j < v->ncodes && it->is_int; j++)
		if (parse_ll(v->codes[j], &it->icodes[j]))
			it->is_int = 0;
	for (size_t j = 0; j < v->nmiss && it->is_int; j++) {
		/* "" (the empty cell) is NULL in the store */
		if (!*v->miss[j])
			it->imiss[j] = LLONG_MIN;
		else if (parse_ll(v->miss[j], &it->imiss[j]))
			it->is_int = 0;
	}
	need_col(e, v);
	if (v->filter_var) {
		struct mvar *fv = kli_est_meta_var(&e->m, v->filter_var);
		if (!fv)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "item '%s': filter names unknown "
			                    "variable '%s'",
			                    v->name, v->filter_var);
		int col = need_col(e, fv);
		const char *val = v->filter_value ? v->filter_value : "";
		size_t k;
		for (k = 0; k < e->nfilters; k++)
			if (e->filters[k].col == col &&
			    !strcmp(e->filters[k].value, val))
				break;
		if (k == e->nfilters) {
			struct rfilter *f =
			    realloc(e->filters, (e->nfilters + 1) * sizeof(*f));
			if (!f)
				return kli_oom(err);
			e->filters = f;
			f[k].col = col;
			f[k].value = val;
			e->nfilters++;
		}
		it->filter = (int)k;
	}
	return 0;
}

/*
 * The multiple-choice groups of e's multi items, each with all its
 * members set up (an unmarked group makes its items missing).  KL_OK or
 * the error of a member.
 */
int kli_est_setup_groups(struct est *e, struct kl_error *err)
{
	for (size_t i = 0; i < e->nitems; i++) {
		struct ritem *it = &e->items[i];
		if (!it->multi || !it->v->mc_group)
			continue;
		size_t g;
		for (g = 0; g < e->ngroups; g++)
			if (!strcmp(e->groups[g].name, it->v->mc_group))
				break;
		if (g == e->ngroups) {
			struct rgroup *ng =
			    realloc(e->groups, (g + 1) * sizeof(*ng));
			if (!ng)
				return kli_oom(err);
			e->groups = ng;
			memset(&ng[g], 0, sizeof(ng[g]));
			ng[g].name = it->v->mc_group;
			e->ngroups++;
			size_t n = 0;
			for (size_t j = 0; j < e->m.nvars; j++)
				if (e->m.vars[j].mc_group &&
				    !strcmp(e->m.vars[j].mc_group, ng[g].name))
					n++;
			ng[g].m = calloc(n, sizeof(struct ritem));
			if (!ng[g].m)
				return kli_oom(err);
			for (size_t j = 0; j < e->m.nvars; j++) {
				struct mvar *v = &e->m.vars[j];
				if (!v->mc_group ||
				    strcmp(v->mc_group, ng[g].name))
					continue;
				int rc = kli_est_setup_item(
				    e, &ng[g].m[ng[g].n++], v, err);
				if (rc)
					return rc;
			}
		}
		it->group = (int)g;
	}
	return 0;
}

/* Free what item it owns. */
void kli_est_ritem_release(struct ritem *it)
{
	free(it->icodes);
	free(it->imiss);
}

/* Split "a,b" into a new set (names copied). */
int kli_est_split_set(const char *spec, struct kl_est_set *s)
{
	memset(s, 0, sizeof(*s));
	const char *p = spec;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		char **nv = realloc(s->vars, (s->nvars + 1) * sizeof(*nv));
		if (!nv)
			return -1;
		s->vars = nv;
		if (!(s->vars[s->nvars] = kli_trim_n(p, len)))
			return -1;
		s->nvars++;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Text of column col of the current row, with its length; NULL for NULL. */
static const char *col_text(sqlite3_stmt *s, int col, size_t *n)
{
	const char *t = (const char *)sqlite3_column_text(s, col);
	*n = t ? (size_t)sqlite3_column_bytes(s, col) : 0;
	return t;
}

/*
 * The KL_ERR_PARSE error of a row whose design variable name (what:
 * "weight", "fpc", ...) is empty.
 */
static int missing_design(long long line, const char *what, const char *name,
                          struct kl_error *err)
{
	return kl_error_set(err, KL_ERR_PARSE,
	                    "survey row at line %lld: %s '%s' is empty", line,
	                    what, name);
}

/*
 * This row's value of design column col, interned in vals (*v its id):
 * KL_OK, or an error naming the row when it is empty.
 */
static int design_value(sqlite3_stmt *s, int col, struct kli_map *vals,
                        long long line, const char *what, const char *name,
                        uint32_t *v, struct kl_error *err)
{
	size_t n;
	const char *t = col_text(s, col, &n);
	long id;

	if (!t)
		return missing_design(line, what, name, err);
	if ((id = kli_map_add(vals, t, n, NULL)) < 0)
		return kli_oom(err);
	*v = (uint32_t)id;
	return KL_OK;
}

/*
 * The id of key in a table of slots (map, *v of *cap, *n used) with K
 * accumulators each (*acc of *cacc doubles); a new one is zeroed and
 * labelled (unit, domain).  -1 on OOM.
 */
static long slot_table_get(struct umap *map, struct slot **v, size_t *cap,
                           size_t *n, double **acc, size_t *cacc, size_t K,
                           uint64_t key, uint32_t unit, uint32_t domain)
{
	int added;
	long id = umap_get(map, key, (uint32_t)*n, &added);
	if (id < 0 || !added)
		return id;
	if (kli_grow((void **)v, cap, *n, sizeof(**v)))
		return -1;
	size_t need = (*n + 1) * K;
	if (need > *cacc) {
		size_t c = *cacc ? *cacc : K * 64;
		while (c < need)
			c *= 2;
		double *a = realloc(*acc, c * sizeof(double));
		if (!a)
			return -1;
		*acc = a;
		*cacc = c;
	}
	memset(*acc + *n * K, 0, K * sizeof(double));
	(*v)[*n].unit = unit;
	(*v)[*n].domain = domain;
	(*n)++;
	return id;
}

/* The slot of (unit, domain), created when new; -1 on OOM. */
static long get_slot(struct est *e, uint32_t unit, uint32_t dom)
{
	return slot_table_get(&e->slot_map, &e->slots, &e->cslots, &e->nslots,
	                      &e->acc, &e->cacc, e->K,
	                      (uint64_t)unit << 32 | dom, unit, dom);
}

/* The calibration slot of (domain, column), created when new. */
static long get_cs(struct est *e, uint32_t dom, uint32_t col)
{
	return slot_table_get(&e->cs_map, &e->cs, &e->ccs, &e->ncs, &e->csacc,
	                      &e->ccsacc, e->K, (uint64_t)dom << 32 | col, col,
	                      dom);
}

/* Add v to P(unit, column). */
static int add_p(struct est *e, uint32_t unit, uint32_t col, double v)
{
	int added;
	long id = umap_get(&e->p_map, (uint64_t)unit << 32 | col,
	                   (uint32_t)e->np, &added);
	if (id < 0)
		return -1;
	if (added) {
		if (kli_grow((void **)&e->pent, &e->cpn, e->np,
		             sizeof(*e->pent)))
			return -1;
		size_t c2 = e->cpn;
		double *pv = realloc(e->pval, c2 * sizeof(double));
		if (!pv)
			return -1;
		e->pval = pv;
		e->pent[e->np].unit = unit;
		e->pent[e->np].domain = col;
		e->pval[e->np] = 0;
		e->np++;
	}
	e->pval[id] += v;
	return 0;
}

/* A row's contributions to the calibration sums s_j of domain dom. */
static int add_cal(struct est *e, uint32_t dom, long crow, const int *lev,
                   const double *num)
{
	const struct kli_cal *c = e->cal;
	size_t M = c->nmargins;
	for (size_t m = 0; m < M; m++) {
		long id = get_cs(e, dom, kli_cal_col(c, (size_t)crow, m));
		if (id < 0)
			return -1;
		double v = kli_cal_vfac(c, (size_t)crow, m);
		double *a = e->csacc + (size_t)id * e->K;
		for (size_t i = 0; i < e->nitems; i++) {
			int l = lev[i];
			if (l == LEV_NA)
				continue;
			double *b = a + e->items[i].off;
			b[I_B] += v;
			if (e->items[i].numeric)
				b[I_SIZE + L_A] += v * num[i];
			else if (l >= 0)
				b[I_SIZE + (size_t)l * L_SIZE + L_A] += v;
		}
	}
	return 0;
}

/* The id of text t (n bytes) in m, added when new; -1 on OOM. */
static long intern(struct kli_map *m, const char *t, size_t n)
{
	return kli_map_add(m, t, n, NULL);
}

/* Is the text t (n bytes) one of v's missing codes? */
static int is_missing(const struct mvar *v, const char *t, size_t n)
{
	for (size_t j = 0; v && j < v->nmiss; j++)
		if (strlen(v->miss[j]) == n && !memcmp(v->miss[j], t, n))
			return 1;
	return 0;
}

/*
 * The SELECT of the scan into *sql (the caller frees it): _line, the
 * columns in col order, _row.  KL_OK or KL_ERR_NOMEM.
 */
static int scan_select(const struct est *e, char **sql, struct kl_error *err)
{
	struct kli_sb q = {0};
	char *tq = kli_quote_ident(e->m.table);
	const char **names = calloc(e->ncols + 1, sizeof(*names));
	int rc = KL_OK;

	*sql = NULL;
	if (!names || !tq) {
		rc = kli_oom(err);
		goto out;
	}
	for (size_t i = 0; i < e->m.nvars; i++)
		if (e->m.vars[i].col >= 0)
			names[e->m.vars[i].col] = e->m.vars[i].name;
	kli_sb_append(&q, "SELECT _line");
	for (size_t i = 1; i < e->ncols; i++) {
		char *qi = kli_quote_ident(names[i]);
		if (!qi) {
			rc = kli_oom(err);
			goto out;
		}
		kli_sb_appendf(&q, ", %s", qi);
		free(qi);
	}
	kli_sb_appendf(&q, ", _row FROM %s", tq);
	if (q.failed || !q.s) {
		rc = kli_oom(err);
		goto out;
	}
	*sql = q.s;
	q.s = NULL;
out:
	kli_sb_free(&q);
	free(names);
	free(tq);
	return rc;
}

/* Per-row scratch of the scan (owned; released by scan_buf_free). */
struct scan_buf {
	int *lev;      /* level of each item (LEV_*) */
	double *num;   /* value of each numeric item */
	int *filt;     /* does the row pass filter k? */
	int *marked;   /* is any box of group g marked? */
	uint32_t *key; /* domain key: set, over, value ids */
};

/* Free what b owns. */
static void scan_buf_free(struct scan_buf *b)
{
	free(b->lev);
	free(b->num);
	free(b->filt);
	free(b->marked);
	free(b->key);
}

/* Allocate b for e's items, filters, groups and sets; -1 on OOM. */
static int scan_buf_init(const struct est *e, struct scan_buf *b)
{
	size_t maxvars = 1;
	for (size_t k = 0; k < e->nsets; k++)
		if (e->sets[k].nvars + 2 > maxvars)
			maxvars = e->sets[k].nvars + 2;
	b->lev = calloc(e->nitems + 1, sizeof(*b->lev));
	b->num = calloc(e->nitems + 1, sizeof(*b->num));
	b->filt = calloc(e->nfilters + 1, sizeof(*b->filt));
	b->marked = calloc(e->ngroups + 1, sizeof(*b->marked));
	b->key = calloc(maxvars, sizeof(*b->key));
	return b->lev && b->num && b->filt && b->marked && b->key ? 0 : -1;
}

/* Where the current row sits in the design. */
struct row_pos {
	long long line; /* the row's line in the imported file */
	uint32_t over;  /* --over value id (0 without) */
	uint32_t unit;  /* stratum, PSU or SSU id */
	double w;       /* design or calibrated weight */
	long crow;      /* row in the weight set, -1 without */
};

/*
 * The fpc of each stage of the current row into fpc[] (NaN without),
 * kept in the range e->fpc_min .. e->fpc_max; the stage-1 fpc must be
 * the same in the whole stratum.  KL_OK or KL_ERR_PARSE for an empty,
 * non-positive or varying fpc.
 */
static int row_fpc(struct est *e, sqlite3_stmt *s, long long line,
                   uint32_t stratum, double fpc[2], struct kl_error *err)
{
	for (int k = 0; k < 2 && e->has_fpc; k++) {
		if (e->c_fpc[k] <= 0)
			continue;
		if (sqlite3_column_type(s, e->c_fpc[k]) == SQLITE_NULL)
			return missing_design(line, "fpc", e->d.fpc[k], err);
		fpc[k] = sqlite3_column_double(s, e->c_fpc[k]);
		if (!(fpc[k] > 0) || !isfinite(fpc[k]))
			return kl_error_set(err, KL_ERR_PARSE,
			                    "survey row at line %lld: fpc '%s' "
			                    "must be a positive number, got %g",
			                    line, e->d.fpc[k], fpc[k]);
		if (!e->fpc_seen || fpc[k] < e->fpc_min)
			e->fpc_min = fpc[k];
		if (!e->fpc_seen || fpc[k] > e->fpc_max)
			e->fpc_max = fpc[k];
		e->fpc_seen = 1;
	}
	if (e->c_fpc[0] > 0) {
		struct stratum *h = &e->strata[stratum];
		if (isnan(h->fpc))
			h->fpc = fpc[0];
		else if (h->fpc != fpc[0])
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "survey row at line %lld: fpc '%s' varies "
			    "within a stratum (%.17g, before %.17g)",
			    line, e->d.fpc[0], fpc[0], h->fpc);
	}
	return KL_OK;
}

/*
 * The stratum of the current row (created when new) into *stratum, with
 * the row counted, and its --over value into p->over.  KL_OK,
 * KL_ERR_PARSE (an empty design value) or KL_ERR_NOMEM.
 */
static int row_stratum(struct est *e, sqlite3_stmt *s, struct row_pos *p,
                       uint32_t *stratum, struct kl_error *err)
{
	uint32_t sv = 0;
	int added, rc;
	long id;

	if (e->c_over > 0 &&
	    (rc = design_value(s, e->c_over, &e->over_vals, p->line,
	                       "--over variable", e->d.over, &p->over, err)))
		return rc;
	if (e->c_strata > 0 &&
	    (rc = design_value(s, e->c_strata, &e->strata_vals, p->line,
	                       "stratum", e->d.strata, &sv, err)))
		return rc;
	id = umap_get(&e->strata_map, (uint64_t)p->over << 32 | sv,
	              (uint32_t)e->nstrata, &added);
	if (id < 0)
		return kli_oom(err);
	if (added) {
		if (kli_grow((void **)&e->strata, &e->cstrata, e->nstrata,
		             sizeof(*e->strata)))
			return kli_oom(err);
		struct stratum *h = &e->strata[e->nstrata++];
		h->over = p->over;
		h->value = sv;
		h->fpc = NAN;
	}
	*stratum = (uint32_t)id;
	e->strata[id].nrows++;
	return KL_OK;
}

/*
 * The cluster (PSU, and SSU of a two-stage design) of the current row in
 * stratum, created when new, into p->unit.  KL_OK, KL_ERR_PARSE (empty
 * cluster id, stage-2 fpc varying within a PSU) or KL_ERR_NOMEM.
 */
static int row_clusters(struct est *e, sqlite3_stmt *s, struct row_pos *p,
                        uint32_t stratum, const double fpc[2],
                        struct kl_error *err)
{
	uint32_t pv = 0, qv = 0, psu;
	int added, rc;
	long id;

	if ((rc = design_value(s, e->c_psu[0], &e->psu_vals, p->line,
	                       "cluster id", e->d.psu[0], &pv, err)))
		return rc;
	id = umap_get(&e->psu_map, (uint64_t)stratum << 32 | pv,
	              (uint32_t)e->npsu, &added);
	if (id < 0)
		return kli_oom(err);
	if (added) {
		if (kli_grow((void **)&e->psus, &e->cpsu, e->npsu,
		             sizeof(*e->psus)))
			return kli_oom(err);
		struct psu *u = &e->psus[e->npsu++];
		u->stratum = stratum;
		u->value = pv;
		u->fpc = NAN;
		e->strata[stratum].npsu++;
	}
	psu = (uint32_t)id;
	p->unit = psu;
	if (!e->two_stage)
		return KL_OK;
	if ((rc = design_value(s, e->c_psu[1], &e->ssu_vals, p->line,
	                       "cluster id", e->d.psu[1], &qv, err)))
		return rc;
	id = umap_get(&e->ssu_map, (uint64_t)psu << 32 | qv, (uint32_t)e->nssu,
	              &added);
	if (id < 0)
		return kli_oom(err);
	if (added) {
		if (kli_grow((void **)&e->ssu_psu, &e->cssu, e->nssu,
		             sizeof(uint32_t)))
			return kli_oom(err);
		e->ssu_psu[e->nssu++] = psu;
		e->psus[psu].nssu++;
	}
	p->unit = (uint32_t)id;
	if (e->c_fpc[1] > 0) {
		struct psu *u = &e->psus[psu];
		if (isnan(u->fpc))
			u->fpc = fpc[1];
		else if (u->fpc != fpc[1])
			return kl_error_set(err, KL_ERR_PARSE,
			                    "survey row at line %lld: fpc '%s' "
			                    "varies within a cluster",
			                    p->line, e->d.fpc[1]);
	}
	return KL_OK;
}

/*
 * The weight of the current row into p->w: 1, the design weight, or with
 * a weight set the calibrated weight (p->crow its row there, found from
 * the previous row's when the rows come in _row order) with its P
 * entries added.  KL_OK, KL_ERR_PARSE (empty or negative weight),
 * KL_ERR_USAGE (row not in the weight set) or KL_ERR_NOMEM.
 */
static int row_weight(struct est *e, sqlite3_stmt *s, struct row_pos *p,
                      struct kl_error *err)
{
	p->w = 1;
	if (e->c_weight > 0) {
		if (sqlite3_column_type(s, e->c_weight) == SQLITE_NULL)
			return missing_design(p->line, "weight", e->d.weight,
			                      err);
		p->w = sqlite3_column_double(s, e->c_weight);
		if (!(p->w >= 0) || !isfinite(p->w))
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "survey row at line %lld: weight "
			    "'%s' must be a number >= 0, got %g",
			    p->line, e->d.weight, p->w);
	}
	if (!e->cal) {
		p->crow = -1;
		return KL_OK;
	}
	const struct kli_cal *c = e->cal;
	long long row = sqlite3_column_int64(s, (int)e->ncols);
	long next = p->crow + 1;
	if (next >= 0 && (size_t)next < c->nrows && c->row[next] == row)
		p->crow = next;
	else
		p->crow = kli_cal_find(c, row);
	if (p->crow < 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "survey row at line %lld has no calibrated "
		                    "weight; calibrate again",
		                    p->line);
	p->w = kli_cal_w(c, (size_t)p->crow);
	for (size_t m = 0; m < c->nmargins; m++)
		if (add_p(e, p->unit, kli_cal_col(c, (size_t)p->crow, m),
		          kli_cal_psw(c, (size_t)p->crow, m)))
			return kli_oom(err);
	return KL_OK;
}

/*
 * The level of each item of the current row into b->lev (and numeric
 * values into b->num), after filters and multiple-choice groups.  KL_OK or
 * KL_ERR_PARSE for a value the codebook does not list.
 */
static int row_items(struct est *e, sqlite3_stmt *s, long long line,
                     struct scan_buf *b, struct kl_error *err)
{
	for (size_t k = 0; k < e->nfilters; k++) {
		const char *ft =
		    (const char *)sqlite3_column_text(s, e->filters[k].col);
		b->filt[k] = ft && !strcmp(ft, e->filters[k].value);
	}
	for (size_t g = 0; g < e->ngroups; g++) {
		struct rgroup *gr = &e->groups[g];
		b->marked[g] = 0;
		for (size_t j = 0; j < gr->n; j++) {
			double dummy;
			if (classify(&gr->m[j], s, gr->m[j].v->col, &dummy) >=
			    0)
				b->marked[g] = 1;
		}
	}
	for (size_t i = 0; i < e->nitems; i++) {
		struct ritem *it = &e->items[i];
		int l = classify(it, s, it->v->col, &b->num[i]);
		if (l == LEV_BAD) {
			const char *x =
			    (const char *)sqlite3_column_text(s, it->v->col);
			char desc[64];
			kl_describe_value(x, x ? strlen(x) : 0, desc,
			                  sizeof(desc));
			if (it->prop01)
				return kl_error_set(
				    err, KL_ERR_PARSE,
				    "survey row at line %lld: item '%s' has "
				    "%s; --proportion needs 0 or 1",
				    line, it->v->name, desc);
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "survey row at line %lld: item '%s' "
			    "has %s, which the codebook does not "
			    "list",
			    line, it->v->name, desc);
		}
		if (it->filter >= 0 && !b->filt[it->filter])
			l = LEV_NA;
		if (it->multi && it->group >= 0 && !b->marked[it->group])
			l = LEV_NA;
		b->lev[i] = l;
	}
	return KL_OK;
}

/* Is the current row inside --subset (always without one)? */
static int row_inside(const struct est *e, sqlite3_stmt *s)
{
	size_t n;
	if (e->c_subset <= 0)
		return 1;
	const char *t = col_text(s, e->c_subset, &n);
	for (size_t k = 0; t && k < e->o->nsubset; k++)
		if (strlen(e->o->subset_vals[k]) == n &&
		    !memcmp(e->o->subset_vals[k], t, n))
			return 1;
	return 0;
}

/*
 * The domain of set k of the current row (created when new), or -2 when
 * the row is in no domain of the set (an empty or, with drop_missing, a
 * missing by-value); -1 on OOM.
 */
static long row_domain(struct est *e, sqlite3_stmt *s, size_t k, uint32_t over,
                       uint32_t *key)
{
	const struct kl_est_set *set = &e->sets[k];
	int added;
	long id;

	key[0] = (uint32_t)k;
	key[1] = over;
	for (size_t j = 0; j < set->nvars; j++) {
		size_t n;
		const char *t = col_text(s, e->setcols[k][j], &n);
		if (!t ||
		    (e->o->drop_missing && is_missing(e->setmv[k][j], t, n)))
			return -2;
		if ((id = intern(&e->byvals, t, n)) < 0)
			return -1;
		key[2 + j] = (uint32_t)id;
	}
	id = kli_map_add(&e->dom_map, key, (2 + set->nvars) * sizeof(uint32_t),
	                 &added);
	if (id < 0 || !added)
		return id;
	if (kli_grow((void **)&e->doms, &e->cdoms, e->ndoms, sizeof(*e->doms)))
		return -1;
	struct dom *d = &e->doms[e->ndoms++];
	d->set = (uint32_t)k;
	d->over = over;
	d->vals = calloc(set->nvars + 1, sizeof(uint32_t));
	if (!d->vals)
		return -1;
	memcpy(d->vals, key + 2, set->nvars * sizeof(uint32_t));
	return id;
}

/*
 * Add the current row's contributions (levels lev, values num, weight w)
 * to slot accumulator a; the squares of weights only without clusters.
 */
static void add_row(const struct est *e, double *a, double w, const int *lev,
                    const double *num)
{
	const int mom = !e->clustered;
	const double w2 = w * w, pos = w > 0;

	a[H_NROWS] += 1;
	if (w > 0)
		a[H_NPOS] += 1;
	for (size_t i = 0; i < e->nitems; i++) {
		int l = lev[i];
		if (l == LEV_NA)
			continue;
		double *b = a + e->items[i].off;
		b[I_B] += w;
		b[I_NV] += pos;
		if (e->items[i].numeric) {
			double y = num[i];
			b[I_Q] += w * y * y;
			b[I_SIZE + L_A] += w * y;
			b[I_SIZE + L_N] += pos;
			if (mom) {
				b[I_W2] += w2;
				b[I_Q2] += w2 * y * y;
				b[I_SIZE + L_A2] += w2 * y;
			}
			continue;
		}
		if (mom)
			b[I_W2] += w2;
		if (l >= 0) {
			double *c = b + I_SIZE + (size_t)l * L_SIZE;
			c[L_A] += w;
			c[L_N] += pos;
			if (mom)
				c[L_A2] += w2;
		}
	}
}

/*
 * One row of the scan: its design position, weight, item levels and its
 * contributions to the slots of its domains.  A row outside the subset is
 * in no domain, but stays in the design (strata, clusters, calibration),
 * as R's subset().  KL_OK or the error of the row.
 */
static int scan_row(struct est *e, sqlite3_stmt *s, struct row_pos *p,
                    struct scan_buf *b, struct kl_error *err)
{
	double fpc[2] = {NAN, NAN};
	uint32_t stratum = 0;
	int rc;

	p->line = sqlite3_column_int64(s, 0);
	p->over = 0;
	if ((rc = row_stratum(e, s, p, &stratum, err)) ||
	    (rc = row_fpc(e, s, p->line, stratum, fpc, err)))
		return rc;
	p->unit = stratum;
	if (e->clustered && (rc = row_clusters(e, s, p, stratum, fpc, err)))
		return rc;
	if ((rc = row_weight(e, s, p, err)) ||
	    (rc = row_items(e, s, p->line, b, err)))
		return rc;
	if (!row_inside(e, s))
		return KL_OK;
	for (size_t k = 0; k < e->nsets; k++) {
		long id = row_domain(e, s, k, p->over, b->key);
		if (id == -2)
			continue; /* outside every domain of the set */
		if (id < 0)
			return kli_oom(err);
		long sl = get_slot(e, p->unit, (uint32_t)id);
		if (sl < 0 || (e->cal && add_cal(e, (uint32_t)id, p->crow,
		                                 b->lev, b->num)))
			return kli_oom(err);
		add_row(e, e->acc + (size_t)sl * e->K, p->w, b->lev, b->num);
	}
	return KL_OK;
}

/*
 * The row scan: every row of the survey into e's strata, units,
 * domains and slots (and calibration sums).  KL_OK or the error of the
 * first bad row, KL_ERR_NOMEM or the store's error.
 */
int kli_est_scan(struct est *e, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	struct scan_buf b = {0};
	struct row_pos p = {.crow = -1};
	char *sql = NULL;
	int rc, r;

	rc = scan_select(e, &sql, err);
	if (!rc)
		rc = kli_store_prepare(e->st, sql, &s, err);
	free(sql);
	if (rc)
		return rc;
	if (scan_buf_init(e, &b))
		rc = kli_oom(err);
	while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW)
		rc = scan_row(e, s, &p, &b, err);
	if (!rc && r != SQLITE_DONE)
		rc = kli_store_fail(e->st, r, err, "reading the survey");
	sqlite3_finalize(s);
	scan_buf_free(&b);
	return rc;
}
