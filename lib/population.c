/*
 * population.c - the stored SCB population (table `population`) as
 * calibration targets and as the totals of `estimate --count`
 * (kartlagg-calibrate(1), kartlagg-estimate(1)): the --map of survey codes
 * to SCB categories, the population total of a cell of mapped values,
 * and the population of a domain of a survey.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate_priv.h"
#include "store_priv.h"
#include "util_priv.h"

/* Names of the dimensions in --map, and their columns in population. */
static const char *const dim_names[] = {"region", "age", "sex"};
static const char *const dim_cols[] = {"region", "age", "sex"};

/* Free what m holds (kl_calibrate.h). */
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

/* Parse a --map "var=dim:a=x,b=y" into m (kl_calibrate.h). */
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

/* m as --map text, malloc'd; NULL when out of memory (kl_calibrate.h). */
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
const char *kli_pop_map_value(const struct kl_pop_map *m, const char *code)
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
int kli_have_population(struct kl_store *st, const char *level, long year)
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

/* The population total of a cell (kl_calibrate.h). */
int kl_population_total(struct kl_store *st, const struct kl_pop_map *maps,
                        size_t nmaps, const char *level, long year, size_t n,
                        const char *const *vars, const char *const *vals,
                        double *N, struct kl_error *err)
{
	return pop_total(st, maps, nmaps, level, year, n, vars, vals, NULL,
	                 NULL, N, err);
}

/* The distinct values of variable var among the rows of survey table
 * `table` selected by dom (the round, the subset), in *out (*nout; an
 * empty array, not NULL, when no row has one). */
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
	/* no rows: an empty list (no region), not NULL (no restriction) */
	else if (!*out && !(*out = calloc(1, sizeof(**out))))
		rc = kli_oom(err);
out:
	sqlite3_finalize(s);
	free(q.s);
	free(tq);
	free(vq);
	free(oq);
	free(sq);
	return rc;
}

/* The population of a survey domain (kl_calibrate.h). */
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
		for (size_t i = 0; nallowed && i < nallowed[k]; i++)
			free(allowed[k][i]);
		free(allowed[k]);
	}
	free(allowed);
	free(nallowed);
	free(table);
	return rc;
}

/* kl_population_total with allowed values (declared above). */
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
	if (!kli_have_population(st, NULL, 0))
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
			const char *v = kli_pop_map_value(m, vals[j]);
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
			const char *v = kli_pop_map_value(m, vals[j]);
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
