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
 * svyrecvar).  This file reads the rows, makes the columns and finds the
 * targets; the solvers are in calibrate_solve.c, the store's weight sets
 * in calibrate_sets.c, the stored population in population.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The method named s, or -1 (kl_calibrate.h). */
int kl_cal_method_parse(const char *s)
{
	for (int m = 0; m <= KL_CAL_LINEAR; m++)
		if (!strcmp(s, kl_cal_method_name((enum kl_cal_method)m)))
			return m;
	return -1;
}

/* ------------------------------------------------------------ the rows */

void kli_cal_run_release(struct kli_cal_run *r)
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
	free(r->cell);
	free(r->w0);
	kli_map_free(&r->cells);
	free(r->cgroup);
	free(r->cw0);
	free(r->cn);
	free(r->cellcol);
	free(r->g);
	free(r->gp);
	kli_map_free(&r->groups);
	free(r->gn);
	kli_map_free(&r->cols);
	free(r->gstart);
	free(r->T);
	free(r->from_design);
	free(r->col_margin);
	free(r->col_group);
}

/* Whether survey survey_id has a variable `name` (0 also when the
 * query fails). */
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

/* Parse r->c's margins into r->nm, r->mnv, r->mvar and the union of
 * their variables r->vars, each checked against survey `sid`. */
static int margin_vars(struct kli_cal_run *r, long long sid, const char *survey,
                       struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	int rc;

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
				struct kli_cal_var *nv = realloc(
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
	return 0;
}

/* Prepare the SELECT of r's rows into *s, and count them into *nhint. */
static int rows_query(struct kli_cal_run *r, sqlite3_stmt **sp, size_t *nhint,
                      struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	sqlite3_stmt *s = NULL;
	int rc;

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
	rc = kli_store_prepare(r->st, kli_sb_str(&cq), &s, err);
	kli_sb_free(&cq);
	if (rc) {
		kli_sb_free(&b);
		return rc;
	}
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0)
		*nhint = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	rc = kli_store_prepare(r->st, kli_sb_str(&b), &s, err);
	kli_sb_free(&b);
	if (rc)
		return rc;
	*sp = s;
	return 0;
}

/* Append the row at statement s to r (key: room for nvars + 1 ids);
 * KL_ERR_PARSE for an empty --over or calibration variable or a bad
 * weight. */
static int read_row(struct kli_cal_run *r, sqlite3_stmt *s, uint32_t *key,
                    size_t nhint, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	int rc = 0;

	long long row = sqlite3_column_int64(s, 0);
	long long line = sqlite3_column_int64(s, 3 + (int)r->nvars);
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		if (r->cap == 0 && nhint > cap)
			cap = nhint;
		long long *l = realloc(r->row, cap * sizeof(*l));
		if (l)
			r->row = l;
		uint32_t *v = realloc(r->cell, cap * sizeof(*v));
		if (v)
			r->cell = v;
		double *w = realloc(r->w0, cap * sizeof(*w));
		if (w)
			r->w0 = w;
		if (!l || !v || !w) {
			rc = kli_oom(err);
			return rc;
		}
		r->cap = cap;
	}
	const char *ov = (const char *)sqlite3_column_text(s, 1);
	if (c->over && !ov) {
		rc = kl_error_set(err, KL_ERR_PARSE,
		                  "survey row at line %lld: --over "
		                  "variable '%s' is empty",
		                  line, c->over);
		return rc;
	}
	long g = ov ? kli_map_add(&r->groups, ov,
	                          (size_t)sqlite3_column_bytes(s, 1), NULL)
	            : kli_map_add(&r->groups, "", 0, NULL);
	double w = sqlite3_column_double(s, 2);
	if (sqlite3_column_type(s, 2) == SQLITE_NULL || !(w > 0) ||
	    !isfinite(w)) {
		rc = kl_error_set(err, KL_ERR_PARSE,
		                  "survey row at line %lld: design "
		                  "weight '%s' must be a number > 0",
		                  line, c->weight);
		return rc;
	}
	if (g < 0) {
		rc = kli_oom(err);
		return rc;
	}
	r->row[r->n] = row;
	r->w0[r->n] = w;
	key[0] = (uint32_t)g;
	for (size_t i = 0; i < r->nvars; i++) {
		/* an integer's text as SQLite gives it ("%lld"),
		 * without its conversion's allocation */
		char ibuf[24];
		const char *v;
		size_t vlen;
		if (sqlite3_column_type(s, 3 + (int)i) == SQLITE_INTEGER) {
			vlen =
			    int_text(sqlite3_column_int64(s, 3 + (int)i), ibuf);
			v = ibuf;
		} else {
			v = (const char *)sqlite3_column_text(s, 3 + (int)i);
			vlen = (size_t)sqlite3_column_bytes(s, 3 + (int)i);
		}
		if (!v) {
			rc = kl_error_set(err, KL_ERR_PARSE,
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
		return rc;
	long cell =
	    kli_map_add(&r->cells, key, (r->nvars + 1) * sizeof(*key), NULL);
	if (cell < 0) {
		rc = kli_oom(err);
		return rc;
	}
	r->cell[r->n] = (uint32_t)cell;
	r->n++;
	return 0;
}

/* Margin variables, the survey's table and its rows. */
int kli_cal_read_rows(struct kli_cal_run *r, const char *survey,
                      struct kl_error *err)
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

	rc = margin_vars(r, sid, survey, err);
	if (rc)
		return rc;
	size_t nhint = 0;
	rc = rows_query(r, &s, &nhint, err);
	if (rc)
		return rc;
	uint32_t *key = calloc(r->nvars + 1, sizeof(*key));
	if (!key) {
		sqlite3_finalize(s);
		return kli_oom(err);
	}
	while ((q = sqlite3_step(s)) == SQLITE_ROW) {
		rc = read_row(r, s, key, nhint, err);
		if (rc)
			break;
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
static void cell_text(const struct kli_cal_run *r, size_t m,
                      const uint32_t *vid, struct kli_sb *b)
{
	for (size_t k = 0; k < r->mnv[m]; k++) {
		const struct kli_cal_var *v = &r->vars[r->mvar[m][k]];
		if (k)
			kli_sb_append(b, ",");
		kli_sb_append(b, v->name);
		kli_sb_append(b, "=");
		kli_sb_append(b, v->vals.key[vid[r->mvar[m][k]]]);
	}
}

/* A new string "g\x1em\x1e<cell text>", the key of the column of group g,
 * margin m and value ids vid in r->cols; NULL when out of memory. */
static char *col_key(const struct kli_cal_run *r, size_t g, size_t m,
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

/* Per cell: its group, design-weight sum and rows; per group its rows. */
static int cell_sums(struct kli_cal_run *r, struct kl_error *err)
{
	size_t C = r->cells.n;
	r->cgroup = malloc((C + 1) * sizeof(*r->cgroup));
	r->cw0 = calloc(C + 1, sizeof(*r->cw0));
	r->cn = calloc(C + 1, sizeof(*r->cn));
	r->gn = calloc(r->groups.n + 1, sizeof(*r->gn));
	if (!r->cgroup || !r->cw0 || !r->cn || !r->gn)
		return kli_oom(err);
	for (size_t c = 0; c < C; c++)
		r->cgroup[c] = *(const uint32_t *)r->cells.key[c];
	for (size_t i = 0; i < r->n; i++) {
		r->cw0[r->cell[i]] += r->w0[i];
		r->cn[r->cell[i]]++;
	}
	for (size_t c = 0; c < C; c++)
		r->gn[r->cgroup[c]] += r->cn[c];
	return 0;
}

/* Columns: groups in turn, margins in turn, cells in order of first row
 * (a cell's id is the order of its first row). */
int kli_cal_make_columns(struct kli_cal_run *r, struct kl_error *err)
{
	size_t G = r->groups.n, C = r->cells.n;
	int rc = cell_sums(r, err);
	if (rc)
		return rc;
	/* cells by group, stable (counting sort) */
	uint32_t *ord = malloc((C + 1) * sizeof(*ord));
	size_t *pos = calloc(G + 1, sizeof(*pos));
	r->gstart = calloc(G + 1, sizeof(*r->gstart));
	r->cellcol = malloc((C * r->nm + 1) * sizeof(*r->cellcol));
	r->g = malloc((C + 1) * sizeof(*r->g));
	r->gp = malloc((C * r->nm + 1) * sizeof(*r->gp));
	if (!ord || !pos || !r->gstart || !r->cellcol || !r->g || !r->gp) {
		free(ord);
		free(pos);
		return kli_oom(err);
	}
	for (size_t c = 0; c < C; c++)
		pos[r->cgroup[c] + 1]++;
	for (size_t g = 0; g < G; g++)
		pos[g + 1] += pos[g];
	for (size_t c = 0; c < C; c++)
		ord[pos[r->cgroup[c]]++] = (uint32_t)c;
	free(pos);
	for (size_t k = 0; k < C; k++) {
		size_t cc = ord[k], g = r->cgroup[cc];
		if (k == 0 || r->cgroup[ord[k - 1]] != g)
			r->gstart[g] = r->cols.n;
		const uint32_t *vid = (const uint32_t *)r->cells.key[cc] + 1;
		for (size_t m = 0; m < r->nm; m++) {
			char *key = col_key(r, g, m, vid);
			long id = key ? kli_map_add_str(&r->cols, key) : -2;
			free(key);
			if (id < 0) {
				free(ord);
				return kli_oom(err);
			}
			r->cellcol[cc * r->nm + m] = (uint32_t)id;
		}
	}
	free(ord);
	r->gstart[G] = r->cols.n;
	size_t J = r->cols.n;
	r->T = malloc((J + 1) * sizeof(*r->T));
	r->from_design = calloc(J + 1, sizeof(int));
	r->col_margin = calloc(J + 1, sizeof(uint32_t));
	r->col_group = calloc(J + 1, sizeof(uint32_t));
	if (!r->T || !r->from_design || !r->col_margin || !r->col_group)
		return kli_oom(err);
	for (size_t j = 0; j < J; j++)
		r->T[j] = NAN;
	for (size_t cc = 0; cc < C; cc++)
		for (size_t m = 0; m < r->nm; m++) {
			uint32_t j = cell_col(r, cc, m);
			r->col_margin[j] = (uint32_t)m;
			r->col_group[j] = r->cgroup[cc];
		}
	return 0;
}

/* Note that cell `where` of group g keeps its design weights (sum sw);
 * -1 when out of memory. */
static int add_note(struct kli_cal_run *r, size_t g, const char *where,
                    double sw)
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

/* Sum of w0 per column (calibrate_priv.h). */
double *kli_cal_col_sums(const struct kli_cal_run *r)
{
	double *S = calloc(r->cols.n + 1, sizeof(*S));
	if (!S)
		return NULL;
	for (size_t c = 0; c < r->cells.n; c++)
		for (size_t m = 0; m < r->nm; m++)
			S[cell_col(r, c, m)] += r->cw0[c];
	return S;
}

/* Columns without a target keep their design weights (a note each). */
static int fill_missing(struct kli_cal_run *r, struct kl_error *err)
{
	double *S = kli_cal_col_sums(r);
	if (!S)
		return kli_oom(err);
	for (size_t j = 0; j < r->cols.n; j++) {
		if (!isnan(r->T[j]))
			continue;
		r->T[j] = S[j];
		r->from_design[j] = 1;
		const char *k = kli_cal_col_cell(r, j);
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
	struct kli_cal_run *r;
	size_t m;
	const char *path;
	int *fcol; /* file column of each margin variable */
	int ocol, ccol;
	size_t nf;
	int seen_header;
};

/* kl_csv_read callback: the header of a --targets file, then one
 * target per record into r->T (KL_ERR_PARSE / KL_ERR_NUMERIC at the
 * record's line). */
static int on_target(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct tfile *t = ctx;
	struct kli_cal_run *r = t->r;
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

/* Targets from the --targets files, one per margin, into r->T, and
 * r->res->source; cells without a target keep their design weights. */
static int targets_from_files(struct kli_cal_run *r, struct kl_error *err)
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
static int region_check(struct kli_cal_run *r, size_t g, const char *level,
                        long year, struct kl_error *err)
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

/* Targets from the stored population into r->T: the table T described
 * above region_check. */
static int targets_from_population(struct kli_cal_run *r, struct kl_error *err)
{
	const struct kl_cal_spec *c = r->c;
	size_t V = r->nvars;
	int rc = 0;
	uint32_t *ckey = NULL;
	uint32_t *idx = NULL;
	const char **names = NULL, **vals = NULL;

	if (!kli_have_population(r->st, NULL, 0))
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
	ckey = calloc(V + 1, sizeof(*ckey));
	if (!ckey) {
		rc = kli_oom(err);
		goto out;
	}
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
		if (!kli_have_population(r->st, c->level ? c->level : "kommun",
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
				if (!kli_pop_map_value(&c->maps[r->vars[v].map],
				                       vals[v]))
					nofig = 1;
			}
			long f = kli_map_find(&r->cells, ckey,
			                      (V + 1) * sizeof(*ckey));
			double sw = f >= 0 ? r->cw0[f] : 0, t;
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
						    "population %g in cell %s"
						    "%s%s has no respondents; "
						    "the weights cannot reach "
						    "it",
						    t, b.s ? b.s : "?",
						    c->over ? " of " : "",
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
	free(idx);
	free(names);
	free(vals);
	return rc;
}

/* Copy the targets (and their cells as "margin|over|cell") into
 * r->res. */
static int result_targets(struct kli_cal_run *r, struct kl_error *err)
{
	struct kl_cal_result *res = r->res;
	size_t J = r->cols.n;
	res->target_cells = calloc(J + 1, sizeof(char *));
	res->targets = calloc(J + 1, sizeof(double));
	if (!res->target_cells || !res->targets)
		return kli_oom(err);
	for (size_t j = 0; j < J; j++) {
		const char *k = kli_cal_col_cell(r, j);
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

/* Free a result of kl_calibrate; NULL is fine (kl_calibrate.h). */
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

/* Calibrate and save the set (contract in kl_calibrate.h). */
int kl_calibrate(struct kl_store *st, const char *survey, const char *name,
                 const struct kl_cal_spec *c, struct kl_cal_result **out,
                 struct kl_error *err)
{
	struct kli_cal_run r;
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
	rc = kli_cal_read_rows(&r, survey, err);
	if (!rc)
		rc = kli_cal_make_columns(&r, err);
	if (!rc)
		rc = c->files ? targets_from_files(&r, err)
		              : targets_from_population(&r, err);
	if (!rc)
		rc = kli_cal_run_method(&r, err);
	if (!rc)
		rc = result_targets(&r, err);
	if (!rc)
		rc = kli_cal_save_set(&r, survey, name, err);
	if (!rc && out) {
		*out = r.res;
		r.res = NULL;
	}
	kl_cal_result_free(r.res);
	kli_cal_run_release(&r);
	return rc;
}
