/*
 * calibrate_priv.h - a weight set rebuilt in memory, for the
 * calibration-adjusted variance in estimate.c; never included from cli/.
 *
 * Every row of a crossed cell of the calibration variables has the same
 * calibration factors, so the set holds per row only its _row, cell and
 * design weight (20 bytes), and the factors per cell.
 *
 * The variance of an estimate under calibrated weights replaces the row
 * scores x_i by residuals x_i - psw_i(m) sum_j beta_j [row i in cell j of
 * margin m] (kartlagg-calibrate(1), VARIANCE).  The coefficients beta are
 * a linear function of the sums s_j = sum over the domain's valid rows in
 * cell j of x_i v_i(m); kli_cal_beta computes them.
 */
#ifndef KL_CALIBRATE_PRIV_H
#define KL_CALIBRATE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "kl_calibrate.h"

struct kli_cal {
	enum kl_cal_method method;
	char *weight, *over; /* variable names */
	size_t nmargins;
	size_t nrows;
	long long *row; /* survey _row of each row, ascending */
	uint32_t *cell; /* crossed cell of each row */
	double *w0;     /* design weight of each row */
	/* per crossed cell (all of its rows share the calibration factors) */
	size_t ncells;
	uint32_t *cellcol; /* ncells x nmargins: global column in margin m */
	double *g;         /* calibrated weight / design weight */
	double *gp;        /* ncells x nmargins: psw / design weight */
	double *vr;        /* rake: ncells x nmargins, v = w / psw */
	size_t ngroups;
	char **group_over; /* over value of each group (NULL without over) */
	long long *group_nrows;
	size_t *gstart; /* columns of group g: gstart[g] .. gstart[g+1] */
	size_t ncols;
	uint32_t *col_margin; /* margin of each column */
	double *cnt;          /* rows in each column (rake) */
	double *diag;         /* post-stratification: sum of w0 per cell */
	double **ginv;        /* linear: pseudo-inverse of X'W0X per group */
	double **K;           /* rake: cross sums per group (J x J) */
};

/* Row i's global column in margin m. */
static inline uint32_t kli_cal_col(const struct kli_cal *c, size_t i, size_t m)
{
	return c->cellcol[(size_t)c->cell[i] * c->nmargins + m];
}

/* Row i's calibrated weight. */
static inline double kli_cal_w(const struct kli_cal *c, size_t i)
{
	return c->w0[i] * c->g[c->cell[i]];
}

/* The weight row i's residual uses in margin m (psw). */
static inline double kli_cal_psw(const struct kli_cal *c, size_t i, size_t m)
{
	return c->w0[i] * c->gp[(size_t)c->cell[i] * c->nmargins + m];
}

/* The factor v of row i in the sums s_j of margin m: w0, or for raking
 * w / psw. */
static inline double kli_cal_vfac(const struct kli_cal *c, size_t i, size_t m)
{
	return c->vr ? c->vr[(size_t)c->cell[i] * c->nmargins + m] : c->w0[i];
}

/* Rebuild weight set `name` of `survey` (the calibration re-run from its
 * stored targets; KL_ERR_USAGE when it no longer reproduces the stored
 * weights, e.g. after a re-import). */
int kli_cal_load(struct kl_store *st, const char *survey, const char *name,
                 struct kli_cal **out, struct kl_error *err);
void kli_cal_free(struct kli_cal *c);

/* Index of the row with survey _row `row`, or -1. */
long kli_cal_find(const struct kli_cal *c, long long row);

/* beta (ncols, zeroed outside group g) from s (ncols). */
void kli_cal_beta(const struct kli_cal *c, size_t g, const double *s,
                  double *beta);

/* ---------------------------------------------------------------- the run
 * One calibration in progress, shared by calibrate.c (rows, columns,
 * targets), calibrate_solve.c (the methods) and calibrate_sets.c (the
 * store).  Zero-initialise; kli_cal_run_release frees what it holds.
 */
#include <stdint.h>
#include <string.h>

#include "util_priv.h"

struct kli_cal_var {
	char *name;
	int map; /* index into maps, -1 = none */
	struct kli_map vals;
};

struct kli_cal_run {
	struct kl_store *st;
	const struct kl_cal_spec *c;
	char *table, *key_vars;
	long long survey_import;
	size_t nvars; /* union of the margin variables */
	struct kli_cal_var *vars;
	size_t nm;
	size_t *mnv;   /* variables per margin */
	size_t **mvar; /* their indexes into vars */
	/* rows */
	size_t n, cap;
	long long *row; /* _row of each row, ascending */
	uint32_t *cell; /* crossed cell of each row (an id of `cells`) */
	double *w0;
	/* crossed cells: key = uint32_t group, value id of each of vars */
	struct kli_map cells;
	uint32_t *cgroup;  /* cells.n: over group of the cell */
	double *cw0;       /* cells.n: sum of the design weights */
	long long *cn;     /* cells.n: rows */
	uint32_t *cellcol; /* cells.n x nm: column of the cell in margin m */
	double *g;         /* cells.n: calibration factor w / w0 */
	double *gp;        /* cells.n x nm: psw / w0 (the weight after margin
	                      m in the last sweep of raking; else g) */
	struct kli_map groups;
	long long *gn;
	struct kli_map cols; /* "group\x1e margin\x1e v1\x1f v2..." */
	size_t *gstart;
	double *T; /* target per column; NaN = none */
	int *from_design;
	uint32_t *col_margin, *col_group;
	struct kl_cal_result *res;
};

/* Free everything r holds (r itself is the caller's). */
void kli_cal_run_release(struct kli_cal_run *r);

/* Column of cell c in margin m (kli_cal_make_columns() must have run). */
static inline uint32_t cell_col(const struct kli_cal_run *r, size_t c, size_t m)
{
	return r->cellcol[c * r->nm + m];
}

/* The calibrated weight of row i (kli_cal_run_method() must have run). */
static inline double kli_cal_run_w(const struct kli_cal_run *r, size_t i)
{
	return r->w0[i] * r->g[r->cell[i]];
}

/* The cell of column j as text, "kon=1,arskurs=9" (its key without the
 * group and margin). */
static inline const char *kli_cal_col_cell(const struct kli_cal_run *r,
                                           size_t j)
{
	const char *k = strchr(r->cols.key[j], '\x1e');
	return strchr(k + 1, '\x1e') + 1;
}

/* Read r->c's margin variables, the survey's table and its rows into r;
 * KL_ERR_USAGE for a bad spec, KL_ERR_PARSE for a bad row. */
int kli_cal_read_rows(struct kli_cal_run *r, const char *survey,
                      struct kl_error *err);

/* The cells' groups, design-weight sums and row counts, and the columns
 * of the cells (groups in turn, margins in turn, cells in order of first
 * row), r->T all NaN. */
int kli_cal_make_columns(struct kli_cal_run *r, struct kl_error *err);

/* A new array of the sum of the design weights per column (the caller
 * frees it); NULL when out of memory. */
double *kli_cal_col_sums(const struct kli_cal_run *r);

/* Run r->c->method on the targets in r->T into r->g, r->gp and
 * r->res->groups. */
int kli_cal_run_method(struct kli_cal_run *r, struct kl_error *err);

/* Moore-Penrose inverse of the symmetric n x n matrix a into out; -1 when
 * GSL fails or memory runs out. */
int kli_cal_pinv(const double *a, size_t n, double *out);

/* Save the weights, targets and description of r as set `name` of
 * `survey`, replacing a set of that name, in one transaction. */
int kli_cal_save_set(struct kli_cal_run *r, const char *survey,
                     const char *name, struct kl_error *err);

/* The SCB value that code `code` of map m stands for, or NULL (no
 * population figure). */
const char *kli_pop_map_value(const struct kl_pop_map *m, const char *code);

/* Whether the store has population rows of `level` for `year`. */
int kli_have_population(struct kl_store *st, const char *level, long year);

#endif
