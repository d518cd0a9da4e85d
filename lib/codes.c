/*
 * codes.c - the embedded code tables (kl_codes.h).
 *
 * Each table is a small text file in schemas/ compiled into the library by
 * cmake/embed.cmake.  kl_codes_new() copies each into a buffer of its own
 * and cuts it into fields in place; the tables are sorted by code so a
 * lookup is a binary search.  The texts are ours, so a malformed one is a
 * build error (KL_ERR_INTERNAL), never an input error.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes_priv.h"
#include "kl_codes.h"
#include "kl_region.h"
#include "util_priv.h"

extern const char kli_regioner_csv[];
extern const char kli_brottskoder_csv[];
extern const char kli_brottsgrupper_csv[];

#define NLAN 26 /* codes 00..25 */

struct kl_codes {
	char *buf[3];
	struct kl_kommun *kommuner; /* today's, from regions */
	size_t nkommuner;
	struct kl_region *regions; /* every row, by code then year */
	size_t nregions;
	struct kl_offence_code *offences;
	size_t noffences;
	struct kl_offence_group *groups;
	char **group_names; /* '|'-separated Brå names per group */
	size_t ngroups;
	const char *lan[NLAN];
};

/* Split the line at *p into at most `max` fields at `sep`; advance *p past
 * the line.  Returns the number of fields, 0 for a comment or blank. */
static size_t next_line(char **p, char sep, char **f, size_t max)
{
	char *s = *p, *e = strchr(s, '\n');
	size_t n = 0;

	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	if (*s == '#' || *s == '\0')
		return 0;
	f[n++] = s;
	for (char *q = s; *q && n < max; q++) {
		if (*q == sep) {
			*q = '\0';
			f[n++] = q + 1;
		}
	}
	return n;
}

static int year_of(const char *s)
{
	return *s ? atoi(s) : 0;
}

static int cmp_kommun(const void *a, const void *b)
{
	return strcmp(((const struct kl_kommun *)a)->code,
	              ((const struct kl_kommun *)b)->code);
}

static int cmp_offence(const void *a, const void *b)
{
	return strcmp(((const struct kl_offence_code *)a)->code,
	              ((const struct kl_offence_code *)b)->code);
}

static size_t count_lines(const char *s)
{
	size_t n = 1;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int bad_table(struct kl_codes *c, struct kl_error *err,
                     const char *which)
{
	kl_codes_free(c);
	return kl_error_set(err, KL_ERR_INTERNAL,
	                    "the embedded %s table is malformed (a build "
	                    "error)",
	                    which);
}

static int cmp_region(const void *a, const void *b)
{
	const struct kl_region *x = a, *y = b;
	int d = strcmp(x->code, y->code);
	if (d)
		return d;
	return (x->valid_from > y->valid_from) -
	       (x->valid_from < y->valid_from);
}

/* schemas/regioner.csv: kod,namn,lanskod,fran,till,ny_kod. */
static int load_regions(struct kl_codes *c, struct kl_error *err)
{
	char *p = c->buf[0], *f[6];
	int header = 1;
	size_t cap = count_lines(p);

	c->regions = calloc(cap, sizeof(*c->regions));
	c->kommuner = calloc(cap, sizeof(*c->kommuner));
	if (!c->regions || !c->kommuner)
		return kli_oom(err);
	while (*p) {
		size_t n = next_line(&p, ',', f, 6);
		if (n == 0)
			continue;
		if (n != 6)
			return KL_ERR_INTERNAL;
		if (header) {
			header = 0;
			continue;
		}
		struct kl_region *r = &c->regions[c->nregions++];
		size_t len = strlen(f[0]);
		if (!kli_all_digits(f[0]) || (len != 2 && len != 4) || !*f[1])
			return KL_ERR_INTERNAL;
		r->code = f[0];
		r->name = f[1];
		r->level = len == 4                  ? KL_LEVEL_KOMMUN
		           : strcmp(f[0], "00") == 0 ? KL_LEVEL_RIKET
		                                     : KL_LEVEL_LAN;
		r->lan_code = *f[2] ? f[2] : NULL;
		r->valid_from = year_of(f[3]);
		r->valid_to = year_of(f[4]);
		r->successor = *f[5] ? f[5] : NULL;
		if ((r->level == KL_LEVEL_KOMMUN) !=
		    (r->lan_code && strlen(r->lan_code) == 2 &&
		     strncmp(r->code, r->lan_code, 2) == 0))
			return KL_ERR_INTERNAL;
		if (r->valid_to && r->valid_from > r->valid_to)
			return KL_ERR_INTERNAL;
	}
	qsort(c->regions, c->nregions, sizeof(*c->regions), cmp_region);
	for (size_t i = 0; i < c->nregions; i++) {
		const struct kl_region *r = &c->regions[i];
		/* rows of one code must not overlap */
		if (i > 0 && strcmp(r->code, c->regions[i - 1].code) == 0 &&
		    (!c->regions[i - 1].valid_to ||
		     c->regions[i - 1].valid_to >= r->valid_from))
			return KL_ERR_INTERNAL;
		if (r->valid_to)
			continue;
		if (r->level == KL_LEVEL_KOMMUN) {
			const struct kl_region *l =
			    kl_region_find(c, r->lan_code, 0);
			struct kl_kommun *k = &c->kommuner[c->nkommuner++];
			if (!l)
				return KL_ERR_INTERNAL;
			k->code = r->code;
			k->name = r->name;
			k->lan_code = r->lan_code;
			k->lan_name = l->name;
		} else {
			int l = atoi(r->code);
			if (l >= NLAN)
				return KL_ERR_INTERNAL;
			c->lan[l] = r->name;
		}
	}
	return c->nkommuner == 290 ? KL_OK : KL_ERR_INTERNAL;
}

static int load_groups(struct kl_codes *c, struct kl_error *err)
{
	char *p = c->buf[2], *f[4];
	size_t cap = count_lines(p) + 1;
	int header = 1;

	c->groups = calloc(cap, sizeof(*c->groups));
	c->group_names = calloc(cap, sizeof(*c->group_names));
	if (!c->groups || !c->group_names)
		return kli_oom(err);
	while (*p) {
		size_t n = next_line(&p, ';', f, 4);
		if (n == 0)
			continue;
		if (n != 4)
			return KL_ERR_INTERNAL;
		if (header) {
			header = 0;
			continue;
		}
		c->groups[c->ngroups].id = f[0];
		c->groups[c->ngroups].law = f[1];
		c->groups[c->ngroups].label = f[2];
		c->group_names[c->ngroups] = f[3];
		c->ngroups++;
	}
	c->groups[c->ngroups].id = KL_OFFENCE_OTHER;
	c->groups[c->ngroups].law = "";
	c->groups[c->ngroups].label = "Övriga (okända brottskoder)";
	c->group_names[c->ngroups] = "";
	c->ngroups++;
	return KL_OK;
}

static int load_offences(struct kl_codes *c, struct kl_error *err)
{
	char *p = c->buf[1], *f[5];
	int header = 1;

	c->offences = calloc(count_lines(p), sizeof(*c->offences));
	if (!c->offences)
		return kli_oom(err);
	while (*p) {
		size_t n = next_line(&p, ';', f, 5);
		if (n == 0)
			continue;
		if (n != 5)
			return KL_ERR_INTERNAL;
		if (header) {
			header = 0;
			continue;
		}
		struct kl_offence_code *o = &c->offences[c->noffences++];
		o->code = f[0];
		o->valid_from = year_of(f[2]);
		o->valid_to = year_of(f[3]);
		o->label = f[4];
		const struct kl_offence_group *g = kl_codes_group(c, f[1]);
		if (strlen(f[0]) != 4 || !g)
			return KL_ERR_INTERNAL;
		o->group = g->id;
	}
	qsort(c->offences, c->noffences, sizeof(*c->offences), cmp_offence);
	for (size_t i = 1; i < c->noffences; i++)
		if (strcmp(c->offences[i - 1].code, c->offences[i].code) == 0)
			return KL_ERR_INTERNAL;
	return KL_OK;
}

/*
 * The tables from the texts `regions`, `offences` and `groups` (the
 * formats of schemas/regioner.csv, brottskoder.csv and brottsgrupper.csv)
 * into a new *out: KL_OK, KL_ERR_NOMEM, or KL_ERR_INTERNAL naming the
 * malformed table.  kl_codes_new() gives it the embedded texts; tests give
 * it malformed ones (codes_priv.h).
 */
int kli_codes_new_from(struct kl_codes **out, const char *regions,
                       const char *offences, const char *groups,
                       struct kl_error *err)
{
	static const char *const which[] = {"region", "brottskod",
	                                    "offence group"};
	const char *src[3] = {regions, offences, groups};
	struct kl_codes *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return kli_oom(err);
	for (int i = 0; i < 3; i++) {
		c->buf[i] = strdup(src[i]);
		if (!c->buf[i]) {
			kl_codes_free(c);
			return kli_oom(err);
		}
	}
	rc = load_regions(c, err);
	if (rc == KL_ERR_NOMEM) {
		kl_codes_free(c);
		return rc;
	}
	if (rc)
		return bad_table(c, err, which[0]);
	rc = load_groups(c, err);
	if (rc == KL_ERR_NOMEM) {
		kl_codes_free(c);
		return rc;
	}
	if (rc)
		return bad_table(c, err, which[2]);
	rc = load_offences(c, err);
	if (rc == KL_ERR_NOMEM) {
		kl_codes_free(c);
		return rc;
	}
	if (rc)
		return bad_table(c, err, which[1]);
	*out = c;
	return KL_OK;
}

int kl_codes_new(struct kl_codes **out, struct kl_error *err)
{
	return kli_codes_new_from(out, kli_regioner_csv, kli_brottskoder_csv,
	                          kli_brottsgrupper_csv, err);
}

void kl_codes_free(struct kl_codes *c)
{
	if (!c)
		return;
	for (int i = 0; i < 3; i++)
		free(c->buf[i]);
	free(c->kommuner);
	free(c->regions);
	free(c->offences);
	free(c->groups);
	free(c->group_names);
	free(c);
}

const struct kl_kommun *kl_codes_kommun(const struct kl_codes *c,
                                        const char *code)
{
	struct kl_kommun key = {.code = code};
	if (strlen(code) != 4)
		return NULL;
	return bsearch(&key, c->kommuner, c->nkommuner, sizeof(key),
	               cmp_kommun);
}

const struct kl_kommun *kl_codes_kommun_by_name(const struct kl_codes *c,
                                                const char *name)
{
	for (size_t i = 0; i < c->nkommuner; i++)
		if (strcasecmp(c->kommuner[i].name, name) == 0)
			return &c->kommuner[i];
	return NULL;
}

const char *kl_codes_lan_name(const struct kl_codes *c, const char *code)
{
	if (strlen(code) != 2 || code[0] < '0' || code[0] > '9' ||
	    code[1] < '0' || code[1] > '9')
		return NULL;
	int l = atoi(code);
	return l < NLAN ? c->lan[l] : NULL;
}

const char *kl_codes_lan_by_name(const struct kl_codes *c, const char *name)
{
	for (size_t i = 0; i < c->nkommuner; i++)
		if (strcasecmp(c->kommuner[i].lan_name, name) == 0)
			return c->kommuner[i].lan_code;
	return NULL;
}

const struct kl_offence_code *kl_codes_offence(const struct kl_codes *c,
                                               const char *code)
{
	struct kl_offence_code key = {.code = code};
	if (strlen(code) != 4)
		return NULL;
	return bsearch(&key, c->offences, c->noffences, sizeof(key),
	               cmp_offence);
}

const struct kl_offence_group *kl_codes_group(const struct kl_codes *c,
                                              const char *id)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i].id, id) == 0)
			return &c->groups[i];
	return NULL;
}

const struct kl_offence_group *kl_codes_group_by_name(const struct kl_codes *c,
                                                      const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < c->ngroups; i++) {
		const char *s = c->group_names[i];
		while (*s) {
			const char *e = strchr(s, '|');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			if (len == n && strncasecmp(s, name, n) == 0)
				return &c->groups[i];
			s += len;
			if (*s == '|')
				s++;
		}
	}
	return NULL;
}

size_t kl_codes_ngroups(const struct kl_codes *c)
{
	return c->ngroups;
}

const struct kl_offence_group *kl_codes_group_at(const struct kl_codes *c,
                                                 size_t i)
{
	return i < c->ngroups ? &c->groups[i] : NULL;
}

size_t kl_codes_nkommuner(const struct kl_codes *c)
{
	return c->nkommuner;
}

const struct kl_kommun *kl_codes_kommun_at(const struct kl_codes *c, size_t i)
{
	return i < c->nkommuner ? &c->kommuner[i] : NULL;
}

const char *kl_region_level_name(enum kl_region_level l)
{
	switch (l) {
	case KL_LEVEL_KOMMUN:
		return "kommun";
	case KL_LEVEL_LAN:
		return "lan";
	case KL_LEVEL_RIKET:
		return "riket";
	}
	return "";
}

/* Index of the first row of `code`, or c->nregions. */
static size_t first_row(const struct kl_codes *c, const char *code)
{
	size_t lo = 0, hi = c->nregions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->regions[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int valid_in(const struct kl_region *r, int year)
{
	if (year == 0)
		return r->valid_to == 0;
	return (!r->valid_from || year >= r->valid_from) &&
	       (!r->valid_to || year <= r->valid_to);
}

const struct kl_region *kl_region_find(const struct kl_codes *c,
                                       const char *code, int year)
{
	for (size_t i = first_row(c, code);
	     i < c->nregions && strcmp(c->regions[i].code, code) == 0; i++)
		if (valid_in(&c->regions[i], year))
			return &c->regions[i];
	return NULL;
}

const struct kl_region *kl_region_any(const struct kl_codes *c,
                                      const char *code)
{
	const struct kl_region *last = NULL;
	for (size_t i = first_row(c, code);
	     i < c->nregions && strcmp(c->regions[i].code, code) == 0; i++)
		last = &c->regions[i]; /* rows run in year order */
	return last;
}

const struct kl_region *kl_region_next_kommun(const struct kl_codes *c,
                                              const char *lan, int year,
                                              size_t *pos)
{
	for (; *pos < c->nregions; (*pos)++) {
		const struct kl_region *r = &c->regions[*pos];
		if (r->level != KL_LEVEL_KOMMUN || !valid_in(r, year))
			continue;
		if (lan && strcmp(r->lan_code, lan) != 0)
			continue;
		(*pos)++;
		return r;
	}
	return NULL;
}

size_t kl_codes_noffences(const struct kl_codes *c)
{
	return c->noffences;
}

const struct kl_offence_code *kl_codes_offence_at(const struct kl_codes *c,
                                                  size_t i)
{
	return i < c->noffences ? &c->offences[i] : NULL;
}

size_t kl_region_count(const struct kl_codes *c)
{
	return c->nregions;
}

const struct kl_region *kl_region_at(const struct kl_codes *c, size_t i)
{
	return i < c->nregions ? &c->regions[i] : NULL;
}
