/*
 * estimate.c - design-based proportions and means (kartlagg-estimate(1)).
 *
 * One SELECT reads the columns the call needs.  Each row is mapped to its
 * stratum, sampling unit (PSU, or SSU for two-stage designs) and to one
 * domain per domain set; its contributions are added to a "slot" per
 * (unit, domain): weighted sums per item and category.  After the scan,
 * every estimate and its linearised variance comes from the slots alone:
 * the score of unit u for a ratio p = A / B is z_u = (A_u - p B_u) / B,
 * the same as summing R's w_i (y_i - p) / sum(w) over the unit's rows.
 *
 * Without clusters every row is its own unit; then a slot holds the
 * moments of a (stratum, domain) instead (sums of w, w^2, w y, w^2 y, ...),
 * which give the sum of squared row scores in closed form.
 *
 * Formulas follow R survey 4.1.1 (svyrecvar/onestage/onestrat,
 * svymean, svyciprop, degf); see METHOD in kartlagg-estimate(1).
 */
#define _GNU_SOURCE /* qsort_r */
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

/* ------------------------------------------------------------ helpers */

static uint64_t hash_u64(uint64_t x)
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

static void umap_free(struct umap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static int umap_rehash(struct umap *m)
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
static long umap_get(struct umap *m, uint64_t key, uint32_t next, int *added)
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

/* ------------------------------------------------------------ names */

int kl_lonely_parse(const char *s)
{
	static const char *const names[] = {"fail", "adjust", "certainty",
	                                    "remove", "average"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *kl_lonely_name(enum kl_lonely l)
{
	switch (l) {
	case KL_LONELY_FAIL:
		return "fail";
	case KL_LONELY_ADJUST:
		return "adjust";
	case KL_LONELY_CERTAINTY:
		return "certainty";
	case KL_LONELY_REMOVE:
		return "remove";
	case KL_LONELY_AVERAGE:
		return "average";
	}
	return "?";
}

const char *kl_ci_name(enum kl_ci m)
{
	switch (m) {
	case KL_CI_LOGIT:
		return "logit";
	case KL_CI_BETA:
		return "beta";
	case KL_CI_MEAN:
		return "mean";
	case KL_CI_XLOGIT:
		return "xlogit";
	case KL_CI_N:
		break;
	}
	return "?";
}

void kl_est_flags_str(unsigned flags, char *buf, size_t n)
{
	static const char *const words[] = {"empty", "zero", "all",   "df<1",
	                                    "small", "se0",  "novar", "nodeff"};
	size_t k = 0;
	if (n)
		buf[0] = 0;
	for (int i = 0; i < 8; i++) {
		if (!(flags & (1u << i)))
			continue;
		int w = snprintf(buf + k, n > k ? n - k : 0, "%s%s",
		                 k ? ";" : "", words[i]);
		if (w > 0)
			k += (size_t)w;
	}
}

void kl_design_spec_release(struct kl_design_spec *d)
{
	if (!d)
		return;
	free(d->psu[0]);
	free(d->psu[1]);
	free(d->strata);
	free(d->weight);
	free(d->fpc[0]);
	free(d->fpc[1]);
	free(d->over);
	memset(d, 0, sizeof(*d));
}

static int spec_copy(struct kl_design_spec *dst,
                     const struct kl_design_spec *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->lonely = src->lonely;
	const char *s[7] = {src->psu[0], src->psu[1], src->strata, src->weight,
	                    src->fpc[0], src->fpc[1], src->over};
	char **d[7] = {&dst->psu[0], &dst->psu[1], &dst->strata, &dst->weight,
	               &dst->fpc[0], &dst->fpc[1], &dst->over};
	for (int i = 0; i < 7; i++) {
		if (s[i] && !(*d[i] = kli_strdup(s[i]))) {
			kl_design_spec_release(dst);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ designs */

static const char designs_ddl[] = "CREATE TABLE IF NOT EXISTS designs (\n"
                                  "\tname     TEXT PRIMARY KEY,\n"
                                  "\tsurvey   TEXT,\n"
                                  "\tpsu      TEXT,\n"
                                  "\tssu      TEXT,\n"
                                  "\tstrata   TEXT,\n"
                                  "\tweight   TEXT,\n"
                                  "\tfpc1     TEXT,\n"
                                  "\tfpc2     TEXT,\n"
                                  "\tover     TEXT,\n"
                                  "\tlonely   TEXT NOT NULL,\n"
                                  "\tsaved_at TEXT NOT NULL\n"
                                  ")";

int kl_design_save(struct kl_store *st, const char *name,
                   const struct kl_design_spec *d, const char *survey,
                   struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char now[32];
	int rc;

	if (!name || !*name)
		return kl_error_set(err, KL_ERR_USAGE, "empty design name");
	rc = kli_store_exec(st, designs_ddl, err);
	if (rc)
		return rc;
	rc = kli_store_prepare(
	    st,
	    "INSERT OR REPLACE INTO designs (name, survey, psu, ssu, strata, "
	    "weight, fpc1, fpc2, over, lonely, saved_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    &s, err);
	if (rc)
		return rc;
	kli_utc_now(now, sizeof(now));
	kli_bind_text(s, 1, name);
	kli_bind_text(s, 2, survey);
	kli_bind_text(s, 3, d->psu[0]);
	kli_bind_text(s, 4, d->psu[1]);
	kli_bind_text(s, 5, d->strata);
	kli_bind_text(s, 6, d->weight);
	kli_bind_text(s, 7, d->fpc[0]);
	kli_bind_text(s, 8, d->fpc[1]);
	kli_bind_text(s, 9, d->over);
	kli_bind_text(s, 10, kl_lonely_name(d->lonely));
	kli_bind_text(s, 11, now);
	int r = sqlite3_step(s);
	if (r != SQLITE_DONE)
		rc = kli_store_fail(st, r, err, "saving the design");
	sqlite3_finalize(s);
	return rc;
}

int kl_design_load(struct kl_store *st, const char *name,
                   struct kl_design_spec *d, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(d, 0, sizeof(*d));
	if (sqlite3_table_column_metadata(kli_store_db(st), NULL, "designs",
	                                  "name", NULL, NULL, NULL, NULL,
	                                  NULL) != SQLITE_OK)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "no design named '%s' in the store", name);
	rc = kli_store_prepare(st,
	                       "SELECT psu, ssu, strata, weight, fpc1, fpc2, "
	                       "over, lonely FROM designs WHERE name = ?",
	                       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		char **f[7] = {&d->psu[0], &d->psu[1], &d->strata, &d->weight,
		               &d->fpc[0], &d->fpc[1], &d->over};
		for (int i = 0; i < 7; i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			if (v && !(*f[i] = kli_strdup(v)))
				rc = kl_error_set(err, KL_ERR_NOMEM,
				                  "out of memory");
		}
		const char *l = (const char *)sqlite3_column_text(s, 7);
		int lv = l ? kl_lonely_parse(l) : -1;
		d->lonely = lv < 0 ? KL_LONELY_FAIL : (enum kl_lonely)lv;
	} else if (r == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no design named '%s' in the store", name);
	} else {
		rc = kli_store_fail(st, r, err, "reading the design");
	}
	sqlite3_finalize(s);
	if (rc)
		kl_design_spec_release(d);
	return rc;
}

/* ------------------------------------------------------------ metadata */

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

static void meta_release(struct meta *m)
{
	for (size_t i = 0; i < m->nvars; i++) {
		struct mvar *v = &m->vars[i];
		free(v->name);
		free(v->label);
		free(v->type);
		free(v->storage);
		free(v->valid_spec);
		free(v->filter_var);
		free(v->filter_value);
		free(v->mc_group);
		for (size_t j = 0; j < v->ncodes; j++) {
			free(v->codes[j]);
			free(v->labels[j]);
		}
		free(v->codes);
		free(v->labels);
		for (size_t j = 0; j < v->nmiss; j++)
			free(v->miss[j]);
		free(v->miss);
	}
	free(m->vars);
	free(m->table);
	memset(m, 0, sizeof(*m));
}

static struct mvar *meta_var(struct meta *m, const char *name)
{
	for (size_t i = 0; name && i < m->nvars; i++)
		if (strcmp(m->vars[i].name, name) == 0)
			return &m->vars[i];
	return NULL;
}

static char *col_dup(sqlite3_stmt *s, int i, int *oom)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	if (!v)
		return NULL;
	char *c = kli_strdup(v);
	if (!c)
		*oom = 1;
	return c;
}

static char *trim_n(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, p, n);
		c[n] = 0;
	}
	return c;
}

/* The codes of "a=label|b=label" in order. */
static int parse_codes(struct mvar *v)
{
	const char *p = v->valid_spec ? v->valid_spec : "";
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		char *code = trim_n(p, eq ? (size_t)(eq - p) : len);
		if (!code)
			return -1;
		char **c = realloc(v->codes, (v->ncodes + 1) * sizeof(*c));
		char **l =
		    c ? realloc(v->labels, (v->ncodes + 1) * sizeof(*l)) : NULL;
		if (c)
			v->codes = c;
		if (!c || !l) {
			free(code);
			return -1;
		}
		v->labels = l;
		v->codes[v->ncodes] = code;
		v->labels[v->ncodes] =
		    eq ? trim_n(eq + 1, len - (size_t)(eq - p) - 1) : NULL;
		v->ncodes++;
		p += len;
		if (*p == '|')
			p++;
	}
	return 0;
}

static int load_meta(struct kl_store *st, const char *survey, struct meta *m,
                     struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc, r, oom = 0;

	memset(m, 0, sizeof(*m));
	rc = kli_store_prepare(
	    st,
	    "SELECT id, data_table, codebook_import_id IS NOT NULL "
	    "FROM surveys WHERE name = ?",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, survey, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		m->survey_id = sqlite3_column_int64(s, 0);
		m->table = col_dup(s, 1, &oom);
		m->codebook = sqlite3_column_int(s, 2);
	} else if (r == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no survey named '%s' in the store", survey);
	} else {
		rc = kli_store_fail(st, r, err, "reading surveys");
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (oom || !m->table)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");

	rc =
	    kli_store_prepare(st,
	                      "SELECT name, label, type, storage, valid_spec, "
	                      "filter_var, filter_value, mc_group FROM "
	                      "variables WHERE survey_id = ? ORDER BY position",
	                      &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, m->survey_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct mvar *nv =
		    realloc(m->vars, (m->nvars + 1) * sizeof(*nv));
		if (!nv) {
			oom = 1;
			break;
		}
		m->vars = nv;
		struct mvar *v = &m->vars[m->nvars++];
		memset(v, 0, sizeof(*v));
		v->col = -1;
		v->name = col_dup(s, 0, &oom);
		v->label = col_dup(s, 1, &oom);
		v->type = col_dup(s, 2, &oom);
		v->storage = col_dup(s, 3, &oom);
		v->valid_spec = col_dup(s, 4, &oom);
		v->filter_var = col_dup(s, 5, &oom);
		v->filter_value = col_dup(s, 6, &oom);
		v->mc_group = col_dup(s, 7, &oom);
		if (!oom &&
		    (!strcmp(v->type, "category") ||
		     !strcmp(v->type, "multi")) &&
		    parse_codes(v))
			oom = 1;
	}
	if (r != SQLITE_DONE && !oom)
		rc = kli_store_fail(st, r, err, "reading variables");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (oom)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");

	rc = kli_store_prepare(st,
	                       "SELECT variable, code, label, is_missing FROM "
	                       "value_labels WHERE survey_id = ?",
	                       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, m->survey_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct mvar *v =
		    meta_var(m, (const char *)sqlite3_column_text(s, 0));
		const char *code = (const char *)sqlite3_column_text(s, 1);
		const char *label = (const char *)sqlite3_column_text(s, 2);
		if (!v || !code)
			continue;
		if (sqlite3_column_int(s, 3)) {
			char **mm =
			    realloc(v->miss, (v->nmiss + 1) * sizeof(*mm));
			if (!mm || !(mm[v->nmiss] = kli_strdup(code))) {
				if (mm)
					v->miss = mm;
				oom = 1;
				break;
			}
			v->miss = mm;
			v->nmiss++;
			continue;
		}
		for (size_t j = 0; j < v->ncodes; j++) {
			if (strcmp(v->codes[j], code) == 0 && label &&
			    !v->labels[j]) {
				v->labels[j] = kli_strdup(label);
				break;
			}
		}
	}
	if (r != SQLITE_DONE && !oom)
		rc = kli_store_fail(st, r, err, "reading value labels");
	sqlite3_finalize(s);
	if (!rc && oom)
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	return rc;
}

/* ------------------------------------------------------------ the scan */

/* Slot layout: a header, then per item a block and per level a block. */
enum { H_NROWS = 0, H_NPOS, H_SIZE };
enum { I_B = 0, I_NV, I_W2, I_Q, I_Q2, I_SIZE };
enum { L_A = 0, L_N, L_A2, L_SIZE };

enum { LEV_NA = -1, LEV_NONE = -2, LEV_BAD = -3 };

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

static int unit_stratum(const struct est *e, uint32_t unit)
{
	if (!e->clustered)
		return (int)unit;
	uint32_t p = e->two_stage ? e->ssu_psu[unit] : unit;
	return (int)e->psus[p].stratum;
}

static uint32_t unit_psu(const struct est *e, uint32_t unit)
{
	return e->two_stage ? e->ssu_psu[unit] : unit;
}

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

static int is_design_var(const struct est *e, const char *name)
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

static int need_var(struct est *e, const char *name, const char *role, int *col,
                    struct kl_error *err)
{
	struct mvar *v = meta_var(&e->m, name);
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
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
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
					rc = kl_error_set(err, KL_ERR_NOMEM,
					                  "out of memory");
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
				rc = kl_error_set(err, KL_ERR_NOMEM,
				                  "out of memory");
				break;
			}
			cnt = nn;
			cap = nc;
		}
		if (!(sp[n] = kli_strdup(t))) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
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
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		free(sp[i]);
	free(sp);
	free(cnt);
	return rc;
}

static int setup_item(struct est *e, struct ritem *it, struct mvar *v,
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
			return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
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
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
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
		struct mvar *fv = meta_var(&e->m, v->filter_var);
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
				return kl_error_set(err, KL_ERR_NOMEM,
				                    "out of memory");
			e->filters = f;
			f[k].col = col;
			f[k].value = val;
			e->nfilters++;
		}
		it->filter = (int)k;
	}
	return 0;
}

static int setup_groups(struct est *e, struct kl_error *err)
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
				return kl_error_set(err, KL_ERR_NOMEM,
				                    "out of memory");
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
				return kl_error_set(err, KL_ERR_NOMEM,
				                    "out of memory");
			for (size_t j = 0; j < e->m.nvars; j++) {
				struct mvar *v = &e->m.vars[j];
				if (!v->mc_group ||
				    strcmp(v->mc_group, ng[g].name))
					continue;
				int rc =
				    setup_item(e, &ng[g].m[ng[g].n++], v, err);
				if (rc)
					return rc;
			}
		}
		it->group = (int)g;
	}
	return 0;
}

static void ritem_release(struct ritem *it)
{
	free(it->icodes);
	free(it->imiss);
}

/* Split "a,b" into a new set (names copied). */
static int split_set(const char *spec, struct kl_est_set *s)
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
		if (!(s->vars[s->nvars] = trim_n(p, len)))
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
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
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
		long id = get_cs(e, dom, c->col[(size_t)crow * M + m]);
		if (id < 0)
			return -1;
		double v = c->vfac[(size_t)crow * M + m];
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

static int scan(struct est *e, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char *sql = NULL, *tq = NULL;
	int *lev = NULL, *filt = NULL, *marked = NULL;
	double *num = NULL;
	uint32_t *key = NULL;
	int rc = 0, r;
	struct kli_sb q = {0};

	/* SELECT _line, <columns in col order>, _row FROM <table> */
	const char **names = calloc(e->ncols + 1, sizeof(*names));
	if (!names)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < e->m.nvars; i++)
		if (e->m.vars[i].col >= 0)
			names[e->m.vars[i].col] = e->m.vars[i].name;
	tq = kli_quote_ident(e->m.table);
	if (!tq) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	kli_sb_append(&q, "SELECT _line");
	for (size_t i = 1; i < e->ncols; i++) {
		char *qi = kli_quote_ident(names[i]);
		if (!qi) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		kli_sb_appendf(&q, ", %s", qi);
		free(qi);
	}
	kli_sb_appendf(&q, ", _row FROM %s", tq);
	sql = q.s;
	q.s = NULL;
	if (q.failed || !sql) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = kli_store_prepare(e->st, sql, &s, err);
	if (rc)
		goto out;

	size_t maxvars = 1;
	for (size_t k = 0; k < e->nsets; k++)
		if (e->sets[k].nvars + 2 > maxvars)
			maxvars = e->sets[k].nvars + 2;
	lev = calloc(e->nitems + 1, sizeof(*lev));
	num = calloc(e->nitems + 1, sizeof(*num));
	filt = calloc(e->nfilters + 1, sizeof(*filt));
	marked = calloc(e->ngroups + 1, sizeof(*marked));
	key = calloc(maxvars, sizeof(*key));
	if (!lev || !num || !filt || !marked || !key) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}

	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		long long line = sqlite3_column_int64(s, 0);
		long long row = sqlite3_column_int64(s, (int)e->ncols);
		const char *t;
		size_t n;
		uint32_t over = 0, sv = 0, stratum, psu = 0, unit;
		int added;
		long id;

		if (e->c_over > 0 &&
		    (rc = design_value(s, e->c_over, &e->over_vals, line,
		                       "--over variable", e->d.over, &over,
		                       err)))
			goto out;
		if (e->c_strata > 0 &&
		    (rc = design_value(s, e->c_strata, &e->strata_vals, line,
		                       "stratum", e->d.strata, &sv, err)))
			goto out;
		id = umap_get(&e->strata_map, (uint64_t)over << 32 | sv,
		              (uint32_t)e->nstrata, &added);
		if (id < 0)
			goto oom;
		if (added) {
			if (kli_grow((void **)&e->strata, &e->cstrata,
			             e->nstrata, sizeof(*e->strata)))
				goto oom;
			struct stratum *h = &e->strata[e->nstrata++];
			h->over = over;
			h->value = sv;
			h->fpc = NAN;
		}
		stratum = (uint32_t)id;
		e->strata[stratum].nrows++;
		unit = stratum;

		double fpc[2] = {NAN, NAN};
		for (int k = 0; k < 2 && e->has_fpc; k++) {
			if (e->c_fpc[k] <= 0)
				continue;
			if (sqlite3_column_type(s, e->c_fpc[k]) ==
			    SQLITE_NULL) {
				rc = missing_design(line, "fpc", e->d.fpc[k],
				                    err);
				goto out;
			}
			fpc[k] = sqlite3_column_double(s, e->c_fpc[k]);
			if (!(fpc[k] > 0) || !isfinite(fpc[k])) {
				rc = kl_error_set(
				    err, KL_ERR_PARSE,
				    "survey row at line %lld: fpc '%s' must "
				    "be a positive number, got %g",
				    line, e->d.fpc[k], fpc[k]);
				goto out;
			}
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
			else if (h->fpc != fpc[0]) {
				rc = kl_error_set(
				    err, KL_ERR_PARSE,
				    "survey row at line %lld: fpc '%s' varies "
				    "within a stratum (%.17g, before %.17g)",
				    line, e->d.fpc[0], fpc[0], h->fpc);
				goto out;
			}
		}

		if (e->clustered) {
			uint32_t pv, qv;
			if ((rc = design_value(s, e->c_psu[0], &e->psu_vals,
			                       line, "cluster id", e->d.psu[0],
			                       &pv, err)))
				goto out;
			id = umap_get(&e->psu_map, (uint64_t)stratum << 32 | pv,
			              (uint32_t)e->npsu, &added);
			if (id < 0)
				goto oom;
			if (added) {
				if (kli_grow((void **)&e->psus, &e->cpsu,
				             e->npsu, sizeof(*e->psus)))
					goto oom;
				struct psu *p = &e->psus[e->npsu++];
				p->stratum = stratum;
				p->value = pv;
				p->fpc = NAN;
				e->strata[stratum].npsu++;
			}
			psu = (uint32_t)id;
			unit = psu;
			if (e->two_stage) {
				if ((rc = design_value(
				         s, e->c_psu[1], &e->ssu_vals, line,
				         "cluster id", e->d.psu[1], &qv, err)))
					goto out;
				id = umap_get(&e->ssu_map,
				              (uint64_t)psu << 32 | qv,
				              (uint32_t)e->nssu, &added);
				if (id < 0)
					goto oom;
				if (added) {
					if (kli_grow((void **)&e->ssu_psu,
					             &e->cssu, e->nssu,
					             sizeof(uint32_t)))
						goto oom;
					e->ssu_psu[e->nssu++] = psu;
					e->psus[psu].nssu++;
				}
				unit = (uint32_t)id;
				if (e->c_fpc[1] > 0) {
					struct psu *p = &e->psus[psu];
					if (isnan(p->fpc))
						p->fpc = fpc[1];
					else if (p->fpc != fpc[1]) {
						rc = kl_error_set(
						    err, KL_ERR_PARSE,
						    "survey row at line %lld: "
						    "fpc '%s' varies within a "
						    "cluster",
						    line, e->d.fpc[1]);
						goto out;
					}
				}
			}
		}

		double w = 1;
		if (e->c_weight > 0) {
			if (sqlite3_column_type(s, e->c_weight) ==
			    SQLITE_NULL) {
				rc = missing_design(line, "weight", e->d.weight,
				                    err);
				goto out;
			}
			w = sqlite3_column_double(s, e->c_weight);
			if (!(w >= 0) || !isfinite(w)) {
				rc = kl_error_set(err, KL_ERR_PARSE,
				                  "survey row at line %lld: "
				                  "weight '%s' must be a "
				                  "number >= 0, got %g",
				                  line, e->d.weight, w);
				goto out;
			}
		}

		long crow = -1;
		if (e->cal) {
			const struct kli_cal *c = e->cal;
			crow = kli_cal_find(c, row);
			if (crow < 0) {
				rc = kl_error_set(
				    err, KL_ERR_USAGE,
				    "survey row at line %lld has no "
				    "calibrated weight; calibrate "
				    "again",
				    line);
				goto out;
			}
			w = c->w[crow];
			for (size_t m = 0; m < c->nmargins; m++)
				if (add_p(
				        e, unit,
				        c->col[(size_t)crow * c->nmargins + m],
				        c->psw[(size_t)crow * c->nmargins + m]))
					goto oom;
		}

		/* items */
		for (size_t k = 0; k < e->nfilters; k++) {
			const char *ft = (const char *)sqlite3_column_text(
			    s, e->filters[k].col);
			filt[k] = ft && !strcmp(ft, e->filters[k].value);
		}
		for (size_t g = 0; g < e->ngroups; g++) {
			struct rgroup *gr = &e->groups[g];
			marked[g] = 0;
			for (size_t j = 0; j < gr->n; j++) {
				double dummy;
				int l = classify(&gr->m[j], s, gr->m[j].v->col,
				                 &dummy);
				if (l >= 0)
					marked[g] = 1;
			}
		}
		for (size_t i = 0; i < e->nitems; i++) {
			struct ritem *it = &e->items[i];
			int l = classify(it, s, it->v->col, &num[i]);
			if (l == LEV_BAD) {
				const char *x =
				    (const char *)sqlite3_column_text(
				        s, it->v->col);
				char desc[64];
				kl_describe_value(x, x ? strlen(x) : 0, desc,
				                  sizeof(desc));
				if (it->prop01)
					rc = kl_error_set(
					    err, KL_ERR_PARSE,
					    "survey row at line %lld: item "
					    "'%s' has %s; --proportion needs "
					    "0 or 1",
					    line, it->v->name, desc);
				else
					rc = kl_error_set(
					    err, KL_ERR_PARSE,
					    "survey row at line %lld: item "
					    "'%s' has %s, which the codebook "
					    "does not list",
					    line, it->v->name, desc);
				goto out;
			}
			if (it->filter >= 0 && !filt[it->filter])
				l = LEV_NA;
			if (it->multi && it->group >= 0 && !marked[it->group])
				l = LEV_NA;
			lev[i] = l;
		}

		/* domains; the squares of weights only without clusters.  A
		 * row outside the subset is in no domain, but stays in the
		 * design (strata, clusters, calibration), as R's subset() */
		const int mom = !e->clustered;
		const double w2 = w * w, pos = w > 0;
		int inside = 1;
		if (e->c_subset > 0) {
			t = col_text(s, e->c_subset, &n);
			inside = 0;
			for (size_t k = 0; t && k < e->o->nsubset; k++)
				if (strlen(e->o->subset_vals[k]) == n &&
				    !memcmp(e->o->subset_vals[k], t, n))
					inside = 1;
		}
		for (size_t k = 0; inside && k < e->nsets; k++) {
			const struct kl_est_set *set = &e->sets[k];
			key[0] = (uint32_t)k;
			key[1] = over;
			size_t j;
			for (j = 0; j < set->nvars; j++) {
				t = col_text(s, e->setcols[k][j], &n);
				if (!t)
					break;
				if (e->o->drop_missing &&
				    is_missing(e->setmv[k][j], t, n))
					break;
				if ((id = intern(&e->byvals, t, n)) < 0)
					goto oom;
				key[2 + j] = (uint32_t)id;
			}
			if (j < set->nvars)
				continue; /* outside every domain of the set */
			id = kli_map_add(&e->dom_map, key,
			                 (2 + set->nvars) * sizeof(uint32_t),
			                 &added);
			if (id < 0)
				goto oom;
			if (added) {
				if (kli_grow((void **)&e->doms, &e->cdoms,
				             e->ndoms, sizeof(*e->doms)))
					goto oom;
				struct dom *d = &e->doms[e->ndoms++];
				d->set = (uint32_t)k;
				d->over = over;
				d->vals =
				    calloc(set->nvars + 1, sizeof(uint32_t));
				if (!d->vals)
					goto oom;
				memcpy(d->vals, key + 2,
				       set->nvars * sizeof(uint32_t));
			}
			long sl = get_slot(e, unit, (uint32_t)id);
			if (sl < 0)
				goto oom;
			if (e->cal && add_cal(e, (uint32_t)id, crow, lev, num))
				goto oom;
			double *a = e->acc + (size_t)sl * e->K;
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
					double *c =
					    b + I_SIZE + (size_t)l * L_SIZE;
					c[L_A] += w;
					c[L_N] += pos;
					if (mom)
						c[L_A2] += w2;
				}
			}
		}
	}
	if (r != SQLITE_DONE)
		rc = kli_store_fail(e->st, r, err, "reading the survey");
	goto out;
oom:
	rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
out:
	sqlite3_finalize(s);
	free(names);
	kli_sb_free(&q);
	free(sql);
	free(tq);
	free(lev);
	free(num);
	free(filt);
	free(marked);
	free(key);
	return rc;
}

/* ------------------------------------------------------------ the design */

static const char *stratum_name(const struct est *e, uint32_t h)
{
	if (e->c_strata <= 0)
		return "(whole sample)";
	return e->strata_vals.key[e->strata[h].value];
}

static void where_over(const struct est *e, uint32_t h, char *buf, size_t n)
{
	if (e->c_over > 0)
		snprintf(buf, n, " (%s = %s)", e->d.over,
		         e->over_vals.key[e->strata[h].over]);
	else if (n)
		buf[0] = 0;
}

/* Population sizes and fractions from the fpc values; lonely units under
 * "fail"; weights from the fpc when there is no weight column. */
static int finish_design(struct est *e, struct kl_error *err)
{
	char wo[256];
	int popmode = e->fpc_seen && e->fpc_max > 1;
	if (popmode && e->fpc_min < 1)
		return kl_error_set(err, KL_ERR_PARSE,
		                    "fpc mixes population sizes (> 1) and "
		                    "sampling fractions (< 1)");
	for (size_t h = 0; h < e->nstrata; h++) {
		struct stratum *s = &e->strata[h];
		double n = e->clustered ? (double)s->npsu : (double)s->nrows;
		s->f = 1;
		s->N = NAN;
		if (e->c_fpc[0] > 0) {
			s->N = popmode ? s->fpc : n / s->fpc;
			if (s->N < n) {
				where_over(e, (uint32_t)h, wo, sizeof(wo));
				return kl_error_set(
				    err, KL_ERR_PARSE,
				    "stratum '%s'%s: fpc gives a population of "
				    "%.17g, fewer than the %.0f units sampled",
				    stratum_name(e, (uint32_t)h), wo, s->N, n);
			}
			s->f = (s->N - n) / s->N;
		}
		if (n == 1 && s->f >= 1e-7 && e->d.lonely == KL_LONELY_FAIL) {
			where_over(e, (uint32_t)h, wo, sizeof(wo));
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "stratum '%s'%s has one sampled unit; choose "
			    "--lonely-psu adjust, certainty, remove or average",
			    stratum_name(e, (uint32_t)h), wo);
		}
	}
	for (size_t j = 0; j < e->npsu && e->two_stage; j++) {
		struct psu *p = &e->psus[j];
		double n = (double)p->nssu;
		p->f = 1;
		p->N = NAN;
		if (e->c_fpc[1] > 0) {
			p->N = popmode ? p->fpc : n / p->fpc;
			if (p->N < n) {
				where_over(e, p->stratum, wo, sizeof(wo));
				return kl_error_set(
				    err, KL_ERR_PARSE,
				    "cluster '%s' in stratum '%s'%s: fpc gives "
				    "a population of %.17g, fewer than the "
				    "%.0f "
				    "units sampled",
				    e->psu_vals.key[p->value],
				    stratum_name(e, p->stratum), wo, p->N, n);
			}
			p->f = (p->N - n) / p->N;
		}
		if (e->stage2_var && n == 1 && p->f >= 1e-7 &&
		    e->d.lonely == KL_LONELY_FAIL) {
			where_over(e, p->stratum, wo, sizeof(wo));
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "a cluster in stratum '%s'%s has one sampled "
			    "second-stage unit; choose --lonely-psu adjust, "
			    "certainty, remove or average",
			    stratum_name(e, p->stratum), wo);
		}
	}
	if (!e->w_from_fpc)
		return 0;
	for (size_t k = 0; k < e->nslots; k++) {
		uint32_t u = e->slots[k].unit;
		uint32_t h = (uint32_t)unit_stratum(e, u);
		const struct stratum *s = &e->strata[h];
		double n1 = e->clustered ? (double)s->npsu : (double)s->nrows;
		double c = s->N / n1;
		if (e->two_stage && e->c_fpc[1] > 0) {
			const struct psu *p = &e->psus[unit_psu(e, u)];
			c *= p->N / (double)p->nssu;
		}
		double *a = e->acc + k * e->K;
		for (size_t i = 0; i < e->nitems; i++) {
			const struct ritem *it = &e->items[i];
			double *b = a + it->off;
			size_t nl = it->numeric ? 1 : it->v->ncodes;
			b[I_B] *= c;
			b[I_W2] *= c * c;
			b[I_Q] *= c;
			b[I_Q2] *= c * c;
			for (size_t l = 0; l < nl; l++) {
				b[I_SIZE + l * L_SIZE + L_A] *= c;
				b[I_SIZE + l * L_SIZE + L_A2] *= c * c;
			}
		}
	}
	return 0;
}

/* Numbers before text, numbers by value, text by bytes. */
static int cmp_value(const char *a, const char *b)
{
	char *ea, *eb;
	double x = strtod(a, &ea), y = strtod(b, &eb);
	int na = *a && !*ea, nb = *b && !*eb;
	if (na && nb && x != y)
		return x < y ? -1 : 1;
	if (na != nb)
		return na ? -1 : 1;
	return strcmp(a, b);
}

static int cmp_dom(const void *pa, const void *pb, void *ctx)
{
	const struct est *e = ctx;
	const struct dom *a = &e->doms[*(const uint32_t *)pa];
	const struct dom *b = &e->doms[*(const uint32_t *)pb];
	int c;
	if (a->over != b->over && e->c_over > 0) {
		c = cmp_value(e->over_vals.key[a->over],
		              e->over_vals.key[b->over]);
		if (c)
			return c;
	}
	if (a->set != b->set)
		return a->set < b->set ? -1 : 1;
	for (size_t j = 0; j < e->sets[a->set].nvars; j++) {
		c = cmp_value(e->byvals.key[a->vals[j]],
		              e->byvals.key[b->vals[j]]);
		if (c)
			return c;
	}
	return 0;
}

static int cmp_slot(const void *pa, const void *pb, void *ctx)
{
	const struct est *e = ctx;
	const uint32_t *dom_rank = e->dom_rank;
	const struct slot *a = &e->slots[*(const uint32_t *)pa];
	const struct slot *b = &e->slots[*(const uint32_t *)pb];
	if (a->domain != b->domain)
		return dom_rank[a->domain] < dom_rank[b->domain] ? -1 : 1;
	int ha = unit_stratum(e, a->unit), hb = unit_stratum(e, b->unit);
	if (ha != hb)
		return ha < hb ? -1 : 1;
	if (e->clustered) {
		uint32_t pa_ = unit_psu(e, a->unit), pb_ = unit_psu(e, b->unit);
		if (pa_ != pb_)
			return pa_ < pb_ ? -1 : 1;
	}
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}

/* ------------------------------------------------------------ variance */

struct cell {
	size_t off;  /* item block */
	size_t loff; /* level block */
	int numeric;
	int total; /* score of a total instead of a ratio */
	double p, B;
};

static double score(const struct cell *c, const double *a)
{
	double A = a[c->loff + L_A];
	if (c->total)
		return A;
	return (A - c->p * a[c->off + I_B]) / c->B;
}

/* Sum of squared row scores of an unclustered slot. */
static double score_sq(const struct cell *c, const double *a)
{
	double al = c->total ? 1 : 1 / c->B, be = c->total ? 0 : -c->p / c->B;
	double A2 = a[c->loff + L_A2], W2 = a[c->off + I_W2];
	if (c->numeric)
		return al * al * a[c->off + I_Q2] + 2 * al * be * A2 +
		       be * be * W2;
	double r = (al + be) * (al + be) * A2 + be * be * (W2 - A2);
	return r > 0 ? r : 0;
}

/* The contribution of one stratum (or, at stage 2, one cluster) with n
 * sampled units, k of them with totals z[0..k) and the rest 0, and
 * f = 1 - sampling fraction (onestrat() in R).  *ok = 0 when the stratum
 * has no variance of its own (lonely, "average"). */
static double onestrat(const double *z, size_t k, double n, double f,
                       enum kl_lonely lonely, int *ok)
{
	*ok = 1;
	if (f < 1e-7)
		return 0;
	if (n > 1) {
		double sum = 0, ss = 0;
		for (size_t i = 0; i < k; i++)
			sum += z[i];
		double mean = sum / n;
		for (size_t i = 0; i < k; i++)
			ss += (z[i] - mean) * (z[i] - mean);
		ss += (n - (double)k) * mean * mean;
		return f * n / (n - 1) * ss;
	}
	switch (lonely) {
	case KL_LONELY_ADJUST:
		return k ? f * z[0] * z[0] : 0;
	case KL_LONELY_AVERAGE:
		*ok = 0;
		return 0;
	case KL_LONELY_FAIL:
	case KL_LONELY_CERTAINTY:
	case KL_LONELY_REMOVE:
		break;
	}
	return 0;
}

/*
 * Variance under calibrated weights (kartlagg-calibrate(1), VARIANCE): the
 * unit totals of the row scores, minus sum_j beta_j P(unit, j) for every
 * unit of the sample (also units outside the domain), then the Taylor sum
 * over all strata of the sample.
 */
static double cal_cell_var(struct est *e, const struct dom *d,
                           const struct cell *c, double *zbuf, double *zbuf2)
{
	const struct kli_cal *cal = e->cal;
	size_t nunits = e->two_stage ? e->nssu : e->npsu;
	uint32_t g = e->over_group[d->over];
	double V1 = 0, V2 = 0;
	long nstrat = 0, nok = 0;
	int ok;

	memset(e->zunit, 0, (nunits + 1) * sizeof(double));
	memset(e->sbuf, 0, (cal->ncols + 1) * sizeof(double));
	for (long i = d->start; i < d->end; i++) {
		const struct slot *sl = &e->slots[e->order[i]];
		e->zunit[sl->unit] +=
		    score(c, e->acc + (size_t)e->order[i] * e->K);
	}
	size_t dk = (size_t)(d - e->doms);
	for (long i = e->cs_start[dk]; i < e->cs_start[dk + 1]; i++) {
		uint32_t k = e->cs_order[i];
		e->sbuf[e->cs[k].unit] = score(c, e->csacc + (size_t)k * e->K);
	}
	kli_cal_beta(cal, g, e->sbuf, e->beta);
	for (size_t k = 0; k < e->np; k++)
		e->zunit[e->pent[k].unit] -=
		    e->beta[e->pent[k].domain] * e->pval[k];

	for (size_t h = 0; h < e->nstrata; h++) {
		const struct stratum *st = &e->strata[h];
		if (st->over != d->over)
			continue;
		size_t k = 0;
		for (long a = e->hp_start[h]; a < e->hp_start[h + 1]; a++) {
			uint32_t p = e->hp_order[a];
			double zp = 0;
			if (!e->two_stage) {
				zbuf[k++] = e->zunit[p];
				continue;
			}
			size_t k2 = 0;
			for (long b = e->sp_start[p]; b < e->sp_start[p + 1];
			     b++) {
				double z = e->zunit[e->sp_order[b]];
				zp += z;
				zbuf2[k2++] = z;
			}
			zbuf[k++] = zp;
			if (e->stage2_var) {
				const struct psu *ps = &e->psus[p];
				int ok2;
				double v2 =
				    onestrat(zbuf2, k2, (double)ps->nssu, ps->f,
				             e->d.lonely, &ok2);
				if (!ok2)
					return NAN;
				V2 += v2 * (double)st->npsu / st->N;
			}
		}
		V1 += onestrat(zbuf, k, (double)st->npsu, st->f, e->d.lonely,
		               &ok);
		nstrat++;
		nok += ok;
	}
	if (nok < nstrat) {
		if (nok == 0)
			return NAN;
		V1 *= (double)nstrat / (double)nok;
	}
	return V1 + V2;
}

/* Linearised variance of the cell's estimate in domain d; NaN when it is
 * undefined (lonely units under "average" with no stratum left). */
static double cell_var(struct est *e, const struct dom *d, const struct cell *c,
                       double *zbuf, double *zbuf2)
{
	double V1 = 0, V2 = 0;
	long nstrat = 0, nok = 0;
	long i = d->start;
	int ok;

	if (e->cal)
		return cal_cell_var(e, d, c, zbuf, zbuf2);
	while (i < d->end) {
		uint32_t h =
		    (uint32_t)unit_stratum(e, e->slots[e->order[i]].unit);
		const struct stratum *s = &e->strata[h];
		int present = 0;
		double v;
		if (!e->clustered) {
			const double *a = e->acc + (size_t)e->order[i] * e->K;
			double n = (double)s->nrows, z = score(c, a);
			double sq = score_sq(c, a);
			present = a[c->off + I_NV] > 0;
			i++;
			ok = 1;
			if (s->f < 1e-7)
				v = 0;
			else if (n > 1) {
				double ss = sq - z * z / n;
				v = s->f * n / (n - 1) * (ss > 0 ? ss : 0);
			} else {
				v = onestrat(&z, 1, 1, s->f, e->d.lonely, &ok);
			}
		} else {
			size_t k = 0;
			while (i < d->end &&
			       (uint32_t)unit_stratum(
			           e, e->slots[e->order[i]].unit) == h) {
				uint32_t p =
				    unit_psu(e, e->slots[e->order[i]].unit);
				double zp = 0;
				int pp = 0;
				size_t k2 = 0;
				while (
				    i < d->end &&
				    unit_psu(e, e->slots[e->order[i]].unit) ==
				        p) {
					const double *a =
					    e->acc + (size_t)e->order[i] * e->K;
					double z = score(c, a);
					zp += z;
					if (a[c->off + I_NV] > 0)
						pp = 1;
					if (e->stage2_var)
						zbuf2[k2++] = z;
					i++;
				}
				zbuf[k++] = zp;
				present |= pp;
				if (e->stage2_var && pp) {
					const struct psu *ps = &e->psus[p];
					int ok2;
					double v2 = onestrat(
					    zbuf2, k2, (double)ps->nssu, ps->f,
					    e->d.lonely, &ok2);
					if (!ok2)
						return NAN;
					V2 += v2 * (double)s->npsu / s->N;
				}
			}
			v = onestrat(zbuf, k, (double)s->npsu, s->f,
			             e->d.lonely, &ok);
		}
		if (present) {
			nstrat++;
			nok += ok;
		}
		V1 += v;
	}
	if (nok < nstrat) {
		if (nok == 0)
			return NAN;
		V1 *= (double)nstrat / (double)nok;
	}
	return V1 + V2;
}

/* ------------------------------------------------------------ estimates */

static double tq(double P, double df)
{
	return gsl_cdf_tdist_Pinv(P, df);
}

/*
 * The P quantile of Beta(a, b): GSL's gsl_cdf_beta_Pinv gives up (NaN) for
 * some of the parameters Korn-Graubard intervals need, so this brackets the
 * root of I_x(a, b) = P and refines it by Newton steps, bisecting (on the
 * log scale while the bracket spans orders of magnitude) whenever a step
 * leaves the bracket.  Converges to about 1e-15 relative.
 */
/* I_x(a, b) by the continued fraction (modified Lentz), for the large
 * parameters where GSL's gsl_cdf_beta_P gives up (NaN); the prefactor
 * uses gsl_sf_lnbeta, accurate for large a and b. */
static double beta_cf(double x, double a, double b)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m < 10000000; m++) {
		double m2 = 2.0 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	double lf = a * log(x) + b * log1p(-x) - gsl_sf_lnbeta(a, b);
	return exp(lf) * h / a;
}

static double beta_P(double x, double a, double b)
{
	double F = gsl_cdf_beta_P(x, a, b);
	if (!isnan(F))
		return F;
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (x < (a + 1) / (a + b + 2))
		return beta_cf(x, a, b);
	return 1 - beta_cf(1 - x, b, a);
}

static double beta_quantile(double P, double a, double b)
{
	if (!(a > 0 && b > 0 && P > 0 && P < 1))
		return NAN;
	double lo = DBL_MIN, hi = 1, x = gsl_cdf_beta_Pinv(P, a, b);
	if (!(x > 0 && x < 1))
		x = a / (a + b);
	for (int i = 0; i < 400; i++) {
		double F = beta_P(x, a, b);
		if (F == P)
			return x;
		if (F < P)
			lo = x;
		else
			hi = x;
		double pdf = gsl_ran_beta_pdf(x, a, b);
		double nx = pdf > 0 ? x - (F - P) / pdf : NAN;
		if (!(nx > lo && nx < hi))
			nx = hi / lo > 4 ? sqrt(lo) * sqrt(hi) : (lo + hi) / 2;
		if (fabs(nx - x) <= 4e-16 * x || hi - lo <= 4e-16 * hi)
			return nx;
		x = nx;
	}
	return x;
}

static double expit(double x)
{
	return 1 / (1 + exp(-x));
}

/* Estimates, variance and intervals of one row (METHOD and DEGENERATE
 * CELLS in kartlagg-estimate(1)). */
static void fill_row(struct est *e, const struct dom *d, struct cell *c,
                     struct kl_est_row *r, double A, double W, double Q,
                     double *zbuf, double *zbuf2)
{
	double alpha = 1 - e->o->level;
	double p, V;
	r->prop = r->se = r->deff = r->total = r->se_total = NAN;
	for (int m = 0; m < KL_CI_N; m++)
		r->ci[m][0] = r->ci[m][1] = NAN;
	r->sum_w = W;
	r->df = d->df;
	if (r->n_valid < e->o->min_n)
		r->flags |= KL_EF_SMALL;
	if (!(d->df >= 1))
		r->flags |= KL_EF_DF;
	c->total = 1;
	c->p = 0;
	c->B = W;
	r->total = A;
	r->se_total = sqrt(cell_var(e, d, c, zbuf, zbuf2));
	if (r->n_valid == 0 || !(W > 0)) {
		r->flags |= KL_EF_EMPTY;
		return;
	}
	p = A / W;
	c->total = 0;
	c->p = p;
	V = cell_var(e, d, c, zbuf, zbuf2);
	r->prop = p;
	if (isnan(V)) {
		r->flags |= KL_EF_NOVAR;
		return;
	}
	/* An SE that is 0 in exact arithmetic (every valid answer of the
	 * domain in one unit of each stratum, or p = 0 or 1) comes out as
	 * rounding noise; no real design gets within 1e-12 of it. */
	if (!c->numeric && V < 1e-24 * p * (1 - p))
		V = 0;
	r->se = sqrt(V);

	/* deff: V / (s^2 (W - n) / (W n)), R's default (not "replace") */
	double n = (double)r->n_valid;
	double ss = c->numeric ? Q - 2 * p * A + p * p * W
	                       : (1 - p) * (1 - p) * A + p * p * (W - A);
	if (n > 1 && W > n) {
		double s2 = ss / W * n / (n - 1);
		double vsrs = s2 * (W - n) / (W * n);
		if (vsrs > 0)
			r->deff = V / vsrs;
	}
	if (isnan(r->deff))
		r->flags |= KL_EF_NODEFF;
	if (r->flags & KL_EF_DF)
		return;

	double t = tq(1 - alpha / 2, d->df);
	if (c->numeric) {
		r->ci[KL_CI_MEAN][0] = p - t * r->se;
		r->ci[KL_CI_MEAN][1] = p + t * r->se;
		return;
	}
	/* Korn-Graubard's df correction of the effective sample size */
	double ratio = NAN;
	if (d->nrows >= 2)
		ratio =
		    tq(alpha / 2, (double)d->nrows - 1) / tq(alpha / 2, d->df);
	if (p <= 0 || p >= 1) {
		r->flags |= p <= 0 ? KL_EF_ZERO : KL_EF_ALL;
		if (isnan(ratio))
			return;
		double neff = n * ratio * ratio;
		double b = pow(alpha / 2, 1 / neff);
		for (int m = 0; m < KL_CI_N; m++) {
			r->ci[m][0] = p <= 0 ? 0 : b;
			r->ci[m][1] = p <= 0 ? 1 - b : 1;
		}
		return;
	}
	if (r->se == 0) {
		r->flags |= KL_EF_SE0;
		for (int m = 0; m < KL_CI_N; m++)
			r->ci[m][0] = r->ci[m][1] = p;
		return;
	}
	r->ci[KL_CI_MEAN][0] = p - t * r->se;
	r->ci[KL_CI_MEAN][1] = p + t * r->se;
	double eta = log(p / (1 - p)), se_eta = r->se / (p * (1 - p));
	r->ci[KL_CI_XLOGIT][0] = expit(eta - t * se_eta);
	r->ci[KL_CI_XLOGIT][1] = expit(eta + t * se_eta);
	r->ci[KL_CI_LOGIT][0] = r->ci[KL_CI_XLOGIT][0];
	r->ci[KL_CI_LOGIT][1] = r->ci[KL_CI_XLOGIT][1];
	if (!isnan(ratio)) {
		double neff = p * (1 - p) / V * ratio * ratio;
		r->ci[KL_CI_BETA][0] =
		    beta_quantile(alpha / 2, neff * p, neff * (1 - p) + 1);
		r->ci[KL_CI_BETA][1] =
		    beta_quantile(1 - alpha / 2, neff * p + 1, neff * (1 - p));
	}
}

static void est_release(struct est *e)
{
	for (size_t i = 0; i < e->nitems; i++)
		ritem_release(&e->items[i]);
	free(e->items);
	for (size_t g = 0; g < e->ngroups; g++) {
		for (size_t j = 0; j < e->groups[g].n; j++)
			ritem_release(&e->groups[g].m[j]);
		free(e->groups[g].m);
	}
	free(e->groups);
	free(e->filters);
	for (size_t k = 0; k < e->nsets; k++) {
		for (size_t j = 0; j < e->sets[k].nvars; j++)
			free(e->sets[k].vars[j]);
		free(e->sets[k].vars);
		free(e->setcols ? e->setcols[k] : NULL);
		free(e->setmv ? e->setmv[k] : NULL);
	}
	free(e->sets);
	free(e->setcols);
	free(e->setmv);
	kli_map_free(&e->byvals);
	kli_map_free(&e->over_vals);
	kli_map_free(&e->strata_vals);
	kli_map_free(&e->psu_vals);
	kli_map_free(&e->ssu_vals);
	kli_map_free(&e->dom_map);
	umap_free(&e->strata_map);
	umap_free(&e->psu_map);
	umap_free(&e->ssu_map);
	umap_free(&e->slot_map);
	free(e->strata);
	free(e->psus);
	free(e->ssu_psu);
	free(e->slots);
	free(e->acc);
	for (size_t k = 0; k < e->ndoms; k++)
		free(e->doms[k].vals);
	free(e->doms);
	free(e->order);
	free(e->dom_rank);
	kli_cal_free(e->cal);
	umap_free(&e->cs_map);
	umap_free(&e->p_map);
	free(e->cs);
	free(e->csacc);
	free(e->pent);
	free(e->pval);
	free(e->cs_order);
	free(e->cs_start);
	free(e->over_group);
	free(e->hp_order);
	free(e->hp_start);
	free(e->sp_order);
	free(e->sp_start);
	free(e->zunit);
	free(e->sbuf);
	free(e->beta);
	kl_design_spec_release(&e->d);
	meta_release(&e->m);
}

void kl_est_result_free(struct kl_est_result *r)
{
	if (!r)
		return;
	free(r->survey);
	kl_design_spec_release(&r->design);
	for (size_t i = 0; i < r->nitems; i++) {
		struct kl_est_item *it = &r->items[i];
		free(it->name);
		free(it->label);
		for (size_t j = 0; j < it->nlevels; j++) {
			free(it->codes[j]);
			free(it->labels[j]);
		}
		free(it->codes);
		free(it->labels);
	}
	free(r->items);
	for (size_t k = 0; k < r->ndomains; k++) {
		struct kl_est_domain *d = &r->domains[k];
		free(d->over);
		for (size_t j = 0; j < r->sets[d->set].nvars; j++) {
			free(d->values ? d->values[j] : NULL);
			free(d->labels ? d->labels[j] : NULL);
		}
		free(d->values);
		free(d->labels);
	}
	for (size_t k = 0; k < r->nsets; k++) {
		for (size_t j = 0; j < r->sets[k].nvars; j++)
			free(r->sets[k].vars[j]);
		free(r->sets[k].vars);
	}
	free(r->sets);
	free(r->domains);
	free(r->rows);
	free(r);
}

static int copy_result(struct est *e, const char *survey,
                       struct kl_est_result *r)
{
	if (!(r->survey = kli_strdup(survey)) || spec_copy(&r->design, &e->d))
		return -1;
	r->level = e->o->level;
	r->items = calloc(e->nitems + 1, sizeof(*r->items));
	r->sets = calloc(e->nsets + 1, sizeof(*r->sets));
	r->domains = calloc(e->ndoms + 1, sizeof(*r->domains));
	if (!r->items || !r->sets || !r->domains)
		return -1;
	for (size_t i = 0; i < e->nitems; i++) {
		const struct mvar *v = e->items[i].v;
		struct kl_est_item *it = &r->items[r->nitems++];
		it->numeric = e->items[i].numeric;
		if (!(it->name = kli_strdup(v->name)))
			return -1;
		if (v->label && !(it->label = kli_strdup(v->label)))
			return -1;
		if (it->numeric)
			continue;
		it->codes = calloc(v->ncodes, sizeof(char *));
		it->labels = calloc(v->ncodes, sizeof(char *));
		if (!it->codes || !it->labels)
			return -1;
		for (size_t j = 0; j < v->ncodes; j++) {
			it->nlevels++;
			if (!(it->codes[j] = kli_strdup(v->codes[j])))
				return -1;
			if (v->labels[j] &&
			    !(it->labels[j] = kli_strdup(v->labels[j])))
				return -1;
		}
	}
	for (size_t k = 0; k < e->nsets; k++) {
		struct kl_est_set *s = &r->sets[r->nsets++];
		s->vars = calloc(e->sets[k].nvars + 1, sizeof(char *));
		if (!s->vars)
			return -1;
		for (size_t j = 0; j < e->sets[k].nvars; j++) {
			if (!(s->vars[j] = kli_strdup(e->sets[k].vars[j])))
				return -1;
			s->nvars++;
		}
	}
	return 0;
}

static int cmp_u32_dom(const void *pa, const void *pb, void *ctx)
{
	const struct slot *s = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (s[a].domain != s[b].domain)
		return s[a].domain < s[b].domain ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Index structures of the calibrated variance. */
static int cal_setup(struct est *e, struct kl_error *err)
{
	const struct kli_cal *c = e->cal;
	size_t nover = e->over_vals.n ? e->over_vals.n : 1;
	size_t nunits = e->two_stage ? e->nssu : e->npsu;
	e->over_group = calloc(nover + 1, sizeof(uint32_t));
	e->cs_order = malloc((e->ncs + 1) * sizeof(uint32_t));
	e->cs_start = calloc(e->ndoms + 2, sizeof(long));
	e->hp_order = malloc((e->npsu + 1) * sizeof(uint32_t));
	e->hp_start = calloc(e->nstrata + 2, sizeof(long));
	e->sp_order = malloc((e->nssu + 1) * sizeof(uint32_t));
	e->sp_start = calloc(e->npsu + 2, sizeof(long));
	e->zunit = calloc(nunits + 1, sizeof(double));
	e->sbuf = calloc(c->ncols + 1, sizeof(double));
	e->beta = calloc(c->ncols + 1, sizeof(double));
	if (!e->over_group || !e->cs_order || !e->cs_start || !e->hp_order ||
	    !e->hp_start || !e->sp_order || !e->sp_start || !e->zunit ||
	    !e->sbuf || !e->beta)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	for (size_t v = 0; v < e->over_vals.n; v++) {
		size_t g;
		for (g = 0; g < c->ngroups; g++)
			if (c->group_over[g] &&
			    !strcmp(c->group_over[g], e->over_vals.key[v]))
				break;
		if (g == c->ngroups)
			return kl_error_set(
			    err, KL_ERR_INTERNAL,
			    "over value without a weight group");
		e->over_group[v] = (uint32_t)g;
	}
	for (size_t k = 0; k < e->ncs; k++)
		e->cs_order[k] = (uint32_t)k;
	qsort_r(e->cs_order, e->ncs, sizeof(uint32_t), cmp_u32_dom, e->cs);
	for (size_t k = 0; k < e->ncs; k++)
		e->cs_start[e->cs[k].domain + 1]++;
	for (size_t d = 0; d < e->ndoms; d++)
		e->cs_start[d + 1] += e->cs_start[d];
	/* psus by stratum, ssus by psu (counting sort) */
	for (size_t p = 0; p < e->npsu; p++)
		e->hp_start[e->psus[p].stratum + 1]++;
	for (size_t h = 0; h < e->nstrata; h++)
		e->hp_start[h + 1] += e->hp_start[h];
	{
		long *pos = calloc(e->nstrata + 1, sizeof(long));
		if (!pos)
			return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		for (size_t p = 0; p < e->npsu; p++) {
			uint32_t h = e->psus[p].stratum;
			e->hp_order[e->hp_start[h] + pos[h]++] = (uint32_t)p;
		}
		free(pos);
	}
	if (e->two_stage) {
		for (size_t u = 0; u < e->nssu; u++)
			e->sp_start[e->ssu_psu[u] + 1]++;
		for (size_t p = 0; p < e->npsu; p++)
			e->sp_start[p + 1] += e->sp_start[p];
		long *pos = calloc(e->npsu + 1, sizeof(long));
		if (!pos)
			return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		for (size_t u = 0; u < e->nssu; u++) {
			uint32_t p = e->ssu_psu[u];
			e->sp_order[e->sp_start[p] + pos[p]++] = (uint32_t)u;
		}
		free(pos);
	}
	return 0;
}

int kl_estimate(struct kl_store *st, const char *survey,
                const struct kl_est_opts *o_in, struct kl_est_result **out,
                struct kl_error *err)
{
	struct est e;
	struct kl_est_opts o = *o_in;
	struct kl_est_result *r = NULL;
	uint32_t *dorder = NULL;
	double *zbuf = NULL, *zbuf2 = NULL;
	int rc;

	*out = NULL;
	memset(&e, 0, sizeof(e));
	if (o.level == 0)
		o.level = 0.95;
	if (!(o.level > 0 && o.level < 1))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "confidence level must be between 0 and 1");
	if (!o.design)
		return kl_error_set(err, KL_ERR_USAGE, "no design");
	e.st = st;
	e.o = &o;
	e.c_over = e.c_strata = e.c_weight = e.c_subset = -1;
	e.c_psu[0] = e.c_psu[1] = e.c_fpc[0] = e.c_fpc[1] = -1;
	if (spec_copy(&e.d, o.design))
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	rc = load_meta(st, survey, &e.m, err);
	if (rc)
		goto out;
	if (o.weights) {
		rc = kli_cal_load(st, survey, o.weights, &e.cal, err);
		if (rc)
			goto out;
		if (e.d.over &&
		    (!e.cal->over || strcmp(e.d.over, e.cal->over))) {
			rc =
			    kl_error_set(err, KL_ERR_USAGE,
			                 "weight set '%s' was calibrated %s%s; "
			                 "--over must match",
			                 o.weights,
			                 e.cal->over ? "separately per "
			                             : "on the whole sample",
			                 e.cal->over ? e.cal->over : "");
			goto out;
		}
		if (!e.d.over && e.cal->over &&
		    !(e.d.over = kli_strdup(e.cal->over))) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		free(e.d.weight);
		if (!(e.d.weight = kli_strdup(e.cal->weight))) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	e.ncols = 1; /* _line */
	if (e.d.psu[1] && !e.d.psu[0])
		e.d.psu[0] = e.d.psu[1], e.d.psu[1] = NULL;
	if (e.d.fpc[1] && !e.d.psu[1]) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "a second fpc needs a second stage of "
		                  "cluster ids");
		goto out;
	}
	if (e.d.psu[1] && e.d.fpc[0] && !e.d.fpc[1]) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "a two-stage design needs an fpc for both "
		                  "stages, or none");
		goto out;
	}
	struct {
		const char *name, *role;
		int *col;
	} dv[] = {
	    {e.d.over, "--over", &e.c_over},
	    {e.d.strata, "--strata", &e.c_strata},
	    {e.d.psu[0], "--psu", &e.c_psu[0]},
	    {e.d.psu[1], "--psu", &e.c_psu[1]},
	    {e.d.weight, "--weight", &e.c_weight},
	    {e.d.fpc[0], "--fpc", &e.c_fpc[0]},
	    {e.d.fpc[1], "--fpc", &e.c_fpc[1]},
	};
	for (size_t k = 0; k < sizeof(dv) / sizeof(dv[0]); k++) {
		if (!dv[k].name)
			continue;
		rc = need_var(&e, dv[k].name, dv[k].role, dv[k].col, err);
		if (rc)
			goto out;
	}
	e.clustered = e.d.psu[0] != NULL;
	if (e.cal && !e.clustered) {
		/* every row its own cluster: calibration residuals are per
		 * row */
		e.clustered = 1;
		e.c_psu[0] = 0;
	}
	e.two_stage = e.d.psu[1] != NULL;
	e.has_fpc = e.d.fpc[0] != NULL;
	e.stage2_var = e.two_stage && e.has_fpc;
	e.w_from_fpc = !e.d.weight && e.has_fpc;

	/* domain sets */
	size_t nsets = o.nby ? o.nby + (o.overall ? 1 : 0) : 1;
	e.sets = calloc(nsets, sizeof(*e.sets));
	e.setcols = calloc(nsets, sizeof(*e.setcols));
	e.setmv = calloc(nsets, sizeof(*e.setmv));
	if (!e.sets || !e.setcols || !e.setmv) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (!o.nby || o.overall)
		e.nsets++; /* the whole sample: no variables */
	for (size_t k = 0; k < o.nby; k++) {
		struct kl_est_set *s = &e.sets[e.nsets++];
		if (split_set(o.by[k], s)) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (s->nvars == 0) {
			rc = kl_error_set(err, KL_ERR_USAGE, "empty --by");
			goto out;
		}
	}
	for (size_t k = 0; k < e.nsets; k++) {
		e.setcols[k] = calloc(e.sets[k].nvars + 1, sizeof(int));
		e.setmv[k] = calloc(e.sets[k].nvars + 1, sizeof(*e.setmv[k]));
		if (!e.setcols[k] || !e.setmv[k]) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		for (size_t j = 0; j < e.sets[k].nvars; j++) {
			rc = need_var(&e, e.sets[k].vars[j], "--by",
			              &e.setcols[k][j], err);
			if (rc)
				goto out;
			e.setmv[k][j] = meta_var(&e.m, e.sets[k].vars[j]);
		}
	}
	if (o.subset) {
		rc = need_var(&e, o.subset, "subset", &e.c_subset, err);
		if (rc)
			goto out;
	}

	/* items */
	size_t nnames = o.items ? o.nitems : e.m.nvars;
	e.items = calloc(nnames + 1, sizeof(*e.items));
	if (!e.items) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nnames; i++) {
		struct mvar *v;
		if (o.items) {
			v = meta_var(&e.m, o.items[i]);
			if (!v) {
				rc = kl_error_set(err, KL_ERR_USAGE,
				                  "no variable '%s' in survey "
				                  "'%s'",
				                  o.items[i], survey);
				goto out;
			}
		} else {
			v = &e.m.vars[i];
			if ((strcmp(v->type, "category") &&
			     strcmp(v->type, "multi")) ||
			    is_design_var(&e, v->name))
				continue;
		}
		rc = setup_item(&e, &e.items[e.nitems++], v, err);
		if (rc)
			goto out;
	}
	if (e.nitems == 0) {
		rc =
		    kl_error_set(err, KL_ERR_USAGE,
		                 "no items to estimate in survey '%s'", survey);
		goto out;
	}
	e.K = H_SIZE;
	for (size_t i = 0; i < e.nitems; i++) {
		e.items[i].off = e.K;
		e.K += I_SIZE +
		       L_SIZE * (e.items[i].numeric ? 1 : e.items[i].v->ncodes);
	}
	rc = setup_groups(&e, err);
	if (rc)
		goto out;

	rc = scan(&e, err);
	if (!rc)
		rc = finish_design(&e, err);
	if (!rc && e.cal)
		rc = cal_setup(&e, err);
	if (rc)
		goto out;

	/* domains in output order; slots by domain, stratum, psu, unit */
	dorder = malloc((e.ndoms + 1) * sizeof(*dorder));
	e.dom_rank = malloc((e.ndoms + 1) * sizeof(*e.dom_rank));
	e.order = malloc((e.nslots + 1) * sizeof(*e.order));
	zbuf = malloc((e.npsu + 1) * sizeof(double));
	zbuf2 = malloc((e.nssu + 1) * sizeof(double));
	r = calloc(1, sizeof(*r));
	if (!dorder || !e.dom_rank || !e.order || !zbuf || !zbuf2 || !r) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < e.ndoms; k++)
		dorder[k] = (uint32_t)k;
	qsort_r(dorder, e.ndoms, sizeof(*dorder), cmp_dom, &e);
	for (size_t k = 0; k < e.ndoms; k++)
		e.dom_rank[dorder[k]] = (uint32_t)k;
	for (size_t k = 0; k < e.nslots; k++)
		e.order[k] = (uint32_t)k;
	qsort_r(e.order, e.nslots, sizeof(*e.order), cmp_slot, &e);
	for (size_t k = 0; k < e.ndoms; k++)
		e.doms[k].start = e.doms[k].end = -1;
	for (size_t k = 0; k < e.nslots; k++) {
		struct dom *d = &e.doms[e.slots[e.order[k]].domain];
		if (d->start < 0)
			d->start = (long)k;
		d->end = (long)k + 1;
	}
	for (size_t k = 0; k < e.ndoms; k++) {
		struct dom *d = &e.doms[k];
		long npsu = 0, nstr = 0, lasth = -1;
		long long npos = 0;
		for (long i = d->start; i < d->end;) {
			uint32_t u = e.slots[e.order[i]].unit;
			uint32_t p = e.clustered ? unit_psu(&e, u) : u;
			long h = unit_stratum(&e, u);
			double pos = 0;
			while (i < d->end) {
				uint32_t u2 = e.slots[e.order[i]].unit;
				if ((e.clustered ? unit_psu(&e, u2) : u2) != p)
					break;
				const double *a =
				    e.acc + (size_t)e.order[i] * e.K;
				d->nrows += (long long)a[H_NROWS];
				pos += a[H_NPOS];
				i++;
			}
			if (pos > 0) {
				npsu++;
				npos += (long long)pos;
				if (h != lasth)
					nstr++;
				lasth = h;
			}
		}
		d->df =
		    e.clustered ? (double)(npsu - nstr) : (double)(npos - nstr);
		/* R keeps the rows outside the domain of a calibrated design,
		 * with weight 0: n_rows is the whole sample's */
		d->ndom = d->nrows;
		if (e.cal)
			d->nrows = e.cal->group_nrows[e.over_group[d->over]];
	}

	if (copy_result(&e, survey, r)) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	size_t nrows_per = 0;
	for (size_t i = 0; i < e.nitems; i++)
		nrows_per += e.items[i].numeric ? 1 : e.items[i].v->ncodes;
	r->rows = calloc(e.ndoms * nrows_per + 1, sizeof(*r->rows));
	if (!r->rows) {
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < e.ndoms; k++) {
		const struct dom *d = &e.doms[dorder[k]];
		struct kl_est_domain *rd = &r->domains[r->ndomains++];
		size_t nv = e.sets[d->set].nvars;
		rd->set = d->set;
		rd->values = calloc(nv + 1, sizeof(char *));
		if (!rd->values ||
		    (e.c_over > 0 &&
		     !(rd->over = kli_strdup(e.over_vals.key[d->over])))) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		rd->labels = calloc(nv + 1, sizeof(char *));
		if (!rd->labels) {
			rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
			goto out;
		}
		for (size_t j = 0; j < nv; j++) {
			const char *val = e.byvals.key[d->vals[j]];
			const struct mvar *bv =
			    meta_var(&e.m, e.sets[d->set].vars[j]);
			const char *lab = NULL;
			for (size_t c = 0; bv && c < bv->ncodes; c++)
				if (!strcmp(bv->codes[c], val))
					lab = bv->labels[c];
			if (!(rd->values[j] = kli_strdup(val)) ||
			    (lab && !(rd->labels[j] = kli_strdup(lab)))) {
				rc = kl_error_set(err, KL_ERR_NOMEM,
				                  "out of memory");
				goto out;
			}
		}
		for (size_t i = 0; i < e.nitems; i++) {
			const struct ritem *it = &e.items[i];
			size_t nl = it->numeric ? 1 : it->v->ncodes;
			double W = 0, NV = 0, Q = 0;
			for (long s = d->start; s < d->end; s++) {
				const double *b =
				    e.acc + (size_t)e.order[s] * e.K + it->off;
				W += b[I_B];
				NV += b[I_NV];
				Q += b[I_Q];
			}
			for (size_t l = 0; l < nl; l++) {
				struct kl_est_row *row = &r->rows[r->nrows++];
				struct cell c = {0};
				double A = 0, N = 0;
				c.off = it->off;
				c.loff = it->off + I_SIZE + l * L_SIZE;
				c.numeric = it->numeric;
				for (long s = d->start; s < d->end; s++) {
					const double *b =
					    e.acc + (size_t)e.order[s] * e.K;
					A += b[c.loff + L_A];
					N += b[c.loff + L_N];
				}
				row->item = i;
				row->domain = k;
				row->level = it->numeric ? -1 : (long)l;
				row->n_rows = d->nrows;
				row->n_domain = d->ndom;
				row->n_valid = (long long)NV;
				row->n_yes = it->numeric ? -1 : (long long)N;
				fill_row(&e, d, &c, row, A, W, Q, zbuf, zbuf2);
			}
		}
	}
	*out = r;
	r = NULL;
out:
	kl_est_result_free(r);
	free(dorder);
	free(zbuf);
	free(zbuf2);
	est_release(&e);
	return rc;
}

int kl_est_compare(const struct kl_est_result *r, const char *a, const char *b,
                   struct kl_est_diff **out, size_t *n, struct kl_error *err)
{
	*out = NULL;
	*n = 0;
	if (!r->design.over)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "comparing needs --over");
	size_t nper = 0;
	for (size_t i = 0; i < r->nitems; i++)
		nper += r->items[i].numeric ? 1 : r->items[i].nlevels;
	int found[2] = {0, 0};
	struct kl_est_diff *v = calloc(r->nrows + 1, sizeof(*v));
	if (!v)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	double zq = gsl_cdf_ugaussian_Pinv(1 - (1 - r->level) / 2);
	for (size_t da = 0; da < r->ndomains; da++) {
		const struct kl_est_domain *x = &r->domains[da];
		if (strcmp(x->over, a) == 0)
			found[0] = 1;
		if (strcmp(x->over, b) == 0)
			found[1] = 1;
		if (strcmp(x->over, a) != 0)
			continue;
		size_t db;
		for (db = 0; db < r->ndomains; db++) {
			const struct kl_est_domain *y = &r->domains[db];
			if (y->set != x->set || strcmp(y->over, b) != 0)
				continue;
			size_t j;
			for (j = 0; j < r->sets[x->set].nvars; j++)
				if (strcmp(x->values[j], y->values[j]))
					break;
			if (j == r->sets[x->set].nvars)
				break;
		}
		if (db == r->ndomains)
			continue;
		for (size_t k = 0; k < nper; k++) {
			const struct kl_est_row *ra = &r->rows[da * nper + k];
			const struct kl_est_row *rb = &r->rows[db * nper + k];
			struct kl_est_diff *d = &v[(*n)++];
			d->item = ra->item;
			d->domain = da;
			d->level = ra->level;
			d->prop[0] = ra->prop;
			d->prop[1] = rb->prop;
			d->se[0] = ra->se;
			d->se[1] = rb->se;
			d->diff = rb->prop - ra->prop;
			d->se_diff = sqrt(ra->se * ra->se + rb->se * rb->se);
			d->z = d->se_diff > 0 ? d->diff / d->se_diff : NAN;
			d->p_value = isnan(d->z)
			                 ? NAN
			                 : 2 * gsl_cdf_ugaussian_P(-fabs(d->z));
			d->ci_lo = d->diff - zq * d->se_diff;
			d->ci_hi = d->diff + zq * d->se_diff;
		}
	}
	for (int k = 0; k < 2; k++)
		if (!found[k]) {
			free(v);
			*n = 0;
			return kl_error_set(err, KL_ERR_USAGE,
			                    "--compare: no rows with %s = %s",
			                    r->design.over, k ? b : a);
		}
	*out = v;
	return 0;
}
