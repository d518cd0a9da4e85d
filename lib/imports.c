/*
 * imports.c - the bookkeeping every import shares: its row in `imports`
 * (provenance: what file, when, by which version) and the look-up of a
 * file already imported, by its SHA-256.  Used by the survey import
 * (import_survey.c) and the feed imports (feed_common.c).
 */
#include "import_priv.h"
#include "kl_version.h"
#include "store_priv.h"

int kli_import_find_sha(struct kl_store *st, const char *sha, long long *id,
                        struct kl_error *err)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(
	    st, "SELECT id FROM imports WHERE sha256 = ?1", &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	*id = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the imports");
	return KL_OK;
}

int kli_import_insert(struct kl_store *st, const struct kli_import_row *r,
                      long long *id, struct kl_error *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc = kli_store_prepare(
	    st,
	    "INSERT INTO imports (kind, name, size, sha256, encoding, "
	    "delimiter, rows, imported_at, kartlagg_version, target) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    &s, err);
	if (rc)
		return rc;
	kli_utc_now(now, sizeof(now));
	sqlite3_bind_text(s, 1, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->size);
	sqlite3_bind_text(s, 4, r->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, r->encoding, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, r->delimiter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, r->rows);
	sqlite3_bind_text(s, 8, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, KL_VERSION, -1, SQLITE_STATIC);
	kli_bind_text(s, 10, r->target);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kli_store_fail(st, rc, err, "cannot record the import");
	*id = sqlite3_last_insert_rowid(kli_store_db(st));
	return KL_OK;
}
