/*
 * kl_region.h - the region table shipped with kartlagg: riket ('00'), the
 * 21 län and the 290 kommuner, with the code changes a time series meets
 * (schemas/regioner.csv, described in kartlagg-feeds(5), REGIONS).
 *
 * A code is text ("0180", never 180).  One code may have several rows,
 * each valid in a span of years of the regional division: Heby is 1917
 * in Västmanlands län up to 2006 and 0331 in Uppsala län from 2007.  A
 * year here is the year of the division in force on 1 January; SCB's
 * population at 31 December of year Y is published in the division of
 * 1 January Y+1 (kl_region_division_year).
 *
 * The table lives in a struct kl_codes (kl_codes.h, kl_codes_new()); the
 * returned rows are owned by it and live as long as it.
 */
#ifndef KL_REGION_H
#define KL_REGION_H

#include <stddef.h>

#include "kl_codes.h"

enum kl_region_level {
	KL_LEVEL_KOMMUN = 0,
	KL_LEVEL_LAN = 1,
	KL_LEVEL_RIKET = 2,
};

struct kl_region {
	const char *code; /* "1980", "19", "00" */
	const char *name; /* "Västerås", "Västmanlands län", "Riket" */
	enum kl_region_level level;
	const char *lan_code;  /* a kommun's län then; NULL otherwise */
	int valid_from;        /* first division year; 0 = open */
	int valid_to;          /* last division year; 0 = still valid */
	const char *successor; /* code that took over the area, or NULL */
};

/* "kommun", "lan" or "riket" (the words of the population table). */
const char *kl_region_level_name(enum kl_region_level l);

/* The division year of SCB's population at 31 December of `year`. */
static inline int kl_region_division_year(int year)
{
	return year + 1;
}

/*
 * The row of `code` valid in division year `year` (0 = the current one),
 * or NULL when the code had no meaning then (or never had).
 */
const struct kl_region *kl_region_find(const struct kl_codes *c,
                                       const char *code, int year);

/*
 * Any row of `code` (the current one if there is one, else the latest),
 * or NULL when the table never knew it: to tell "unknown" from "not valid
 * in that year" in a message.
 */
const struct kl_region *kl_region_any(const struct kl_codes *c,
                                      const char *code);

/*
 * Iterate the kommuner of län `lan` ("19"; NULL = every län) valid in
 * division year `year` (0 = now), in code order: start with *pos = 0 and
 * call until it returns NULL.
 */
const struct kl_region *kl_region_next_kommun(const struct kl_codes *c,
                                              const char *lan, int year,
                                              size_t *pos);

/* Every row, in code order then year: for listing the table. */
size_t kl_region_count(const struct kl_codes *c);
const struct kl_region *kl_region_at(const struct kl_codes *c, size_t i);

#endif
