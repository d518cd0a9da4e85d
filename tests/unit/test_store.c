/*
 * test_store.c - creating and opening the store.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"
#include "store_priv.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kl-test-store-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path(const char *name)
{
	static char p[128];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* Mode 0600 whatever the umask, and nothing else left in the directory. */
static void test_create_private(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	struct stat sb;
	(void)state;
	mode_t old = umask(0);
	int rc = kl_store_open(&st, path("a.db"), KL_STORE_CREATE, &err);
	umask(old);
	assert_int_equal(rc, KL_OK);
	kl_store_close(st);
	assert_int_equal(stat(path("a.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	assert_int_equal(n, 1);
}

/* Reading a store that does not exist creates nothing. */
static void test_missing_store(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	(void)state;
	assert_int_equal(
	    kl_store_open(&st, path("none.db"), KL_STORE_READ, &err),
	    KL_ERR_NOINPUT);
	assert_null(st);
	assert_int_equal(access(path("none.db"), F_OK), -1);
}

/* Not a store: a text file, an empty file, another application's db. */
static void test_not_a_store(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	sqlite3 *db;
	(void)state;
	FILE *f = fopen(path("text.db"), "w");
	fputs("id;svar\n1;ja\n", f);
	fclose(f);
	assert_int_equal(
	    kl_store_open(&st, path("text.db"), KL_STORE_WRITE, &err),
	    KL_ERR_CONFIG);
	f = fopen(path("empty.db"), "w");
	fclose(f);
	assert_int_equal(
	    kl_store_open(&st, path("empty.db"), KL_STORE_CREATE, &err),
	    KL_ERR_CONFIG);
	assert_int_equal(sqlite3_open(path("other.db"), &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(
	    kl_store_open(&st, path("other.db"), KL_STORE_READ, &err),
	    KL_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "another application"));
}

/* A store from a newer kartlagg is refused and left as it is. */
static void test_newer_schema(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	sqlite3 *db;
	(void)state;
	assert_int_equal(
	    kl_store_open(&st, path("new.db"), KL_STORE_CREATE, &err), KL_OK);
	kl_store_close(st);
	assert_int_equal(sqlite3_open(path("new.db"), &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(
	    kl_store_open(&st, path("new.db"), KL_STORE_WRITE, &err),
	    KL_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "newer kartlagg"));
	assert_int_equal(sqlite3_open(path("new.db"), &db), SQLITE_OK);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 99);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Run sql on the file at p through a connection of its own. */
static void raw_exec(const char *p, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The integer result of sql on the file at p (its own connection). */
static int raw_int(const char *p, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int v;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void make_store(const char *p)
{
	struct kl_store *st;
	struct kl_error err;
	assert_int_equal(kl_store_open(&st, p, KL_STORE_CREATE, &err), KL_OK);
	kl_store_close(st);
}

/* A kartlagg store of schema version 0 predates every migration. */
static void test_unknown_old_version(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	(void)state;
	make_store(path("v0.db"));
	raw_exec(path("v0.db"), "PRAGMA user_version = 0");
	assert_int_equal(
	    kl_store_open(&st, path("v0.db"), KL_STORE_WRITE, &err),
	    KL_ERR_CONFIG);
	assert_null(st);
	assert_string_equal(err.msg, "store schema version 0 is not known to "
	                             "this kartlagg (which migrates from "
	                             "version 1 on)");
	assert_int_equal(raw_int(path("v0.db"), "PRAGMA user_version"), 0);
}

/* A migration that fails leaves the store as it was: version 3 whose
 * population already has version 4's column (the ALTER of version 4 fails
 * on the duplicate column) keeps version 3 and every table. */
static void test_failed_migration_unchanged(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	char want[512];
	(void)state;
	make_store(path("v3.db"));
	raw_exec(path("v3.db"), "DROP TABLE designs; PRAGMA user_version = 3");
	int tables =
	    raw_int(path("v3.db"), "SELECT count(*) FROM sqlite_master");
	assert_int_equal(
	    kl_store_open(&st, path("v3.db"), KL_STORE_WRITE, &err),
	    KL_ERR_STORE);
	assert_null(st);
	snprintf(want, sizeof(want),
	         "'%s' has schema version 3 and cannot be brought up to "
	         "version %d: SQL logic error",
	         path("v3.db"), KL_SCHEMA_VERSION);
	assert_string_equal(err.msg, want);
	assert_int_equal(raw_int(path("v3.db"), "PRAGMA user_version"), 3);
	assert_int_equal(raw_int(path("v3.db"), "SELECT count(*) FROM "
	                                        "sqlite_master"),
	                 tables);
	assert_int_equal(raw_int(path("v3.db"), "SELECT count(*) FROM "
	                                        "sqlite_master WHERE name = "
	                                        "'designs'"),
	                 0);
}

/* A directory, a path too long for its journal, a directory that does
 * not exist: each a clear error, nothing created. */
static void test_bad_paths(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	char want[512], *lng;
	(void)state;
	assert_int_equal(mkdir(path("d.db"), 0700), 0);
	assert_int_equal(
	    kl_store_open(&st, path("d.db"), KL_STORE_CREATE, &err),
	    KL_ERR_CONFIG);
	snprintf(want, sizeof(want), "'%s' is not a regular file",
	         path("d.db"));
	assert_string_equal(err.msg, want);

	lng = malloc(5000);
	assert_non_null(lng);
	memset(lng, 'a', 4999);
	lng[4999] = 0;
	assert_int_equal(kl_store_open(&st, lng, KL_STORE_CREATE, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "store path too long");
	free(lng);

	assert_int_equal(
	    kl_store_open(&st, path("no/such/dir.db"), KL_STORE_CREATE, &err),
	    KL_ERR_CANTCREAT);
	snprintf(want, sizeof(want),
	         "cannot create store '%s': ", path("no/such/dir.db"));
	assert_memory_equal(err.msg, want, strlen(want));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_int_equal(access(path("no"), F_OK), -1);
}

/* A full disk is an I/O error that names the store (SQLite's
 * max_page_count makes the file "full" without filling a disk); the
 * transaction's rows are gone after the rollback. */
static void test_store_full(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	char want[512];
	(void)state;
	assert_int_equal(
	    kl_store_open(&st, path("full.db"), KL_STORE_CREATE, &err), KL_OK);
	int pages = raw_int(path("full.db"), "PRAGMA page_count");
	char sql[128];
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %d", pages + 2);
	assert_int_equal(kli_store_exec(st, sql, &err), KL_OK);
	assert_int_equal(kl_store_begin(st, &err), KL_OK);
	assert_int_equal(kli_store_exec(st, "CREATE TABLE big (x)", &err),
	                 KL_OK);
	int rc = kli_store_exec(st,
	                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	                        "SELECT i + 1 FROM n WHERE i < 100000) "
	                        "INSERT INTO big SELECT randomblob(100) FROM n",
	                        &err);
	assert_int_equal(rc, KL_ERR_IO);
	snprintf(want, sizeof(want),
	         "store: database or disk is full on the store '%s'",
	         path("full.db"));
	assert_string_equal(err.msg, want);
	kl_store_rollback(st);
	kl_store_close(st);
	assert_int_equal(raw_int(path("full.db"), "SELECT count(*) FROM "
	                                          "sqlite_master WHERE name = "
	                                          "'big'"),
	                 0);
}

/* Writing through a store opened for reading is refused as such. */
static void test_read_only_write(void **state)
{
	struct kl_store *st;
	struct kl_error err;
	(void)state;
	make_store(path("ro.db"));
	assert_int_equal(kl_store_open(&st, path("ro.db"), KL_STORE_READ, &err),
	                 KL_OK);
	assert_int_equal(kli_store_exec(st, "CREATE TABLE t (x)", &err),
	                 KL_ERR_CANTCREAT);
	assert_string_equal(err.msg,
	                    "store: attempt to write a readonly database");
	kl_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_private),
	    cmocka_unit_test(test_missing_store),
	    cmocka_unit_test(test_not_a_store),
	    cmocka_unit_test(test_newer_schema),
	    cmocka_unit_test(test_unknown_old_version),
	    cmocka_unit_test(test_failed_migration_unchanged),
	    cmocka_unit_test(test_bad_paths),
	    cmocka_unit_test(test_store_full),
	    cmocka_unit_test(test_read_only_write),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
