/*
 * report_def.c - the report definition file (kartlagg-report(5)): an INI
 * file read with libinih, every key checked as it is read so a problem
 * names its line, and the commented template `kartlagg report new` writes.
 *
 * libinih calls back once per key with no line number; we feed it through
 * our own reader, which counts lines, so the handler knows the line it is
 * on.  The reader also refuses lines too long for libinih's fixed buffer
 * (it would otherwise split them silently) and NUL bytes, and the handler
 * refuses continuation lines, which would look like a repeated key.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_codes.h"
#include "kl_pnr.h"
#include "kl_report.h"
#include "store_priv.h"
#include "util_priv.h"

#define LINE_MAX_BYTES (INI_MAX_LINE - 1)

unsigned kl_report_format_parse(const char *s)
{
	static const char *const names[] = {"text", "md",  "csv",
	                                    "html", "pdf", "xlsx"};
	for (unsigned i = 0; i < 6; i++)
		if (strcmp(s, names[i]) == 0)
			return 1u << i;
	return 0;
}

/* Where each key was set (line), to refuse a key given twice. */
struct seen {
	char key[64];
	unsigned long line;
};

struct parser {
	const char *text;
	size_t n, at;
	unsigned long line; /* line the reader last returned */
	int cont;           /* that line starts with a blank */
	int long_line;      /* that line was cut */
	struct kl_report_def *d;
	struct kl_error *err;
	int failed;
	struct seen seen[128];
	size_t nseen;
	unsigned long section_line[8];
};

/* ini_reader over the in-memory text: one line per call, counted. */
static char *reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	size_t k = 0, max = (size_t)num - 1;

	if (p->at >= p->n)
		return NULL;
	p->line++;
	p->long_line = 0;
	p->cont = p->text[p->at] == ' ' || p->text[p->at] == '\t';
	while (p->at < p->n) {
		char c = p->text[p->at++];
		if (c == '\0' && !p->failed) {
			p->failed = 1;
			kl_error_at(p->err, KL_ERR_CONFIG, p->d->path, p->line,
			            0, "NUL byte in the report file");
		}
		if (k < max)
			str[k++] = c;
		else
			p->long_line = 1;
		if (c == '\n')
			break;
	}
	if (p->long_line) {
		/* keep the line ending so libinih sees one line */
		str[k - 1] = '\n';
		if (!p->failed) {
			p->failed = 1;
			kl_error_at(
			    p->err, KL_ERR_CONFIG, p->d->path, p->line, 0,
			    "line longer than %d bytes (the INI reader's "
			    "limit)",
			    LINE_MAX_BYTES);
		}
	}
	str[k] = '\0';
	return str;
}

static int fail(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	if (p->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->failed = 1;
	kl_error_at(p->err, KL_ERR_CONFIG, p->d->path, p->line, 0, "%s", msg);
	return 0;
}

static int set_str(struct parser *p, char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	if (!*dst) {
		p->failed = 1;
		kli_oom(p->err);
		return 0;
	}
	return 1;
}

/*
 * Key k's value v when it is one of the NULL-ended ok into *dst (as
 * set_str); otherwise the error "k: expected a, b or c, got 'v'" with v
 * cut at width bytes.
 */
static int set_choice(struct parser *p, char **dst, const char *k,
                      const char *v, int width, const char *const *ok)
{
	char list[256] = "";
	size_t n;
	for (n = 0; ok[n]; n++)
		if (strcmp(v, ok[n]) == 0)
			return set_str(p, dst, v);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof(list) - l, "%s%s",
		         i == 0      ? ""
		         : i + 1 < n ? ", "
		                     : " or ",
		         ok[i]);
	}
	return fail(p, "%s: expected %s, got '%.*s'", k, list, width, v);
}

/* A variable or store name: letters, digits, '_' (as the importer makes
 * short names). */
static int is_name(const char *v)
{
	if (!*v || strlen(v) > 63)
		return 0;
	for (const char *c = v; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return 0;
	return 1;
}

static int set_name(struct parser *p, const char *key, char **dst,
                    const char *v)
{
	if (!is_name(v))
		return fail(p,
		            "%s: expected a name of letters, digits and '_' "
		            "(at most 63), got '%.40s'",
		            key, v);
	return set_str(p, dst, v);
}

static int parse_long(const char *v, long long lo, long long hi, long long *out)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

/* The integer v of key k, lo..hi, into *x: 1, or 0 after failing with
 * "k: expected <what>, got 'v'". */
static int int_value(struct parser *p, const char *k, const char *v,
                     long long lo, long long hi, const char *what, long long *x)
{
	if (parse_long(v, lo, hi, x))
		return fail(p, "%s: expected %s, got '%.20s'", k, what, v);
	return 1;
}

/* Split a comma list into dst[] (names); max entries. */
static int set_list(struct parser *p, const char *key, char **dst, size_t *n,
                    size_t max, const char *v)
{
	char buf[INI_MAX_LINE + 1];
	char *save = NULL;

	/* a key given twice never gets here (handler) */
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		t = kli_trim(t);
		if (*n == max)
			return fail(p, "%s: at most %zu entries", key, max);
		if (!is_name(t))
			return fail(p,
			            "%s: expected names separated by ',', got "
			            "'%.40s'",
			            key, t);
		if (!set_str(p, &dst[*n], t))
			return 0;
		(*n)++;
	}
	if (*n == 0)
		return fail(p, "%s: expected at least one name", key);
	return 1;
}

/* Is code a län or kommun kartlagg knows (schemas/kommuner.csv)? */
static int known_region(struct parser *p, const char *code)
{
	struct kl_codes *c = NULL;
	struct kl_error e;
	int ok;
	(void)p;
	if (kl_codes_new(&c, &e))
		return 1; /* cannot check: kl_report_build will */
	ok = strlen(code) == 2 ? kl_codes_lan_name(c, code) != NULL
	                       : kl_codes_kommun(c, code) != NULL;
	kl_codes_free(c);
	return ok;
}

static int is_period(const char *v)
{
	/* the forms kl_period_parse takes, checked by shape here */
	size_t l = strlen(v);
	if (l < 4 || l > 16)
		return 0;
	for (const char *c = v; *c; c++)
		if (!isdigit((unsigned char)*c) && !strchr("-.HQ", *c))
			return 0;
	return isdigit((unsigned char)v[0]);
}

static int year_of(const char *v)
{
	return (int)strtol(v, NULL, 10);
}

static int report_key(struct parser *p, const char *k, const char *v)
{
	struct kl_report_def *d = p->d;
	if (strcmp(k, "title") == 0) {
		if (!*v)
			return fail(p, "title: expected a title, got nothing");
		return set_str(p, &d->title, v);
	}
	if (strcmp(k, "region") == 0) {
		char buf[INI_MAX_LINE + 1];
		char *save = NULL;
		snprintf(buf, sizeof(buf), "%s", v);
		for (char *t = strtok_r(buf, ", \t", &save); t;
		     t = strtok_r(NULL, ", \t", &save)) {
			size_t l = strlen(t);
			if ((l != 2 && l != 4) || strspn(t, "0123456789") != l)
				return fail(
				    p,
				    "region: expected kommun (4 digits) "
				    "or län (2 digits) codes separated "
				    "by ',', got '%.20s'",
				    t);
			if (d->nregions == 32)
				return fail(p, "region: at most 32 codes");
			if (!known_region(p, t))
				return fail(p,
				            "region: '%s' is no kommun or län "
				            "code",
				            t);
			for (size_t i = 0; i < d->nregions; i++)
				if (strcmp(d->regions[i], t) == 0)
					return fail(
					    p, "region: '%s' given twice", t);
			if (!set_str(p, &d->regions[d->nregions], t))
				return 0;
			d->nregions++;
		}
		if (!d->nregions)
			return fail(p, "region: expected at least one code");
		return 1;
	}
	if (strcmp(k, "period") == 0) {
		if (!is_period(v))
			return fail(p,
			            "period: expected a period like 2025, "
			            "2025H1 or 2019-2025, got '%.20s'",
			            v);
		return set_str(p, &d->period, v);
	}
	if (strcmp(k, "formats") == 0) {
		char buf[INI_MAX_LINE + 1];
		char *save = NULL;
		snprintf(buf, sizeof(buf), "%s", v);
		d->formats = 0;
		for (char *t = strtok_r(buf, ", \t", &save); t;
		     t = strtok_r(NULL, ", \t", &save)) {
			unsigned f = kl_report_format_parse(t);
			if (!f)
				return fail(p,
				            "formats: expected text, md, csv, "
				            "html, pdf or xlsx, got '%.20s'",
				            t);
			d->formats |= f;
		}
		if (!d->formats)
			return fail(p, "formats: expected at least one format");
		return 1;
	}
	return fail(p, "unknown key '%.40s' in [report]", k);
}

/*
 * population = VAR=DIM[:code=value,...] ... (space-separated; the syntax
 * of calibrate's --map), e.g. "kod=region arskurs=age:9=15,gy2=17".
 */
static int set_popmap(struct parser *p, const char *v)
{
	struct kl_report_def *d = p->d;
	char buf[INI_MAX_LINE + 1], *save = NULL;

	/* a key given twice never gets here (handler), and the reader's
	 * lines are shorter than buf */
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *t = strtok_r(buf, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save)) {
		struct kl_error e;
		if (d->npopmap == sizeof(d->popmap) / sizeof(d->popmap[0]))
			return fail(p, "population: expected at most %zu maps",
			            sizeof(d->popmap) / sizeof(d->popmap[0]));
		kl_error_clear(&e);
		if (kl_pop_map_parse(t, &d->popmap[d->npopmap], &e)) {
			if (e.status == KL_ERR_NOMEM) {
				p->failed = 1;
				kli_oom(p->err);
				return 0;
			}
			return fail(p, "population: %s", e.msg);
		}
		d->npopmap++;
	}
	if (!d->npopmap)
		return fail(p, "population: expected VAR=DIM maps such as "
		               "kod=region");
	return 1;
}

static int survey_key(struct parser *p, const char *k, const char *v)
{
	struct kl_report_def *d = p->d;
	static const struct {
		const char *key;
		size_t off;
	} names[] = {
	    {"name", offsetof(struct kl_report_def, survey)},
	    {"round", offsetof(struct kl_report_def, round)},
	    {"strata", offsetof(struct kl_report_def, strata)},
	    {"psu", offsetof(struct kl_report_def, psu)},
	    {"ssu", offsetof(struct kl_report_def, ssu)},
	    {"weight", offsetof(struct kl_report_def, weight)},
	    {"weights", offsetof(struct kl_report_def, weights)},
	    {"fpc", offsetof(struct kl_report_def, fpc)},
	    {"kommun", offsetof(struct kl_report_def, kommun)},
	    {"sex", offsetof(struct kl_report_def, sex)},
	    {"school-year", offsetof(struct kl_report_def, school_year)},
	    {"breakdown", offsetof(struct kl_report_def, breakdown)},
	    {"ever", offsetof(struct kl_report_def, ever)},
	    {"last-12-months", offsetof(struct kl_report_def, last12)},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(k, names[i].key) == 0)
			return set_name(p, k,
			                (char **)((char *)d + names[i].off), v);
	if (strcmp(k, "current") == 0 || strcmp(k, "previous") == 0) {
		if (!*v || strlen(v) > 16 || strchr(v, ','))
			return fail(p,
			            "%s: expected a value of the round "
			            "variable, like 2025",
			            k);
		return set_str(p, k[0] == 'c' ? &d->current : &d->previous, v);
	}
	if (strcmp(k, "lonely-psu") == 0) {
		static const char *const ok[] = {"fail", "adjust", "certainty",
		                                 "remove", "average"};
		for (size_t i = 0; i < 5; i++)
			if (strcmp(v, ok[i]) == 0)
				return set_str(p, &d->lonely, v);
		return fail(p,
		            "lonely-psu: expected fail, adjust, certainty, "
		            "remove or average, got '%.20s'",
		            v);
	}
	if (strcmp(k, "compensation") == 0)
		return set_list(p, k, d->compensation, &d->ncompensation, 16,
		                v);
	if (strcmp(k, "contact") == 0)
		return set_list(p, k, d->contact, &d->ncontact, 16, v);
	if (strcmp(k, "population") == 0)
		return set_popmap(p, v);
	return fail(p, "unknown key '%.40s' in [survey]", k);
}

static int individuals_key(struct parser *p, const char *k, const char *v)
{
	struct kl_report_def *d = p->d;
	if (strcmp(k, "period") == 0) {
		if (!is_period(v))
			return fail(p,
			            "period: expected a period like 2025 or "
			            "2025H1, got '%.20s'",
			            v);
		return set_str(p, &d->ind_period, v);
	}
	if (strcmp(k, "role") == 0) {
		static const char *const ok[] = {"utsatt", "kopare", "alla",
		                                 NULL};
		return set_choice(p, &d->role, k, v, 20, ok);
	}
	return fail(p, "unknown key '%.40s' in [individuals]", k);
}

static int offences_key(struct parser *p, const char *k, const char *v)
{
	struct kl_report_def *d = p->d;
	if (strcmp(k, "period") == 0) {
		int y0, y1, used = 0;
		if ((sscanf(v, "%4d-%4d%n", &y0, &y1, &used) == 2 && !v[used] &&
		     y0 >= 1900 && y1 <= 2100 && y0 <= y1) ||
		    (sscanf(v, "%4d%n", &y0, &used) == 1 && !v[used] &&
		     used == 4 && y0 >= 1900 && y0 <= 2100))
			return set_str(p, &d->off_period, v);
		return fail(p,
		            "period: expected whole years like 2019-2025, got "
		            "'%.20s'",
		            v);
	}
	if (strcmp(k, "source") == 0) {
		static const char *const ok[] = {"auto", "police", "bra-sol",
		                                 NULL};
		return set_choice(p, &d->source, k, v, 20, ok);
	}
	return fail(p, "unknown key '%.40s' in [offences]", k);
}

static int mse_key(struct parser *p, const char *k, const char *v)
{
	struct kl_report_def *d = p->d;
	long long x;
	if (strcmp(k, "lists") == 0) {
		static const char *const ok[] = {"organisation",
		                                 "organisation-type", NULL};
		return set_choice(p, &d->lists, k, v, 30, ok);
	}
	if (strcmp(k, "rule") == 0) {
		static const char *const ok[] = {"stepwise",     "forward-aic",
		                                 "forward-bic",  "bic",
		                                 "independence", NULL};
		return set_choice(p, &d->rule, k, v, 30, ok);
	}
	if (strcmp(k, "bootstrap") == 0) {
		if (!int_value(p, k, v, 0, 100000,
		               "a number of replicates 0..100000", &x))
			return 0;
		d->bootstrap = (long)x;
		return 1;
	}
	if (strcmp(k, "seed") == 0) {
		if (!int_value(p, k, v, 0, 4294967295LL,
		               "an integer 0..4294967295", &x))
			return 0;
		d->seed = (unsigned long)x;
		return 1;
	}
	return fail(p, "unknown key '%.40s' in [mse]", k);
}

static int disclosure_key(struct parser *p, const char *k, const char *v)
{
	static const struct {
		const char *key;
		long long lo, hi;
		const char *what;
	} ints[] = {
	    {"count-threshold", 3, 1000,
	     "an integer 3..1000 (counts below it are hidden; never below 3)"},
	    {"margin-rule", 0, 1000, "an integer 0..1000"},
	    {"min-respondents", 20, 100000,
	     "an integer 20..100000 (never below 20)"},
	    {"min-numerator", 3, 1000, "an integer 3..1000 (never below 3)"},
	};
	struct kl_report_def *d = p->d;
	long long x;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		if (strcmp(k, ints[i].key) != 0)
			continue;
		if (!int_value(p, k, v, ints[i].lo, ints[i].hi, ints[i].what,
		               &x))
			return 0;
		if (i == 0)
			d->threshold = x;
		else if (i == 1)
			d->margin_small = x;
		else if (i == 2)
			d->min_respondents = (long)x;
		else
			d->min_numerator = (long)x;
		return 1;
	}
	if (strcmp(k, "caution-rse") == 0) {
		char *end;
		double r;
		errno = 0;
		r = strtod(v, &end);
		if (errno || end == v || *end || !(r > 0 && r <= 1))
			return fail(p,
			            "caution-rse: expected a relative standard "
			            "error 0 < r <= 1, like 0.30, got '%.20s'",
			            v);
		d->caution_rse = r;
		return 1;
	}
	return fail(p, "unknown key '%.40s' in [disclosure]", k);
}

static const char *const sections[] = {"report",   "survey", "individuals",
                                       "offences", "mse",    "disclosure"};
#define NSECTIONS 6

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
	struct parser *p = user;
	char key[64];
	int s = -1;

	if (p->failed)
		return 0;
	if (p->cont)
		return fail(p, "continuation lines are not allowed (a line "
		               "starting with a blank continues the previous "
		               "value); remove the indentation");
	/* the title, notes and every other value is printed in the report */
	{
		struct kl_pnr pn;
		const char *t = value;
		if (kl_pnr_find(name, strlen(name), &pn) != KL_PNR_NONE)
			t = name;
		if (t == name ||
		    kl_pnr_find(value, strlen(value), &pn) != KL_PNR_NONE) {
			char mask[32];
			int samordning = pn.kind == KL_PNR_SAMORDNINGSNUMMER;
			kl_pnr_mask(t, &pn, mask, sizeof(mask));
			memset(&pn, 0, sizeof(pn));
			p->failed = 1;
			kl_error_at(
			    p->err, KL_ERR_PRIVACY, p->d->path, p->line, 0,
			    "expected no direct identifier in the "
			    "report file, found a %s (%s); remove it",
			    samordning ? "samordningsnummer" : "personnummer",
			    mask);
			return 0;
		}
	}
	for (int i = 0; i < NSECTIONS; i++)
		if (strcmp(section, sections[i]) == 0)
			s = i;
	if (s < 0)
		return fail(p,
		            "unknown section [%.40s] (expected report, survey, "
		            "individuals, offences, mse or disclosure)",
		            section);
	snprintf(key, sizeof(key), "%d.%.40s", s, name);
	for (size_t i = 0; i < p->nseen; i++)
		if (strcmp(p->seen[i].key, key) == 0)
			return fail(p,
			            "'%.40s' given twice in [%s] (first on "
			            "line %lu)",
			            name, section, p->seen[i].line);
	/* every key is known and given once, so there are fewer keys than
	 * places; more would be a report file of keys this parser lacks */
	if (p->nseen == sizeof(p->seen) / sizeof(p->seen[0]) ||
	    p->d->nlines == sizeof(p->d->lines) / sizeof(p->d->lines[0]))
		return fail(p, "more than %zu keys in the report file",
		            sizeof(p->seen) / sizeof(p->seen[0]));
	snprintf(p->seen[p->nseen].key, sizeof(p->seen[0].key), "%s", key);
	p->seen[p->nseen++].line = p->line;
	struct kl_report_def_line *l = &p->d->lines[p->d->nlines++];
	snprintf(l->key, sizeof(l->key), "%s.%.30s", section, name);
	l->line = p->line;
	if (!p->section_line[s])
		p->section_line[s] = p->line;
	switch (s) {
	case 0:
		return report_key(p, name, value);
	case 1:
		return survey_key(p, name, value);
	case 2:
		p->d->individuals = 1;
		return individuals_key(p, name, value);
	case 3:
		p->d->offences = 1;
		return offences_key(p, name, value);
	case 4:
		p->d->mse = 1;
		return mse_key(p, name, value);
	default:
		return disclosure_key(p, name, value);
	}
}

/* Checks across keys, once the whole file is read. */
static int finish(struct parser *p)
{
	struct kl_report_def *d = p->d;
	unsigned long l0 = p->section_line[0] ? p->section_line[0] : 1;

	p->line = l0;
	if (!d->title)
		return fail(p, "[report] needs a title"), -1;
	if (!d->nregions)
		return fail(p, "[report] needs a region (kommun or län "
		               "codes)"),
		       -1;
	if (!d->period)
		return fail(p, "[report] needs a period"), -1;
	if (p->section_line[1]) {
		p->line = p->section_line[1];
		if (!d->survey)
			return fail(p, "[survey] needs a name (the survey in "
			               "the store)"),
			       -1;
		if (!d->ever && !d->last12)
			return fail(p, "[survey] needs ever or "
			               "last-12-months (the item to report)"),
			       -1;
		if ((d->current || d->previous) && !d->round)
			return fail(p, "[survey] current and previous need "
			               "round (the variable that separates "
			               "rounds)"),
			       -1;
		if (d->previous && !d->current)
			return fail(p, "[survey] previous needs current"), -1;
		if (d->previous && d->current &&
		    strcmp(d->previous, d->current) == 0)
			return fail(p, "[survey] previous and current are the "
			               "same round"),
			       -1;
	}
	if (d->formats == 0)
		d->formats = KL_REP_TEXT;
	if (!d->ind_period && d->individuals)
		if (!set_str(p, &d->ind_period, d->period))
			return -1;
	if (!d->off_period && d->offences) {
		char buf[16];
		int y = year_of(d->period);
		snprintf(buf, sizeof(buf), "%d-%d", y - 4, y);
		if (!set_str(p, &d->off_period, buf))
			return -1;
	}
	return 0;
}

int kl_report_def_parse(const char *text, size_t n, const char *path,
                        struct kl_report_def **out, struct kl_error *err)
{
	struct parser *p;
	struct kl_report_def *d;
	int rc;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	d = calloc(1, sizeof(*d));
	if (!p || !d || !(d->path = strdup(path ? path : ""))) {
		free(p);
		kl_report_def_free(d);
		return kli_oom(err);
	}
	d->threshold = 5;
	d->margin_small = 10;
	d->min_respondents = 30;
	d->min_numerator = 5;
	d->caution_rse = 0.30;
	d->seed = 20250101;
	p->text = text;
	p->n = n;
	p->d = d;
	p->err = err;
	rc = ini_parse_stream(reader, p, handler, p);
	if (!p->failed && rc != 0) {
		p->failed = 1;
		kl_error_at(err, KL_ERR_CONFIG, d->path,
		            rc > 0 ? (unsigned long)rc : 0, 0,
		            "expected '[section]', 'key = value' or a comment "
		            "(';' or '#')");
	}
	if (!p->failed)
		finish(p);
	if (p->failed) {
		free(p);
		kl_report_def_free(d);
		return err ? (int)err->status : KL_ERR_CONFIG;
	}
	free(p);
	*out = d;
	return KL_OK;
}

int kl_report_def_read(const char *path, struct kl_report_def **out,
                       struct kl_error *err)
{
	FILE *f;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return kl_error_sys(err, KL_ERR_NOINPUT, errno,
		                    "cannot open '%s'", path);
	for (;;) {
		if (n + 4096 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return kli_oom(err);
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		/* checked on what was read: a check on the buffer's size let
		 * files of up to 2 MiB through */
		if (n > (1u << 20)) {
			fclose(f);
			free(buf);
			return kl_error_at(err, KL_ERR_CONFIG, path, 0, 0,
			                   "a report file is at most 1 MiB");
		}
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(buf);
		return kl_error_sys(err, KL_ERR_NOINPUT, e, "cannot read '%s'",
		                    path);
	}
	fclose(f);
	rc = kl_report_def_parse(buf ? buf : "", n, path, out, err);
	free(buf);
	return rc;
}

void kl_report_def_free(struct kl_report_def *d)
{
	if (!d)
		return;
	free(d->path);
	free(d->title);
	for (size_t i = 0; i < d->nregions; i++)
		free(d->regions[i]);
	free(d->period);
	free(d->survey);
	free(d->round);
	free(d->current);
	free(d->previous);
	free(d->strata);
	free(d->psu);
	free(d->ssu);
	free(d->weight);
	free(d->weights);
	free(d->fpc);
	free(d->lonely);
	free(d->kommun);
	free(d->sex);
	free(d->school_year);
	free(d->breakdown);
	free(d->ever);
	free(d->last12);
	for (size_t i = 0; i < d->npopmap; i++)
		kl_pop_map_release(&d->popmap[i]);
	for (size_t i = 0; i < d->ncompensation; i++)
		free(d->compensation[i]);
	for (size_t i = 0; i < d->ncontact; i++)
		free(d->contact[i]);
	free(d->ind_period);
	free(d->role);
	free(d->off_period);
	free(d->source);
	free(d->lists);
	free(d->rule);
	free(d);
}

/* ---- checking names against the store ---------------------------------- */

/* The line key ("survey.weights") was set on, or 0. */
static unsigned long line_of(const struct kl_report_def *d, const char *key)
{
	for (size_t i = 0; i < d->nlines; i++)
		if (strcmp(d->lines[i].key, key) == 0)
			return d->lines[i].line;
	return 0;
}

/* One row from sql with text parameters a and b (b may be NULL): 1 when
 * there is one, 0 when none, -1 on a store error (err set).  The first
 * column of the row goes into out (size n) when out is given. */
static int one_row(struct kl_store *st, const char *sql, const char *a,
                   const char *b, char *out, size_t n, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (kli_store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (out) {
			const unsigned char *t = sqlite3_column_text(s, 0);
			snprintf(out, n, "%s", t ? (const char *)t : "");
		}
		sqlite3_finalize(s);
		return 1;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	kl_error_set(err, KL_ERR_STORE, "cannot read the store");
	return -1;
}

static int check_var(struct kl_store *st, const struct kl_report_def *d,
                     const char *sid, const char *key, const char *var,
                     struct kl_error *err)
{
	char k[48];
	int rc;
	if (!var)
		return KL_OK;
	rc = one_row(st,
	             "SELECT 1 FROM variables WHERE survey_id = ?1 AND name = "
	             "?2",
	             sid, var, NULL, 0, err);
	if (rc < 0)
		return err->status;
	if (rc)
		return KL_OK;
	snprintf(k, sizeof(k), "survey.%s", key);
	return kl_error_at(err, KL_ERR_CONFIG, d->path, line_of(d, k), 0,
	                   "%s: no variable '%s' in survey '%s' in the store",
	                   key, var, d->survey);
}

int kl_report_def_check(struct kl_store *st, const struct kl_report_def *d,
                        struct kl_error *err)
{
	static const struct {
		const char *key;
		size_t off;
	} vars[] = {
	    {"round", offsetof(struct kl_report_def, round)},
	    {"strata", offsetof(struct kl_report_def, strata)},
	    {"psu", offsetof(struct kl_report_def, psu)},
	    {"ssu", offsetof(struct kl_report_def, ssu)},
	    {"weight", offsetof(struct kl_report_def, weight)},
	    {"fpc", offsetof(struct kl_report_def, fpc)},
	    {"kommun", offsetof(struct kl_report_def, kommun)},
	    {"sex", offsetof(struct kl_report_def, sex)},
	    {"school-year", offsetof(struct kl_report_def, school_year)},
	    {"breakdown", offsetof(struct kl_report_def, breakdown)},
	    {"ever", offsetof(struct kl_report_def, ever)},
	    {"last-12-months", offsetof(struct kl_report_def, last12)},
	};
	char sid[32], of[200];
	int rc;

	if (!d->survey)
		return KL_OK;
	rc = one_row(st, "SELECT id FROM surveys WHERE name = ?1", d->survey,
	             NULL, sid, sizeof(sid), err);
	if (rc < 0)
		return err->status;
	if (!rc)
		return kl_error_at(
		    err, KL_ERR_CONFIG, d->path, line_of(d, "survey.name"), 0,
		    "name: no survey '%s' in the store (kartlagg "
		    "import --survey %s loads one)",
		    d->survey, d->survey);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = *(char *const *)((const char *)d + vars[i].off);
		if ((rc = check_var(st, d, sid, vars[i].key, v, err)))
			return rc;
	}
	for (size_t i = 0; i < d->ncompensation; i++)
		if ((rc = check_var(st, d, sid, "compensation",
		                    d->compensation[i], err)))
			return rc;
	for (size_t i = 0; i < d->ncontact; i++)
		if ((rc = check_var(st, d, sid, "contact", d->contact[i], err)))
			return rc;
	for (size_t i = 0; i < d->npopmap; i++)
		if ((rc = check_var(st, d, sid, "population", d->popmap[i].var,
		                    err)))
			return rc;
	if (!d->weights)
		return KL_OK;
	rc = one_row(st, "SELECT survey FROM weight_sets WHERE name = ?1",
	             d->weights, NULL, of, sizeof(of), err);
	if (rc < 0)
		return err->status;
	if (!rc)
		return kl_error_at(err, KL_ERR_CONFIG, d->path,
		                   line_of(d, "survey.weights"), 0,
		                   "weights: no weight set '%s' in the store "
		                   "(kartlagg calibrate makes one)",
		                   d->weights);
	if (strcmp(of, d->survey))
		return kl_error_at(err, KL_ERR_CONFIG, d->path,
		                   line_of(d, "survey.weights"), 0,
		                   "weights: weight set '%s' is of survey "
		                   "'%.60s', not '%s'",
		                   d->weights, of, d->survey);
	return KL_OK;
}

static const char template_text[] =
    "; Rapportdefinition för kartlagg report (kartlagg-report(5)).\n"
    "; Report definition for kartlagg report.\n"
    ";\n"
    "; Rader som börjar med ; eller # är kommentarer.  Okända nycklar är\n"
    "; fel.  Bygg rapporten med:  kartlagg report rapport.ini\n"
    "; Lines starting with ; or # are comments; unknown keys are errors.\n"
    "\n"
    "[report]\n"
    "; Rapportens titel / the title (one line)\n"
    "title = Sex mot ersättning – kartläggning 2025\n"
    "; Kommun- (4 siffror) eller länskoder (2 siffror), kommaseparerade\n"
    "; kommun (4 digits) or län (2 digits) codes, separated by ','\n"
    "region = 19\n"
    "; Referensperiod / reference period: 2025, 2025H1, 2019-2025\n"
    "period = 2025\n"
    "; Format: text, md, csv, html, pdf (pdf needs chromium), xlsx\n"
    "formats = text, html\n"
    "\n"
    "[survey]\n"
    "; Undersökningen i lagret (kartlagg import --survey NAMN)\n"
    "; the survey's name in the store; remove the section if there is\n"
    "; no survey\n"
    "name = ungdomsenkat\n"
    "; Variabeln som skiljer omgångarna, och omgångarna som jämförs\n"
    "; the variable separating rounds, the current and previous round\n"
    "round = year\n"
    "current = 2025\n"
    "previous = 2023\n"
    "; Urvalsdesign / sampling design (kartlagg-estimate(1))\n"
    "strata = kod\n"
    "psu = skola\n"
    "weight = vikt\n"
    "; ssu = klass\n"
    "; fpc = N\n"
    "; lonely-psu = fail\n"
    "; Viktset från kartlagg calibrate / a calibrated weight set\n"
    "; weights = kalibrerad\n"
    "; Antal ungdomar = andel x SCB:s befolkning; kartläggningen av\n"
    "; enkätens koder till SCB:s (som kartlagg calibrate --map)\n"
    "; population counts: share x SCB population, through these maps\n"
    "; population = kod=region arskurs=age:9=15,gy2=17 "
    "kon=sex:1=män,2=kvinnor\n"
    "; Redovisningsgrupper / domains\n"
    "kommun = kod\n"
    "sex = kon\n"
    "school-year = arskurs\n"
    "; Skolor i en kommuns rapport / the schools of a kommun's report\n"
    "; breakdown = skola\n"
    "; Frågorna (1 = ja) / the items (1 = yes)\n"
    "ever = salt_sex_nagonsin\n"
    "last-12-months = salt_sex_12man\n"
    "; Typ av ersättning och kontaktväg (flerval) / compensation and\n"
    "; contact route\n"
    "compensation = ers_pengar, ers_saker, ers_boende\n"
    "contact = kontakt_internet\n"
    "\n"
    "[individuals]\n"
    "; Personer kända av verksamheter / persons known to services\n"
    "period = 2025\n"
    "; utsatt, kopare eller alla / role\n"
    "role = utsatt\n"
    "\n"
    "[offences]\n"
    "; Polisanmälda brott, hela år / police-reported offences, years\n"
    "period = 2019-2025\n"
    "; auto, police eller bra-sol\n"
    "source = auto\n"
    "\n"
    "[mse]\n"
    "; Skattning av mörkertalet / multiple systems estimation\n"
    "; listor: organisation eller organisation-type\n"
    "lists = organisation\n"
    "; stepwise, forward-aic, forward-bic, bic, independence\n"
    "rule = stepwise\n"
    "; Bootstrap-replikat (0 = ingen) och fast frö / replicates, seed\n"
    "bootstrap = 0\n"
    "seed = 20250101\n"
    "\n"
    "[disclosure]\n"
    "; Röjandeskydd (statistiksekretess, OSL 24 kap. 8 §)\n"
    "; Antal under tröskeln döljs (aldrig under 3) / counts below are\n"
    "; hidden (never below 3)\n"
    "count-threshold = 5\n"
    "; Dölj en cell lika med sin marginal när marginalen är under\n"
    "; detta (0 = av) / hide a cell equal to a small margin\n"
    "margin-rule = 10\n"
    "; Andel visas inte under så många svarande (aldrig under 20)\n"
    "min-respondents = 30\n"
    "; Andel visas inte när antalet ja är 1 .. detta - 1 (aldrig under "
    "3)\n"
    "min-numerator = 5\n"
    "; Osäker skattning (*) över denna relativa standardavvikelse\n"
    "caution-rse = 0.30\n";

const char *kl_report_template(void)
{
	return template_text;
}
