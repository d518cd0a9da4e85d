/*
 * feed_bra.c - Brå's SOL download "Databasfil.txt" (kartlagg-feeds(5)):
 * Region;Brott;År;Period;Antal;/100 000 inv, ISO-8859-1, ';', data rows
 * ending in ';', '..' for "not applicable".
 *
 * Regions are names: "Hela landet" (riket, '00'), a län ("Västmanlands
 * län") or a kommun ("Västerås"); they are stored as codes.  An offence
 * is either a brottskod row ("0609 - Koppleri, inkl. grovt") or a named
 * brottstyp ("Köp av sexuell tjänst"); both are mapped to a stable offence
 * group.  A year row has År = "År" and the year in Period; a month row has
 * the year (possibly "2025 prel.") in År and the month in Period.  Rows
 * whose Antal is '..' are SOL's echo of parent nodes: checked for region
 * and period, then skipped.  A later download replaces the same region,
 * offence, year and month.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feeds_priv.h"

enum { B_REGION, B_OFFENCE, B_YEAR, B_PERIOD, B_COUNT, B_RATE, B_NCOLS };

static const struct kli_col cols[B_NCOLS] = {
    [B_REGION] = {"region", NULL, 1, 0},
    [B_OFFENCE] = {"brott", NULL, 1, 0},
    [B_YEAR] = {"år", "ar", 1, 0},
    [B_PERIOD] = {"period", NULL, 1, 0},
    [B_COUNT] = {"antal", NULL, 1, 0},
    [B_RATE] = {"/100 000 inv", "per 100 000 inv", 0, 0},
};

struct bra {
	sqlite3_stmt *find, *ins;
};

static int begin(struct kli_feed *f)
{
	struct bra *d = kli_feed_state(f, sizeof(*d));
	if (!d)
		return 1;
	return kli_feed_prepare(f,
	                        "SELECT _line FROM bra_sol WHERE region_code = "
	                        "?1 AND offence = ?2 AND year = ?3 AND month = "
	                        "?4 AND import_id = ?5",
	                        &d->find) ||
	       kli_feed_prepare(
	           f,
	           "INSERT INTO bra_sol (region_code, offence, brottskod, "
	           "offence_group, year, month, preliminary, count, rate, "
	           "import_id, _line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	           "?9, ?10, ?11) ON CONFLICT (region_code, offence, year, "
	           "month) DO UPDATE SET brottskod = excluded.brottskod, "
	           "offence_group = excluded.offence_group, preliminary = "
	           "excluded.preliminary, count = excluded.count, rate = "
	           "excluded.rate, import_id = excluded.import_id, _line = "
	           "excluded._line",
	           &d->ins);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Region name -> code into out (5 bytes); 0, or -1 when unknown. */
static int region_code(struct kli_feed *f, const char *s, char *out)
{
	const struct kl_kommun *k;
	const char *l;

	if (strcasecmp(s, "Hela landet") == 0 || strcasecmp(s, "Riket") == 0) {
		snprintf(out, 5, "%s", "00");
		return 0;
	}
	l = kl_codes_lan_by_name(f->codes, s);
	if (l) {
		snprintf(out, 5, "%s", l);
		return 0;
	}
	k = kl_codes_kommun_by_name(f->codes, s);
	if (k) {
		snprintf(out, 5, "%s", k->code);
		return 0;
	}
	return -1;
}

static int month_of(const char *s)
{
	static const char *const m[] = {"jan", "feb", "mar", "apr",
	                                "maj", "jun", "jul", "aug",
	                                "sep", "okt", "nov", "dec"};
	char low[16];
	kli_lower(s, low, sizeof(low));
	for (int i = 0; i < 12; i++)
		if (strcmp(low, m[i]) == 0)
			return i + 1;
	return 0;
}

/* "2025" or "2025 prel." -> year, preliminary flag; -1 when neither. */
static int year_of(const char *s, int *prel)
{
	size_t n = strlen(s);
	*prel = 0;
	if (n == 10 && strcmp(s + 4, " prel.") == 0)
		*prel = 1;
	else if (n != 4)
		return -1;
	if (!all_digits(s, 4))
		return -1;
	int y = atoi(s);
	return y >= 1950 && y <= 2100 ? y : -1;
}

/* A count: digits with optional blanks as thousands separators, or '-'
 * for zero as in Brå's tables.  -1 when malformed. */
static long long count_of(const char *s)
{
	long long v = 0;
	int nd = 0;
	if (strcmp(s, "-") == 0)
		return 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (*s < '0' || *s > '9' || nd > 12)
			return -1;
		v = v * 10 + (*s - '0');
		nd++;
	}
	return nd ? v : -1;
}

static int row(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct bra *d = f->state;
	unsigned long col, ccol;
	char q[64], reg[5], code[5] = "";
	const char *group = NULL;
	int year, month = 0, prel = 0, stop = 0;
	unsigned long before = f->problems;

	const char *rs = kli_feed_cell(f, rec, B_REGION, &col);
	if (region_code(f, rs, reg)) {
		kli_feed_quote(rs, q, sizeof(q));
		stop = kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                        "unknown region '%s' (expected 'Hela "
		                        "landet', a län or a kommun by name)",
		                        q);
		if (stop)
			return 1;
	}
	const char *ys = kli_feed_cell(f, rec, B_YEAR, &col);
	const char *ps = kli_feed_cell(f, rec, B_PERIOD, &ccol);
	char ylow[16];
	kli_lower(ys, ylow, sizeof(ylow));
	if (strcmp(ylow, "år") == 0 || strcmp(ylow, "ar") == 0) {
		year = year_of(ps, &prel);
		if (year < 0) {
			kli_feed_quote(ps, q, sizeof(q));
			return kli_feed_problem(f, KL_ERR_PARSE, rec->line,
			                        ccol,
			                        "expected a year such as 2024 "
			                        "or '2025 prel.', got '%s'",
			                        q);
		}
	} else {
		year = year_of(ys, &prel);
		if (year < 0) {
			kli_feed_quote(ys, q, sizeof(q));
			return kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
			                        "expected 'År', a year or a "
			                        "year with ' prel.', got '%s'",
			                        q);
		}
		month = month_of(ps);
		if (!month) {
			kli_feed_quote(ps, q, sizeof(q));
			return kli_feed_problem(f, KL_ERR_PARSE, rec->line,
			                        ccol,
			                        "expected a month (Jan, Feb, "
			                        "..., Dec), got '%s'",
			                        q);
		}
	}
	const char *cs = kli_feed_cell(f, rec, B_COUNT, &col);
	const char *rt = kli_feed_cell(f, rec, B_RATE, &ccol);
	if (strcmp(cs, "..") == 0) {
		if (f->problems == before)
			f->res->skipped++;
		return 0;
	}
	long long count = count_of(cs);
	if (count < 0) {
		kli_feed_quote(cs, q, sizeof(q));
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, col,
		                        "expected a number of offences or "
		                        "'..', got '%s'",
		                        q);
	}
	double rate = 0;
	int have_rate = 0;
	if (*rt && strcmp(rt, "..") != 0 && strcmp(rt, "-") != 0) {
		char buf[32], *end;
		snprintf(buf, sizeof(buf), "%s", rt);
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = '.';
		rate = strtod(buf, &end);
		if (end == buf || *end || rate < 0) {
			kli_feed_quote(rt, q, sizeof(q));
			return kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, ccol,
			    "expected a rate per 100 000 or "
			    "'..', got '%s'",
			    q);
		}
		have_rate = 1;
	} else if (strcmp(rt, "-") == 0) {
		have_rate = 1;
	}

	const char *os = kli_feed_cell(f, rec, B_OFFENCE, &col);
	size_t on = strlen(os);
	if (on >= 7 && all_digits(os, 4) && strncmp(os + 4, " - ", 3) == 0) {
		memcpy(code, os, 4);
		code[4] = '\0';
		const struct kl_offence_code *oc =
		    kl_codes_offence(f->codes, code);
		if (oc) {
			group = oc->group;
			if ((oc->valid_from && year < oc->valid_from) ||
			    (oc->valid_to && year > oc->valid_to)) {
				if (!f->res->outside_validity++) {
					f->res->outside_line = rec->line;
					f->res->outside_year = year;
					snprintf(f->res->outside_code,
					         sizeof(f->res->outside_code),
					         "%s", oc->code);
				}
			}
		}
	} else {
		const struct kl_offence_group *g =
		    kl_codes_group_by_name(f->codes, os);
		group = g ? g->id : NULL;
	}
	if (!group) {
		kli_feed_quote(os, q, sizeof(q));
		if (!f->o->unknown_other)
			return kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, col,
			    code[0] ? "unknown brottskod in '%s' (kartlagg "
			              "knows the codes in kartlagg-feeds(5); "
			              "--unknown-codes other counts it as "
			              "ovrigt)"
			            : "unknown offence '%s' (expected "
			              "'<brottskod> - <text>' or a brottstyp "
			              "named in kartlagg-feeds(5); "
			              "--unknown-codes other counts it as "
			              "ovrigt)",
			    q);
		group = KL_OFFENCE_OTHER;
		if (!f->res->unknown_codes++)
			f->res->unknown_line = rec->line;
	}
	if (f->problems)
		return f->problems >= f->max_errors;

	sqlite3_bind_text(d->find, 1, reg, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(d->find, 2, os, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(d->find, 3, year);
	sqlite3_bind_int(d->find, 4, month);
	sqlite3_bind_int64(d->find, 5, f->import_id);
	int rc = sqlite3_step(d->find);
	long long first =
	    rc == SQLITE_ROW ? sqlite3_column_int64(d->find, 0) : 0;
	sqlite3_reset(d->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_feed_fail(f, rc, "cannot read the Brå rows");
	if (first)
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, 0,
		                        "the same region, offence and period "
		                        "as line %lld",
		                        first);
	sqlite3_stmt *s = d->ins;
	sqlite3_bind_text(s, 1, reg, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, os, -1, SQLITE_TRANSIENT);
	if (code[0])
		sqlite3_bind_text(s, 3, code, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_text(s, 4, group, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 5, year);
	sqlite3_bind_int(s, 6, month);
	sqlite3_bind_int(s, 7, prel);
	sqlite3_bind_int64(s, 8, count);
	if (have_rate)
		sqlite3_bind_double(s, 9, rate);
	else
		sqlite3_bind_null(s, 9);
	sqlite3_bind_int64(s, 10, f->import_id);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)rec->line);
	return kli_feed_step(f, s, "cannot store a Brå row");
}

static void release(struct kli_feed *f)
{
	struct bra *d = f->state;
	if (d)
		kli_feed_drop_state(f, sizeof(*d), 2, d->find, d->ins);
}

const struct kli_feed_ops kli_bra_ops = {
    KL_FEED_BRA_SOL, cols, B_NCOLS, 1, begin, row, NULL, release, NULL,
};
