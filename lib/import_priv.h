/*
 * import_priv.h - the survey import's hooks for readers of other formats,
 * and the bookkeeping every import shares (lib/imports.c).
 *
 * A reader of a binary survey file (lib/import_readstat.c: SPSS .sav and
 * Stata .dta) turns it into a CSV export and a codebook held in memory and
 * imports them through the CSV path, so every cell is checked as a CSV
 * export's is.  struct kli_import_src names the original file, for the
 * messages and the provenance.
 */
#ifndef IMPORT_PRIV_H
#define IMPORT_PRIV_H

#include "kl_import.h"

struct kli_import_src {
	const char *path;        /* the original file, named in messages */
	const char *name;        /* its name without directories */
	const char *sha256;      /* its SHA-256, hex */
	unsigned long long size; /* its size in bytes */
	const char *encoding;    /* recorded as the import's encoding */
	const char *format;      /* recorded as its delimiter: "sav", "dta" */
	const char *cb_name;     /* the generated codebook's name, or NULL */
};

/* Record src's name, SHA-256, encoding, format and size in info: the
 * provenance of an import read through a file made from src. */
void kli_import_src_info(struct kl_csv_info *info,
                         const struct kli_import_src *src);

/*
 * As kl_import_survey, reading the CSV export at `csv_path` (and the
 * codebook o->codebook) but recording and naming `src`'s file.
 */
int kli_import_survey_as(struct kl_store *st, const char *csv_path,
                         const struct kli_import_src *src,
                         const struct kl_import_opts *o,
                         struct kl_import_result *res, struct kl_error *err);

/* Is `path` a file kli_import_readstat reads (by its extension)? */
int kli_readstat_path(const char *path);

/*
 * Import an SPSS .sav/.zsav or Stata .dta file: its variables become the
 * columns, its value labels and user-missing values the codebook (unless
 * o->codebook gives one).  Statuses as kl_import_survey.
 */
int kli_import_readstat(struct kl_store *st, const char *path,
                        const struct kl_import_opts *o,
                        struct kl_import_result *res, struct kl_error *err);

struct kl_store;

/* A row of `imports`: what was imported, by whom it is counted. */
struct kli_import_row {
	const char *kind;        /* "survey", "codebook", "police", ... */
	const char *name;        /* the file's name without directories */
	unsigned long long size; /* its size in bytes */
	const char *sha256;      /* its SHA-256, hex (or "pending") */
	const char *encoding;    /* as detected or given */
	const char *delimiter;   /* its name: ";", "tab", "sav" */
	long long rows;          /* rows (updated when known) */
	const char *target;      /* the survey it belongs to, or NULL */
};

/*
 * Add row r to `imports`, stamped with the time and kartlagg's version;
 * *id is its id.  0 or a status (err set: "cannot record the import").
 */
int kli_import_insert(struct kl_store *st, const struct kli_import_row *r,
                      long long *id, struct kl_error *err);

/*
 * The import whose file has SHA-256 `sha`: *id is its id, or 0 when there
 * is none.  0 or a status (err set).
 */
int kli_import_find_sha(struct kl_store *st, const char *sha, long long *id,
                        struct kl_error *err);

/* A file descriptor in memory (memfd) holding s; -1 with errno set. */
int kli_mem_file(const char *what, const char *s, size_t n);

/* SHA-256 (hex, hexn >= 65) and size of the file; -1 with errno set. */
int kli_hash_file(const char *path, char *hex, size_t hexn,
                  unsigned long long *size);

#endif
