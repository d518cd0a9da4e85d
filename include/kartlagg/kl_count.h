/*
 * kl_count.h - counting from the feeds: unique persons across
 * organisations (individuals feed) and reported offences per offence
 * group and region (police or Brå SOL feed).  Methods in kartlagg-count(1).
 */
#ifndef KL_COUNT_H
#define KL_COUNT_H

#include <stddef.h>

#include "kl_error.h"
#include "kl_feeds.h"
#include "kl_region.h"
#include "kl_store.h"

/* What a capture history's lists are. */
enum kl_count_lists {
	KL_LISTS_ORGANISATION = 0,
	KL_LISTS_ORG_TYPE = 1,
};

struct kl_count_opts {
	struct kl_period period; /* records wholly inside it are counted */
	const char *role;        /* "utsatt", "kopare", or NULL for both */
	enum kl_count_lists lists;
	/* kommun (4 digits) or län (2 digits) codes: only the persons who
	 * live in one are counted (see struct kl_individuals_count); NULL
	 * or nregions 0 counts every person */
	const char *const *regions;
	size_t nregions;
};

/* One category of one breakdown: persons counted in it. */
struct kl_count_cat {
	const char *dim; /* "sex", "age_group", "organisation_type", ... */
	char value[64];  /* category code; "ej_angivet" = none given */
	unsigned long long persons;
};

struct kl_count_pair {
	size_t a, b; /* list indices, a <= b (a == b: persons on that list) */
	unsigned long long persons;
};

/* Persons known by `orgs` organisations and `types` organisation types. */
struct kl_count_overlap {
	size_t orgs, types;
	unsigned long long persons;
};

struct kl_count_history {
	unsigned long long bits; /* bit i = seen on list i */
	unsigned long long count;
};

struct kl_individuals_count {
	unsigned long long records; /* records counted */
	unsigned long long partial; /* records only partly in the period */
	unsigned long long persons; /* unique persons */
	unsigned long long strong;  /* persons identified by a strong key */
	unsigned long long weak;    /* ... by a weak key only */
	unsigned long long unkeyed; /* records without a key (1 person each) */
	unsigned long long weak_linked;   /* weak-key persons on 2+ lists */
	unsigned long long sex_conflicts; /* persons with differing sexes */
	unsigned long long known_to[3];   /* on 1, 2, 3+ organisations */
	/*
	 * Residence (kartlagg-count(1), Region): a person's kommun is the
	 * most frequent kommunkod over all their records in the period, of
	 * every role, ties to the smaller code.  With opts.regions, persons
	 * counts only those living in the regions; the others of the role
	 * are counted here and in nothing else.
	 */
	unsigned long long elsewhere;        /* kommun outside the regions */
	unsigned long long no_kommun;        /* no kommunkod in any record */
	unsigned long long kommun_conflicts; /* records with 2+ kommuner */
	/* persons by (organisations, organisation types), both >= 1,
	 * sorted by orgs then types; sums to persons */
	struct kl_count_overlap *overlap;
	size_t noverlap;
	size_t orgs_known; /* organisations that know a counted person */
	size_t key_ids;    /* distinct key ids seen */
	struct kl_count_cat *cats;
	size_t ncats;
	char **lists; /* names of the lists (organisations or types) */
	size_t nlists;
	struct kl_count_pair *pairs; /* nlists*(nlists+1)/2 when nlists<=64 */
	size_t npairs;
	struct kl_count_history *histories; /* keyed persons only */
	size_t nhistories;
	int histories_ok; /* 0 when there are more than 64 lists */
};

/*
 * Count the persons in the individuals records of the period (and of the
 * regions, when o->regions is set: the lists are then the organisations
 * or types that know at least one of those persons).  On success
 * *out is a new result the caller frees with kl_individuals_count_free();
 * KL_ERR_NUMERIC when there are no records in the period.
 */
int kl_count_individuals(struct kl_store *st, const struct kl_count_opts *o,
                         struct kl_individuals_count **out,
                         struct kl_error *err);
void kl_individuals_count_free(struct kl_individuals_count *c);

/* Which feed offences are counted from. */
enum kl_offence_source {
	KL_SOURCE_AUTO = 0, /* police when it has cases in the period */
	KL_SOURCE_POLICE = 1,
	KL_SOURCE_BRA = 2,
};

struct kl_offence_opts {
	int y0, y1; /* years, inclusive */
	enum kl_offence_source source;
	enum kl_region_level level;
	const char *const *groups; /* offence group ids; NULL = all */
	size_t ngroups;
	const char *region; /* only this region code; NULL = all */
	int by_year;        /* 0: one row for the whole period */
	int by_region;      /* 0: one row over all regions */
};

struct kl_offence_row {
	char group[48];
	int year;       /* 0 when not by year */
	char region[8]; /* code; "" when not by region */
	unsigned long long count;
	double population; /* NAN when not known */
	double rate;       /* per 100 000; NAN when population unknown */
	int preliminary;   /* Brå: preliminary figures included */
	size_t kommuner;   /* police rate of a län or riket: its kommuner */
	size_t covered;    /* ... of them with a case in the period (the
	                      rate is over these); both 0 otherwise */
};

struct kl_offence_count {
	enum kl_offence_source source; /* the feed actually used */
	int have_population;           /* population rows for the years */
	struct kl_offence_row *rows;
	size_t nrows;
};

/*
 * Count reported offences per offence group (and year, region) from the
 * police cases (sum of antal_brott by anmälningsdatum year) or Brå SOL
 * rows (annual rows; months summed when a year has no annual row).  Rates
 * use table population, the region's own rows only (kartlagg-count(1),
 * Rates).  Free *out with kl_offence_count_free().
 */
int kl_count_offences(struct kl_store *st, const struct kl_offence_opts *o,
                      struct kl_offence_count **out, struct kl_error *err);
void kl_offence_count_free(struct kl_offence_count *c);

/* A kommunkod, "1980" (text, leading zero kept). */
struct kl_offence_kommun {
	char code[8];
};

/*
 * The kommuner a police extract covers over the years y0..y1: every
 * kommunkod with at least one current case reported in those years, in
 * code order.  The extract itself does not say which area it was drawn
 * for, so a kommun without a single case in the years cannot be told from
 * one outside the extract: use the whole offence period, not one year.
 * On success *out holds *n codes (NULL when none) for free().
 */
int kl_offence_coverage(struct kl_store *st, int y0, int y1,
                        struct kl_offence_kommun **out, size_t *n,
                        struct kl_error *err);

/*
 * The population of region `code` ("00", "19", "1980") at the end of
 * `year` from table population, by the rules of kl_count_offences (the
 * region's own rows only).  *out is NAN when the store has no complete
 * figure for it.
 */
int kl_offence_population(struct kl_store *st, const char *code, int year,
                          double *out, struct kl_error *err);

/*
 * The imports behind the offence counts of source src (KL_SOURCE_POLICE
 * or KL_SOURCE_BRA) over the years y0..y1: every import id with a police
 * case reported, or a Brå row, in those years, ascending.  On success *ids
 * holds *n ids (NULL when none) for free().
 */
int kl_offence_imports(struct kl_store *st, enum kl_offence_source src, int y0,
                       int y1, long long **ids, size_t *n,
                       struct kl_error *err);

/*
 * The data period of offence import `import_id` of source src: its first
 * and last month of anmälan ("2019-01", police) or year ("2025", Brå),
 * into first and last (n bytes each); both "" when the import has no
 * rows or the store no such table.
 */
int kl_offence_import_period(struct kl_store *st, enum kl_offence_source src,
                             long long import_id, char *first, char *last,
                             size_t n, struct kl_error *err);

#endif
