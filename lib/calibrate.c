/*
 * calibrate.c - calibrated weights (kartlagg-calibrate(1)).
 *
 * The rows of a survey are read once (line, over value, design weight and
 * the calibration variables); every margin cell of every over group gets
 * a global column number, groups in turn, so that the columns of a group
 * are contiguous.  A target per column comes from CSV files, from the
 * stored population or (when a set is re-loaded for estimate) from the
 * set's stored targets; the same engine then computes the weights:
 *
 *   post-stratification  g_c = T_c / sum_c w0
 *   raking               post-stratify on each margin in turn, sweeps
 *                        until no cell of the crossed table moves by more
 *                        than tol x sum w0 (R's rake(control = list(
 *                        epsilon = tol)))
 *   linear               g = 1 + x'eta, eta = (X'W0X)^+ (T - X'w0), or
 *                        with bounds R's grake Newton iterations
 *
 * Formulas follow R survey 4.1.1 (postStratify, rake, grake, cal.linear,
 * svyrecvar).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "calibrate_priv.h"
#include "kl_csv.h"
#include "store_priv.h"
#include "util_priv.h"

/* ------------------------------------------------------------ names */

const char *kl_cal_method_name(enum kl_cal_method m)
{
	switch (m) {
	case KL_CAL_POSTSTRAT:
		return "poststrat";
	case KL_CAL_RAKE:
		return "rake";
	case KL_CAL_LINEAR:
		return "linear";
	}
	return "?";
}

int kl_cal_method_parse(const char *s)
{
	for (int m = 0; m <= KL_CAL_LINEAR; m++)
		if (!strcmp(s, kl_cal_method_name((enum kl_cal_method)m)))
			return m;
	return -1;
}

static const char *const dim_names[] = {"region", "age", "sex"};
static const char *const dim_cols[] = {"region", "age", "sex"};

void kl_pop_map_release(struct kl_pop_map *m)
{
	if (!m)
		return;
	free(m->var);
	for (size_t i = 0; i < m->n; i++) {
		free(m->from[i]);
		free(m->to[i]);
	}
	free(m->from);
	free(m->to);
	memset(m, 0, sizeof(*m));
}

int kl_pop_map_parse(const char *s, struct kl_pop_map *m, struct kl_error *err)
{
	memset(m, 0, sizeof(*m));
	const char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "a map is VAR=DIM[:code=value,...], not '%s'", s);
	const char *colon = strchr(eq + 1, ':');
	size_t dl = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
	int dim = -1;
	for (int d = 0; d < 3; d++)
		if (strlen(dim_names[d]) == dl &&
		    !strncmp(eq + 1, dim_names[d], dl))
			dim = d;
	if (dim < 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "map '%s': the dimension must be region, "
		                    "age or sex",
		                    s);
	m->dim = (enum kl_pop_dim)dim;
	if (!(m->var = strndup(s, (size_t)(eq - s))))
		goto oom;
	if (!colon)
		return 0;
	const char *p = colon + 1;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		const char *e = memchr(p, '=', len);
		if (!e || e == p || e == p + len - 1) {
			kl_pop_map_release(m);
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "map '%s': expected code=value pairs "
			    "after ':'",
			    s);
		}
		char **f = realloc(m->from, (m->n + 1) * sizeof(*f));
		if (!f)
			goto oom;
		m->from = f;
		char **t = realloc(m->to, (m->n + 1) * sizeof(*t));
		if (!t)
			goto oom;
		m->to = t;
		m->from[m->n] = strndup(p, (size_t)(e - p));
		m->to[m->n] = strndup(e + 1, len - (size_t)(e - p) - 1);
		m->n++;
		if (!m->from[m->n - 1] || !m->to[m->n - 1])
			goto oom;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
oom:
	kl_pop_map_release(m);
	return kli_oom(err);
}

char *kl_pop_map_str(const struct kl_pop_map *m)
{
	struct kli_sb b = {0};
	kli_sb_append(&b, m->var);
	kli_sb_append(&b, "=");
	kli_sb_append(&b, dim_names[m->dim]);
	for (size_t i = 0; i < m->n; i++) {
		kli_sb_append(&b, i ? "," : ":");
		kli_sb_append(&b, m->from[i]);
		kli_sb_append(&b, "=");
		kli_sb_append(&b, m->to[i]);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* The SCB value of survey code `code` under map m: the code itself for
 * an identity map, NULL when the code has no population figure. */
static const char *map_value(const struct kl_pop_map *m, const char *code)
{
	if (m->n == 0)
		return code;
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->from[i], code))
			return m->to[i];
	return NULL;
}

/* ------------------------------------------------------------ population */

/*
 * Does the store hold population rows of level (NULL = any) and year
 * (0 = any)?  Every store has the table (schema version 2); it may be
 * empty.
 */
static int have_population(struct kl_store *st, const char *level, long year)
{
	sqlite3_stmt *s = NULL;
	int yes;

	if (kli_store_prepare(st,
	                      "SELECT 1 FROM population WHERE (?1 IS NULL OR "
	                      "level = ?1) AND (?2 = 0 OR year = ?2) LIMIT 1",
	                      &s, NULL))
		return 0;
	if (level)
		sqlite3_bind_text(s, 1, level, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, year);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* The index of m's variable among vars[0..n), n when absent. */
static size_t var_index(const struct kl_pop_map *m, size_t n,
                        const char *const *vars)
{
	size_t j;
	for (j = 0; j < n; j++)
		if (!strcmp(vars[j], m->var))
			break;
	return j;
}

/*
 * kl_population_total, with allowed[k] (when allowed and allowed[k] are
 * not NULL; nallowed[k] entries) the values an identity-mapped variable
 * k not in vars is restricted to.
 */
static int pop_total(struct kl_store *st, const struct kl_pop_map *maps,
                     size_t nmaps, const char *level, long year, size_t n,
                     const char *const *vars, const char *const *vals,
                     char *const *const *allowed, const size_t *nallowed,
                     double *N, struct kl_error *err);

int kl_population_total(struct kl_store *st, const struct kl_pop_map *maps,
                        size_t nmaps, const char *level, long year, size_t n,
                        const char *const *vars, const char *const *vals,
                        double *N, struct kl_error *err)
{
	return pop_total(st, maps, nmaps, level, year, n, vars, vals, NULL,
	                 NULL, N, err);
}

/* The distinct values of variable var among the rows of survey table
 * `table` selected by dom (the round, the subset), in *out (*nout). */
static int survey_values(struct kl_store *st, const char *table,
                         const char *var, const struct kl_pop_domain *dom,
                         char ***out, size_t *nout, struct kl_error *err)
{
	struct kli_sb q = {0};
	sqlite3_stmt *s = NULL;
	char *tq = kli_quote_ident(table), *vq = kli_quote_ident(var);
	char *oq = dom->over ? kli_quote_ident(dom->over) : NULL;
	char *sq = dom->subset ? kli_quote_ident(dom->subset) : NULL;
	int rc = 0, r, bind = 1;
	size_t cap = 0;

	*out = NULL;
	*nout = 0;
	if (!tq || !vq || (dom->over && !oq) || (dom->subset && !sq)) {
		rc = kli_oom(err);
		goto out;
	}
	kli_sb_append(&q, "SELECT DISTINCT CAST(");
	kli_sb_append(&q, vq);
	kli_sb_append(&q, " AS TEXT) FROM ");
	kli_sb_append(&q, tq);
	kli_sb_append(&q, " WHERE ");
	kli_sb_append(&q, vq);
	kli_sb_append(&q, " IS NOT NULL");
	if (oq) {
		kli_sb_append(&q, " AND CAST(");
		kli_sb_append(&q, oq);
		kli_sb_append(&q, " AS TEXT) = ?1");
		bind = 2;
	}
	if (sq) {
		kli_sb_append(&q, " AND CAST(");
		kli_sb_append(&q, sq);
		kli_sb_append(&q, " AS TEXT) IN (");
		for (size_t i = 0; i < dom->nsubset; i++) {
			char buf[32];
			snprintf(buf, sizeof(buf), "%s?%d", i ? "," : "",
			         bind + (int)i);
			kli_sb_append(&q, buf);
		}
		kli_sb_append(&q, dom->nsubset ? ")" : "NULL)");
	}
	kli_sb_append(&q, " ORDER BY 1");
	if (q.failed) {
		rc = kli_oom(err);
		goto out;
	}
	rc = kli_store_prepare(st, q.s, &s, err);
	if (rc)
		goto out;
	if (oq)
		sqlite3_bind_text(s, 1, dom->over_value, -1, SQLITE_STATIC);
	for (size_t i = 0; sq && i < dom->nsubset; i++)
		sqlite3_bind_text(s, bind + (int)i, dom->subset_vals[i], -1,
		                  SQLITE_STATIC);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		char *c = kli_strdup(v ? v : "");
		if (!c || kli_grow((void **)out, &cap, *nout, sizeof(**out))) {
			free(c);
			rc = kli_oom(err);
			goto out;
		}
		(*out)[(*nout)++] = c;
	}
	if (r != SQLITE_DONE)
		rc = kli_store_fail(st, r, err, "reading the survey");
out:
	sqlite3_finalize(s);
	free(q.s);
	free(tq);
	free(vq);
	free(oq);
	free(sq);
	return rc;
}

int kl_population_domain(struct kl_store *st, const struct kl_pop_domain *dom,
                         const struct kl_pop_map *maps, size_t nmaps,
                         const char *level, long year, size_t n,
                         const char *const *vars, const char *const *vals,
                         double *N, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char *table = NULL;
	char ***allowed = NULL;
	size_t *nallowed = NULL;
	int rc = 0, r;

	*N = NAN;
	rc = kli_store_prepare(
	    st, "SELECT data_table FROM surveys WHERE name = ?1", &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, dom->survey, -1, SQLITE_STATIC);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (!(table = kli_strdup(t ? t : "")))
			rc = kli_oom(err);
	} else if (r == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no survey named '%s' in the store",
		                  dom->survey);
	} else {
		rc = kli_store_fail(st, r, err, "reading surveys");
	}
	sqlite3_finalize(s);
	if (rc)
		goto out;
	allowed = calloc(nmaps + 1, sizeof(*allowed));
	nallowed = calloc(nmaps + 1, sizeof(*nallowed));
	if (!allowed || !nallowed) {
		rc = kli_oom(err);
		goto out;
	}
	for (size_t k = 0; k < nmaps; k++) {
		/* the respondents' values are kommun codes: lan and riket
		 * rows keep the whole row */
		if (maps[k].n || var_index(&maps[k], n, vars) < n ||
		    (level && strcmp(level, "kommun")))
			continue;
		rc = survey_values(st, table, maps[k].var, dom, &allowed[k],
		                   &nallowed[k], err);
		if (rc)
			goto out;
	}
	rc = pop_total(st, maps, nmaps, level, year, n, vars, vals,
	               (char *const *const *)allowed, nallowed, N, err);
out:
	for (size_t k = 0; allowed && k < nmaps; k++) {
		for (size_t i = 0; i < nallowed[k]; i++)
			free(allowed[k][i]);
		free(allowed[k]);
	}
	free(allowed);
	free(nallowed);
	free(table);
	return rc;
}

static int pop_total(struct kl_store *st, const struct kl_pop_map *maps,
                     size_t nmaps, const char *level, long year, size_t n,
                     const char *const *vars, const char *const *vals,
                     char *const *const *allowed, const size_t *nallowed,
                     double *N, struct kl_error *err)
{
	struct kli_sb q = {0};
	sqlite3_stmt *s = NULL;
	int rc = 0, bind = 3;
	int dimused[3] = {0, 0, 0};

	*N = NAN;
	if (!have_population(st, NULL, 0))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "the store has no population figures; "
		                    "import them with kartlagg import --kind "
		                    "scb-population");
	kli_sb_append(&q, "SELECT count(*), count(count), total(count) FROM "
	                  "population WHERE level = ?1 AND year = ?2 AND "
	                  "age_plus = 0");
	/* a domain value with no figure: NaN at once */
	for (size_t k = 0; k < nmaps; k++) {
		const struct kl_pop_map *m = &maps[k];
		size_t j = var_index(m, n, vars);
		if (j < n) {
			const char *v = map_value(m, vals[j]);
			if (!v) {
				free(q.s);
				return 0;
			}
			char buf[64];
			snprintf(buf, sizeof(buf), " AND %s = ?%d",
			         dim_cols[m->dim], bind++);
			kli_sb_append(&q, buf);
		} else if (m->n || (allowed && allowed[k])) {
			size_t na = m->n ? m->n : nallowed[k];
			kli_sb_append(&q, " AND ");
			kli_sb_append(&q, dim_cols[m->dim]);
			kli_sb_append(&q, na ? " IN (" : " IN (NULL");
			for (size_t i = 0; i < na; i++) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%s?%d",
				         i ? "," : "", bind++);
				kli_sb_append(&q, buf);
			}
			kli_sb_append(&q, ")");
		}
		dimused[m->dim] = 1;
	}
	if (!dimused[KL_POP_AGE])
		kli_sb_append(&q, " AND age IS NOT NULL");
	if (!dimused[KL_POP_SEX])
		kli_sb_append(&q, " AND sex IS NOT NULL");
	if (q.failed) {
		free(q.s);
		return kli_oom(err);
	}
	rc = kli_store_prepare(st, q.s, &s, err);
	free(q.s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, level ? level : "kommun", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, year);
	bind = 3;
	for (size_t k = 0; k < nmaps; k++) {
		const struct kl_pop_map *m = &maps[k];
		size_t j = var_index(m, n, vars);
		if (j < n) {
			const char *v = map_value(m, vals[j]);
			if (m->dim == KL_POP_AGE)
				sqlite3_bind_int64(s, bind++, atoll(v));
			else
				sqlite3_bind_text(s, bind++, v, -1,
				                  SQLITE_TRANSIENT);
		} else {
			size_t na = m->n                    ? m->n
			            : allowed && allowed[k] ? nallowed[k]
			                                    : 0;
			for (size_t i = 0; i < na; i++) {
				const char *to =
				    m->n ? m->to[i] : allowed[k][i];
				if (m->dim == KL_POP_AGE)
					sqlite3_bind_int64(s, bind++,
					                   atoll(to));
				else
					sqlite3_bind_text(s, bind++, to, -1,
					                  SQLITE_TRANSIENT);
			}
		}
	}
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		long long rows = sqlite3_column_int64(s, 0);
		long long have = sqlite3_column_int64(s, 1);
		if (rows > 0 && have == rows)
			*N = sqlite3_column_double(s, 2);
	} else {
		rc = kli_store_fail(st, r, err, "reading the population");
	}
	sqlite3_finalize(s);
	return rc;
}

/* ------------------------------------------------------------ the rows */

struct cvar {
	char *name;
	int map; /* index into maps, -1 = none */
	struct kli_map vals;
};

struct run {
	struct kl_store *st;
	const struct kl_cal_spec *c;
	char *table, *key_vars;
	long long survey_import;
	size_t nvars; /* union of the margin variables */
	struct cvar *vars;
	size_t nm;
	size_t *mnv;   /* variables per margin */
	size_t **mvar; /* their indexes into vars */
	/* rows */
	size_t n, cap;
	long long *row;  /* _row of each row, ascending */
	uint32_t *group; /* over group of each row */
	uint32_t *cell;  /* crossed cell of each row (an id of `cells`) */
	double *w0, *w;
	/* crossed cells: key = uint32_t group, value id of each of vars */
	struct kli_map cells;
	uint32_t *cellcol; /* cells.n x nm: column of the cell in margin m */
	int want_psw;      /* keep psw (a set re-loaded for estimate) */
	double *psw;       /* n x nm, or NULL unless want_psw */
	struct kli_map groups;
	long long *gn;
	struct kli_map cols; /* "group\x1e margin\x1e v1\x1f v2..." */
	size_t *gstart;
	double *T; /* target per column; NaN = none */
	int *from_design;
	uint32_t *col_margin, *col_group;
	struct kl_cal_result *res;
};

static void run_release(struct run *r)
{
	free(r->table);
	free(r->key_vars);
	for (size_t i = 0; i < r->nvars; i++) {
		free(r->vars[i].name);
		kli_map_free(&r->vars[i].vals);
	}
	free(r->vars);
	for (size_t m = 0; m < r->nm; m++)
		free(r->mvar ? r->mvar[m] : NULL);
	free(r->mvar);
	free(r->mnv);
	free(r->row);
	free(r->group);
	free(r->cell);
	free(r->w0);
	free(r->w);
	kli_map_free(&r->cells);
	free(r->cellcol);
	free(r->psw);
	kli_map_free(&r->groups);
	free(r->gn);
	kli_map_free(&r->cols);
	free(r->gstart);
	free(r->T);
	free(r->from_design);
	free(r->col_margin);
	free(r->col_group);
}

/* Column of row i in margin m (make_columns() must have run). */
static inline uint32_t col_of(const struct run *r, size_t i, size_t m)
{
	return r->cellcol[(size_t)r->cell[i] * r->nm + m];
}

static int has_var(struct kl_store *st, long long survey_id, const char *name)
{
	sqlite3_stmt *s = NULL;
	int found = 0;
	if (kli_store_prepare(st,
	                      "SELECT 1 FROM variables WHERE survey_id = ? "
	                      "AND name = ?",
	                      &s, NULL))
		return 0;
	sqlite3_bind_int64(s, 1, survey_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/* Write v in decimal into buf (at least 21 bytes), NUL-terminated, as
 * printf("%lld") would; returns its length. */
static size_t int_text(long long v, char *buf)
{
	char tmp[24];
	size_t n = 0, k = 0;
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = 0;
	return k;
}

/* Margin variables, the survey's table and its rows. */
static int read_rows(struct run *r, const char *survey, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	sqlite3_stmt *s = NULL;
	long long sid = 0;
	int rc;

	rc = kli_store_prepare(r->st,
	                       "SELECT id, data_table, key_vars, import_id "
	                       "FROM surveys WHERE name = ?",
	                       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, survey, -1, SQLITE_TRANSIENT);
	int q = sqlite3_step(s);
	if (q == SQLITE_ROW) {
		sid = sqlite3_column_int64(s, 0);
		r->table = kli_strdup((const char *)sqlite3_column_text(s, 1));
		r->key_vars =
		    kli_strdup((const char *)sqlite3_column_text(s, 2));
		r->survey_import = sqlite3_column_int64(s, 3);
	} else if (q == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no survey named '%s' in the store", survey);
	} else {
		rc = kli_store_fail(r->st, q, err, "reading surveys");
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (!r->table)
		return kli_oom(err);
	if (!c->weight)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "calibration needs the design weight "
		                    "(--weight)");
	if (!c->nmargins)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "calibration needs at least one --margin");
	if (c->method == KL_CAL_POSTSTRAT && c->nmargins != 1)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "post-stratification takes one --margin "
		                    "(the crossed cells), got %zu",
		                    c->nmargins);
	const char *chk[2] = {c->weight, c->over};
	for (int k = 0; k < 2; k++)
		if (chk[k] && !has_var(r->st, sid, chk[k]))
			return kl_error_set(err, KL_ERR_USAGE,
			                    "no variable '%s' in survey '%s'",
			                    chk[k], survey);

	r->nm = c->nmargins;
	r->mnv = calloc(r->nm, sizeof(*r->mnv));
	r->mvar = calloc(r->nm, sizeof(*r->mvar));
	if (!r->mnv || !r->mvar)
		return kli_oom(err);
	for (size_t m = 0; m < r->nm; m++) {
		const char *p = c->margins[m];
		r->mvar[m] = calloc(strlen(p) + 1, sizeof(size_t));
		if (!r->mvar[m])
			return kli_oom(err);
		while (*p) {
			size_t len = strcspn(p, ",");
			char *name = strndup(p, len);
			if (!name)
				return kli_oom(err);
			if (!len || !has_var(r->st, sid, name)) {
				rc = kl_error_set(err, KL_ERR_USAGE,
				                  "--margin '%s': no variable "
				                  "'%s' in survey '%s'",
				                  c->margins[m], name, survey);
				free(name);
				return rc;
			}
			size_t i;
			for (i = 0; i < r->nvars; i++)
				if (!strcmp(r->vars[i].name, name))
					break;
			if (i == r->nvars) {
				struct cvar *nv = realloc(
				    r->vars, (r->nvars + 1) * sizeof(*nv));
				if (!nv) {
					free(name);
					return kli_oom(err);
				}
				r->vars = nv;
				memset(&nv[i], 0, sizeof(nv[i]));
				nv[i].name = name;
				nv[i].map = -1;
				for (size_t k = 0; k < c->nmaps; k++)
					if (!strcmp(c->maps[k].var, name))
						nv[i].map = (int)k;
				r->nvars++;
			} else {
				free(name);
			}
			r->mvar[m][r->mnv[m]++] = i;
			p += len;
			if (*p == ',')
				p++;
		}
	}

	/* SELECT _row, over, weight, vars..., _line ORDER BY _row: rows are
	 * keyed by _row (unique; _line is not once a survey has several
	 * files), messages name the line */
	struct kli_sb b = {0};
	int qfail = 0;
	char *tq = kli_quote_ident(r->table);
	char *qo = c->over ? kli_quote_ident(c->over) : kli_strdup("NULL");
	char *qw = kli_quote_ident(c->weight);
	qfail |= !tq || !qo || !qw;
	kli_sb_appendf(&b, "SELECT _row, %s, %s", qo ? qo : "", qw ? qw : "");
	free(qo);
	free(qw);
	for (size_t i = 0; i < r->nvars; i++) {
		char *qv = kli_quote_ident(r->vars[i].name);
		qfail |= !qv;
		kli_sb_appendf(&b, ", %s", qv ? qv : "");
		free(qv);
	}
	kli_sb_appendf(&b, ", _line FROM %s ORDER BY _row", tq ? tq : "");
	/* the row count sizes the per-row arrays once */
	struct kli_sb cq = {0};
	kli_sb_appendf(&cq, "SELECT count(*) FROM %s", tq ? tq : "");
	free(tq);
	if (b.failed || cq.failed || qfail) {
		kli_sb_free(&b);
		kli_sb_free(&cq);
		return kli_oom(err);
	}
	size_t nhint = 0;
	rc = kli_store_prepare(r->st, kli_sb_str(&cq), &s, err);
	kli_sb_free(&cq);
	if (rc) {
		kli_sb_free(&b);
		return rc;
	}
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0)
		nhint = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	rc = kli_store_prepare(r->st, kli_sb_str(&b), &s, err);
	kli_sb_free(&b);
	if (rc)
		return rc;
	uint32_t *key = calloc(r->nvars + 1, sizeof(*key));
	if (!key) {
		sqlite3_finalize(s);
		return kli_oom(err);
	}
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		long long row = sqlite3_column_int64(s, 0);
		long long line = sqlite3_column_int64(s, 3 + (int)r->nvars);
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 1024;
			if (r->cap == 0 && nhint > cap)
				cap = nhint;
			long long *l = realloc(r->row, cap * sizeof(*l));
			if (l)
				r->row = l;
			uint32_t *g = realloc(r->group, cap * sizeof(*g));
			if (g)
				r->group = g;
			uint32_t *v = realloc(r->cell, cap * sizeof(*v));
			if (v)
				r->cell = v;
			double *w = realloc(r->w0, cap * sizeof(*w));
			if (w)
				r->w0 = w;
			if (!l || !g || !v || !w) {
				rc = kli_oom(err);
				break;
			}
			r->cap = cap;
		}
		const char *ov = (const char *)sqlite3_column_text(s, 1);
		if (c->over && !ov) {
			rc = kl_error_set(err, KL_ERR_PARSE,
			                  "survey row at line %lld: --over "
			                  "variable '%s' is empty",
			                  line, c->over);
			break;
		}
		long g =
		    ov ? kli_map_add(&r->groups, ov,
		                     (size_t)sqlite3_column_bytes(s, 1), NULL)
		       : kli_map_add(&r->groups, "", 0, NULL);
		double w = sqlite3_column_double(s, 2);
		if (sqlite3_column_type(s, 2) == SQLITE_NULL || !(w > 0) ||
		    !isfinite(w)) {
			rc = kl_error_set(err, KL_ERR_PARSE,
			                  "survey row at line %lld: design "
			                  "weight '%s' must be a number > 0",
			                  line, c->weight);
			break;
		}
		if (g < 0) {
			rc = kli_oom(err);
			break;
		}
		r->row[r->n] = row;
		r->group[r->n] = (uint32_t)g;
		r->w0[r->n] = w;
		key[0] = (uint32_t)g;
		for (size_t i = 0; i < r->nvars; i++) {
			/* an integer's text as SQLite gives it ("%lld"),
			 * without its conversion's allocation */
			char ibuf[24];
			const char *v;
			size_t vlen;
			if (sqlite3_column_type(s, 3 + (int)i) ==
			    SQLITE_INTEGER) {
				vlen = int_text(
				    sqlite3_column_int64(s, 3 + (int)i), ibuf);
				v = ibuf;
			} else {
				v = (const char *)sqlite3_column_text(
				    s, 3 + (int)i);
				vlen =
				    (size_t)sqlite3_column_bytes(s, 3 + (int)i);
			}
			if (!v) {
				rc =
				    kl_error_set(err, KL_ERR_PARSE,
				                 "survey row at line %lld: "
				                 "calibration variable '%s' is "
				                 "empty",
				                 line, r->vars[i].name);
				break;
			}
			long id = kli_map_add(&r->vars[i].vals, v, vlen, NULL);
			if (id < 0) {
				rc = kli_oom(err);
				break;
			}
			key[1 + i] = (uint32_t)id;
		}
		if (rc)
			break;
		long cell = kli_map_add(&r->cells, key,
		                        (r->nvars + 1) * sizeof(*key), NULL);
		if (cell < 0) {
			rc = kli_oom(err);
			break;
		}
		r->cell[r->n] = (uint32_t)cell;
		r->n++;
	}
	free(key);
	if (!rc && q != SQLITE_DONE)
		rc = kli_store_fail(r->st, q, err, "reading the survey");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (r->n == 0)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "survey '%s' has no rows", survey);
	return 0;
}

/* "kon=1,arskurs=9" of margin m for row i (or for value ids vid). */
static void cell_text(const struct run *r, size_t m, const uint32_t *vid,
                      struct kli_sb *b)
{
	for (size_t k = 0; k < r->mnv[m]; k++) {
		const struct cvar *v = &r->vars[r->mvar[m][k]];
		if (k)
			kli_sb_append(b, ",");
		kli_sb_append(b, v->name);
		kli_sb_append(b, "=");
		kli_sb_append(b, v->vals.key[vid[r->mvar[m][k]]]);
	}
}

static char *col_key(const struct run *r, size_t g, size_t m,
                     const uint32_t *vid)
{
	struct kli_sb b = {0};
	char buf[48];
	snprintf(buf, sizeof(buf), "%zu\x1e%zu\x1e", g, m);
	kli_sb_append(&b, buf);
	cell_text(r, m, vid, &b);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* Columns: groups in turn, margins in turn, cells in order of first row. */
static int make_columns(struct run *r, struct kl_error *err)
{
	size_t G = r->groups.n;
	/* rows by group, stable (one group: the rows in order) */
	uint32_t *ord = G > 1 ? malloc((r->n + 1) * sizeof(*ord)) : NULL;
	size_t *cnt = calloc(G + 1, sizeof(*cnt));
	unsigned char *seen = calloc(r->cells.n + 1, 1);
	r->gn = calloc(G + 1, sizeof(*r->gn));
	r->gstart = calloc(G + 1, sizeof(*r->gstart));
	r->cellcol = malloc((r->cells.n * r->nm + 1) * sizeof(*r->cellcol));
	if (r->want_psw)
		r->psw = malloc((r->n * r->nm + 1) * sizeof(*r->psw));
	r->w = malloc((r->n + 1) * sizeof(*r->w));
	if ((G > 1 && !ord) || !cnt || !seen || !r->gn || !r->gstart ||
	    !r->cellcol || (r->want_psw && !r->psw) || !r->w) {
		free(ord);
		free(cnt);
		free(seen);
		return kli_oom(err);
	}
	/* rows by group, stable */
	for (size_t i = 0; i < r->n; i++)
		cnt[r->group[i] + 1]++;
	for (size_t g = 0; g < G; g++) {
		r->gn[g] = (long long)cnt[g + 1];
		cnt[g + 1] += cnt[g];
	}
	for (size_t i = 0; ord && i < r->n; i++)
		ord[cnt[r->group[i]]++] = (uint32_t)i;
	for (size_t k = 0; k < r->n; k++) {
		size_t i = ord ? ord[k] : k, g = r->group[i];
		if (k == 0 || r->group[ord ? ord[k - 1] : k - 1] != g)
			r->gstart[g] = r->cols.n;
		/* a cell's columns are made at its first row */
		size_t cc = r->cell[i];
		const uint32_t *vid = (const uint32_t *)r->cells.key[cc] + 1;
		for (size_t m = 0; m < r->nm && !seen[cc]; m++) {
			char *key = col_key(r, g, m, vid);
			long id = key ? kli_map_add_str(&r->cols, key) : -2;
			free(key);
			if (id < 0) {
				free(ord);
				free(cnt);
				free(seen);
				return kli_oom(err);
			}
			r->cellcol[cc * r->nm + m] = (uint32_t)id;
		}
		seen[cc] = 1;
	}
	free(seen);
	r->gstart[G] = r->cols.n;
	free(ord);
	free(cnt);
	size_t J = r->cols.n;
	r->T = malloc((J + 1) * sizeof(*r->T));
	r->from_design = calloc(J + 1, sizeof(int));
	r->col_margin = calloc(J + 1, sizeof(uint32_t));
	r->col_group = calloc(J + 1, sizeof(uint32_t));
	if (!r->T || !r->from_design || !r->col_margin || !r->col_group)
		return kli_oom(err);
	for (size_t j = 0; j < J; j++)
		r->T[j] = NAN;
	for (size_t cc = 0; cc < r->cells.n; cc++)
		for (size_t m = 0; m < r->nm; m++) {
			uint32_t j = r->cellcol[cc * r->nm + m];
			r->col_margin[j] = (uint32_t)m;
			r->col_group[j] = *(const uint32_t *)r->cells.key[cc];
		}
	return 0;
}

static int add_note(struct run *r, size_t g, const char *where, double sw)
{
	struct kl_cal_result *res = r->res;
	struct kl_cal_note *n =
	    realloc(res->notes, (res->nnotes + 1) * sizeof(*n));
	if (!n)
		return -1;
	res->notes = n;
	n = &res->notes[res->nnotes++];
	memset(n, 0, sizeof(*n));
	n->over = r->c->over ? kli_strdup(r->groups.key[g]) : NULL;
	n->where = kli_strdup(where);
	n->sum_w = sw;
	return (!n->where || (r->c->over && !n->over)) ? -1 : 0;
}

/* Sum of w0 per column. */
static double *col_sums(const struct run *r, const double *w)
{
	double *S = calloc(r->cols.n + 1, sizeof(*S));
	if (!S)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		for (size_t m = 0; m < r->nm; m++)
			S[col_of(r, i, m)] += w[i];
	return S;
}

/* Columns without a target keep their design weights (a note each). */
static int fill_missing(struct run *r, struct kl_error *err)
{
	double *S = col_sums(r, r->w0);
	if (!S)
		return kli_oom(err);
	for (size_t j = 0; j < r->cols.n; j++) {
		if (!isnan(r->T[j]))
			continue;
		r->T[j] = S[j];
		r->from_design[j] = 1;
		const char *k = strchr(r->cols.key[j], '\x1e');
		k = strchr(k + 1, '\x1e') + 1;
		if (add_note(r, r->col_group[j], k, S[j])) {
			free(S);
			return kli_oom(err);
		}
	}
	free(S);
	return 0;
}

/* ------------------------------------------------------------ targets */

struct tfile {
	struct run *r;
	size_t m;
	const char *path;
	int *fcol; /* file column of each margin variable */
	int ocol, ccol;
	size_t nf;
	int seen_header;
};

static int on_target(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct tfile *t = ctx;
	struct run *r = t->r;
	size_t m = t->m;
	if (rec->index == 0) {
		t->ocol = t->ccol = -1;
		for (size_t k = 0; k < r->mnv[m]; k++)
			t->fcol[k] = -1;
		for (size_t f = 0; f < rec->nfields; f++) {
			const char *h = rec->fields[f];
			if (!strcmp(h, "count"))
				t->ccol = (int)f;
			else if (r->c->over && !strcmp(h, r->c->over))
				t->ocol = (int)f;
			for (size_t k = 0; k < r->mnv[m]; k++)
				if (!strcmp(h, r->vars[r->mvar[m][k]].name))
					t->fcol[k] = (int)f;
		}
		for (size_t k = 0; k < r->mnv[m]; k++)
			if (t->fcol[k] < 0)
				return kl_error_at(
				    err, KL_ERR_PARSE, t->path, rec->line, 0,
				    "expected a column '%s' (margin %s)",
				    r->vars[r->mvar[m][k]].name,
				    r->c->margins[m]);
		if (t->ccol < 0)
			return kl_error_at(err, KL_ERR_PARSE, t->path,
			                   rec->line, 0,
			                   "expected a column 'count'");
		t->nf = rec->nfields;
		return 0;
	}
	if (rec->nfields != t->nf)
		return kl_error_at(err, KL_ERR_PARSE, t->path, rec->line, 0,
		                   "expected %zu fields, got %zu", t->nf,
		                   rec->nfields);
	char *end;
	const char *cs = rec->fields[t->ccol];
	double v = strtod(cs, &end);
	if (!*cs || *end || !(v >= 0) || !isfinite(v))
		return kl_error_at(err, KL_ERR_PARSE, t->path, rec->line,
		                   (unsigned long)t->ccol + 1,
		                   "expected a count >= 0, got '%.40s'", cs);
	/* value ids of this cell; a value the sample lacks */
	uint32_t vid[64] = {0};
	int absent = 0;
	for (size_t k = 0; k < r->mnv[m] && k < 64; k++) {
		size_t vi = r->mvar[m][k];
		long id = kli_map_find_str(&r->vars[vi].vals,
		                           rec->fields[t->fcol[k]]);
		if (id < 0)
			absent = 1;
		else
			vid[vi] = (uint32_t)id;
	}
	for (size_t g = 0; g < r->groups.n; g++) {
		if (t->ocol >= 0 &&
		    strcmp(r->groups.key[g], rec->fields[t->ocol]))
			continue;
		long j = -1;
		if (!absent) {
			char *key = col_key(r, g, m, vid);
			if (!key)
				return kli_oom(err);
			j = kli_map_find_str(&r->cols, key);
			free(key);
		}
		if (j < 0) {
			if (v > 0)
				return kl_error_at(
				    err, KL_ERR_NUMERIC, t->path, rec->line, 0,
				    "a target of %g for a cell with no "
				    "respondents%s%s; the weights cannot "
				    "reach it",
				    v, r->c->over ? " in " : "",
				    r->c->over ? r->groups.key[g] : "");
			continue;
		}
		if (!isnan(r->T[j]))
			return kl_error_at(err, KL_ERR_PARSE, t->path,
			                   rec->line, 0,
			                   "a second target for the same cell");
		r->T[j] = v;
	}
	return 0;
}

static int targets_from_files(struct run *r, struct kl_error *err)
{
	struct kli_sb src = {0};
	kli_sb_append(&src, "files:");
	for (size_t m = 0; m < r->nm; m++) {
		struct kl_csv *csv = NULL;
		struct tfile t = {.r = r, .m = m, .path = r->c->files[m]};
		t.fcol = calloc(r->mnv[m] + 1, sizeof(int));
		if (!t.fcol) {
			free(src.s);
			return kli_oom(err);
		}
		int rc = kl_csv_open(&csv, t.path, NULL, err);
		if (!rc)
			rc = kl_csv_read(csv, on_target, &t, err);
		if (rc && !err->path[0])
			snprintf(err->path, sizeof(err->path), "%s", t.path);
		if (!rc) {
			const struct kl_csv_info *in = kl_csv_get_info(csv);
			kli_sb_append(&src, m ? ";" : " ");
			kli_sb_append(&src, in->name);
			kli_sb_append(&src, " sha256=");
			kli_sb_append(&src, in->sha256);
		}
		kl_csv_close(csv);
		free(t.fcol);
		if (rc) {
			free(src.s);
			return rc;
		}
	}
	if (src.failed) {
		free(src.s);
		return kli_oom(err);
	}
	r->res->source = src.s;
	return fill_missing(r, err);
}

/*
 * Targets from the stored population: a table T over the crossed values
 * of all calibration variables (the values the sample has), each cell
 * the SCB count, or the design-weight total of its respondents when one
 * of its values has no population figure; each margin cell sums T.
 */
/*
 * Issue 15: margins that do not pin the region sum the population of
 * every region of the level, so a kommun's survey would be calibrated to
 * its whole län.  When no --map names a region (for a calibration
 * variable, or with codes), find the survey's region variable (a column
 * whose every value is a region code of the population table) and compare
 * its regions in group g, taken to `level`, with the population's regions
 * of that level and year.  A difference is KL_ERR_USAGE unless c->force.
 * Riket rows are not checked (every region is in riket).
 */
static int region_check(struct run *r, size_t g, const char *level, long year,
                        struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	sqlite3_stmt *vs = NULL;
	int rc = 0, found = 0;

	if (c->force || !strcmp(level, "riket"))
		return 0;
	for (size_t k = 0; k < c->nmaps; k++) {
		const struct kl_pop_map *m = &c->maps[k];
		if (m->dim != KL_POP_REGION)
			continue;
		if (m->n)
			return 0;
		for (size_t i = 0; i < r->nvars; i++)
			if (!strcmp(r->vars[i].name, m->var))
				return 0;
	}
	rc = kli_store_prepare(r->st,
	                       "SELECT v.name FROM variables v JOIN surveys s "
	                       "ON s.id = v.survey_id WHERE s.data_table = ?1 "
	                       "AND v.storage IN ('TEXT', 'INTEGER') ORDER BY "
	                       "v.position",
	                       &vs, err);
	if (rc)
		return rc;
	sqlite3_bind_text(vs, 1, r->table, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(vs) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(vs, 0);
		char *qv = kli_quote_ident(name),
		     *tq = kli_quote_ident(r->table);
		char *qo = c->over ? kli_quote_ident(c->over) : NULL;
		struct kli_sb q = {0};
		sqlite3_stmt *s = NULL;

		kli_sb_append(&q, "WITH v AS (SELECT DISTINCT CAST(");
		kli_sb_append(&q, qv ? qv : "");
		kli_sb_append(&q, " AS TEXT) AS x FROM ");
		kli_sb_append(&q, tq ? tq : "");
		kli_sb_append(&q, " WHERE ");
		kli_sb_append(&q, qv ? qv : "");
		kli_sb_append(&q, " IS NOT NULL");
		if (qo) {
			kli_sb_append(&q, " AND CAST(");
			kli_sb_append(&q, qo);
			kli_sb_append(&q, " AS TEXT) = ?3");
		}
		kli_sb_append(
		    &q, "), s AS (SELECT DISTINCT CASE WHEN ?1 = 'lan' THEN "
		        "substr(x, 1, 2) ELSE x END AS y FROM v), p AS "
		        "(SELECT DISTINCT region FROM population WHERE level "
		        "= ?1 AND year = ?2 AND age IS NOT NULL AND sex IS "
		        "NOT NULL AND age_plus = 0) SELECT (SELECT count(*) "
		        "FROM v), "
		        "(SELECT count(*) FROM v WHERE x IN (SELECT region "
		        "FROM population)), (SELECT count(*) FROM s), "
		        "(SELECT count(*) FROM p), (SELECT count(*) FROM s "
		        "WHERE y IN p)");
		free(qv);
		free(tq);
		free(qo);
		if (q.failed || !qv || !tq || (c->over && !qo)) {
			free(q.s);
			rc = kli_oom(err);
			break;
		}
		rc = kli_store_prepare(r->st, q.s, &s, err);
		free(q.s);
		if (rc)
			break;
		sqlite3_bind_text(s, 1, level, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, year);
		if (c->over)
			sqlite3_bind_text(s, 3, r->groups.key[g], -1,
			                  SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW) {
			long long nv = sqlite3_column_int64(s, 0);
			long long ncode = sqlite3_column_int64(s, 1);
			long long ns = sqlite3_column_int64(s, 2);
			long long np = sqlite3_column_int64(s, 3);
			long long both = sqlite3_column_int64(s, 4);
			found = nv > 0 && ncode == nv;
			if (found && (both != ns || both != np))
				rc = kl_error_set(
				    err, KL_ERR_USAGE,
				    "the survey's region variable '%s' holds "
				    "%lld %s region%s%s%s, but the population "
				    "targets sum all %lld %s rows of %ld; map "
				    "it (--map %s=region) so each region is "
				    "calibrated to its own population, or give "
				    "--force",
				    name, ns, level, ns == 1 ? "" : "s",
				    c->over ? " in " : "",
				    c->over ? r->groups.key[g] : "", np, level,
				    year, name);
		}
		sqlite3_finalize(s);
		if (rc || found)
			break;
	}
	sqlite3_finalize(vs);
	return rc;
}

static int targets_from_population(struct run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	size_t V = r->nvars;
	int rc = 0;
	uint32_t *ckey = NULL;
	double *fw = NULL;
	uint32_t *idx = NULL;
	const char **names = NULL, **vals = NULL;

	if (!have_population(r->st, NULL, 0))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "the store has no population figures; "
		                    "import them (kartlagg import --kind "
		                    "scb-population) or give --targets files");
	for (size_t i = 0; i < V; i++)
		if (r->vars[i].map < 0)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "calibration variable '%s' has no "
			                    "--map to a population dimension",
			                    r->vars[i].name);
	if (!c->over && !c->year)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "population targets need --year or --over "
		                    "(the year of the figures)");
	/* design weights per crossed cell present in the sample */
	idx = calloc(V + 1, sizeof(*idx));
	names = calloc(V + 1, sizeof(*names));
	vals = calloc(V + 1, sizeof(*vals));
	if (!idx || !names || !vals) {
		rc = kli_oom(err);
		goto out;
	}
	for (size_t i = 0; i < V; i++)
		names[i] = r->vars[i].name;
	fw = calloc(r->cells.n + 1, sizeof(*fw));
	ckey = calloc(V + 1, sizeof(*ckey));
	if (!fw || !ckey) {
		rc = kli_oom(err);
		goto out;
	}
	/* the design weight per crossed cell */
	for (size_t i = 0; i < r->n; i++)
		fw[r->cell[i]] += r->w0[i];
	/* every combination of the values, per group */
	for (size_t g = 0; g < r->groups.n; g++) {
		long year = c->year;
		if (!year) {
			char *end;
			year = strtol(r->groups.key[g], &end, 10);
			if (*end || end == r->groups.key[g]) {
				rc = kl_error_set(
				    err, KL_ERR_USAGE,
				    "--over value '%s' is not a year; give "
				    "--year",
				    r->groups.key[g]);
				goto out;
			}
		}
		if (!have_population(r->st, c->level ? c->level : "kommun",
		                     year)) {
			rc = kl_error_set(err, KL_ERR_USAGE,
			                  "the store has no population figures "
			                  "of %s rows for %ld; import them "
			                  "(kartlagg import --kind "
			                  "scb-population) or give --targets "
			                  "files",
			                  c->level ? c->level : "kommun", year);
			goto out;
		}
		rc = region_check(r, g, c->level ? c->level : "kommun", year,
		                  err);
		if (rc)
			goto out;
		memset(idx, 0, V * sizeof(*idx));
		for (;;) {
			int nofig = 0;
			ckey[0] = (uint32_t)g;
			for (size_t v = 0; v < V; v++) {
				vals[v] = r->vars[v].vals.key[idx[v]];
				ckey[1 + v] = (uint32_t)idx[v];
				if (!map_value(&c->maps[r->vars[v].map],
				               vals[v]))
					nofig = 1;
			}
			long f = kli_map_find(&r->cells, ckey,
			                      (V + 1) * sizeof(*ckey));
			double sw = f >= 0 ? fw[f] : 0, t;
			if (nofig) {
				t = sw;
			} else {
				rc = kl_population_total(
				    r->st, c->maps, c->nmaps, c->level, year, V,
				    names, vals, &t, err);
				if (rc)
					goto out;
				if (isnan(t)) {
					struct kli_sb b = {0};
					for (size_t v = 0; v < V; v++) {
						kli_sb_append(&b,
						              v ? ", " : "");
						kli_sb_append(&b, names[v]);
						kli_sb_append(&b, "=");
						kli_sb_append(&b, vals[v]);
					}
					rc = kl_error_set(
					    err, KL_ERR_USAGE,
					    "no population figure for %s "
					    "(year %ld, %s rows)",
					    b.s ? b.s : "?", year,
					    c->level ? c->level : "kommun");
					free(b.s);
					goto out;
				}
			}
			if (t > 0 && nofig && sw > 0) {
				struct kli_sb b = {0};
				for (size_t v = 0; v < V; v++) {
					kli_sb_append(&b, v ? "," : "");
					kli_sb_append(&b, names[v]);
					kli_sb_append(&b, "=");
					kli_sb_append(&b, vals[v]);
				}
				if (b.failed || add_note(r, g, b.s, sw)) {
					free(b.s);
					rc = kli_oom(err);
					goto out;
				}
				free(b.s);
			}
			if (t > 0) {
				uint32_t vid[64];
				for (size_t v = 0; v < V && v < 64; v++)
					vid[v] = idx[v];
				for (size_t m = 0; m < r->nm; m++) {
					char *ck = col_key(r, g, m, vid);
					long j =
					    ck ? kli_map_find_str(&r->cols, ck)
					       : -2;
					free(ck);
					if (j == -2) {
						rc = kli_oom(err);
						goto out;
					}
					if (j < 0) {
						struct kli_sb b = {0};
						cell_text(r, m, vid, &b);
						rc = kl_error_set(
						    err, KL_ERR_NUMERIC,
						    "population %g in cell %s "
						    "%s%s has no respondents; "
						    "the weights cannot reach "
						    "it",
						    t, b.s ? b.s : "?",
						    c->over ? "of " : "",
						    c->over ? r->groups.key[g]
						            : "");
						free(b.s);
						goto out;
					}
					if (isnan(r->T[j]))
						r->T[j] = 0;
					r->T[j] += t;
					if (nofig)
						r->from_design[j] = 1;
				}
			}
			size_t v = 0;
			while (v < V && ++idx[v] == r->vars[v].vals.n)
				idx[v++] = 0;
			if (v == V)
				break;
		}
	}
	/* every cell has some target (its rows' combination at least) */
	for (size_t j = 0; j < r->cols.n; j++)
		if (isnan(r->T[j]))
			r->T[j] = 0;
	{
		struct kli_sb b = {0};
		char buf[64];
		kli_sb_append(&b, "population: ");
		kli_sb_append(&b, c->level ? c->level : "kommun");
		kli_sb_append(&b, " rows");
		if (c->year) {
			snprintf(buf, sizeof(buf), ", year %ld", c->year);
			kli_sb_append(&b, buf);
		}
		kli_sb_append(&b, "; maps ");
		for (size_t k = 0; k < c->nmaps; k++) {
			char *ms = kl_pop_map_str(&c->maps[k]);
			kli_sb_append(&b, k ? " " : "");
			kli_sb_append(&b, ms ? ms : "?");
			free(ms);
		}
		if (b.failed) {
			free(b.s);
			rc = kli_oom(err);
			goto out;
		}
		r->res->source = b.s;
	}
out:
	free(ckey);
	free(fw);
	free(idx);
	free(names);
	free(vals);
	return rc;
}

/* ------------------------------------------------------------ algorithms */

static int poststrat(struct run *r, struct kl_error *err)
{
	double *S = col_sums(r, r->w0);
	if (!S)
		return kli_oom(err);
	for (size_t j = 0; j < r->cols.n; j++)
		S[j] = r->T[j] / S[j];
	for (size_t i = 0; i < r->n; i++) {
		r->w[i] = r->w0[i] * S[col_of(r, i, 0)];
		if (r->psw)
			r->psw[i] = r->w[i];
	}
	free(S);
	for (size_t g = 0; g < r->groups.n; g++)
		r->res->groups[g].sweeps = 1;
	return 0;
}

static int rake(struct run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	double tol = c->tol > 0 ? c->tol : 1e-13;
	long maxit = c->max_sweeps > 0 ? c->max_sweeps : 200;
	/* the crossed table of all calibration variables (R's svytable(ff))
	 * is the table of cells */
	size_t G = r->groups.n, nc = r->cells.n, J = r->cols.n;
	const uint32_t *cid = r->cell;
	double *S = malloc((J + 1) * sizeof(*S));
	double *gsum = calloc(G + 1, sizeof(*gsum));
	double *delta = calloc(G + 1, sizeof(*delta));
	int *done = calloc(G + 1, sizeof(int));
	double *oldt = NULL, *newt = NULL;
	int rc = 0;

	if (!S || !gsum || !delta || !done) {
		rc = kli_oom(err);
		goto out;
	}
	/* raking only converges to the targets when every margin has the
	 * same total */
	for (size_t g = 0; g < G; g++) {
		double t0 = 0;
		for (size_t m = 0; m < r->nm; m++) {
			double t = 0;
			for (size_t j = r->gstart[g]; j < r->gstart[g + 1]; j++)
				if (r->col_margin[j] == m)
					t += r->T[j];
			if (m == 0)
				t0 = t;
			else if (fabs(t - t0) > 1e-9 * fabs(t0)) {
				rc = kl_error_set(
				    err, KL_ERR_NUMERIC,
				    "the margins' totals differ%s%s: %.10g for "
				    "%s, %.10g for %s; raking cannot meet both",
				    c->over ? " for " : "",
				    c->over ? r->groups.key[g] : "", t0,
				    c->margins[0], t, c->margins[m]);
				goto out;
			}
		}
	}
	oldt = calloc(nc + 1, sizeof(*oldt));
	newt = calloc(nc + 1, sizeof(*newt));
	uint32_t *cg = calloc(nc + 1, sizeof(*cg));
	if (!oldt || !newt || !cg) {
		free(cg);
		rc = kli_oom(err);
		goto out;
	}
	for (size_t i = 0; i < r->n; i++) {
		r->w[i] = r->w0[i];
		gsum[r->group[i]] += r->w0[i];
		oldt[cid[i]] += r->w0[i];
		cg[cid[i]] = r->group[i];
	}
	/* groups are independent; one loop runs them together and stops
	 * each at its own convergence (a converged group keeps its
	 * weights: its further sweeps are skipped) */
	for (long it = 1;; it++) {
		for (size_t m = 0; m < r->nm; m++) {
			memset(S, 0, J * sizeof(*S));
			for (size_t i = 0; i < r->n; i++)
				if (!done[r->group[i]])
					S[col_of(r, i, m)] += r->w[i];
			for (size_t i = 0; i < r->n; i++) {
				if (done[r->group[i]])
					continue;
				size_t j = col_of(r, i, m);
				r->w[i] *= r->T[j] / S[j];
				if (r->psw)
					r->psw[i * r->nm + m] = r->w[i];
			}
		}
		memset(newt, 0, nc * sizeof(*newt));
		for (size_t i = 0; i < r->n; i++)
			newt[cid[i]] += r->w[i];
		memset(delta, 0, G * sizeof(*delta));
		for (size_t k = 0; k < nc; k++) {
			double d = fabs(newt[k] - oldt[k]);
			if (!done[cg[k]] && d > delta[cg[k]])
				delta[cg[k]] = d;
			oldt[k] = newt[k];
		}
		int all = 1;
		for (size_t g = 0; g < G; g++) {
			if (done[g])
				continue;
			r->res->groups[g].sweeps = it;
			r->res->groups[g].max_change = delta[g];
			if (delta[g] < tol * gsum[g])
				done[g] = 1;
			else
				all = 0;
		}
		if (all)
			break;
		if (it >= maxit) {
			size_t g;
			for (g = 0; g < G && done[g]; g++)
				;
			rc = kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "raking did not converge in %ld sweeps%s%s (a cell "
			    "total still moved by %g); check that the margins "
			    "have the same totals, or raise --max-sweeps",
			    maxit, c->over ? " for " : "",
			    c->over ? r->groups.key[g] : "", delta[g]);
			break;
		}
	}
	free(cg);
out:
	free(S);
	free(gsum);
	free(delta);
	free(done);
	free(oldt);
	free(newt);
	return rc;
}

/* Moore-Penrose inverse of the symmetric n x n matrix a (row-major) into
 * out, singular values below 256 eps x the largest treated as 0 (as
 * MASS::ginv(tol = 256 * .Machine$double.eps)). */
static int pinv(const double *a, size_t n, double *out)
{
	gsl_matrix *A = gsl_matrix_alloc(n, n), *V = gsl_matrix_alloc(n, n);
	gsl_vector *S = gsl_vector_alloc(n);
	int rc = -1;
	if (!A || !V || !S)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			gsl_matrix_set(A, i, j, a[i * n + j]);
	if (gsl_linalg_SV_decomp_jacobi(A, V, S))
		goto out;
	double smax = gsl_vector_get(S, 0), cut = 256 * DBL_EPSILON * smax;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double x = 0;
			for (size_t k = 0; k < n; k++) {
				double s = gsl_vector_get(S, k);
				if (s > cut)
					x += gsl_matrix_get(V, i, k) *
					     gsl_matrix_get(A, j, k) / s;
			}
			out[i * n + j] = x;
		}
	rc = 0;
out:
	gsl_matrix_free(A);
	gsl_matrix_free(V);
	gsl_vector_free(S);
	return rc;
}

static double clampg(double u, double lo, double hi)
{
	/* cal.linear: Fm1(u) = pmin(pmax(u, lower - 1), upper - 1) */
	if (u < lo - 1)
		return lo - 1;
	if (u > hi - 1)
		return hi - 1;
	return u;
}

static int linear(struct run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	int bounded = c->bounded;
	double lo = bounded ? c->lower : -INFINITY;
	double hi = bounded ? c->upper : INFINITY;
	long maxit = c->max_sweeps > 0 ? c->max_sweeps : 50;
	double eps = c->tol > 0 ? c->tol : 1e-7;
	size_t M = r->nm;
	int rc = 0;

	for (size_t g = 0; g < r->groups.n; g++) {
		size_t j0 = r->gstart[g], J = r->gstart[g + 1] - j0;
		double *T = calloc(J * J + 1, sizeof(double));
		double *Ti = calloc(J * J + 1, sizeof(double));
		double *eta = calloc(J + 1, sizeof(double));
		double *mis = calloc(J + 1, sizeof(double));
		double *st = calloc(J + 1, sizeof(double));
		double *u = malloc((r->n + 1) * sizeof(double));
		if (!T || !Ti || !eta || !mis || !st || !u) {
			rc = kli_oom(err);
			goto next;
		}
		for (size_t i = 0; i < r->n; i++) {
			if (r->group[i] != g)
				continue;
			u[i] = 0;
			for (size_t m = 0; m < M; m++)
				st[col_of(r, i, m) - j0] += r->w0[i];
		}
		long it = 1;
		for (;;) {
			/* Tmat = X' diag(w0 dF) X; misfit */
			memset(T, 0, J * J * sizeof(double));
			for (size_t j = 0; j < J; j++)
				mis[j] = r->T[j0 + j] - st[j];
			for (size_t i = 0; i < r->n; i++) {
				if (r->group[i] != g)
					continue;
				double f = clampg(u[i], lo, hi);
				int d = u[i] < hi - 1 && u[i] > lo - 1;
				for (size_t a = 0; a < M; a++) {
					size_t ja = col_of(r, i, a) - j0;
					mis[ja] -= r->w0[i] * f;
					if (!d)
						continue;
					for (size_t b = 0; b < M; b++)
						T[ja * J + col_of(r, i, b) -
						  j0] += r->w0[i];
				}
			}
			if (pinv(T, J, Ti)) {
				rc = kl_error_set(err, KL_ERR_NUMERIC,
				                  "linear calibration: the "
				                  "system has no solution");
				goto next;
			}
			for (size_t a = 0; a < J; a++)
				for (size_t b = 0; b < J; b++)
					eta[a] += Ti[a * J + b] * mis[b];
			for (size_t i = 0; i < r->n; i++) {
				if (r->group[i] != g)
					continue;
				u[i] = 0;
				for (size_t m = 0; m < M; m++)
					u[i] += eta[col_of(r, i, m) - j0];
			}
			double worst = 0;
			for (size_t j = 0; j < J; j++)
				mis[j] = r->T[j0 + j] - st[j];
			for (size_t i = 0; i < r->n; i++) {
				if (r->group[i] != g)
					continue;
				double f = clampg(u[i], lo, hi);
				for (size_t m = 0; m < M; m++)
					mis[col_of(r, i, m) - j0] -=
					    r->w0[i] * f;
			}
			for (size_t j = 0; j < J; j++) {
				double e =
				    fabs(mis[j]) / (1 + fabs(r->T[j0 + j]));
				if (e > worst)
					worst = e;
			}
			r->res->groups[g].sweeps = it;
			r->res->groups[g].max_change = worst;
			if (!bounded || worst < eps)
				break;
			if (++it > maxit) {
				rc = kl_error_set(
				    err, KL_ERR_NUMERIC,
				    "bounded calibration did not converge in "
				    "%ld iterations%s%s (largest relative "
				    "misfit %g); widen --bounds",
				    maxit, c->over ? " for " : "",
				    c->over ? r->groups.key[g] : "", worst);
				goto next;
			}
		}
		for (size_t i = 0; i < r->n; i++) {
			if (r->group[i] != g)
				continue;
			r->w[i] = r->w0[i] * (1 + clampg(u[i], lo, hi));
			for (size_t m = 0; r->psw && m < M; m++)
				r->psw[i * M + m] = r->w[i];
		}
	next:
		free(T);
		free(Ti);
		free(eta);
		free(mis);
		free(st);
		free(u);
		if (rc)
			return rc;
	}
	return 0;
}

static int run_method(struct run *r, struct kl_error *err)
{
	size_t G = r->groups.n;
	r->res->groups = calloc(G + 1, sizeof(*r->res->groups));
	if (!r->res->groups)
		return kli_oom(err);
	r->res->ngroups = G;
	for (size_t g = 0; g < G; g++) {
		struct kl_cal_group *q = &r->res->groups[g];
		if (r->c->over && !(q->over = kli_strdup(r->groups.key[g])))
			return kli_oom(err);
		q->g_min = INFINITY;
		q->g_max = -INFINITY;
	}
	int rc;
	switch (r->c->method) {
	case KL_CAL_POSTSTRAT:
		rc = poststrat(r, err);
		break;
	case KL_CAL_RAKE:
		rc = rake(r, err);
		break;
	case KL_CAL_LINEAR:
		rc = linear(r, err);
		break;
	default:
		rc = kl_error_set(err, KL_ERR_USAGE, "unknown method");
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < r->n; i++) {
		struct kl_cal_group *q = &r->res->groups[r->group[i]];
		double g = r->w[i] / r->w0[i];
		if (!isfinite(r->w[i]) || !(r->w[i] >= 0))
			return kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "calibration gave an invalid weight "
			    "(%g) at survey row %lld",
			    r->w[i], r->row[i]);
		if (g < q->g_min)
			q->g_min = g;
		if (g > q->g_max)
			q->g_max = g;
		q->n++;
		q->sum_w0 += r->w0[i];
		q->sum_w += r->w[i];
	}
	return 0;
}

/* ------------------------------------------------------------ storage */

static const char sets_ddl[] =
    "CREATE TABLE IF NOT EXISTS weight_sets (\n"
    "\tid          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "\tname        TEXT NOT NULL UNIQUE,\n"
    "\tsurvey      TEXT NOT NULL,\n"
    "\tsurvey_import_id INTEGER,\n"
    "\tmethod      TEXT NOT NULL,\n"
    "\tweight      TEXT NOT NULL,\n"
    "\tover        TEXT,\n"
    "\tmargins     TEXT NOT NULL,\n"
    "\tsource      TEXT NOT NULL,\n"
    "\tmaps        TEXT,\n"
    "\tlevel       TEXT,\n"
    "\tyear        INTEGER,\n"
    "\ttol         REAL,\n"
    "\tmax_sweeps  INTEGER,\n"
    "\tlower       REAL,\n"
    "\tupper       REAL,\n"
    "\tsweeps      TEXT NOT NULL,\n"
    "\tmax_change  REAL NOT NULL,\n"
    "\tcreated_at  TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS weight_targets (\n"
    "\tset_id      INTEGER NOT NULL REFERENCES weight_sets(id),\n"
    "\tover        TEXT,\n"
    "\tmargin      INTEGER NOT NULL,\n"
    "\tcell        TEXT NOT NULL,\n"
    "\ttarget      REAL NOT NULL,\n"
    "\tfrom_design INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS weights (\n"
    "\tset_id      INTEGER NOT NULL REFERENCES weight_sets(id),\n"
    "\t_row        INTEGER NOT NULL,\n"
    "\tw           REAL NOT NULL,\n"
    "\tPRIMARY KEY (set_id, _row)\n"
    ") WITHOUT ROWID";

static int exec_bind(struct kl_store *st, const char *sql, long long id,
                     struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	int q = sqlite3_step(s);
	if (q != SQLITE_DONE)
		rc = kli_store_fail(st, q, err, "replacing the weight set");
	sqlite3_finalize(s);
	return rc;
}

static int save_set(struct run *r, const char *survey, const char *name,
                    struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	struct kl_store *st = r->st;
	sqlite3_stmt *s = NULL;
	struct kli_sb margins = {0}, maps = {0}, sweeps = {0};
	char now[32], buf[64];
	double maxch = 0;
	int rc, q;
	long long id = 0;

	for (size_t m = 0; m < c->nmargins; m++) {
		kli_sb_append(&margins, m ? ";" : "");
		kli_sb_append(&margins, c->margins[m]);
	}
	for (size_t k = 0; k < c->nmaps; k++) {
		char *ms = kl_pop_map_str(&c->maps[k]);
		kli_sb_append(&maps, k ? ";" : "");
		kli_sb_append(&maps, ms ? ms : "");
		free(ms);
	}
	for (size_t g = 0; g < r->res->ngroups; g++) {
		const struct kl_cal_group *q2 = &r->res->groups[g];
		snprintf(buf, sizeof(buf), "%s%s%s%ld", g ? ";" : "",
		         q2->over ? q2->over : "", q2->over ? ":" : "",
		         q2->sweeps);
		kli_sb_append(&sweeps, buf);
		if (q2->max_change > maxch)
			maxch = q2->max_change;
	}
	if (margins.failed || maps.failed || sweeps.failed) {
		rc = kli_oom(err);
		goto out;
	}
	rc = kli_store_exec(st, "BEGIN IMMEDIATE", err);
	if (rc)
		goto out;
	rc = kli_store_exec(st, sets_ddl, err);
	if (rc)
		goto rollback;
	rc = kli_store_prepare(st, "SELECT id FROM weight_sets WHERE name = ?",
	                       &s, err);
	if (rc)
		goto rollback;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (id) {
		const char *del[] = {
		    "DELETE FROM weights WHERE set_id = ?",
		    "DELETE FROM weight_targets WHERE set_id = ?",
		    "DELETE FROM weight_sets WHERE id = ?"};
		for (int k = 0; k < 3 && !rc; k++)
			rc = exec_bind(st, del[k], id, err);
		if (rc)
			goto rollback;
	}
	rc = kli_store_prepare(
	    st,
	    "INSERT INTO weight_sets (name, survey, survey_import_id, method, "
	    "weight, over, margins, source, maps, level, year, tol, "
	    "max_sweeps, lower, upper, sweeps, max_change, created_at) VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	    &s, err);
	if (rc)
		goto rollback;
	kli_utc_now(now, sizeof(now));
	kli_bind_text(s, 1, name);
	kli_bind_text(s, 2, survey);
	sqlite3_bind_int64(s, 3, r->survey_import);
	kli_bind_text(s, 4, kl_cal_method_name(c->method));
	kli_bind_text(s, 5, c->weight);
	kli_bind_text(s, 6, c->over);
	kli_bind_text(s, 7, margins.s);
	kli_bind_text(s, 8, r->res->source ? r->res->source : "");
	kli_bind_nonempty(s, 9, maps.s);
	kli_bind_text(s, 10, c->level);
	if (c->year)
		sqlite3_bind_int64(s, 11, c->year);
	sqlite3_bind_double(s, 12, c->tol);
	sqlite3_bind_int64(s, 13, c->max_sweeps);
	if (c->bounded) {
		sqlite3_bind_double(s, 14, c->lower);
		sqlite3_bind_double(s, 15, c->upper);
	}
	kli_bind_text(s, 16, sweeps.s);
	sqlite3_bind_double(s, 17, maxch);
	kli_bind_text(s, 18, now);
	q = sqlite3_step(s);
	sqlite3_finalize(s);
	s = NULL;
	if (q != SQLITE_DONE) {
		rc = kli_store_fail(st, q, err, "saving the weight set");
		goto rollback;
	}
	id = sqlite3_last_insert_rowid(kli_store_db(st));

	rc = kli_store_prepare(st,
	                       "INSERT INTO weight_targets (set_id, over, "
	                       "margin, cell, target, from_design) VALUES "
	                       "(?,?,?,?,?,?)",
	                       &s, err);
	if (rc)
		goto rollback;
	for (size_t j = 0; j < r->cols.n && !rc; j++) {
		const char *k = strchr(r->cols.key[j], '\x1e');
		k = strchr(k + 1, '\x1e') + 1;
		sqlite3_bind_int64(s, 1, id);
		kli_bind_text(s, 2,
		              c->over ? r->groups.key[r->col_group[j]] : NULL);
		sqlite3_bind_int64(s, 3, r->col_margin[j]);
		kli_bind_text(s, 4, k);
		sqlite3_bind_double(s, 5, r->T[j]);
		sqlite3_bind_int(s, 6, r->from_design[j]);
		q = sqlite3_step(s);
		if (q != SQLITE_DONE)
			rc = kli_store_fail(st, q, err, "saving the targets");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc)
		goto rollback;
	rc = kli_store_prepare(
	    st, "INSERT INTO weights (set_id, _row, w) VALUES (?,?,?)", &s,
	    err);
	if (rc)
		goto rollback;
	for (size_t i = 0; i < r->n && !rc; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, r->row[i]);
		sqlite3_bind_double(s, 3, r->w[i]);
		q = sqlite3_step(s);
		if (q != SQLITE_DONE)
			rc = kli_store_fail(st, q, err, "saving the weights");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc)
		goto rollback;
	rc = kli_store_exec(st, "COMMIT", err);
	if (rc)
		goto rollback;
	goto out;
rollback:
	kli_store_exec(st, "ROLLBACK", NULL);
out:
	free(margins.s);
	free(maps.s);
	free(sweeps.s);
	return rc;
}

static int result_targets(struct run *r, struct kl_error *err)
{
	struct kl_cal_result *res = r->res;
	size_t J = r->cols.n;
	res->target_cells = calloc(J + 1, sizeof(char *));
	res->targets = calloc(J + 1, sizeof(double));
	if (!res->target_cells || !res->targets)
		return kli_oom(err);
	for (size_t j = 0; j < J; j++) {
		const char *k = strchr(r->cols.key[j], '\x1e');
		k = strchr(k + 1, '\x1e') + 1;
		struct kli_sb t = {0};
		kli_sb_appendf(&t, "%u|%s|%s", r->col_margin[j],
		               r->c->over ? r->groups.key[r->col_group[j]] : "",
		               k);
		if (t.failed || !t.s) {
			kli_sb_free(&t);
			return kli_oom(err);
		}
		res->target_cells[res->ntargets] = t.s;
		res->targets[res->ntargets++] = r->T[j];
	}
	return 0;
}

void kl_cal_result_free(struct kl_cal_result *r)
{
	if (!r)
		return;
	for (size_t g = 0; g < r->ngroups; g++)
		free(r->groups[g].over);
	free(r->groups);
	for (size_t k = 0; k < r->nnotes; k++) {
		free(r->notes[k].over);
		free(r->notes[k].where);
	}
	free(r->notes);
	for (size_t k = 0; k < r->ntargets; k++)
		free(r->target_cells[k]);
	free(r->target_cells);
	free(r->targets);
	free(r->source);
	free(r);
}

int kl_calibrate(struct kl_store *st, const char *survey, const char *name,
                 const struct kl_cal_spec *c, struct kl_cal_result **out,
                 struct kl_error *err)
{
	struct run r;
	int rc;

	if (out)
		*out = NULL;
	if (!name || !*name)
		return kl_error_set(err, KL_ERR_USAGE, "empty weight set name");
	if (c->bounded && c->method != KL_CAL_LINEAR)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--bounds needs --method linear");
	if (c->bounded && !(c->lower < 1 && c->upper > 1))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--bounds must be LOW,HIGH with LOW < 1 < "
		                    "HIGH");
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.c = c;
	r.res = calloc(1, sizeof(*r.res));
	if (!r.res)
		return kli_oom(err);
	rc = read_rows(&r, survey, err);
	if (!rc)
		rc = make_columns(&r, err);
	if (!rc)
		rc = c->files ? targets_from_files(&r, err)
		              : targets_from_population(&r, err);
	if (!rc)
		rc = run_method(&r, err);
	if (!rc)
		rc = result_targets(&r, err);
	if (!rc)
		rc = save_set(&r, survey, name, err);
	if (!rc && out) {
		*out = r.res;
		r.res = NULL;
	}
	kl_cal_result_free(r.res);
	run_release(&r);
	return rc;
}

/* ------------------------------------------------------------ re-loading */

static int targets_from_store(struct run *r, long long id, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = kli_store_prepare(r->st,
	                           "SELECT over, margin, cell, target FROM "
	                           "weight_targets WHERE set_id = ?",
	                           &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	int q;
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		const char *ov = (const char *)sqlite3_column_text(s, 0);
		long g = kli_map_find_str(&r->groups, ov ? ov : "");
		if (g < 0)
			continue; /* checked below: every column needs one */
		char head[48];
		snprintf(head, sizeof(head), "%ld\x1e%lld\x1e", g,
		         (long long)sqlite3_column_int64(s, 1));
		struct kli_sb b = {0};
		kli_sb_append(&b, head);
		kli_sb_append(&b, (const char *)sqlite3_column_text(s, 2));
		if (b.failed) {
			rc = kli_oom(err);
			break;
		}
		long j = kli_map_find_str(&r->cols, b.s);
		free(b.s);
		if (j >= 0)
			r->T[j] = sqlite3_column_double(s, 3);
	}
	if (!rc && q != SQLITE_DONE)
		rc = kli_store_fail(r->st, q, err, "reading the targets");
	sqlite3_finalize(s);
	return rc;
}

struct setrow {
	long long id, import_id;
	char *survey, *method, *weight, *over, *margins;
	double tol, lower, upper;
	long max_sweeps;
	int bounded;
};

static void setrow_release(struct setrow *x)
{
	free(x->survey);
	free(x->method);
	free(x->weight);
	free(x->over);
	free(x->margins);
}

static int have_sets(struct kl_store *st)
{
	return sqlite3_table_column_metadata(kli_store_db(st), NULL,
	                                     "weight_sets", "name", NULL, NULL,
	                                     NULL, NULL, NULL) == SQLITE_OK;
}

static int load_setrow(struct kl_store *st, const char *name, struct setrow *x,
                       struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	memset(x, 0, sizeof(*x));
	if (!have_sets(st))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "no weight set named '%s' in the store",
		                    name);
	int rc = kli_store_prepare(
	    st,
	    "SELECT id, survey, survey_import_id, method, weight, over, "
	    "margins, tol, max_sweeps, lower, upper FROM weight_sets WHERE "
	    "name = ?",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	int q = sqlite3_step(s);
	if (q == SQLITE_ROW) {
		x->id = sqlite3_column_int64(s, 0);
		x->survey = kli_strdup((const char *)sqlite3_column_text(s, 1));
		x->import_id = sqlite3_column_int64(s, 2);
		x->method = kli_strdup((const char *)sqlite3_column_text(s, 3));
		x->weight = kli_strdup((const char *)sqlite3_column_text(s, 4));
		x->over = kli_strdup((const char *)sqlite3_column_text(s, 5));
		x->margins =
		    kli_strdup((const char *)sqlite3_column_text(s, 6));
		x->tol = sqlite3_column_double(s, 7);
		x->max_sweeps = (long)sqlite3_column_int64(s, 8);
		x->bounded = sqlite3_column_type(s, 9) != SQLITE_NULL;
		x->lower = sqlite3_column_double(s, 9);
		x->upper = sqlite3_column_double(s, 10);
		if (!x->survey || !x->method || !x->weight || !x->margins)
			rc = kli_oom(err);
	} else if (q == SQLITE_DONE) {
		rc =
		    kl_error_set(err, KL_ERR_USAGE,
		                 "no weight set named '%s' in the store", name);
	} else {
		rc = kli_store_fail(st, q, err, "reading weight sets");
	}
	sqlite3_finalize(s);
	if (rc)
		setrow_release(x);
	return rc;
}

void kli_cal_free(struct kli_cal *c)
{
	if (!c)
		return;
	free(c->weight);
	free(c->over);
	free(c->row);
	free(c->group);
	free(c->w0);
	free(c->w);
	free(c->col);
	free(c->psw);
	free(c->vfac);
	for (size_t g = 0; g < c->ngroups; g++) {
		free(c->group_over ? c->group_over[g] : NULL);
		free(c->ginv ? c->ginv[g] : NULL);
		free(c->K ? c->K[g] : NULL);
	}
	free(c->group_over);
	free(c->group_nrows);
	free(c->gstart);
	free(c->col_margin);
	free(c->cnt);
	free(c->diag);
	free(c->ginv);
	free(c->K);
	free(c);
}

long kli_cal_find(const struct kli_cal *c, long long row)
{
	size_t lo = 0, hi = c->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->row[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nrows && c->row[lo] == row ? (long)lo : -1;
}

/* The structures the variance needs (calibrate_priv.h). */
static int build_cal(struct run *r, struct kli_cal *c, struct kl_error *err)
{
	size_t M = r->nm, J = r->cols.n, G = r->groups.n;
	c->method = r->c->method;
	c->nmargins = M;
	c->nrows = r->n;
	c->ncols = J;
	c->ngroups = G;
	c->row = r->row;
	r->row = NULL;
	c->group = r->group;
	r->group = NULL;
	c->w0 = r->w0;
	r->w0 = NULL;
	c->w = r->w;
	r->w = NULL;
	c->col = malloc((r->n * M + 1) * sizeof(*c->col));
	if (!c->col)
		return kli_oom(err);
	for (size_t i = 0; i < r->n; i++)
		for (size_t m = 0; m < M; m++)
			c->col[i * M + m] = col_of(r, i, m);
	c->psw = r->psw;
	r->psw = NULL;
	c->gstart = r->gstart;
	r->gstart = NULL;
	c->col_margin = r->col_margin;
	r->col_margin = NULL;
	c->group_nrows = r->gn;
	r->gn = NULL;
	c->vfac = malloc((c->nrows * M + 1) * sizeof(double));
	c->cnt = calloc(J + 1, sizeof(double));
	c->diag = calloc(J + 1, sizeof(double));
	c->group_over = calloc(G + 1, sizeof(char *));
	c->ginv = calloc(G + 1, sizeof(double *));
	c->K = calloc(G + 1, sizeof(double *));
	if (!c->vfac || !c->cnt || !c->diag || !c->group_over || !c->ginv ||
	    !c->K)
		return kli_oom(err);
	for (size_t g = 0; g < G; g++)
		if (r->c->over &&
		    !(c->group_over[g] = kli_strdup(r->groups.key[g])))
			return kli_oom(err);
	for (size_t i = 0; i < c->nrows; i++)
		for (size_t m = 0; m < M; m++) {
			size_t j = c->col[i * M + m];
			c->cnt[j] += 1;
			c->diag[j] += c->w0[i];
			/* s_j sums x_i v: w0/w (w x v = w0), or 1/psw_m */
			c->vfac[i * M + m] = c->method == KL_CAL_RAKE
			                         ? c->w[i] / c->psw[i * M + m]
			                         : c->w0[i];
		}
	for (size_t g = 0; g < G; g++) {
		size_t j0 = c->gstart[g], n = c->gstart[g + 1] - j0;
		if (c->method == KL_CAL_POSTSTRAT)
			continue;
		double *A = calloc(n * n + 1, sizeof(double));
		if (!A)
			return kli_oom(err);
		for (size_t i = 0; i < c->nrows; i++) {
			if (c->group[i] != g)
				continue;
			for (size_t a = 0; a < M; a++)
				for (size_t b = 0; b < M; b++) {
					size_t ja = c->col[i * M + a] - j0;
					size_t jb = c->col[i * M + b] - j0;
					A[ja * n + jb] +=
					    c->method == KL_CAL_RAKE
					        ? c->psw[i * M + b] /
					              c->psw[i * M + a]
					        : c->w0[i];
				}
		}
		if (c->method == KL_CAL_RAKE) {
			c->K[g] = A;
			continue;
		}
		c->ginv[g] = malloc((n * n + 1) * sizeof(double));
		if (!c->ginv[g] || pinv(A, n, c->ginv[g])) {
			free(A);
			return c->ginv[g] ? kl_error_set(err, KL_ERR_NUMERIC,
			                                 "linear calibration: "
			                                 "singular system")
			                  : kli_oom(err);
		}
		free(A);
	}
	return 0;
}

void kli_cal_beta(const struct kli_cal *c, size_t g, const double *s,
                  double *beta)
{
	size_t j0 = c->gstart[g], n = c->gstart[g + 1] - j0;
	memset(beta, 0, c->ncols * sizeof(double));
	switch (c->method) {
	case KL_CAL_POSTSTRAT:
		for (size_t j = j0; j < j0 + n; j++)
			beta[j] = s[j] / c->diag[j];
		return;
	case KL_CAL_LINEAR:
		for (size_t a = 0; a < n; a++) {
			double x = 0;
			for (size_t b = 0; b < n; b++)
				x += c->ginv[g][a * n + b] * s[j0 + b];
			beta[j0 + a] = x;
		}
		return;
	case KL_CAL_RAKE:
		/* R's svyrecvar: 10 backfitting sweeps over the margins,
		 * x <- x - psw * ave(x / psw, margin) */
		for (int it = 0; it < 10; it++)
			for (size_t m = 0; m < c->nmargins; m++)
				for (size_t a = 0; a < n; a++) {
					if (c->col_margin[j0 + a] != m)
						continue;
					double x = s[j0 + a];
					const double *K = c->K[g] + a * n;
					for (size_t b = 0; b < n; b++)
						x -= K[b] * beta[j0 + b];
					beta[j0 + a] += x / c->cnt[j0 + a];
				}
		return;
	}
}

static int set_survey(struct kl_store *st, const struct setrow *x,
                      const char *name, char **table, char **keys,
                      struct kl_error *err);

/*
 * KL_ERR_USAGE when survey rows have no weight in set x: a round imported
 * after the calibration (the weights of the other rows stay theirs).
 */
static int uncovered_rows(struct kl_store *st, const struct setrow *x,
                          const char *name, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char *table = NULL, *tq = NULL, *sql = NULL;
	int rc = set_survey(st, x, name, &table, NULL, err);
	if (rc)
		return rc;
	tq = kli_quote_ident(table);
	sql = tq ? sqlite3_mprintf(
	               "SELECT u.n, u.i, (SELECT name FROM imports WHERE id = "
	               "u.i) FROM (SELECT count(*) AS n, min(t._import_id) AS "
	               "i FROM %s t WHERE NOT EXISTS (SELECT 1 FROM weights w "
	               "WHERE w.set_id = ?1 AND w._row = t._row)) u",
	               tq)
	         : NULL;
	rc = sql ? kli_store_prepare(st, sql, &s, err) : kli_oom(err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, x->id);
		int q = sqlite3_step(s);
		if (q != SQLITE_ROW)
			rc = kli_store_fail(st, q, err, "reading weights");
		else if (sqlite3_column_int64(s, 0) > 0)
			rc = kl_error_set(
			    err, KL_ERR_USAGE,
			    "weight set '%s' has no weights for %lld rows of "
			    "survey '%s' (the first of import %lld, %s, "
			    "imported after the calibration); calibrate again",
			    name, sqlite3_column_int64(s, 0), x->survey,
			    sqlite3_column_int64(s, 1),
			    sqlite3_column_text(s, 2)
			        ? (const char *)sqlite3_column_text(s, 2)
			        : "?");
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	free(tq);
	free(table);
	return rc;
}

int kli_cal_load(struct kl_store *st, const char *survey, const char *name,
                 struct kli_cal **out, struct kl_error *err)
{
	struct setrow x;
	struct run r;
	struct kl_cal_spec spec;
	const char **margins = NULL;
	struct kli_cal *c = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	rc = load_setrow(st, name, &x, err);
	if (rc)
		return rc;
	memset(&r, 0, sizeof(r));
	memset(&spec, 0, sizeof(spec));
	if (strcmp(x.survey, survey)) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "weight set '%s' belongs to survey '%s', not "
		                  "'%s'",
		                  name, x.survey, survey);
		goto out;
	}
	int meth = kl_cal_method_parse(x.method);
	size_t nm = 1;
	for (const char *p = x.margins; *p; p++)
		nm += *p == ';';
	margins = calloc(nm + 1, sizeof(*margins));
	if (!margins || meth < 0) {
		rc = meth < 0
		         ? kl_error_set(err, KL_ERR_CONFIG,
		                        "weight set '%s': unknown method", name)
		         : kli_oom(err);
		goto out;
	}
	nm = 0;
	for (char *p = x.margins; p;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = 0;
		margins[nm++] = p;
		p = semi ? semi + 1 : NULL;
	}
	spec.method = (enum kl_cal_method)meth;
	spec.weight = x.weight;
	spec.over = x.over;
	spec.nmargins = nm;
	spec.margins = margins;
	spec.tol = x.tol;
	spec.max_sweeps = x.max_sweeps;
	spec.bounded = x.bounded;
	spec.lower = x.lower;
	spec.upper = x.upper;
	r.st = st;
	r.c = &spec;
	r.want_psw = 1;
	r.res = calloc(1, sizeof(*r.res));
	c = calloc(1, sizeof(*c));
	if (!r.res || !c) {
		rc = kli_oom(err);
		goto out;
	}
	rc = uncovered_rows(st, &x, name, err);
	if (!rc)
		rc = read_rows(&r, survey, err);
	if (!rc)
		rc = make_columns(&r, err);
	if (!rc)
		rc = targets_from_store(&r, x.id, err);
	for (size_t j = 0; !rc && j < r.cols.n; j++)
		if (isnan(r.T[j]))
			rc = kl_error_set(err, KL_ERR_USAGE,
			                  "weight set '%s' does not fit the "
			                  "survey any more (a cell without a "
			                  "stored target); calibrate again",
			                  name);
	if (!rc)
		rc = run_method(&r, err);
	if (rc)
		goto out;
	/* the stored weights must be reproduced */
	rc = kli_store_prepare(st,
	                       "SELECT _row, w FROM weights WHERE set_id = ? "
	                       "ORDER BY _row",
	                       &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, x.id);
	size_t k = 0;
	int q;
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		long long row = sqlite3_column_int64(s, 0);
		double w = sqlite3_column_double(s, 1);
		if (k >= r.n || r.row[k] != row ||
		    !(fabs(w - r.w[k]) <= 1e-9 * fabs(w)))
			break;
		k++;
	}
	if (q != SQLITE_ROW && q != SQLITE_DONE) {
		rc = kli_store_fail(st, q, err, "reading weights");
		goto out;
	}
	if (q == SQLITE_ROW || k != r.n) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "weight set '%s' no longer matches survey "
		                  "'%s' (re-imported or changed?); calibrate "
		                  "again",
		                  name, survey);
		goto out;
	}
	rc = build_cal(&r, c, err);
	if (rc)
		goto out;
	if (!(c->weight = kli_strdup(x.weight)) ||
	    (x.over && !(c->over = kli_strdup(x.over)))) {
		rc = kli_oom(err);
		goto out;
	}
	*out = c;
	c = NULL;
out:
	sqlite3_finalize(s);
	kli_cal_free(c);
	kl_cal_result_free(r.res);
	run_release(&r);
	free(margins);
	setrow_release(&x);
	return rc;
}

/* ------------------------------------------------------------ listing */

void kl_wsummary_free(struct kl_wsummary *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].set);
		free(s[i].over);
	}
	free(s);
}

struct acc {
	long n;
	double min, max, sum, sq;
};

static void acc_add(struct acc *a, double w)
{
	if (!a->n || w < a->min)
		a->min = w;
	if (!a->n || w > a->max)
		a->max = w;
	a->n++;
	a->sum += w;
	a->sq += w * w;
}

static int push_summary(struct kl_wsummary **v, size_t *n, const char *set,
                        const char *over, const struct acc *a)
{
	struct kl_wsummary *nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return -1;
	*v = nv;
	struct kl_wsummary *x = &nv[(*n)++];
	memset(x, 0, sizeof(*x));
	x->set = kli_strdup(set);
	x->over = over ? kli_strdup(over) : NULL;
	x->n = a->n;
	x->min = a->min;
	x->max = a->max;
	x->sum = a->sum;
	x->mean = a->sum / (double)a->n;
	x->sum_sq = a->sq;
	x->kish_neff = a->sum * a->sum / a->sq;
	x->kish_deff_w = (double)a->n * a->sq / (a->sum * a->sum);
	return (!x->set || (over && !x->over)) ? -1 : 0;
}

/* The data table of set x's survey, and its key variables when keys is
 * not NULL (the caller frees both); KL_ERR_USAGE when the survey is gone. */
static int set_survey(struct kl_store *st, const struct setrow *x,
                      const char *name, char **table, char **keys,
                      struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = kli_store_prepare(
	    st, "SELECT data_table, key_vars FROM surveys WHERE name = ?", &s,
	    err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, x->survey, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*table = kli_strdup((const char *)sqlite3_column_text(s, 0));
		if (keys)
			*keys =
			    kli_strdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (!*table)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "weight set '%s': survey '%s' is gone",
		                    name, x->survey);
	return 0;
}

/* Prepare q (a select list of survey columns "t.") followed by the design
 * weight and set x's weight, row by row in line order, into *s; frees
 * q->s.  Linear in the rows (up to the sort): see the join below. */
static int prepare_weights(struct kl_store *st, const struct setrow *x,
                           const char *table, struct kli_sb *q,
                           sqlite3_stmt **s, struct kl_error *err)
{
	char *qw = kli_quote_ident(x->weight), *tq = kli_quote_ident(table);
	kli_sb_append(q, ", t.");
	kli_sb_append(q, qw ? qw : "");
	/* Scanning the survey table once in _row order and looking each
	 * row up in the weights' primary key (set_id, _row) is n log n and
	 * needs no sort (issue 15: another join order took 45 s at 30 000
	 * rows).  CROSS JOIN keeps SQLite's planner to this order; rows of
	 * a round imported after the calibration have no weight and are
	 * left out. */
	kli_sb_append(q, ", w.w FROM ");
	kli_sb_append(q, tq ? tq : "");
	kli_sb_append(q,
	              " t CROSS JOIN weights w ON w.set_id = ?1 AND w._row = "
	              "t._row ORDER BY t._row");
	free(qw);
	free(tq);
	if (q->failed) {
		free(q->s);
		return kli_oom(err);
	}
	int rc = kli_store_prepare(st, q->s, s, err);
	free(q->s);
	if (rc)
		return rc;
	sqlite3_bind_int64(*s, 1, x->id);
	return 0;
}

static int summarise_set(struct kl_store *st, const char *name, int with_design,
                         struct kli_map *seen, struct kl_wsummary **v,
                         size_t *n, struct kl_error *err)
{
	struct setrow x;
	sqlite3_stmt *s = NULL;
	char *table = NULL;
	struct kli_map groups = {0};
	struct acc *a0 = NULL, *a1 = NULL;
	int rc = load_setrow(st, name, &x, err);
	if (rc)
		return rc;
	rc = set_survey(st, &x, name, &table, NULL, err);
	if (rc)
		goto out;
	struct kli_sb q = {0};
	char *qo = x.over ? kli_quote_ident(x.over) : kli_strdup("NULL");
	kli_sb_append(&q, "SELECT t.");
	kli_sb_append(&q, qo && x.over ? qo : "_line");
	free(qo);
	rc = prepare_weights(st, &x, table, &q, &s, err);
	if (rc)
		goto out;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *ov =
		    x.over ? (const char *)sqlite3_column_text(s, 0) : "";
		size_t before = groups.n;
		long g = kli_map_add_str(&groups, ov ? ov : "");
		if (g < 0) {
			rc = kli_oom(err);
			goto out;
		}
		if (groups.n != before) {
			struct acc *n0 = realloc(a0, groups.n * sizeof(*n0));
			if (n0)
				a0 = n0;
			struct acc *n1 = realloc(a1, groups.n * sizeof(*n1));
			if (n1)
				a1 = n1;
			if (!n0 || !n1) {
				rc = kli_oom(err);
				goto out;
			}
			memset(&a0[g], 0, sizeof(a0[g]));
			memset(&a1[g], 0, sizeof(a1[g]));
		}
		acc_add(&a0[g], sqlite3_column_double(s, 1));
		acc_add(&a1[g], sqlite3_column_double(s, 2));
	}
	if (r != SQLITE_DONE) {
		rc = kli_store_fail(st, r, err, "reading weights");
		goto out;
	}
	for (size_t g = 0; g < groups.n; g++) {
		const char *ov = x.over ? groups.key[g] : NULL;
		/* the design weights once per survey, weight and group */
		struct kli_sb dk = {0};
		kli_sb_append(&dk, x.survey);
		kli_sb_append(&dk, "\x1e");
		kli_sb_append(&dk, x.weight);
		kli_sb_append(&dk, "\x1e");
		kli_sb_append(&dk, ov ? ov : "");
		size_t before = seen->n;
		if (dk.failed || kli_map_add_str(seen, dk.s) < 0) {
			free(dk.s);
			rc = kli_oom(err);
			goto out;
		}
		free(dk.s);
		if ((with_design && seen->n != before &&
		     push_summary(v, n, "design", ov, &a0[g])) ||
		    push_summary(v, n, name, ov, &a1[g])) {
			rc = kli_oom(err);
			goto out;
		}
	}
out:
	sqlite3_finalize(s);
	free(table);
	kli_map_free(&groups);
	free(a0);
	free(a1);
	setrow_release(&x);
	return rc;
}

int kl_weights_summary(struct kl_store *st, const char *const *names, size_t n,
                       int with_design, struct kl_wsummary **out, size_t *nout,
                       struct kl_error *err)
{
	struct kl_wsummary *v = NULL;
	struct kli_map seen = {0};
	size_t nv = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0) {
		sqlite3_stmt *s = NULL;
		if (!have_sets(st))
			return 0;
		rc = kli_store_prepare(
		    st, "SELECT name FROM weight_sets ORDER BY id", &s, err);
		if (rc)
			return rc;
		while (!rc && sqlite3_step(s) == SQLITE_ROW)
			rc = summarise_set(
			    st, (const char *)sqlite3_column_text(s, 0),
			    with_design, &seen, &v, &nv, err);
		sqlite3_finalize(s);
	}
	for (size_t k = 0; !rc && k < n; k++)
		rc = summarise_set(st, names[k], with_design, &seen, &v, &nv,
		                   err);
	kli_map_free(&seen);
	if (rc) {
		kl_wsummary_free(v, nv);
		return rc;
	}
	*out = v;
	*nout = nv;
	return 0;
}

/* Does survey table `table` hold rows of more than one import? */
static int multi_import(struct kl_store *st, const char *table)
{
	sqlite3_stmt *s = NULL;
	char *tq = kli_quote_ident(table);
	char *sql = tq ? sqlite3_mprintf("SELECT 1 FROM %s WHERE _import_id "
	                                 "<> (SELECT _import_id FROM %s "
	                                 "LIMIT 1) LIMIT 1",
	                                 tq, tq)
	               : NULL;
	int multi = 0;
	if (sql && !kli_store_prepare(st, sql, &s, NULL))
		multi = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	sqlite3_free(sql);
	free(tq);
	return multi;
}

int kl_weights_each(struct kl_store *st, const char *name, const char *key,
                    kl_weights_fn fn, void *ctx, struct kl_error *err)
{
	struct setrow x;
	sqlite3_stmt *s = NULL;
	char *table = NULL, *keys = NULL;
	char **kv = NULL;
	const char **vals = NULL;
	size_t nk = 0;
	int rc = load_setrow(st, name, &x, err);
	if (rc)
		return rc;
	rc = set_survey(st, &x, name, &table, &keys, err);
	if (rc)
		goto out;
	if (key) {
		free(keys);
		keys = kli_strdup(key);
		if (!keys) {
			rc = kli_oom(err);
			goto out;
		}
	}
	/* no respondent key: the file line names a row, with the import
	 * once the survey holds rows of several files */
	if (!keys &&
	    !(keys = kli_strdup(multi_import(st, table) ? "_import_id,_line"
	                                                : "_line"))) {
		rc = kli_oom(err);
		goto out;
	}
	nk = 1;
	for (char *p = keys; *p; p++)
		nk += *p == ',';
	kv = calloc(nk + 1, sizeof(*kv));
	vals = calloc(nk + 1, sizeof(*vals));
	if (!kv || !vals) {
		rc = kli_oom(err);
		goto out;
	}
	nk = 0;
	for (char *p = keys; p;) {
		char *c = strchr(p, ',');
		if (c)
			*c = 0;
		kv[nk++] = p;
		p = c ? c + 1 : NULL;
	}
	struct kli_sb q = {0};
	kli_sb_append(&q, "SELECT ");
	for (size_t k = 0; k < nk; k++) {
		char *qi = kli_quote_ident(kv[k]);
		kli_sb_append(&q, k ? ", t." : "t.");
		kli_sb_append(&q, qi ? qi : "");
		free(qi);
	}
	rc = prepare_weights(st, &x, table, &q, &s, err);
	if (rc)
		goto out;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t k = 0; k < nk; k++)
			vals[k] = (const char *)sqlite3_column_text(s, (int)k);
		rc = fn(ctx, nk, (const char *const *)kv, vals,
		        sqlite3_column_double(s, (int)nk),
		        sqlite3_column_double(s, (int)nk + 1));
		if (rc)
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = kli_store_fail(st, r, err, "reading weights");
out:
	sqlite3_finalize(s);
	free(table);
	free(keys);
	free(kv);
	free(vals);
	setrow_release(&x);
	return rc;
}
