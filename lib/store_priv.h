/*
 * store_priv.h - store internals shared by lib/ modules; never included
 * from cli/.
 */
#ifndef KL_STORE_PRIV_H
#define KL_STORE_PRIV_H

#include <sqlite3.h>

#include "kl_store.h"

struct kl_store {
	sqlite3 *db;
	char *path;
	int in_tx;
	unsigned narrowed; /* mode bits before kl_store_open narrowed them */
};

/* Turn the last SQLite error on st->db into a kl_error (BUSY/LOCKED ->
 * KL_ERR_BUSY, FULL/IOERR -> KL_ERR_IO, NOMEM -> KL_ERR_NOMEM). */
int kli_store_fail(struct kl_store *st, int rc, struct kl_error *err,
                   const char *what);

/* The connection, for lib/ modules. */
static inline sqlite3 *kli_store_db(struct kl_store *st)
{
	return st->db;
}

/* Run SQL without parameters (DDL, pragmas). */
int kli_store_exec(struct kl_store *st, const char *sql, struct kl_error *err);

/* Prepare a statement; on failure fills err. */
int kli_store_prepare(struct kl_store *st, const char *sql, sqlite3_stmt **out,
                      struct kl_error *err);

/* Bind text (copied), or NULL when t is NULL. */
void kli_bind_text(sqlite3_stmt *s, int i, const char *t);
/* Bind text (copied), or NULL when t is NULL or empty. */
void kli_bind_nonempty(sqlite3_stmt *s, int i, const char *t);

/* Quote an SQL identifier ("a""b"); returns a new string or NULL. */
char *kli_quote_ident(const char *name);

/* Current UTC time as ISO 8601 (YYYY-MM-DDTHH:MM:SSZ). */
void kli_utc_now(char *buf, size_t n);

/*
 * Record in import_changes (made on first use, lib/deliveries.c) that
 * import_id was 'replaced', 'retired' or 'restored' by by_import (0 =
 * none), now; within the caller's transaction.
 */
int kli_import_change(struct kl_store *st, long long import_id,
                      const char *action, long long by_import,
                      struct kl_error *err);

struct kl_retire_result;

/*
 * Retire survey import `id` of survey `survey` (lib/rounds.c): its rows
 * go to "<table>_set_aside", the rows it had replaced come back; within
 * the caller's transaction, which has checked that id is current.
 */
int kli_survey_retire(struct kl_store *st, long long id, const char *survey,
                      struct kl_retire_result *res, struct kl_error *err);

#endif
