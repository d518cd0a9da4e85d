/*
 * feed_individuals.c - the individuals feed: one row per person an
 * organisation met in a period (kartlagg-feeds(5)).
 *
 * The person key of a row is, in this order of preference: the keyed hash
 * of its personnummer/samordningsnummer (normalised to 12 digits with the
 * end of the row's period as the reference year), the pseudonymised key
 * the file already holds (personnyckel, from kartlagg pseudonymise), or
 * the weak keyed hash of sex, birth year and initials.  A row with none of
 * them is stored without a key and counted as a person of its own.  The
 * personnummer and initials are hashed here, in the row callback, and only
 * the hash goes further.
 */
#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds_priv.h"
#include "kl_pnr.h"

enum {
	I_ORG,
	I_ORGTYPE,
	I_PERIOD,
	I_PNR,
	I_PKEY,
	I_KEYTYPE,
	I_KEYID,
	I_INIT,
	I_SEX,
	I_BYEAR,
	I_AGE,
	I_KOMMUN,
	I_ROLE,
	I_EXPL,
	I_ARENA,
	I_COMP,
	I_NCOLS
};

static const struct kli_col cols[I_NCOLS] = {
    [I_ORG] = {"organisation", NULL, 1, 0},
    [I_ORGTYPE] = {"organisationstyp", NULL, 1, 0},
    [I_PERIOD] = {"period", NULL, 1, 0},
    [I_PNR] = {"personnummer", "samordningsnummer", 0, 1},
    [I_PKEY] = {"personnyckel", NULL, 0, 1},
    [I_KEYTYPE] = {"nyckeltyp", NULL, 0, 0},
    [I_KEYID] = {"nyckel_id", NULL, 0, 1},
    [I_INIT] = {"initialer", NULL, 0, 1},
    [I_SEX] = {"kon", "kön", 1, 0},
    [I_BYEAR] = {"fodelsear", "födelseår", 0, 0},
    [I_AGE] = {"alder", "ålder", 0, 0},
    [I_KOMMUN] = {"kommunkod", NULL, 0, 0},
    [I_ROLE] = {"roll", NULL, 1, 0},
    [I_EXPL] = {"exploatering", NULL, 0, 0},
    [I_ARENA] = {"arena", NULL, 0, 0},
    [I_COMP] = {"ersattning", "ersättning", 0, 0},
};

static const struct kli_code org_types[] = {
    {"socialtjanst", "socialtjänst"},
    {"halso_sjukvard", "hälso_sjukvård"},
    {"ungdomsmottagning", NULL},
    {"specialistmottagning", NULL},
    {"idburen", "ideell"},
    {"polis", NULL},
    {"skola", NULL},
    {"annan", NULL},
    {NULL, NULL},
};
static const struct kli_code sexes[] = {
    {"kvinna", "flicka"}, {"man", "pojke"}, {"annat", NULL},
    {"okant", "okänt"},   {NULL, NULL},
};
static const struct kli_code roles[] = {
    {"utsatt", NULL},
    {"kopare", "köpare"},
    {NULL, NULL},
};
static const struct kli_code exploitations[] = {
    {"sex_mot_ersattning", "sex_mot_ersättning"},
    {"sugardejting", "sugardating"},
    {"bilder_webcam", NULL},
    {"koppleri", NULL},
    {"manniskohandel", "människohandel"},
    {NULL, NULL},
};
static const struct kli_code arenas[] = {
    {"internet_annons", NULL}, {"internet_social", NULL},
    {"webcam", NULL},          {"gata", NULL},
    {"hotell", NULL},          {"bostad", NULL},
    {"massage", NULL},         {"strippklubb", NULL},
    {"utomlands", NULL},       {"annan", NULL},
    {"okand", "okänd"},        {NULL, NULL},
};
static const struct kli_code compensations[] = {
    {"pengar", NULL},       {"alkohol_droger", NULL}, {"boende", NULL},
    {"gavor_klader", NULL}, {"resor", NULL},          {"annat", NULL},
    {NULL, NULL},
};

struct ind {
	sqlite3_stmt *ins;
	struct kli_person_key last;
	char file_key_id[KL_KEY_ID_CHARS + 1];
	unsigned long key_id_line;
};

static void list_codes(const struct kli_code *list, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (int i = 0; list[i].code && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "",
		                      list[i].code);
}

/* A single code; problem when it is not in the list. */
static int one_code(struct kli_feed *f, const struct kl_csv_record *rec, int c,
                    const struct kli_code *list, int empty_default,
                    const char **out)
{
	unsigned long col;
	const char *s = kli_feed_cell(f, rec, c, &col);
	char q[64], all[512];
	int i;

	if (*s == '\0' && empty_default >= 0) {
		*out = list[empty_default].code;
		return 0;
	}
	i = kli_code_find(list, s);
	if (i >= 0) {
		*out = list[i].code;
		return 0;
	}
	kli_feed_quote(s, q, sizeof(q));
	list_codes(list, all, sizeof(all));
	kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
	                 "expected one of %s, got '%s'", all, q);
	return -1;
}

/* A '|'-separated list of codes, written back in list order. */
static int multi_code(struct kli_feed *f, const struct kl_csv_record *rec,
                      int c, const struct kli_code *list, char *out, size_t n)
{
	unsigned long col;
	const char *s = kli_feed_cell(f, rec, c, &col);
	unsigned long long seen = 0;
	char part[128], q[64], all[512];
	size_t k = 0;

	out[0] = '\0';
	while (*s) {
		const char *e = strchr(s, '|');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len >= sizeof(part))
			len = sizeof(part) - 1;
		memcpy(part, s, len);
		part[len] = '\0';
		kli_trim(part);
		int i = part[0] ? kli_code_find(list, part) : -1;
		if (i < 0) {
			kli_feed_quote(part, q, sizeof(q));
			list_codes(list, all, sizeof(all));
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
			                 "expected values from %s separated "
			                 "by '|', got '%s'",
			                 all, q);
			return -1;
		}
		seen |= 1ull << i;
		s += len;
		if (*s == '|')
			s++;
	}
	for (int i = 0; list[i].code; i++)
		if (seen & (1ull << i))
			k += (size_t)snprintf(out + k, n - k, "%s%s",
			                      k ? "|" : "", list[i].code);
	return 0;
}

/* A whole number in [lo, hi] or empty (-> *v = -1). */
static int number(struct kli_feed *f, const struct kl_csv_record *rec, int c,
                  int lo, int hi, const char *what, int *v)
{
	unsigned long col;
	const char *s = kli_feed_cell(f, rec, c, &col);
	char q[64];
	char *end;
	long x;

	*v = -1;
	if (*s == '\0')
		return 0;
	x = strtol(s, &end, 10);
	if (end != s && *end == '\0' && s[0] >= '0' && s[0] <= '9' && x >= lo &&
	    x <= hi) {
		*v = (int)x;
		return 0;
	}
	kli_feed_quote(s, q, sizeof(q));
	kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
	                 "expected %s from %d to %d, got '%s'", what, lo, hi,
	                 q);
	return -1;
}

static int is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static void lower_hex(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'F')
			*s = (char)(*s - 'A' + 'a');
}

static int need_key(struct kli_feed *f, const struct kl_csv_record *rec,
                    unsigned long col, const char *what)
{
	if (f->o->key && f->o->key->loaded)
		return 0;
	kli_feed_problem(f, KL_ERR_USAGE, rec->line, col,
	                 "a %s can only be pseudonymised with a key: give "
	                 "--key-file <file> (see kartlagg-key(1))",
	                 what);
	return -1;
}

/* Work out the person key of the row into ind->last; -1 on a problem. */
static int person_key(struct kli_feed *f, const struct kl_csv_record *rec,
                      const struct kl_period *per, const char *sex, int *byear)
{
	struct ind *d = f->state;
	struct kli_person_key *k = &d->last;
	unsigned long cp, ck, ct, ci, cid;
	const char *pnr = kli_feed_cell(f, rec, I_PNR, &cp);
	const char *pkey = kli_feed_cell(f, rec, I_PKEY, &ck);
	const char *ktype = kli_feed_cell(f, rec, I_KEYTYPE, &ct);
	const char *init = kli_feed_cell(f, rec, I_INIT, &ci);
	const char *kid = kli_feed_cell(f, rec, I_KEYID, &cid);
	char shape[32];

	memset(k, 0, sizeof(*k));
	k->kind = "ingen";
	if (*pnr && *pkey) {
		kli_feed_problem(f, KL_ERR_PARSE, rec->line, ck,
		                 "a row has either a personnummer or a "
		                 "personnyckel, not both");
		return -1;
	}
	if (*pnr) {
		struct kl_pnr p;
		if (need_key(f, rec, cp, "personnummer"))
			return -1;
		if (kl_pnr_parse(pnr, strlen(pnr), per->y1, &p) ==
		    KL_PNR_NONE) {
			kli_feed_shape(pnr, shape, sizeof(shape));
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, cp,
			                 "expected a personnummer or "
			                 "samordningsnummer (10 or 12 digits, "
			                 "a valid date, the right check "
			                 "digit), got '%s'",
			                 shape);
			return -1;
		}
		int r = kl_key_hash_pnr(f->o->key, &p, k->key);
		/* the birth year, when the row does not give it */
		if (*byear < 0)
			*byear = (p.digits[0] - '0') * 1000 +
			         (p.digits[1] - '0') * 100 +
			         (p.digits[2] - '0') * 10 + (p.digits[3] - '0');
		sodium_memzero(&p, sizeof(p));
		/* kl_pnr_parse with a reference year always gives the
		 * century, so the hash cannot fail */
		assert(r == 0);
		(void)r;
		k->kind = "stark";
		memcpy(k->key_id, f->o->key->id, sizeof(k->key_id));
		f->res->strong_keys++;
		return 0;
	}
	if (*pkey) {
		if (!is_hex(pkey, 64)) {
			kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, ck,
			    "expected a pseudonymous key of 64 hex "
			    "digits, got %zu characters",
			    strlen(pkey));
			return -1;
		}
		memcpy(k->key, pkey, 65);
		lower_hex(k->key);
		char low[16];
		kli_lower(ktype, low, sizeof(low));
		if (low[0] == '\0' || strcmp(low, "stark") == 0) {
			k->kind = "stark";
			f->res->strong_keys++;
		} else if (strcmp(low, "svag") == 0) {
			k->kind = "svag";
			f->res->weak_keys++;
		} else {
			char q[64];
			kli_feed_quote(ktype, q, sizeof(q));
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, ct,
			                 "expected stark or svag with a "
			                 "personnyckel, got '%s'",
			                 q);
			return -1;
		}
		if (*kid) {
			if (!is_hex(kid, KL_KEY_ID_CHARS)) {
				kli_feed_problem(f, KL_ERR_PARSE, rec->line,
				                 cid,
				                 "expected a key id of %d hex "
				                 "digits, got %zu characters",
				                 KL_KEY_ID_CHARS, strlen(kid));
				return -1;
			}
			memcpy(k->key_id, kid, sizeof(k->key_id));
			lower_hex(k->key_id);
			if (f->o->key && f->o->key->loaded &&
			    strcmp(k->key_id, f->o->key->id) != 0) {
				kli_feed_problem(
				    f, KL_ERR_PARSE, rec->line, cid,
				    "this personnyckel was made with key %s, "
				    "not with the key given (%s): the two "
				    "would never link",
				    k->key_id, f->o->key->id);
				return -1;
			}
		}
		return 0;
	}
	if (*init) {
		char norm[32];
		int n = kl_key_norm_initials(init, norm, sizeof(norm));
		if (need_key(f, rec, ci, "weak key (initials)"))
			return -1;
		if (n < 1 || n > 4) {
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, ci,
			                 "expected 1 to 4 initials (letters, "
			                 "'.', '-' or blanks), got %zu "
			                 "characters",
			                 strlen(init));
			sodium_memzero(norm, sizeof(norm));
			return -1;
		}
		if (strcmp(sex, "okant") == 0 || *byear < 0) {
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, ci,
			                 "a weak key needs kon (kvinna, man or "
			                 "annat) and fodelsear besides the "
			                 "initials");
			sodium_memzero(norm, sizeof(norm));
			return -1;
		}
		kl_key_hash_weak(f->o->key, sex, *byear, norm, k->key);
		sodium_memzero(norm, sizeof(norm));
		k->kind = "svag";
		memcpy(k->key_id, f->o->key->id, sizeof(k->key_id));
		f->res->weak_keys++;
		return 0;
	}
	if (*ktype) {
		char low[16];
		kli_lower(ktype, low, sizeof(low));
		if (strcmp(low, "ingen") != 0) {
			kli_feed_problem(f, KL_ERR_PARSE, rec->line, ct,
			                 "nyckeltyp says there is a key, but "
			                 "the row has no personnyckel");
			return -1;
		}
	}
	f->res->no_keys++;
	return 0;
}

static int begin(struct kli_feed *f)
{
	struct ind *d = kli_feed_state(f, sizeof(*d));
	if (!d)
		return 1;
	if ((f->colmap[I_PNR] >= 0 || f->colmap[I_INIT] >= 0) &&
	    (!f->o->key || !f->o->key->loaded))
		return kli_feed_problem(
		    f, KL_ERR_USAGE, 1,
		    (unsigned long)(f->colmap[I_PNR] >= 0 ? f->colmap[I_PNR]
		                                          : f->colmap[I_INIT]) +
		        1,
		    "the file has personnummer or initials, which are "
		    "replaced by keyed hashes: give --key-file <file> (see "
		    "kartlagg-key(1))");
	if (!f->st)
		return 0;
	return kli_feed_prepare(
	    f,
	    "INSERT INTO individuals (import_id, _line, organisation, "
	    "org_type, period_start, period_end, person_key, key_kind, "
	    "key_id, sex, birth_year, age, kommunkod, role, "
	    "exploitation, arena, compensation) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	    &d->ins);
}

static void bind_opt_int(sqlite3_stmt *s, int i, int v)
{
	if (v >= 0)
		sqlite3_bind_int(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static int row(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct ind *d = f->state;
	unsigned long col;
	const char *org, *orgtype, *sex, *role, *kommun;
	char expl[256], arena[256], comp[256], q[64];
	char p0[8], p1[8];
	struct kl_period per;
	int byear, age, bad = 0;
	unsigned long before = f->problems;

	org = kli_feed_cell(f, rec, I_ORG, &col);
	if (*org == '\0') {
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "expected the organisation's name, got "
		                     "an empty cell"))
			return 1;
		bad = 1;
	}
	const char *ps = kli_feed_cell(f, rec, I_PERIOD, &col);
	if (kl_period_parse(ps, &per)) {
		kli_feed_quote(ps, q, sizeof(q));
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "expected a period such as 2025, 2025H1, "
		                     "2025Q3, 2025-03 or 2025-01..2025-06, got "
		                     "'%s'",
		                     q))
			return 1;
		return 0; /* the rest needs the period */
	}
	if (one_code(f, rec, I_ORGTYPE, org_types, -1, &orgtype) ||
	    one_code(f, rec, I_SEX, sexes, 3, &sex) ||
	    one_code(f, rec, I_ROLE, roles, -1, &role))
		return f->problems >= f->max_errors;
	if (number(f, rec, I_BYEAR, 1900, per.y1, "a birth year", &byear) ||
	    number(f, rec, I_AGE, 0, 120, "an age in years", &age))
		return f->problems >= f->max_errors;
	kommun = kli_feed_cell(f, rec, I_KOMMUN, &col);
	if (*kommun && !kl_codes_kommun(f->codes, kommun)) {
		kli_feed_quote(kommun, q, sizeof(q));
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "expected the 4-digit code of one of the "
		                     "290 kommuner, got '%s'",
		                     q))
			return 1;
		bad = 1;
	}
	if (multi_code(f, rec, I_EXPL, exploitations, expl, sizeof(expl)) ||
	    multi_code(f, rec, I_ARENA, arenas, arena, sizeof(arena)) ||
	    multi_code(f, rec, I_COMP, compensations, comp, sizeof(comp)))
		return f->problems >= f->max_errors;
	if (person_key(f, rec, &per, sex, &byear))
		return f->problems >= f->max_errors;
	if (bad || f->problems != before)
		return f->problems >= f->max_errors;
	d->last.birth_year = byear;
	if (d->last.key_id[0]) {
		if (!d->file_key_id[0]) {
			memcpy(d->file_key_id, d->last.key_id,
			       sizeof(d->file_key_id));
			memcpy(f->res->key_id, d->last.key_id,
			       sizeof(f->res->key_id));
			d->key_id_line = rec->line;
		} else if (strcmp(d->file_key_id, d->last.key_id) != 0) {
			kli_feed_cell(f, rec, I_KEYID, &col);
			return kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, col,
			    "key id %s differs from %s on line %lu: person "
			    "keys made with different keys never link",
			    d->last.key_id, d->file_key_id, d->key_id_line);
		}
	}
	if (!f->st || !d->ins || f->problems)
		return 0;
	snprintf(p0, sizeof(p0), "%04d-%02d", per.y0, per.m0);
	snprintf(p1, sizeof(p1), "%04d-%02d", per.y1, per.m1);
	sqlite3_stmt *s = d->ins;
	sqlite3_bind_int64(s, 1, f->import_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)rec->line);
	sqlite3_bind_text(s, 3, org, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, orgtype, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p0, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, p1, -1, SQLITE_TRANSIENT);
	kli_bind_nonempty(s, 7, d->last.key);
	sqlite3_bind_text(s, 8, d->last.kind, -1, SQLITE_STATIC);
	kli_bind_nonempty(s, 9, d->last.key_id);
	sqlite3_bind_text(s, 10, sex, -1, SQLITE_STATIC);
	bind_opt_int(s, 11, byear);
	bind_opt_int(s, 12, age);
	kli_bind_nonempty(s, 13, kommun);
	sqlite3_bind_text(s, 14, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, expl, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 16, arena, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 17, comp, -1, SQLITE_TRANSIENT);
	return kli_feed_step(f, s, "cannot store a row");
}

static void release(struct kli_feed *f)
{
	struct ind *d = f->state;
	if (d) /* wiped: the last person key */
		kli_feed_drop_state(f, sizeof(*d), 1, d->ins);
}

const struct kli_person_key *kli_individuals_last_key(const struct kli_feed *f)
{
	const struct ind *d = f->state;
	return &d->last;
}

static const struct kli_code *lists_of(const char *dim)
{
	if (strcmp(dim, "organisation_type") == 0)
		return org_types;
	if (strcmp(dim, "sex") == 0)
		return sexes;
	if (strcmp(dim, "role") == 0)
		return roles;
	if (strcmp(dim, "exploitation") == 0)
		return exploitations;
	if (strcmp(dim, "arena") == 0)
		return arenas;
	if (strcmp(dim, "compensation") == 0)
		return compensations;
	return NULL;
}

size_t kli_individuals_codes(const char *dim, const char **out, size_t max)
{
	const struct kli_code *l = lists_of(dim);
	size_t n = 0;
	for (; l && l[n].code && n < max; n++)
		out[n] = l[n].code;
	return n;
}

int kli_individuals_byear_col(void)
{
	return I_BYEAR;
}

const struct kli_feed_ops kli_individuals_ops = {
    KL_FEED_INDIVIDUALS, cols, I_NCOLS, 0, begin, row, NULL, release, NULL,
};
