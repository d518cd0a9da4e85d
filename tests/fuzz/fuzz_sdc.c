/*
 * fuzz_sdc.c - disclosure control: build a random table problem from the
 * input bytes (leaf counts, totals over any cells, 2-D blocks with
 * margins, flattened hierarchies, exempt cells), protect it twice with
 * the cells and relations registered in opposite orders, and check:
 *   - both runs end alike, and with KL_OK or KL_ERR_NUMERIC only;
 *   - on success both give the same state to every key (determinism);
 *   - no exempt cell is hidden, no published non-exempt count lies in
 *     1..threshold-1, no published non-exempt part equals a small margin;
 *   - the audit property itself, computed here with GLPK's exact
 *     (rational) simplex and none of lib/sdc.c: the least and greatest
 *     value of every hidden cell, given the relations, the published
 *     cells and non-negativity, rounded inwards to whole numbers, hold
 *     at least two whole numbers and reach 0 or the threshold (an
 *     interval inside 1..threshold-1 says "a small count").
 * Any failure traps.
 */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

#define MAXC 48 /* cells */
#define MAXR 48 /* relations */
#define MAXP 12 /* parts of one relation */

struct prob {
	int nc, nr;
	long long cnt[MAXC];
	int ex[MAXC];
	int rt[MAXR];       /* total */
	int rp[MAXR][MAXP]; /* parts */
	int rn[MAXR];
	long long threshold, margin;
};

struct in {
	const uint8_t *p;
	size_t n;
};

static int byte(struct in *in)
{
	if (!in->n)
		return -1;
	in->n--;
	return *in->p++;
}

static long long leaf_count(int b)
{
	if (b < 112)
		return b % 7; /* small: the interesting range */
	if (b < 200)
		return b % 25;
	return (long long)b * 37 % 1000;
}

static int new_cell(struct prob *q, long long c, int ex)
{
	if (q->nc >= MAXC)
		return -1;
	q->cnt[q->nc] = c;
	q->ex[q->nc] = ex;
	return q->nc++;
}

static int has(const int *a, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (a[i] == x)
			return 1;
	return 0;
}

static void new_rel(struct prob *q, int t, const int *parts, int n)
{
	if (q->nr >= MAXR || t < 0)
		return;
	q->rt[q->nr] = t;
	memcpy(q->rp[q->nr], parts, (size_t)n * sizeof(int));
	q->rn[q->nr] = n;
	q->nr++;
}

/* A total over distinct existing cells. */
static void op_total(struct prob *q, struct in *in)
{
	int parts[MAXP], n = 0, want = byte(in);
	long long sum = 0;
	if (want < 0 || q->nc == 0)
		return;
	want = want % 5 + 1;
	while (n < want) {
		int b = byte(in);
		if (b < 0)
			break;
		int c = b % q->nc;
		if (has(parts, n, c))
			continue;
		parts[n++] = c;
		sum += q->cnt[c];
	}
	int t = new_cell(q, sum, (want & 4) && sum > 50);
	if (t >= 0)
		new_rel(q, t, parts, n);
}

/* An r x c block of new leaves with row, column and grand totals. */
static void op_block(struct prob *q, struct in *in)
{
	int b = byte(in);
	if (b < 0)
		return;
	int r = 2 + b % 2, c = 2 + (b / 2) % 3;
	int cell[3][4], row[3], col[4], p[MAXP];
	if (q->nc + r * c + r + c + 1 > MAXC)
		return;
	for (int i = 0; i < r; i++)
		for (int j = 0; j < c; j++) {
			int v = byte(in);
			cell[i][j] = new_cell(q, leaf_count(v < 0 ? 9 : v), 0);
		}
	long long g = 0;
	for (int i = 0; i < r; i++) {
		long long s = 0;
		for (int j = 0; j < c; j++)
			s += q->cnt[cell[i][j]], p[j] = cell[i][j];
		row[i] = new_cell(q, s, 0);
		new_rel(q, row[i], p, c);
		g += s;
	}
	for (int j = 0; j < c; j++) {
		long long s = 0;
		for (int i = 0; i < r; i++)
			s += q->cnt[cell[i][j]], p[i] = cell[i][j];
		col[j] = new_cell(q, s, 0);
		new_rel(q, col[j], p, r);
	}
	int t = new_cell(q, g, 0);
	new_rel(q, t, row, r);
	new_rel(q, t, col, c);
}

/* Flatten: T = P and p in P with p = Q give T = P - {p} + Q. */
static void op_flatten(struct prob *q, struct in *in)
{
	int a = byte(in), b = byte(in);
	if (a < 0 || b < 0 || q->nr == 0)
		return;
	int k = a % q->nr, i = b % q->rn[k], p = q->rp[k][i];
	for (int l = 0; l < q->nr; l++) {
		int parts[MAXP], n = 0, ok = 1;
		if (q->rt[l] != p)
			continue;
		for (int j = 0; j < q->rn[k]; j++)
			if (j != i)
				parts[n++] = q->rp[k][j];
		for (int j = 0; j < q->rn[l] && ok; j++) {
			int c = q->rp[l][j];
			if (n >= MAXP || has(parts, n, c) || c == q->rt[k])
				ok = 0;
			else
				parts[n++] = c;
		}
		if (ok)
			new_rel(q, q->rt[k], parts, n);
		return;
	}
}

static void build(struct prob *q, const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	int b;
	memset(q, 0, sizeof(*q));
	b = byte(&in);
	q->threshold = 3 + (b < 0 ? 2 : b % 5);
	b = byte(&in);
	q->margin = b < 0 ? 10 : b % 13;
	while ((b = byte(&in)) >= 0 && q->nc < MAXC && q->nr < MAXR) {
		switch (b % 4) {
		case 0: {
			int v = byte(&in);
			new_cell(q, leaf_count(v < 0 ? 0 : v), (b & 0x40) != 0);
			break;
		}
		case 1:
			op_total(q, &in);
			break;
		case 2:
			op_block(q, &in);
			break;
		case 3:
			op_flatten(q, &in);
			break;
		}
	}
}

/* Register q in the given order (reverse = 1: cells, relations and parts
 * backwards) and protect it.  idx[] maps cell -> kl_sdc index. */
static int run(const struct prob *q, int reverse, struct kl_sdc **out,
               size_t *idx, struct kl_error *err)
{
	struct kl_sdc *s;
	size_t parts[MAXP];
	struct kl_sdc_rules rules;
	char key[32];
	int rc;

	*out = NULL;
	rc = kl_sdc_new(&s, err);
	if (rc)
		return rc;
	for (int j = 0; j < q->nc && rc == KL_OK; j++) {
		int i = reverse ? q->nc - 1 - j : j;
		snprintf(key, sizeof(key), "k%08x",
		         (unsigned)((unsigned)i * 2654435761u));
		rc = kl_sdc_cell(s, key, q->cnt[i], q->ex[i], &idx[i], err);
	}
	for (int j = 0; j < q->nr && rc == KL_OK; j++) {
		int k = reverse ? q->nr - 1 - j : j;
		for (int i = 0; i < q->rn[k]; i++)
			parts[reverse ? q->rn[k] - 1 - i : i] =
			    idx[q->rp[k][i]];
		rc = kl_sdc_sum(s, idx[q->rt[k]], parts, (size_t)q->rn[k], err);
	}
	if (rc != KL_OK)
		__builtin_trap(); /* the generator makes valid problems */
	rules.threshold = q->threshold;
	rules.margin_small = q->margin;
	rc = kl_sdc_protect(s, &rules, err);
	*out = s;
	return rc;
}

static int is_hidden(enum kl_sdc_state st)
{
	return st == KL_SDC_PRIMARY || st == KL_SDC_SECONDARY;
}

/* The audit, from scratch: one program over every hidden cell. */
static void audit(const struct prob *q, const int *hid)
{
	int col[MAXC], nv = 0, ia[MAXR * (MAXP + 1) + 1],
	               ja[MAXR * (MAXP + 1) + 1], nz = 0;
	double ar[MAXR * (MAXP + 1) + 1];
	glp_prob *lp;
	glp_smcp parm;

	for (int i = 0; i < q->nc; i++)
		col[i] = hid[i] ? ++nv : 0;
	if (!nv || !q->nr)
		return; /* nothing links a hidden cell to anything */
	lp = glp_create_prob();
	glp_add_cols(lp, nv);
	for (int j = 1; j <= nv; j++)
		glp_set_col_bnds(lp, j, GLP_LO, 0, 0);
	glp_add_rows(lp, q->nr);
	for (int k = 0; k < q->nr; k++) {
		double rhs = 0;
		for (int m = -1; m < q->rn[k]; m++) {
			int c = m < 0 ? q->rt[k] : q->rp[k][m];
			double sg = m < 0 ? 1 : -1;
			if (col[c]) {
				nz++;
				ia[nz] = k + 1;
				ja[nz] = col[c];
				ar[nz] = sg;
			} else {
				rhs -= sg * (double)q->cnt[c];
			}
		}
		glp_set_row_bnds(lp, k + 1, GLP_FX, rhs, rhs);
	}
	glp_load_matrix(lp, nz, ia, ja, ar);
	glp_adv_basis(lp, 0);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	for (int i = 0; i < q->nc; i++) {
		double v[2];
		if (!col[i])
			continue;
		for (int j = 1; j <= nv; j++)
			glp_set_obj_coef(lp, j, j == col[i]);
		for (int d = 0; d < 2; d++) {
			glp_set_obj_dir(lp, d ? GLP_MAX : GLP_MIN);
			/* floating-point simplex, then the exact one from its
			 * basis to confirm the optimum in rationals */
			if (glp_simplex(lp, &parm) != 0) {
				glp_std_basis(lp);
				if (glp_simplex(lp, &parm) != 0)
					__builtin_trap();
			}
			if (glp_exact(lp, &parm) != 0)
				__builtin_trap();
			int st = glp_get_status(lp);
			if (st == GLP_UNBND && d == 1)
				v[1] = 1e300;
			else if (st == GLP_OPT)
				v[d] = glp_get_col_prim(lp, col[i]);
			else
				__builtin_trap();
		}
		double lo = ceil(v[0] - 1e-9), hi = floor(v[1] + 1e-9);
		if (hi - lo < 1)
			__builtin_trap(); /* a hidden cell is recoverable */
		if (lo > 0 && hi < (double)q->threshold)
			__builtin_trap(); /* "a small count" */
	}
	glp_delete_prob(lp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	static struct prob q;
	struct kl_sdc *a = NULL, *b = NULL;
	struct kl_error err;
	size_t ia[MAXC], ib[MAXC];
	int hid[MAXC], ra, rb;

	if (!init) {
		kl_init(&err);
		glp_term_out(GLP_OFF);
		init = 1;
	}
	build(&q, data, size);
	kl_error_clear(&err);
	ra = run(&q, 0, &a, ia, &err);
	rb = run(&q, 1, &b, ib, &err);
	if (ra != rb || (ra != KL_OK && ra != KL_ERR_NUMERIC))
		__builtin_trap();
	if (ra == KL_OK) {
		for (int i = 0; i < q.nc; i++) {
			enum kl_sdc_state st = kl_sdc_state(a, ia[i]);
			if (st != kl_sdc_state(b, ib[i]))
				__builtin_trap(); /* order changed the pattern
				                   */
			hid[i] = is_hidden(st);
			if (hid[i] && q.ex[i])
				__builtin_trap();
			if (!hid[i] && !q.ex[i] && q.cnt[i] >= 1 &&
			    q.cnt[i] < q.threshold)
				__builtin_trap();
			if ((st == KL_SDC_ZERO) != (!hid[i] && q.cnt[i] == 0))
				__builtin_trap();
		}
		for (int k = 0; k < q.nr; k++) {
			long long t = q.cnt[q.rt[k]];
			if (q.rn[k] < 2 || t <= 0 || t >= q.margin)
				continue;
			for (int m = 0; m < q.rn[k]; m++) {
				int c = q.rp[k][m];
				if (q.cnt[c] == t && !q.ex[c] && !hid[c])
					__builtin_trap();
			}
		}
		audit(&q, hid);
	}
	kl_sdc_free(a);
	kl_sdc_free(b);
	return 0;
}
