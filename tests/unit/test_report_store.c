/*
 * test_report_store.c - store-fault injection over the report and the
 * counts (lib/report*.c, lib/count*.c): each operation runs once to count
 * the SQL statements it starts (S), then S more times, the n-th time with
 * statement n interrupted (a progress handler returns nonzero once that
 * statement runs: SQLITE_INTERRUPT, as a failing disk or a vanished table
 * would stop it).  A run whose fault was reached must fail with
 * KL_ERR_STORE with SQLite's "interrupted", or, for the few statements
 * may_recover() names, may succeed (counted as recovered); it must not
 * crash or leak (LSan in the sanitized build).  A run whose statement had
 * no place to stop must succeed.  Written for issue 16: the offence
 * section, the population, the imports' periods and ids and a relation
 * of the overlap table left a figure out (or a relation undeclared) when
 * a read failed, and the report was built without a word.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kartlagg/kartlagg.h"
#include "kl_test.h"
#include "store_priv.h"

/* ---- the fault: statement `target` is interrupted ---- */

static long nstmt, target;
static int fired;
static char fired_sql[160]; /* the interrupted statement, for messages */

static int on_progress(void *u)
{
	(void)u;
	if (!fired && target && nstmt == target) {
		fired = 1;
		return 1;
	}
	return 0;
}

static int on_trace(unsigned t, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)p;
	(void)x;
	if (t == SQLITE_TRACE_STMT) {
		const char *sql = x;
		/* a trigger's sub-statements are reported as "-- ..." */
		if (!sql || strncmp(sql, "--", 2) != 0)
			nstmt++;
		if (nstmt == target && sql)
			snprintf(fired_sql, sizeof(fired_sql), "%s", sql);
	}
	return 0;
}

/*
 * The statements whose failure a run may survive: the report's read
 * transaction (BEGIN, COMMIT: without it every statement reads on its
 * own).  Any other store error must fail the operation: a figure left out or a
 * relation of disclosure control not declared without a word is what this test
 * is for.
 */
static int may_recover(const char *sql)
{
	return !strcmp(sql, "BEGIN") || !strcmp(sql, "COMMIT");
}

static void arm(struct kl_store *st, long n)
{
	sqlite3 *db = kli_store_db(st);
	nstmt = 0;
	target = n;
	fired = 0;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_trace, NULL);
	sqlite3_progress_handler(db, n ? 1 : 0, on_progress, NULL);
}

static void disarm(struct kl_store *st)
{
	sqlite3 *db = kli_store_db(st);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	target = 0;
}

/* ---- fixtures: a store file made once, copied for each run ---- */

struct fx {
	char dir[64];
	char path[128];
	struct kl_store *st;
};

static struct kl_key key;

static void fx_new(struct fx *x)
{
	snprintf(x->dir, sizeof(x->dir), "/tmp/kl_stf_XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/s.db", x->dir);
	x->st = NULL;
}

static void fx_open(struct fx *x)
{
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(kl_store_open(&x->st, x->path, KL_STORE_CREATE, &err),
	                 KL_OK);
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

static void feed(struct fx *x, const char *rel)
{
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	char p[512];
	memset(&o, 0, sizeof(o));
	o.key = &key;
	assert_non_null(kl_test_data(rel, p, sizeof(p)));
	kl_error_clear(&err);
	assert_int_equal(kl_import_feed(x->st, p, &o, &res, &err), KL_OK);
}

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

/* ---- the operations ---- */

struct op {
	const char *name;
	const char *const *feeds; /* imported into the fixture, in order */
	int (*run)(struct kl_store *st, const void *arg, struct kl_error *err);
	const void *arg;
};

/* Build the report of definition `arg` and write it as text, HTML and
 * every table's CSV. */
static int run_report(struct kl_store *st, const void *arg,
                      struct kl_error *err)
{
	const char *ini = arg;
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	int rc = kl_report_def_parse(ini, strlen(ini), "r.ini", &d, err);
	if (rc == KL_OK)
		rc = kl_report_def_check(st, d, err);
	if (rc == KL_OK)
		rc = kl_report_build(st, d, &r, err);
	FILE *f = tmpfile();
	assert_non_null(f);
	if (rc == KL_OK)
		rc = kl_report_write_text(r, f, err);
	if (rc == KL_OK)
		rc = kl_report_write_html(r, f, err);
	for (size_t t = 0; rc == KL_OK && t < r->ntables; t++)
		rc = kl_report_write_csv(r, t, f, err);
	fclose(f);
	kl_report_free(r);
	kl_report_def_free(d);
	return rc;
}

/* Offence counts at every level, by year and region, with the coverage,
 * the imports and their periods and a population. */
static int run_offences(struct kl_store *st, const void *arg,
                        struct kl_error *err)
{
	static const enum kl_region_level lv[] = {KL_LEVEL_KOMMUN, KL_LEVEL_LAN,
	                                          KL_LEVEL_RIKET};
	const enum kl_offence_source *src = arg;
	struct kl_offence_kommun *cov = NULL;
	long long *ids = NULL;
	size_t n = 0;
	char a[16], z[16];
	double pop;
	int rc = KL_OK;
	for (size_t i = 0; rc == KL_OK && i < 3; i++) {
		struct kl_offence_opts o;
		struct kl_offence_count *c = NULL;
		memset(&o, 0, sizeof(o));
		o.y0 = 2023;
		o.y1 = 2025;
		o.source = *src;
		o.level = lv[i];
		o.by_year = 1;
		o.by_region = 1;
		rc = kl_count_offences(st, &o, &c, err);
		kl_offence_count_free(c);
	}
	if (rc == KL_OK)
		rc = kl_offence_coverage(st, 2023, 2025, &cov, &n, err);
	free(cov);
	if (rc == KL_OK)
		rc = kl_offence_imports(st, *src, 2023, 2025, &ids, &n, err);
	for (size_t i = 0; rc == KL_OK && i < n; i++)
		rc = kl_offence_import_period(st, *src, ids[i], a, z, sizeof(a),
		                              err);
	free(ids);
	if (rc == KL_OK)
		rc = kl_offence_population(st, "1980", 2024, &pop, err);
	return rc;
}

/* Persons known to services, all roles, in Västerås. */
static int run_individuals(struct kl_store *st, const void *arg,
                           struct kl_error *err)
{
	static const char *const regions[] = {"1980"};
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	(void)arg;
	memset(&o, 0, sizeof(o));
	assert_int_equal(kl_period_parse("2025", &o.period), 0);
	o.regions = regions;
	o.nregions = 1;
	int rc = kl_count_individuals(st, &o, &c, err);
	kl_individuals_count_free(c);
	return rc;
}

static const char *const police_feeds[] = {"feeds/polis_extract_a.csv",
                                           "feeds/individuals_2025.csv",
                                           "scb/stub_years.csv", NULL};
static const char *const bra_feeds[] = {"feeds/bra_sol_utf8.txt",
                                        "scb/stub_years.csv", NULL};
static const char *const both_feeds[] = {
    "feeds/polis_extract_a.csv", "feeds/bra_sol_utf8.txt",
    "feeds/individuals_2025.csv", "scb/stub_years.csv", NULL};

/* a kommun: police cases with Brå's län and riket beside them,
 * individuals and their MSE */
static const char kommun_ini[] = "[report]\ntitle = T\nregion = 1980\n"
                                 "period = 2025\n"
                                 "[individuals]\nperiod = 2025\n"
                                 "role = alla\n"
                                 "[offences]\nperiod = 2023-2025\n"
                                 "[mse]\nlists = organisation-type\n";
/* a län over Brå alone */
static const char bra_ini[] = "[report]\ntitle = T\nregion = 19, 1980\n"
                              "period = 2024\n"
                              "[offences]\nperiod = 2023-2024\n"
                              "source = bra-sol\n";

static const enum kl_offence_source police = KL_SOURCE_POLICE;
static const enum kl_offence_source bra = KL_SOURCE_BRA;

static const struct op ops[] = {
    {"report kommun (police, Brå, individuals)", both_feeds, run_report,
     kommun_ini},
    {"report län (Brå)", bra_feeds, run_report, bra_ini},
    {"count offences (police)", police_feeds, run_offences, &police},
    {"count offences (Brå)", bra_feeds, run_offences, &bra},
    {"count individuals", police_feeds, run_individuals, NULL},
};

static void sweep(const struct op *op)
{
	struct fx tmpl, x;
	struct kl_error err;
	long total, failed = 0, recovered = 0, missed = 0;

	fx_new(&tmpl);
	fx_open(&tmpl);
	for (size_t i = 0; op->feeds[i]; i++)
		feed(&tmpl, op->feeds[i]);
	kl_store_close(tmpl.st);
	tmpl.st = NULL;

	/* the statements of a run without a fault */
	fx_new(&x);
	copy_file(tmpl.path, x.path);
	fx_open(&x);
	arm(x.st, 0);
	kl_error_clear(&err);
	assert_int_equal(op->run(x.st, op->arg, &err), KL_OK);
	total = nstmt;
	disarm(x.st);
	fx_free(&x);
	assert_true(total > 0);

	for (long n = 1; n <= total; n++) {
		fx_new(&x);
		copy_file(tmpl.path, x.path);
		fx_open(&x);
		arm(x.st, n);
		kl_error_clear(&err);
		int rc = op->run(x.st, op->arg, &err);
		int reached = fired;
		disarm(x.st);
		if (!reached) {
			missed++;
			if (rc != KL_OK)
				fail_msg("%s: statement %ld not reached: %d %s",
				         op->name, n, rc, err.msg);
		} else if (rc == KL_OK) {
			recovered++;
			if (!may_recover(fired_sql))
				fail_msg("%s: statement %ld swallowed: %s",
				         op->name, n, fired_sql);
		} else {
			failed++;
			if (err.status != KL_ERR_STORE ||
			    !strstr(err.msg, "interrupted"))
				fail_msg("%s: statement %ld: status %d (%s)",
				         op->name, n, err.status, err.msg);
		}
		fx_free(&x);
	}
	fx_free(&tmpl);
	print_message("%-42s statements %4ld  failed %4ld  recovered %3ld  "
	              "not stopped %3ld\n",
	              op->name, total, failed, recovered, missed);
}

static void test_report_store_sweep(void **state)
{
	const struct op *op = *state;
	const char *only = getenv("KL_STORE_FAULT_ONLY"); /* debugging */
	if (only && strcmp(only, op->name))
		skip();
	sweep(op);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(ops) / sizeof(ops[0])];
	struct kl_error err;
	char kd[64], kp[96];
	snprintf(kd, sizeof(kd), "/tmp/kl_stfkey_XXXXXX");
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
		tests[i].test_func = test_report_store_sweep;
		tests[i].initial_state = (void *)&ops[i];
	}
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	kl_key_release(&key);
	return rc;
}
