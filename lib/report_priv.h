/*
 * report_priv.h - the report builder's helpers (lib/report_doc.c), shared
 * by lib/report*.c; never included from cli/.
 *
 * The builder grows a struct kl_report.  Allocation failures are sticky:
 * a helper that cannot allocate sets b->oom and returns quietly, and
 * kl_report_build() checks b->oom once at the end, so section code reads
 * straight through.  Tables and figures are referred to by index, since
 * their arrays move as they grow.
 */
#ifndef KL_REPORT_PRIV_H
#define KL_REPORT_PRIV_H

#include <stddef.h>

#include "kl_report.h"

struct kl_sdc;

struct kli_rb {
	struct kl_report *r;
	const struct kl_report_def *d;
	struct kl_store *st;
	struct kl_sdc *sdc; /* NULL when disclosure control is not built in */
	size_t sec;         /* current section */
	int oom;
	struct kl_error *err;
};

/* printf into a new string (NULL and b->oom on failure). */
char *kli_rb_fmt(struct kli_rb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Start section n with a title. */
void kli_rb_section(struct kli_rb *b, int n, const char *title);
/* Blocks of the current section. */
void kli_rb_para(struct kli_rb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void kli_rb_heading(struct kli_rb *b, const char *text);
void kli_rb_missing(struct kli_rb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A new table in the current section with ncols columns (headings given
 * after name and caption, ncols of them); returns its index.  Rows are
 * added with kli_rb_row and filled with the cell setters.
 */
size_t kli_rb_table(struct kli_rb *b, const char *name, const char *caption,
                    size_t ncols, ...);
/* The same with the headings in an array. */
size_t kli_rb_table_v(struct kli_rb *b, const char *name, const char *caption,
                      size_t ncols, const char *const *heads);
/* Append a row; returns its index. */
size_t kli_rb_row(struct kli_rb *b, size_t t);
void kli_rb_text(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *s);
/* A number with decimals; NaN prints "..". */
void kli_rb_num(struct kli_rb *b, size_t t, size_t row, size_t col, double v,
                int decimals);
/* A symbol (e.g. ".." or "–") with its meaning. */
void kli_rb_sym(struct kli_rb *b, size_t t, size_t row, size_t col,
                const char *sym);
/* An undefined figure (a p-value or an interval without variance):
 * printed "..", empty in the CSV bundle. */
void kli_rb_undef(struct kli_rb *b, size_t t, size_t row, size_t col);
/* A number formatted by the caller (text, plain value for CSV). */
void kli_rb_cell(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *text, const char *raw);
/*
 * An interval cell: text as printed ("1,3–2,4"), bounds lo and hi as plain
 * numbers at the printed precision ("1.3", "2.4") for the CSV bundle's
 * <heading>_lo and <heading>_hi columns.  Use it (rather than kli_rb_cell)
 * when the text is not "LO–HI" or "V (LO till HI)" of kl_fmt numbers.
 */
void kli_rb_interval(struct kli_rb *b, size_t t, size_t row, size_t col,
                     const char *text, const char *lo, const char *hi);
/*
 * Mark the figure already set at (t, row, col) with flag (a static
 * string such as "*", uncertain estimate), written in the CSV bundle's
 * <heading>_flag column.  The text is not changed: print the mark in it.
 */
void kli_rb_flag(struct kli_rb *b, size_t t, size_t row, size_t col,
                 const char *flag);
/*
 * A published count of persons under the disclosure key `key` (the same
 * key everywhere the figure appears).  Returns the cell's index in the
 * disclosure problem + 1, or 0 when there is none.
 */
size_t kli_rb_count(struct kli_rb *b, size_t t, size_t row, size_t col,
                    const char *key, long long count);
/*
 * A count of persons the tables do not print but a reader can derive
 * (a share's yes count, share x n), under the disclosure key `key`: in
 * the disclosure problem like a printed one.  Returns its index + 1, or 0.
 */
size_t kli_rb_key(struct kli_rb *b, const char *key, long long count);
/*
 * kli_rb_key with the exemption: exempt = 1 registers a count the reader
 * already knows from elsewhere (the previous round's valid answers, which
 * the previous appendix published): a published constraint, never hidden.
 */
size_t kli_rb_key_x(struct kli_rb *b, const char *key, long long count,
                    int exempt);
/* Is the count at index + 1 idx hidden by disclosure control (after
 * kl_sdc_protect)?  0 for idx 0. */
int kli_rb_hidden(const struct kli_rb *b, size_t idx);
/*
 * Declare total = sum(parts) (indices + 1 as kli_rb_count returned, with
 * their counts) when the counts add up; a 0 index anywhere, or counts that
 * do not add up (a category not published), skip the relation.
 */
void kli_rb_sum(struct kli_rb *b, size_t total, long long tcount,
                const size_t *parts, const long long *pcount, size_t n);
/*
 * Counts the tables do not print but a reader's identities go through
 * (kartlagg-report(5), DISCLOSURE CONTROL).  Indices are + 1 as
 * kli_rb_count returns them; 0 means none and makes a relation skip.
 * kli_rb_unpub registers an unpublished count (persons = 1: it counts
 * persons and is protected when small; 0: a slack naming nobody) and
 * returns its index + 1, or 0; kli_rb_rel declares
 * sum of a[i] * cell(ix[i]) = rhs; kli_rb_force hides cell ix by a rule
 * whatever its count.  Failures go to b->err (or b->oom) as for
 * kli_rb_count.
 */
size_t kli_rb_unpub(struct kli_rb *b, const char *key, long long count,
                    int persons);
void kli_rb_rel(struct kli_rb *b, const size_t *ix, const long long *a,
                size_t n, long long rhs);
void kli_rb_force(struct kli_rb *b, size_t ix);
/* Give cell ix its own protection level (kl_sdc_level), e.g. a survey's
 * yes count the min-numerator; 0 ix does nothing. */
void kli_rb_level(struct kli_rb *b, size_t ix, long long level);
void kli_rb_note(struct kli_rb *b, size_t t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kli_rb_source(struct kli_rb *b, size_t t, const char *imports,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A figure (takes ownership of svg); returns its index. */
size_t kli_rb_figure(struct kli_rb *b, int map, const char *caption,
                     const char *summary, char *svg, size_t table);
void kli_rb_meta(struct kli_rb *b, const char *key, const char *value);

/* Symbols and their meanings (DOMAIN.md §8). */
#define KLI_SYM_ZERO "\xe2\x80\x93" /* – */
#define KLI_SYM_HIDDEN ".."
#define KLI_SYM_NA "."
extern const char kli_sym_zero_title[];
extern const char kli_sym_hidden_title[];
extern const char kli_sym_na_title[];
extern const char kli_sym_undef_title[];
/* The legend of the symbols, as the method section's Teckenförklaring
 * table and every sheet of the workbook print it: symbol, meaning. */
#define KLI_NLEGEND 6
extern const char *const kli_legend[KLI_NLEGEND][2];

/* ---- the CSV bundle's grid (report_write.c), shared by the workbook ----
 *
 * kli_report_grid() walks table tb as the CSV bundle writes it: row 0 the
 * headings (each figure split into its parts, then source_imports), then
 * one row per table row.  Each field goes to fn as it is before CSV
 * quoting and formula neutralising, with what it is:
 */
enum kli_grid_kind {
	KLI_GRID_HEAD,   /* a heading */
	KLI_GRID_TEXT,   /* free text: a label, source_imports */
	KLI_GRID_FIGURE, /* a part of a figure: a plain number, "*" or "" */
	KLI_GRID_SYMBOL, /* a symbol's code: 0, .. or . */
};

struct kli_grid_field {
	enum kli_grid_kind kind;
	const char *s; /* the field */
	int grouped;   /* FIGURE: printed with digit grouping ("4 403") */
	int imports;   /* the last column, source_imports */
	const struct kl_rep_cell *cell; /* the table's cell, or NULL */
};

/* fn returns 0 to go on; any other value stops the walk and is
 * returned.  kli_report_grid returns 0, KL_ERR_NOMEM, or fn's value. */
typedef int (*kli_grid_fn)(void *ctx, size_t row, size_t col,
                           const struct kli_grid_field *g);
int kli_report_grid(const struct kl_rep_table *tb, kli_grid_fn fn, void *ctx);

#endif
