/*
 * kl_codes.h - the code tables shipped inside kartlagg: the 290 kommuner
 * and 21 län, Brå brottskoder with their years of validity, and the stable
 * offence groups the codes are counted under (schemas/regioner.csv,
 * schemas/brottskoder.csv, schemas/brottsgrupper.csv, embedded at build
 * time).  The kl_codes_kommun and kl_codes_lan functions know the regions
 * of today's division only; kl_region.h has the whole region table, with
 * the code changes and years of validity.
 *
 * The tables are read into a struct kl_codes, which the caller makes with
 * kl_codes_new() and frees with kl_codes_free(); lookups never allocate.
 * Every string returned is owned by the table and lives as long as it.
 */
#ifndef KL_CODES_H
#define KL_CODES_H

#include <stddef.h>

#include "kl_error.h"

struct kl_kommun {
	const char *code;     /* "1980" */
	const char *name;     /* "Västerås" */
	const char *lan_code; /* "19" */
	const char *lan_name; /* "Västmanlands län" */
};

struct kl_offence_code {
	const char *code;  /* "4024" */
	const char *group; /* the stable group's id */
	int valid_from;    /* first year the code is used; 0 = not known */
	int valid_to;      /* last year; 0 = still in use or not known */
	const char *label;
};

struct kl_offence_group {
	const char *id;    /* "kop_sexuell_tjanst" */
	const char *law;   /* "BrB 6:11" */
	const char *label; /* "Köp av sexuell tjänst" */
};

/* The id of the group that --unknown-codes other counts unknown codes
 * under. */
#define KL_OFFENCE_OTHER "ovrigt"

struct kl_codes;

/* Read the embedded tables.  KL_ERR_NOMEM, or KL_ERR_INTERNAL when an
 * embedded table is malformed (a build error). */
int kl_codes_new(struct kl_codes **out, struct kl_error *err);
void kl_codes_free(struct kl_codes *c);

/* The kommun with this 4-digit code, or NULL. */
const struct kl_kommun *kl_codes_kommun(const struct kl_codes *c,
                                        const char *code);
/* The kommun of this name (exact, UTF-8, case-insensitive for ASCII), or
 * NULL. */
const struct kl_kommun *kl_codes_kommun_by_name(const struct kl_codes *c,
                                                const char *name);
/* The name of län `code` ("19"), or NULL; "00" is "Riket". */
const char *kl_codes_lan_name(const struct kl_codes *c, const char *code);
/* The code of the län of this name ("Västmanlands län"), or NULL. */
const char *kl_codes_lan_by_name(const struct kl_codes *c, const char *name);

/* The brottskod `code` (4 digits), or NULL. */
const struct kl_offence_code *kl_codes_offence(const struct kl_codes *c,
                                               const char *code);
/* The group with this id (KL_OFFENCE_OTHER included), or NULL. */
const struct kl_offence_group *kl_codes_group(const struct kl_codes *c,
                                              const char *id);
/* The group a Brå brottstyp name stands for, or NULL. */
const struct kl_offence_group *kl_codes_group_by_name(const struct kl_codes *c,
                                                      const char *name);
/* The groups in table order, KL_OFFENCE_OTHER last. */
size_t kl_codes_ngroups(const struct kl_codes *c);
const struct kl_offence_group *kl_codes_group_at(const struct kl_codes *c,
                                                 size_t i);
/* The brottskoder in code order (to find the years Brå changed codes). */
size_t kl_codes_noffences(const struct kl_codes *c);
const struct kl_offence_code *kl_codes_offence_at(const struct kl_codes *c,
                                                  size_t i);
/* The kommuner in code order. */
size_t kl_codes_nkommuner(const struct kl_codes *c);
const struct kl_kommun *kl_codes_kommun_at(const struct kl_codes *c, size_t i);

#endif
