/*
 * report_doc.c - growing the report's document model (report_priv.h):
 * sections, blocks, tables, cells and figures; and freeing it.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_fmt.h"
#include "kl_sdc.h"
#include "report_priv.h"

const char kli_sym_zero_title[] = "noll (inget finns att redovisa)";
const char kli_sym_hidden_title[] =
    "redovisas inte (för få svarande eller röjandeskydd)";
const char kli_sym_na_title[] = "kan inte förekomma";
const char kli_sym_undef_title[] =
    "kan inte beräknas (ingen variation i någon av omgångarna)";
const char *const kli_legend[KLI_NLEGEND][2] = {
    {KLI_SYM_ZERO, "noll (inget finns att redovisa)"},
    {"0 / 0,0", "mindre än hälften av enheten"},
    {KLI_SYM_HIDDEN, "redovisas inte (för få svarande eller röjandeskydd)"},
    {KLI_SYM_NA, "kan inte förekomma eller uppgift saknas"},
    {"*", "osäker skattning"},
    {"p", "preliminär uppgift"},
};

static char *vfmt(struct kli_rb *b, const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0) {
		b->oom = 1;
		return NULL;
	}
	return s;
}

char *kli_rb_fmt(struct kli_rb *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	s = vfmt(b, fmt, ap);
	va_end(ap);
	return s;
}

static char *dup(struct kli_rb *b, const char *s)
{
	char *c = strdup(s ? s : "");
	if (!c)
		b->oom = 1;
	return c;
}

/* Grow *arr (elements of size sz) to hold n + 1; 0 on success. */
static int grow(struct kli_rb *b, void **arr, size_t n, size_t sz)
{
	void *p = realloc(*arr, (n + 1) * sz);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	memset((char *)p + n * sz, 0, sz);
	*arr = p;
	return 0;
}

void kli_rb_section(struct kli_rb *b, int n, const char *title)
{
	struct kl_report *r = b->r;
	if (grow(b, (void **)&r->sections, r->nsections, sizeof(*r->sections)))
		return;
	struct kl_rep_section *s = &r->sections[r->nsections];
	s->number = n;
	s->id = kli_rb_fmt(b, "avsnitt-%d", n);
	s->title = dup(b, title);
	b->sec = r->nsections++;
}

static void block(struct kli_rb *b, enum kl_rep_block_kind k, char *text,
                  size_t index)
{
	struct kl_rep_section *s;
	if (!b->r->nsections) {
		free(text);
		return;
	}
	s = &b->r->sections[b->sec];
	if (grow(b, (void **)&s->blocks, s->nblocks, sizeof(*s->blocks))) {
		free(text);
		return;
	}
	s->blocks[s->nblocks].kind = k;
	s->blocks[s->nblocks].text = text;
	s->blocks[s->nblocks].index = index;
	s->nblocks++;
}

void kli_rb_para(struct kli_rb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vfmt(b, fmt, ap);
	va_end(ap);
	if (s)
		block(b, KL_BLOCK_PARA, s, 0);
}

void kli_rb_heading(struct kli_rb *b, const char *text)
{
	char *s = dup(b, text);
	if (s)
		block(b, KL_BLOCK_HEADING, s, 0);
}

void kli_rb_missing(struct kli_rb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vfmt(b, fmt, ap);
	va_end(ap);
	if (s) {
		block(b, KL_BLOCK_MISSING, s, 0);
		b->r->missing++;
	}
}

size_t kli_rb_table(struct kli_rb *b, const char *name, const char *caption,
                    size_t ncols, ...)
{
	const char *heads[32];
	va_list ap;

	va_start(ap, ncols);
	for (size_t i = 0; i < ncols && i < 32; i++)
		heads[i] = va_arg(ap, const char *);
	va_end(ap);
	return kli_rb_table_v(b, name, caption, ncols < 32 ? ncols : 32, heads);
}

size_t kli_rb_table_v(struct kli_rb *b, const char *name, const char *caption,
                      size_t ncols, const char *const *heads)
{
	struct kl_report *r = b->r;
	struct kl_rep_table *t;

	if (grow(b, (void **)&r->tables, r->ntables, sizeof(*r->tables)))
		return 0;
	t = &r->tables[r->ntables];
	t->number = (int)r->ntables + 1;
	t->id = kli_rb_fmt(b, "tabell-%d", t->number);
	t->name = kli_rb_fmt(b, "tabell-%02d-%s", t->number, name);
	t->caption = dup(b, caption);
	t->ncols = ncols;
	t->head = calloc(ncols, sizeof(*t->head));
	if (!t->head)
		b->oom = 1;
	for (size_t i = 0; i < ncols && t->head; i++)
		t->head[i] = dup(b, heads[i]);
	r->ntables++;
	block(b, KL_BLOCK_TABLE, NULL, r->ntables - 1);
	return r->ntables - 1;
}

size_t kli_rb_row(struct kli_rb *b, size_t t)
{
	struct kl_rep_table *tb;
	struct kl_rep_cell *c;

	if (t >= b->r->ntables)
		return 0;
	tb = &b->r->tables[t];
	c = realloc(tb->cells, (tb->nrows + 1) * tb->ncols * sizeof(*c));
	if (!c) {
		b->oom = 1;
		return tb->nrows ? tb->nrows - 1 : 0;
	}
	memset(c + tb->nrows * tb->ncols, 0, tb->ncols * sizeof(*c));
	tb->cells = c;
	return tb->nrows++;
}

static struct kl_rep_cell *cell(struct kli_rb *b, size_t t, size_t row,
                                size_t col)
{
	struct kl_rep_table *tb;
	struct kl_rep_cell *c;
	if (t >= b->r->ntables)
		return NULL;
	tb = &b->r->tables[t];
	if (row >= tb->nrows || col >= tb->ncols || !tb->cells)
		return NULL;
	c = &tb->cells[row * tb->ncols + col];
	free(c->text);
	free(c->raw);
	free(c->lo);
	free(c->hi);
	c->text = c->raw = c->lo = c->hi = NULL;
	c->sym_title = NULL;
	c->flag = NULL;
	return c;
}

void kli_rb_text(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *s)
{
	struct kl_rep_cell *c = cell(b, t, row, col);
	if (!c)
		return;
	c->kind = KL_CELL_TEXT;
	c->text = dup(b, s);
}

void kli_rb_sym(struct kli_rb *b, size_t t, size_t row, size_t col,
                const char *sym)
{
	struct kl_rep_cell *c = cell(b, t, row, col);
	if (!c)
		return;
	c->kind = KL_CELL_SYM;
	c->text = dup(b, sym);
	c->raw = dup(b, strcmp(sym, KLI_SYM_ZERO) == 0     ? "0"
	                : strcmp(sym, KLI_SYM_HIDDEN) == 0 ? ".."
	                                                   : "");
	c->sym_title = strcmp(sym, KLI_SYM_ZERO) == 0     ? kli_sym_zero_title
	               : strcmp(sym, KLI_SYM_HIDDEN) == 0 ? kli_sym_hidden_title
	                                                  : kli_sym_na_title;
}

void kli_rb_undef(struct kli_rb *b, size_t t, size_t row, size_t col)
{
	struct kl_rep_cell *c = cell(b, t, row, col);
	if (!c)
		return;
	c->kind = KL_CELL_SYM;
	c->text = dup(b, KLI_SYM_HIDDEN);
	c->raw = dup(b, "");
	c->sym_title = kli_sym_undef_title;
}

void kli_rb_cell(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *text, const char *raw)
{
	struct kl_rep_cell *c = cell(b, t, row, col);
	if (!c)
		return;
	c->kind = KL_CELL_NUM;
	c->text = dup(b, text);
	c->raw = raw ? dup(b, raw) : NULL;
}

void kli_rb_interval(struct kli_rb *b, size_t t, size_t row, size_t col,
                     const char *text, const char *lo, const char *hi)
{
	struct kl_rep_cell *c = cell(b, t, row, col);
	if (!c)
		return;
	c->kind = KL_CELL_NUM;
	c->text = dup(b, text);
	c->lo = dup(b, lo);
	c->hi = dup(b, hi);
}

struct kl_rep_cell *kli_rb_at(struct kli_rb *b, size_t t, size_t row,
                              size_t col)
{
	struct kl_rep_table *tb;
	if (t >= b->r->ntables)
		return NULL;
	tb = &b->r->tables[t];
	if (row >= tb->nrows || col >= tb->ncols || !tb->cells)
		return NULL;
	return &tb->cells[row * tb->ncols + col];
}

void kli_rb_flag(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *flag)
{
	struct kl_rep_table *tb;
	if (t >= b->r->ntables)
		return;
	tb = &b->r->tables[t];
	if (row >= tb->nrows || col >= tb->ncols || !tb->cells)
		return;
	tb->cells[row * tb->ncols + col].flag = flag;
}

void kli_rb_num(struct kli_rb *b, size_t t, size_t row, size_t col, double v,
                int decimals)
{
	char buf[KL_FMT_SIZE], raw[64];
	if (!isfinite(v)) { /* undefined, never "nan" or "inf" */
		kli_rb_sym(b, t, row, col, KLI_SYM_HIDDEN);
		return;
	}
	kl_fmt_num(buf, sizeof(buf), v, decimals);
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	kli_rb_cell(b, t, row, col, buf, raw);
}

void kli_rb_fail(struct kli_rb *b, const struct kl_error *e)
{
	if (e->status == KL_ERR_NOMEM)
		b->oom = 1;
	else if (b->err && b->err->status == KL_OK)
		*b->err = *e;
}

size_t kli_rb_count(struct kli_rb *b, size_t t, size_t row, size_t col,
                    const char *key, long long count)
{
	struct kl_rep_cell *c;

	c = cell(b, t, row, col);
	if (!c)
		return 0;
	c->kind = KL_CELL_SYM;
	c->text = dup(b, KLI_SYM_HIDDEN);
	c->raw = dup(b, "..");
	c->sym_title = kli_sym_hidden_title;
	c->count = count;
	b->r->tables[t].persons = 1;
	c->sdc = kli_rb_key_x(b, key, count, 0);
	return c->sdc;
}

size_t kli_rb_key(struct kli_rb *b, const char *key, long long count)
{
	return kli_rb_key_x(b, key, count, 0);
}

size_t kli_rb_key_x(struct kli_rb *b, const char *key, long long count,
                    int exempt)
{
	size_t idx = 0;
	struct kl_error e;
	if (!b->sdc || b->oom)
		return 0;
	kl_error_clear(&e);
	if (kl_sdc_cell(b->sdc, key, count, exempt, &idx, &e) == KL_OK)
		return idx + 1;
	kli_rb_fail(b, &e);
	return 0;
}

int kli_rb_hidden(const struct kli_rb *b, size_t idx)
{
	enum kl_sdc_state s;
	if (!b->sdc || !idx)
		return 0;
	s = kl_sdc_state(b->sdc, idx - 1);
	return s == KL_SDC_PRIMARY || s == KL_SDC_SECONDARY;
}

/*
 * The disclosure indices + 1 ix[0..n) as the problem's own indices, in a
 * new array the caller frees; NULL when one of them is 0 (a cell not in
 * the problem: the relation is not declared) or when out of memory
 * (b->oom set).
 */
static size_t *sdc_indices(struct kli_rb *b, const size_t *ix, size_t n)
{
	/* any number of parts: a fixed bound here dropped larger sums from
	 * disclosure control without a word (issue 16) */
	size_t *m = malloc((n ? n : 1) * sizeof(*m));
	if (!m) {
		b->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!ix[i]) {
			free(m);
			return NULL;
		}
		m[i] = ix[i] - 1;
	}
	return m;
}

void kli_rb_sum(struct kli_rb *b, size_t total, long long tcount,
                const size_t *parts, const long long *pcount, size_t n)
{
	size_t *p;
	long long sum = 0;
	struct kl_error e;
	if (!b->sdc || !total || b->oom)
		return;
	p = sdc_indices(b, parts, n);
	if (!p)
		return;
	for (size_t i = 0; i < n; i++)
		sum += pcount[i];
	kl_error_clear(&e);
	if (sum == tcount && kl_sdc_sum(b->sdc, total - 1, p, n, &e))
		kli_rb_fail(b, &e);
	free(p);
}

size_t kli_rb_unpub(struct kli_rb *b, const char *key, long long count,
                    int persons)
{
	struct kl_error e;
	size_t idx;
	if (!b->sdc || b->oom)
		return 0;
	kl_error_clear(&e);
	if (kl_sdc_unpublished(b->sdc, key, count, persons, &idx, &e) == KL_OK)
		return idx + 1;
	kli_rb_fail(b, &e);
	return 0;
}

void kli_rb_rel(struct kli_rb *b, const size_t *ix, const long long *a,
                size_t n, long long rhs)
{
	struct kl_error e;
	size_t *m;
	if (!b->sdc || b->oom || n == 0)
		return;
	m = sdc_indices(b, ix, n);
	if (!m)
		return;
	kl_error_clear(&e);
	if (kl_sdc_rel(b->sdc, m, a, n, rhs, &e))
		kli_rb_fail(b, &e);
	free(m);
}

void kli_rb_force(struct kli_rb *b, size_t ix)
{
	struct kl_error e;
	kl_error_clear(&e);
	if (b->sdc && ix && kl_sdc_force(b->sdc, ix - 1, &e))
		kli_rb_fail(b, &e);
}

void kli_rb_level(struct kli_rb *b, size_t ix, long long level)
{
	struct kl_error e;
	kl_error_clear(&e);
	if (b->sdc && ix && kl_sdc_level(b->sdc, ix - 1, level, &e))
		kli_rb_fail(b, &e);
}

void kli_rb_note(struct kli_rb *b, size_t t, const char *fmt, ...)
{
	struct kl_rep_table *tb;
	va_list ap;
	char *s;

	if (t >= b->r->ntables)
		return;
	tb = &b->r->tables[t];
	va_start(ap, fmt);
	s = vfmt(b, fmt, ap);
	va_end(ap);
	if (!s || grow(b, (void **)&tb->notes, tb->nnotes, sizeof(char *))) {
		free(s);
		return;
	}
	tb->notes[tb->nnotes++] = s;
}

void kli_rb_source(struct kli_rb *b, size_t t, const char *imports,
                   const char *fmt, ...)
{
	struct kl_rep_table *tb;
	va_list ap;

	if (t >= b->r->ntables)
		return;
	tb = &b->r->tables[t];
	va_start(ap, fmt);
	free(tb->source);
	tb->source = vfmt(b, fmt, ap);
	va_end(ap);
	free(tb->imports);
	tb->imports = dup(b, imports);
}

size_t kli_rb_figure(struct kli_rb *b, int map, const char *caption,
                     const char *summary, char *svg, size_t table)
{
	struct kl_report *r = b->r;
	struct kl_rep_figure *f;
	int n = 1;

	if (grow(b, (void **)&r->figures, r->nfigures, sizeof(*r->figures))) {
		free(svg);
		return 0;
	}
	for (size_t i = 0; i < r->nfigures; i++)
		n += r->figures[i].map == map;
	f = &r->figures[r->nfigures];
	f->number = n;
	f->map = map;
	f->id = kli_rb_fmt(b, "%s-%d", map ? "karta" : "diagram", n);
	f->caption = dup(b, caption);
	f->summary = dup(b, summary);
	f->svg = svg;
	f->table = (int)table;
	r->nfigures++;
	block(b, KL_BLOCK_FIGURE, NULL, r->nfigures - 1);
	return r->nfigures - 1;
}

void kli_rb_figure_drawn(struct kli_rb *b, size_t fig, int rc,
                         const struct kl_error *e, char *svg,
                         const char *caption, const char *summary)
{
	struct kl_rep_figure *f;
	if (rc != KL_OK) {
		if (e->status == KL_ERR_NOMEM)
			b->oom = 1;
		return;
	}
	f = &b->r->figures[fig - 1];
	free(f->svg);
	f->svg = svg;
	if (caption) {
		free(f->caption);
		f->caption = kli_rb_fmt(b, "%s", caption);
	}
	free(f->summary);
	f->summary = kli_rb_fmt(b, "%s", summary);
}

void kli_rb_chart_pct(struct kl_chart_opts *co, const char *title,
                      const char *desc, const char *id)
{
	memset(co, 0, sizeof(*co));
	co->title = title;
	co->desc = desc;
	co->unit = "procent";
	co->id = id;
	co->decimals = 1;
	co->xmin = NAN;
	co->xmax = NAN;
}

void kli_rb_meta(struct kli_rb *b, const char *key, const char *value)
{
	struct kl_report *r = b->r;
	if (grow(b, (void **)&r->meta, r->nmeta, sizeof(*r->meta)))
		return;
	r->meta[r->nmeta].key = dup(b, key);
	r->meta[r->nmeta].value = dup(b, value);
	r->nmeta++;
}

void kl_report_free(struct kl_report *r)
{
	if (!r)
		return;
	free(r->title);
	free(r->region_text);
	free(r->data_date);
	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i]);
	for (size_t i = 0; i < r->nmeta; i++) {
		free(r->meta[i].key);
		free(r->meta[i].value);
	}
	free(r->meta);
	for (size_t i = 0; i < r->nsections; i++) {
		struct kl_rep_section *s = &r->sections[i];
		free(s->id);
		free(s->title);
		for (size_t j = 0; j < s->nblocks; j++)
			free(s->blocks[j].text);
		free(s->blocks);
	}
	free(r->sections);
	for (size_t i = 0; i < r->ntables; i++) {
		struct kl_rep_table *t = &r->tables[i];
		free(t->id);
		free(t->name);
		free(t->caption);
		free(t->source);
		free(t->imports);
		for (size_t j = 0; t->head && j < t->ncols; j++)
			free(t->head[j]);
		free(t->head);
		for (size_t j = 0; t->cells && j < t->nrows * t->ncols; j++) {
			free(t->cells[j].text);
			free(t->cells[j].raw);
			free(t->cells[j].lo);
			free(t->cells[j].hi);
		}
		free(t->cells);
		for (size_t j = 0; j < t->nnotes; j++)
			free(t->notes[j]);
		free(t->notes);
	}
	free(r->tables);
	for (size_t i = 0; i < r->nfigures; i++) {
		struct kl_rep_figure *f = &r->figures[i];
		free(f->id);
		free(f->caption);
		free(f->summary);
		free(f->svg);
	}
	free(r->figures);
	free(r->audit);
	free(r);
}
