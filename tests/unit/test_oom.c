/*
 * test_oom.c - allocation-failure injection over the library's operations
 * (SQLite style).  Each operation runs with kl_test_fail_after(1), (2), ...
 * until a run succeeds without reaching the injected failure.  A run that
 * reaches it must fail with KL_ERR_NOMEM (lib/'s own allocation) or
 * KL_ERR_STORE (accepted only when SQLite itself reports SQLITE_NOMEM: its
 * allocations are not wrapped, but lib/ callbacks that SQLite calls are,
 * and SQLite turns their failure into an error of the statement), must
 * not crash or leak (LSan in the sanitized build), and an operation that
 * writes the store leaves the row counts unchanged.  The first 200 runs
 * are all made; beyond that the step grows by 5 % of the position reached
 * (see sweep()), so a sweep takes about 200 + 20 ln(allocs / 200) runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kartlagg/kartlagg.h"
#include "kl_test.h"

#define DENSE 200 /* runs 1..DENSE are all made */

/* One fresh store per run: dir/s.db, optionally with a survey. */
struct fx {
	char dir[64];
	char path[128];
	struct kl_store *st;
};

static void fx_new(struct fx *x)
{
	struct kl_error err;
	snprintf(x->dir, sizeof(x->dir), "/tmp/kl_oom_XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/s.db", x->dir);
	x->st = NULL;
	kl_error_clear(&err);
	assert_int_equal(kl_init(&err), KL_OK);
}

static void fx_free(struct fx *x)
{
	char p[192];
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	kl_store_close(x->st);
	x->st = NULL;
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", x->path, sfx[i]);
		unlink(p);
	}
	rmdir(x->dir);
}

static void fx_open(struct fx *x)
{
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(kl_store_open(&x->st, x->path, KL_STORE_CREATE, &err),
	                 KL_OK);
}

static void fx_survey(struct fx *x, const char *data, const char *cb,
                      const char *name)
{
	struct kl_error err;
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	char dp[512], cp[512];
	assert_non_null(kl_test_data(data, dp, sizeof(dp)));
	assert_non_null(kl_test_data(cb, cp, sizeof(cp)));
	o.survey = name;
	o.codebook = cp;
	memset(&res, 0, sizeof(res));
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(x->st, dp, &o, &res, &err), KL_OK);
}

/* Sum of the row counts of every table of the store at `path` (read with
 * a separate connection); -1 when there is no store file. */
static long long store_rows(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL, *c = NULL;
	long long sum = 0;
	if (access(path, F_OK) != 0)
		return -1;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT name FROM sqlite_master "
	                                    "WHERE type = 'table'",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		char sql[256];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"",
		         (const char *)sqlite3_column_text(q, 0));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL),
		                 SQLITE_OK);
		if (sqlite3_step(c) == SQLITE_ROW)
			sum += sqlite3_column_int64(c, 0);
		sqlite3_finalize(c);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return sum;
}

/*
 * An operation under test: prep() (faults off) builds the run's fixture,
 * run() is the operation (faults on), done() frees what run() made.
 * `writes`: the store's row counts must be unchanged after a failed run.
 */
struct op {
	const char *name;
	void (*prep)(struct fx *x);
	int (*run)(struct fx *x, void **out, struct kl_error *err);
	void (*done)(void *out);
	int writes;
};

/* Copy the closed store file `from` to `to`. */
static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	size_t k;
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	assert_non_null(a);
	assert_non_null(b);
	while ((k = fread(buf, 1, sizeof(buf), a)) > 0)
		assert_int_equal(fwrite(buf, 1, k, b), k);
	fclose(a);
	assert_int_equal(fclose(b), 0);
}

static void sweep(const struct op *op)
{
	long n = 1, runs = 0, failed = 0, swallowed = 0;
	struct fx tmpl;
	/* the fixture is built once (faults off) and copied for each run */
	fx_new(&tmpl);
	if (op->prep) {
		op->prep(&tmpl);
		kl_store_close(tmpl.st);
		tmpl.st = NULL;
	}
	for (;;) {
		struct fx x;
		struct kl_error err;
		void *out = NULL;
		fx_new(&x);
		if (op->prep) {
			copy_file(tmpl.path, x.path);
			fx_open(&x);
		}
		long long before = x.st ? store_rows(x.path) : -1;
		kl_error_clear(&err);
		kl_test_fail_after(n);
		int rc = op->run(&x, &out, &err);
		int reached = kl_test_fault_reached();
		long used = kl_test_allocs();
		kl_test_fail_after(-1);
		(void)used;
		runs++;
		if (!reached) {
			if (rc != KL_OK)
				fail_msg("%s: run %ld without fault: %d %s",
				         op->name, n, rc, err.msg);
			if (op->done)
				op->done(out);
			fx_free(&x);
			break;
		}
		if (rc == KL_OK) {
			swallowed++; /* a failure lib/ recovers from */
			if (op->done)
				op->done(out);
		} else {
			failed++;
			if (err.status != KL_ERR_NOMEM &&
			    err.status != KL_ERR_STORE)
				fail_msg("%s: alloc %ld: status %d (%s)",
				         op->name, n, err.status, err.msg);
			if (op->writes && x.st && before >= 0) {
				long long after = store_rows(x.path);
				if (after != before)
					fail_msg(
					    "%s: alloc %ld: rows %lld -> %lld",
					    op->name, n, before, after);
			}
		}
		fx_free(&x);
		/* beyond DENSE, steps grow by 5 % of the position reached */
		n += n < DENSE ? 1 : 1 + (n - DENSE) / 20;
	}
	fx_free(&tmpl);
	print_message("%-22s runs %4ld  failed %4ld  recovered %3ld  allocs "
	              "%ld\n",
	              op->name, runs, failed, swallowed, n);
}

/* ---- the operations ---- */

static int run_store_open(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return kl_store_open(&x->st, x->path, KL_STORE_CREATE, err);
}

static int run_import_survey(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	char dp[512], cp[512];
	(void)out;
	assert_non_null(kl_test_data("estimate/survey.csv", dp, sizeof(dp)));
	assert_non_null(kl_test_data("estimate/codebook.csv", cp, sizeof(cp)));
	o.survey = "s";
	o.codebook = cp;
	memset(&res, 0, sizeof(res));
	return kl_import_survey(x->st, dp, &o, &res, err);
}

static void free_codebook(void *p)
{
	kl_codebook_free(p);
}

static int run_codebook(struct fx *x, void **out, struct kl_error *err)
{
	char cp[512];
	struct kl_codebook *cb = NULL;
	(void)x;
	assert_non_null(kl_test_data("estimate/codebook.csv", cp, sizeof(cp)));
	int rc = kl_codebook_load(cp, &cb, err);
	*out = cb;
	return rc;
}

static void prep_estimate(struct fx *x)
{
	fx_open(x);
	fx_survey(x, "estimate/survey.csv", "estimate/codebook.csv", "s");
}

static void free_est(void *p)
{
	kl_est_result_free(p);
}

static int run_estimate(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_design_spec d;
	struct kl_est_opts o;
	struct kl_est_result *r = NULL;
	kl_test_twostage_design(&d, &o);
	int rc = kl_estimate(x->st, "s", &o, &r, err);
	*out = r;
	return rc;
}

static void prep_calibrate(struct fx *x)
{
	fx_open(x);
	fx_survey(x, "calibrate/tiny.csv", "calibrate/tiny_codebook.csv", "t");
}

static void free_cal(void *p)
{
	kl_cal_result_free(p);
}

static int run_calibrate(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_cal_spec c = {0};
	const char *m[] = {"a", "b"};
	char p[2][512];
	const char *fp[2];
	struct kl_cal_result *res = NULL;
	assert_non_null(kl_test_data("calibrate/tiny_a.csv", p[0], 512));
	assert_non_null(kl_test_data("calibrate/tiny_b.csv", p[1], 512));
	fp[0] = p[0];
	fp[1] = p[1];
	c.method = KL_CAL_RAKE;
	c.weight = "w";
	c.nmargins = 2;
	c.margins = m;
	c.files = fp;
	int rc = kl_calibrate(x->st, "t", "set", &c, &res, err);
	*out = res;
	return rc;
}

static int feed(struct fx *x, const char *rel, struct kl_error *err)
{
	struct kl_feed_opts o;
	struct kl_feed_result res;
	char p[512];
	memset(&o, 0, sizeof(o));
	assert_non_null(kl_test_data(rel, p, sizeof(p)));
	return kl_import_feed(x->st, p, &o, &res, err);
}

static int run_police(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return feed(x, "feeds/polis_extract_a.csv", err);
}

static int run_bra(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return feed(x, "feeds/bra_sol_utf8.txt", err);
}

static struct kl_key key; /* made once by main() */

static int run_individuals(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_feed_opts o;
	struct kl_feed_result res;
	char p[512];
	(void)out;
	memset(&o, 0, sizeof(o));
	o.key = &key;
	assert_non_null(
	    kl_test_data("feeds/individuals_2025.csv", p, sizeof(p)));
	return kl_import_feed(x->st, p, &o, &res, err);
}

static int run_mse(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_mse_data d;
	struct kl_mse_model m;
	char path[512];
	(void)x;
	(void)out;
	struct kl_mse_fit *f = calloc(1, sizeof(*f));
	if (!f)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	assert_non_null(kl_test_data("mse/sparse3.csv", path, sizeof(path)));
	int rc = kl_mse_data_read(&d, path, err);
	if (rc == KL_OK)
		rc = kl_mse_model_parse(&m, &d, "P:H", err);
	if (rc == KL_OK)
		rc = kl_mse_fit(&d, &m, KL_MSE_FIT_INTERVALS, f, err);
	free(f);
	return rc;
}

static int run_map(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_map_opts o = {0};
	char *svg = NULL;
	size_t len = 0;
	(void)x;
	(void)out;
	int rc = kl_map_svg(&o, &svg, &len, err);
	free(svg);
	return rc;
}

static int run_scb(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return feed(x, "scb/stub_years.csv", err);
}

static void prep_count(struct fx *x)
{
	struct kl_error err;
	fx_open(x);
	kl_error_clear(&err);
	assert_int_equal(run_individuals(x, NULL, &err), KL_OK);
}

static void free_count(void *p)
{
	kl_individuals_count_free(p);
}

static int run_count(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	memset(&o, 0, sizeof(o));
	assert_int_equal(kl_period_parse("2025", &o.period), 0);
	o.role = "utsatt";
	int rc = kl_count_individuals(x->st, &o, &c, err);
	*out = c;
	return rc;
}

static void prep_report(struct fx *x)
{
	struct kl_error err;
	fx_open(x);
	kl_error_clear(&err);
	assert_int_equal(run_police(x, NULL, &err), KL_OK);
	assert_int_equal(run_individuals(x, NULL, &err), KL_OK);
}

static const char report_ini[] = "[report]\n"
                                 "title = Test\n"
                                 "region = 1980\n"
                                 "period = 2025\n"
                                 "formats = text\n";

/* Parse the definition, build the report and write it as text, HTML, CSV
 * (every table) and xlsx into the run's directory. */
static int run_report(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	char p[192];
	(void)out;
	int rc = kl_report_def_parse(report_ini, strlen(report_ini), "r.ini",
	                             &d, err);
	if (rc == KL_OK)
		rc = kl_report_build(x->st, d, &r, err);
	FILE *f = tmpfile();
	assert_non_null(f);
	if (rc == KL_OK)
		rc = kl_report_write_text(r, f, err);
	if (rc == KL_OK)
		rc = kl_report_write_html(r, f, err);
	for (size_t t = 0; rc == KL_OK && t < r->ntables; t++)
		rc = kl_report_write_csv(r, t, f, err);
	fclose(f);
	snprintf(p, sizeof(p), "%s/r.xlsx", x->dir);
	if (rc == KL_OK)
		rc = kl_report_write_xlsx(r, p, x->dir, err);
	unlink(p);
	kl_report_free(r);
	kl_report_def_free(d);
	return rc;
}

/* A 2 x 2 table with margins, one small cell: primary and secondary
 * suppression. */
static int run_sdc(struct fx *x, void **out, struct kl_error *err)
{
	static const char *keys[] = {"T",  "r1", "r2", "c1", "c2",
	                             "11", "12", "21", "22"};
	static const long long cnt[] = {60, 23, 37, 22, 38, 2, 21, 20, 17};
	size_t idx[9];
	struct kl_sdc *s = NULL;
	(void)x;
	(void)out;
	int rc = kl_sdc_new(&s, err);
	for (size_t i = 0; rc == KL_OK && i < 9; i++)
		rc = kl_sdc_cell(s, keys[i], cnt[i], 0, &idx[i], err);
	const size_t sums[][3] = {{0, 1, 2}, {0, 3, 4}, {1, 5, 6},
	                          {2, 7, 8}, {3, 5, 7}, {4, 6, 8}};
	for (size_t k = 0; rc == KL_OK && k < 6; k++) {
		size_t parts[2] = {idx[sums[k][1]], idx[sums[k][2]]};
		rc = kl_sdc_sum(s, idx[sums[k][0]], parts, 2, err);
	}
	if (rc == KL_OK)
		rc = kl_sdc_protect(s, NULL, err);
	kl_sdc_free(s);
	return rc;
}

/* An SCB PC-Axis file: read, converted to CSV in memory, imported. */
static int run_px(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return feed(x, "scb/folkmangd.px", err);
}

/* SCB rows of län merged later (summed under the current code). */
static int run_scb_merged(struct fx *x, void **out, struct kl_error *err)
{
	(void)out;
	return feed(x, "scb/folkmangd_lan_1995_1998.csv", err);
}

static int count_bytes(void *ctx, const char *text, size_t n)
{
	(void)text;
	*(size_t *)ctx += n;
	return 0;
}

/* kartlagg pseudonymise of the individuals feed (two passes). */
static int run_pseudonymise(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_feed_opts o;
	struct kl_feed_result res;
	char p[512];
	size_t n = 0;
	(void)x;
	(void)out;
	memset(&o, 0, sizeof(o));
	o.key = &key;
	assert_non_null(
	    kl_test_data("feeds/individuals_2025.csv", p, sizeof(p)));
	return kl_pseudonymise(p, &o, count_bytes, &n, &res, err);
}

/* A police extract and SCB's population: offence counts by year and
 * län (the covered kommuner's population), the coverage and the imports
 * behind the counts. */
static void prep_offences(struct fx *x)
{
	struct kl_error err;
	fx_open(x);
	kl_error_clear(&err);
	assert_int_equal(run_police(x, NULL, &err), KL_OK);
	assert_int_equal(run_scb(x, NULL, &err), KL_OK);
}

static int run_count_offences(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_offence_opts o;
	struct kl_offence_count *c = NULL;
	struct kl_offence_kommun *cov = NULL;
	long long *ids = NULL;
	size_t n = 0;
	(void)out;
	memset(&o, 0, sizeof(o));
	o.y0 = 2023;
	o.y1 = 2025;
	o.by_year = 1;
	o.by_region = 1;
	o.level = KL_LEVEL_LAN;
	int rc = kl_count_offences(x->st, &o, &c, err);
	kl_offence_count_free(c);
	if (rc == KL_OK)
		rc = kl_offence_coverage(x->st, 2023, 2025, &cov, &n, err);
	free(cov);
	if (rc == KL_OK)
		rc = kl_offence_imports(x->st, KL_SOURCE_POLICE, 2023, 2025,
		                        &ids, &n, err);
	free(ids);
	return rc;
}

/* Brå SOL rows and SCB's population: a län report of offences from Brå
 * (report_offences.c's Brå rate table), built and written as text. */
static void prep_report_bra(struct fx *x)
{
	struct kl_error err;
	fx_open(x);
	kl_error_clear(&err);
	assert_int_equal(run_bra(x, NULL, &err), KL_OK);
	assert_int_equal(run_scb(x, NULL, &err), KL_OK);
}

static const char report_bra_ini[] = "[report]\n"
                                     "title = Brå\n"
                                     "region = 19, 1980\n"
                                     "period = 2024\n"
                                     "[offences]\n"
                                     "period = 2023-2024\n"
                                     "source = bra-sol\n";

static int run_report_bra(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	(void)out;
	int rc = kl_report_def_parse(report_bra_ini, strlen(report_bra_ini),
	                             "r.ini", &d, err);
	if (rc == KL_OK)
		rc = kl_report_build(x->st, d, &r, err);
	FILE *f = tmpfile();
	assert_non_null(f);
	if (rc == KL_OK)
		rc = kl_report_write_text(r, f, err);
	fclose(f);
	kl_report_free(r);
	kl_report_def_free(d);
	return rc;
}

/* A report definition with every kind of value: names, lists,
 * population maps (kl_pop_map_parse's copies), numbers. */
static const char def_ini[] =
    "[report]\ntitle = T\nregion = 19, 1980\nperiod = 2025\n"
    "formats = text, csv\n"
    "[survey]\nname = s\nround = year\ncurrent = 2025\nprevious = "
    "2023\n"
    "weight = vikt\never = e\nlast-12-months = f\n"
    "compensation = a, b, c\ncontact = k\n"
    "population = kod=region arskurs=age:9=15,gy2=17 kon=sex:1=män\n"
    "[individuals]\nrole = alla\n[offences]\nsource = auto\n"
    "[mse]\nlists = organisation\nrule = bic\nbootstrap = 10\n"
    "[disclosure]\ncount-threshold = 4\n";

static int run_report_def(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_report_def *d = NULL;
	(void)x;
	(void)out;
	int rc =
	    kl_report_def_parse(def_ini, strlen(def_ini), "r.ini", &d, err);
	kl_report_def_free(d);
	return rc;
}

/* ---- calibration to the stored population, a weight set in estimate ---- */

static void prep_cal_pop(struct fx *x)
{
	struct kl_error err;
	fx_open(x);
	fx_survey(x, "calibrate/pop_survey.csv", "calibrate/pop_codebook.csv",
	          "p");
	kl_error_clear(&err);
	assert_int_equal(feed(x, "calibrate/pop_scb.csv", &err), KL_OK);
}

/* The maps of test_calibrate_pop.c into m (3 entries, zeroed first). */
static int pop_maps(struct kl_pop_map *m, struct kl_error *err)
{
	const char *t[] = {"kod=region", "arskurs=age:9=15,gy2=17",
	                   "kon=sex:1=män,2=kvinnor"};
	int rc = 0;
	memset(m, 0, 3 * sizeof(*m));
	for (int k = 0; k < 3 && !rc; k++)
		rc = kl_pop_map_parse(t[k], &m[k], err);
	return rc;
}

static int run_cal_pop(struct fx *x, void **out, struct kl_error *err)
{
	static const char *m[] = {"kon,arskurs", "kod,arskurs"};
	struct kl_cal_spec c = {0};
	struct kl_pop_map maps[3];
	struct kl_cal_result *res = NULL;
	int rc = pop_maps(maps, err);
	c.method = KL_CAL_LINEAR;
	c.weight = "w";
	c.over = "year";
	c.nmargins = 2;
	c.margins = m;
	c.nmaps = 3;
	c.maps = maps;
	c.bounded = 1;
	c.lower = 0.86;
	c.upper = 1.35;
	if (!rc)
		rc = kl_calibrate(x->st, "p", "set", &c, &res, err);
	for (int k = 0; k < 3; k++)
		kl_pop_map_release(&maps[k]);
	*out = res;
	return rc;
}

/* Survey p with its population and weight set "rk" made by `method`,
 * over year. */
static void prep_set(struct fx *x, enum kl_cal_method method)
{
	static const char *m[] = {"kon,arskurs", "kod,arskurs"};
	struct kl_cal_spec c = {0};
	struct kl_pop_map maps[3];
	struct kl_error err;
	prep_cal_pop(x);
	assert_int_equal(pop_maps(maps, &err), KL_OK);
	c.method = method;
	c.weight = "w";
	c.over = "year";
	c.nmargins = 2;
	c.margins = m;
	c.nmaps = 3;
	c.maps = maps;
	kl_error_clear(&err);
	assert_int_equal(kl_calibrate(x->st, "p", "rk", &c, NULL, &err), KL_OK);
	for (int k = 0; k < 3; k++)
		kl_pop_map_release(&maps[k]);
}

static void prep_est_set(struct fx *x)
{
	prep_set(x, KL_CAL_RAKE);
}

static void prep_est_linear(struct fx *x)
{
	prep_set(x, KL_CAL_LINEAR);
}

static int run_est_set(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	const char *items[] = {"y"};
	const char *by[] = {"kod"};
	d.psu[0] = "psu";
	o.design = &d;
	o.items = items;
	o.nitems = 1;
	o.by = by;
	o.nby = 1;
	o.overall = 1;
	o.weights = "rk";
	int rc = kl_estimate(x->st, "p", &o, &r, err);
	*out = r;
	return rc;
}

static int count_row(void *ctx, size_t nkeys, const char *const *keys,
                     const char *const *values, double w0, double w)
{
	(void)nkeys;
	(void)keys;
	(void)values;
	(void)w0;
	(void)w;
	(*(int *)ctx)++;
	return 0;
}

static int run_set_summary(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_wsummary *s = NULL;
	size_t n = 0;
	int rows = 0;
	(void)out;
	int rc = kl_weights_summary(x->st, NULL, 0, 1, &s, &n, err);
	kl_wsummary_free(s, n);
	if (!rc)
		rc = kl_weights_each(x->st, "rk", NULL, count_row, &rows, err);
	if (!rc)
		rc = kl_weights_each(x->st, "rk", "id", count_row, &rows, err);
	return rc;
}

static int run_pop_domain(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_pop_map maps[3];
	const char *sv[] = {"1984", "1980"};
	const char *vars[] = {"arskurs"}, *vals[] = {"9"};
	struct kl_pop_domain d = {.survey = "p",
	                          .over = "year",
	                          .over_value = "2023",
	                          .subset = "kod",
	                          .subset_vals = sv,
	                          .nsubset = 2};
	double N;
	(void)out;
	int rc = pop_maps(maps, err);
	if (!rc)
		rc = kl_population_domain(x->st, &d, maps, 3, NULL, 2023, 1,
		                          vars, vals, &N, err);
	for (int k = 0; k < 3; k++)
		kl_pop_map_release(&maps[k]);
	return rc;
}

/* Exhaustive selection, then a 5-replicate bootstrap of it (with its
 * jackknife), on tests/data/mse/sparse3.csv. */
static int run_mse_boot(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_mse_data d;
	struct kl_mse_select_opts o = {0};
	struct kl_mse_boot_opts bo = {5, 1, 0.95};
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_boot b;
	char path[512];
	(void)x;
	(void)out;
	assert_non_null(kl_test_data("mse/sparse3.csv", path, sizeof(path)));
	int rc = kl_mse_data_read(&d, path, err);
	o.rule = KL_MSE_RULE_BIC;
	if (rc == KL_OK)
		rc = kl_mse_select(&d, &o, &sel, err);
	kl_mse_selection_free(sel);
	if (rc == KL_OK)
		rc = kl_mse_bootstrap(&d, &o, &bo, &b, err);
	return rc;
}

/* tests/data/estimate/nocodebook.csv imported without a codebook. */
static void prep_estimate_text(struct fx *x)
{
	struct kl_error err;
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	char dp[512];
	fx_open(x);
	assert_non_null(
	    kl_test_data("estimate/nocodebook.csv", dp, sizeof(dp)));
	o.survey = "t";
	memset(&res, 0, sizeof(res));
	kl_error_clear(&err);
	assert_int_equal(kl_import_survey(x->st, dp, &o, &res, &err), KL_OK);
}

/* Text items (levels read from the answers, folded) by grp. */
static int run_estimate_text(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_design_spec d = {0};
	struct kl_est_opts o = {0};
	struct kl_est_result *r = NULL;
	const char *by[] = {"grp"};
	const char *items[] = {"svar", "eng", "b"};
	d.psu[0] = "psu";
	d.strata = "stratum";
	d.weight = "w";
	o.design = &d;
	o.by = by;
	o.nby = 1;
	o.items = items;
	o.nitems = 3;
	int rc = kl_estimate(x->st, "t", &o, &r, err);
	*out = r;
	return rc;
}

/* ---- the survey imports' other paths (issue 16) ---- */

/* An import of path (below tests/data) as survey s with options o. */
static int import_as(struct fx *x, const char *path, struct kl_import_opts *o,
                     struct kl_error *err)
{
	struct kl_import_result res;
	char dp[512];
	assert_non_null(kl_test_data(path, dp, sizeof(dp)));
	o->survey = "s";
	memset(&res, 0, sizeof(res));
	return kl_import_survey(x->st, dp, o, &res, err);
}

/* An SPSS file: variables, value labels, user-missing codes, strings. */
static int run_import_sav(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_import_opts o = {0};
	(void)out;
	return import_as(x, "readstat/enkat.sav", &o, err);
}

/* A Windows-1252 export without a codebook: types guessed, converted;
 * a key and a round variable. */
static int run_import_inferred(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_import_opts o = {0};
	(void)out;
	o.key = "id";
	o.round = "kod";
	return import_as(x, "import/inferred_cp1252.csv", &o, err);
}

/* Survey s, rounds of year 2024 and 2025; the run adds 2025 (replacing
 * its row) and 2026. */
static void prep_round(struct fx *x)
{
	struct kl_import_opts o = {0};
	struct kl_error err;
	fx_open(x);
	o.round = "year";
	kl_error_clear(&err);
	assert_int_equal(import_as(x, "import/round_2024_2025.csv", &o, &err),
	                 KL_OK);
}

static int run_import_round(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_import_opts o = {0};
	(void)out;
	o.replace_round = 1;
	return import_as(x, "import/round_2025_2026.csv", &o, err);
}

/* A codebook of every type, with patterns, ranges, filters and groups. */
static int run_codebook_every_kind(struct fx *x, void **out,
                                   struct kl_error *err)
{
	char cp[512];
	struct kl_codebook *cb = NULL;
	(void)x;
	assert_non_null(
	    kl_test_data("import/cb_every_kind.csv", cp, sizeof(cp)));
	int rc = kl_codebook_load(cp, &cb, err);
	*out = cb;
	return rc;
}

/* Survey "r" of two rounds (tests/data/rounds/small_*): the first file
 * holds 2023 and 2025, the second replaced its 2025 rows. */
static void prep_rounds(struct fx *x)
{
	struct kl_error err;
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	char dp[512], cp[512];
	fx_open(x);
	assert_non_null(
	    kl_test_data("rounds/small_codebook.csv", cp, sizeof(cp)));
	o.survey = "r";
	o.codebook = cp;
	o.key = "year,id";
	o.round = "year";
	for (int i = 0; i < 2; i++) {
		assert_non_null(kl_test_data(i ? "rounds/small_2025_rattad.csv"
		                               : "rounds/small_2023_2025.csv",
		                             dp, sizeof(dp)));
		o.replace_round = i;
		memset(&res, 0, sizeof(res));
		kl_error_clear(&err);
		assert_int_equal(kl_import_survey(x->st, dp, &o, &res, &err),
		                 KL_OK);
	}
}

static void free_rounds(void *p)
{
	kl_rounds_free(p);
}

static int run_rounds(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_round *v = NULL;
	size_t n = 0;
	int rc = kl_survey_rounds(x->st, NULL, &v, &n, err);
	*out = v;
	return rc;
}

/* Every fourth respondent of the demo survey's three rounds
 * (data-samples/), SCB's population and the pseudonymised individuals:
 * the survey section of a län report with its previous round, trend,
 * multiple-response tables, kommun chart and map and estimated numbers,
 * the persons known to services and their MSE. */
static void survey_subset(const char *from, const char *to)
{
	char line[4096];
	long k = 0;
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	assert_non_null(a);
	assert_non_null(b);
	while (fgets(line, sizeof(line), a))
		if (k++ % 4 == 0)
			fputs(line, b);
	fclose(a);
	assert_int_equal(fclose(b), 0);
}

static void prep_report_survey(struct fx *x)
{
	static const char *const years[] = {"2023", "2025", "2027"};
	struct kl_error err;
	struct kl_feed_opts fo;
	struct kl_feed_result fr;
	char cb[512], src[512], sub[160], p[512];
	fx_open(x);
	assert_non_null(kl_test_sample("kodbok_exempel.csv", cb, sizeof(cb)));
	for (int i = 0; i < 3; i++) {
		struct kl_import_opts o = {0};
		struct kl_import_result res;
		char rel[64];
		snprintf(rel, sizeof(rel), "ungdomsenkat_%s.csv", years[i]);
		assert_non_null(kl_test_sample(rel, src, sizeof(src)));
		snprintf(sub, sizeof(sub), "%s/%s", x->dir, rel);
		survey_subset(src, sub);
		o.survey = "ungdomsenkat";
		o.codebook = cb;
		o.round = "year";
		memset(&res, 0, sizeof(res));
		kl_error_clear(&err);
		assert_int_equal(kl_import_survey(x->st, sub, &o, &res, &err),
		                 KL_OK);
		unlink(sub);
	}
	memset(&fo, 0, sizeof(fo));
	fo.kind = KL_FEED_SCB_POPULATION;
	assert_non_null(kl_test_sample("folkmangd_exempel.csv", p, sizeof(p)));
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &fo, &fr, &err), KL_OK);
	memset(&fo, 0, sizeof(fo));
	assert_non_null(
	    kl_test_sample("individer_pseudonymiserade.csv", p, sizeof(p)));
	assert_int_equal(kl_import_feed(x->st, p, &fo, &fr, &err), KL_OK);
}

static const char report_survey_ini[] =
    "[report]\ntitle = Enkät\nregion = 19\nperiod = 2027\n"
    "[survey]\nname = ungdomsenkat\nround = year\ncurrent = 2027\n"
    "previous = 2025\nstrata = kod\npsu = skola\nweight = vikt\n"
    "population = kod=region arskurs=age:9=15,gy2=17 "
    "kon=sex:1=män,2=kvinnor\n"
    "kommun = kod\nsex = kon\nschool-year = arskurs\n"
    "ever = salt_sex_nagonsin\nlast-12-months = salt_sex_12man\n"
    "compensation = ers_pengar, ers_saker, ers_boende\n"
    "contact = kontakt_internet\n"
    "[individuals]\nperiod = 2025\nrole = utsatt\n"
    "[mse]\nlists = organisation\nbootstrap = 0\n";

static int run_report_survey(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	(void)out;
	int rc = kl_report_def_parse(
	    report_survey_ini, strlen(report_survey_ini), "r.ini", &d, err);
	if (rc == KL_OK)
		rc = kl_report_def_check(x->st, d, err);
	if (rc == KL_OK)
		rc = kl_report_build(x->st, d, &r, err);
	FILE *f = tmpfile();
	assert_non_null(f);
	if (rc == KL_OK)
		rc = kl_report_write_md(r, f, err);
	fclose(f);
	kl_report_free(r);
	kl_report_def_free(d);
	return rc;
}

/* Two lists of sparse3.csv merged into one ("P|H"). */
static int run_mse_merge(struct fx *x, void **out, struct kl_error *err)
{
	struct kl_mse_data d;
	char path[512];
	(void)x;
	(void)out;
	assert_non_null(kl_test_data("mse/sparse3.csv", path, sizeof(path)));
	int rc = kl_mse_data_read(&d, path, err);
	if (rc == KL_OK)
		rc = kl_mse_data_merge(&d, "P,H", err);
	return rc;
}

static const struct op ops[] = {
    {"store create+open", NULL, run_store_open, NULL, 0},
    {"codebook load", NULL, run_codebook, free_codebook, 0},
    {"survey import", fx_open, run_import_survey, NULL, 1},
    {"estimate (design)", prep_estimate, run_estimate, free_est, 0},
    {"calibrate (rake)", prep_calibrate, run_calibrate, free_cal, 1},
    {"police feed", fx_open, run_police, NULL, 1},
    {"bra feed", fx_open, run_bra, NULL, 1},
    {"individuals feed", fx_open, run_individuals, NULL, 1},
    {"mse fit", NULL, run_mse, NULL, 0},
    {"map svg", NULL, run_map, NULL, 0},
    {"scb population feed", fx_open, run_scb, NULL, 1},
    {"count individuals", prep_count, run_count, free_count, 0},
    {"report build+write", prep_report, run_report, NULL, 0},
    {"sdc protect", NULL, run_sdc, NULL, 0},
    {"px feed", fx_open, run_px, NULL, 1},
    {"scb merged län", fx_open, run_scb_merged, NULL, 1},
    {"pseudonymise", NULL, run_pseudonymise, NULL, 0},
    {"count offences", prep_offences, run_count_offences, NULL, 0},
    {"report offences (bra)", prep_report_bra, run_report_bra, NULL, 0},
    {"report definition", NULL, run_report_def, NULL, 0},
    {"calibrate (population)", prep_cal_pop, run_cal_pop, free_cal, 1},
    {"estimate (weight set)", prep_est_set, run_est_set, free_est, 0},
    {"weight set summary", prep_est_set, run_set_summary, NULL, 0},
    {"population domain", prep_cal_pop, run_pop_domain, NULL, 0},
    {"mse select+bootstrap", NULL, run_mse_boot, NULL, 0},
    {"estimate (text items)", prep_estimate_text, run_estimate_text, free_est,
     0},

    {"estimate (linear set)", prep_est_linear, run_est_set, free_est, 0},
    {"sav import", fx_open, run_import_sav, NULL, 1},
    {"survey import inferred", fx_open, run_import_inferred, NULL, 1},
    {"survey round replace", prep_round, run_import_round, NULL, 1},
    {"codebook every kind", NULL, run_codebook_every_kind, free_codebook, 0},
    {"survey rounds", prep_rounds, run_rounds, free_rounds, 0},
    {"report survey", prep_report_survey, run_report_survey, NULL, 0},
    {"mse merge", NULL, run_mse_merge, NULL, 0},
};

static void test_oom_sweep(void **state)
{
	const struct op *op = *state;
	const char *only = getenv("KL_OOM_ONLY"); /* debugging: one operation */
	if (only && strcmp(only, op->name))
		skip();
	sweep(op);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(ops) / sizeof(ops[0])];
	struct kl_error err;
	char kd[64], kp[96];
	snprintf(kd, sizeof(kd), "/tmp/kl_oomkey_XXXXXX");
	if (!mkdtemp(kd))
		return 1;
	snprintf(kp, sizeof(kp), "%s/key", kd);
	kl_error_clear(&err);
	if (kl_init(&err) != KL_OK || kl_key_create(kp, NULL, &err) != KL_OK ||
	    kl_key_load(kp, &key, &err) != KL_OK)
		return 1;
	unlink(kp);
	rmdir(kd);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = ops[i].name;
		tests[i].test_func = test_oom_sweep;
		tests[i].initial_state = (void *)&ops[i];
	}
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	kl_key_release(&key);
	return rc;
}
