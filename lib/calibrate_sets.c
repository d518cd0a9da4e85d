/*
 * calibrate_sets.c - weight sets in the store: saving a calibration
 * (weight_sets, weight_targets, weights), re-loading a set for the
 * calibration-adjusted variance of estimate (struct kli_cal), and the
 * summaries and per-row export of `calibrate --summary / --export`.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate_priv.h"
#include "store_priv.h"
#include "util_priv.h"

/* ------------------------------------------------------------ storage */

/* Run sql with ?1 bound to id (a statement without rows). */
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

/* Save r as set `name` in one transaction (calibrate_priv.h). */
int kli_cal_save_set(struct kli_cal_run *r, const char *survey,
                     const char *name, struct kl_error *err)
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
		const char *k = kli_cal_col_cell(r, j);
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
		sqlite3_bind_double(s, 3, kli_cal_run_w(r, i));
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

/* ------------------------------------------------------------ re-loading */

static int targets_from_store(struct kli_cal_run *r, long long id,
                              struct kl_error *err)
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

/* Free the strings of x (not x). */
static void setrow_release(struct setrow *x)
{
	free(x->survey);
	free(x->method);
	free(x->weight);
	free(x->over);
	free(x->margins);
}

/* The row of weight_sets named `name` into x (zeroed first; release it
 * with setrow_release); KL_ERR_USAGE when there is none. */
static int load_setrow(struct kl_store *st, const char *name, struct setrow *x,
                       struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	memset(x, 0, sizeof(*x));
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

/* Free c and everything it holds; NULL is fine (calibrate_priv.h). */
void kli_cal_free(struct kli_cal *c)
{
	if (!c)
		return;
	free(c->weight);
	free(c->over);
	free(c->row);
	free(c->cell);
	free(c->w0);
	free(c->cellcol);
	free(c->g);
	free(c->gp);
	free(c->vr);
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

/* Binary search of c->row (calibrate_priv.h). */
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

/* The structures the variance needs (calibrate_priv.h), per cell: the
 * rows of a cell share their columns and factors. */
static int build_cal(struct kli_cal_run *r, struct kli_cal *c,
                     struct kl_error *err)
{
	size_t M = r->nm, J = r->cols.n, G = r->groups.n, C = r->cells.n;
	c->method = r->c->method;
	c->nmargins = M;
	c->nrows = r->n;
	c->ncols = J;
	c->ngroups = G;
	c->ncells = C;
/* Move an array from the run to the kli_cal. */
#define TAKE(dst, src) ((dst) = (src), (src) = NULL)
	TAKE(c->row, r->row);
	TAKE(c->cell, r->cell);
	TAKE(c->w0, r->w0);
	TAKE(c->cellcol, r->cellcol);
	TAKE(c->g, r->g);
	TAKE(c->gp, r->gp);
	TAKE(c->gstart, r->gstart);
	TAKE(c->col_margin, r->col_margin);
	TAKE(c->group_nrows, r->gn);
#undef TAKE
	int rake = c->method == KL_CAL_RAKE;
	c->vr = rake ? malloc((C * M + 1) * sizeof(double)) : NULL;
	c->cnt = calloc(J + 1, sizeof(double));
	c->diag = calloc(J + 1, sizeof(double));
	c->group_over = calloc(G + 1, sizeof(char *));
	c->ginv = calloc(G + 1, sizeof(double *));
	c->K = calloc(G + 1, sizeof(double *));
	if ((rake && !c->vr) || !c->cnt || !c->diag || !c->group_over ||
	    !c->ginv || !c->K)
		return kli_oom(err);
	for (size_t g = 0; g < G; g++)
		if (r->c->over &&
		    !(c->group_over[g] = kli_strdup(r->groups.key[g])))
			return kli_oom(err);
	for (size_t k = 0; k < C; k++)
		for (size_t m = 0; m < M; m++) {
			size_t j = c->cellcol[k * M + m];
			c->cnt[j] += (double)r->cn[k];
			c->diag[j] += r->cw0[k];
			/* s_j sums x_i v: w0/w (w x v = w0), or 1/psw_m */
			if (rake)
				c->vr[k * M + m] = c->g[k] / c->gp[k * M + m];
		}
	for (size_t g = 0; g < G; g++) {
		size_t j0 = c->gstart[g], n = c->gstart[g + 1] - j0;
		if (c->method == KL_CAL_POSTSTRAT)
			continue;
		double *A = calloc(n * n + 1, sizeof(double));
		if (!A)
			return kli_oom(err);
		for (size_t k = 0; k < C; k++) {
			if (r->cgroup[k] != g)
				continue;
			const uint32_t *col = c->cellcol + k * M;
			const double *gp = c->gp + k * M;
			for (size_t a = 0; a < M; a++)
				for (size_t b = 0; b < M; b++)
					A[(col[a] - j0) * n + col[b] - j0] +=
					    rake ? (double)r->cn[k] * gp[b] /
					               gp[a]
					         : r->cw0[k];
		}
		if (rake) {
			c->K[g] = A;
			continue;
		}
		c->ginv[g] = malloc((n * n + 1) * sizeof(double));
		if (!c->ginv[g] || kli_cal_pinv(A, n, c->ginv[g])) {
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

/* beta of group g from s (calibrate_priv.h). */
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

/* Re-run set `name` and check it (calibrate_priv.h). */
int kli_cal_load(struct kl_store *st, const char *survey, const char *name,
                 struct kli_cal **out, struct kl_error *err)
{
	struct setrow x;
	struct kli_cal_run r;
	struct kl_cal_spec spec;
	const char **margins = NULL;
	struct kli_cal *c = NULL;
	sqlite3_stmt *s = NULL;
	int rc, after = 0;

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
	r.res = calloc(1, sizeof(*r.res));
	c = calloc(1, sizeof(*c));
	if (!r.res || !c) {
		rc = kli_oom(err);
		goto out;
	}
	/* from here on, survey rows without a weight are the reason of any
	 * failure (see out:) */
	after = 1;
	rc = kli_cal_read_rows(&r, survey, err);
	if (!rc)
		rc = kli_cal_make_columns(&r, err);
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
		rc = kli_cal_run_method(&r, err);
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
		    !(fabs(w - kli_cal_run_w(&r, k)) <= 1e-9 * fabs(w)))
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
	/* Rows without a weight (a round imported after the calibration)
	 * are looked for only after a failure: a set whose every weight
	 * matched a survey row, one for one and in _row order, has none
	 * (the query is a lookup per row, the most of the time otherwise). */
	if (rc && after && rc != KL_ERR_NOMEM) {
		struct kl_error e2;
		kl_error_clear(&e2);
		if (uncovered_rows(st, &x, name, &e2) &&
		    e2.status != KL_ERR_NOMEM) {
			*err = e2;
			rc = e2.status;
		}
	}
	sqlite3_finalize(s);
	kli_cal_free(c);
	kl_cal_result_free(r.res);
	kli_cal_run_release(&r);
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

/* Count weight w into a. */
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

/* Append the summary of a (set, over group) to *v (*n entries); -1
 * when out of memory. */
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
	int q = sqlite3_step(s);
	if (q == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 1);
		*table = kli_strdup((const char *)sqlite3_column_text(s, 0));
		if (keys)
			*keys = kli_strdup(k);
		if (!*table || (keys && k && !*keys))
			rc = kli_oom(err);
	} else if (q == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "weight set '%s': survey '%s' is gone", name,
		                  x->survey);
	} else {
		rc = kli_store_fail(st, q, err, "reading surveys");
	}
	sqlite3_finalize(s);
	return rc;
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

/* Summaries of set `name` (per over group, and of the design weight
 * when with_design and its survey/weight/over is not yet in seen)
 * appended to *v. */
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

/* Summaries of the named sets, or of all (kl_calibrate.h). */
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

/* Each row's keys and weights of set `name` to fn (kl_calibrate.h). */
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
