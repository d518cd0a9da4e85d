/*
 * kl_import.h - importing survey exports into the store.
 *
 * One file is one transaction: either every row of it is stored, with its
 * provenance, or nothing is.  A file whose SHA-256 is already in the store
 * is not imported again (res->existing_id says which import has it).
 */
#ifndef KL_IMPORT_H
#define KL_IMPORT_H

#include "kl_csv.h"
#include "kl_error.h"
#include "kl_store.h"

struct kl_import_opts {
	const char *survey;   /* name in the store; NULL = file name without
	                         its extension */
	const char *codebook; /* codebook path, or NULL to infer types */
	const char *key;      /* respondent key "a,b" (short names with a
	                         codebook, header text without); NULL = the
	                         codebook's nyckel column, or none */
	const char *encoding; /* NULL = detect */
	int delimiter;        /* 0 = detect */
	/* columns ("a,b": short names with a codebook, header text without)
	 * that hold other 9-digit codes: 9 digits there are not taken for a
	 * personnummer without its leading 0 (every other form still is);
	 * NULL = none but the codebook's "text (9 siffror)" columns */
	const char *nine_digit_codes;
	int replace; /* swap an earlier import of the same survey */
	/* the variable whose values are the survey's rounds (waves), e.g.
	 * "year": recorded with a new survey; for a file added to an existing
	 * survey NULL = the one recorded, else the --over of the survey's
	 * saved designs */
	const char *round;
	int replace_round;   /* a file added to an existing survey may replace
	                        the rows of rounds the survey has */
	int dry_run;         /* validate only; the store is not changed */
	unsigned max_errors; /* report up to this many problems (0 = 1) */
	/* progress, as in struct kl_csv_opts; may be NULL */
	int (*progress)(void *ctx, unsigned long long done,
	                unsigned long long total);
	/* called for every problem found (each with its location); may be
	 * NULL, then only the first is reported, through err */
	void (*problem)(void *ctx, const struct kl_error *e);
	void *ctx;
};

struct kl_import_result {
	long long import_id;     /* the new import; 0 if none was stored */
	long long existing_id;   /* the import that already has this file */
	long long replaced_id;   /* the import --replace superseded */
	unsigned long long rows; /* data rows read (stored unless dry run) */
	unsigned long problems;  /* problems found */
	int appended;            /* added to an existing survey */
	char rounds[128]; /* the file's rounds, "2025, 2027" (appended) */
	/* rows of earlier imports that replace_round set aside, and the
	 * first of those imports */
	unsigned long long replaced_rows;
	long long replaced_round_id;
	char survey[128];
	struct kl_csv_info info;
};

/*
 * Import the survey export at `path` into `st`.  Returns KL_OK (also when
 * the file was already imported: res->existing_id != 0), or the status of
 * the first problem with err describing it (KL_ERR_PARSE for malformed
 * data, KL_ERR_PRIVACY for a personnummer in a cell, KL_ERR_CONFIG for a
 * bad codebook, KL_ERR_NOINPUT, KL_ERR_BUSY, KL_ERR_USAGE for a --key or
 * nine_digit_codes naming no column, a survey without a round variable, or
 * a round the survey has without replace_round).  On failure the store is
 * unchanged.
 *
 * A file for a survey already in the store (and no o->replace) is a new
 * round: its columns must be the survey's (by the codebook's short names,
 * or by header text and the survey's stored types without one; a column
 * more or less is KL_ERR_PARSE), its rows are added to the survey's table
 * with new _row numbers, and a round it holds that the survey has already
 * is refused unless o->replace_round, which sets the earlier rows aside
 * (kartlagg-import(1), ROUNDS).
 */
int kl_import_survey(struct kl_store *st, const char *path,
                     const struct kl_import_opts *o,
                     struct kl_import_result *res, struct kl_error *err);

#endif
