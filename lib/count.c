/*
 * count.c - unique persons across organisations (kl_count.h).
 *
 * The records of the period are read ordered by person key, so the records
 * of one person come together; a record without a key is a person of its
 * own.  For each person: the organisations and lists that know them, the
 * union of their types of exploitation, arenas, compensations, roles and
 * organisation types, their sex (the most frequent known one; ties go to
 * the first in the code list) and age (from the most frequent birth year,
 * else the most frequent reported age; age = last year of the period minus
 * birth year).  A person's kommun is the most frequent kommunkod over all
 * their records of the period, whatever the role (ties to the smaller
 * code); with regions, only the persons living in them are counted, and
 * the others are only tallied (elsewhere, no_kommun).  See
 * kartlagg-count(1), METHOD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds_priv.h"
#include "kl_count.h"
#include "util_priv.h"

#define MAXCODES 16
#define MAXVALS 8

/* A code list of one breakdown. */
struct dimlist {
	const char *dim;
	const char *codes[MAXCODES];
	size_t n;
	int multi; /* '|'-separated values; "" category for none */
	size_t first_cat;
};

enum { D_SEX, D_AGE, D_ORGTYPE, D_ROLE, D_EXPL, D_ARENA, D_COMP, D_N };

static const char *const age_groups[] = {"0-14", "15-17", "18-24", "25+",
                                         "okand"};

/* A small tally of values (birth years, ages). */
struct tally {
	int v[MAXVALS];
	int n[MAXVALS];
	int k;
};

static void tally_add(struct tally *t, int v)
{
	for (int i = 0; i < t->k; i++)
		if (t->v[i] == v) {
			t->n[i]++;
			return;
		}
	if (t->k < MAXVALS) {
		t->v[t->k] = v;
		t->n[t->k++] = 1;
	}
}

/* Most frequent value, ties to the smallest; -1 when empty. */
static int tally_mode(const struct tally *t)
{
	int best = -1, bn = 0;
	for (int i = 0; i < t->k; i++)
		if (t->n[i] > bn || (t->n[i] == bn && t->v[i] < best)) {
			best = t->v[i];
			bn = t->n[i];
		}
	return best;
}

/* One person being gathered. */
struct person {
	int active;
	int has_key;
	int weak;
	unsigned long long bits[D_N]; /* codes seen, by dimension */
	int sexn[MAXCODES];
	struct tally years, ages;
	struct tally kommun; /* kommunkod as a number, over every role */
	int *orgs; /* organisation indices, sorted unique, count norgs */
	size_t norgs;
	int *lists;
	size_t nlists;
};

struct counter {
	struct kl_individuals_count *c;
	struct dimlist dims[D_N];
	char **orgs; /* organisation names */
	size_t norgs;
	char **types;
	size_t ntypes;
	int lists_are_types;
	int end_year;
	struct person p;
	unsigned long long *hist; /* bits per keyed person */
	size_t nhist, caphist;
	char (*key_ids)[KL_KEY_ID_CHARS + 1];
	size_t nkey_ids;
	const struct kl_count_opts *o;
	unsigned char *used;     /* by list: known to a counted person */
	unsigned char *used_org; /* by organisation, the same */
	size_t capover;
};

static int add_unique(int *v, size_t *n, int x)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i] == x)
			return 0;
	v[(*n)++] = x;
	return 1;
}

/* Index of name in the sorted list names[0..n), or -1. */
static int find_name(char **names, size_t n, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(names[mid], name);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int code_index(const struct dimlist *d, const char *s, size_t n)
{
	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->codes[i]) == n && strncmp(d->codes[i], s, n) == 0)
			return (int)i;
	return -1;
}

/* Set the bits of the '|'-separated codes in s. */
static unsigned long long code_bits(const struct dimlist *d, const char *s)
{
	unsigned long long b = 0;
	while (s && *s) {
		const char *e = strchr(s, '|');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int i = code_index(d, s, n);
		if (i >= 0)
			b |= 1ull << i;
		s += n;
		if (*s == '|')
			s++;
	}
	return b;
}

static void person_reset(struct counter *k)
{
	struct person *p = &k->p;
	int *orgs = p->orgs, *lists = p->lists;
	memset(p, 0, sizeof(*p));
	p->orgs = orgs;
	p->lists = lists;
}

static int age_group(int age)
{
	if (age < 0)
		return 4;
	if (age < 15)
		return 0;
	if (age < 18)
		return 1;
	if (age < 25)
		return 2;
	return 3;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Is the kommunkod (a number) inside one of the regions? */
static int in_regions(const struct kl_count_opts *o, int kommun)
{
	char code[12]; /* "%04d" of any int fits */
	snprintf(code, sizeof(code), "%04d", kommun);
	for (size_t i = 0; i < o->nregions; i++) {
		const char *r = o->regions[i];
		if (strcmp(r, code) == 0 ||
		    (strlen(r) == 2 && strncmp(r, code, 2) == 0))
			return 1;
	}
	return 0;
}

/* Count one more person known by norgs organisations and ntypes types. */
static int add_overlap(struct counter *k, size_t norgs, size_t ntypes)
{
	struct kl_individuals_count *c = k->c;
	size_t i = 0;
	while (i < c->noverlap &&
	       (c->overlap[i].orgs < norgs ||
	        (c->overlap[i].orgs == norgs && c->overlap[i].types < ntypes)))
		i++;
	if (i < c->noverlap && c->overlap[i].orgs == norgs &&
	    c->overlap[i].types == ntypes) {
		c->overlap[i].persons++;
		return 0;
	}
	if (c->noverlap == k->capover) {
		size_t n = k->capover ? 2 * k->capover : 16;
		struct kl_count_overlap *v =
		    realloc(c->overlap, n * sizeof(*v));
		if (!v)
			return -1;
		c->overlap = v;
		k->capover = n;
	}
	memmove(c->overlap + i + 1, c->overlap + i,
	        (c->noverlap - i) * sizeof(*c->overlap));
	c->overlap[i] = (struct kl_count_overlap){norgs, ntypes, 1};
	c->noverlap++;
	return 0;
}

static int person_finish(struct counter *k)
{
	struct person *p = &k->p;
	struct kl_individuals_count *c = k->c;

	if (!p->active) {
		person_reset(k);
		return 0;
	}
	if (p->kommun.k > 1)
		c->kommun_conflicts++;
	if (k->o->nregions) {
		int km = tally_mode(&p->kommun);
		if (km < 0 || !in_regions(k->o, km)) {
			if (km < 0)
				c->no_kommun++;
			else
				c->elsewhere++;
			person_reset(k);
			return 0;
		}
	}
	c->persons++;
	if (!p->has_key)
		c->unkeyed++;
	else if (p->weak)
		c->weak++;
	else
		c->strong++;
	if (p->has_key && p->weak && p->norgs >= 2)
		c->weak_linked++;
	c->known_to[p->norgs >= 3 ? 2 : p->norgs == 2 ? 1 : 0]++;

	/* sex: the most frequent known; okant only when none is known */
	int best = -1, known = 0;
	for (size_t i = 0; i + 1 < k->dims[D_SEX].n; i++) {
		if (p->sexn[i])
			known++;
		if (p->sexn[i] && (best < 0 || p->sexn[i] > p->sexn[best]))
			best = (int)i;
	}
	if (known > 1)
		c->sex_conflicts++;
	if (best < 0)
		best = (int)k->dims[D_SEX].n - 1;
	c->cats[k->dims[D_SEX].first_cat + (size_t)best].persons++;

	int by = tally_mode(&p->years);
	int age = by >= 0 ? k->end_year - by : tally_mode(&p->ages);
	c->cats[k->dims[D_AGE].first_cat + (size_t)age_group(age)].persons++;

	for (int d = D_ORGTYPE; d < D_N; d++) {
		const struct dimlist *dl = &k->dims[d];
		if (dl->multi && !p->bits[d])
			c->cats[dl->first_cat + dl->n].persons++;
		for (size_t i = 0; i < dl->n; i++)
			if (p->bits[d] & (1ull << i))
				c->cats[dl->first_cat + i].persons++;
	}

	if (add_overlap(k, p->norgs,
	                (size_t)__builtin_popcountll(p->bits[D_ORGTYPE])))
		return -1;
	for (size_t i = 0; i < p->nlists; i++)
		k->used[p->lists[i]] = 1;
	for (size_t i = 0; i < p->norgs; i++)
		if (!k->used_org[p->orgs[i]]) {
			k->used_org[p->orgs[i]] = 1;
			c->orgs_known++;
		}
	if (c->histories_ok) {
		unsigned long long bits = 0;
		qsort(p->lists, p->nlists, sizeof(int), cmp_int);
		for (size_t i = 0; i < p->nlists; i++) {
			bits |= 1ull << p->lists[i];
			for (size_t j = i; j < p->nlists; j++) {
				size_t a = (size_t)p->lists[i],
				       b = (size_t)p->lists[j];
				/* index of (a, b) in the upper triangle */
				size_t idx =
				    a * c->nlists - a * (a - 1) / 2 + (b - a);
				if (a == 0)
					idx = b;
				c->pairs[idx].persons++;
			}
		}
		if (p->has_key) {
			if (k->nhist == k->caphist) {
				size_t nc = k->caphist ? 2 * k->caphist : 64;
				unsigned long long *nh =
				    realloc(k->hist, nc * sizeof(*nh));
				if (!nh)
					return -1;
				k->hist = nh;
				k->caphist = nc;
			}
			k->hist[k->nhist++] = bits;
		}
	}
	person_reset(k);
	return 0;
}

static void add_key_id(struct counter *k, const char *id)
{
	if (!id || !*id)
		return;
	for (size_t i = 0; i < k->nkey_ids; i++)
		if (strcmp(k->key_ids[i], id) == 0)
			return;
	if (k->nkey_ids < 16)
		snprintf(k->key_ids[k->nkey_ids++], KL_KEY_ID_CHARS + 1, "%s",
		         id);
}

/* One record into the current person: its kommun always, the rest when
 * the record has the role counted. */
static void add_record(struct counter *k, sqlite3_stmt *s)
{
	struct person *p = &k->p;
	const char *km = (const char *)sqlite3_column_text(s, 12);
	const char *role = (const char *)sqlite3_column_text(s, 8);

	if (km && *km) {
		char *end;
		long v = strtol(km, &end, 10);
		if (*end == '\0' && v >= 0 && v <= 9999)
			tally_add(&p->kommun, (int)v);
	}
	if (k->o->role && (!role || strcmp(role, k->o->role) != 0))
		return;
	const char *key = (const char *)sqlite3_column_text(s, 0);
	const char *kind = (const char *)sqlite3_column_text(s, 1);
	const char *org = (const char *)sqlite3_column_text(s, 3);
	const char *type = (const char *)sqlite3_column_text(s, 4);
	const char *sex = (const char *)sqlite3_column_text(s, 5);

	p->active = 1;
	p->has_key = key != NULL;
	p->weak = kind && strcmp(kind, "svag") == 0;
	add_key_id(k, (const char *)sqlite3_column_text(s, 2));
	int oi = find_name(k->orgs, k->norgs, org ? org : "");
	if (oi >= 0)
		add_unique(p->orgs, &p->norgs, oi);
	int li = k->lists_are_types ? find_name(k->types, k->ntypes, type) : oi;
	if (li >= 0)
		add_unique(p->lists, &p->nlists, li);
	int si = code_index(&k->dims[D_SEX], sex, strlen(sex));
	if (si >= 0)
		p->sexn[si]++;
	if (sqlite3_column_type(s, 6) != SQLITE_NULL)
		tally_add(&p->years, sqlite3_column_int(s, 6));
	if (sqlite3_column_type(s, 7) != SQLITE_NULL)
		tally_add(&p->ages, sqlite3_column_int(s, 7));
	p->bits[D_ORGTYPE] |= code_bits(&k->dims[D_ORGTYPE], type);
	p->bits[D_ROLE] |= code_bits(&k->dims[D_ROLE],
	                             (const char *)sqlite3_column_text(s, 8));
	p->bits[D_EXPL] |= code_bits(&k->dims[D_EXPL],
	                             (const char *)sqlite3_column_text(s, 9));
	p->bits[D_ARENA] |= code_bits(&k->dims[D_ARENA],
	                              (const char *)sqlite3_column_text(s, 10));
	p->bits[D_COMP] |= code_bits(&k->dims[D_COMP],
	                             (const char *)sqlite3_column_text(s, 11));
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* Distinct values of column `col` in the period, sorted (BINARY). */
static int distinct(struct kl_store *st, const char *sql, const char *p0,
                    const char *p1, const char *role, char ***out, size_t *n,
                    struct kl_error *err)
{
	sqlite3_stmt *s;
	char **v = NULL;
	size_t len = 0, cap = 0;
	int rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
	if (role)
		sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			char **nv = realloc(v, cap * sizeof(*nv));
			if (!nv)
				goto nomem;
			v = nv;
		}
		const char *t = (const char *)sqlite3_column_text(s, 0);
		v[len] = strdup(t ? t : "");
		if (!v[len])
			goto nomem;
		len++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free_names(v, len);
		return kli_store_fail(st, rc, err, "cannot read the records");
	}
	*out = v;
	*n = len;
	return KL_OK;
nomem:
	sqlite3_finalize(s);
	free_names(v, len);
	return kli_oom(err);
}

static int cmp_hist(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a,
	                   y = *(const unsigned long long *)b;
	int px = __builtin_popcountll(x), py = __builtin_popcountll(y);
	if (px != py)
		return px - py;
	/* then list 1 before list 2 ...: lower bits first, reversed */
	for (int i = 0; i < 64; i++) {
		unsigned long long m = 1ull << i;
		if ((x & m) != (y & m))
			return (x & m) ? -1 : 1;
	}
	return 0;
}

static int setup_dims(struct counter *k)
{
	static const char *const names[D_N] = {
	    "sex",          "age_group", "organisation_type", "role",
	    "exploitation", "arena",     "compensation"};
	size_t ncat = 0;

	for (int d = 0; d < D_N; d++) {
		struct dimlist *dl = &k->dims[d];
		dl->dim = names[d];
		if (d == D_AGE) {
			for (size_t i = 0; i < 5; i++)
				dl->codes[i] = age_groups[i];
			dl->n = 5;
		} else {
			dl->n = kli_individuals_codes(names[d], dl->codes,
			                              MAXCODES);
		}
		dl->multi = d >= D_EXPL;
		dl->first_cat = ncat;
		ncat += dl->n + (dl->multi ? 1 : 0);
	}
	k->c->cats = calloc(ncat, sizeof(*k->c->cats));
	if (!k->c->cats)
		return -1;
	k->c->ncats = ncat;
	for (int d = 0; d < D_N; d++) {
		struct dimlist *dl = &k->dims[d];
		for (size_t i = 0; i < dl->n; i++) {
			struct kl_count_cat *cat =
			    &k->c->cats[dl->first_cat + i];
			cat->dim = dl->dim;
			snprintf(cat->value, sizeof(cat->value), "%s",
			         dl->codes[i]);
		}
		if (dl->multi) {
			struct kl_count_cat *cat =
			    &k->c->cats[dl->first_cat + dl->n];
			cat->dim = dl->dim;
			snprintf(cat->value, sizeof(cat->value), "ej_angivet");
		}
	}
	return 0;
}

/*
 * With regions, keep only the lists that know a counted person: renumber
 * the lists, the pair table and the history bits (k->hist) to match.
 */
static int compact_lists(struct counter *k)
{
	struct kl_individuals_count *c = k->c;
	size_t n = c->nlists, m = 0;
	size_t *map = malloc((n + 1) * sizeof(*map));
	if (!map)
		return -1;
	for (size_t i = 0; i < n; i++)
		map[i] = k->used[i] ? m++ : (size_t)-1;
	if (m == n) {
		free(map);
		return 0;
	}
	if (c->histories_ok) {
		size_t np = m * (m + 1) / 2;
		struct kl_count_pair *pp = calloc(np + 1, sizeof(*pp));
		if (!pp) {
			free(map);
			return -1;
		}
		for (size_t i = 0; i < c->npairs; i++) {
			size_t a = map[c->pairs[i].a], b = map[c->pairs[i].b];
			if (a == (size_t)-1 || b == (size_t)-1)
				continue;
			size_t idx =
			    a * m - (a ? a * (a - 1) / 2 : 0) + (b - a);
			pp[idx] =
			    (struct kl_count_pair){a, b, c->pairs[i].persons};
		}
		free(c->pairs);
		c->pairs = pp;
		c->npairs = np;
		for (size_t h = 0; h < k->nhist; h++) {
			unsigned long long nb = 0;
			for (size_t i = 0; i < n; i++)
				if ((k->hist[h] >> i) & 1)
					nb |= 1ull << map[i];
			k->hist[h] = nb;
		}
	}
	for (size_t i = 0, j = 0; i < n; i++) {
		if (map[i] == (size_t)-1)
			free(c->lists[i]);
		else
			c->lists[j++] = c->lists[i];
	}
	c->nlists = m;
	free(map);
	return 0;
}

int kl_count_individuals(struct kl_store *st, const struct kl_count_opts *o,
                         struct kl_individuals_count **out,
                         struct kl_error *err)
{
	struct counter k;
	struct kl_individuals_count *c;
	sqlite3_stmt *s = NULL;
	char p0[8], p1[8];
	int rc;

	*out = NULL;
	memset(&k, 0, sizeof(k));
	c = calloc(1, sizeof(*c));
	if (!c)
		return kli_oom(err);
	k.c = c;
	k.o = o;
	k.end_year = o->period.y1;
	k.lists_are_types = o->lists == KL_LISTS_ORG_TYPE;
	snprintf(p0, sizeof(p0), "%04d-%02d", o->period.y0, o->period.m0);
	snprintf(p1, sizeof(p1), "%04d-%02d", o->period.y1, o->period.m1);
	if (setup_dims(&k)) {
		rc = kli_oom(err);
		goto out;
	}
	rc = distinct(st,
	              "SELECT DISTINCT organisation FROM individuals WHERE "
	              "period_start >= ?1 AND period_end <= ?2 AND (?3 IS "
	              "NULL OR role = ?3) ORDER BY 1",
	              p0, p1, o->role, &k.orgs, &k.norgs, err);
	if (!rc)
		rc = distinct(st,
		              "SELECT DISTINCT org_type FROM individuals WHERE "
		              "period_start >= ?1 AND period_end <= ?2 AND (?3 "
		              "IS NULL OR role = ?3) ORDER BY 1",
		              p0, p1, o->role, &k.types, &k.ntypes, err);
	if (rc)
		goto out;
	if (k.norgs == 0) {
		rc = kl_error_set(err, KL_ERR_NUMERIC,
		                  "no individuals records wholly inside the "
		                  "period %s..%s%s%s",
		                  p0, p1, o->role ? " with role " : "",
		                  o->role ? o->role : "");
		goto out;
	}
	k.p.orgs = calloc(k.norgs, sizeof(int));
	k.p.lists =
	    calloc(k.norgs > k.ntypes ? k.norgs : k.ntypes, sizeof(int));
	if (!k.p.orgs || !k.p.lists) {
		rc = kli_oom(err);
		goto out;
	}
	/* the lists */
	if (k.lists_are_types) {
		c->lists = k.types;
		c->nlists = k.ntypes;
	} else {
		c->lists = k.orgs;
		c->nlists = k.norgs;
	}
	c->histories_ok = c->nlists <= 64;
	if (c->histories_ok) {
		c->npairs = c->nlists * (c->nlists + 1) / 2;
		c->pairs = calloc(c->npairs, sizeof(*c->pairs));
		if (!c->pairs) {
			rc = kli_oom(err);
			goto out;
		}
		for (size_t a = 0, i = 0; a < c->nlists; a++)
			for (size_t b = a; b < c->nlists; b++, i++) {
				c->pairs[i].a = a;
				c->pairs[i].b = b;
			}
	}
	k.key_ids = calloc(16, sizeof(*k.key_ids));
	k.used = calloc(c->nlists + 1, 1);
	k.used_org = calloc(k.norgs + 1, 1);
	if (!k.key_ids || !k.used || !k.used_org) {
		rc = kli_oom(err);
		goto out;
	}

	/* records only partly inside the period are left out, and said so */
	rc = kli_store_prepare(
	    st,
	    "SELECT count(*) FROM individuals WHERE period_start <= ?2 AND "
	    "period_end >= ?1 AND NOT (period_start >= ?1 AND period_end <= "
	    "?2) AND (?3 IS NULL OR role = ?3)",
	    &s, err);
	if (rc)
		goto out;
	sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
	if (o->role)
		sqlite3_bind_text(s, 3, o->role, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		c->partial = (unsigned long long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (step != SQLITE_ROW) {
		rc = kli_store_fail(st, step, err, "cannot read the records");
		goto out;
	}

	rc = kli_store_prepare(
	    st,
	    "SELECT person_key, key_kind, key_id, organisation, org_type, "
	    "sex, birth_year, age, role, exploitation, arena, compensation, "
	    "kommunkod FROM individuals WHERE period_start >= ?1 AND "
	    "period_end <= ?2 ORDER BY person_key IS NULL, person_key, "
	    "import_id, _line",
	    &s, err);
	if (rc)
		goto out;
	sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
	char prev[65] = "";
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		const char *role = (const char *)sqlite3_column_text(s, 8);
		if (!o->role || (role && strcmp(role, o->role) == 0))
			c->records++;
		if (!key || strcmp(key, prev) != 0) {
			if (person_finish(&k))
				goto nomem;
			snprintf(prev, sizeof(prev), "%s", key ? key : "");
		}
		add_record(&k, s);
	}
	if (step != SQLITE_DONE) {
		rc = kli_store_fail(st, step, err, "cannot read the records");
		goto out;
	}
	if (person_finish(&k))
		goto nomem;
	c->key_ids = k.nkey_ids;
	if (o->nregions) {
		if (compact_lists(&k))
			goto nomem;
		if (k.lists_are_types)
			k.ntypes = c->nlists;
		else
			k.norgs = c->nlists;
	}

	/* histories: run lengths of the sorted bit patterns */
	if (c->histories_ok && k.nhist) {
		qsort(k.hist, k.nhist, sizeof(*k.hist), cmp_hist);
		c->histories = calloc(k.nhist, sizeof(*c->histories));
		if (!c->histories)
			goto nomem;
		for (size_t i = 0; i < k.nhist; i++) {
			if (c->nhistories &&
			    c->histories[c->nhistories - 1].bits == k.hist[i])
				c->histories[c->nhistories - 1].count++;
			else
				c->histories[c->nhistories++] =
				    (struct kl_count_history){k.hist[i], 1};
		}
	}
	rc = KL_OK;
	goto out;
nomem:
	rc = kli_oom(err);
out:
	sqlite3_finalize(s);
	free(k.p.orgs);
	free(k.p.lists);
	free(k.hist);
	free(k.key_ids);
	free(k.used);
	free(k.used_org);
	if (k.lists_are_types) {
		free_names(k.orgs, k.norgs);
		if (rc)
			free_names(k.types, k.ntypes);
	} else {
		free_names(k.types, k.ntypes);
		if (rc)
			free_names(k.orgs, k.norgs);
	}
	if (rc) {
		c->lists = NULL;
		c->nlists = 0;
		kl_individuals_count_free(c);
		return rc;
	}
	*out = c;
	return KL_OK;
}

void kl_individuals_count_free(struct kl_individuals_count *c)
{
	if (!c)
		return;
	free(c->cats);
	free_names(c->lists, c->nlists);
	free(c->pairs);
	free(c->histories);
	free(c->overlap);
	free(c);
}
