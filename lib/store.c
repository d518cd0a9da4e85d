/*
 * store.c - opening, creating, versioning and listing the kartlagg store.
 *
 * A new store is built under a temporary name (open(2) with O_EXCL and
 * mode 0600, then fchmod'ed, so the umask never widens it), given its
 * schema, and linked into place only if nothing is there yet: no process
 * ever sees a half-made store.  SQLite creates its -journal file with the
 * same mode as the database.
 */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "kl_version.h"
#include "store_priv.h"
#include "util_priv.h"

extern const char kli_schema_sql[];

int kli_store_fail(struct kl_store *st, int rc, struct kl_error *err,
                   const char *what)
{
	const char *m =
	    st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	enum kl_status s = KL_ERR_STORE;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return kl_error_set(err, KL_ERR_BUSY,
		                    "%s: the store is locked by another "
		                    "process; try again",
		                    what);
	case SQLITE_FULL:
	case SQLITE_IOERR: {
		/* say why: "disk I/O error" alone does not help anyone */
		int e = st && st->db ? sqlite3_system_errno(st->db) : 0;
		if (e)
			return kl_error_sys(err, KL_ERR_IO, e,
			                    "%s: %s on the store '%s'", what, m,
			                    st->path);
		return kl_error_set(err, KL_ERR_IO, "%s: %s on the store '%s'",
		                    what, m, st && st->path ? st->path : "");
	}
	case SQLITE_NOMEM:
		s = KL_ERR_NOMEM;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		s = KL_ERR_CONFIG;
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		s = KL_ERR_CANTCREAT;
		break;
	}
	return kl_error_set(err, s, "%s: %s", what, m);
}

void kli_bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void kli_bind_nonempty(sqlite3_stmt *s, int i, const char *t)
{
	kli_bind_text(s, i, t && *t ? t : NULL);
}

int kli_store_exec(struct kl_store *st, const char *sql, struct kl_error *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return kli_store_fail(st, rc, err, "store");
	return KL_OK;
}

int kli_store_prepare(struct kl_store *st, const char *sql, sqlite3_stmt **out,
                      struct kl_error *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return kli_store_fail(st, rc, err, "store");
	}
	return KL_OK;
}

char *kli_quote_ident(const char *name)
{
	size_t n = 3;
	for (const char *p = name; *p; p++)
		n += *p == '"' ? 2 : 1;
	char *q = malloc(n);
	if (!q)
		return NULL;
	char *o = q;
	*o++ = '"';
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"';
	*o = 0;
	return q;
}

void kli_utc_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int pragma_int(struct kl_store *st, const char *sql, int *out,
                      struct kl_error *err)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = KL_OK;
	} else {
		rc = kli_store_fail(st, rc, err, "cannot read the store");
	}
	sqlite3_finalize(s);
	return rc;
}

/* Create the file with mode 0600 before SQLite sees it. */
static int create_private_file(const char *path, struct kl_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return kl_error_sys(err, KL_ERR_CANTCREAT, errno,
		                    "cannot create store '%s'", path);
	if (fchmod(fd, 0600) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return kl_error_sys(err, KL_ERR_CANTCREAT, e,
		                    "cannot set the mode of '%s'", path);
	}
	close(fd);
	return KL_OK;
}

static int apply_schema(struct kl_store *st, struct kl_error *err)
{
	char sql[128];
	int rc = kli_store_exec(st, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	rc = kli_store_exec(st, kli_schema_sql, err);
	if (!rc) {
		snprintf(sql, sizeof(sql),
		         "PRAGMA application_id = %d; PRAGMA user_version = %d;"
		         "INSERT INTO kl_meta VALUES ('created_by', "
		         "'kartlagg " KL_STORE_VERSION_STR "')",
		         KL_STORE_APP_ID, KL_SCHEMA_VERSION);
		rc = kli_store_exec(st, sql, err);
	}
	if (!rc)
		rc = kli_store_exec(st, "COMMIT", err);
	if (rc)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Create a store at `path` so that no one ever sees it half made: build
 * it under a temporary name in the same directory (mode 0600, schema
 * applied), then link it to `path` only if nothing is there yet.  When
 * another process won the race, its store is used and ours dropped.
 */
static int create_store(const char *path, struct kl_error *err)
{
	struct kl_store tmp = {0};
	size_t n = strlen(path) + 64;
	char *t = malloc(n);
	int rc;

	if (!t)
		return kli_oom(err);
	snprintf(t, n, "%s.new-%ld-%08x", path, (long)getpid(),
	         (unsigned)randombytes_random());
	rc = create_private_file(t, err);
	if (rc) {
		if (err)
			kl_error_sys(err, KL_ERR_CANTCREAT, err->sys_errno,
			             "cannot create store '%s'", path);
		free(t);
		return rc;
	}
	tmp.path = t;
	rc = sqlite3_open_v2(t, &tmp.db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		rc = kli_store_fail(&tmp, rc, err, "cannot create the store");
	else
		rc = apply_schema(&tmp, err);
	sqlite3_close(tmp.db);
	if (!rc && link(t, path) != 0) {
		int e = errno;
		if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP ||
		    e == ENOSYS) /* no hard links here */
			e = renameat2(AT_FDCWD, t, AT_FDCWD, path,
			              RENAME_NOREPLACE) == 0
			        ? 0
			        : errno;
		if (e && e != EEXIST)
			rc = kl_error_sys(err, KL_ERR_CANTCREAT, e,
			                  "cannot create store '%s'", path);
	}
	unlink(t);
	n = strlen(t);
	snprintf(t + n, 16, "-journal");
	unlink(t);
	free(t);
	return rc;
}

/*
 * Version 3 keys calibrated weights by the survey row's _row instead of its
 * _line (not unique once a survey holds rows of several files).  The rows
 * live in each survey's own table, so this step cannot be plain DDL: each
 * weight set's weights are matched to the rows of its survey's table by
 * _line (a store of version 2 holds one file per survey).  A set whose
 * survey was re-imported since keeps no weights: it no longer matches and
 * must be calibrated again, as before.  Runs inside migrate()'s
 * transaction on its connection.
 */
static int rekey_weights_v3(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_table_column_metadata(db, NULL, "weights", "_line", NULL,
	                                  NULL, NULL, NULL, NULL) != SQLITE_OK)
		return SQLITE_OK; /* no weights, or keyed by _row already */
	rc = sqlite3_exec(db,
	                  "CREATE TABLE weights_v3 (\n"
	                  "\tset_id      INTEGER NOT NULL REFERENCES "
	                  "weight_sets(id),\n"
	                  "\t_row        INTEGER NOT NULL,\n"
	                  "\tw           REAL NOT NULL,\n"
	                  "\tPRIMARY KEY (set_id, _row)\n"
	                  ") WITHOUT ROWID",
	                  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    db,
		    "SELECT ws.id, s.data_table FROM weight_sets ws JOIN "
		    "surveys s ON s.name = ws.survey AND s.import_id IS "
		    "ws.survey_import_id ORDER BY ws.id",
		    -1, &s, NULL);
	while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);
		const char *t = (const char *)sqlite3_column_text(s, 1);
		char *sql = sqlite3_mprintf(
		    "INSERT INTO weights_v3 SELECT w.set_id, t._row, w.w FROM "
		    "weights w JOIN \"%w\" t ON t._line = w._line WHERE "
		    "w.set_id = %lld",
		    t ? t : "", id);
		rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL)
		         : SQLITE_NOMEM;
		sqlite3_free(sql);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
		                  "DROP TABLE weights; ALTER TABLE weights_v3 "
		                  "RENAME TO weights",
		                  NULL, NULL, NULL);
	return rc;
}

/*
 * Bring an older store up to KL_SCHEMA_VERSION in one transaction: the
 * text of schemas/store.sql from the marker "-- @version <from+1>" on
 * holds every later version's DDL.  A store opened read-only cannot be
 * changed: it is migrated through a second, writable connection when the
 * file allows it, and refused otherwise.
 */
static int migrate(struct kl_store *st, int from, struct kl_error *err)
{
	char marker[32], sql[64];
	const char *tail;
	sqlite3 *db = NULL;
	int rc;

	if (from < 1)
		return kl_error_set(
		    err, KL_ERR_CONFIG,
		    "store schema version %d is not known to "
		    "this kartlagg (which migrates from version "
		    "1 on)",
		    from);
	snprintf(marker, sizeof(marker), "-- @version %d\n", from + 1);
	tail = strstr(kli_schema_sql, marker);
	if (!tail)
		return kl_error_set(err, KL_ERR_INTERNAL,
		                    "no migration from schema version %d",
		                    from);
	rc = sqlite3_open_v2(st->path, &db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK) {
		int ver = 0;
		sqlite3_stmt *s = NULL;
		/* another process may have migrated it meanwhile */
		rc =
		    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
		if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
			ver = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (rc == SQLITE_OK && ver == from)
			rc = sqlite3_exec(db, tail, NULL, NULL, NULL);
		if (rc == SQLITE_OK && ver == from && from < 3)
			rc = rekey_weights_v3(db);
		if (rc == SQLITE_OK && ver == from) {
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			         KL_SCHEMA_VERSION);
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		}
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		struct kl_store tmp = {db, st->path, 0, 0};
		kli_store_fail(&tmp, rc, err, "cannot migrate the store");
		sqlite3_close(db);
		if (err && err->status != KL_ERR_BUSY)
			return kl_error_set(
			    err, err->status,
			    "'%s' has schema version %d and "
			    "cannot be brought up to version %d: "
			    "%s",
			    st->path, from, KL_SCHEMA_VERSION,
			    sqlite3_errstr(rc));
		return err ? (int)err->status : KL_ERR_STORE;
	}
	sqlite3_close(db);
	return KL_OK;
}

static int check_store(struct kl_store *st, struct kl_error *err)
{
	int app = 0, ver = 0, ntab = 0, rc;

	rc = pragma_int(st, "PRAGMA application_id", &app, err);
	if (rc) {
		if (err && (err->status == KL_ERR_CONFIG ||
		            err->status == KL_ERR_STORE))
			return kl_error_set(err, KL_ERR_CONFIG,
			                    "'%s' is not a kartlagg store "
			                    "(not an SQLite database)",
			                    st->path);
		return rc;
	}
	if (app == 0) {
		rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &ntab,
		                err);
		if (rc)
			return rc;
		if (ntab == 0)
			return kl_error_set(err, KL_ERR_CONFIG,
			                    "'%s' is an empty SQLite file, not "
			                    "a kartlagg store",
			                    st->path);
	}
	if (app != KL_STORE_APP_ID)
		return kl_error_set(err, KL_ERR_CONFIG,
		                    "'%s' is not a kartlagg store (an SQLite "
		                    "database of another application)",
		                    st->path);
	rc = pragma_int(st, "PRAGMA user_version", &ver, err);
	if (rc)
		return rc;
	if (ver > KL_SCHEMA_VERSION)
		return kl_error_set(err, KL_ERR_CONFIG,
		                    "'%s' was written by a newer kartlagg "
		                    "(schema version %d; this one knows up to "
		                    "%d): upgrade kartlagg",
		                    st->path, ver, KL_SCHEMA_VERSION);
	if (ver < KL_SCHEMA_VERSION)
		return migrate(st, ver, err);
	return KL_OK;
}

/*
 * The store file and its rollback journal (path + "-journal"), where they
 * exist: refuse a symbolic link (whoever made it chooses where the data
 * goes); narrow a mode that lets the group or others in to 0600, adding
 * the old bits to *narrowed, or refuse when that fails (not our file).
 */
static int guard_file(const char *path, unsigned *narrowed,
                      struct kl_error *err)
{
	char j[4096];
	const char *files[2] = {path, j};

	if ((size_t)snprintf(j, sizeof(j), "%s-journal", path) >= sizeof(j))
		return kl_error_set(err, KL_ERR_USAGE, "store path too long");
	for (int i = 0; i < 2; i++) {
		struct stat lb;
		if (lstat(files[i], &lb) != 0)
			continue; /* missing: created 0600 later */
		if (S_ISLNK(lb.st_mode))
			return kl_error_set(err, KL_ERR_CONFIG,
			                    "'%s' is a symbolic link; give the "
			                    "store file itself",
			                    files[i]);
		if (!S_ISREG(lb.st_mode) || !(lb.st_mode & 077))
			continue;
		if (chmod(files[i], 0600) != 0)
			return kl_error_sys(
			    err, KL_ERR_IO, errno,
			    "'%s' has mode %04o (others can "
			    "read it) and cannot be narrowed to "
			    "0600",
			    files[i], (unsigned)(lb.st_mode & 07777));
		*narrowed |= (unsigned)(lb.st_mode & 07777);
	}
	return KL_OK;
}

unsigned kl_store_narrowed(const struct kl_store *st)
{
	return st ? st->narrowed : 0;
}

int kl_store_open(struct kl_store **out, const char *path, int flags,
                  struct kl_error *err)
{
	struct kl_store *st;
	struct stat sb;
	int rc, oflags, memory = 0;
	long timeout = 5000;
	const char *env = getenv("KARTLAGG_BUSY_TIMEOUT");

	*out = NULL;
	if (env && *env)
		timeout = strtol(env, NULL, 10);
	unsigned narrowed = 0;
	rc = guard_file(path, &narrowed, err);
	if (rc)
		return rc;
	if (stat(path, &sb) != 0 && errno == ENOENT &&
	    (flags & KL_STORE_SCRATCH) == KL_STORE_SCRATCH) {
		memory = 1;
	} else if (stat(path, &sb) != 0) {
		if (errno != ENOENT ||
		    (flags & KL_STORE_CREATE) != KL_STORE_CREATE)
			return kl_error_sys(err, KL_ERR_NOINPUT, errno,
			                    "cannot open store '%s'", path);
		rc = create_store(path, err);
		if (rc)
			return rc;
		if (stat(path, &sb) != 0)
			return kl_error_sys(err, KL_ERR_NOINPUT, errno,
			                    "cannot open store '%s'", path);
	} else if (!S_ISREG(sb.st_mode)) {
		return kl_error_set(err, KL_ERR_CONFIG,
		                    "'%s' is not a regular file", path);
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return kli_oom(err);
	st->path = strdup(path);
	if (!st->path) {
		free(st);
		return kli_oom(err);
	}
	st->narrowed = narrowed;
	oflags = (flags & KL_STORE_WRITE) ? SQLITE_OPEN_READWRITE
	                                  : SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(memory ? ":memory:" : path, &st->db,
	                     oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		kli_store_fail(st, rc, err, "cannot open the store");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, (int)timeout);
	sqlite3_extended_result_codes(st->db, 1);
	if (memory) {
		rc = apply_schema(st, err);
		if (rc)
			goto fail;
	}
	rc = check_store(st, err);
	if (rc)
		goto fail;
	if (flags & KL_STORE_WRITE) {
		/* The rollback journal: atomic imports whose new pages are
		 * written once (WAL would write them twice). */
		rc = kli_store_exec(st,
		                    "PRAGMA journal_mode = DELETE;"
		                    "PRAGMA synchronous = FULL;",
		                    err);
		if (rc)
			goto fail;
	}
	rc = kli_store_exec(st,
	                    "PRAGMA foreign_keys = ON;"
	                    "PRAGMA secure_delete = ON;"
	                    "PRAGMA cache_size = -16384;"
	                    "PRAGMA temp_store = FILE;",
	                    err);
	if (rc)
		goto fail;
	*out = st;
	return KL_OK;
fail:
	kl_store_close(st);
	return err ? (int)err->status : KL_ERR_STORE;
}

void kl_store_close(struct kl_store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		kl_store_rollback(st);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

const char *kl_store_path(const struct kl_store *st)
{
	return st->path;
}

int kl_store_begin(struct kl_store *st, struct kl_error *err)
{
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return kli_store_fail(st, rc, err, "cannot start an import");
	st->in_tx = 1;
	return KL_OK;
}

int kl_store_commit(struct kl_store *st, struct kl_error *err)
{
	int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		kli_store_fail(st, rc, err, "cannot commit");
		kl_store_rollback(st);
		return err ? (int)err->status : KL_ERR_STORE;
	}
	st->in_tx = 0;
	return KL_OK;
}

void kl_store_rollback(struct kl_store *st)
{
	if (st && st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	if (st)
		st->in_tx = 0;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

int kl_store_list_sources(struct kl_store *st, struct kl_source **out,
                          size_t *n, struct kl_error *err)
{
	sqlite3_stmt *s;
	struct kl_source *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = kli_store_prepare(
	    st,
	    "SELECT id, kind, name, coalesce(target, ''), size, rows, "
	    "sha256, encoding, delimiter, imported_at, kartlagg_version, "
	    "coalesce(superseded_by, 0) FROM imports ORDER BY id",
	    &s, err);
	if (rc)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			struct kl_source *nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				sqlite3_finalize(s);
				return kli_oom(err);
			}
			v = nv;
		}
		struct kl_source *r = &v[len++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		copy_col(r->kind, sizeof(r->kind), s, 1);
		copy_col(r->name, sizeof(r->name), s, 2);
		copy_col(r->target, sizeof(r->target), s, 3);
		r->size = sqlite3_column_int64(s, 4);
		r->rows = sqlite3_column_int64(s, 5);
		copy_col(r->sha256, sizeof(r->sha256), s, 6);
		copy_col(r->encoding, sizeof(r->encoding), s, 7);
		copy_col(r->delimiter, sizeof(r->delimiter), s, 8);
		copy_col(r->imported_at, sizeof(r->imported_at), s, 9);
		copy_col(r->version, sizeof(r->version), s, 10);
		r->superseded_by = sqlite3_column_int64(s, 11);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return kli_store_fail(st, rc, err, "cannot list imports");
	}
	*out = v;
	*n = len;
	return KL_OK;
}
