/*
 * feeds_priv.h - what the feed parsers share (lib/feed_*.c, pseudonymise):
 * the reading state, problem reporting, header handling and the privacy
 * checks.  Never included from cli/.
 */
#ifndef KL_FEEDS_PRIV_H
#define KL_FEEDS_PRIV_H

#include <sqlite3.h>

#include "kl_codes.h"
#include "kl_feeds.h"
#include "store_priv.h"
#include "util_priv.h"

/* One column a feed knows. */
struct kli_col {
	const char *name;  /* header text, lower case */
	const char *alias; /* another accepted spelling, or NULL */
	int required;      /* must be in the header */
	int identifying;   /* never quote a cell; no personnummer check */
};

struct kli_feed;

/* A code of a feed's code list and another accepted spelling (or NULL);
 * a list ends with {NULL, NULL}. */
struct kli_code {
	const char *code;
	const char *alias;
};

/* Index in list of cell s (lower-cased, trimmed: kli_lower), or -1. */
int kli_code_find(const struct kli_code *list, const char *s);

/* The parser of one feed kind. */
struct kli_feed_ops {
	enum kl_feed_kind kind;
	const struct kli_col *cols;
	size_t ncols;
	int trailing_field; /* data rows may end in one empty extra field */
	/* the header was accepted; prepare statements (st may be NULL) */
	int (*begin)(struct kli_feed *f);
	/* one data row; return nonzero to stop reading */
	int (*row)(struct kli_feed *f, const struct kl_csv_record *rec);
	/* after the last row (not called when there were problems) */
	int (*end)(struct kli_feed *f);
	void (*release)(struct kli_feed *f);
	/* the feed reads its own header (columns that are data, such as
	 * SCB's year columns): called instead of the column matching, after
	 * the personnummer check of the header cells; NULL for most */
	int (*header)(struct kli_feed *f, const struct kl_csv_record *rec);
};

struct kli_feed {
	struct kl_store *st; /* NULL when only checking (pseudonymise) */
	const char *path;
	const struct kl_feed_opts *o;
	struct kl_feed_result *res;
	struct kl_error *err;
	struct kl_codes *codes;
	const struct kli_feed_ops *ops;
	long long import_id;
	/* column of the file (0-based) for each of ops->cols, or -1 */
	int colmap[32];
	/* feed column for each file column (index into ops->cols) */
	int *filecol;
	char **headers;
	size_t nfile;
	/* per file column: 9 digits are a code, not a personnummer without
	 * its leading 0 (kl_feed_opts.nine_digit_codes) */
	unsigned char *nine_ok;
	unsigned long problems;
	unsigned max_errors;
	struct kl_error first;
	int fatal;              /* a store error: stop at once */
	void *state;            /* the parser's own */
	int header_seen;        /* the header record has been taken */
	unsigned long footnote; /* scb: line of the first footnote, or 0 */
};

struct kli_import_src; /* import_priv.h */

/*
 * As kl_import_feed, reading the CSV at `path` but recording and naming
 * `src`'s file (lib/feed_px.c converts a PX file to such a CSV).
 */
int kli_import_feed_as(struct kl_store *st, const char *path,
                       const struct kli_import_src *src,
                       const struct kl_feed_opts *o, struct kl_feed_result *res,
                       struct kl_error *err);

/* Is `path` a PC-Axis file (by its extension .px)? */
int kli_px_path(const char *path);

/* Import an SCB PC-Axis (.px) population table (lib/feed_px.c). */
int kli_import_px(struct kl_store *st, const char *path,
                  const struct kl_feed_opts *o, struct kl_feed_result *res,
                  struct kl_error *err);

/* Record a problem at line/column (column 1-based, 0 = none) with a
 * printf-style message.  Returns nonzero when reading must stop. */
int kli_feed_problem(struct kli_feed *f, enum kl_status s, unsigned long line,
                     unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The parser's state: size zeroed bytes in f->state, or NULL with f->err
 * "out of memory" and f->fatal set. */
void *kli_feed_state(struct kli_feed *f, size_t size);

/* A store failure: fills f->err, sets f->fatal; returns nonzero. */
int kli_feed_fail(struct kli_feed *f, int rc, const char *what);

/* The cell of feed column `c` (index into ops->cols) in rec, or "" when the
 * file lacks the column; *col gets the 1-based file column (0 if none). */
const char *kli_feed_cell(const struct kli_feed *f,
                          const struct kl_csv_record *rec, int c,
                          unsigned long *col);

/* Copy cell s for quoting in a message: at most 40 bytes, "..." after. */
void kli_feed_quote(const char *s, char *buf, size_t n);

/*
 * The shape of an invalid identifier without its content: digits become
 * '#', letters 'x', other bytes stay if they are ASCII punctuation or a
 * blank, else '?'; at most 24 characters.
 */
void kli_feed_shape(const char *s, char *buf, size_t n);

/* Is s a valid yyyy-mm-dd date?  Fills *year when it is. */
int kli_parse_date(const char *s, int *year);

/* The first column name in low (lower case) that suggests a direct
 * identifier or data on suspects: 1 identifier, 2 suspects, 0 neither. */
int kli_names_forbidden(const char *low);

/* SCB: the year of a year column's header ("2024", "folkmängd 2024",
 * lower case), or 0 when it is none. */
int kli_scb_year_column(const char *low);

/* Lower-case copy of a header cell (ASCII and Å Ä Ö É Ü), trimmed. */
void kli_lower(const char *s, char *buf, size_t n);

/* Insert the provenance row (rows = 0, fixed later); fills f->import_id. */
int kli_feed_insert_import(struct kli_feed *f, const char *kind);

/* Set rows of the import to f->res->rows. */
int kli_feed_finish_import(struct kli_feed *f);

/* Prepare sql into *s (a parser's statement): 0, or nonzero with f->err
 * set and f->fatal (the import stops); *s is NULL then. */
int kli_feed_prepare(struct kli_feed *f, const char *sql, sqlite3_stmt **s);

/* A parser's release(): finalise its n statements (the sqlite3_stmt *
 * arguments, NULL allowed), wipe its state of `size` bytes and free it. */
void kli_feed_drop_state(struct kli_feed *f, size_t size, int n, ...);

/* Run one prepared insert/update: SQLITE_DONE or a failure. */
int kli_feed_step(struct kli_feed *f, sqlite3_stmt *s, const char *what);

/* Read the whole file through ops (header checks, privacy checks, rows).
 * Returns KL_OK or the first problem's status (err filled). */
int kli_feed_read(struct kli_feed *f, struct kl_csv *c);

extern const struct kli_feed_ops kli_police_ops;
extern const struct kli_feed_ops kli_bra_ops;
extern const struct kli_feed_ops kli_individuals_ops;
extern const struct kli_feed_ops kli_scb_ops;

/* Individuals: the person key of one row, for pseudonymise. */
struct kli_person_key {
	char key[65];     /* hex, "" when none */
	const char *kind; /* "stark", "svag" or "ingen" */
	char key_id[KL_KEY_ID_CHARS + 1];
	int birth_year; /* the row's, or the personnummer's; -1 unknown */
};
/* The canonical codes of an individuals code list, in list order:
 * dim is "organisation_type", "sex", "role", "exploitation", "arena" or
 * "compensation".  Returns how many were put in out (at most max). */
size_t kli_individuals_codes(const char *dim, const char **out, size_t max);
/* Index of the fodelsear column in the individuals feed's columns. */
int kli_individuals_byear_col(void);
/* The person key of the current row (valid in the row callback after
 * kli_individuals_ops.row returned 0 without a problem). */
const struct kli_person_key *kli_individuals_last_key(const struct kli_feed *f);

/*
 * After an individuals import's rows are stored (in its transaction): an
 * earlier import delivering the same organisation and period is an error
 * (KL_ERR_USAGE) unless f->o->replace, which supersedes it and sets its
 * rows aside (lib/deliveries.c).
 */
int kli_individuals_deliveries(struct kli_feed *f);
/* The police extract's scope (deliveries.c): earlier cases it no longer
 * has are refused, or set aside with --replace. */
int kli_police_deliveries(struct kli_feed *f);

#endif
