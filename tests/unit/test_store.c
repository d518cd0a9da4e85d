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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_private),
	    cmocka_unit_test(test_missing_store),
	    cmocka_unit_test(test_not_a_store),
	    cmocka_unit_test(test_newer_schema),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
