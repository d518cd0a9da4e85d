/*
 * kl_test.c - shared helpers for the unit tests (see kl_test.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "kartlagg/kartlagg.h"
#include "kl_test.h"

void kl_assert_close(double got, double want, double rel, double abs,
                     const char *what, const char *file, int line)
{
	if (isnan(want) || isnan(got)) {
		if (isnan(want) && isnan(got))
			return;
		print_error("%s = %.17g, want %.17g\n", what, got, want);
		_fail(file, line);
	}
	if (isinf(want) || isinf(got)) {
		if (got == want)
			return;
		print_error("%s = %.17g, want %.17g\n", what, got, want);
		_fail(file, line);
	}
	double d = fabs(got - want);
	if (d <= abs || d <= rel * fabs(want))
		return;
	print_error("%s = %.17g, want %.17g (rel diff %.3g > %.3g)\n", what,
	            got, want, want != 0 ? d / fabs(want) : d, rel);
	_fail(file, line);
}

struct loader {
	struct kl_reftable *t;
	char **row;
	size_t nrow, cap_row;
	size_t cells_len, cells_cap;
	int header_done;
	int bad;
};

static void push_cell(struct loader *L, const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (!c) {
		L->bad = 1;
		return;
	}
	memcpy(c, s, n);
	c[n] = 0;
	if (L->nrow == L->cap_row) {
		L->cap_row = L->cap_row ? 2 * L->cap_row : 64;
		L->row = realloc(L->row, L->cap_row * sizeof(*L->row));
	}
	L->row[L->nrow++] = c;
}

static void cb_field(void *s, size_t n, void *data)
{
	push_cell(data, s ? s : "", s ? n : 0);
}

static void cb_row(int c, void *data)
{
	struct loader *L = data;
	struct kl_reftable *t = L->t;
	(void)c;
	if (!L->header_done) {
		t->ncols = L->nrow;
		t->names = L->row;
		L->row = NULL;
		L->nrow = L->cap_row = 0;
		L->header_done = 1;
		return;
	}
	if (L->nrow != t->ncols) {
		L->bad = 1;
		for (size_t i = 0; i < L->nrow; i++)
			free(L->row[i]);
		L->nrow = 0;
		return;
	}
	if (L->cells_len + t->ncols > L->cells_cap) {
		L->cells_cap = L->cells_cap ? 2 * L->cells_cap : 1024;
		while (L->cells_cap < L->cells_len + t->ncols)
			L->cells_cap *= 2;
		t->cells = realloc(t->cells, L->cells_cap * sizeof(char *));
	}
	memcpy(t->cells + L->cells_len, L->row, t->ncols * sizeof(char *));
	L->cells_len += t->ncols;
	t->nrows++;
	L->nrow = 0;
}

struct kl_reftable *kl_reftable_load(const char *path, char delim)
{
	FILE *f = fopen(path, "rb");
	struct csv_parser p;
	struct loader L = {0};
	char buf[65536];
	size_t n;

	if (!f)
		return NULL;
	L.t = calloc(1, sizeof(*L.t));
	csv_init(&p, CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)delim);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		size_t off = 0;
		/* skip a UTF-8 BOM */
		if (!L.header_done && L.nrow == 0 && n >= 3 &&
		    memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			off = 3;
		if (csv_parse(&p, buf + off, n - off, cb_field, cb_row, &L) !=
		    n - off)
			L.bad = 1;
	}
	csv_fini(&p, cb_field, cb_row, &L);
	csv_free(&p);
	fclose(f);
	free(L.row);
	if (L.bad) {
		kl_reftable_free(L.t);
		return NULL;
	}
	return L.t;
}

void kl_reftable_free(struct kl_reftable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->names[i]);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->names);
	free(t->cells);
	free(t);
}

int kl_reftable_col(const struct kl_reftable *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *kl_reftable_get(const struct kl_reftable *t, size_t row,
                            const char *name)
{
	int c = kl_reftable_col(t, name);
	if (c < 0 || row >= t->nrows) {
		print_error("reference table has no cell %zu/%s\n", row, name);
		fail();
	}
	return t->cells[row * t->ncols + (size_t)c];
}

double kl_reftable_num(const struct kl_reftable *t, size_t row,
                       const char *name)
{
	const char *s = kl_reftable_get(t, row, name);
	if (*s == 0 || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0)
		return NAN;
	if (strcmp(s, "-Inf") == 0)
		return -INFINITY;
	if (strcmp(s, "Inf") == 0)
		return INFINITY;
	return strtod(s, NULL);
}

static const char *below(const char *env, const char *rel, char *buf, size_t n)
{
	const char *dir = getenv(env);
	if (!dir || !*dir)
		return NULL;
	snprintf(buf, n, "%s/%s", dir, rel);
	if (access(buf, R_OK) != 0)
		return NULL;
	return buf;
}

const char *kl_test_reference(const char *rel, char *buf, size_t n)
{
	return below("KL_REFERENCE", rel, buf, n);
}

const char *kl_test_data(const char *rel, char *buf, size_t n)
{
	return below("KL_TESTDATA", rel, buf, n);
}

const char *kl_test_sample(const char *rel, char *buf, size_t n)
{
	return below("KL_SAMPLES", rel, buf, n);
}

struct kl_test_survey *
kl_test_survey_new(const char *data, const char *codebook, const char *name)
{
	struct kl_test_survey *f = calloc(1, sizeof(*f));
	struct kl_error err;
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	char dp[512], cb[512];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/kl_test_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/s.db", f->dir);
	kl_error_clear(&err);
	assert_int_equal(kl_init(&err), KL_OK);
	assert_non_null(kl_test_data(data, dp, sizeof(dp)));
	assert_non_null(kl_test_data(codebook, cb, sizeof(cb)));
	assert_int_equal(kl_store_open(&f->st, f->path, KL_STORE_CREATE, &err),
	                 KL_OK);
	o.survey = name;
	o.codebook = cb;
	memset(&res, 0, sizeof(res));
	assert_int_equal(kl_import_survey(f->st, dp, &o, &res, &err), KL_OK);
	return f;
}

void kl_test_survey_free(struct kl_test_survey *f)
{
	char p[160];
	if (!f)
		return;
	kl_store_close(f->st);
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
}

void kl_test_twostage_design(struct kl_design_spec *d, struct kl_est_opts *o)
{
	static const char *by[] = {"grp"};
	static const char *items[] = {"q1", "q2", "q3", "x"};
	memset(d, 0, sizeof(*d));
	memset(o, 0, sizeof(*o));
	d->psu[0] = "psu";
	d->psu[1] = "ssu";
	d->strata = "stratum";
	d->fpc[0] = "N1";
	d->fpc[1] = "N2";
	o->design = d;
	o->by = by;
	o->nby = 1;
	o->items = items;
	o->nitems = 4;
}

void kl_test_poststrat_grp(struct kl_store *st, const char *survey,
                           const char *set)
{
	struct kl_cal_spec c = {0};
	struct kl_cal_result *res = NULL;
	struct kl_error err;
	char p[512];
	const char *m[] = {"grp"}, *fp[] = {p};
	assert_non_null(
	    kl_test_data("estimate/cal_grp_targets.csv", p, sizeof(p)));
	c.method = KL_CAL_POSTSTRAT;
	c.weight = "w";
	c.nmargins = 1;
	c.margins = m;
	c.files = fp;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(st, survey, set, &c, &res, &err), KL_OK);
	kl_cal_result_free(res);
}

/*
 * Allocation-failure injection.  The unit tests are linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=strndup, so every call of those in kartlagg_lib (a static
 * library) and in the test itself lands here; calls inside shared
 * libraries (SQLite, libcsv, cmocka, libc) are not redirected.
 * __real_malloc is the sanitizer's interceptor in the sanitized build.
 */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

/* Counted atomically: the survey import hashes its file on a thread of its
 * own, whose allocations count (and fail) like the others; which thread
 * makes the n-th allocation is up to the scheduler, and either way the
 * operation must fail with KL_ERR_NOMEM. */
static long kl_allocs;       /* allocations seen so far */
static long kl_fail_at = -1; /* kl_allocs value that fails first */

void kl_test_fail_after(long n)
{
	long at =
	    n < 0 ? -1 : __atomic_load_n(&kl_allocs, __ATOMIC_SEQ_CST) + n;
	__atomic_store_n(&kl_fail_at, at, __ATOMIC_SEQ_CST);
}

long kl_test_allocs(void)
{
	return __atomic_load_n(&kl_allocs, __ATOMIC_SEQ_CST);
}

int kl_test_fault_reached(void)
{
	long at = __atomic_load_n(&kl_fail_at, __ATOMIC_SEQ_CST);
	return at >= 0 && __atomic_load_n(&kl_allocs, __ATOMIC_SEQ_CST) >= at;
}

/* Count one allocation; nonzero when it is to fail. */
static int kl_alloc_fails(void)
{
	long n = __atomic_add_fetch(&kl_allocs, 1, __ATOMIC_SEQ_CST);
	long at = __atomic_load_n(&kl_fail_at, __ATOMIC_SEQ_CST);
	return at >= 0 && n >= at;
}

void *__wrap_malloc(size_t n)
{
	return kl_alloc_fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return kl_alloc_fails() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return kl_alloc_fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return kl_alloc_fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return kl_alloc_fails() ? NULL : __real_strndup(s, n);
}
