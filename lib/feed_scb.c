/*
 * feed_scb.c - SCB Statistikdatabasen exports of BE0101 population
 * (table BefolkningNy, content Folkmängd; kartlagg-feeds(5), SCB
 * POPULATION), stored in table population.
 *
 * The header names the variables in the stub (region, ålder, kön, and
 * år with one "Folkmängd" column) or has the years in the heading, one
 * column per year ("Folkmängd 2024" or "2024").  Region cells are a code
 * ("1980"), a code and its name ("1980 Västerås", "19 Västmanlands län",
 * "00 Riket") or a name alone; ages "15 år", "100+ år", "totalt ålder";
 * sex "män", "kvinnor", or a total ("män och kvinnor", "totalt"); SCB's
 * codes (ages "15", "100+", "tot"; sex 1, 2) are taken too.  Counts are
 * whole numbers; '..' (not available) is stored as NULL and '-' (nothing)
 * as 0, each with its symbol.
 *
 * A region code must be valid in the regional division of the year: SCB
 * gives the population at 31 December of year Y in the division of 1
 * January Y+1 (kl_region.h).  Each region, year, age and sex has one row:
 * twice in a file is an error, and a cell an earlier import stored is
 * refused unless opts->replace, which deletes the earlier row in the same
 * transaction.  Riket, län and kommun rows are kept as printed and never
 * summed into one another.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feeds_priv.h"
#include "kl_region.h"
#include "util_priv.h"

/*
 * A cell of a län that was merged into a current one (Kristianstads and
 * Malmöhus län into Skåne 1997, Göteborgs och Bohus, Älvsborgs and
 * Skaraborgs län into Västra Götaland 1998): summed over the old län of
 * the same year, age and sex and stored at the end under the current code,
 * once every part is there.
 */
struct merged {
	const char *code; /* the current län ("12", "14") */
	int year, age, age_plus;
	const char *sex;
	long long sum;
	int na;             /* a part was '..' */
	unsigned parts;     /* bit i: part i (merge_parts order) seen */
	unsigned long line; /* of the first part */
	unsigned long lines[8];
};

struct scb {
	int region_col, age_col, sex_col, year_col, value_col; /* or -1 */
	int *years;   /* per file column: its year, or 0 */
	size_t nyear; /* year columns in the heading */
	sqlite3_stmt *find, *del, *ins;
	struct merged *mg;
	size_t nmg, cmg;
};

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A year 1900-2100 of exactly four digits, or 0. */
static int year4(const char *s)
{
	if (strlen(s) != 4 || !digits(s, 4))
		return 0;
	int y = atoi(s);
	return y >= 1900 && y <= 2100 ? y : 0;
}

int kli_scb_year_column(const char *low)
{
	static const char pre[] = "folkmängd ";
	if (strncmp(low, pre, sizeof(pre) - 1) == 0)
		return year4(low + sizeof(pre) - 1);
	return year4(low);
}

static int set_col(struct kli_feed *f, const struct kl_csv_record *rec,
                   int *slot, size_t i, const char *name)
{
	if (*slot >= 0)
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, i + 1,
		                        "column '%s' appears twice (first in "
		                        "column %d)",
		                        name, *slot + 1);
	*slot = (int)i;
	return 0;
}

static int header(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct scb *d = kli_feed_state(f, sizeof(*d));
	char low[128], q[64];
	int stop = 0;

	if (!d)
		return 1;
	/* release() frees what is made here, also after a failure */
	d->years = calloc(rec->nfields, sizeof(*d->years));
	if (!d->years) {
		kli_oom(f->err);
		f->fatal = 1;
		return 1;
	}
	d->region_col = d->age_col = d->sex_col = d->year_col = d->value_col =
	    -1;
	for (size_t i = 0; i < rec->nfields && !stop; i++) {
		int y;
		kli_lower(rec->fields[i], low, sizeof(low));
		if (!strcmp(low, "region")) {
			stop = set_col(f, rec, &d->region_col, i, "region");
		} else if (!strcmp(low, "ålder") || !strcmp(low, "alder")) {
			stop = set_col(f, rec, &d->age_col, i, "ålder");
		} else if (!strcmp(low, "kön") || !strcmp(low, "kon")) {
			stop = set_col(f, rec, &d->sex_col, i, "kön");
		} else if (!strcmp(low, "år") || !strcmp(low, "ar") ||
		           !strcmp(low, "tid")) {
			stop = set_col(f, rec, &d->year_col, i, "år");
		} else if (!strcmp(low, "folkmängd") ||
		           !strcmp(low, "folkmangd")) {
			stop = set_col(f, rec, &d->value_col, i, "Folkmängd");
		} else if ((y = kli_scb_year_column(low)) != 0) {
			for (size_t j = 0; j < i; j++)
				if (d->years[j] == y) {
					stop = kli_feed_problem(
					    f, KL_ERR_PARSE, rec->line, i + 1,
					    "year %d appears twice (first in "
					    "column %zu)",
					    y, j + 1);
					break;
				}
			d->years[i] = y;
			d->nyear++;
		} else if (!strncmp(low, "civilst", 7)) {
			stop = kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, i + 1,
			    "expected civilstånd to be eliminated (choose "
			    "'totalt' for it in Statistikdatabasen): kartlagg "
			    "counts population by region, age, sex and year");
		} else if (kli_names_forbidden(low)) {
			stop = kli_feed_problem(
			    f, KL_ERR_PRIVACY, rec->line, i + 1,
			    "an SCB population export takes no direct "
			    "identifiers; remove the column");
		} else {
			kli_feed_quote(rec->fields[i], q, sizeof(q));
			stop = kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, i + 1,
			    "unknown column '%s' for an SCB population export "
			    "(expected region, ålder, kön, år and Folkmängd, "
			    "or one column per year such as 'Folkmängd 2024' "
			    "or '2024')",
			    q);
		}
	}
	if (stop || f->problems)
		return 1;
	if (d->region_col < 0)
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, 0,
		                        "the header lacks the column 'region' "
		                        "that an SCB population export needs");
	if (d->nyear && (d->year_col >= 0 || d->value_col >= 0))
		return kli_feed_problem(
		    f, KL_ERR_PARSE, rec->line,
		    (unsigned long)(d->year_col >= 0 ? d->year_col
		                                     : d->value_col) +
		        1,
		    "expected either year columns ('Folkmängd 2024', '2024') "
		    "or the columns 'år' and 'Folkmängd', not both");
	if (!d->nyear && (d->year_col < 0 || d->value_col < 0))
		return kli_feed_problem(
		    f, KL_ERR_PARSE, rec->line, 0,
		    "the header lacks the year: expected one column per year "
		    "('Folkmängd 2024' or '2024'), or the columns 'år' and "
		    "'Folkmängd'");
	return 0;
}

static int begin(struct kli_feed *f)
{
	struct scb *d = f->state;
	return kli_feed_prepare(
	           f,
	           "SELECT rowid, _import_id, _line FROM population WHERE "
	           "region = ?1 AND year = ?2 AND ifnull(age, -1) = ?3 AND "
	           "age_plus = ?4 AND ifnull(sex, '') = ?5",
	           &d->find) ||
	       kli_feed_prepare(f, "DELETE FROM population WHERE rowid = ?1",
	                        &d->del) ||
	       kli_feed_prepare(
	           f,
	           "INSERT INTO population (_import_id, _line, region, level, "
	           "year, age, age_plus, sex, count, symbol, merged_from) "
	           "VALUES "
	           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	           &d->ins);
}

/* The parts of one line that hold for each of its years. */
struct cell {
	char code[5];
	const char *name; /* the name the cell gave, or NULL */
	unsigned long region_col;
	int age; /* -1 = all ages */
	int age_plus;
	const char *sex; /* NULL = both */
};

/* Region cell -> code; 0, or a problem was reported. */
static int parse_region(struct kli_feed *f, const struct kl_csv_record *rec,
                        struct cell *c, int *stop)
{
	struct scb *d = f->state;
	const char *s = rec->fields[d->region_col];
	size_t n = 0;
	char q[64];

	c->region_col = (unsigned long)d->region_col + 1;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	if (n > 0 && (s[n] == '\0' || s[n] == ' ') && (n == 2 || n == 4)) {
		memcpy(c->code, s, n);
		c->code[n] = '\0';
		c->name = s[n] && s[n + 1] ? s + n + 1 : NULL;
		return 0;
	}
	if (n == 0 && *s) {
		/* a name alone: today's regions */
		const struct kl_kommun *k =
		    kl_codes_kommun_by_name(f->codes, s);
		const char *l = kl_codes_lan_by_name(f->codes, s);
		if (!strcasecmp(s, "riket") || !strcasecmp(s, "hela riket"))
			l = "00";
		if (k || l) {
			snprintf(c->code, sizeof(c->code), "%s",
			         k ? k->code : l);
			return 0;
		}
	}
	kli_feed_quote(s, q, sizeof(q));
	*stop = kli_feed_problem(f, KL_ERR_PARSE, rec->line, c->region_col,
	                         "expected a region code such as '00', '19' "
	                         "or '1980', with or without its name, got "
	                         "'%s'",
	                         q);
	return -1;
}

static int parse_age(const char *s, int *age, int *plus)
{
	char low[32];
	size_t n = 0;

	kli_lower(s, low, sizeof(low));
	*plus = 0;
	if (!strcmp(low, "totalt ålder") || !strcmp(low, "totalt") ||
	    !strcmp(low, "tot") || !strcmp(low, "samtliga åldrar") ||
	    !strcmp(low, "alla åldrar")) {
		*age = -1;
		return 0;
	}
	while (low[n] >= '0' && low[n] <= '9')
		n++;
	if (n == 0 || n > 3)
		return -1;
	*age = atoi(low);
	if (low[n] == '+') {
		*plus = 1;
		n++;
	}
	if (strcmp(low + n, "") != 0 && strcmp(low + n, " år") != 0)
		return -1;
	return *age <= 130 ? 0 : -1;
}

/* Sex cell -> "män", "kvinnor" or NULL for both; -1 when it is none. */
static int parse_sex(const char *s, const char **sex)
{
	char low[32];

	kli_lower(s, low, sizeof(low));
	*sex = NULL;
	if (!strcmp(low, "män") || !strcmp(low, "1")) {
		*sex = "män";
		return 0;
	}
	if (!strcmp(low, "kvinnor") || !strcmp(low, "2")) {
		*sex = "kvinnor";
		return 0;
	}
	if (!strcmp(low, "män och kvinnor") || !strcmp(low, "totalt") ||
	    !strcmp(low, "båda könen") || !strcmp(low, "totalt kön") ||
	    !strcmp(low, "1+2") || !strcmp(low, "tot"))
		return 0;
	return -1;
}

/*
 * A count cell: whole number (blanks, U+00A0 or U+202F may group the
 * digits), or an SCB symbol.  *count is -1 for '..' and '.'; *symbol the
 * symbol as printed or NULL.  -1 when malformed.
 */
static int parse_count(const char *s, long long *count, const char **symbol)
{
	long long v = 0;
	int nd = 0;

	*symbol = NULL;
	if (!strcmp(s, "..") || !strcmp(s, ".")) {
		*symbol = s;
		*count = -1;
		return 0;
	}
	if (!strcmp(s, "-") || !strcmp(s, "\xe2\x80\x93")) { /* - or – */
		*symbol = s;
		*count = 0;
		return 0;
	}
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			if (nd >= 10)
				return -1;
			v = v * 10 + (*s - '0');
			nd++;
			s++;
		} else if (nd && *s == ' ' && s[1]) {
			s++;
		} else if (nd && !strncmp(s, "\xc2\xa0", 2) && s[2]) {
			s += 2;
		} else if (nd && !strncmp(s, "\xe2\x80\xaf", 3) && s[3]) {
			s += 3;
		} else {
			return -1;
		}
	}
	if (!nd)
		return -1;
	*count = v;
	return 0;
}

/* Point to the code of that year: the older code this one took over
 * from, or the code that took over from this one. */
static void other_code(struct kli_feed *f, const char *code, int div, char *buf,
                       size_t n)
{
	size_t nr = kl_region_count(f->codes);
	const struct kl_region *any = kl_region_any(f->codes, code);

	buf[0] = '\0';
	for (size_t i = 0; i < nr; i++) {
		const struct kl_region *r = kl_region_at(f->codes, i);
		if (r->successor && !strcmp(r->successor, code) &&
		    kl_region_find(f->codes, r->code, div) == r) {
			snprintf(buf, n, "; that year the code was %s",
			         r->code);
			return;
		}
	}
	if (any && any->successor &&
	    kl_region_find(f->codes, any->successor, div))
		snprintf(buf, n, "; the code that took over is %s",
		         any->successor);
}

/* The region row of c valid for population year `year`; NULL after a
 * problem. */
static const struct kl_region *region_in(struct kli_feed *f,
                                         const struct kl_csv_record *rec,
                                         const struct cell *c, int year,
                                         int *stop)
{
	int div = kl_region_division_year(year);
	const struct kl_region *r = kl_region_find(f->codes, c->code, div);
	const struct kl_region *any;
	char hint[64];

	if (r)
		return r;
	any = kl_region_any(f->codes, c->code);
	if (!any) {
		*stop = kli_feed_problem(
		    f, KL_ERR_PARSE, rec->line, c->region_col,
		    "unknown region code '%s' (kartlagg knows riket '00', "
		    "the län and the kommuner listed in kartlagg-feeds(5), "
		    "REGIONS)",
		    c->code);
		return NULL;
	}
	other_code(f, c->code, div, hint, sizeof(hint));
	if (any->valid_from && div < any->valid_from)
		*stop = kli_feed_problem(
		    f, KL_ERR_PARSE, rec->line, c->region_col,
		    "region code %s (%s) is used from %d, so from population "
		    "year %d on (SCB counts 31 December in the division of 1 "
		    "January after), not in %d%s",
		    c->code, any->name, any->valid_from, any->valid_from - 1,
		    year, hint);
	else
		*stop =
		    kli_feed_problem(f, KL_ERR_PARSE, rec->line, c->region_col,
		                     "region code %s (%s) is used up to %d, so "
		                     "its last population "
		                     "year is %d, not %d%s",
		                     c->code, any->name, any->valid_to,
		                     any->valid_to - 1, year, hint);
	return NULL;
}

static int store_cell(struct kli_feed *f, unsigned long lineno,
                      const struct cell *c, const struct kl_region *r, int year,
                      long long count, const char *symbol,
                      const char *merged_from)
{
	struct scb *d = f->state;
	sqlite3_stmt *s = d->find;
	int rc;

	sqlite3_bind_text(s, 1, c->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int(s, 3, c->age);
	sqlite3_bind_int(s, 4, c->age_plus);
	sqlite3_bind_text(s, 5, c->sex ? c->sex : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	long long rowid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	long long imp = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	long long line = rc == SQLITE_ROW ? sqlite3_column_int64(s, 2) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_feed_fail(f, rc, "cannot read the population");
	if (rowid && imp == f->import_id)
		return kli_feed_problem(f, KL_ERR_PARSE, lineno, 0,
		                        "the same region, year %d, age and sex "
		                        "as line %lld",
		                        year, line);
	if (rowid && !f->o->replace)
		return kli_feed_problem(
		    f, KL_ERR_PARSE, lineno, 0,
		    "the population of region %s, year %d, this age and sex "
		    "is already in the store (import %lld, line %lld); "
		    "--replace supersedes the earlier rows",
		    c->code, year, imp, line);
	if (rowid) {
		sqlite3_bind_int64(d->del, 1, rowid);
		if (kli_feed_step(f, d->del, "cannot replace a population row"))
			return 1;
		f->res->replaced++;
	}
	s = d->ins;
	sqlite3_bind_int64(s, 1, f->import_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)lineno);
	sqlite3_bind_text(s, 3, c->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, kl_region_level_name(r->level), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int(s, 5, year);
	if (c->age < 0)
		sqlite3_bind_null(s, 6);
	else
		sqlite3_bind_int(s, 6, c->age);
	sqlite3_bind_int(s, 7, c->age_plus);
	kli_bind_text(s, 8, c->sex);
	if (count < 0)
		sqlite3_bind_null(s, 9);
	else
		sqlite3_bind_int64(s, 9, count);
	kli_bind_text(s, 10, symbol);
	kli_bind_text(s, 11, merged_from);
	if (kli_feed_step(f, s, "cannot store a population row"))
		return 1;
	f->res->cells++;
	f->res->level_cells[r->level]++;
	if (merged_from)
		f->res->merged_cells++;
	if (count < 0)
		f->res->missing_cells++;
	if (!f->res->year_min || year < f->res->year_min)
		f->res->year_min = year;
	if (year > f->res->year_max)
		f->res->year_max = year;
	return 0;
}

/*
 * Part i of the merged län `code` ("12": 11 Kristianstads, 12 Malmöhus;
 * "14": 14 Göteborgs och Bohus, 15 Älvsborgs, 16 Skaraborgs), in table
 * order, or NULL after the last.
 */
static const struct kl_region *merge_part(struct kli_feed *f, const char *code,
                                          unsigned i)
{
	size_t nr = kl_region_count(f->codes);
	unsigned k = 0;
	for (size_t j = 0; j < nr; j++) {
		const struct kl_region *r = kl_region_at(f->codes, j);
		if (r->level == KL_LEVEL_LAN && r->valid_to && r->successor &&
		    !strcmp(r->successor, code) && k++ == i)
			return r;
	}
	return NULL;
}

/* Is r a län that SCB's later divisions merged into another? */
static int is_merged_lan(const struct kl_region *r)
{
	return r && r->level == KL_LEVEL_LAN && r->valid_to && r->successor;
}

/* The row of `code` whose name is `name` (any years), or NULL. */
static const struct kl_region *named_row(struct kli_feed *f, const char *code,
                                         const char *name)
{
	size_t nr = kl_region_count(f->codes);
	for (size_t j = 0; name && j < nr; j++) {
		const struct kl_region *r = kl_region_at(f->codes, j);
		if (!strcmp(r->code, code) && !strcasecmp(r->name, name))
			return r;
	}
	return NULL;
}

/* Add a cell of merged län r to its current län's sum. */
static int merge_add(struct kli_feed *f, const struct kl_csv_record *rec,
                     const struct cell *c, const struct kl_region *r, int year,
                     long long count)
{
	struct scb *d = f->state;
	struct merged *m = NULL;
	unsigned bit = 0;

	/* r is one of the parts of its successor (schemas/regioner.csv,
	 * checked by test_region), at most 8 of them (merged.lines) */
	for (unsigned i = 0;; i++) {
		const struct kl_region *p = merge_part(f, r->successor, i);
		assert(p && i < 8);
		if (p == r) {
			bit = i;
			break;
		}
	}
	for (size_t k = 0; k < d->nmg; k++) {
		struct merged *x = &d->mg[k];
		if (!strcmp(x->code, r->successor) && x->year == year &&
		    x->age == c->age && x->age_plus == c->age_plus &&
		    (x->sex == c->sex ||
		     (x->sex && c->sex && !strcmp(x->sex, c->sex)))) {
			m = x;
			break;
		}
	}
	if (m && (m->parts & 1u << bit))
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, 0,
		                        "the same region, year %d, age and sex "
		                        "as line %lu",
		                        year, m->lines[bit]);
	if (!m) {
		if (kli_grow((void **)&d->mg, &d->cmg, d->nmg,
		             sizeof(*d->mg))) {
			kli_oom(f->err);
			f->fatal = 1;
			return 1;
		}
		m = &d->mg[d->nmg++];
		memset(m, 0, sizeof(*m));
		m->code = r->successor;
		m->year = year;
		m->age = c->age;
		m->age_plus = c->age_plus;
		m->sex = c->sex;
		m->line = rec->line;
	}
	m->parts |= 1u << bit;
	m->lines[bit] = rec->line;
	if (count < 0)
		m->na = 1;
	else
		m->sum += count;
	return 0;
}

/* Store the summed cells of the merged län; a cell lacking a part of its
 * year is a problem (the current län cannot be formed from the file). */
static int merge_flush(struct kli_feed *f)
{
	struct scb *d = f->state;

	for (size_t k = 0; k < d->nmg; k++) {
		struct merged *m = &d->mg[k];
		int div = kl_region_division_year(m->year);
		const struct kl_region *cur =
		    kl_region_find(f->codes, m->code, 0);
		char from[32] = "", lack[128] = "";
		size_t nf = 0, nl = 0;
		for (unsigned i = 0;; i++) {
			const struct kl_region *p = merge_part(f, m->code, i);
			if (!p)
				break;
			if (kl_region_find(f->codes, p->code, div) != p)
				continue; /* not a län that year */
			if (m->parts & 1u << i) {
				int w =
				    snprintf(from + nf, sizeof(from) - nf,
				             "%s%s", nf ? "," : "", p->code);
				if (w > 0 && (size_t)w < sizeof(from) - nf)
					nf += (size_t)w;
			} else {
				int w = snprintf(lack + nl, sizeof(lack) - nl,
				                 "%s%s %s", nl ? ", " : "",
				                 p->code, p->name);
				if (w > 0 && (size_t)w < sizeof(lack) - nl)
					nl += (size_t)w;
			}
		}
		assert(cur); /* the successor of a merged län is current */
		if (nl) {
			if (kli_feed_problem(
			        f, KL_ERR_PARSE, m->line, d->region_col + 1,
			        "population year %d: %s (%s) before the merger "
			        "is the sum of its former län, and the file "
			        "lacks %s for this age and sex "
			        "(kartlagg-feeds(5), "
			        "REGIONS)",
			        m->year, cur->name, m->code, lack))
				return 1;
			continue;
		}
		if (f->problems)
			continue;
		struct cell c = {0};
		snprintf(c.code, sizeof(c.code), "%s", m->code);
		c.age = m->age;
		c.age_plus = m->age_plus;
		c.sex = m->sex;
		if (store_cell(f, m->line, &c, cur, m->year,
		               m->na ? -1 : m->sum, m->na ? ".." : NULL, from))
			return 1;
	}
	return 0;
}

/* A problem for cell i of rec, which is not `what`: "expected <what>, got
 * '<cell>'".  Nonzero when reading must stop. */
static int bad_cell(struct kli_feed *f, const struct kl_csv_record *rec,
                    size_t i, const char *what)
{
	char q[64];
	kli_feed_quote(rec->fields[i], q, sizeof(q));
	return kli_feed_problem(f, KL_ERR_PARSE, rec->line, i + 1,
	                        "expected %s, got '%s'", what, q);
}

static int row(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct scb *d = f->state;
	struct cell c = {0};
	unsigned long before = f->problems;
	int stop = 0;

	if (parse_region(f, rec, &c, &stop) && stop)
		return 1;
	c.age = -1;
	if (d->age_col >= 0 &&
	    parse_age(rec->fields[d->age_col], &c.age, &c.age_plus)) {
		if (bad_cell(f, rec, (size_t)d->age_col,
		             "an age such as '15 år', '100+ år' or 'totalt "
		             "ålder'"))
			return 1;
	}
	if (d->sex_col >= 0 && parse_sex(rec->fields[d->sex_col], &c.sex)) {
		if (bad_cell(f, rec, (size_t)d->sex_col,
		             "'män', 'kvinnor' or a total such as 'män och "
		             "kvinnor'"))
			return 1;
	}
	int stub_year = 0;
	if (d->year_col >= 0) {
		stub_year = year4(rec->fields[d->year_col]);
		if (!stub_year && bad_cell(f, rec, (size_t)d->year_col,
		                           "a year such as 2024"))
			return 1;
	}
	if (f->problems != before)
		return 0;
	/* one cell per year column, or the one Folkmängd cell */
	for (size_t i = 0; i < f->nfile; i++) {
		int year = d->year_col >= 0
		               ? (int)i == d->value_col ? stub_year : 0
		               : d->years[i];
		long long count;
		const char *symbol;
		if (!year)
			continue;
		if (parse_count(rec->fields[i], &count, &symbol)) {
			if (bad_cell(f, rec, i,
			             "a number of inhabitants or an SCB symbol "
			             "('..' not available, '-' none)"))
				return 1;
			continue;
		}
		int div = kl_region_division_year(year);
		const struct kl_region *r =
		    kl_region_find(f->codes, c.code, div);
		const struct kl_region *nr = named_row(f, c.code, c.name);
		/* a long series prints '..' where a merged län, or the län
		 * formed of it, did not exist: nothing to store */
		if (count < 0 && (!r || (nr && nr != r)) &&
		    (is_merged_lan(nr) || is_merged_lan(r) ||
		     is_merged_lan(kl_region_any(f->codes, c.code)) ||
		     (nr && nr->valid_from && nr->level == KL_LEVEL_LAN))) {
			f->res->merged_skipped++;
			continue;
		}
		if (r && nr && nr != r && nr->level == KL_LEVEL_LAN &&
		    (nr->valid_from || nr->valid_to)) {
			/* "12 Skåne län" in 1995, "12 Malmöhus län" in 1997 */
			if (kli_feed_problem(
			        f, KL_ERR_PARSE, rec->line, c.region_col,
			        "region %s %s is not a län in population year "
			        "%d (that year %s is %s; kartlagg-feeds(5), "
			        "REGIONS)",
			        c.code, nr->name, year, c.code, r->name))
				return 1;
			break;
		}
		r = region_in(f, rec, &c, year, &stop);
		if (!r) {
			if (stop)
				return 1;
			break; /* one problem for the region is enough */
		}
		if (c.name && strcasecmp(c.name, r->name) != 0 &&
		    !f->res->name_mismatch++)
			f->res->name_line = rec->line;
		if (is_merged_lan(r)) {
			if (merge_add(f, rec, &c, r, year, count))
				return 1;
			continue;
		}
		if (f->problems)
			continue; /* check the rest; store nothing */
		if (store_cell(f, rec->line, &c, r, year, count, symbol, NULL))
			return 1;
	}
	return f->fatal;
}

static int end(struct kli_feed *f)
{
	sqlite3_stmt *s;

	if (merge_flush(f) || f->problems)
		return 1;

	/* an earlier import none of whose rows is left is superseded */
	if (kli_feed_prepare(
	        f,
	        "UPDATE imports SET superseded_by = ?1 WHERE kind = "
	        "'scb-population' AND id <> ?1 AND superseded_by IS NULL AND "
	        "NOT EXISTS (SELECT 1 FROM population WHERE _import_id = "
	        "imports.id)",
	        &s))
		return 1;
	sqlite3_bind_int64(s, 1, f->import_id);
	int rc = kli_feed_step(f, s, "cannot record the replaced imports");
	sqlite3_finalize(s);
	if (rc)
		return 1;
	if (kli_feed_prepare(f,
	                     "UPDATE imports SET target = 'population' "
	                     "WHERE id = ?1",
	                     &s))
		return 1;
	sqlite3_bind_int64(s, 1, f->import_id);
	rc = kli_feed_step(f, s, "cannot record the import");
	sqlite3_finalize(s);
	return rc;
}

static void release(struct kli_feed *f)
{
	struct scb *d = f->state;
	if (!d)
		return;
	free(d->mg);
	free(d->years);
	kli_feed_drop_state(f, sizeof(*d), 3, d->find, d->del, d->ins);
}

const struct kli_feed_ops kli_scb_ops = {
    KL_FEED_SCB_POPULATION, NULL, 0, 0, begin, row, end, release, header,
};
