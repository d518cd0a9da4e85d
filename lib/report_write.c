/*
 * report_write.c - the report's formats: text for a terminal, Markdown,
 * CSV (one table per file, plus a manifest) and one self-contained HTML
 * file (inline CSS with print rules for A4, inline SVG, no script, no
 * network; DOMAIN.md §8, accessibility).
 *
 * Every writer walks the same document model in the same order and writes
 * nothing that depends on the time or the machine, so two runs on the same
 * document give the same bytes.  Write errors are collected with ferror()
 * and reported once, as KL_ERR_IO.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_report.h"
#include "report_priv.h"
#include "util_priv.h"

static int done(FILE *f, struct kl_error *err)
{
	if (fflush(f) || ferror(f))
		return kl_error_sys(err, KL_ERR_IO, errno ? errno : EIO,
		                    "cannot write the report");
	return KL_OK;
}

static const char *txt(const struct kl_rep_cell *c)
{
	return c->text ? c->text : "";
}

/* Display width of UTF-8 s: code points (all of ours are one column). */
static size_t width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* Write s wrapped at 78 columns, with prefix on continuation lines. */
static void wrap(FILE *f, const char *s, const char *indent)
{
	size_t col = 0;
	const char *p = s;
	while (*p) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		char word[1024];
		size_t l = (size_t)(e - p) < sizeof(word) - 1
		               ? (size_t)(e - p)
		               : sizeof(word) - 1;
		memcpy(word, p, l);
		word[l] = '\0';
		size_t w = width(word);
		if (col && col + 1 + w > 78) {
			fprintf(f, "\n%s", indent);
			col = width(indent);
		} else if (col) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += w;
		p = *e ? e + 1 : e;
	}
	fputc('\n', f);
}

static void underline(FILE *f, const char *s, char ch)
{
	size_t w = width(s);
	for (size_t i = 0; i < w; i++)
		fputc(ch, f);
	fputc('\n', f);
}

/* Is column j all labels (left-aligned)? */
static int text_col(const struct kl_rep_table *t, size_t j)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->cells[i * t->ncols + j].kind != KL_CELL_TEXT)
			return 0;
	return 1;
}

static void text_table(FILE *f, const struct kl_rep_table *t)
{
	size_t wd[64] = {0};
	size_t nc = t->ncols < 64 ? t->ncols : 64;
	char line[1200];

	snprintf(line, sizeof(line), "Tabell %d. %s", t->number, t->caption);
	wrap(f, line, "  ");
	fputc('\n', f);
	for (size_t j = 0; j < nc; j++) {
		wd[j] = width(t->head[j]);
		for (size_t i = 0; i < t->nrows; i++) {
			size_t w = width(txt(&t->cells[i * t->ncols + j]));
			if (w > wd[j])
				wd[j] = w;
		}
	}
	for (size_t j = 0; j < nc; j++) {
		fputs("  ", f);
		if (text_col(t, j)) {
			fputs(t->head[j], f);
			if (j + 1 < nc)
				spaces(f, wd[j] - width(t->head[j]));
		} else {
			spaces(f, wd[j] - width(t->head[j]));
			fputs(t->head[j], f);
		}
	}
	fputc('\n', f);
	for (size_t j = 0; j < nc; j++) {
		fputs("  ", f);
		for (size_t k = 0; k < wd[j]; k++)
			fputc('-', f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < nc; j++) {
			const struct kl_rep_cell *c =
			    &t->cells[i * t->ncols + j];
			size_t w = width(txt(c));
			fputs("  ", f);
			if (text_col(t, j)) {
				fputs(txt(c), f);
				if (j + 1 < nc)
					spaces(f, wd[j] - w);
			} else {
				spaces(f, wd[j] - w);
				fputs(txt(c), f);
			}
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < t->nnotes; i++) {
		snprintf(line, sizeof(line), "  Anm. %s", t->notes[i]);
		wrap(f, line, "       ");
	}
	if (t->source) {
		snprintf(line, sizeof(line), "  %s", t->source);
		wrap(f, line, "  ");
	}
	fputc('\n', f);
}

int kl_report_write_text(const struct kl_report *r, FILE *f,
                         struct kl_error *err)
{
	char line[1200];

	fprintf(f, "%s\n", r->title);
	underline(f, r->title, '=');
	fputc('\n', f);
	for (size_t i = 0; i < r->nmeta; i++) {
		snprintf(line, sizeof(line), "%s: %s", r->meta[i].key,
		         r->meta[i].value);
		wrap(f, line, "  ");
	}
	fputc('\n', f);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct kl_rep_section *sec = &r->sections[s];
		snprintf(line, sizeof(line), "%d. %s", sec->number, sec->title);
		fprintf(f, "%s\n", line);
		underline(f, line, '-');
		fputc('\n', f);
		for (size_t b = 0; b < sec->nblocks; b++) {
			const struct kl_rep_block *bl = &sec->blocks[b];
			switch (bl->kind) {
			case KL_BLOCK_PARA:
				wrap(f, bl->text, "");
				fputc('\n', f);
				break;
			case KL_BLOCK_HEADING:
				fprintf(f, "%s\n\n", bl->text);
				break;
			case KL_BLOCK_MISSING:
				wrap(f, bl->text, "  ");
				fputc('\n', f);
				break;
			case KL_BLOCK_TABLE:
				text_table(f, &r->tables[bl->index]);
				break;
			case KL_BLOCK_FIGURE: {
				const struct kl_rep_figure *g =
				    &r->figures[bl->index];
				snprintf(line, sizeof(line),
				         "%s %d. %s (bilden finns i "
				         "HTML-versionen)",
				         g->map ? "Karta" : "Diagram",
				         g->number, g->caption);
				wrap(f, line, "  ");
				wrap(f, g->summary, "");
				fputc('\n', f);
				break;
			}
			}
		}
	}
	return done(f, err);
}

/* ---- Markdown ------------------------------------------------------------ */

/*
 * Text from the store or the report file (titles, labels, notes) goes into
 * Markdown as text, never as markup: HTML's < > & become entities (a
 * renderer passes raw HTML through), and every character Markdown gives a
 * meaning inside a line (emphasis, code, links, images, table pipes,
 * strikethrough) is escaped with a backslash.  At the start of a block,
 * the characters that would open a heading, list, quote or setext line are
 * escaped too.
 */
static void md_text(FILE *f, const char *s, int block_start)
{
	if (block_start && *s && strchr("#>-+=~", *s))
		fputc('\\', f);
	if (block_start && *s >= '0' && *s <= '9') {
		const char *d = s;
		while (*d >= '0' && *d <= '9')
			d++;
		if (*d == '.' || *d == ')') {
			fwrite(s, 1, (size_t)(d - s), f);
			fputc('\\', f);
			s = d;
		}
	}
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			continue;
		case '>':
			fputs("&gt;", f);
			continue;
		case '&':
			fputs("&amp;", f);
			continue;
		case '\n':
		case '\r':
			fputc(' ', f);
			continue;
		case '|':
		case '*':
		case '_':
		case '\\':
		case '`':
		case '[':
		case ']':
		case '!':
		case '~':
			fputc('\\', f);
			break;
		default:
			break;
		}
		fputc(*s, f);
	}
}

static void md_cell(FILE *f, const char *s)
{
	md_text(f, s, 0);
}

static void md_block(FILE *f, const char *s)
{
	md_text(f, s, 1);
}

int kl_report_write_md(const struct kl_report *r, FILE *f, struct kl_error *err)
{
	fputs("# ", f);
	md_cell(f, r->title);
	fputs("\n\n", f);
	for (size_t i = 0; i < r->nmeta; i++) {
		fputs("- **", f);
		md_cell(f, r->meta[i].key);
		fputs(":** ", f);
		md_cell(f, r->meta[i].value);
		fputc('\n', f);
	}
	fputc('\n', f);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct kl_rep_section *sec = &r->sections[s];
		fprintf(f, "## %d. ", sec->number);
		md_cell(f, sec->title);
		fputs("\n\n", f);
		for (size_t b = 0; b < sec->nblocks; b++) {
			const struct kl_rep_block *bl = &sec->blocks[b];
			if (bl->kind == KL_BLOCK_PARA) {
				md_block(f, bl->text);
				fputs("\n\n", f);
			} else if (bl->kind == KL_BLOCK_HEADING) {
				fputs("### ", f);
				md_cell(f, bl->text);
				fputs("\n\n", f);
			} else if (bl->kind == KL_BLOCK_MISSING) {
				fputs("> ", f);
				md_cell(f, bl->text);
				fputs("\n\n", f);
			} else if (bl->kind == KL_BLOCK_FIGURE) {
				const struct kl_rep_figure *g =
				    &r->figures[bl->index];
				fprintf(f, "**%s %d.** ",
				        g->map ? "Karta" : "Diagram",
				        g->number);
				md_cell(f, g->caption);
				fputs(" (bilden finns i HTML-versionen)\n\n",
				      f);
				md_block(f, g->summary);
				fputs("\n\n", f);
			} else {
				const struct kl_rep_table *t =
				    &r->tables[bl->index];
				fprintf(f, "**Tabell %d.** ", t->number);
				md_cell(f, t->caption);
				fputs("\n\n|", f);
				for (size_t j = 0; j < t->ncols; j++) {
					fputc(' ', f);
					md_cell(f, t->head[j]);
					fputs(" |", f);
				}
				fputs("\n|", f);
				for (size_t j = 0; j < t->ncols; j++)
					fputs(j ? " ---: |" : " :--- |", f);
				fputc('\n', f);
				for (size_t i = 0; i < t->nrows; i++) {
					fputc('|', f);
					for (size_t j = 0; j < t->ncols; j++) {
						fputc(' ', f);
						md_cell(
						    f,
						    txt(&t->cells[i * t->ncols +
						                  j]));
						fputs(" |", f);
					}
					fputc('\n', f);
				}
				fputc('\n', f);
				for (size_t i = 0; i < t->nnotes; i++) {
					fputs("Anm. ", f);
					md_cell(f, t->notes[i]);
					fputs("  \n", f);
				}
				if (t->source) {
					md_block(f, t->source);
					fputc('\n', f);
				}
				fputc('\n', f);
			}
		}
	}
	return done(f, err);
}

/* ---- CSV ------------------------------------------------------------------
 *
 * The bundle is for machines (kartlagg-report(5), CSV BUNDLE).  Each
 * printed figure is split into the parts it shows, one unit per column:
 * the value, an interval's bounds (<heading>_lo, <heading>_hi), the
 * caution mark (<heading>_flag), a p-value (<heading>_p) and a rate beside
 * a count (<heading>_per_100000).  The parts are read back from the
 * printed Swedish text, so they have exactly the precision the table
 * shows; a cell's raw value is used only when its text is not a figure.
 * Free text (headings, labels, captions, notes) is neutralised against
 * formula injection; the figures are exempt, being numbers we wrote.
 */

enum { P_V, P_LO, P_HI, P_FLAG, P_P, P_RATE, P_N };

static const char *const part_suffix[P_N] = {"",      "_lo", "_hi",
                                             "_flag", "_p",  "_per_100000"};

struct parts {
	char s[P_N][48];
	unsigned has;     /* bits 1 << P_x */
	unsigned grouped; /* bits 1 << P_x: printed with digit grouping */
};

/* Quote s for RFC 4180 and write it, then ',' or '\n'. */
static void csv_raw(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

/*
 * Free text: a cell starting with = + - @, a tab or a carriage return is
 * one a spreadsheet would run as a formula (OWASP, CSV injection); it is
 * written with a single quote in front.
 */
static void csv(FILE *f, const char *s, int last)
{
	if (*s && strchr("=+-@\t\r", *s)) {
		struct kli_sb q = {0};
		kli_sb_appendf(&q, "'%s", s);
		if (!q.failed) {
			csv_raw(f, q.s, last);
			kli_sb_free(&q);
			return;
		}
		kli_sb_free(&q);
		fputc('\'', f); /* no memory: still neutralised */
	}
	csv_raw(f, s, last);
}

static int match(const char **s, const char *lit)
{
	size_t l = strlen(lit);
	if (strncmp(*s, lit, l))
		return 0;
	*s += l;
	return 1;
}

/*
 * A number as kl_fmt prints it (minus U+2212 or '-', digits grouped by
 * U+202F or U+00A0 in threes, decimal comma) at *s into out as a machine
 * number ("-1234.5"); advances *s and sets *grouped when the digits were
 * grouped.  0 on success.
 */
static int sv_num(const char **s, char *out, size_t n, int *grouped)
{
	const char *p = *s;
	size_t k = 0;

	if (match(&p, "\xe2\x88\x92") || match(&p, "-"))
		out[k++] = '-';
	if (*p < '0' || *p > '9')
		return -1;
	for (;;) {
		while (*p >= '0' && *p <= '9' && k + 2 < n)
			out[k++] = *p++;
		const char *q = p;
		if ((match(&q, "\xe2\x80\xaf") || match(&q, "\xc2\xa0")) &&
		    q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9' &&
		    q[2] >= '0' && q[2] <= '9' && (q[3] < '0' || q[3] > '9')) {
			p = q;
			*grouped = 1;
			continue;
		}
		break;
	}
	if (*p == ',' && p[1] >= '0' && p[1] <= '9') {
		out[k++] = '.';
		p++;
		while (*p >= '0' && *p <= '9' && k + 1 < n)
			out[k++] = *p++;
	}
	if ((*p >= '0' && *p <= '9') || k + 1 >= n)
		return -1;
	out[k] = '\0';
	*s = p;
	return 0;
}

/*
 * The parts of a printed figure: VALUE or LO–HI, an optional '*', and an
 * optional " (p = P)", " (LO till HI)" or " (RATE per 100 000)".  0 when
 * the whole text is such a figure.
 */
static int parse_figure(const char *s, struct parts *pt)
{
	char a[48];
	int g = 0, ga = 0;
	memset(pt, 0, sizeof(*pt));
	if (sv_num(&s, a, sizeof(a), &ga))
		return -1;
	if (match(&s, "\xe2\x80\x93")) { /* – */
		memcpy(pt->s[P_LO], a, sizeof(a));
		if (sv_num(&s, pt->s[P_HI], sizeof(pt->s[P_HI]), &g))
			return -1;
		pt->has |= 1u << P_LO | 1u << P_HI;
		pt->grouped |= (ga ? 1u << P_LO : 0) | (g ? 1u << P_HI : 0);
	} else {
		memcpy(pt->s[P_V], a, sizeof(a));
		pt->has |= 1u << P_V;
		pt->grouped |= ga ? 1u << P_V : 0;
	}
	if (match(&s, "*")) {
		kli_strlcpy(pt->s[P_FLAG], "*", sizeof(pt->s[P_FLAG]));
		pt->has |= 1u << P_FLAG;
	} else if (match(&s, " p")) { /* Brå's preliminary figure */
		kli_strlcpy(pt->s[P_FLAG], "p", sizeof(pt->s[P_FLAG]));
		pt->has |= 1u << P_FLAG;
	}
	if (match(&s, " (")) {
		if (match(&s, "p = ")) {
			g = 0;
			if (sv_num(&s, pt->s[P_P], sizeof(pt->s[P_P]), &g))
				return -1;
			pt->has |= 1u << P_P;
			pt->grouped |= g ? 1u << P_P : 0;
		} else {
			ga = 0;
			if (sv_num(&s, a, sizeof(a), &ga))
				return -1;
			if (match(&s, " till ") && !(pt->has & 1u << P_LO)) {
				memcpy(pt->s[P_LO], a, sizeof(a));
				g = 0;
				if (sv_num(&s, pt->s[P_HI], sizeof(pt->s[P_HI]),
				           &g))
					return -1;
				pt->has |= 1u << P_LO | 1u << P_HI;
				pt->grouped |= (ga ? 1u << P_LO : 0) |
				               (g ? 1u << P_HI : 0);
			} else if (match(&s, " per 100 000") ||
			           match(&s, " per 100\xc2\xa0"
			                     "000") ||
			           match(&s, " per 100\xe2\x80\xaf"
			                     "000")) {
				memcpy(pt->s[P_RATE], a, sizeof(a));
				pt->has |= 1u << P_RATE;
				pt->grouped |= ga ? 1u << P_RATE : 0;
			} else {
				return -1;
			}
		}
		if (!match(&s, ")"))
			return -1;
	}
	return *s ? -1 : 0;
}

/* The CSV code of a symbol cell: 0, .. or . */
static const char *sym_code(const struct kl_rep_cell *c)
{
	const char *t = txt(c);
	if (strcmp(t, "\xe2\x80\x93") == 0 || strcmp(t, "0") == 0)
		return "0";
	if (strcmp(t, "..") == 0)
		return "..";
	return ".";
}

/*
 * The parts of cell c.  Returns 1 when the cell is a figure (parts in
 * *pt), 2 when it is a symbol (code in pt->s[P_V], every part), 0 when it
 * is free text.
 */
static int cell_parts(const struct kl_rep_cell *c, struct parts *pt)
{
	memset(pt, 0, sizeof(*pt));
	/* undefined (kli_rb_undef): ".." printed, empty for machines */
	if (c->kind == KL_CELL_SYM && c->raw && !*c->raw &&
	    strcmp(txt(c), "..") == 0)
		return 3;
	if (c->kind == KL_CELL_SYM) {
		snprintf(pt->s[P_V], sizeof(pt->s[P_V]), "%s", sym_code(c));
		return 2;
	}
	if (c->kind != KL_CELL_NUM)
		return 0;
	if (strcmp(txt(c), "\xe2\x80\x93") == 0 || strcmp(txt(c), ".") == 0) {
		snprintf(pt->s[P_V], sizeof(pt->s[P_V]), "%s", sym_code(c));
		return 2;
	}
	if (strcmp(txt(c), "..") == 0) /* undefined, e.g. a p with no SE */
		return 3;
	if (parse_figure(txt(c), pt)) {
		memset(pt, 0, sizeof(*pt));
		if (!c->lo || !c->hi)
			return 0;
		if (c->raw && *c->raw) {
			snprintf(pt->s[P_V], sizeof(pt->s[P_V]), "%s", c->raw);
			pt->has |= 1u << P_V;
		}
	}
	/* bounds and flag the section gave explicitly win */
	if (c->lo && c->hi) {
		snprintf(pt->s[P_LO], sizeof(pt->s[P_LO]), "%s", c->lo);
		snprintf(pt->s[P_HI], sizeof(pt->s[P_HI]), "%s", c->hi);
		pt->has |= 1u << P_LO | 1u << P_HI;
	}
	if (c->flag) {
		snprintf(pt->s[P_FLAG], sizeof(pt->s[P_FLAG]), "%s", c->flag);
		pt->has |= 1u << P_FLAG;
	}
	return 1;
}

/* Which parts column j of tb is written as (bits 1 << P_x). */
static unsigned col_parts(const struct kl_rep_table *tb, size_t j)
{
	unsigned has = 0;
	struct parts pt;
	for (size_t i = 0; i < tb->nrows; i++) {
		int k = cell_parts(&tb->cells[i * tb->ncols + j], &pt);
		if (k == 1)
			has |= pt.has;
		else if (k == 0)
			has |= 1u << P_V;
	}
	if (!(has & 1u << P_LO))
		has |= 1u << P_V; /* an interval-only column has no value */
	return has;
}

/* Integer digits of plain number s ("-1234.5": 4). */
static size_t int_digits(const char *s)
{
	if (*s == '-')
		s++;
	return strspn(s, "0123456789");
}

int kli_report_grid(const struct kl_rep_table *tb, kli_grid_fn fn, void *ctx)
{
	struct kli_grid_field g;
	unsigned *cp;
	size_t col;
	int rc = 0;

	cp = calloc(tb->ncols ? tb->ncols : 1, sizeof(*cp));
	if (!cp)
		return KL_ERR_NOMEM;
	col = 0;
	for (size_t j = 0; !rc && j < tb->ncols; j++) {
		cp[j] = col_parts(tb, j);
		for (int k = 0; !rc && k < P_N; k++) {
			if (!(cp[j] & 1u << k))
				continue;
			struct kli_sb h = {0};
			kli_sb_appendf(&h, "%s%s", tb->head[j], part_suffix[k]);
			if (h.failed) {
				kli_sb_free(&h);
				free(cp);
				return KL_ERR_NOMEM;
			}
			g = (struct kli_grid_field){KLI_GRID_HEAD, h.s, 0, 0,
			                            NULL};
			rc = fn(ctx, 0, col++, &g);
			kli_sb_free(&h);
		}
	}
	g = (struct kli_grid_field){KLI_GRID_HEAD, "source_imports", 0, 1,
	                            NULL};
	if (!rc)
		rc = fn(ctx, 0, col, &g);
	for (size_t i = 0; !rc && i < tb->nrows; i++) {
		col = 0;
		for (size_t j = 0; !rc && j < tb->ncols; j++) {
			const struct kl_rep_cell *c =
			    &tb->cells[i * tb->ncols + j];
			struct parts pt;
			int kind = cell_parts(c, &pt);
			for (int k = 0; !rc && k < P_N; k++) {
				if (!(cp[j] & 1u << k))
					continue;
				g = (struct kli_grid_field){KLI_GRID_FIGURE, "",
				                            0, 0, c};
				if (kind == 1) {
					g.s = pt.s[k];
					/* kl_fmt groups every integer part of
					 * more than 3 digits */
					g.grouped =
					    (pt.grouped & 1u << k) ||
					    ((k == P_LO || k == P_HI) &&
					     c->lo && int_digits(g.s) > 3);
				} else if (kind == 2 && k != P_FLAG) {
					g.kind = KLI_GRID_SYMBOL;
					g.s = pt.s[P_V];
				} else if (kind == 0 && k == P_V) {
					g.kind = KLI_GRID_TEXT;
					g.s = c->kind == KL_CELL_NUM && c->raw
					          ? c->raw
					          : txt(c);
				}
				rc = fn(ctx, i + 1, col++, &g);
			}
		}
		g = (struct kli_grid_field){
		    KLI_GRID_TEXT, tb->imports ? tb->imports : "", 0, 1, NULL};
		if (!rc)
			rc = fn(ctx, i + 1, col, &g);
	}
	free(cp);
	return rc;
}

/* kli_grid_fn of the CSV writer: free text neutralised, figures as they
 * are; a ',' between fields and '\n' after the last. */
static int csv_field(void *ctx, size_t row, size_t col,
                     const struct kli_grid_field *g)
{
	FILE *f = ctx;
	(void)row;
	(void)col;
	if (g->kind == KLI_GRID_HEAD || g->kind == KLI_GRID_TEXT)
		csv(f, g->s, g->imports);
	else
		csv_raw(f, g->s, g->imports);
	return 0;
}

int kl_report_write_csv(const struct kl_report *r, size_t t, FILE *f,
                        struct kl_error *err)
{
	if (t >= r->ntables)
		return kl_error_set(err, KL_ERR_USAGE, "no table %zu", t);
	if (kli_report_grid(&r->tables[t], csv_field, f))
		return kli_oom(err);
	return done(f, err);
}

int kl_report_write_manifest(const struct kl_report *r, FILE *f,
                             struct kl_error *err)
{
	fputs("file,table,caption,source,source_imports,hidden_cells,notes\n",
	      f);
	for (size_t i = 0; i < r->ntables; i++) {
		const struct kl_rep_table *t = &r->tables[i];
		char name[300], num[16], hid[24];
		char notes[4096] = "";
		snprintf(name, sizeof(name), "%s.csv", t->name);
		snprintf(num, sizeof(num), "%d", t->number);
		snprintf(hid, sizeof(hid), "%zu", t->hidden);
		for (size_t k = 0; k < t->nnotes; k++) {
			size_t l = strlen(notes);
			snprintf(notes + l, sizeof(notes) - l, "%s%s",
			         k ? " | " : "", t->notes[k]);
		}
		csv(f, name, 0);
		csv(f, num, 0);
		csv(f, t->caption, 0);
		csv(f, t->source ? t->source : "", 0);
		csv(f, t->imports ? t->imports : "", 0);
		csv(f, hid, 0);
		csv(f, notes, 1);
	}
	return done(f, err);
}

/* ---- HTML ------------------------------------------------------------------
 */

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char css[] =
    ":root{color-scheme:light}\n"
    "body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;"
    "color:#1a1a1a;background:#fff;margin:0 auto;max-width:60rem;"
    "padding:1rem;line-height:1.45;font-size:1rem}\n"
    "h1{font-size:1.7rem;margin:.2rem 0 1rem}\n"
    "h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:2px solid "
    "#1f4e79;padding-bottom:.2rem}\n"
    "h3{font-size:1.08rem;margin:1.4rem 0 .4rem}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.2rem 1rem}\n"
    "dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\n"
    ".tabell{overflow-x:auto;margin:1rem 0 1.4rem}\n"
    ".tabell:focus-visible{outline:3px solid #1f4e79;outline-offset:2px}\n"
    "table{border-collapse:collapse;font-size:.88rem;"
    "font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:bold;padding:.3rem 0;"
    "caption-side:top}\n"
    "th,td{border-bottom:1px solid #767676;padding:.2rem .5rem;"
    "vertical-align:top}\n"
    "thead th{border-bottom:2px solid #1a1a1a;text-align:left;"
    "vertical-align:bottom}\n"
    "thead th.num,td.num{text-align:right}\n"
    "td.num{white-space:nowrap}\n"
    "tbody th{text-align:left;font-weight:normal}\n"
    ".kalla,.fotnot{font-size:.82rem;margin:.2rem 0}\n"
    "abbr{text-decoration:none;cursor:help}\n"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n"
    ".saknas{border-left:4px solid #8a5a00;background:#fff8e6;"
    "padding:.4rem .8rem}\n"
    "figure{margin:1rem 0 1.4rem}\n"
    "figure svg{max-width:100%;height:auto}\n"
    "figcaption{font-weight:bold;margin-bottom:.3rem}\n"
    "nav ol{columns:2}\n"
    "@media (max-width:30rem){nav ol{columns:1}"
    "dl.meta{grid-template-columns:1fr}}\n"
    "@page{size:A4;margin:16mm 14mm 16mm 14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "nav{display:none}"
    "h2{break-after:avoid;break-before:auto}h3{break-after:avoid}"
    "thead{display:table-header-group}"
    "tr,figure,.kalla,.fotnot{break-inside:avoid}"
    ".tabell{overflow:visible}"
    "table{font-size:8.5pt}}\n";

static void html_cell(FILE *f, const struct kl_rep_cell *c, int rowhead,
                      int textcol)
{
	const char *tag = rowhead ? "th" : "td";
	const char *t = txt(c);
	fprintf(f, "<%s%s%s>", tag, rowhead ? " scope=\"row\"" : "",
	        textcol ? "" : " class=\"num\"");
	if (c->kind == KL_CELL_SYM && c->sym_title) {
		fputs("<abbr title=\"", f);
		esc(f, c->sym_title);
		fputs("\">", f);
		esc(f, t);
		fputs("</abbr><span class=\"vh\"> (", f);
		esc(f, c->sym_title);
		fputs(")</span>", f);
	} else if (!*t) {
		fputs("<abbr title=\"kan inte förekomma\">.</abbr><span "
		      "class=\"vh\"> (kan inte förekomma)</span>",
		      f);
	} else {
		esc(f, t);
	}
	fprintf(f, "</%s>", tag);
}

static void html_table(FILE *f, const struct kl_rep_table *t)
{
	/* a focusable, named region: a keyboard user can scroll a wide
	 * table (WCAG 2.1.1, axe scrollable-region-focusable) */
	fprintf(f,
	        "<div class=\"tabell\" role=\"region\" tabindex=\"0\" "
	        "aria-labelledby=\"%s-caption\">\n<table id=\"%s\">\n"
	        "<caption id=\"%s-caption\">",
	        t->id, t->id, t->id);
	fprintf(f, "Tabell %d. ", t->number);
	esc(f, t->caption);
	fputs("</caption>\n<thead><tr>", f);
	for (size_t j = 0; j < t->ncols; j++) {
		fprintf(f, "<th scope=\"col\"%s>",
		        text_col(t, j) ? "" : " class=\"num\"");
		esc(f, t->head[j]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", f);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct kl_rep_cell *c =
			    &t->cells[i * t->ncols + j];
			html_cell(f, c, j == 0 && c->kind == KL_CELL_TEXT,
			          text_col(t, j));
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	for (size_t i = 0; i < t->nnotes; i++) {
		fputs("<p class=\"fotnot\">Anm. ", f);
		esc(f, t->notes[i]);
		fputs("</p>\n", f);
	}
	if (t->source) {
		fputs("<p class=\"kalla\">", f);
		esc(f, t->source);
		fputs("</p>\n", f);
	}
	fputs("</div>\n", f);
}

int kl_report_write_html(const struct kl_report *r, FILE *f,
                         struct kl_error *err)
{
	fputs("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta "
	      "charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n<title>",
	      f);
	esc(f, r->title);
	fputs("</title>\n<meta name=\"generator\" content=\"kartlagg\">\n"
	      "<style>\n",
	      f);
	fputs(css, f);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", f);
	esc(f, r->title);
	fputs("</h1>\n<dl class=\"meta\">\n", f);
	for (size_t i = 0; i < r->nmeta; i++) {
		fputs("<dt>", f);
		esc(f, r->meta[i].key);
		fputs("</dt><dd>", f);
		esc(f, r->meta[i].value);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n</header>\n<nav aria-label=\"Innehåll\">\n<ol>\n", f);
	for (size_t s = 0; s < r->nsections; s++) {
		fprintf(f, "<li><a href=\"#%s\">%d. ", r->sections[s].id,
		        r->sections[s].number);
		esc(f, r->sections[s].title);
		fputs("</a></li>\n", f);
	}
	fputs("</ol>\n</nav>\n<main>\n", f);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct kl_rep_section *sec = &r->sections[s];
		fprintf(f, "<section id=\"%s\">\n<h2>%d. ", sec->id,
		        sec->number);
		esc(f, sec->title);
		fputs("</h2>\n", f);
		for (size_t b = 0; b < sec->nblocks; b++) {
			const struct kl_rep_block *bl = &sec->blocks[b];
			switch (bl->kind) {
			case KL_BLOCK_PARA:
				fputs("<p>", f);
				esc(f, bl->text);
				fputs("</p>\n", f);
				break;
			case KL_BLOCK_HEADING:
				fputs("<h3>", f);
				esc(f, bl->text);
				fputs("</h3>\n", f);
				break;
			case KL_BLOCK_MISSING:
				fputs("<p class=\"saknas\">", f);
				esc(f, bl->text);
				fputs("</p>\n", f);
				break;
			case KL_BLOCK_TABLE:
				html_table(f, &r->tables[bl->index]);
				break;
			case KL_BLOCK_FIGURE: {
				const struct kl_rep_figure *g =
				    &r->figures[bl->index];
				/* role="group" named by the caption: Chromium
				 * then tags only the SVG as a PDF Figure (with
				 * its /Alt), not the caption and summary too */
				fprintf(f,
				        "<figure id=\"%s\" role=\"group\" "
				        "aria-labelledby=\"%s-caption\">\n"
				        "<figcaption id=\"%s-caption\">%s "
				        "%d. ",
				        g->id, g->id, g->id,
				        g->map ? "Karta" : "Diagram",
				        g->number);
				esc(f, g->caption);
				fputs("</figcaption>\n", f);
				fputs(g->svg ? g->svg : "", f);
				fputs("\n<p class=\"fotnot\">", f);
				esc(f, g->summary);
				if (g->table)
					fprintf(f,
					        " <a href=\"#tabell-%d\">Data: "
					        "tabell %d</a>.",
					        g->table, g->table);
				fputs("</p>\n</figure>\n", f);
				break;
			}
			}
		}
		fputs("</section>\n", f);
	}
	fputs("</main>\n<footer><p class=\"kalla\">Gjord med kartlagg; "
	      "datadatum ",
	      f);
	esc(f, r->data_date ? r->data_date : "");
	fputs(".</p></footer>\n</body>\n</html>\n", f);
	return done(f, err);
}
