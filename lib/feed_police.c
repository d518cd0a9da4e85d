/*
 * feed_police.c - the police feed: a local per-case extract, one row per
 * diarienummer (kartlagg-feeds(5)).
 *
 * A case already in the store is updated by a later extract: its old row
 * is copied to police_case_history (replaced_by = the new import) and the
 * new row becomes current.  A diarienummer twice in one file is an error.
 * No column about suspects is accepted (feed_common.c refuses them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds_priv.h"

enum {
	P_DNR,
	P_REPORTED,
	P_FROM,
	P_TO,
	P_CODE,
	P_LAW,
	P_KOMMUN,
	P_PLACE,
	P_INTERNET,
	P_COUNT,
	P_SEX,
	P_AGE,
	P_STATUS,
	P_NCOLS
};

static const struct kli_col cols[P_NCOLS] = {
    [P_DNR] = {"diarienummer", NULL, 1, 0},
    [P_REPORTED] = {"anmalningsdatum", "anmälningsdatum", 1, 0},
    [P_FROM] = {"brottsdatum_fran", "brottsdatum_från", 0, 0},
    [P_TO] = {"brottsdatum_till", NULL, 0, 0},
    [P_CODE] = {"brottskod", NULL, 1, 0},
    [P_LAW] = {"lagrum", NULL, 0, 0},
    [P_KOMMUN] = {"kommunkod", NULL, 1, 0},
    [P_PLACE] = {"plats_typ", NULL, 0, 0},
    [P_INTERNET] = {"internetrelaterat", NULL, 0, 0},
    [P_COUNT] = {"antal_brott", NULL, 0, 0},
    [P_SEX] = {"malsagande_kon", "målsägande_kön", 0, 0},
    [P_AGE] = {"malsagande_aldersgrupp", "målsägande_åldersgrupp", 0, 0},
    [P_STATUS] = {"status", NULL, 0, 0},
};

/* Code lists: the canonical spelling first, then an ASCII one. */
static const struct kli_code places[] = {
    {"lägenhet", "lagenhet"}, {"hotell", NULL},        {"bil", NULL},
    {"utomhus", NULL},        {"massagesalong", NULL}, {"strippklubb", NULL},
    {"annan", NULL},          {"okänt", "okant"},      {NULL, NULL},
};
static const struct kli_code yesno[] = {
    {"ja", NULL},
    {"nej", NULL},
    {"okänt", "okant"},
    {NULL, NULL},
};
static const struct kli_code sexes[] = {
    {"flicka", NULL}, {"pojke", NULL},    {"kvinna", NULL}, {"man", NULL},
    {"annat", NULL},  {"okänt", "okant"}, {NULL, NULL},
};
static const struct kli_code ages[] = {
    {"0-14", NULL},     {"15-17", NULL}, {"18+", NULL},
    {"okänt", "okant"}, {NULL, NULL},
};
static const struct kli_code statuses[] = {
    {"förundersökning inledd", "forundersokning inledd"},
    {"förundersökning ej inledd", "forundersokning ej inledd"},
    {"nedlagd", NULL},
    {"åtal väckt", "atal vackt"},
    {"strafföreläggande", "strafforelaggande"},
    {"okänt", "okant"},
    {NULL, NULL},
};

struct pol {
	sqlite3_stmt *find, *hist, *del, *ins;
};

/* The canonical code for cell c, "okänt" when empty (if allowed). */
static int code_of(struct kli_feed *f, const struct kl_csv_record *rec, int c,
                   const struct kli_code *list, const char **out)
{
	unsigned long col;
	const char *s = kli_feed_cell(f, rec, c, &col);
	char q[64], all[400];
	size_t k = 0;
	int hit;

	*out = NULL;
	if (*s == '\0')
		return 0;
	hit = kli_code_find(list, s);
	if (hit >= 0) {
		*out = list[hit].code;
		return 0;
	}
	all[0] = '\0';
	for (int i = 0; list[i].code && k < sizeof(all); i++)
		k += (size_t)snprintf(all + k, sizeof(all) - k, "%s'%s'",
		                      i ? ", " : "", list[i].code);
	kli_feed_quote(s, q, sizeof(q));
	kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
	                 "expected one of %s, got '%s'", all, q);
	return -1;
}

static int dnr_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

static int begin(struct kli_feed *f)
{
	struct pol *d = kli_feed_state(f, sizeof(*d));
	if (!d)
		return 1;
	return kli_feed_prepare(f,
	                        "SELECT import_id, _line FROM police_cases "
	                        "WHERE diarienummer = ?1",
	                        &d->find) ||
	       kli_feed_prepare(
	           f,
	           "INSERT INTO police_case_history SELECT diarienummer, "
	           "import_id, _line, reported, crime_from, crime_to, "
	           "brottskod, offence_group, lagrum, kommunkod, place_type, "
	           "internet, count, victim_sex, victim_age, status, ?2 FROM "
	           "police_cases WHERE diarienummer = ?1",
	           &d->hist) ||
	       kli_feed_prepare(f,
	                        "DELETE FROM police_cases WHERE diarienummer "
	                        "= ?1",
	                        &d->del) ||
	       kli_feed_prepare(
	           f,
	           "INSERT INTO police_cases (diarienummer, import_id, _line, "
	           "reported, crime_from, crime_to, brottskod, offence_group, "
	           "lagrum, kommunkod, place_type, internet, count, "
	           "victim_sex, "
	           "victim_age, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	           "?8, "
	           "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	           &d->ins);
}

/* Problem for a date cell; returns -1, or 0 when it is valid or empty. */
static int date_cell(struct kli_feed *f, const struct kl_csv_record *rec, int c,
                     int required, int *year)
{
	unsigned long col;
	const char *s = kli_feed_cell(f, rec, c, &col);
	char q[64];

	if (*s == '\0' && !required)
		return 0;
	if (kli_parse_date(s, year))
		return 0;
	kli_feed_quote(s, q, sizeof(q));
	kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
	                 "expected a date as YYYY-MM-DD, got '%s'", q);
	return -1;
}

static int row(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct pol *d = f->state;
	unsigned long col, ccode;
	const char *place, *inet, *sex, *age, *status, *group;
	char q[64];
	int year = 0, y2 = 0, count = 1;
	unsigned long before = f->problems;

	const char *dnr = kli_feed_cell(f, rec, P_DNR, &col);
	if (!dnr_ok(dnr)) {
		kli_feed_quote(dnr, q, sizeof(q));
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "expected a diarienummer (letters, "
		                     "digits, '-' or '/', at most 40), got "
		                     "'%s'",
		                     q))
			return 1;
	}
	if (date_cell(f, rec, P_REPORTED, 1, &year) ||
	    date_cell(f, rec, P_FROM, 0, &y2) ||
	    date_cell(f, rec, P_TO, 0, &y2))
		return f->problems >= f->max_errors;
	const char *from = kli_feed_cell(f, rec, P_FROM, NULL);
	const char *to = kli_feed_cell(f, rec, P_TO, &col);
	if (*from && *to && strcmp(from, to) > 0) {
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "brottsdatum_till %s comes before "
		                     "brottsdatum_fran %s",
		                     to, from))
			return 1;
	}
	const char *code = kli_feed_cell(f, rec, P_CODE, &ccode);
	const struct kl_offence_code *oc = kl_codes_offence(f->codes, code);
	group = oc ? oc->group : NULL;
	if (!oc) {
		int four = strlen(code) == 4;
		for (int i = 0; four && i < 4; i++)
			four = code[i] >= '0' && code[i] <= '9';
		kli_feed_quote(code, q, sizeof(q));
		if (!four || !f->o->unknown_other) {
			if (kli_feed_problem(
			        f, KL_ERR_PARSE, rec->line, ccode,
			        four ? "unknown brottskod '%s' (kartlagg "
			               "knows the codes in kartlagg-feeds(5); "
			               "--unknown-codes other counts it as "
			               "ovrigt)"
			             : "expected a 4-digit Brå brottskod, got "
			               "'%s'",
			        q))
				return 1;
		} else {
			group = KL_OFFENCE_OTHER;
			if (!f->res->unknown_codes++)
				f->res->unknown_line = rec->line;
		}
	} else if ((oc->valid_from && year < oc->valid_from) ||
	           (oc->valid_to && year > oc->valid_to)) {
		if (!f->res->outside_validity++) {
			f->res->outside_line = rec->line;
			f->res->outside_year = year;
			snprintf(f->res->outside_code,
			         sizeof(f->res->outside_code), "%s", oc->code);
		}
	}
	const char *kommun = kli_feed_cell(f, rec, P_KOMMUN, &col);
	if (!kl_codes_kommun(f->codes, kommun)) {
		kli_feed_quote(kommun, q, sizeof(q));
		if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                     "expected the 4-digit code of one of the "
		                     "290 kommuner, got '%s'",
		                     q))
			return 1;
	}
	if (code_of(f, rec, P_PLACE, places, &place) ||
	    code_of(f, rec, P_INTERNET, yesno, &inet) ||
	    code_of(f, rec, P_SEX, sexes, &sex) ||
	    code_of(f, rec, P_AGE, ages, &age) ||
	    code_of(f, rec, P_STATUS, statuses, &status))
		return f->problems >= f->max_errors;
	const char *cs = kli_feed_cell(f, rec, P_COUNT, &col);
	if (*cs) {
		char *end;
		long v = strtol(cs, &end, 10);
		if (end == cs || *end || cs[0] < '0' || cs[0] > '9' || v < 1 ||
		    v > 100000) {
			kli_feed_quote(cs, q, sizeof(q));
			if (kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
			                     "expected a number of offences "
			                     "from 1 to 100000, got '%s'",
			                     q))
				return 1;
		}
		count = (int)v;
	}
	if (f->problems != before || f->problems)
		return f->problems >= f->max_errors;

	/* the case: new, updated, or twice in this file */
	sqlite3_bind_text(d->find, 1, dnr, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(d->find);
	long long old_import = 0, old_line = 0;
	if (rc == SQLITE_ROW) {
		old_import = sqlite3_column_int64(d->find, 0);
		old_line = sqlite3_column_int64(d->find, 1);
	}
	sqlite3_reset(d->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_feed_fail(f, rc, "cannot read the police cases");
	if (old_import == f->import_id) {
		kli_feed_cell(f, rec, P_DNR, &col);
		return kli_feed_problem(
		    f, KL_ERR_PARSE, rec->line, col,
		    "diarienummer '%s' appears again (first "
		    "on line %lld); an extract has one row "
		    "per case",
		    dnr, old_line);
	}
	if (old_import) {
		sqlite3_bind_text(d->hist, 1, dnr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(d->hist, 2, f->import_id);
		sqlite3_bind_text(d->del, 1, dnr, -1, SQLITE_TRANSIENT);
		if (kli_feed_step(f, d->hist, "cannot keep a case's history") ||
		    kli_feed_step(f, d->del, "cannot update a case"))
			return 1;
		f->res->updated++;
	}
	sqlite3_stmt *s = d->ins;
	sqlite3_bind_text(s, 1, dnr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, f->import_id);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)rec->line);
	sqlite3_bind_text(s, 4, kli_feed_cell(f, rec, P_REPORTED, NULL), -1,
	                  SQLITE_TRANSIENT);
	kli_bind_nonempty(s, 5, from);
	kli_bind_nonempty(s, 6, to);
	sqlite3_bind_text(s, 7, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, group, -1, SQLITE_TRANSIENT);
	kli_bind_nonempty(s, 9, kli_feed_cell(f, rec, P_LAW, NULL));
	sqlite3_bind_text(s, 10, kommun, -1, SQLITE_TRANSIENT);
	kli_bind_nonempty(s, 11, place);
	kli_bind_nonempty(s, 12, inet);
	sqlite3_bind_int(s, 13, count);
	kli_bind_nonempty(s, 14, sex);
	kli_bind_nonempty(s, 15, age);
	kli_bind_nonempty(s, 16, status);
	return kli_feed_step(f, s, "cannot store a case");
}

static void release(struct kli_feed *f)
{
	struct pol *d = f->state;
	if (d)
		kli_feed_drop_state(f, sizeof(*d), 4, d->find, d->hist, d->del,
		                    d->ins);
}

const struct kli_feed_ops kli_police_ops = {
    KL_FEED_POLICE, cols, P_NCOLS, 0, begin, row, NULL, release, NULL,
};
