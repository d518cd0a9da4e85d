/*
 * count_offences.c - reported offences per offence group, year and region
 * (kl_count.h), from the police cases or from Brå SOL rows.
 *
 * Police: every current case counts its antal_brott in the year of its
 * anmälningsdatum, in its kommun (län = the kommunkod's first two digits;
 * riket = all).  Brå: the rows of the asked level only (kommun, län or
 * "Hela landet"); for one region, group and year the annual rows are used,
 * or the months summed when there is no annual row (marked preliminary
 * when any is); brottskod rows are used when there are any, else the
 * named brottstyp row, so a group is never counted twice.
 *
 * Rates per 100 000 inhabitants come from the table population (the SCB
 * population import, schemas/store.sql), from the rows of the region's own
 * code only: a län's population is its län row as SCB printed it, never
 * the sum of its kommuner (from 2025 SCB perturbs every cell, so the two
 * differ).  For one region and year: the "totalt ålder", both sexes row
 * when there is one with a number; else the two "totalt ålder" rows of
 * män and kvinnor; else the sum over the ages, each age its both-sexes
 * row or else män + kvinnor.  A cell that is needed and is '..' leaves the
 * population unknown.  Over several years the rate is per 100 000
 * inhabitants and year: 100 000 * count / sum of the years' populations.
 * A police rate of a län or riket is over the kommuner the extract covers
 * (a kommun with a case in the period): the area's own row when it covers
 * them all, else the sum of the covered kommuner's rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds_priv.h"
#include "kl_count.h"
#include "kl_region.h"
#include "util_priv.h"

/* One value before aggregation. */
struct item {
	int gi; /* group index in the code table */
	int year;
	char region[8];
	unsigned long long count;
	int prel;
};

struct items {
	struct item *v;
	size_t n, cap;
};

static int push(struct items *it, const struct item *x)
{
	if (it->n == it->cap) {
		size_t nc = it->cap ? 2 * it->cap : 256;
		struct item *nv = realloc(it->v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		it->v = nv;
		it->cap = nc;
	}
	it->v[it->n++] = *x;
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->gi != y->gi)
		return x->gi - y->gi;
	if (x->year != y->year)
		return x->year - y->year;
	return strcmp(x->region, y->region);
}

static int group_index(const struct kl_codes *codes, const char *id)
{
	size_t n = kl_codes_ngroups(codes);
	for (size_t i = 0; i < n; i++)
		if (strcmp(kl_codes_group_at(codes, i)->id, id) == 0)
			return (int)i;
	return -1;
}

static int wanted(const struct kl_offence_opts *o, const char *group)
{
	if (!o->groups)
		return 1;
	for (size_t i = 0; i < o->ngroups; i++)
		if (strcmp(o->groups[i], group) == 0)
			return 1;
	return 0;
}

/* The region code a kommunkod counts under at the asked level. */
static void level_region(const struct kl_offence_opts *o, const char *kommun,
                         char *out)
{
	switch (o->level) {
	case KL_LEVEL_KOMMUN:
		snprintf(out, 8, "%s", kommun);
		break;
	case KL_LEVEL_LAN:
		snprintf(out, 8, "%.2s", kommun);
		break;
	case KL_LEVEL_RIKET:
		snprintf(out, 8, "00");
		break;
	}
}

/* Keep item x (after the region filter), with year/region dropped when
 * they are not asked for. */
static int keep(struct items *it, const struct kl_offence_opts *o,
                struct item x)
{
	if (o->region && strcmp(o->region, x.region) != 0)
		return 0;
	if (!o->by_year)
		x.year = 0;
	if (!o->by_region)
		x.region[0] = '\0';
	return push(it, &x);
}

static int from_police(struct kl_store *st, const struct kl_offence_opts *o,
                       const struct kl_codes *codes, struct items *it,
                       struct kl_error *err)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(
	    st,
	    "SELECT offence_group, CAST(substr(reported, 1, 4) AS INTEGER) "
	    "AS y, kommunkod, sum(count) FROM police_cases WHERE y BETWEEN "
	    "?1 AND ?2 GROUP BY 1, 2, 3",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int(s, 1, o->y0);
	sqlite3_bind_int(s, 2, o->y1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *g = (const char *)sqlite3_column_text(s, 0);
		struct item x = {0};
		if (!wanted(o, g))
			continue;
		x.gi = group_index(codes, g);
		x.year = sqlite3_column_int(s, 1);
		level_region(o, (const char *)sqlite3_column_text(s, 2),
		             x.region);
		x.count = (unsigned long long)sqlite3_column_int64(s, 3);
		if (keep(it, o, x)) {
			sqlite3_finalize(s);
			return kli_oom(err);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the cases");
	return KL_OK;
}

/* Sums for one Brå region, group and year. */
struct brasum {
	unsigned long long v[4]; /* annual code, annual name, month code,
	                            month name */
	int has[4];
	int prel[4];
};

static int bra_flush(struct items *it, const struct kl_offence_opts *o,
                     const struct brasum *b, struct item x)
{
	int k;
	if (b->has[0] || b->has[1])
		k = b->has[0] ? 0 : 1;
	else if (b->has[2] || b->has[3])
		k = b->has[2] ? 2 : 3;
	else
		return 0;
	x.count = b->v[k];
	x.prel = b->prel[k] || k >= 2;
	return keep(it, o, x);
}

static int from_bra(struct kl_store *st, const struct kl_offence_opts *o,
                    const struct kl_codes *codes, struct items *it,
                    struct kl_error *err)
{
	sqlite3_stmt *s;
	struct brasum b;
	struct item cur = {0};
	int have = 0;
	int rc = kli_store_prepare(
	    st,
	    "SELECT region_code, offence_group, year, month, brottskod IS "
	    "NULL, count, preliminary FROM bra_sol WHERE year BETWEEN ?1 AND "
	    "?2 AND count IS NOT NULL AND CASE ?3 WHEN 0 THEN "
	    "length(region_code) = 4 WHEN 1 THEN length(region_code) = 2 AND "
	    "region_code <> '00' ELSE region_code = '00' END ORDER BY 1, 2, 3",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int(s, 1, o->y0);
	sqlite3_bind_int(s, 2, o->y1);
	sqlite3_bind_int(s, 3, (int)o->level);
	memset(&b, 0, sizeof(b));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *reg = (const char *)sqlite3_column_text(s, 0);
		const char *g = (const char *)sqlite3_column_text(s, 1);
		int year = sqlite3_column_int(s, 2);
		if (!wanted(o, g))
			continue;
		int gi = group_index(codes, g);
		if (have && (gi != cur.gi || year != cur.year ||
		             strcmp(reg, cur.region) != 0)) {
			if (bra_flush(it, o, &b, cur))
				goto nomem;
			memset(&b, 0, sizeof(b));
		}
		have = 1;
		cur.gi = gi;
		cur.year = year;
		snprintf(cur.region, sizeof(cur.region), "%s", reg);
		int k = (sqlite3_column_int(s, 3) ? 2 : 0) +
		        sqlite3_column_int(s, 4);
		b.v[k] += (unsigned long long)sqlite3_column_int64(s, 5);
		b.has[k] = 1;
		b.prel[k] |= sqlite3_column_int(s, 6);
	}
	if (rc == SQLITE_DONE && have && bra_flush(it, o, &b, cur))
		goto nomem;
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the Brå rows");
	return KL_OK;
nomem:
	sqlite3_finalize(s);
	return kli_oom(err);
}

static int exists(struct kl_store *st, const char *sql, int y0, int y1,
                  int *yes, struct kl_error *err)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int(s, 1, y0);
	sqlite3_bind_int(s, 2, y1);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the store");
	return KL_OK;
}

/* The value of one (age) cell: the both-sexes row, else män + kvinnor;
 * NAN when neither is complete. */
static double cell_value(int have_tot, double tot, int nsex, double sexsum)
{
	if (have_tot)
		return tot;
	return nsex == 2 ? sexsum : NAN;
}

/*
 * Population of region in year; NAN when not known.  s selects age,
 * age_plus, sex, count of one region and year, the "totalt ålder" rows
 * first, then by age (see the comment at the top).  When the store cannot
 * be read, *failed gets SQLite's code (else it is left as it was) and the
 * value is NAN.
 */
static double population(sqlite3_stmt *s, const char *region, int year,
                         int *failed)
{
	double sum = 0, tot = 0, sexsum = 0, v;
	int have_tot = 0, nsex = 0, nage = 0, cur_null = -1, bad = 0;
	long long cur_age = -1, cur_plus = -1;

	sqlite3_bind_text(s, 1, region, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, year);
	for (;;) {
		int rc = sqlite3_step(s);
		int end = rc != SQLITE_ROW;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			*failed = rc;
			sqlite3_reset(s);
			return NAN;
		}
		int age_null =
		    end ? -2 : sqlite3_column_type(s, 0) == SQLITE_NULL;
		long long age = end ? -2 : sqlite3_column_int64(s, 0);
		long long plus = end ? -2 : sqlite3_column_int64(s, 1);
		if (cur_null >= 0 && (end || age_null != cur_null ||
		                      age != cur_age || plus != cur_plus)) {
			/* the group before is complete */
			v = cell_value(have_tot, tot, nsex, sexsum);
			if (cur_null) {
				if (!isnan(v)) {
					sum = v;
					nage =
					    -1; /* the total row settles it */
					break;
				}
			} else {
				bad |= isnan(v);
				sum += isnan(v) ? 0 : v;
				nage++;
			}
			have_tot = nsex = 0;
			tot = sexsum = 0;
		}
		if (end)
			break;
		cur_null = age_null;
		cur_age = age;
		cur_plus = plus;
		if (sqlite3_column_type(s, 3) == SQLITE_NULL)
			continue; /* '..': this row does not count */
		if (sqlite3_column_type(s, 2) == SQLITE_NULL) {
			have_tot = 1;
			tot = sqlite3_column_double(s, 3);
		} else {
			nsex++;
			sexsum += sqlite3_column_double(s, 3);
		}
	}
	sqlite3_reset(s);
	if (nage < 0)
		return sum;
	return nage > 0 && !bad ? sum : NAN;
}

static int is_covered(const struct kl_offence_kommun *cov, size_t ncov,
                      const char *code)
{
	for (size_t i = 0; i < ncov; i++)
		if (strcmp(cov[i].code, code) == 0)
			return 1;
	return 0;
}

/* The covered population of one area and year, computed once for all
 * the offence groups that ask for it. */
struct covmemo {
	char reg[8];
	int year;
	double pop;
	size_t nk, nc;
};

struct covmemos {
	struct covmemo *v;
	size_t n, cap;
};

/*
 * The population a police rate of län or riket `reg` ("00") divides by in
 * year: the area's own SCB row when the extract covers every kommun of it
 * (a kommun with a case in the period), else the sum of the covered
 * kommuner's populations, as the report does (kartlagg-report(5), Region,
 * coverage and rates).  Records the covered and all kommuner in r.
 */
static double covered_population(sqlite3_stmt *pop,
                                 const struct kl_codes *codes,
                                 const struct kl_offence_kommun *cov,
                                 size_t ncov, struct covmemos *memo,
                                 const char *reg, int year,
                                 struct kl_offence_row *r, int *failed)
{
	const char *lan = strcmp(reg, "00") == 0 ? NULL : reg;
	const struct kl_region *k;
	struct covmemo m = {0};
	size_t pos = 0;

	for (size_t i = 0; i < memo->n; i++)
		if (memo->v[i].year == year && !strcmp(memo->v[i].reg, reg)) {
			r->kommuner = memo->v[i].nk;
			r->covered = memo->v[i].nc;
			return memo->v[i].pop;
		}
	snprintf(m.reg, sizeof(m.reg), "%s", reg);
	m.year = year;
	while (!*failed &&
	       (k = kl_region_next_kommun(codes, lan, year, &pos))) {
		m.nk++;
		if (!is_covered(cov, ncov, k->code))
			continue;
		m.nc++;
		/* NAN stays NAN */
		m.pop += population(pop, k->code, year, failed);
	}
	if (*failed)
		return NAN;
	if (m.nk == 0 || m.nc == m.nk)
		m.pop = population(pop, reg, year, failed);
	else if (!m.nc)
		m.pop = NAN;
	r->kommuner = m.nk;
	r->covered = m.nc;
	if (*failed)
		return NAN;
	/* without memory the next group computes it again */
	if (!kli_grow((void **)&memo->v, &memo->cap, memo->n, sizeof(*memo->v)))
		memo->v[memo->n++] = m;
	return m.pop;
}

int kl_count_offences(struct kl_store *st, const struct kl_offence_opts *o,
                      struct kl_offence_count **out, struct kl_error *err)
{
	struct kl_offence_kommun *cov = NULL;
	size_t ncov = 0;
	struct covmemos memo = {0};
	struct kl_codes *codes = NULL;
	struct kl_offence_count *c = NULL;
	struct items it = {0};
	sqlite3_stmt *pop = NULL;
	int rc, yes = 0, failed = 0;

	*out = NULL;
	rc = kl_codes_new(&codes, err);
	if (rc)
		return rc;
	c = calloc(1, sizeof(*c));
	if (!c) {
		rc = kli_oom(err);
		goto out;
	}
	for (size_t i = 0; o->groups && i < o->ngroups; i++)
		if (!kl_codes_group(codes, o->groups[i])) {
			rc = kl_error_set(err, KL_ERR_USAGE,
			                  "unknown offence group '%s' (see "
			                  "kartlagg-feeds(5))",
			                  o->groups[i]);
			goto out;
		}
	c->source = o->source;
	if (c->source == KL_SOURCE_AUTO) {
		rc = exists(st,
		            "SELECT 1 FROM police_cases WHERE CAST(substr("
		            "reported, 1, 4) AS INTEGER) BETWEEN ?1 AND ?2 "
		            "LIMIT 1",
		            o->y0, o->y1, &yes, err);
		if (rc)
			goto out;
		c->source = yes ? KL_SOURCE_POLICE : KL_SOURCE_BRA;
	}
	rc = c->source == KL_SOURCE_POLICE ? from_police(st, o, codes, &it, err)
	                                   : from_bra(st, o, codes, &it, err);
	if (rc)
		goto out;
	rc = exists(st,
	            "SELECT 1 FROM population WHERE year BETWEEN ?1 AND ?2 "
	            "LIMIT 1",
	            o->y0, o->y1, &c->have_population, err);
	if (rc)
		goto out;
	if (c->have_population) {
		rc = kli_store_prepare(
		    st,
		    "SELECT age, age_plus, sex, count FROM population WHERE "
		    "region = ?1 AND year = ?2 ORDER BY age IS NOT NULL, age, "
		    "age_plus, sex",
		    &pop, err);
		if (rc)
			goto out;
	}
	if (c->source == KL_SOURCE_POLICE && c->have_population) {
		rc = kl_offence_coverage(st, o->y0, o->y1, &cov, &ncov, err);
		if (rc)
			goto out;
	}
	if (it.n)
		qsort(it.v, it.n, sizeof(*it.v), cmp_item);
	c->rows = calloc(it.n ? it.n : 1, sizeof(*c->rows));
	if (!c->rows) {
		rc = kli_oom(err);
		goto out;
	}
	for (size_t i = 0; i < it.n; i++) {
		const struct item *x = &it.v[i];
		struct kl_offence_row *r =
		    c->nrows ? &c->rows[c->nrows - 1] : NULL;
		const char *gid = kl_codes_group_at(codes, (size_t)x->gi)->id;
		if (!r || strcmp(r->group, gid) != 0 || r->year != x->year ||
		    strcmp(r->region, x->region) != 0) {
			r = &c->rows[c->nrows++];
			snprintf(r->group, sizeof(r->group), "%s", gid);
			r->year = x->year;
			snprintf(r->region, sizeof(r->region), "%s", x->region);
		}
		r->count += x->count;
		r->preliminary |= x->prel;
	}
	for (size_t i = 0; i < c->nrows; i++) {
		struct kl_offence_row *r = &c->rows[i];
		r->population = NAN;
		r->rate = NAN;
		if (!pop)
			continue;
		/* not by region: the one region asked for, or the whole
		 * country at level riket; else no rate (a local feed does
		 * not cover the country) */
		const char *reg = r->region[0] ? r->region : o->region;
		if (!reg && o->level == KL_LEVEL_RIKET)
			reg = "00";
		if (!reg)
			continue;
		double sum = 0;
		int y0 = r->year ? r->year : o->y0;
		int y1 = r->year ? r->year : o->y1;
		for (int y = y0; y <= y1 && !failed; y++)
			sum +=
			    c->source == KL_SOURCE_POLICE && strlen(reg) == 2
			        ? covered_population(pop, codes, cov, ncov,
			                             &memo, reg, y, r, &failed)
			        : population(pop, reg, y, &failed);
		if (failed) {
			rc = kli_store_fail(st, failed, err,
			                    "cannot read the population");
			goto out;
		}
		if (!isnan(sum) && sum > 0) {
			r->population = sum / (y1 - y0 + 1);
			r->rate = 100000.0 * (double)r->count / sum;
		}
	}
	rc = KL_OK;
out:
	sqlite3_finalize(pop);
	free(cov);
	free(memo.v);
	free(it.v);
	kl_codes_free(codes);
	if (rc) {
		kl_offence_count_free(c);
		return rc;
	}
	*out = c;
	return KL_OK;
}

/*
 * The first column of every row of sql (?1 = y0, ?2 = y1), one element of
 * sz bytes each, written by put(), in a new array in *out (*n elements;
 * NULL when none) for free().  `what` names the rows in a store error.
 */
static int read_years_column(struct kl_store *st, const char *sql, int y0,
                             int y1, size_t sz,
                             void (*put)(void *elem, sqlite3_stmt *s),
                             void **out, size_t *n, const char *what,
                             struct kl_error *err)
{
	sqlite3_stmt *s;
	char *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int(s, 1, y0);
	sqlite3_bind_int(s, 2, y1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (kli_grow((void **)&v, &cap, *n + 1, sz)) {
			sqlite3_finalize(s);
			free(v);
			*n = 0;
			return kli_oom(err);
		}
		put(v + *n * sz, s);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return kli_store_fail(st, rc, err, what);
	}
	*out = v;
	return KL_OK;
}

static void put_kommun(void *elem, sqlite3_stmt *s)
{
	struct kl_offence_kommun *k = elem;
	snprintf(k->code, sizeof(k->code), "%s",
	         (const char *)sqlite3_column_text(s, 0));
}

static void put_id(void *elem, sqlite3_stmt *s)
{
	*(long long *)elem = sqlite3_column_int64(s, 0);
}

int kl_offence_coverage(struct kl_store *st, int y0, int y1,
                        struct kl_offence_kommun **out, size_t *n,
                        struct kl_error *err)
{
	void *v = NULL;
	int rc = read_years_column(
	    st,
	    "SELECT DISTINCT kommunkod FROM police_cases WHERE CAST(substr("
	    "reported, 1, 4) AS INTEGER) BETWEEN ?1 AND ?2 ORDER BY 1",
	    y0, y1, sizeof(**out), put_kommun, &v, n, "cannot read the cases",
	    err);
	*out = v;
	return rc;
}

int kl_offence_population(struct kl_store *st, const char *code, int year,
                          double *out, struct kl_error *err)
{
	sqlite3_stmt *pop;
	int rc;

	*out = NAN;
	rc = kli_store_prepare(
	    st,
	    "SELECT age, age_plus, sex, count FROM population WHERE "
	    "region = ?1 AND year = ?2 ORDER BY age IS NOT NULL, age, "
	    "age_plus, sex",
	    &pop, err);
	if (rc)
		return rc;
	int failed = 0;
	*out = population(pop, code, year, &failed);
	sqlite3_finalize(pop);
	if (failed)
		return kli_store_fail(st, failed, err,
		                      "cannot read the population");
	return KL_OK;
}

void kl_offence_count_free(struct kl_offence_count *c)
{
	if (!c)
		return;
	free(c->rows);
	free(c);
}

int kl_offence_imports(struct kl_store *st, enum kl_offence_source src, int y0,
                       int y1, long long **ids, size_t *n, struct kl_error *err)
{
	void *v = NULL;
	int rc = read_years_column(
	    st,
	    src == KL_SOURCE_POLICE
	        ? "SELECT DISTINCT import_id FROM police_cases WHERE "
	          "CAST(substr(reported, 1, 4) AS INTEGER) BETWEEN ?1 AND ?2 "
	          "ORDER BY 1"
	        : "SELECT DISTINCT import_id FROM bra_sol WHERE year BETWEEN "
	          "?1 AND ?2 ORDER BY 1",
	    y0, y1, sizeof(**ids), put_id, &v, n, "cannot read the offences",
	    err);
	*ids = v;
	return rc;
}

int kl_offence_import_period(struct kl_store *st, enum kl_offence_source src,
                             long long import_id, char *first, char *last,
                             size_t n, struct kl_error *err)
{
	sqlite3_stmt *s;
	int rc;

	first[0] = last[0] = '\0';
	rc = kli_store_prepare(
	    st,
	    src == KL_SOURCE_POLICE
	        ? "SELECT substr(min(reported), 1, 7), substr(max(reported), "
	          "1, 7) FROM police_cases WHERE import_id = ?1"
	        : "SELECT min(year), max(year) FROM bra_sol WHERE import_id "
	          "= ?1",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, import_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		snprintf(first, n, "%s",
		         (const char *)sqlite3_column_text(s, 0));
		snprintf(last, n, "%s",
		         (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the offences");
	return KL_OK;
}
