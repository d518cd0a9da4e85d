/*
 * codebook.c - reading codebooks and checking survey cells against them
 * (format in kartlagg-codebook(5)).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "kl_codebook.h"
#include "kl_csv.h"
#include "kl_pnr.h"
#include "util_priv.h"

/* ---- numbers -------------------------------------------------------- */

int kl_parse_int(const char *s, size_t n, long long *out)
{
	size_t i = 0;
	unsigned long long v = 0;
	int neg = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i >= n || n - i > 19)
		return -1;
	if (s[i] == '0' && n - i > 1)
		return -1; /* leading zero: a code, not a number */
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > (unsigned long long)9223372036854775807LL)
		return -1;
	if (neg && v == 0)
		return -1; /* "-0" */
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

int kl_parse_number(const char *s, size_t n, double *out, int *is_int)
{
	char buf[64];
	size_t i = 0, digits = 0, sep = 0;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	if (s[0] == '-' || s[0] == '+')
		i = 1;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if ((s[i] == ',' || s[i] == '.') && !sep && digits)
			sep = i;
		else
			return -1;
	}
	if (!digits || (sep && sep == n - 1))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (sep)
		buf[sep] = '.';
	errno = 0;
	char *end;
	double d = strtod(buf, &end);
	if (*end || errno == ERANGE || !isfinite(d))
		return -1;
	*out = d;
	if (is_int)
		*is_int = !sep;
	return 0;
}

void kl_describe_value(const char *s, size_t n, char *buf, size_t bufn)
{
	int plain = 1;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '\'')
			plain = 0;
		if (c >= '0' && c <= '9')
			digits++;
	}
	/* short codes are quoted; anything that could be a name, or a
	 * number long enough to be (part of) a personnummer, a date of birth
	 * or a telephone number, is not */
	if (plain && n > 0 && n <= 16 && (digits || n <= 3) && digits <= 7)
		snprintf(buf, bufn, "'%.*s'", (int)n, s);
	else if (n == 0)
		snprintf(buf, bufn, "an empty cell");
	else if (digits > 7)
		snprintf(buf, bufn, "a value of %zu bytes with %zu digits", n,
		         digits);
	else
		snprintf(buf, bufn, "text of %zu bytes", n);
}

/* ---- codebook parsing ----------------------------------------------- */

/* A malloc'd copy of s without blanks at its ends (kli_trim); NULL when
 * memory runs out. */
static char *trim_dup(const char *s)
{
	char *d = kli_strdup(s);
	return d ? kli_trim(d) : NULL;
}

static int valid_name(const char *s)
{
	if (!(isalpha((unsigned char)s[0])))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* Append code[0..cn) with a copy of `label` (may be NULL) to *v, *n.
 * 0, or -3 out of memory (nothing added). */
static int add_code(struct kl_code **v, size_t *n, const char *code, size_t cn,
                    const char *label)
{
	struct kl_code *nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		return -3;
	*v = nv;
	nv[*n].code = strndup(code, cn);
	nv[*n].len = cn;
	nv[*n].label = label ? strdup(label) : NULL;
	if (!nv[*n].code || (label && !nv[*n].label)) {
		free(nv[*n].code);
		free(nv[*n].label);
		return -3;
	}
	(*n)++;
	return 0;
}

/*
 * Parse "a=label|b=label|tom=label" (labels optional) into codes.  `tom`
 * stands for the empty cell when allow_tom is set.  0, -2 for an empty
 * code, -3 out of memory.
 */
static int parse_code_list(const char *spec, struct kl_code **v, size_t *n,
                           int allow_tom, int *saw_tom)
{
	const char *p = spec;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char *item = strndup(p, len);
		char *tcode, *eq;
		if (!item)
			return -3;
		eq = strchr(item, '=');
		if (eq)
			*eq = 0;
		tcode = kli_trim(item);
		char *label = eq ? kli_trim(eq + 1) : NULL;
		int rc = 0;
		if (!*tcode)
			rc = -2;
		else if (allow_tom && !strcasecmp(tcode, "tom")) {
			*saw_tom = 1;
			rc = add_code(v, n, "", 0, label);
		} else
			rc = add_code(v, n, tcode, strlen(tcode), label);
		free(item);
		if (rc)
			return rc;
		p += len;
		if (*p == '|')
			p++;
	}
	return 0;
}

/* "1-", "1-10", "2023|2025", "> 0", ">= 0", "< 5" */
static int parse_range(struct kl_cbvar *v, const char *spec)
{
	const char *p = spec;
	char *end;
	while (*p == ' ')
		p++;
	if (*p == '>' || *p == '<') {
		int lower = *p == '>';
		int strict = p[1] != '=';
		p += strict ? 1 : 2;
		double x = strtod(p, &end);
		while (*end == ' ')
			end++;
		if (end == p || *end)
			return -1;
		if (lower) {
			v->has_min = 1;
			v->min = x;
			v->min_strict = strict;
		} else {
			v->has_max = 1;
			v->max = x;
			v->max_strict = strict;
		}
		return 0;
	}
	double a = strtod(p, &end);
	if (end == p)
		return -1;
	while (*end == ' ')
		end++;
	if (*end != '-')
		return -1;
	v->has_min = 1;
	v->min = a;
	p = end + 1;
	while (*p == ' ')
		p++;
	if (!*p)
		return 0;
	double b = strtod(p, &end);
	while (*end == ' ')
		end++;
	if (end == p || *end)
		return -1;
	v->has_max = 1;
	v->max = b;
	return 0;
}

static int parse_type(struct kl_cbvar *v, const char *t)
{
	while (*t == ' ')
		t++;
	if (!strncasecmp(t, "heltal", 6) || !strncasecmp(t, "integer", 7))
		v->type = KL_VT_INTEGER;
	else if (!strncasecmp(t, "decimaltal", 10) ||
	         !strncasecmp(t, "decimal", 7))
		v->type = KL_VT_DECIMAL;
	else if (!strncasecmp(t, "text", 4)) {
		v->type = KL_VT_TEXT;
		const char *paren = strchr(t, '(');
		if (paren) {
			int d = atoi(paren + 1);
			if (d > 0 && strstr(paren, "siffr"))
				v->digits = d;
		}
	} else if (!strncasecmp(t, "kategori", 8) ||
	           !strncasecmp(t, "category", 8))
		v->type = KL_VT_CATEGORY;
	else if (!strncasecmp(t, "flerval", 7) || !strncasecmp(t, "multi", 5))
		v->type = KL_VT_MULTI;
	else
		return -1;
	return 0;
}

static int all_int_codes(const struct kl_code *c, size_t n)
{
	long long x;
	for (size_t i = 0; i < n; i++)
		if (c[i].code[0] &&
		    kl_parse_int(c[i].code, strlen(c[i].code), &x))
			return 0;
	return 1;
}

/* "Besvaras endast om salt_sex_nagonsin = 1" -> var, value: 0, -1 when
 * the text is not such a filter, -3 out of memory. */
static int parse_filter(struct kl_cbvar *v)
{
	const char *t = v->filter_text;
	const char *eq = strrchr(t, '=');
	if (!eq || eq == t || eq[-1] == '!' || eq[-1] == '<' || eq[-1] == '>')
		return -1;
	const char *e = eq;
	while (e > t && e[-1] == ' ')
		e--;
	const char *b = e;
	while (b > t && (isalnum((unsigned char)b[-1]) || b[-1] == '_'))
		b--;
	if (b == e)
		return -1;
	v->filter_var = strndup(b, (size_t)(e - b));
	v->filter_value = trim_dup(eq + 1);
	if (!v->filter_var || !v->filter_value)
		return -3;
	if (!*v->filter_value || strchr(v->filter_value, ' '))
		return -1;
	return 0;
}

/* The question stem of a multiple-choice box: the header up to its last
 * '?', else up to its first ':'. */
static char *question_stem(const char *h)
{
	const char *q = strrchr(h, '?');
	if (q)
		return strndup(h, (size_t)(q - h) + 1);
	q = strchr(h, ':');
	if (q)
		return strndup(h, (size_t)(q - h));
	return strdup(h);
}

enum {
	C_KOLUMN,
	C_KORTNAMN,
	C_ETIKETT,
	C_TYP,
	C_GILTIGA,
	C_BORTFALL,
	C_FILTER,
	C_NYCKEL,
	C_N
};
static const char *const cb_cols[C_N] = {
    "kolumn",        "kortnamn",       "etikett", "typ",
    "giltiga_koder", "bortfallskoder", "filter",  "nyckel"};

struct cb_reader {
	struct kl_codebook *cb;
	int col[C_N];
	size_t ncols;
};

static int cb_fail(struct kl_codebook *cb, unsigned long line,
                   unsigned long col, struct kl_error *err, const char *msg,
                   const char *detail)
{
	kl_error_at(err, KL_ERR_CONFIG, cb->path, line, col, "%s%s%s%s", msg,
	            detail ? " '" : "", detail ? detail : "",
	            detail ? "'" : "");
	return KL_ERR_CONFIG;
}

static const char *cell(const struct cb_reader *r,
                        const struct kl_csv_record *rec, int c)
{
	return r->col[c] >= 0 ? rec->fields[r->col[c]] : "";
}

static int cb_record(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct cb_reader *r = ctx;
	struct kl_codebook *cb = r->cb;

	/* a codebook's labels, value labels and filters are stored and shown
	 * like the data: no personnummer in any cell, the header included */
	for (size_t i = 0; i < rec->nfields; i++) {
		struct kl_pnr p;
		char mask[32];
		if (kl_pnr_find(rec->fields[i], rec->lens[i], &p) ==
		    KL_PNR_NONE)
			continue;
		int samordning = p.kind == KL_PNR_SAMORDNINGSNUMMER;
		kl_pnr_mask(rec->fields[i], &p, mask, sizeof(mask));
		sodium_memzero(&p, sizeof(p));
		kl_error_at(err, KL_ERR_PRIVACY, cb->path, rec->line, i + 1,
		            "expected no direct identifier in the codebook, "
		            "found a %s (%s); remove it",
		            samordning ? "samordningsnummer" : "personnummer",
		            mask);
		return KL_ERR_PRIVACY;
	}
	if (rec->index == 0) {
		for (int c = 0; c < C_N; c++)
			r->col[c] = -1;
		for (size_t i = 0; i < rec->nfields; i++)
			for (int c = 0; c < C_N; c++)
				if (!strcasecmp(rec->fields[i], cb_cols[c]))
					r->col[c] = (int)i;
		r->ncols = rec->nfields;
		if (r->col[C_KOLUMN] < 0 || r->col[C_KORTNAMN] < 0 ||
		    r->col[C_TYP] < 0)
			return cb_fail(cb, rec->line, 0, err,
			               "expected a codebook header with the "
			               "columns kolumn, kortnamn and typ",
			               NULL);
		return 0;
	}
	if (rec->nfields != r->ncols) {
		kl_error_at(
		    err, KL_ERR_CONFIG, cb->path, rec->line,
		    rec->nfields > r->ncols ? r->ncols + 1 : rec->nfields,
		    "expected %zu fields, found %zu", r->ncols, rec->nfields);
		return KL_ERR_CONFIG;
	}
	struct kl_cbvar *nv =
	    realloc(cb->vars, (cb->nvars + 1) * sizeof(*cb->vars));
	if (!nv)
		return kli_oom(err);
	cb->vars = nv;
	struct kl_cbvar *v = &cb->vars[cb->nvars++];
	memset(v, 0, sizeof(*v));
	v->line = rec->line;
	v->header = strdup(cell(r, rec, C_KOLUMN));
	v->name = trim_dup(cell(r, rec, C_KORTNAMN));
	v->label =
	    r->col[C_ETIKETT] >= 0 ? strdup(cell(r, rec, C_ETIKETT)) : NULL;
	v->valid_spec = strdup(cell(r, rec, C_GILTIGA));
	v->missing_spec = strdup(cell(r, rec, C_BORTFALL));
	const char *ft = cell(r, rec, C_FILTER);
	v->filter_text = *ft ? strdup(ft) : NULL;
	const char *ny = cell(r, rec, C_NYCKEL);
	v->key = *ny && strcmp(ny, "0") && strcasecmp(ny, "nej");
	if (!v->header || !v->name || !v->valid_spec || !v->missing_spec)
		return kli_oom(err);
	if (!*v->header)
		return cb_fail(cb, rec->line,
		               (unsigned long)r->col[C_KOLUMN] + 1, err,
		               "expected the export's header text, got "
		               "an empty cell",
		               NULL);
	if (!valid_name(v->name))
		return cb_fail(cb, rec->line,
		               (unsigned long)r->col[C_KORTNAMN] + 1, err,
		               "expected a short name of letters, digits and "
		               "'_' starting with a letter, got",
		               v->name);
	for (size_t i = 0; i + 1 < cb->nvars; i++) {
		if (!strcmp(cb->vars[i].header, v->header))
			return cb_fail(cb, rec->line,
			               (unsigned long)r->col[C_KOLUMN] + 1, err,
			               "duplicate column header", v->header);
		if (!strcmp(cb->vars[i].name, v->name))
			return cb_fail(cb, rec->line,
			               (unsigned long)r->col[C_KORTNAMN] + 1,
			               err, "duplicate short name", v->name);
	}
	unsigned long tcol = (unsigned long)r->col[C_TYP] + 1;
	if (parse_type(v, cell(r, rec, C_TYP)))
		return cb_fail(cb, rec->line, tcol, err,
		               "expected a type (heltal, decimaltal, text, "
		               "kategori or flerval), got",
		               cell(r, rec, C_TYP));
	unsigned long gcol = (unsigned long)r->col[C_GILTIGA] + 1;
	const char *spec = v->valid_spec;
	int saw_tom = 0, rc = 0;
	switch (v->type) {
	case KL_VT_INTEGER:
	case KL_VT_DECIMAL:
		if (!*spec)
			break;
		if (strchr(spec, '|') ||
		    (v->type == KL_VT_INTEGER && !strpbrk(spec, "-<>")))
			rc = parse_code_list(spec, &v->codes, &v->ncodes, 0,
			                     &saw_tom);
		else
			rc = parse_range(v, spec);
		break;
	case KL_VT_TEXT:
		if (strchr(spec, '<')) {
			v->pattern = strdup(spec);
			if (!v->pattern)
				rc = -3;
		} else if (*spec)
			rc = parse_code_list(spec, &v->codes, &v->ncodes, 0,
			                     &saw_tom);
		break;
	case KL_VT_CATEGORY:
	case KL_VT_MULTI:
		rc = parse_code_list(spec, &v->codes, &v->ncodes, 0, &saw_tom);
		if (!rc && v->ncodes == 0)
			rc = -1;
		break;
	}
	if (rc == -1 || rc == -2)
		return cb_fail(cb, rec->line, gcol, err,
		               "cannot read the valid codes", spec);
	if (rc)
		return kli_oom(err);
	rc = parse_code_list(v->missing_spec, &v->missing, &v->nmissing, 1,
	                     &v->empty_ok);
	if (rc == -3)
		return kli_oom(err);
	if (rc)
		return cb_fail(
		    cb, rec->line, (unsigned long)r->col[C_BORTFALL] + 1, err,
		    "cannot read the missing codes", v->missing_spec);
	rc = v->filter_text ? parse_filter(v) : 0;
	if (rc == -3)
		return kli_oom(err);
	if (rc)
		return cb_fail(cb, rec->line,
		               (unsigned long)r->col[C_FILTER] + 1, err,
		               "expected a filter ending in '<short name> = "
		               "<code>', got",
		               v->filter_text);
	if (v->type == KL_VT_MULTI) {
		v->mc_group = question_stem(v->header);
		if (!v->mc_group)
			return kli_oom(err);
	}
	switch (v->type) {
	case KL_VT_INTEGER:
		v->storage = KL_ST_INTEGER;
		break;
	case KL_VT_DECIMAL:
		v->storage = KL_ST_REAL;
		break;
	case KL_VT_TEXT:
		v->storage = KL_ST_TEXT;
		break;
	case KL_VT_CATEGORY:
	case KL_VT_MULTI:
		v->storage = all_int_codes(v->codes, v->ncodes) &&
		                     all_int_codes(v->missing, v->nmissing)
		                 ? KL_ST_INTEGER
		                 : KL_ST_TEXT;
		break;
	}
	return 0;
}

int kl_codebook_load(const char *path, struct kl_codebook **out,
                     struct kl_error *err)
{
	struct kl_csv *c = NULL;
	struct cb_reader r;
	struct kl_codebook *cb;
	int rc;

	*out = NULL;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return kli_oom(err);
	snprintf(cb->path, sizeof(cb->path), "%s", path);
	rc = kl_csv_open(&c, path, NULL, err);
	if (rc)
		goto fail;
	const struct kl_csv_info *info = kl_csv_get_info(c);
	if (kl_pnr_find(info->name, strlen(info->name), NULL) != KL_PNR_NONE) {
		/* the name would be stored with the survey's provenance */
		rc = kl_error_set(err, KL_ERR_PRIVACY,
		                  "a codebook file name holds a personnummer; "
		                  "rename the file");
		goto fail;
	}
	snprintf(cb->name, sizeof(cb->name), "%s", info->name);
	memcpy(cb->sha256, info->sha256, sizeof(cb->sha256));
	snprintf(cb->encoding, sizeof(cb->encoding), "%s", info->encoding);
	cb->size = info->size;
	memset(&r, 0, sizeof(r));
	r.cb = cb;
	rc = kl_csv_read(c, cb_record, &r, err);
	if (rc)
		goto fail;
	snprintf(cb->delimiter, sizeof(cb->delimiter), "%s",
	         info->delimiter_name);
	if (cb->nvars == 0) {
		rc = kl_error_at(err, KL_ERR_CONFIG, path, 1, 0,
		                 "the codebook describes no columns");
		goto fail;
	}
	/* each value label and filter value on its own: 9 digits that are a
	 * whole label are a personnummer without its 0 (the cell was not) */
	for (size_t i = 0; i < cb->nvars; i++) {
		const struct kl_cbvar *v = &cb->vars[i];
		const char *t[3] = {v->label, v->filter_value, NULL};
		int hit = 0;
		for (int k = 0; k < 2 && !hit; k++)
			hit = t[k] && kl_pnr_find(t[k], strlen(t[k]), NULL) !=
			                  KL_PNR_NONE;
		for (size_t k = 0; k < v->ncodes && !hit; k++)
			hit = (v->codes[k].label &&
			       kl_pnr_find(v->codes[k].label,
			                   strlen(v->codes[k].label),
			                   NULL) != KL_PNR_NONE) ||
			      kl_pnr_find(v->codes[k].code, v->codes[k].len,
			                  NULL) != KL_PNR_NONE;
		for (size_t k = 0; k < v->nmissing && !hit; k++)
			hit = v->missing[k].label &&
			      kl_pnr_find(v->missing[k].label,
			                  strlen(v->missing[k].label),
			                  NULL) != KL_PNR_NONE;
		if (hit) {
			rc = kl_error_at(err, KL_ERR_PRIVACY, path, v->line, 0,
			                 "expected no direct identifier in the "
			                 "codebook, found a personnummer in a "
			                 "label or code of '%s'; remove it",
			                 v->name);
			goto fail;
		}
	}
	/* filters must name a variable of the codebook */
	for (size_t i = 0; i < cb->nvars; i++) {
		struct kl_cbvar *v = &cb->vars[i];
		if (v->filter_var && !kl_codebook_by_name(cb, v->filter_var)) {
			rc = kl_error_at(err, KL_ERR_CONFIG, path, v->line, 0,
			                 "the filter of '%s' names '%s', which "
			                 "is not a short name in the codebook",
			                 v->name, v->filter_var);
			goto fail;
		}
	}
	kl_csv_close(c);
	*out = cb;
	return KL_OK;
fail:
	kl_csv_close(c);
	kl_codebook_free(cb);
	/* parse errors in the codebook are configuration errors */
	if (err && err->status == KL_ERR_PARSE)
		err->status = KL_ERR_CONFIG;
	return err ? (int)err->status : rc;
}

static void free_codes(struct kl_code *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].code);
		free(c[i].label);
	}
	free(c);
}

void kl_codebook_free(struct kl_codebook *cb)
{
	if (!cb)
		return;
	for (size_t i = 0; i < cb->nvars; i++) {
		struct kl_cbvar *v = &cb->vars[i];
		free(v->header);
		free(v->name);
		free(v->label);
		free(v->valid_spec);
		free(v->missing_spec);
		free(v->filter_text);
		free(v->filter_var);
		free(v->filter_value);
		free(v->mc_group);
		free(v->pattern);
		free_codes(v->codes, v->ncodes);
		free_codes(v->missing, v->nmissing);
	}
	free(cb->vars);
	free(cb);
}

const struct kl_cbvar *kl_codebook_by_header(const struct kl_codebook *cb,
                                             const char *header)
{
	for (size_t i = 0; i < cb->nvars; i++)
		if (!strcmp(cb->vars[i].header, header))
			return &cb->vars[i];
	return NULL;
}

const struct kl_cbvar *kl_codebook_by_name(const struct kl_codebook *cb,
                                           const char *name)
{
	for (size_t i = 0; i < cb->nvars; i++)
		if (!strcmp(cb->vars[i].name, name))
			return &cb->vars[i];
	return NULL;
}

/* ---- cell checking -------------------------------------------------- */

static const struct kl_code *find_code(const struct kl_code *c, size_t n,
                                       const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].len == len && c[i].code[0] == s[0] &&
		    (len == 1 || !memcmp(c[i].code, s, len)))
			return &c[i];
	return NULL;
}

/* "one of 1, 2, 8 or empty" */
static void list_codes(const struct kl_cbvar *v, char *buf, size_t n)
{
	size_t used = 0;
	size_t total = v->ncodes + v->nmissing;
	size_t k = 0;
	used += (size_t)snprintf(buf, n, "one of ");
	for (int pass = 0; pass < 2; pass++) {
		const struct kl_code *c = pass ? v->missing : v->codes;
		size_t m = pass ? v->nmissing : v->ncodes;
		for (size_t i = 0; i < m && used < n; i++, k++) {
			const char *sep = k == 0           ? ""
			                  : k + 1 == total ? " or "
			                                   : ", ";
			if (k == 12) {
				used += (size_t)snprintf(buf + used, n - used,
				                         ", ...");
				return;
			}
			used += (size_t)snprintf(
			    buf + used, n - used, "%s%s", sep,
			    c[i].code[0] ? c[i].code : "empty");
		}
	}
}

static int range_ok(const struct kl_cbvar *v, double x)
{
	if (v->has_min && (v->min_strict ? !(x > v->min) : !(x >= v->min)))
		return 0;
	if (v->has_max && (v->max_strict ? !(x < v->max) : !(x <= v->max)))
		return 0;
	return 1;
}

static void range_text(const struct kl_cbvar *v, char *buf, size_t n)
{
	if (v->has_min && v->has_max)
		snprintf(buf, n, "from %g to %g", v->min, v->max);
	else if (v->has_min)
		snprintf(buf, n, "%s %g", v->min_strict ? ">" : ">=", v->min);
	else
		snprintf(buf, n, "%s %g", v->max_strict ? "<" : "<=", v->max);
}

/* S<kommunkod>-<nn>: <nn..n> = that many digits, <kommunkod> = 4
 * digits, other <x> = one or more letters or digits. */
static int pattern_match(const char *pat, const char *s, size_t n)
{
	size_t i = 0;
	while (*pat) {
		if (*pat == '<') {
			const char *close = strchr(pat, '>');
			if (!close)
				return 0;
			size_t plen = (size_t)(close - pat - 1);
			int all_n = plen > 0;
			for (size_t k = 1; k <= plen; k++)
				if (pat[k] != 'n')
					all_n = 0;
			size_t want =
			    all_n ? plen
			    : (plen == 9 && !strncmp(pat + 1, "kommunkod", 9))
			        ? 4
			        : 0;
			if (want) {
				for (size_t k = 0; k < want; k++, i++)
					if (i >= n || s[i] < '0' || s[i] > '9')
						return 0;
			} else {
				size_t st = i;
				while (i < n && isalnum((unsigned char)s[i]))
					i++;
				if (i == st)
					return 0;
			}
			pat = close + 1;
		} else {
			if (i >= n || s[i] != *pat)
				return 0;
			i++;
			pat++;
		}
	}
	return i == n;
}

/* The cell as shown in a message; described only when one is written. */
#define GOT() (kl_describe_value(s, n, got, sizeof(got)), got)
/* Is the cell one of the missing codes?  Asked only when it is not
 * valid otherwise. */
#define MISSING() (find_code(v->missing, v->nmissing, s, n) != NULL)

/* Is the cell s (n bytes) none of v's codes, nor a missing code?  Then
 * "expected one of ..." is in msg. */
static int not_a_code(const struct kl_cbvar *v, const char *s, size_t n,
                      char *msg, size_t msgn)
{
	char got[64], want[256];
	if (find_code(v->codes, v->ncodes, s, n) || MISSING())
		return 0;
	list_codes(v, want, sizeof(want));
	snprintf(msg, msgn, "expected %s, got %s", want, GOT());
	return 1;
}

/* Is x, the value of the cell s (n bytes), outside v's range and the cell
 * no missing code?  Then "expected <what> <range>, got ..." is in msg. */
static int out_of_range(const struct kl_cbvar *v, double x, const char *what,
                        const char *s, size_t n, char *msg, size_t msgn)
{
	char got[64], want[256];
	if (range_ok(v, x) || MISSING())
		return 0;
	range_text(v, want, sizeof(want));
	snprintf(msg, msgn, "expected %s %s, got %s", what, want, GOT());
	return 1;
}

int kl_cbvar_check(const struct kl_cbvar *v, const char *s, size_t n,
                   struct kl_value *out, char *msg, size_t msgn)
{
	char got[64];

	memset(out, 0, sizeof(*out));
	out->s = s;
	out->n = n;
	if (n == 0) {
		if (v->empty_ok) {
			out->kind = KL_V_NULL;
			return KL_OK;
		}
		snprintf(msg, msgn,
		         "expected a value (the codebook allows no "
		         "empty cell here), got an empty cell");
		return KL_ERR_PARSE;
	}
	switch (v->type) {
	case KL_VT_INTEGER: {
		long long x;
		if (kl_parse_int(s, n, &x)) {
			snprintf(msg, msgn, "expected an integer, got %s",
			         GOT());
			return KL_ERR_PARSE;
		}
		if ((v->ncodes && not_a_code(v, s, n, msg, msgn)) ||
		    out_of_range(v, (double)x, "an integer", s, n, msg, msgn))
			return KL_ERR_PARSE;
		out->kind = KL_V_INT;
		out->i = x;
		return KL_OK;
	}
	case KL_VT_DECIMAL: {
		double x;
		if (kl_parse_number(s, n, &x, NULL)) {
			snprintf(msg, msgn,
			         "expected a number (decimal comma or point), "
			         "got %s",
			         GOT());
			return KL_ERR_PARSE;
		}
		if (out_of_range(v, x, "a number", s, n, msg, msgn))
			return KL_ERR_PARSE;
		out->kind = KL_V_REAL;
		out->d = x;
		return KL_OK;
	}
	case KL_VT_TEXT:
		if (v->digits) {
			int ok = n == (size_t)v->digits;
			for (size_t i = 0; ok && i < n; i++)
				ok = s[i] >= '0' && s[i] <= '9';
			if (!ok) {
				snprintf(msg, msgn,
				         "expected a code of %d digits, got %s",
				         v->digits, GOT());
				return KL_ERR_PARSE;
			}
		}
		if (v->ncodes && not_a_code(v, s, n, msg, msgn))
			return KL_ERR_PARSE;
		if (v->pattern && !pattern_match(v->pattern, s, n) &&
		    !MISSING()) {
			snprintf(msg, msgn,
			         "expected a code shaped '%s', got %s",
			         v->pattern, GOT());
			return KL_ERR_PARSE;
		}
		out->kind = KL_V_TEXT;
		return KL_OK;
	case KL_VT_CATEGORY:
	case KL_VT_MULTI:
		if (not_a_code(v, s, n, msg, msgn))
			return KL_ERR_PARSE;
		if (v->storage == KL_ST_INTEGER) {
			out->kind = KL_V_INT;
			kl_parse_int(s, n, &out->i);
		} else {
			out->kind = KL_V_TEXT;
		}
		return KL_OK;
	}
	return KL_ERR_INTERNAL;
}
