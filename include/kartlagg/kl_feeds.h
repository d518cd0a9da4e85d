/*
 * kl_feeds.h - the police, Brå SOL and individuals feeds: detecting them,
 * importing them, and pseudonymising an individuals feed.
 *
 * Every format and code list is described in kartlagg-feeds(5).  Imports
 * follow the rules of kl_import.h: one transaction per file, a provenance
 * row in `imports` (kind "police", "bra-sol" or "individuals"), a file
 * whose SHA-256 is in the store is skipped, and on any problem nothing of
 * the file is stored.  Problems name file, line and column; a cell of an
 * identifying column (personnummer, initialer, personnyckel) is described,
 * never quoted, and a personnummer found in any other cell is refused
 * (KL_ERR_PRIVACY) and shown masked.
 *
 * Personnummer and weak keys (sex, birth year, initials) are replaced by
 * keyed hashes (kl_key.h) as soon as a cell is read: neither the number nor
 * the initials are ever passed to SQLite.
 */
#ifndef KL_FEEDS_H
#define KL_FEEDS_H

#include <stddef.h>

#include "kl_csv.h"
#include "kl_error.h"
#include "kl_key.h"
#include "kl_store.h"

enum kl_feed_kind {
	KL_FEED_UNKNOWN = 0,
	KL_FEED_POLICE = 1,
	KL_FEED_BRA_SOL = 2,
	KL_FEED_INDIVIDUALS = 3,
	KL_FEED_SCB_POPULATION = 4,
};

/* "police", "bra-sol", "individuals", "scb-population" (NULL for
 * KL_FEED_UNKNOWN). */
const char *kl_feed_name(enum kl_feed_kind k);
/* The kind named s, or KL_FEED_UNKNOWN. */
enum kl_feed_kind kl_feed_parse_name(const char *s);

/*
 * The feed whose header is fields[0..n): a header with `diarienummer` is a
 * police extract, `Region;Brott;År;Period;Antal` is Brå SOL, and one with
 * `organisation` and `roll` is an individuals feed, and one with `region`
 * and a `Folkmängd` column or year columns (`Folkmängd 2024`, `2024`) is
 * an SCB population export.  KL_FEED_UNKNOWN otherwise (a survey export,
 * to kartlagg import).
 */
enum kl_feed_kind kl_feed_detect(const char *const *fields, size_t n);

/*
 * The kind of the file at `path`, from its header (read through kl_csv with
 * the given encoding and delimiter, NULL/0 = detect).  KL_OK with *kind set
 * (possibly KL_FEED_UNKNOWN); KL_ERR_NOINPUT or KL_ERR_PARSE when the file
 * cannot be read.
 */
int kl_feed_detect_file(const char *path, const char *encoding, int delimiter,
                        enum kl_feed_kind *kind, struct kl_error *err);

/* A reporting period: whole months from y0-m0 to y1-m1 inclusive. */
struct kl_period {
	int y0, m0, y1, m1;
};

/*
 * Parse a period: "2025" (the year), "2025H1"/"2025H2" (half years),
 * "2025Q1".."2025Q4", "2025-03" (a month), "2025-01..2025-06" (months),
 * "2019-2025" (years).  Returns 0, or -1 when s is none of these or the
 * end comes before the start (years 1900-2100).
 */
int kl_period_parse(const char *s, struct kl_period *p);
/* "2025-01..2025-06" form of p, into buf (at least 17 bytes). */
void kl_period_format(const struct kl_period *p, char *buf, size_t n);
/* Is `in` wholly inside `outer`? */
int kl_period_within(const struct kl_period *in, const struct kl_period *outer);

struct kl_feed_opts {
	enum kl_feed_kind kind;   /* KL_FEED_UNKNOWN = detect from the header */
	const char *encoding;     /* NULL = detect */
	int delimiter;            /* 0 = detect */
	const struct kl_key *key; /* needed for personnummer and initials */
	int unknown_other;        /* keep unknown brottskoder as "ovrigt" */
	/* header names ("a,b", case ignored) of columns holding other 9-digit
	 * codes: 9 digits there are not taken for a personnummer without
	 * its leading 0; NULL = none */
	const char *nine_digit_codes;
	int dry_run; /* validate only; the store is not changed */
	int replace; /* individuals: replace an earlier delivery of the same
	                organisation and period; SCB: supersede population
	                cells an earlier import stored (else refused) */
	unsigned max_errors; /* report up to this many problems (0 = 1) */
	/* called for every problem, in file order; may be NULL (then only
	 * the first is reported, through err) */
	void (*problem)(void *ctx, const struct kl_error *e);
	void *ctx;
};

struct kl_feed_result {
	enum kl_feed_kind kind;
	long long import_id;     /* the new import; 0 if none was stored */
	long long existing_id;   /* the import that already has this file */
	unsigned long long rows; /* data rows read (stored unless dry run) */
	unsigned long problems;
	/* police: cases already in the store that this extract updated */
	unsigned long long updated;
	/* brottskoder not in the table, kept as "ovrigt" */
	unsigned long long unknown_codes;
	unsigned long unknown_line; /* the first of them */
	/* brottskoder used outside their years of validity */
	unsigned long long outside_validity;
	unsigned long outside_line; /* the first of them */
	char outside_code[8];
	int outside_year;
	/* Brå: rows that are not applicable ('..') and were skipped */
	unsigned long long skipped;
	/* individuals: rows by key kind */
	unsigned long long strong_keys, weak_keys, no_keys;
	char key_id[KL_KEY_ID_CHARS + 1]; /* key that made the person keys */
	/* SCB population: cells (rows of table population) stored, by
	 * level (kl_region.h order: kommun, län, riket); cells printed as
	 * '..'; cells of earlier imports --replace superseded; years */
	unsigned long long cells, level_cells[3], missing_cells, replaced;
	/* SCB population: cells of a current län summed from the län it was
	 * formed of (Skåne 1997, Västra Götaland 1998; population.merged_from)
	 * and '..' cells skipped where such a län did not exist */
	unsigned long long merged_cells, merged_skipped;
	/* individuals: with --replace, the first earlier import whose
	 * delivery (organisation and period) this one replaced; `replaced`
	 * then counts the rows set aside */
	long long replaced_id;
	int year_min, year_max;
	/* region cells whose name differs from the table's for the code */
	unsigned long long name_mismatch;
	unsigned long name_line; /* the first of them */
	struct kl_csv_info info;
};

/*
 * Import the feed at `path` into `st`.  Returns KL_OK (also when the file
 * was already imported: res->existing_id != 0), or the status of the
 * first problem: KL_ERR_PARSE for malformed data or an unknown code,
 * KL_ERR_PRIVACY for a personnummer outside the personnummer column or a
 * suspect column in a police extract, KL_ERR_USAGE for an individuals
 * feed with personnummer or initials but no key, or a file that is no
 * feed; KL_ERR_NOINPUT, KL_ERR_BUSY.  On failure the store is unchanged.
 */
int kl_import_feed(struct kl_store *st, const char *path,
                   const struct kl_feed_opts *o, struct kl_feed_result *res,
                   struct kl_error *err);

struct kl_retire_result {
	long long rows;        /* rows of the retired import set aside */
	long long restored_id; /* the first import it had replaced, now current
	                          again; 0 if none */
	long restored;         /* imports restored */
};

/*
 * Retire import `id` (an individuals delivery or a survey import): its
 * rows are set aside, the imports it replaced (deliveries, or a survey's
 * rounds replaced with --replace-round) count again, and the change is
 * recorded (imports.superseded_by = id itself; table import_changes).  One
 * transaction.  KL_ERR_USAGE for an unknown id, another kind of import,
 * one already replaced or retired, or a survey import that holds every row
 * of its survey.
 */
int kl_import_retire(struct kl_store *st, long long id,
                     struct kl_retire_result *res, struct kl_error *err);

/*
 * Pseudonymise the individuals feed at `path`: every row is checked like
 * an import checks it, then written with the personnummer and initialer
 * columns removed and three columns appended: personnyckel (64 hex, empty
 * when the row has no key), nyckeltyp (stark, svag or ingen) and nyckel_id
 * (the key's id).  Rows go, as UTF-8 CSV text ending in "\n", to
 * `emit` (which returns nonzero to stop with KL_ERR_IO); nothing is
 * emitted before the whole file has been checked, so a file with a
 * problem gives no output at all.  The delimiter of the input is kept.
 */
int kl_pseudonymise(const char *path, const struct kl_feed_opts *o,
                    int (*emit)(void *ctx, const char *text, size_t n),
                    void *emit_ctx, struct kl_feed_result *res,
                    struct kl_error *err);

#endif
