/*
 * mse.c - multiple systems estimation: capture-history input, the Poisson
 * log-linear fit with the extended MLE, the existence/identifiability
 * check and the three intervals for the total.  Formulas: kartlagg-mse(1),
 * METHOD; reference results: shared/reference/mse/.
 *
 * Every fit works on cell codes (see mse_priv.h): a model's columns are
 * masks, and the sums a Newton step needs are superset sums over the 2^k
 * cells.  Fits converge to machine precision (the step is < 1e-10
 * relative before the last one, and Newton's convergence is quadratic).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_psi.h>

#include "kl_csv.h"
#include "kl_mse.h"
#include "mse_priv.h"
#include "util_priv.h"

#define CHI2_95 3.841458820694124
#define Z_975 1.959963984540054

/* ---- input ------------------------------------------------------------ */

struct reader {
	struct kl_mse_data *d;
	const char *path;
	size_t ncols;
	unsigned long seen[KL_MSE_NCELLS]; /* line of a history, 0 = none */
	char header[KL_MSE_MAX_LISTS + 1][KL_MSE_NAME_MAX];
};

/* Copy s without leading/trailing blanks into buf. */
static void trim_copy(char *buf, size_t n, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = 0;
}

/* Quote at most 24 bytes of a cell for a message. */
static const char *shown(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s);
	if (len > 24 && n > 28) {
		memcpy(buf, s, 24);
		memcpy(buf + 24, "...", 4);
		return buf;
	}
	snprintf(buf, n, "%s", s);
	return buf;
}

static int on_header(struct reader *r, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	size_t nf = rec->nfields;
	char name[KL_MSE_NAME_MAX];

	if (nf < 3)
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line, nf,
		                   "expected a header with two or more list "
		                   "columns and a last column 'count', got %zu "
		                   "column%s",
		                   nf, nf == 1 ? "" : "s");
	if (nf - 1 > KL_MSE_MAX_LISTS)
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line,
		                   KL_MSE_MAX_LISTS + 1,
		                   "expected at most %d lists, got %zu (merge "
		                   "small lists with --merge)",
		                   KL_MSE_MAX_LISTS, nf - 1);
	trim_copy(name, sizeof(name), rec->fields[nf - 1], rec->lens[nf - 1]);
	if (strcasecmp(name, "count") != 0)
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line, nf,
		                   "expected the last column to be 'count', "
		                   "got '%s'",
		                   name);
	for (size_t j = 0; j + 1 < nf; j++) {
		if (rec->lens[j] >= KL_MSE_NAME_MAX)
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, j + 1,
			                   "expected a list name of at most %d "
			                   "bytes, got %zu",
			                   KL_MSE_NAME_MAX - 1, rec->lens[j]);
		trim_copy(name, sizeof(name), rec->fields[j], rec->lens[j]);
		if (!name[0])
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, j + 1,
			                   "expected a list name, got an empty "
			                   "header");
		if (strpbrk(name, ":+,|"))
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, j + 1,
			                   "expected a list name without ':', "
			                   "'+', ',' or '|', got '%s'",
			                   name);
		for (size_t i = 0; i < j; i++)
			if (strcmp(r->d->names[i], name) == 0)
				return kl_error_at(
				    err, KL_ERR_PARSE, r->path, rec->line,
				    j + 1,
				    "expected distinct list names, '%s' "
				    "is also column %zu",
				    name, i + 1);
		kli_strlcpy(r->d->names[j], name, KL_MSE_NAME_MAX);
	}
	r->ncols = nf;
	r->d->k = (int)(nf - 1);
	return 0;
}

static int on_row(struct reader *r, const struct kl_csv_record *rec,
                  struct kl_error *err)
{
	struct kl_mse_data *d = r->d;
	size_t nf = rec->nfields;
	unsigned code = 0;
	char cell[64], buf[32];
	int rc;

	if (nf != r->ncols)
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line,
		                   nf < r->ncols ? nf : r->ncols + 1,
		                   "expected %zu fields as in the header, got "
		                   "%zu",
		                   r->ncols, nf);
	for (size_t j = 0; j + 1 < nf; j++) {
		trim_copy(cell, sizeof(cell), rec->fields[j], rec->lens[j]);
		if (strcmp(cell, "1") == 0) {
			code |= 1u << j;
		} else if (strcmp(cell, "0") != 0) {
			rc = kl_error_at(
			    err, KL_ERR_PARSE, r->path, rec->line, j + 1,
			    "expected 0 or 1 (seen on list '%s' "
			    "or not), got '%s'",
			    d->names[j], shown(cell, buf, sizeof(buf)));
			snprintf(err->field, sizeof(err->field), "%s",
			         d->names[j]);
			return rc;
		}
	}
	if (code == 0)
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line, 1,
		                   "expected at least one 1: the all-zero "
		                   "history is the dark figure and cannot be "
		                   "observed");
	trim_copy(cell, sizeof(cell), rec->fields[nf - 1], rec->lens[nf - 1]);
	{
		char *end;
		int digits = cell[0] != 0;
		for (const char *s = cell; *s; s++)
			if (!isdigit((unsigned char)*s))
				digits = 0;
		errno = 0;
		double v = digits ? strtod(cell, &end) : -1;
		if (!digits || errno || v > KL_MSE_MAX_N) {
			rc = kl_error_at(
			    err, KL_ERR_PARSE, r->path, rec->line, nf,
			    "expected a count (a whole number from 0 "
			    "to %.0f), got '%s'",
			    KL_MSE_MAX_N, shown(cell, buf, sizeof(buf)));
			snprintf(err->field, sizeof(err->field), "count");
			return rc;
		}
		if (r->seen[code]) {
			d->duplicates++;
			if (!d->first_duplicate_line) {
				d->first_duplicate_line = rec->line;
				d->first_duplicate_of = r->seen[code];
			}
		} else {
			r->seen[code] = rec->line;
		}
		d->y[code] += v;
		d->n += v;
	}
	d->rows++;
	return 0;
}

static int on_record(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct reader *r = ctx;
	if (rec->index == 0)
		return on_header(r, rec, err);
	return on_row(r, rec, err);
}

int kl_mse_data_read(struct kl_mse_data *d, const char *path,
                     struct kl_error *err)
{
	struct kl_csv *c = NULL;
	struct reader *r;
	int rc;

	memset(d, 0, sizeof(*d));
	r = calloc(1, sizeof(*r));
	if (!r)
		return kli_oom(err);
	r->d = d;
	r->path = path;
	rc = kl_csv_open(&c, path, NULL, err);
	if (rc)
		goto out;
	rc = kl_csv_read(c, on_record, r, err);
	if (rc)
		goto out;
	if (d->k == 0) {
		rc = kl_error_at(err, KL_ERR_PARSE, path, 1, 0,
		                 "expected a header with the list names and "
		                 "'count'");
		goto out;
	}
	if (d->rows == 0) {
		rc = kl_error_at(err, KL_ERR_PARSE, path, 2, 0,
		                 "expected capture histories after the header, "
		                 "got none");
		goto out;
	}
	if (d->n <= 0) {
		rc = kl_error_at(err, KL_ERR_PARSE, path, 0, 0,
		                 "expected some individuals, every count is 0");
		goto out;
	}
	if (d->n > KL_MSE_MAX_N) {
		rc =
		    kl_error_at(err, KL_ERR_PARSE, path, 0, 0,
		                "expected at most %.0f individuals in all, got "
		                "%.0f",
		                KL_MSE_MAX_N, d->n);
		goto out;
	}
out:
	if (rc)
		memset(d, 0, sizeof(*d));
	kl_csv_close(c);
	free(r);
	return rc;
}

int kl_mse_data_set(struct kl_mse_data *d, int k, const char *const *names,
                    const double *y, struct kl_error *err)
{
	memset(d, 0, sizeof(*d));
	if (k < 2 || k > KL_MSE_MAX_LISTS)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 2 to %d lists, got %d",
		                    KL_MSE_MAX_LISTS, k);
	d->k = k;
	for (int j = 0; j < k; j++) {
		if (!names[j][0] || strlen(names[j]) >= KL_MSE_NAME_MAX ||
		    strpbrk(names[j], ":+,|"))
			return kl_error_set(err, KL_ERR_USAGE,
			                    "bad list name '%s'", names[j]);
		kli_strlcpy(d->names[j], names[j], KL_MSE_NAME_MAX);
	}
	for (int w = 1; w < (1 << k); w++) {
		if (!(y[w] >= 0) || y[w] != floor(y[w]))
			return kl_error_set(err, KL_ERR_USAGE,
			                    "expected whole counts >= 0");
		d->y[w] = y[w];
		d->n += y[w];
	}
	if (d->n > KL_MSE_MAX_N)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected at most %.0f individuals in all",
		                    KL_MSE_MAX_N);
	return KL_OK;
}

int kl_mse_data_merge(struct kl_mse_data *d, const char *spec,
                      struct kl_error *err)
{
	char buf[KL_MSE_MAX_LISTS * (KL_MSE_NAME_MAX + 8)];
	struct kli_sb name = {0};
	unsigned set = 0;
	int count = 0, first = -1;
	double y[KL_MSE_NCELLS];
	char *save = NULL;

	if (kli_strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--merge: expected at most %d list names "
		                    "of at most %d bytes, got %zu bytes",
		                    KL_MSE_MAX_LISTS, KL_MSE_NAME_MAX - 1,
		                    strlen(spec));
	for (char *tok = strtok_r(buf, ",+", &save); tok;
	     tok = strtok_r(NULL, ",+", &save)) {
		int j;
		char t[KL_MSE_NAME_MAX], tt[KL_MSE_NAME_MAX + 1];
		/* a longer name cannot be a list's: never match its prefix */
		trim_copy(tt, sizeof(tt), tok, strlen(tok));
		if (strlen(tt) >= sizeof(t))
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "--merge: no list named '%.24s...' "
			    "(list names have at most %d bytes)",
			    tt, KL_MSE_NAME_MAX - 1);
		kli_strlcpy(t, tt, sizeof(t));
		for (j = 0; j < d->k; j++)
			if (strcmp(d->names[j], t) == 0)
				break;
		if (j == d->k)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "--merge: no list named '%s'", t);
		if (set & (1u << j))
			return kl_error_set(err, KL_ERR_USAGE,
			                    "--merge: list '%s' named twice",
			                    t);
		set |= 1u << j;
		count++;
	}
	if (count < 2)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--merge: expected two or more list names, "
		                    "got '%s'",
		                    spec);
	if (d->k - count + 1 < 2)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--merge: that leaves one list; MSE needs "
		                    "two or more");
	/* the merged list sits where its first column was */
	for (int j = 0; j < d->k; j++)
		if (set & (1u << j)) {
			if (first < 0)
				first = j;
			kli_sb_appendf(&name, "%s%s", name.len ? "|" : "",
			               d->names[j]);
		}
	if (name.failed) {
		kli_sb_free(&name);
		return kli_oom(err);
	}
	if (name.len >= KL_MSE_NAME_MAX) {
		size_t n = name.len;
		kli_sb_free(&name);
		return kl_error_set(err, KL_ERR_USAGE,
		                    "--merge: the merged name would have %zu "
		                    "bytes; list names have at most %d",
		                    n, KL_MSE_NAME_MAX - 1);
	}
	int map[KL_MSE_MAX_LISTS], nk = 0;
	char names[KL_MSE_MAX_LISTS][KL_MSE_NAME_MAX];
	for (int j = 0; j < d->k; j++) {
		if ((set & (1u << j)) && j != first) {
			map[j] = -1;
			continue;
		}
		map[j] = nk;
		kli_strlcpy(names[nk],
		            j == first ? kli_sb_str(&name) : d->names[j],
		            KL_MSE_NAME_MAX);
		nk++;
	}
	memset(y, 0, sizeof(y));
	for (int w = 1; w < (1 << d->k); w++) {
		unsigned nw = 0;
		for (int j = 0; j < d->k; j++)
			if (w & (1 << j))
				nw |= 1u << (map[j] >= 0 ? map[j] : map[first]);
		y[nw] += d->y[w];
	}
	kli_sb_free(&name);
	d->k = nk;
	memcpy(d->names, names, sizeof(names));
	memcpy(d->y, y, sizeof(y));
	return KL_OK;
}

/* ---- models ----------------------------------------------------------- */

static int popcount(unsigned x)
{
	return __builtin_popcount(x);
}

char *kl_mse_term_name(const struct kl_mse_data *d, unsigned term, char *buf,
                       size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (int j = 0; j < d->k; j++)
		if (term & (1u << j)) {
			int w = snprintf(buf + len, len < n ? n - len : 0,
			                 "%s%s", len ? ":" : "", d->names[j]);
			if (w > 0)
				len += (size_t)w;
		}
	return buf;
}

char *kl_mse_model_name(const struct kl_mse_data *d,
                        const struct kl_mse_model *m, char *buf, size_t n)
{
	size_t len = 0;
	char t[KL_MSE_MAX_LISTS * KL_MSE_NAME_MAX];

	if (m->nterms == 0) {
		snprintf(buf, n, "main");
		return buf;
	}
	buf[0] = 0;
	for (int i = 0; i < m->nterms && len + 1 < n; i++) {
		kl_mse_term_name(d, m->terms[i], t, sizeof(t));
		int w = snprintf(buf + len, n - len, "%s%s", i ? "+" : "", t);
		if (w > 0)
			len += (size_t)w;
		if (len >= n)
			break;
	}
	return buf;
}

int kl_mse_model_parse(struct kl_mse_model *m, const struct kl_mse_data *d,
                       const char *spec, struct kl_error *err)
{
	char buf[8192], t[KL_MSE_NAME_MAX * KL_MSE_MAX_LISTS];
	char *save = NULL;

	m->nterms = 0;
	if (strcmp(spec, "independence") == 0 || strcmp(spec, "main") == 0)
		return KL_OK;
	if (kli_strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf))
		return kl_error_set(err, KL_ERR_USAGE, "--model is too long");
	for (char *tok = strtok_r(buf, ",+", &save); tok;
	     tok = strtok_r(NULL, ",+", &save)) {
		unsigned mask = 0;
		char *s2 = NULL;
		trim_copy(t, sizeof(t), tok, strlen(tok));
		for (char *nm = strtok_r(t, ":", &s2); nm;
		     nm = strtok_r(NULL, ":", &s2)) {
			char name[KL_MSE_NAME_MAX];
			int j;
			trim_copy(name, sizeof(name), nm, strlen(nm));
			for (j = 0; j < d->k; j++)
				if (strcmp(d->names[j], name) == 0)
					break;
			if (j == d->k)
				return kl_error_set(err, KL_ERR_USAGE,
				                    "--model: no list named "
				                    "'%s'",
				                    name);
			if (mask & (1u << j))
				return kl_error_set(err, KL_ERR_USAGE,
				                    "--model: list '%s' twice "
				                    "in one term",
				                    name);
			mask |= 1u << j;
		}
		if (popcount(mask) < 2)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "--model: expected interaction terms "
			    "of two or more lists (A:B), got "
			    "'%s'",
			    tok);
		for (int i = 0; i < m->nterms; i++)
			if (m->terms[i] == mask)
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "--model: term '%s' given "
				    "twice",
				    kl_mse_term_name(d, mask, t, sizeof(t)));
		m->terms[m->nterms++] = (unsigned short)mask;
	}
	/* hierarchical: every sub-term of two or more lists is there too */
	for (int i = 0; i < m->nterms; i++) {
		unsigned mask = m->terms[i];
		if (popcount(mask) < 3)
			continue;
		for (int j = 0; j < d->k; j++) {
			unsigned sub = mask & ~(1u << j);
			int found = 0;
			if (sub == mask)
				continue;
			for (int l = 0; l < m->nterms; l++)
				if (m->terms[l] == sub)
					found = 1;
			if (!found) {
				char a[256], b[256];
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "--model: term '%s' needs '%s' "
				    "(models must be hierarchical)",
				    kl_mse_term_name(d, mask, a, sizeof(a)),
				    kl_mse_term_name(d, sub, b, sizeof(b)));
			}
		}
	}
	return KL_OK;
}

/* ---- the workspace ---------------------------------------------------- */

struct kli_mse_ws *kli_mse_ws_new(int k)
{
	struct kli_mse_ws *w = calloc(1, sizeof(*w));
	int nc = 1 << k;
	size_t nz = (size_t)nc * (size_t)(nc + 1) + 1;
	if (!w)
		return NULL;
	w->k = k;
	w->nc = nc;
	w->H = gsl_matrix_alloc((size_t)nc, (size_t)nc);
	w->X = gsl_matrix_alloc((size_t)nc, (size_t)nc);
	w->g = gsl_vector_alloc((size_t)nc);
	w->x = gsl_vector_alloc((size_t)nc);
	w->tau = gsl_vector_alloc((size_t)nc);
	w->norm = gsl_vector_alloc((size_t)nc);
	w->perm = gsl_permutation_alloc((size_t)nc);
	w->ia = malloc(nz * sizeof(int));
	w->ja = malloc(nz * sizeof(int));
	w->ar = malloc(nz * sizeof(double));
	if (!w->H || !w->X || !w->g || !w->x || !w->tau || !w->norm ||
	    !w->perm || !w->ia || !w->ja || !w->ar) {
		kli_mse_ws_free(w);
		return NULL;
	}
	return w;
}

void kli_mse_ws_free(struct kli_mse_ws *w)
{
	if (!w)
		return;
	if (w->H)
		gsl_matrix_free(w->H);
	if (w->X)
		gsl_matrix_free(w->X);
	if (w->g)
		gsl_vector_free(w->g);
	if (w->x)
		gsl_vector_free(w->x);
	if (w->tau)
		gsl_vector_free(w->tau);
	if (w->norm)
		gsl_vector_free(w->norm);
	if (w->perm)
		gsl_permutation_free(w->perm);
	free(w->ia);
	free(w->ja);
	free(w->ar);
	free(w);
}

/* v[c] := sum of v[w] over w containing c (in place). */
static void superset_sum(double *v, int k)
{
	int nc = 1 << k;
	for (int j = 0; j < k; j++) {
		unsigned b = 1u << j;
		for (int c = 0; c < nc; c++)
			if (!(c & b))
				v[c] += v[c | b];
	}
}

/* v[w] := sum of v[c] over c contained in w (in place). */
static void subset_sum(double *v, int k)
{
	int nc = 1 << k;
	for (int j = 0; j < k; j++) {
		unsigned b = 1u << j;
		for (int c = 0; c < nc; c++)
			if (c & b)
				v[c] += v[c ^ b];
	}
}

static void load_sy(struct kli_mse_ws *w)
{
	for (int c = 0; c < w->nc; c++)
		w->sy[c] = w->keep[c] ? w->y[c] : 0;
	superset_sum(w->sy, w->k);
}

void kli_mse_setup(struct kli_mse_ws *w, const struct kl_mse_data *d,
                   const struct kl_mse_model *m)
{
	int nc = w->nc;

	for (int c = 0; c < nc; c++) {
		w->y[c] = c ? d->y[c] : 0;
		w->keep[c] = c != 0;
	}
	load_sy(w); /* all cells: N*_t = sy[t] */
	w->nterms = m->nterms;
	w->n_neg_inf = 0;
	for (int i = 0; i < m->nterms; i++) {
		unsigned t = m->terms[i];
		w->terms[i] = m->terms[i];
		w->neg_inf[i] = w->sy[t] == 0;
		if (w->neg_inf[i]) {
			w->n_neg_inf++;
			for (int c = 1; c < nc; c++)
				if ((c & t) == t)
					w->keep[c] = 0;
		}
	}
	if (w->n_neg_inf)
		load_sy(w);
	w->p = 0;
	w->cols[w->p++] = 0;
	for (int j = 0; j < w->k; j++)
		w->cols[w->p++] = 1u << j;
	for (int i = 0; i < m->nterms; i++)
		if (!w->neg_inf[i])
			w->cols[w->p++] = m->terms[i];
	w->first = 0;
}

/* ---- existence and identifiability ----------------------------------- */

static int glpk_quiet;

/* Rank of the kept rows of X (QR with column pivoting); the columns beyond
 * the rank, in pivot order, go to dep[]. */
int kli_mse_design_rank(struct kli_mse_ws *w, int *dep, int *ndep)
{
	int m = 0, p = w->p, r = 0;
	for (int c = 0; c < w->nc; c++) {
		if (!w->keep[c])
			continue;
		for (int j = 0; j < p; j++)
			gsl_matrix_set(w->X, (size_t)m, (size_t)j,
			               (c & w->cols[j]) == w->cols[j] ? 1 : 0);
		m++;
	}
	*ndep = 0;
	size_t mm = (size_t)(m > p ? m : p);
	for (int i = m; i < (int)mm; i++)
		for (int j = 0; j < p; j++)
			gsl_matrix_set(w->X, (size_t)i, (size_t)j, 0);
	gsl_matrix_view A = gsl_matrix_submatrix(w->X, 0, 0, mm, (size_t)p);
	gsl_vector_view tau = gsl_vector_subvector(w->tau, 0, (size_t)p);
	gsl_vector_view nrm = gsl_vector_subvector(w->norm, 0, (size_t)p);
	gsl_permutation pp = {(size_t)p, w->perm->data};
	int signum;
	if (gsl_linalg_QRPT_decomp(&A.matrix, &tau.vector, &pp, &signum,
	                           &nrm.vector))
		return -1;
	double r0 = fabs(gsl_matrix_get(&A.matrix, 0, 0));
	for (int j = 0; j < p; j++) {
		double rj =
		    fabs(gsl_matrix_get(&A.matrix, (size_t)j, (size_t)j));
		if (j < m && rj > 1e-9 * r0)
			r++;
		else
			dep[(*ndep)++] = (int)pp.data[j];
	}
	return r;
}

/* Fienberg-Rinaldo LP: max s with A'x = A'y, x >= s, x >= 0, written with
 * x = z + s: A'z + s A'1 = A'y, z >= 0, s >= 0.  Returns 1 when the MLE
 * exists (s > 1e-9), 0 when not, -1 when GLPK fails. */
int kli_mse_mle_exists(struct kli_mse_ws *w)
{
	int p = w->p, ncol = 0, nz = 0, any_zero = 0;
	glp_prob *lp;
	glp_smcp parm;
	int ok;

	struct kli_lp_memo key = {0, 0, 0, 0};
	const size_t nmemo = sizeof(w->lp_memo) / sizeof(w->lp_memo[0]);

	for (int c = 0; c < w->nc; c++)
		if (w->keep[c] && w->y[c] <= 0)
			any_zero = 1;
	if (!any_zero)
		return 1; /* x = y has s = min y > 0 */
	if (w->nc <= 64) {
		for (int j = 0; j < p; j++)
			key.cols |= 1ull << w->cols[j];
		for (int c = 0; c < w->nc; c++) {
			key.keep |= (unsigned long long)(w->keep[c] != 0) << c;
			key.pos |=
			    (unsigned long long)(w->keep[c] && w->y[c] > 0)
			    << c;
		}
		for (size_t i = 0; i < w->nlp_memo && i < nmemo; i++)
			if (w->lp_memo[i].cols == key.cols &&
			    w->lp_memo[i].keep == key.keep &&
			    w->lp_memo[i].pos == key.pos)
				return w->lp_memo[i].exists;
	}
	if (!glpk_quiet) {
		glp_term_out(GLP_OFF);
		glpk_quiet = 1;
	}
	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_rows(lp, p);
	for (int j = 0; j < p; j++)
		glp_set_row_bnds(lp, j + 1, GLP_FX, w->sy[w->cols[j]],
		                 w->sy[w->cols[j]]);
	for (int c = 0; c < w->nc; c++) {
		if (!w->keep[c])
			continue;
		ncol++;
		for (int j = 0; j < p; j++)
			if ((c & w->cols[j]) == w->cols[j]) {
				nz++;
				w->ia[nz] = j + 1;
				w->ja[nz] = ncol;
				w->ar[nz] = 1;
			}
	}
	/* s: its column is the number of kept cells under each mask */
	ncol++;
	for (int j = 0; j < p; j++) {
		int cnt = 0;
		for (int c = 0; c < w->nc; c++)
			if (w->keep[c] && (c & w->cols[j]) == w->cols[j])
				cnt++;
		if (cnt) {
			nz++;
			w->ia[nz] = j + 1;
			w->ja[nz] = ncol;
			w->ar[nz] = cnt;
		}
	}
	glp_add_cols(lp, ncol);
	for (int i = 1; i <= ncol; i++)
		glp_set_col_bnds(lp, i, GLP_LO, 0, 0);
	glp_set_obj_coef(lp, ncol, 1);
	glp_load_matrix(lp, nz, w->ia, w->ja, w->ar);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	glp_scale_prob(lp, GLP_SF_AUTO);
	glp_adv_basis(lp, 0);
	if (glp_simplex(lp, &parm) != 0) {
		/* retry from the standard basis with presolve */
		glp_std_basis(lp);
		parm.presolve = GLP_ON;
		if (glp_simplex(lp, &parm) != 0) {
			glp_delete_prob(lp);
			return 0;
		}
	}
	ok = glp_get_status(lp) == GLP_OPT && glp_get_obj_val(lp) >= 1e-9;
	glp_delete_prob(lp);
	if (w->nc <= 64) {
		key.exists = ok;
		w->lp_memo[w->nlp_memo++ % nmemo] = key;
	}
	return ok;
}

int kli_mse_check(struct kli_mse_ws *w, const struct kl_mse_data *d, int *code,
                  char *why, size_t whylen, struct kl_error *err)
{
	int dep[KL_MSE_MAX_PARAMS], ndep = 0, r, ex;

	r = kli_mse_design_rank(w, dep, &ndep);
	if (r < 0)
		return kl_error_set(err, KL_ERR_NUMERIC,
		                    "QR decomposition of the design failed");
	ex = kli_mse_mle_exists(w);
	*code = (ex ? 0 : KL_MSE_NO_MLE) | (r < w->p ? KL_MSE_NOT_IDENT : 0);
	if (!why || !whylen)
		return KL_OK;
	why[0] = 0;
	if (*code & KL_MSE_NOT_IDENT) {
		size_t len;
		char t[256];
		int m = 0;
		for (int c = 0; c < w->nc; c++)
			m += w->keep[c];
		snprintf(why, whylen,
		         "not identifiable: %d parameters but the %d fitted "
		         "cells determine only %d; no fitted cell separates ",
		         w->p, m, r);
		for (int i = 0; i < ndep; i++) {
			unsigned c = w->cols[dep[i]];
			len = strlen(why);
			if (c == 0)
				snprintf(t, sizeof(t), "(Intercept)");
			else
				kl_mse_term_name(d, c, t, sizeof(t));
			snprintf(why + len, whylen - len, "%s%s",
			         i ? (i + 1 == ndep ? " and " : ", ") : "", t);
		}
		len = strlen(why);
		snprintf(why + len, whylen - len, " from the other terms");
	}
	if (*code & KL_MSE_NO_MLE) {
		size_t len = strlen(why);
		int first = 1;
		snprintf(why + len, whylen - len,
		         "%sthe MLE does not exist: the observed margins lie "
		         "on the boundary (Fienberg-Rinaldo LP optimum 0), "
		         "so unobserved cells under ",
		         len ? "; " : "");
		for (int i = 0; i < w->nterms; i++) {
			unsigned t = w->terms[i];
			int zero = 0;
			char nm[256];
			if (w->neg_inf[i])
				continue;
			for (int c = 1; c < w->nc; c++)
				if (w->keep[c] && (c & t) == t && w->y[c] <= 0)
					zero = 1;
			if (!zero)
				continue;
			len = strlen(why);
			snprintf(why + len, whylen - len, "%s%s",
			         first ? "" : ", ",
			         kl_mse_term_name(d, t, nm, sizeof(nm)));
			first = 0;
		}
		if (first) {
			len = strlen(why);
			snprintf(why + len, whylen - len, "the main effects");
		}
		len = strlen(why);
		snprintf(why + len, whylen - len,
		         " would need fitted means of 0");
	}
	return KL_OK;
}

int kl_mse_checkident(const struct kl_mse_data *d, const struct kl_mse_model *m,
                      int *code, struct kl_error *err)
{
	struct kli_mse_ws *w = kli_mse_ws_new(d->k);
	int rc;
	if (!w)
		return kli_oom(err);
	kli_mse_setup(w, d, m);
	rc = kli_mse_check(w, d, code, NULL, 0, err);
	kli_mse_ws_free(w);
	return rc;
}

/* ---- fitting ------------------------------------------------------------ */

/* mu for coefficients b; returns the deviance (INFINITY on overflow). */
static double eval(struct kli_mse_ws *w, const double *b, double *mu)
{
	double dev = 0;
	for (int c = 0; c < w->nc; c++)
		mu[c] = 0;
	for (int j = 0; j < w->p; j++)
		mu[w->cols[j]] += b[j];
	subset_sum(mu, w->k);
	for (int c = 0; c < w->nc; c++) {
		if (!w->keep[c]) {
			mu[c] = 0;
			continue;
		}
		if (mu[c] > 700)
			return INFINITY;
		double m = exp(mu[c]), y = w->y[c];
		mu[c] = m;
		dev += (y > 0 ? y * log(y / m) : 0) - (y - m);
	}
	return 2 * dev;
}

/* Solve H x = rhs for the free columns (H from superset sums s of the
 * weights); the solution goes to w->x. */
static int solve_step(struct kli_mse_ws *w, const double *s, const double *rhs)
{
	int f = w->first, q = w->p - f;
	gsl_matrix_view H =
	    gsl_matrix_submatrix(w->H, 0, 0, (size_t)q, (size_t)q);
	gsl_vector_view g = gsl_vector_subvector(w->g, 0, (size_t)q);
	gsl_vector_view x = gsl_vector_subvector(w->x, 0, (size_t)q);

	for (int a = 0; a < q; a++) {
		unsigned ca = w->cols[a + f];
		for (int b = 0; b <= a; b++) {
			double v = s[ca | w->cols[b + f]];
			gsl_matrix_set(&H.matrix, (size_t)a, (size_t)b, v);
			gsl_matrix_set(&H.matrix, (size_t)b, (size_t)a, v);
		}
		gsl_vector_set(&g.vector, (size_t)a, rhs[a]);
	}
	if (gsl_linalg_cholesky_decomp1(&H.matrix))
		return -1;
	if (gsl_linalg_cholesky_solve(&H.matrix, &g.vector, &x.vector))
		return -1;
	return 0;
}

int kli_mse_newton(struct kli_mse_ws *w, int warm, struct kl_error *err)
{
	int f = w->first, p = w->p, q = p - f, it;
	double rhs[KL_MSE_MAX_PARAMS] = {0};
	double dev;

	if (!warm) {
		/* R's start: mu = y + 0.1, one weighted least-squares step
		 * on the working response z = log mu + (y - mu)/mu */
		double off = f ? w->beta[0] : 0;
		for (int c = 0; c < w->nc; c++) {
			double m0 = w->keep[c] ? w->y[c] + 0.1 : 0;
			w->s[c] = m0;
			w->mnew[c] = w->keep[c]
			                 ? m0 * (log(m0) - off) + w->y[c] - m0
			                 : 0;
		}
		superset_sum(w->s, w->k);
		superset_sum(w->mnew, w->k);
		for (int a = 0; a < q; a++)
			rhs[a] = w->mnew[w->cols[a + f]];
		if (solve_step(w, w->s, rhs))
			return kl_error_set(
			    err, KL_ERR_NUMERIC,
			    "singular information matrix at the "
			    "start of the fit");
		for (int a = 0; a < q; a++)
			w->beta[a + f] = gsl_vector_get(w->x, (size_t)a);
	}
	dev = eval(w, w->beta, w->mu);
	if (!isfinite(dev))
		return kl_error_set(err, KL_ERR_NUMERIC,
		                    "the fit overflowed at its start");
	for (it = 0; it < 200; it++) {
		double dmax = 0, bmax = 0, step = 1, dn = INFINITY;
		memcpy(w->s, w->mu, (size_t)w->nc * sizeof(double));
		superset_sum(w->s, w->k);
		for (int a = 0; a < q; a++) {
			unsigned c = w->cols[a + f];
			rhs[a] = w->sy[c] - w->s[c];
		}
		if (solve_step(w, w->s, rhs))
			return kl_error_set(err, KL_ERR_NUMERIC,
			                    "singular information matrix (the "
			                    "model is not identifiable)");
		for (int h = 0; h < 60; h++) {
			memcpy(w->bnew, w->beta, (size_t)p * sizeof(double));
			for (int a = 0; a < q; a++)
				w->bnew[a + f] +=
				    step * gsl_vector_get(w->x, (size_t)a);
			dn = eval(w, w->bnew, w->mnew);
			/* a rise below the rounding of the deviance's terms
			 * (scale: the counts) is not a rise */
			if (isfinite(dn) &&
			    dn <= dev + 1e-11 * (fabs(dev) + w->sy[0] + 1))
				break;
			step /= 2;
		}
		if (!isfinite(dn))
			return kl_error_set(err, KL_ERR_NUMERIC,
			                    "the fit diverged (the MLE may not "
			                    "exist)");
		for (int a = 0; a < q; a++) {
			double dl =
			    fabs(step * gsl_vector_get(w->x, (size_t)a));
			if (dl > dmax)
				dmax = dl;
			if (fabs(w->bnew[a + f]) > bmax)
				bmax = fabs(w->bnew[a + f]);
		}
		memcpy(w->beta, w->bnew, (size_t)p * sizeof(double));
		memcpy(w->mu, w->mnew, (size_t)w->nc * sizeof(double));
		dev = dn;
		if (dmax <= 1e-10 * (1 + bmax) && step == 1)
			break;
		if (dmax <= 1e-15 * (1 + bmax))
			break;
	}
	w->iterations = it + 1;
	w->dev = dev;
	if (it == 200)
		return kl_error_set(err, KL_ERR_NUMERIC,
		                    "the fit did not converge in 200 "
		                    "iterations");
	return KL_OK;
}

double kli_mse_loglik(const struct kli_mse_ws *w)
{
	double ll = 0;
	for (int c = 0; c < w->nc; c++) {
		if (!w->keep[c])
			continue;
		double y = w->y[c], m = w->mu[c];
		ll += (y > 0 ? y * log(m) : 0) - m - lgamma(y + 1);
	}
	return ll;
}

/* ---- intervals -------------------------------------------------------- */

struct prof {
	struct kli_mse_ws *w;
	double dev_hat;
	double n;
	int stirling;
	int failed;
	struct kl_error *err;
};

/* Poisson profile: deviance(b0) - deviance_hat - chi2 (= 2(l^ - l(b0)) -
 * chi2). */
static double prof_poisson(double b0, void *ctx)
{
	struct prof *pr = ctx;
	pr->w->beta[0] = b0;
	if (kli_mse_newton(pr->w, 1, pr->err)) {
		pr->failed = 1;
		return GSL_NAN;
	}
	return pr->w->dev - pr->dev_hat - CHI2_95;
}

/* Find a root of fn between a and b (fn(a), fn(b) of opposite sign) with
 * GSL's Brent solver to ~1e-15 relative. */
static int brent(double (*fn)(double, void *), void *ctx, double a, double b,
                 double *root)
{
	gsl_function F = {fn, ctx};
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	int rc = -1;
	if (!s)
		return -1;
	if (gsl_root_fsolver_set(s, &F, a < b ? a : b, a < b ? b : a))
		goto out;
	for (int i = 0; i < 300; i++) {
		if (gsl_root_fsolver_iterate(s))
			goto out;
		double lo = gsl_root_fsolver_x_lower(s);
		double hi = gsl_root_fsolver_x_upper(s);
		if (gsl_root_test_interval(lo, hi, 0, 4e-16) == GSL_SUCCESS ||
		    lo == hi) {
			rc = 0;
			break;
		}
	}
	*root = gsl_root_fsolver_root(s);
	if (rc == 0 && fabs(fn(*root, ctx)) > 0) {
		/* leave the workspace at the root */
	}
out:
	gsl_root_fsolver_free(s);
	return rc;
}

/* Walk from x0 by steps of `step` (growing) until fn changes sign. */
static int bracket(double (*fn)(double, void *), void *ctx, double x0,
                   double step, double limit, double *x1)
{
	double f0 = fn(x0, ctx);
	for (int i = 0; i < 60; i++) {
		double x = x0 + step;
		if ((step < 0 && x < limit) || (step > 0 && x > limit))
			x = limit;
		double fx = fn(x, ctx);
		if (isnan(fx))
			return -1;
		if ((fx > 0) != (f0 > 0)) {
			*x1 = x;
			return 0;
		}
		if (x == limit)
			return -1;
		step *= 2;
	}
	return -1;
}

static int profile_poisson(struct kli_mse_ws *w, struct kl_mse_fit *f,
                           struct kl_error *err)
{
	struct prof pr = {w, w->dev, f->n, 0, 0, err};
	double bhat = w->beta[0], s = f->se_log_dark, lo, hi, x1;
	double save[KL_MSE_MAX_PARAMS];

	memcpy(save, w->beta, (size_t)w->p * sizeof(double));
	w->first = 1;
	f->prof_lo = f->prof_hi = NAN;
	if (w->p < 2)
		goto out;
	if (bracket(prof_poisson, &pr, bhat, -3 * s, -HUGE_VAL, &x1) == 0 &&
	    brent(prof_poisson, &pr, x1, bhat, &lo) == 0 && !pr.failed)
		f->prof_lo = f->n + exp(lo);
	memcpy(w->beta, save, (size_t)w->p * sizeof(double));
	pr.failed = 0;
	if (bracket(prof_poisson, &pr, bhat, 3 * s, HUGE_VAL, &x1) == 0 &&
	    brent(prof_poisson, &pr, bhat, x1, &hi) == 0 && !pr.failed)
		f->prof_hi = f->n + exp(hi);
out:
	w->first = 0;
	memcpy(w->beta, save, (size_t)w->p * sizeof(double));
	kl_error_clear(err);
	return KL_OK;
}

/* Multinomial profile in N: the GLM with cell 0 added (count N - n). */
static int fit_at_n(struct prof *pr, double N)
{
	struct kli_mse_ws *w = pr->w;
	double n0 = N - pr->n;
	w->sy[0] += n0 - w->y[0];
	w->y[0] = n0;
	if (kli_mse_newton(w, 1, pr->err)) {
		pr->failed = 1;
		return -1;
	}
	return 0;
}

/* c(N) of the multinomial likelihood, exact or Rcapture's Stirling form */
static double c_of_n(double N, double n0, int stirling)
{
	if (stirling && N > 100) {
		if (n0 == 0 || n0 == 1)
			return -N + 0.5 * log(2 * M_PI * N);
		return n0 - N - 0.5 * log(n0 / N);
	}
	return (n0 > 0 ? n0 * log(n0) : 0) + lgamma(N + 1) - N * log(N) -
	       lgamma(n0 + 1);
}

static double lm_of_n(double N, void *ctx)
{
	struct prof *pr = ctx;
	if (fit_at_n(pr, N))
		return GSL_NAN;
	return -pr->w->dev / 2 + c_of_n(N, N - pr->n, pr->stirling);
}

/* d l_m / dN (envelope theorem: d(-dev/2)/dn0 = log(mu0/n0)) */
static double dlm_of_n(double N, void *ctx)
{
	struct prof *pr = ctx;
	double n0 = N - pr->n, mu0;
	if (fit_at_n(pr, N))
		return GSL_NAN;
	mu0 = pr->w->mu[0];
	if (pr->stirling && N > 100)
		return log(mu0 / n0) - 0.5 / n0 + 0.5 / N;
	return log(mu0) + gsl_sf_psi(N + 1) - log(N) - gsl_sf_psi(n0 + 1);
}

struct lmcut {
	struct prof *pr;
	double level;
};

static double lm_cut(double N, void *ctx)
{
	struct lmcut *lc = ctx;
	return lm_of_n(N, lc->pr) - lc->level;
}

static void profile_multinomial(struct kli_mse_ws *w, struct kl_mse_fit *f,
                                int stirling, struct kl_error *err)
{
	struct prof pr = {w, 0, f->n, stirling, 0, err};
	double save[KL_MSE_MAX_PARAMS], n = f->n, a, b, nhat, lmax, x1;
	double *outn = stirling ? &f->mult_st_n : &f->mult_n;
	double *outlo = stirling ? &f->mult_st_lo : &f->mult_lo;
	double *outhi = stirling ? &f->mult_st_hi : &f->mult_hi;
	struct lmcut lc = {&pr, 0};

	*outn = *outlo = *outhi = NAN;
	memcpy(save, w->beta, (size_t)w->p * sizeof(double));
	w->keep[0] = 1;
	w->y[0] = 0;
	/* mean of cell 0 is exp(b0): the main fit is a good start */
	/* the maximum: root of dl/dN between n (or n + 1 for Stirling,
	 * whose c(N) has a spike as N - n -> 0) and 1.5 total */
	a = stirling && n > 100 ? n + 1 : n;
	b = 1.5 * f->total;
	if (b <= a)
		b = a + 1;
	{
		double ga = dlm_of_n(a, &pr);
		if (isnan(ga))
			goto out;
		if (ga <= 0) {
			nhat = a;
		} else {
			double gb = dlm_of_n(b, &pr);
			if (isnan(gb))
				goto out;
			if (gb > 0 && bracket(dlm_of_n, &pr, b, f->total,
			                      HUGE_VAL, &x1) == 0)
				b = x1;
			else if (gb > 0)
				goto out;
			if (brent(dlm_of_n, &pr, a, b, &nhat) || pr.failed)
				goto out;
		}
	}
	lmax = lm_of_n(nhat, &pr);
	if (isnan(lmax))
		goto out;
	*outn = nhat;
	lc.level = lmax - CHI2_95 / 2;
	{
		double hn = lm_cut(n, &lc);
		if (isnan(hn))
			goto out;
		if (hn > 0)
			*outlo = n;
		else if (brent(lm_cut, &lc, n, nhat, &x1) == 0 && !pr.failed)
			*outlo = x1;
	}
	if (bracket(lm_cut, &lc, nhat, f->total, HUGE_VAL, &x1) == 0 &&
	    brent(lm_cut, &lc, nhat, x1, &b) == 0 && !pr.failed)
		*outhi = b;
out:
	w->keep[0] = 0;
	w->sy[0] -= w->y[0];
	w->y[0] = 0;
	memcpy(w->beta, save, (size_t)w->p * sizeof(double));
	kl_error_clear(err);
}

/* ---- the fit ---------------------------------------------------------- */

static void clear_estimates(struct kl_mse_fit *f)
{
	f->loglik = f->deviance = f->aic = f->bic = f->bic_cells = NAN;
	f->se_log_dark = f->dark = f->total = NAN;
	f->wald_lo = f->wald_hi = f->prof_lo = f->prof_hi = NAN;
	f->mult_n = f->mult_lo = f->mult_hi = NAN;
	f->mult_st_n = f->mult_st_lo = f->mult_st_hi = NAN;
}

int kli_mse_fit(struct kli_mse_ws *w, const struct kl_mse_data *d,
                const struct kl_mse_model *m, unsigned flags,
                struct kl_mse_fit *f, struct kl_error *err)
{
	int rc, code, cells = 0;

	f->model = *m;
	clear_estimates(f);
	kli_mse_setup(w, d, m);
	memcpy(f->neg_inf, w->neg_inf, (size_t)m->nterms);
	f->n_neg_inf = w->n_neg_inf;
	f->n = d->n;
	for (int c = 1; c < w->nc; c++)
		cells += w->keep[c];
	f->cells_fitted = cells;
	f->ncols = w->p;
	f->npar = w->p + w->n_neg_inf;
	f->df_residual = cells - w->p;
	f->why[0] = 0;
	rc = kli_mse_check(w, d, &code, f->why, sizeof(f->why), err);
	if (rc)
		return rc;
	f->checkident = code;
	if (code)
		return KL_OK;
	rc = kli_mse_newton(w, 0, err);
	if (rc)
		return rc;
	f->iterations = w->iterations;
	f->deviance = w->dev;
	f->loglik = kli_mse_loglik(w);
	f->aic = -2 * f->loglik + 2 * f->npar;
	f->bic = -2 * f->loglik + f->npar * log(d->n);
	f->bic_cells = -2 * f->loglik + f->npar * log((double)(w->nc - 1));
	{
		int j = 0, col = 1 + d->k;
		for (; j < 1 + d->k; j++)
			f->coef[j] = w->beta[j];
		for (int i = 0; i < m->nterms; i++)
			f->coef[1 + d->k + i] =
			    w->neg_inf[i] ? -INFINITY : w->beta[col++];
	}
	memcpy(f->mu, w->mu, (size_t)w->nc * sizeof(double));
	f->dark = exp(w->beta[0]);
	f->total = d->n + f->dark;
	/* se of b0 from the inverse information at the converged fit */
	{
		double rhs[KL_MSE_MAX_PARAMS] = {0};
		memcpy(w->s, w->mu, (size_t)w->nc * sizeof(double));
		superset_sum(w->s, w->k);
		rhs[0] = 1;
		if (solve_step(w, w->s, rhs) == 0)
			f->se_log_dark = sqrt(gsl_vector_get(w->x, 0));
	}
	f->wald_lo = d->n + exp(w->beta[0] - Z_975 * f->se_log_dark);
	f->wald_hi = d->n + exp(w->beta[0] + Z_975 * f->se_log_dark);
	if (flags & KL_MSE_FIT_INTERVALS) {
		double save[KL_MSE_MAX_PARAMS], dev = w->dev;
		memcpy(save, w->beta, (size_t)w->p * sizeof(double));
		profile_poisson(w, f, err);
		profile_multinomial(w, f, 0, err);
		profile_multinomial(w, f, 1, err);
		memcpy(w->beta, save, (size_t)w->p * sizeof(double));
		memcpy(w->mu, f->mu, (size_t)w->nc * sizeof(double));
		w->dev = dev;
	}
	return KL_OK;
}

int kl_mse_fit(const struct kl_mse_data *d, const struct kl_mse_model *m,
               unsigned flags, struct kl_mse_fit *f, struct kl_error *err)
{
	struct kli_mse_ws *w = kli_mse_ws_new(d->k);
	int rc;
	if (!w)
		return kli_oom(err);
	rc = kli_mse_fit(w, d, m, flags, f, err);
	kli_mse_ws_free(w);
	return rc;
}
