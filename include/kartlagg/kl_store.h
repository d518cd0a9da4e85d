/*
 * kl_store.h - the kartlagg store: one SQLite file holding every import,
 * its provenance and the normalised data.
 *
 * A store is created with mode 0600 (whatever the umask), carries
 * PRAGMA application_id KL_STORE_APP_ID and a schema version in
 * PRAGMA user_version.  A store written by a newer kartlagg is refused; an
 * older one is migrated in one transaction.  Foreign keys are on, the
 * journal is the rollback journal (readers see the state before or after
 * an import; an import's rows are written once, not twice as with WAL),
 * and deleted content is overwritten (secure_delete).
 */
#ifndef KL_STORE_H
#define KL_STORE_H

#include <stddef.h>

#include "kl_error.h"

#define KL_STORE_APP_ID 0x4b4c4747 /* "KLGG" */
#define KL_SCHEMA_VERSION 5

struct kl_store;

enum kl_store_flags {
	KL_STORE_READ = 0,    /* open an existing store for reading */
	KL_STORE_WRITE = 1,   /* open an existing store for writing */
	KL_STORE_CREATE = 3,  /* open for writing, create when missing */
	KL_STORE_SCRATCH = 5, /* open for writing; when missing, an empty
	                         store in memory (a dry run creates nothing) */
};

/*
 * Open the store at `path`.  A missing file is KL_ERR_NOINPUT unless flags
 * include KL_STORE_CREATE or KL_STORE_SCRATCH; a file that is not a kartlagg
 * store is KL_ERR_CONFIG; a store locked by another writer is KL_ERR_BUSY after
 * the busy timeout ($KARTLAGG_BUSY_TIMEOUT milliseconds, default 5000).
 * A store (or its rollback journal) that is a symbolic link is refused
 * (KL_ERR_CONFIG); one whose mode lets the group or others in is narrowed
 * to 0600 (kl_store_narrowed() says from what), or refused with
 * KL_ERR_IO when it cannot be.
 */
int kl_store_open(struct kl_store **out, const char *path, int flags,
                  struct kl_error *err);
void kl_store_close(struct kl_store *st);

/* The permission bits the store (or its journal) had before
 * kl_store_open narrowed them to 0600; 0 when they were 0600 already. */
unsigned kl_store_narrowed(const struct kl_store *st);

/* The path the store was opened with (borrowed). */
const char *kl_store_path(const struct kl_store *st);

/* One row of `kartlagg sources`. */
struct kl_source {
	long long id;
	char kind[32];
	char name[256];
	char target[128];
	long long size;
	long long rows;
	char sha256[65];
	char encoding[24];
	char delimiter[8];
	char imported_at[32];
	char version[32];
	long long superseded_by; /* 0 = current */
};

/* All imports in id order; free *out with free(). */
int kl_store_list_sources(struct kl_store *st, struct kl_source **out,
                          size_t *n, struct kl_error *err);

/* One round of a survey from one import: `kartlagg sources --rounds`. */
struct kl_round {
	char survey[128];
	char round_var[128]; /* "" = the survey has no round variable */
	char round[64];      /* the round's value as text; "" without one */
	long long import_id; /* the import its rows came from */
	char name[256];      /* that import's file name */
	long long rows;      /* its respondents (current rows) */
};

/*
 * The rounds of survey `survey` (NULL = every survey), by survey, round
 * and import; rows replaced or retired are not counted.  KL_ERR_USAGE for
 * a survey not in the store.  Free *out with kl_rounds_free().
 */
int kl_survey_rounds(struct kl_store *st, const char *survey,
                     struct kl_round **out, size_t *n, struct kl_error *err);
void kl_rounds_free(struct kl_round *v);

/* Transactions: BEGIN IMMEDIATE (KL_ERR_BUSY when locked), COMMIT,
 * ROLLBACK (never fails the caller). */
int kl_store_begin(struct kl_store *st, struct kl_error *err);
int kl_store_commit(struct kl_store *st, struct kl_error *err);
void kl_store_rollback(struct kl_store *st);

#endif
