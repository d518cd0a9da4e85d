/*
 * kl_codebook.h - survey codebooks (kartlagg-codebook(5)) and the typed
 * checking of survey cells against them.
 *
 * A codebook is a CSV file with the columns kolumn, kortnamn, etikett, typ,
 * giltiga_koder, bortfallskoder, filter (and optionally nyckel): one row per
 * export column, matched to the export's header text exactly.  It says each
 * column's type, valid codes or range, missing codes (`tom` = the empty
 * cell), value labels, filters ("asked only if X = v") and, through the
 * type `flerval`, multiple-choice groups.
 */
#ifndef KL_CODEBOOK_H
#define KL_CODEBOOK_H

#include <stddef.h>

#include "kl_error.h"

enum kl_vartype {
	KL_VT_INTEGER,  /* heltal */
	KL_VT_DECIMAL,  /* decimaltal: decimal comma or point */
	KL_VT_TEXT,     /* text */
	KL_VT_CATEGORY, /* kategori: code=label list */
	KL_VT_MULTI,    /* flerval: one box of a multiple-choice group */
};

enum kl_storage { KL_ST_INTEGER, KL_ST_REAL, KL_ST_TEXT };

struct kl_code {
	char *code;  /* "" = the empty cell (codebook word `tom`) */
	size_t len;  /* strlen(code) */
	char *label; /* may be NULL */
};

struct kl_cbvar {
	char *header; /* export header text, matched exactly */
	char *name;   /* short name: the column name in the store */
	char *label;  /* may be NULL */
	enum kl_vartype type;
	enum kl_storage storage;
	char *valid_spec;   /* giltiga_koder verbatim */
	char *missing_spec; /* bortfallskoder verbatim */
	char *filter_text;  /* filter verbatim, or NULL */
	char *filter_var;   /* parsed "<var> = <value>", or NULL */
	char *filter_value;
	char *mc_group;     /* question stem for flerval, else NULL */
	int key;            /* nyckel: part of the respondent key */
	unsigned long line; /* line in the codebook file */

	/* rules parsed from valid_spec */
	size_t ncodes;
	struct kl_code *codes; /* valid codes (category, multi, lists) */
	size_t nmissing;
	struct kl_code *missing; /* missing codes, incl. "" for tom */
	int empty_ok;            /* `tom` is a missing code */
	int has_min, has_max;    /* integer/decimal range */
	double min, max;
	int min_strict, max_strict; /* > rather than >= */
	int digits;                 /* text: exactly this many digits */
	char *pattern;              /* text: S<kommunkod>-<nn> style */
};

struct kl_codebook {
	size_t nvars;
	struct kl_cbvar *vars;
	char path[512];
	char name[256];
	char sha256[65];
	char encoding[24];
	char delimiter[8]; /* as the file has it: ";" "," or "tab" */
	unsigned long long size;
};

/*
 * Read and check a codebook.  Unknown types, unparsable code lists or
 * filters, duplicate headers or short names, a filter naming an unknown
 * variable: KL_ERR_CONFIG with the codebook's path and line.
 */
int kl_codebook_load(const char *path, struct kl_codebook **out,
                     struct kl_error *err);
void kl_codebook_free(struct kl_codebook *cb);

/* The variable whose header text is exactly `header`, or NULL. */
const struct kl_cbvar *kl_codebook_by_header(const struct kl_codebook *cb,
                                             const char *header);
/* The variable with short name `name`, or NULL. */
const struct kl_cbvar *kl_codebook_by_name(const struct kl_codebook *cb,
                                           const char *name);

/* A typed cell value. */
struct kl_value {
	enum { KL_V_NULL, KL_V_INT, KL_V_REAL, KL_V_TEXT } kind;
	long long i;
	double d;
	const char *s; /* borrowed from the cell */
	size_t n;
};

/*
 * Check one cell against its variable and convert it.  On failure returns
 * KL_ERR_PARSE and writes "expected ..., got ..." to msg (the value is
 * quoted only when it is short and cannot be a name; see kartlagg(1),
 * SECURITY).
 */
int kl_cbvar_check(const struct kl_cbvar *v, const char *s, size_t n,
                   struct kl_value *out, char *msg, size_t msgn);

/*
 * Parse a number the way Swedish exports write it: optional sign, digits,
 * at most one decimal separator (',' or '.'), nothing else.  Returns 0 and
 * stores the value, or -1.  `is_int` says whether there was no separator.
 */
int kl_parse_number(const char *s, size_t n, double *out, int *is_int);

/*
 * Parse a canonical integer (optional '-', no leading zeros, no '+'); 0 on
 * success, -1 otherwise (including overflow).
 */
int kl_parse_int(const char *s, size_t n, long long *out);

/* Describe a cell for a message without leaking it: "'7'", or
 * "text of 23 characters". */
void kl_describe_value(const char *s, size_t n, char *buf, size_t bufn);

#endif
