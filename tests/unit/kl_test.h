/*
 * kl_test.h - helpers shared by the cmocka unit tests.
 *
 * assert_rel_close(got, want, rel) compares a number with a reference value
 * (|got - want| <= rel * |want|); assert_rel_abs_close also accepts an
 * absolute difference up to `abs` (for standard errors that are 0 in exact
 * arithmetic).  NaN equals NaN only when both are NaN.
 *
 * struct kl_reftable reads a reference CSV (comma, quoted fields, header
 * row) with libcsv so tests can look values up by column name.
 */
#ifndef KL_TEST_H
#define KL_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

void kl_assert_close(double got, double want, double rel, double abs,
                     const char *what, const char *file, int line);

#define assert_rel_close(got, want, rel)                                       \
	kl_assert_close((got), (want), (rel), 0.0, #got, __FILE__, __LINE__)
#define assert_rel_abs_close(got, want, rel, abs)                              \
	kl_assert_close((got), (want), (rel), (abs), #got, __FILE__, __LINE__)

struct kl_reftable {
	size_t nrows;
	size_t ncols;
	char **names; /* ncols header names */
	char **cells; /* nrows * ncols, row-major, NUL-terminated */
};

/* Load a CSV file (any delimiter given as `delim`); NULL on failure. */
struct kl_reftable *kl_reftable_load(const char *path, char delim);
void kl_reftable_free(struct kl_reftable *t);
/* Column index of `name`, or -1. */
int kl_reftable_col(const struct kl_reftable *t, const char *name);
/* Cell text; fails the test if the column does not exist. */
const char *kl_reftable_get(const struct kl_reftable *t, size_t row,
                            const char *name);
/* Cell as a double: "NA" -> NAN, "NaN" -> NAN, "-Inf" -> -INFINITY. */
double kl_reftable_num(const struct kl_reftable *t, size_t row,
                       const char *name);

/*
 * Path below $KL_REFERENCE (shared/reference), or NULL when the reference
 * directory is not present; tests then call skip().
 */
const char *kl_test_reference(const char *rel, char *buf, size_t n);
/* Path below $KL_TESTDATA (tests/data) or $KL_SAMPLES (data-samples). */
const char *kl_test_data(const char *rel, char *buf, size_t n);
const char *kl_test_sample(const char *rel, char *buf, size_t n);

/*
 * A new store in a fresh temporary directory holding tests/data/<data>
 * imported as survey `name` with the codebook tests/data/<codebook>; the
 * test fails when any step does.  kl_test_survey_free closes the store and
 * removes the store's files and the directory (which the test empties of
 * any files of its own).
 */
struct kl_store;
struct kl_test_survey {
	char dir[64];   /* the temporary directory */
	char path[128]; /* dir/s.db */
	struct kl_store *st;
};
struct kl_test_survey *
kl_test_survey_new(const char *data, const char *codebook, const char *name);
void kl_test_survey_free(struct kl_test_survey *f);

/*
 * The two-stage design of tests/data/estimate/survey.csv with fpc at both
 * stages, as svydesign(ids = ~psu + ssu, strata = ~stratum, fpc = ~N1 +
 * N2, nest = TRUE), into *d, and options estimating the items q1, q2, q3
 * and x by grp with that design into *o (both cleared first; the strings
 * are static).
 */
struct kl_design_spec;
struct kl_est_opts;
void kl_test_twostage_design(struct kl_design_spec *d, struct kl_est_opts *o);

/*
 * Weight set `set` of survey `survey` (tests/data/estimate/survey.csv) in
 * st: the weights w post-stratified on grp to the totals of
 * tests/data/estimate/cal_grp_targets.csv; the test fails when that does.
 */
void kl_test_poststrat_grp(struct kl_store *st, const char *survey,
                           const char *set);

/*
 * Allocation-failure injection (the unit tests link with --wrap=malloc,
 * calloc, realloc, strdup, strndup; see kl_test.c).  kl_test_fail_after(n):
 * the n-th allocation from now (n >= 1) and every later one return NULL;
 * n = -1 disables.  kl_test_allocs: allocations counted so far.
 * kl_test_fault_reached: nonzero once an injected failure was returned.
 */
void kl_test_fail_after(long n);
long kl_test_allocs(void);
int kl_test_fault_reached(void);

#endif
