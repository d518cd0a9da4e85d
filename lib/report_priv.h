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
 * do not add up (a category not published), skip the relation.  Any
 * number of parts.
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
/* Record a failure the builder cannot go on from: out of memory sets
 * b->oom; any other error is kept in b->err when it is the first, so
 * kl_report_build fails with it (a failed disclosure call is a bug in the
 * report: the same key with two counts, a bad relation). */
void kli_rb_fail(struct kli_rb *b, const struct kl_error *e);
/* Cell (row, col) of table t, or NULL when there is no such cell (a
 * table or row that could not be added: out of memory). */
struct kl_rep_cell *kli_rb_at(struct kli_rb *b, size_t t, size_t row,
                              size_t col);
/* A figure (takes ownership of svg); returns its index. */
size_t kli_rb_figure(struct kli_rb *b, int map, const char *caption,
                     const char *summary, char *svg, size_t table);
/*
 * A figure drawn after disclosure control: rc and e are the drawing's
 * status; on KL_OK figure fig (its index + 1) gets svg (ownership taken),
 * summary and, when not NULL, caption; else out of memory sets b->oom
 * and any other failure keeps the figure as it was.
 */
void kli_rb_figure_drawn(struct kli_rb *b, size_t fig, int rc,
                         const struct kl_error *e, char *svg,
                         const char *caption, const char *summary);
struct kl_chart_opts;
/* Chart options for shares in per cent with one decimal and automatic x
 * range: title, desc and id borrowed. */
void kli_rb_chart_pct(struct kl_chart_opts *co, const char *title,
                      const char *desc, const char *id);
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

/* ---- the appendix builder (report.c and its sections) -----------------
 *
 * kl_report_build() (report.c) keeps one struct ctx for the whole build;
 * each section's file fills it and the document model.  The functions
 * below are shared between those files; each one's contract is at its
 * definition.
 */
#include <sqlite3.h>

#include "kl_codes.h"
#include "kl_count.h"
#include "kl_estimate.h"
#include "kl_mse.h"
#include "kl_svg.h"

struct ctx {
	struct kli_rb b;
	struct kl_codes *codes;
	char *region_name; /* "Västmanlands län" or "Västerås, Köping" */
	size_t summary;    /* table index of the summary */
	char imports_survey[1024]; /* import ids behind each section */
	char imports_ind[1024];
	char imports_off[1024];
	int have_population;
	char data_date[16];
	int off_y0, off_y1; /* the offence series, 0 when none */
	/* filled for the method section */
	char mse_note[256];
	/* the MSE figures that are a function of the selected model's
	 * interaction margins (kartlagg-report(5), DISCLOSURE CONTROL):
	 * the margins' indices in the disclosure problem + 1, and the
	 * (table, row) of each figure printed ".." when one is hidden */
	size_t mse_margin[KL_MSE_MAX_TERMS];
	int n_mse_margin;
	size_t mse_t, mse_rows[6], n_mse_rows, mse_sum_row;
	int mse_have;
	/* the survey's counts in the disclosure problem, the cells their
	 * suppression hides too, and the kommun chart drawn after it */
	struct scount *scounts;
	size_t nscounts, cscounts;
	struct sdep *sdeps;
	size_t nsdeps, csdeps;
	struct kchart *kchart;
	struct strend *strend;       /* the trend chart of the shares */
	struct kl_pop_domain popdom; /* the survey's estimation domain */
	const char **subset;         /* its kommuner (the region's) */
	size_t nsubset;
	/* the population behind the estimated number of youths (Samtliga),
	 * listed in section 6 with the rates' populations; NAN when none */
	double survey_N;
	long survey_N_year;
	/* schemas/etiketter.csv cut into (code, label) pairs, file order:
	 * the strings point into labels_buf (kli_rep_load_labels) */
	char *labels_buf;
	const char *(*labels)[2];
	size_t nlabels;
};

struct survey {
	struct kl_est_result *res;
	struct kl_est_diff *diff;
	size_t ndiff;
	const char *cur, *prev;
};

/*
 * A count of the survey in the disclosure problem (DOMAIN.md §8): the
 * respondents of a domain (item NULL), or the valid answers ("Antal
 * svar") and the yes answers behind a share of item in a domain.  A
 * share's yes count is not printed, but share x n gives it back when the
 * weights are equal, so it is protected like a printed count.
 */
struct scount {
	const char *item; /* borrowed from the definition; NULL: respondents */
	size_t dom;       /* domain of the survey's estimate */
	size_t n_idx, y_idx; /* disclosure indices + 1 (0: none) */
	long long n, yes;
	const char *round; /* the round the counts are of (borrowed) */
};

/* Columns [col0, col1) of a row that are hidden when the count n_idx or
 * y_idx is (a share, its interval, the change, an estimated number). */
struct sdep {
	size_t t, row, col0, col1;
	size_t n_idx, y_idx;
};

/* The kommun chart and map, drawn after disclosure control so that a
 * share hidden by it is hidden there too. */
struct kchart {
	size_t t, npts, fig_chart, fig_map;
	int map;
	/* one entry per kommun row (npts of them, cap allocated) */
	size_t cap;
	struct kl_chart_point *pts;
	struct kl_map_value *mv;
	size_t *n_idx, *y_idx;
	char (*labels)[64], (*codes)[8];
	char what[200], cur[32];
};

#define SERIES_MAX 32 /* rounds in a series */

/* The trend chart of the shares, drawn after disclosure control: one line
 * per item over the rounds, a round's share hidden with its counts. */
struct strend {
	size_t nx, nitems, t[2], fig;
	int x[SERIES_MAX];
	double v[2][SERIES_MAX];
	size_t n_idx[2][SERIES_MAX], y_idx[2][SERIES_MAX];
	char names[2][160];
	char r0[32], r1[32];
};

/* A population figure used in a rate, for section 6. */
struct poprow {
	char label[200];
	int year;
	double population;
};

/* report.c */
int kli_rep_in_region(const struct kl_report_def *d, const char *k);
void kli_rep_note_date(struct ctx *c, const char *d);
void kli_rep_pct_ci(char *buf, size_t n, double lo, double hi);
void kli_rep_summary_row(struct ctx *c, const char *what, const char *value,
                         const char *ci, const char *prev, const char *change,
                         const char *source);
void kli_rep_add_id(char *list, size_t n, long long id);
/* Append the import ids sql selects (text parameters ?1 = a and ?2 = b
 * when not NULL) to the comma list `list` (n bytes); a store that cannot
 * be read fails the report (kli_rb_fail). */
void kli_rep_import_ids(struct ctx *c, const char *sql, const char *a,
                        const char *b, char *list, size_t n);

/* report_survey.c */
void kli_rep_kchart_free(struct kchart *kc);
int kli_rep_nomem(struct kli_rb *b, const struct kl_error *e);
const struct scount *kli_rep_answers_count(struct ctx *c,
                                           const struct survey *sv,
                                           const char *item, const char *nkey,
                                           const struct kl_est_row *row,
                                           size_t t, size_t r, size_t col);
const struct scount *kli_rep_round_count(struct ctx *c, const struct survey *sv,
                                         const char *item, const char *round,
                                         const struct kl_est_row *prow,
                                         int shown);
void kli_rep_add_dep(struct ctx *c, size_t t, size_t r, size_t col0,
                     size_t col1, const struct scount *x);
long kli_rep_find_domain(const struct kl_est_result *r, const char *over,
                         const char *vars, const char *const *vals);
const struct kl_est_row *kli_rep_find_row(const struct kl_est_result *r,
                                          const char *name, long dom);
int kli_rep_share_rule(const struct kl_report_def *d,
                       const struct kl_est_row *row);
void kli_rep_share_cells(struct ctx *c, size_t t, size_t r, size_t col,
                         const struct kl_est_row *row);
void kli_rep_resolve_survey(struct ctx *c);
int kli_rep_section_survey(struct ctx *c);

/* report_trend.c */
size_t kli_rep_survey_rounds(const struct survey *sv, const char **r,
                             int *numeric);
void kli_rep_series_register(struct ctx *c, const struct survey *sv,
                             const char *item, const char *const *rounds,
                             size_t nr);
void kli_rep_series_table(struct ctx *c, const struct survey *sv,
                          const char *item, const char *what,
                          const char *const *rounds, size_t nr, size_t it);
void kli_rep_resolve_trend(struct ctx *c);

/* report_individuals.c */
int kli_rep_load_labels(struct ctx *c);
int kli_rep_section_individuals(struct ctx *c);

/* report_mse.c */
void kli_rep_mse_part(struct ctx *c, const struct kl_individuals_count *ic,
                      size_t keyed_idx, const size_t *known_ix);
void kli_rep_resolve_mse(struct ctx *c);

/* report_offences.c */
const char *kli_rep_region_label(const struct ctx *c, const char *code);
void kli_rep_keep_pop(struct ctx *c, struct poprow **rows, size_t *n,
                      const char *label, int year, double pop);
int kli_rep_code_changes(const struct ctx *c, int y0, int y1, char *buf,
                         size_t n);
int kli_rep_section_offences(struct ctx *c, struct poprow **poprows,
                             size_t *npop);
void kli_rep_section_population(struct ctx *c, struct poprow *rows, size_t n);

/* report_method.c */
void kli_rep_section_method(struct ctx *c, struct kl_source *src, size_t n);

#endif
