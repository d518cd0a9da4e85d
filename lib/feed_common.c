/*
 * feed_common.c - reading a feed: header, privacy checks, problems,
 * provenance, and kl_import_feed() itself (kl_feeds.h).
 *
 * Every feed is read through kl_csv.  The header is matched against the
 * feed's columns (unknown, duplicate and missing columns are problems, a
 * column that names suspects or a direct identifier is refused), then each
 * data row is checked for a personnummer in any cell outside the
 * identifying columns before the feed's own parser sees it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <sodium.h>

#include "feeds_priv.h"
#include "import_priv.h"
#include "kl_pnr.h"
#include "kl_version.h"

const char *kl_feed_name(enum kl_feed_kind k)
{
	switch (k) {
	case KL_FEED_POLICE:
		return "police";
	case KL_FEED_BRA_SOL:
		return "bra-sol";
	case KL_FEED_INDIVIDUALS:
		return "individuals";
	case KL_FEED_SCB_POPULATION:
		return "scb-population";
	case KL_FEED_UNKNOWN:
		break;
	}
	return NULL;
}

enum kl_feed_kind kl_feed_parse_name(const char *s)
{
	if (strcmp(s, "police") == 0)
		return KL_FEED_POLICE;
	if (strcmp(s, "bra-sol") == 0)
		return KL_FEED_BRA_SOL;
	if (strcmp(s, "individuals") == 0)
		return KL_FEED_INDIVIDUALS;
	if (strcmp(s, "scb-population") == 0)
		return KL_FEED_SCB_POPULATION;
	return KL_FEED_UNKNOWN;
}

void kli_lower(const char *s, char *buf, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && k + 1 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		/* UTF-8 capitals À..Þ (C3 80..C3 9E) -> à..þ */
		if (k > 0 && (unsigned char)buf[k - 1] == 0xc3 && c >= 0x80 &&
		    c <= 0x9e && c != 0x97)
			c = (unsigned char)(c + 0x20);
		buf[k++] = (char)c;
	}
	while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t'))
		k--;
	buf[k] = '\0';
}

int kli_code_find(const struct kli_code *list, const char *s)
{
	char low[64];
	kli_lower(s, low, sizeof(low));
	for (int i = 0; list[i].code; i++)
		if (strcmp(low, list[i].code) == 0 ||
		    (list[i].alias && strcmp(low, list[i].alias) == 0))
			return i;
	return -1;
}

static int header_is(const char *const *fields, size_t n, const char *name)
{
	char b[64];
	for (size_t i = 0; i < n; i++) {
		kli_lower(fields[i], b, sizeof(b));
		if (strcmp(b, name) == 0)
			return 1;
	}
	return 0;
}

enum kl_feed_kind kl_feed_detect(const char *const *fields, size_t n)
{
	if (header_is(fields, n, "diarienummer"))
		return KL_FEED_POLICE;
	if (header_is(fields, n, "region") && header_is(fields, n, "brott") &&
	    header_is(fields, n, "år") && header_is(fields, n, "antal"))
		return KL_FEED_BRA_SOL;
	if (header_is(fields, n, "organisation") &&
	    header_is(fields, n, "roll"))
		return KL_FEED_INDIVIDUALS;
	if (header_is(fields, n, "region")) {
		char b[64];
		for (size_t i = 0; i < n; i++) {
			kli_lower(fields[i], b, sizeof(b));
			if (kli_scb_year_column(b) || !strcmp(b, "folkmängd"))
				return KL_FEED_SCB_POPULATION;
		}
	}
	return KL_FEED_UNKNOWN;
}

struct detect_ctx {
	enum kl_feed_kind kind;
};

/* SCB's "med rubrik" puts title lines before the header. */
#define MAX_TITLE_LINES 5

static int detect_record(void *ctx, const struct kl_csv_record *rec,
                         struct kl_error *err)
{
	struct detect_ctx *d = ctx;
	enum kl_feed_kind k = kl_feed_detect(rec->fields, rec->nfields);
	(void)err;
	/* the header is all we need; only an SCB one may follow titles */
	if (rec->index == 0 || k == KL_FEED_SCB_POPULATION)
		d->kind = k;
	if (d->kind != KL_FEED_UNKNOWN || rec->index + 1 >= MAX_TITLE_LINES)
		return -1;
	return 0;
}

int kl_feed_detect_file(const char *path, const char *encoding, int delimiter,
                        enum kl_feed_kind *kind, struct kl_error *err)
{
	struct kl_csv_opts co = {0};
	struct kl_csv *c = NULL;
	struct detect_ctx d = {KL_FEED_UNKNOWN};
	int rc;

	*kind = KL_FEED_UNKNOWN;
	if (kli_px_path(path)) {
		*kind = KL_FEED_SCB_POPULATION; /* PC-Axis: SCB's own */
		return KL_OK;
	}
	co.encoding = encoding;
	co.delimiter = delimiter;
	co.head_only = 1;   /* the header is all it needs */
	co.blank_lines = 1; /* past an SCB title and blank lines */
	rc = kl_csv_open(&c, path, &co, err);
	if (rc)
		return rc;
	rc = kl_csv_read(c, detect_record, &d, err);
	kl_csv_close(c);
	if (rc != -1 && rc != KL_OK)
		return rc;
	kl_error_clear(err);
	*kind = d.kind;
	return KL_OK;
}

void *kli_feed_state(struct kli_feed *f, size_t size)
{
	f->state = calloc(1, size);
	if (!f->state) {
		kli_oom(f->err);
		f->fatal = 1;
	}
	return f->state;
}

int kli_feed_problem(struct kli_feed *f, enum kl_status s, unsigned long line,
                     unsigned long col, const char *fmt, ...)
{
	struct kl_error e;
	va_list ap;

	kl_error_clear(&e);
	e.status = s;
	snprintf(e.path, sizeof(e.path), "%s", f->path);
	e.line = line;
	e.column = col;
	if (col && col <= f->nfile && f->headers)
		snprintf(e.field, sizeof(e.field), "%s", f->headers[col - 1]);
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	if (f->problems == 0)
		f->first = e;
	f->problems++;
	if (f->o->problem)
		f->o->problem(f->o->ctx, &e);
	return f->problems >= f->max_errors;
}

int kli_feed_fail(struct kli_feed *f, int rc, const char *what)
{
	kli_store_fail(f->st, rc, f->err, what);
	f->fatal = 1;
	return 1;
}

const char *kli_feed_cell(const struct kli_feed *f,
                          const struct kl_csv_record *rec, int c,
                          unsigned long *col)
{
	int i = f->colmap[c];
	if (i < 0 || (size_t)i >= rec->nfields) {
		if (col)
			*col = 0;
		return "";
	}
	if (col)
		*col = (unsigned long)i + 1;
	return rec->fields[i];
}

void kli_feed_quote(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s);
	if (len + 1 <= n && len <= 40) {
		memcpy(buf, s, len + 1);
		return;
	}
	size_t k = len < 40 ? len : 40;
	if (k + 4 > n)
		k = n > 4 ? n - 4 : 0;
	/* do not cut a UTF-8 sequence */
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	memcpy(buf, s, k);
	memcpy(buf + k, "...", 4);
}

void kli_feed_shape(const char *s, char *buf, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return;
	for (; *s && k + 1 < n && k < 24; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= '0' && c <= '9')
			buf[k++] = '#';
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			buf[k++] = 'x';
		else if (c < 0x80 && c >= 0x20)
			buf[k++] = (char)c;
		else if ((c & 0xc0) != 0x80)
			buf[k++] = '?';
	}
	buf[k] = '\0';
}

int kli_parse_date(const char *s, int *year)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 &&
	    !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	if (year)
		*year = y;
	return 1;
}

int kli_feed_prepare(struct kli_feed *f, const char *sql, sqlite3_stmt **s)
{
	if (kli_store_prepare(f->st, sql, s, f->err)) {
		f->fatal = 1;
		return 1;
	}
	return 0;
}

void kli_feed_drop_state(struct kli_feed *f, size_t size, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		sqlite3_finalize(va_arg(ap, sqlite3_stmt *));
	va_end(ap);
	if (f->state)
		sodium_memzero(f->state, size);
	free(f->state);
	f->state = NULL;
}

int kli_feed_step(struct kli_feed *f, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kli_feed_fail(f, rc, what);
	return 0;
}

int kli_feed_insert_import(struct kli_feed *f, const char *kind)
{
	const struct kl_csv_info *in = &f->res->info;
	struct kli_import_row r = {kind,       in->name,     in->size,
	                           in->sha256, in->encoding, in->delimiter_name,
	                           0,          NULL};
	return kli_import_insert(f->st, &r, &f->import_id, f->err);
}

int kli_feed_finish_import(struct kli_feed *f)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(
	    f->st, "UPDATE imports SET rows = ?1 WHERE id = ?2", &s, f->err);
	if (rc)
		return rc;
	/* rows stored: Brå's '..' rows are read but not stored; an SCB
	 * line holds a cell per year */
	sqlite3_bind_int64(
	    s, 1,
	    f->res->kind == KL_FEED_SCB_POPULATION
	        ? (sqlite3_int64)f->res->cells
	        : (sqlite3_int64)(f->res->rows - f->res->skipped));
	sqlite3_bind_int64(s, 2, f->import_id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(f->st, rc, f->err,
		                      "cannot record the import");
	return KL_OK;
}

/* Column names that mean data kartlagg must never take in. */
static int names_suspect(const char *low)
{
	static const char *const bad[] = {
	    "misstänkt", "misstankt", "gärningsperson", "garningsperson",
	    "suspect",   "gm_",       "lagförd"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(low, bad[i]))
			return 1;
	return 0;
}

static int names_identifier(const char *low)
{
	static const char *const bad[] = {
	    "personnummer", "personnr",    "pnr",      "samordningsnummer",
	    "namn",         "name",        "adress",   "address",
	    "telefon",      "e-post",      "email",    "gata",
	    "latitud",      "longitud",    "latitude", "longitude",
	    "koordinat",    "reservnummer"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(low, bad[i]))
			return 1;
	return 0;
}

int kli_names_forbidden(const char *low)
{
	if (names_suspect(low))
		return 2;
	return names_identifier(low) ? 1 : 0;
}

static int take_header(struct kli_feed *f, const struct kl_csv_record *rec)
{
	const struct kli_feed_ops *ops = f->ops;
	char low[128];
	int stop = 0, pnr_found = 0;

	f->nfile = rec->nfields;
	f->headers = calloc(rec->nfields, sizeof(*f->headers));
	f->filecol = calloc(rec->nfields, sizeof(*f->filecol));
	f->nine_ok = calloc(rec->nfields + 1, 1);
	if (!f->headers || !f->filecol || !f->nine_ok) {
		kli_oom(f->err);
		f->fatal = 1;
		return 1;
	}
	for (const char *p = f->o->nine_digit_codes; p && *p;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p), i;
		for (i = 0; i < rec->nfields; i++)
			if (rec->lens[i] == n &&
			    !strncasecmp(rec->fields[i], p, n))
				break;
		if (i == rec->nfields) {
			kl_error_set(
			    f->err, KL_ERR_USAGE,
			    "--nine-digit-codes names '%.*s', which is "
			    "not a column of the file",
			    (int)n, p);
			f->fatal = 1;
			return 1;
		}
		f->nine_ok[i] = 1;
		p += n;
		if (*p == ',')
			p++;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		struct kl_pnr p;
		char mask[24];
		/* never keep (or echo) a personnummer from a header cell */
		if (kl_pnr_find(rec->fields[i], rec->lens[i], &p) !=
		    KL_PNR_NONE) {
			kl_pnr_mask(rec->fields[i], &p, mask, sizeof(mask));
			sodium_memzero(&p, sizeof(p));
			pnr_found = 1;
			f->headers[i] = strdup(mask);
			if (f->headers[i])
				stop = kli_feed_problem(
				    f, KL_ERR_PRIVACY, rec->line, i + 1,
				    "expected a column name, found a "
				    "personnummer; is the header line "
				    "missing?");
			if (stop)
				return 1;
		} else {
			f->headers[i] = strdup(rec->fields[i]);
		}
		if (!f->headers[i]) {
			kli_oom(f->err);
			f->fatal = 1;
			return 1;
		}
	}
	/* a personnummer in the header: the header line is missing and the
	 * other cells are data, which the column checks below would quote */
	if (pnr_found)
		return 1;
	for (size_t c = 0; c < ops->ncols; c++)
		f->colmap[c] = -1;
	/* no cell names a column of the feed: the header line is missing,
	 * or the file is another feed; say so without quoting the cells */
	if (!ops->header) {
		size_t known = 0;
		for (size_t i = 0; i < rec->nfields; i++) {
			kli_lower(rec->fields[i], low, sizeof(low));
			for (size_t c = 0; c < ops->ncols; c++)
				if (strcmp(low, ops->cols[c].name) == 0 ||
				    (ops->cols[c].alias &&
				     strcmp(low, ops->cols[c].alias) == 0))
					known++;
		}
		if (known == 0) {
			kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, 0,
			    "none of the %zu cells of the first line names a "
			    "column of feed '%s' (kartlagg-feeds(5)); is the "
			    "header line missing?",
			    rec->nfields, kl_feed_name(ops->kind));
			return 1;
		}
	}
	if (ops->header) {
		for (size_t i = 0; i < rec->nfields; i++)
			f->filecol[i] = -1;
		if (!stop)
			stop = ops->header(f, rec);
		if (f->problems || f->fatal)
			return 1;
		if (!stop && ops->begin)
			stop = ops->begin(f);
		return stop;
	}
	for (size_t i = 0; i < rec->nfields && !stop; i++) {
		int found = -1;
		f->filecol[i] = -1;
		if (kl_pnr_find(rec->fields[i], rec->lens[i], NULL) !=
		    KL_PNR_NONE)
			continue; /* reported above */
		kli_lower(rec->fields[i], low, sizeof(low));
		for (size_t c = 0; c < ops->ncols; c++)
			if (strcmp(low, ops->cols[c].name) == 0 ||
			    (ops->cols[c].alias &&
			     strcmp(low, ops->cols[c].alias) == 0))
				found = (int)c;
		if (found >= 0 && f->colmap[found] >= 0) {
			stop = kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, i + 1,
			    "column '%s' appears twice (first in column %d)",
			    ops->cols[found].name, f->colmap[found] + 1);
			continue;
		}
		if (found >= 0) {
			f->colmap[found] = (int)i;
			f->filecol[i] = found;
			continue;
		}
		if (names_suspect(low)) {
			stop = kli_feed_problem(
			    f, KL_ERR_PRIVACY, rec->line, i + 1,
			    "kartlagg never takes data on suspects; remove "
			    "the column before importing%s",
			    "");
			continue;
		}
		if (names_identifier(low)) {
			stop = kli_feed_problem(
			    f, KL_ERR_PRIVACY, rec->line, i + 1,
			    "feed '%s' takes no direct identifiers; remove "
			    "the column%s",
			    kl_feed_name(ops->kind),
			    ops->kind == KL_FEED_INDIVIDUALS
			        ? ", or name it personnummer to have it "
			          "pseudonymised"
			        : "");
			continue;
		}
		char q[64];
		kli_feed_quote(rec->fields[i], q, sizeof(q));
		stop =
		    kli_feed_problem(f, KL_ERR_PARSE, rec->line, i + 1,
		                     "unknown column '%s' for feed '%s' (see "
		                     "kartlagg-feeds(5))",
		                     q, kl_feed_name(ops->kind));
	}
	for (size_t c = 0; c < ops->ncols && !stop; c++)
		if (ops->cols[c].required && f->colmap[c] < 0)
			stop = kli_feed_problem(f, KL_ERR_PARSE, rec->line, 0,
			                        "the header lacks the column "
			                        "'%s' that feed '%s' needs",
			                        ops->cols[c].name,
			                        kl_feed_name(ops->kind));
	/* a broken header makes every row a problem: stop here */
	if (f->problems)
		return 1;
	if (ops->begin)
		stop = ops->begin(f);
	return stop;
}

/* Refuse a row with a personnummer in a cell that is not identifying. */
static int privacy_check(struct kli_feed *f, const struct kl_csv_record *rec)
{
	struct kl_pnr p;
	char mask[24];
	int found = 0;

	for (size_t i = 0; i < rec->nfields && i < f->nfile; i++) {
		int c = f->filecol[i];
		if (c >= 0 && f->ops->cols[c].identifying)
			continue;
		if (kl_pnr_scan(rec->fields[i], rec->lens[i],
		                f->nine_ok[i] ? KL_PNR_NO_NINE : 0,
		                &p) == KL_PNR_NONE)
			continue;
		kl_pnr_mask(rec->fields[i], &p, mask, sizeof(mask));
		sodium_memzero(&p, sizeof(p));
		found = 1;
		if (kli_feed_problem(
		        f, KL_ERR_PRIVACY, rec->line, i + 1,
		        "expected no direct identifier, found a %s (%s); "
		        "remove it, or put it in a personnummer column of an "
		        "individuals feed to have it pseudonymised",
		        p.kind == KL_PNR_SAMORDNINGSNUMMER ? "samordningsnummer"
		                                           : "personnummer",
		        mask))
			return -1;
	}
	return found;
}

static int on_record(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct kli_feed *f = ctx;
	(void)err;

	if (!f->header_seen) {
		/* SCB "med rubrik": title lines before the header */
		if (f->ops->kind == KL_FEED_SCB_POPULATION &&
		    rec->index + 1 < MAX_TITLE_LINES &&
		    kl_feed_detect(rec->fields, rec->nfields) !=
		        KL_FEED_SCB_POPULATION)
			return 0;
		f->header_seen = 1;
		return take_header(f, rec) ? 1 : 0;
	}
	if (f->ops->kind == KL_FEED_SCB_POPULATION &&
	    (rec->blank_before || f->footnote)) {
		/* SCB "fotnoter": after a blank line, one text a line */
		size_t filled = 0;
		if (!f->footnote)
			f->footnote = rec->line;
		for (size_t i = 0; i < rec->nfields; i++)
			filled += rec->lens[i] > 0;
		if (privacy_check(f, rec) < 0)
			return 1;
		if (filled > 1 && rec->nfields == f->nfile)
			return kli_feed_problem(
			    f, KL_ERR_PARSE, rec->line, 0,
			    "expected a footnote (one text a line) after the "
			    "blank line that ends the data (line %lu on), "
			    "found a row of %zu fields",
			    f->footnote, filled);
		return 0;
	}
	size_t n = rec->nfields;
	if (f->ops->trailing_field && n == f->nfile + 1 &&
	    rec->lens[n - 1] == 0)
		n--;
	if (n != f->nfile)
		return kli_feed_problem(f, KL_ERR_PARSE, rec->line, 0,
		                        "expected %zu fields like the header, "
		                        "found %zu",
		                        f->nfile, rec->nfields);
	int pc = privacy_check(f, rec);
	if (pc < 0)
		return 1;
	if (pc > 0)
		return 0;
	f->res->rows++;
	if (f->ops->row(f, rec))
		return 1;
	return f->fatal;
}

int kli_feed_read(struct kli_feed *f, struct kl_csv *c)
{
	int rc = kl_csv_read(c, on_record, f, f->err);

	if (f->fatal)
		return f->err->status ? (int)f->err->status : KL_ERR_STORE;
	if (f->problems) {
		*f->err = f->first;
		return f->first.status;
	}
	if (rc == 1)
		rc = KL_ERR_INTERNAL;
	if (rc)
		return rc;
	if (f->nfile == 0)
		return kl_error_at(f->err, KL_ERR_PARSE, f->path, 1, 0,
		                   "expected a header line");
	if (f->res->rows == 0)
		return kl_error_at(f->err, KL_ERR_PARSE, f->path, 2, 0,
		                   "expected data rows after the header, found "
		                   "none");
	if (f->ops->end) {
		f->ops->end(f);
		if (f->fatal)
			return f->err->status ? (int)f->err->status
			                      : KL_ERR_STORE;
		if (f->problems) {
			*f->err = f->first;
			return f->first.status;
		}
	}
	return KL_OK;
}

static const struct kli_feed_ops *ops_for(enum kl_feed_kind k)
{
	switch (k) {
	case KL_FEED_POLICE:
		return &kli_police_ops;
	case KL_FEED_BRA_SOL:
		return &kli_bra_ops;
	case KL_FEED_INDIVIDUALS:
		return &kli_individuals_ops;
	case KL_FEED_SCB_POPULATION:
		return &kli_scb_ops;
	case KL_FEED_UNKNOWN:
		break;
	}
	return NULL;
}

static void feed_release(struct kli_feed *f)
{
	if (f->ops && f->ops->release)
		f->ops->release(f);
	for (size_t i = 0; f->headers && i < f->nfile; i++)
		free(f->headers[i]);
	free(f->headers);
	free(f->filecol);
	free(f->nine_ok);
	kl_codes_free(f->codes);
}

/* Set up f for reading `path` with options o; opens the file. */
static int feed_open(struct kli_feed *f, struct kl_csv **c, const char *path,
                     const struct kl_feed_opts *o, struct kl_feed_result *res,
                     struct kl_error *err)
{
	struct kl_csv_opts co = {0};
	int rc;

	memset(f, 0, sizeof(*f));
	memset(res, 0, sizeof(*res));
	f->path = path;
	f->o = o;
	f->res = res;
	f->err = err;
	f->max_errors = o->max_errors ? o->max_errors : 1;
	co.encoding = o->encoding;
	co.delimiter = o->delimiter;
	res->kind = o->kind;
	if (res->kind == KL_FEED_UNKNOWN) {
		rc = kl_feed_detect_file(path, o->encoding, o->delimiter,
		                         &res->kind, err);
		if (rc)
			return rc;
		if (res->kind == KL_FEED_UNKNOWN)
			return kl_error_at(
			    err, KL_ERR_USAGE, path, 1, 0,
			    "the header is not that of a police, "
			    "bra-sol, individuals or scb-population "
			    "feed; give --kind, or import it as a "
			    "survey");
	}
	/* SCB downloads "med rubrik" and with "fotnoter" */
	co.blank_lines = res->kind == KL_FEED_SCB_POPULATION;
	rc = kl_csv_open(c, path, &co, err);
	if (rc)
		return rc;
	res->info = *kl_csv_get_info(*c);
	f->ops = ops_for(res->kind);
	return kl_codes_new(&f->codes, err);
}

int kl_import_feed(struct kl_store *st, const char *path,
                   const struct kl_feed_opts *o, struct kl_feed_result *res,
                   struct kl_error *err)
{
	if (kli_px_path(path))
		return kli_import_px(st, path, o, res, err);
	return kli_import_feed_as(st, path, NULL, o, res, err);
}

int kli_import_feed_as(struct kl_store *st, const char *path,
                       const struct kli_import_src *src,
                       const struct kl_feed_opts *o, struct kl_feed_result *res,
                       struct kl_error *err)
{
	struct kli_feed f;
	struct kl_csv *c = NULL;
	int rc, in_tx = 0;

	rc = feed_open(&f, &c, path, o, res, err);
	if (rc)
		goto out;
	if (src) {
		f.path = src->path;
		kli_import_src_info(&res->info, src);
	}
	if (kl_pnr_find(res->info.name, strlen(res->info.name), NULL) !=
	    KL_PNR_NONE) {
		/* the name would be stored in imports.name */
		rc = kl_error_set(err, KL_ERR_PRIVACY,
		                  "a file name holds a personnummer; rename "
		                  "the file before importing it");
		goto out;
	}
	f.st = st;
	rc = kli_import_find_sha(st, res->info.sha256, &res->existing_id, err);
	if (rc || res->existing_id)
		goto out;
	rc = kl_store_begin(st, err);
	if (rc)
		goto out;
	in_tx = 1;
	rc = kli_feed_insert_import(&f, kl_feed_name(res->kind));
	if (rc)
		goto out;
	rc = kli_feed_read(&f, c);
	if (rc)
		goto out;
	rc = kli_feed_finish_import(&f);
	if (!rc && res->kind == KL_FEED_INDIVIDUALS)
		rc = kli_individuals_deliveries(&f);
	if (!rc && res->kind == KL_FEED_POLICE)
		rc = kli_police_deliveries(&f);
	if (rc)
		goto out;
	if (f.ops->release) {
		/* statements must be finalised before COMMIT */
		f.ops->release(&f);
		f.ops = NULL;
	}
	if (o->dry_run)
		goto out;
	rc = kl_store_commit(st, err);
	in_tx = 0;
	if (!rc)
		res->import_id = f.import_id;
out:
	res->problems = f.problems;
	feed_release(&f);
	if (in_tx)
		kl_store_rollback(st);
	kl_csv_close(c);
	return rc;
}

/* pseudonymise: two passes, check then write */
struct pseudo {
	struct kli_feed *f;
	int (*emit)(void *ctx, const char *text, size_t n);
	void *ectx;
	char *line;
	size_t len, cap;
	int failed;
	int byear_col; /* the feed's fodelsear column */
	int add_byear; /* the file has none: append one */
};

static int put(struct pseudo *p, const char *s, size_t n)
{
	if (p->len + n + 1 > p->cap) {
		size_t nc = p->cap ? p->cap : 256;
		while (nc < p->len + n + 1)
			nc *= 2;
		char *nl = realloc(p->line, nc);
		if (!nl)
			return -1;
		p->line = nl;
		p->cap = nc;
	}
	memcpy(p->line + p->len, s, n);
	p->len += n;
	p->line[p->len] = '\0';
	return 0;
}

/* One field, quoted when it holds the delimiter, a quote or a newline. */
static int put_field(struct pseudo *p, const char *s, int first)
{
	char d = p->f->res->info.delimiter;
	int rc = 0;

	if (!first)
		rc |= put(p, &d, 1);
	if (strchr(s, d) || strpbrk(s, "\"\r\n")) {
		rc |= put(p, "\"", 1);
		for (; *s; s++) {
			if (*s == '"')
				rc |= put(p, "\"", 1);
			rc |= put(p, s, 1);
		}
		return rc | put(p, "\"", 1);
	}
	return rc | put(p, s, strlen(s));
}

static int dropped_column(const struct kli_feed *f, size_t i)
{
	/* pass 1 refused every column that is not the feed's: filecol >= 0 */
	const char *n = f->ops->cols[f->filecol[i]].name;
	return strcmp(n, "personnummer") == 0 || strcmp(n, "initialer") == 0 ||
	       strcmp(n, "personnyckel") == 0 || strcmp(n, "nyckeltyp") == 0 ||
	       strcmp(n, "nyckel_id") == 0;
}

static int pseudo_record(void *ctx, const struct kl_csv_record *rec,
                         struct kl_error *err)
{
	struct pseudo *p = ctx;
	struct kli_feed *f = p->f;
	int first = 1, rc = 0;

	(void)err;
	p->len = 0;
	if (rec->index > 0) {
		/* check again to compute the key of this row */
		unsigned long before = f->problems;
		if (f->ops->row(f, rec) || f->problems != before)
			return 1;
	}
	const struct kli_person_key *k =
	    rec->index > 0 ? kli_individuals_last_key(f) : NULL;
	char year[16] = "";
	if (k && k->birth_year > 0)
		snprintf(year, sizeof(year), "%d", k->birth_year);
	for (size_t i = 0; i < f->nfile; i++) {
		if (dropped_column(f, i))
			continue;
		/* the birth year a personnummer gave, where the row had
		 * none */
		if (k && (int)i == f->colmap[p->byear_col] && rec->lens[i] == 0)
			rc |= put_field(p, year, first);
		else
			rc |= put_field(p, rec->fields[i], first);
		first = 0;
	}
	if (p->add_byear)
		rc |= put_field(p, k ? year : "fodelsear", first);
	if (rec->index == 0) {
		rc |= put_field(p, "personnyckel", first);
		rc |= put_field(p, "nyckeltyp", 0);
		rc |= put_field(p, "nyckel_id", 0);
	} else {
		rc |= put_field(p, k->key, first);
		rc |= put_field(p, k->kind, 0);
		rc |= put_field(p, k->key_id, 0);
	}
	rc |= put(p, "\n", 1);
	if (rc) {
		kli_oom(f->err);
		p->failed = 1;
		return 1;
	}
	if (p->emit(p->ectx, p->line, p->len)) {
		kl_error_set(f->err, KL_ERR_IO, "cannot write the output");
		p->failed = 1;
		return 1;
	}
	return 0;
}

int kl_pseudonymise(const char *path, const struct kl_feed_opts *o,
                    int (*emit)(void *ctx, const char *text, size_t n),
                    void *emit_ctx, struct kl_feed_result *res,
                    struct kl_error *err)
{
	struct kli_feed f;
	struct kl_csv *c = NULL;
	struct kl_feed_opts po = *o;
	struct pseudo p = {0};
	int rc;

	po.kind = KL_FEED_INDIVIDUALS;
	po.dry_run = 1;
	rc = feed_open(&f, &c, path, &po, res, err);
	if (rc)
		goto out;
	if (!o->key || !o->key->loaded) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "pseudonymising needs a key (--key)");
		goto out;
	}
	/* pass 1: check every row; nothing is written */
	rc = kli_feed_read(&f, c);
	if (rc)
		goto out;
	/* pass 2: write */
	res->strong_keys = res->weak_keys = res->no_keys = 0;
	p.f = &f;
	p.byear_col = kli_individuals_byear_col();
	p.add_byear = f.colmap[p.byear_col] < 0;
	p.emit = emit;
	p.ectx = emit_ctx;
	rc = kl_csv_read(c, pseudo_record, &p, err);
	if (p.failed || f.problems) {
		if (f.problems)
			*err = f.first;
		rc = err->status ? (int)err->status : KL_ERR_INTERNAL;
	}
out:
	res->problems = f.problems;
	free(p.line);
	feed_release(&f);
	kl_csv_close(c);
	return rc;
}
