/*
 * feed_px.c - SCB's PC-Axis files (.px) of the population table, imported
 * as the scb-population feed.
 *
 * A PX file is a list of `KEYWORD[("variable")]=value;` statements: quoted
 * strings (a string may be continued in the next quoted string, e.g. on
 * the next line: "Folkmängden efter " "region"), lists separated by
 * commas, and DATA= a whitespace-separated list of numbers or quoted
 * symbols ("..") up to the final ';'.  STUB and HEADING name the
 * variables; VALUES("v") their values (CODES("v") their codes, used for
 * the region: "1980 Västerås"); the cells run through the stub, then the
 * heading, the last variable fastest.  CODEPAGE gives the encoding
 * (iso-8859-1, windows-1252 or utf-8; default iso-8859-1).  Keywords in
 * another language (KEYWORD[en]) and the others are ignored.
 *
 * The file becomes, in memory, a CSV in the long layout the feed reads
 * (the variables and one Folkmängd column, a line per cell) and is
 * imported through the same path as an SCB CSV download, so every code and
 * number is checked alike; messages name the PX file, line n being its
 * (n-1)th cell.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "feeds_priv.h"
#include "import_priv.h"
#include "util_priv.h"

#define PX_MAX_VARS 8

struct pxlist {
	size_t n, cap;
	char **v;
};

struct pxvar {
	char *name;
	struct pxlist values, codes;
};

struct px {
	const char *path;
	struct kl_error *err;
	char *text; /* the file, UTF-8 */
	size_t len, pos;
	unsigned long line;
	struct pxvar vars[PX_MAX_VARS];
	size_t nvars, nstub;
	struct pxlist stub, heading;
	struct pxlist data;
	int have_data;
};

int kli_px_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	return dot && !(slash && dot < slash) && !strcasecmp(dot, ".px");
}

/* Append s (malloc'd; freed when it cannot be added): 0 or -1. */
static int list_add(struct pxlist *l, char *s)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		char **nv = realloc(l->v, nc * sizeof(*nv));
		if (!nv) {
			free(s);
			return -1;
		}
		l->v = nv;
		l->cap = nc;
	}
	l->v[l->n++] = s;
	return 0;
}

static void list_free(struct pxlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int bad(struct px *p, const char *what)
{
	return kl_error_at(p->err, KL_ERR_PARSE, p->path, p->line, 0,
	                   "expected a PC-Axis file: %s", what);
}

static void skip_space(struct px *p)
{
	while (p->pos < p->len &&
	       (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
	        p->text[p->pos] == '\r' || p->text[p->pos] == '\n')) {
		if (p->text[p->pos] == '\n')
			p->line++;
		p->pos++;
	}
}

/* One item of a value: quoted strings joined (unless !join: DATA's
 * symbols), or a bare word. */
static int item(struct px *p, char **out, int join)
{
	struct kli_sb b = {0};
	*out = NULL;
	skip_space(p);
	if (p->pos < p->len && p->text[p->pos] == '"') {
		while (p->pos < p->len && p->text[p->pos] == '"') {
			size_t s = ++p->pos;
			while (p->pos < p->len && p->text[p->pos] != '"' &&
			       p->text[p->pos] != '\n')
				p->pos++;
			if (p->pos >= p->len || p->text[p->pos] != '"') {
				kli_sb_free(&b);
				return bad(p, "an unterminated quoted string");
			}
			kli_sb_appendn(&b, p->text + s, p->pos - s);
			p->pos++;
			skip_space(p);
			if (!join)
				break;
		}
	} else {
		size_t s = p->pos;
		while (p->pos < p->len && !strchr(",; \t\r\n", p->text[p->pos]))
			p->pos++;
		kli_sb_appendn(&b, p->text + s, p->pos - s);
		skip_space(p);
	}
	if (b.failed) {
		kli_sb_free(&b);
		return kli_oom(p->err);
	}
	*out = strdup(kli_sb_str(&b));
	kli_sb_free(&b);
	return *out ? 0 : kli_oom(p->err);
}

/* A value: items separated by commas (DATA: by whitespace), up to ';'. */
static int value(struct px *p, struct pxlist *l, int data)
{
	for (;;) {
		char *s;
		skip_space(p);
		if (p->pos >= p->len)
			return bad(p, "a statement without its closing ';'");
		if (p->text[p->pos] == ';') {
			p->pos++;
			return 0;
		}
		if (item(p, &s, !data))
			return p->err->status;
		if (!*s && !(p->pos < p->len && p->text[p->pos] == ',')) {
			free(s);
			return bad(p, "a value that is not a quoted string, a "
			              "number or a list");
		}
		if (list_add(l, s))
			return kli_oom(p->err);
		skip_space(p);
		if (p->pos < p->len && p->text[p->pos] == ',')
			p->pos++;
		else if (!data && p->pos < p->len && p->text[p->pos] != ';')
			return bad(p, "',' or ';' after a value");
	}
}

/* The variable `name`, added when `add` and it is new; NULL when it is
 * not there, when 8 are there already, or out of memory. */
static struct pxvar *var(struct px *p, const char *name, int add)
{
	for (size_t i = 0; i < p->nvars; i++)
		if (!strcmp(p->vars[i].name, name))
			return &p->vars[i];
	if (!add || p->nvars == PX_MAX_VARS)
		return NULL;
	p->vars[p->nvars].name = strdup(name);
	if (!p->vars[p->nvars].name)
		return NULL;
	return &p->vars[p->nvars++];
}

static int parse(struct px *p)
{
	p->line = 1;
	for (;;) {
		char kw[64], arg[256] = "";
		size_t k = 0;
		int lang = 0;
		skip_space(p);
		if (p->pos >= p->len)
			break;
		unsigned long kwline = p->line;
		while (p->pos < p->len &&
		       strchr("=([;\n", p->text[p->pos]) == NULL) {
			if (k + 1 < sizeof(kw))
				kw[k++] = p->text[p->pos];
			p->pos++;
		}
		kw[k] = 0;
		if (p->pos < p->len && p->text[p->pos] == '[') {
			lang = 1;
			while (p->pos < p->len && p->text[p->pos] != ']')
				p->pos++;
			p->pos++;
		}
		if (p->pos < p->len && p->text[p->pos] == '(') {
			char *a;
			p->pos++;
			if (item(p, &a, 1))
				return p->err->status;
			snprintf(arg, sizeof(arg), "%s", a);
			free(a);
			if (p->pos >= p->len || p->text[p->pos] != ')')
				return bad(p, "')' after a variable name");
			p->pos++;
		}
		if (p->pos >= p->len || p->text[p->pos] != '=') {
			p->line = kwline;
			return bad(p, "KEYWORD=value; statements");
		}
		p->pos++;
		struct pxlist l = {0};
		int is_data = !strcmp(kw, "DATA");
		if (value(p, &l, is_data)) {
			list_free(&l);
			return p->err->status;
		}
		struct pxvar *v = NULL;
		if (!lang && arg[0] &&
		    (!strcmp(kw, "VALUES") || !strcmp(kw, "CODES"))) {
			v = var(p, arg, 1);
			if (!v) {
				/* full, or out of memory copying the name */
				list_free(&l);
				return p->nvars == PX_MAX_VARS
				           ? bad(p, "at most 8 variables")
				           : kli_oom(p->err);
			}
			struct pxlist *dst =
			    !strcmp(kw, "VALUES") ? &v->values : &v->codes;
			list_free(dst);
			*dst = l;
		} else if (!lang && !strcmp(kw, "STUB")) {
			list_free(&p->stub);
			p->stub = l;
		} else if (!lang && !strcmp(kw, "HEADING")) {
			list_free(&p->heading);
			p->heading = l;
		} else if (is_data) {
			p->data = l;
			p->have_data = 1;
			break; /* DATA is the last keyword */
		} else {
			list_free(&l);
		}
	}
	if (!p->have_data)
		return bad(p, "no DATA");
	if (p->stub.n + p->heading.n == 0)
		return bad(p, "no STUB or HEADING");
	return 0;
}

/* The file's CODEPAGE, read from its ASCII keywords. */
static const char *codepage(const char *s, size_t n)
{
	const char *k = memmem(s, n, "CODEPAGE=\"", 10);
	if (!k)
		return "ISO-8859-1";
	k += 10;
	if (!strncasecmp(k, "utf-8", 5) || !strncasecmp(k, "utf8", 4))
		return "UTF-8";
	if (!strncasecmp(k, "windows-1252", 12) || !strncasecmp(k, "cp1252", 6))
		return "WINDOWS-1252";
	return "ISO-8859-1";
}

static int read_file(struct px *p, char *enc, size_t encn)
{
	FILE *f = fopen(p->path, "rb");
	char *raw = NULL;
	size_t n = 0, cap = 0;
	if (!f)
		return kl_error_sys(p->err, KL_ERR_NOINPUT, errno,
		                    "cannot open '%s'", p->path);
	for (;;) {
		if (n + 65536 > cap) {
			size_t nc = cap ? cap * 2 : 65536 * 2;
			char *nr = realloc(raw, nc);
			if (!nr) {
				fclose(f);
				free(raw);
				return kli_oom(p->err);
			}
			raw = nr;
			cap = nc;
		}
		size_t got = fread(raw + n, 1, 65536, f);
		n += got;
		if (got == 0)
			break;
	}
	int ferr = ferror(f);
	fclose(f);
	if (ferr) {
		free(raw);
		return kl_error_sys(p->err, KL_ERR_NOINPUT, errno,
		                    "cannot read '%s'", p->path);
	}
	size_t skip = n >= 3 && !memcmp(raw, "\xef\xbb\xbf", 3) ? 3 : 0;
	const char *cp = skip ? "UTF-8" : codepage(raw, n);
	snprintf(enc, encn, "%s", cp);
	for (char *e = enc; *e; e++)
		if (*e >= 'A' && *e <= 'Z')
			*e = (char)(*e - 'A' + 'a');
	iconv_t cd = iconv_open("UTF-8", cp);
	if (cd == (iconv_t)-1) {
		free(raw);
		return kl_error_sys(p->err, KL_ERR_INTERNAL, errno,
		                    "iconv cannot convert from %s", cp);
	}
	p->text = malloc((n - skip) * 3 + 1);
	char *in = raw + skip, *out = p->text;
	size_t inl = n - skip, outl = (n - skip) * 3;
	int conv = p->text ? (int)iconv(cd, &in, &inl, &out, &outl) : 0;
	iconv_close(cd);
	if (!p->text) {
		free(raw);
		return kli_oom(p->err);
	}
	const char *nul = memchr(raw + skip, 0, n - skip);
	if (conv == -1 || nul) {
		/* iconv stops at a byte it cannot convert; a NUL it passes:
		 * point at whichever comes first */
		size_t off = conv == -1 ? (size_t)(in - raw) : n;
		if (nul && (size_t)(nul - raw) < off)
			off = (size_t)(nul - raw);
		free(raw);
		return kl_error_at(p->err, KL_ERR_PARSE, p->path, 0, 0,
		                   "expected a PC-Axis file in %s (its "
		                   "CODEPAGE); byte %zu is not",
		                   cp, off + 1);
	}
	free(raw);
	p->len = (size_t)(out - p->text);
	p->text[p->len] = 0;
	return 0;
}

static int put_cell(struct kli_sb *b, const char *s, int first)
{
	if (!first)
		kli_sb_append(b, ",");
	kli_sb_append(b, "\"");
	for (; *s; s++)
		kli_sb_appendn(b, s, 1 + (*s == '"'));
	return kli_sb_append(b, "\"");
}

/* Build the long-layout CSV: the variables, then Folkmängd. */
static int to_csv(struct px *p, struct kli_sb *b)
{
	struct pxvar *order[PX_MAX_VARS];
	size_t nv = 0, total = 1;
	struct pxlist *lists[2] = {&p->stub, &p->heading};

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n; i++) {
			struct pxvar *v = var(p, lists[k]->v[i], 0);
			if (!v || v->values.n == 0) {
				char m[300];
				snprintf(m, sizeof(m),
				         "no VALUES for the variable '%s'",
				         lists[k]->v[i]);
				return bad(p, m);
			}
			if (v->codes.n && v->codes.n != v->values.n)
				return bad(p, "as many CODES as VALUES");
			order[nv++] = v;
			if (total > ((size_t)1 << 40) / v->values.n)
				return bad(p, "a table of a sane size");
			total *= v->values.n;
		}
	if (p->data.n != total) {
		char m[160];
		snprintf(m, sizeof(m),
		         "%zu values in DATA (the product of the VALUES "
		         "counts), found %zu",
		         total, p->data.n);
		return bad(p, m);
	}
	for (size_t i = 0; i < nv; i++)
		put_cell(b, order[i]->name, i == 0);
	put_cell(b, "Folkmängd", 0);
	kli_sb_append(b, "\n");
	size_t idx[PX_MAX_VARS] = {0};
	for (size_t c = 0; c < total; c++) {
		for (size_t i = 0; i < nv; i++) {
			struct pxvar *v = order[i];
			const char *val = v->values.v[idx[i]];
			int is_region = !strcasecmp(v->name, "region");
			if (is_region && v->codes.n &&
			    strncmp(val, v->codes.v[idx[i]],
			            strlen(v->codes.v[idx[i]]))) {
				/* the code and its name: "1980 Västerås" */
				struct kli_sb r = {0};
				kli_sb_appendf(&r, "%s %s", v->codes.v[idx[i]],
				               val);
				put_cell(b, kli_sb_str(&r), i == 0);
				kli_sb_free(&r);
			} else {
				put_cell(b, val, i == 0);
			}
		}
		const char *d = p->data.v[c];
		kli_sb_append(b, ",");
		kli_sb_append(b, d);
		kli_sb_append(b, "\n");
		for (size_t i = nv; i-- > 0;) {
			if (++idx[i] < order[i]->values.n)
				break;
			idx[i] = 0;
		}
	}
	return b->failed ? kli_oom(p->err) : 0;
}

int kli_import_px(struct kl_store *st, const char *path,
                  const struct kl_feed_opts *o, struct kl_feed_result *res,
                  struct kl_error *err)
{
	struct px p;
	struct kli_sb csv = {0};
	struct kli_import_src src = {0};
	struct kl_feed_opts fo = *o;
	char sha[65], enc[24], csv_path[64];
	unsigned long long size = 0;
	int fd = -1, rc;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	memset(&p, 0, sizeof(p));
	memset(res, 0, sizeof(*res));
	p.path = path;
	p.err = err;
	rc = read_file(&p, enc, sizeof(enc));
	if (!rc && kli_hash_file(path, sha, sizeof(sha), &size))
		rc = kl_error_sys(err, KL_ERR_NOINPUT, errno,
		                  "cannot read '%s'", path);
	if (!rc)
		rc = parse(&p);
	if (!rc)
		rc = to_csv(&p, &csv);
	if (!rc) {
		fd = kli_mem_file("kartlagg-px", kli_sb_str(&csv), csv.len);
		if (fd < 0)
			rc = kl_error_sys(err, KL_ERR_IO, errno,
			                  "cannot hold the converted file in "
			                  "memory");
	}
	if (!rc) {
		snprintf(csv_path, sizeof(csv_path), "/proc/self/fd/%d", fd);
		src.path = path;
		src.name = name;
		src.sha256 = sha;
		src.size = size;
		src.encoding = enc;
		src.format = "px";
		fo.kind = KL_FEED_SCB_POPULATION;
		fo.encoding = "utf-8";
		fo.delimiter = ',';
		rc = kli_import_feed_as(st, csv_path, &src, &fo, res, err);
		if (rc && !strcmp(err->path, csv_path))
			snprintf(err->path, sizeof(err->path), "%s", path);
	}
	if (fd >= 0)
		close(fd);
	kli_sb_free(&csv);
	free(p.text);
	for (size_t i = 0; i < p.nvars; i++) {
		free(p.vars[i].name);
		list_free(&p.vars[i].values);
		list_free(&p.vars[i].codes);
	}
	list_free(&p.stub);
	list_free(&p.heading);
	list_free(&p.data);
	if (!res->info.name[0])
		snprintf(res->info.name, sizeof(res->info.name), "%s", name);
	return rc;
}
