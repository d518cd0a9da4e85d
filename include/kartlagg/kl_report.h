/*
 * kl_report.h - the council appendix (`kartlagg report`): its definition
 * file, the document it becomes, and the formats it is written in.
 *
 * A report definition is a small INI file (format in kartlagg-report(5))
 * naming the region, the period, the survey and its design, the feeds,
 * the MSE rule, the disclosure thresholds and the output formats.
 * kl_report_def_parse() reads it; every problem names its line.
 *
 * kl_report_build() turns a definition and a store into a document model:
 * sections of paragraphs, numbered tables and figures, with every figure
 * already formatted the Swedish way (kl_fmt.h) and every published count
 * of persons protected by one joint disclosure-control problem (kl_sdc.h).
 * Nothing in the model depends on the clock: the data date is the newest
 * period in the inputs, orders are fixed, the bootstrap seed is given.
 *
 * The writers turn the model into text, Markdown, CSV (one file per table)
 * or one self-contained HTML file, on a FILE the caller opened.  Nothing
 * here prints on its own or runs other programs.
 */
#ifndef KL_REPORT_H
#define KL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "kl_calibrate.h"
#include "kl_error.h"
#include "kl_store.h"

/* Output formats (bits). */
enum {
	KL_REP_TEXT = 1,
	KL_REP_MD = 2,
	KL_REP_CSV = 4,
	KL_REP_HTML = 8,
	KL_REP_PDF = 16,
	KL_REP_XLSX = 32,
};

/* "text", "md", "csv", "html", "pdf", "xlsx" -> bit; 0 for anything
 * else. */
unsigned kl_report_format_parse(const char *s);

/* The parsed report file.  Strings are owned by the struct. */
struct kl_report_def {
	char *path; /* as given, for messages */
	/* [report] */
	char *title;
	char *regions[32]; /* kommun (4 digits) or län (2 digits) codes */
	size_t nregions;
	char *period; /* reference period, e.g. "2025" */
	unsigned formats;
	/* [survey] (name NULL: no survey section) */
	char *survey, *round, *current, *previous;
	char *strata, *psu, *ssu, *weight, *weights, *fpc, *lonely;
	char *kommun, *sex, *school_year, *ever, *last12;
	char *breakdown; /* [survey] breakdown: a kommun's schools */
	char *compensation[16];
	size_t ncompensation;
	char *contact[16];
	size_t ncontact;
	/* population = VAR=DIM:... maps (kartlagg-calibrate(1)): counts are
	 * share x N from the stored SCB population; none: weighted totals */
	struct kl_pop_map popmap[8];
	size_t npopmap;
	/* [individuals] */
	int individuals; /* the section was given */
	char *ind_period, *role;
	/* [offences] */
	int offences;
	char *off_period, *source;
	/* [mse] */
	int mse;
	char *lists, *rule;
	long bootstrap;
	unsigned long seed;
	/* [disclosure] */
	long long threshold;    /* counts 1..threshold-1 hidden; >= 3 */
	long long margin_small; /* kl_sdc_rules.margin_small */
	long min_respondents;   /* survey share hidden below; >= 20 */
	long min_numerator;     /* numerators 1..min_numerator-1 hidden */
	double caution_rse;     /* '*' above this relative SE */
	/* where each key was set, for kl_report_def_check's messages:
	 * key "section.key" ("survey.weights"), 1-based line */
	struct kl_report_def_line {
		char key[48];
		unsigned long line;
	} lines[128];
	size_t nlines;
};

/*
 * Parse the report file held in text[0..n) (named `path` in messages).
 * Unknown sections and keys, bad values, a key given twice, a missing
 * [report] title/region/period and lines longer than 199 bytes are
 * KL_ERR_CONFIG with err->path and err->line set.  On success *out is a
 * new definition for kl_report_def_free().
 */
int kl_report_def_parse(const char *text, size_t n, const char *path,
                        struct kl_report_def **out, struct kl_error *err);

/* Read and parse the file at path (KL_ERR_NOINPUT when it cannot be
 * read). */
int kl_report_def_read(const char *path, struct kl_report_def **out,
                       struct kl_error *err);
void kl_report_def_free(struct kl_report_def *d);

/*
 * Check d against store st before building: the [survey] name, every
 * variable it names (round, design, domains, items, population maps) and
 * the weight set must be in the store.  A name that is not is
 * KL_ERR_CONFIG at the file and line of its key, like the file's other
 * errors.  KL_ERR_STORE when the store cannot be read.
 */
int kl_report_def_check(struct kl_store *st, const struct kl_report_def *d,
                        struct kl_error *err);

/* The commented template `kartlagg report new` writes (static text). */
const char *kl_report_template(void);

/* ---- the document model ------------------------------------------------ */

enum kl_rep_cell_kind {
	KL_CELL_TEXT = 0, /* a label: left-aligned */
	KL_CELL_NUM = 1,  /* a figure: right-aligned, tabular */
	KL_CELL_SYM = 2,  /* a symbol standing for a figure (.., –, .) */
};

struct kl_rep_cell {
	char *text; /* as printed ("12,3", "..", "Västerås") */
	char *raw;  /* for CSV: plain number ("12.3"), "" when
	               hidden or none; NULL: same as text */
	enum kl_rep_cell_kind kind;
	const char *sym_title; /* a symbol's meaning (for <abbr>), or NULL */
	/* for CSV, when the section gives them (kli_rb_interval,
	 * kli_rb_flag): an interval's bounds as plain numbers at the
	 * precision printed, and a mark printed after the figure ("*");
	 * NULL: read from text (kartlagg-report(5), CSV BUNDLE) */
	char *lo, *hi;
	const char *flag; /* static string */
	/* builder's use: index of the cell's count in the disclosure
	 * problem + 1 (0: none), and the count */
	size_t sdc;
	long long count;
	/* builder's use: a figure from which that count (index + 1) would
	 * follow; printed ".." when it is hidden (0: none) */
	size_t hide_with;
};

struct kl_rep_table {
	int number;    /* Tabell n */
	char *id;      /* "tabell-3" */
	char *name;    /* short file name: "03-enkat-andel" */
	char *caption; /* what, where, when, unit */
	char *source;  /* "Källa: ..." */
	char *imports; /* source import ids, "1,3" */
	size_t ncols, nrows;
	char **head;               /* ncols column headings */
	struct kl_rep_cell *cells; /* nrows * ncols, row-major */
	size_t nnotes;
	char **notes;  /* footnotes */
	size_t hidden; /* cells printed as .. by disclosure control */
	int persons;   /* 1: counts of persons (disclosure-controlled) */
};

struct kl_rep_figure {
	int number;    /* Diagram n / Karta n (numbered apart) */
	int map;       /* 1: Karta, 0: Diagram */
	char *id;      /* "karta-1" */
	char *caption; /* title */
	char *summary; /* a text summary (also the SVG's desc) */
	char *svg;     /* a complete <svg> element */
	int table;     /* number of the table with its data, 0 = none */
};

enum kl_rep_block_kind {
	KL_BLOCK_PARA = 0,    /* a paragraph */
	KL_BLOCK_TABLE = 1,   /* tables[index] */
	KL_BLOCK_FIGURE = 2,  /* figures[index] */
	KL_BLOCK_MISSING = 3, /* "avsnittet saknas: <text>" */
	KL_BLOCK_HEADING = 4, /* a subheading */
};

struct kl_rep_block {
	enum kl_rep_block_kind kind;
	char *text;
	size_t index;
};

struct kl_rep_section {
	int number; /* 0..7 */
	char *id;   /* "avsnitt-3" */
	char *title;
	size_t nblocks;
	struct kl_rep_block *blocks;
};

struct kl_rep_meta {
	char *key, *value;
};

struct kl_report {
	char *title;
	char *region_text; /* "Västmanlands län (19)" */
	char *data_date;   /* newest data period in the inputs */
	size_t nmeta;
	struct kl_rep_meta *meta; /* title-page facts, in order */
	size_t nsections;
	struct kl_rep_section *sections;
	size_t ntables;
	struct kl_rep_table *tables;
	size_t nfigures;
	struct kl_rep_figure *figures;
	/* the disclosure rules of the method section, one paragraph each
	 * (also on every sheet of the workbook) */
	char *rules[4];
	size_t nrules;
	char *audit;    /* the suppression audit (kl_sdc_dump), or NULL
	                   when disclosure control is not built in */
	size_t hidden;  /* person counts hidden */
	size_t missing; /* sections or parts that say "saknas" */
};

/*
 * Build the document for definition d from store st (opened for
 * reading).  A part whose data or capability is missing becomes a
 * KL_BLOCK_MISSING block, not an error.  Errors: KL_ERR_USAGE for a
 * definition the store contradicts (unknown survey or variable),
 * KL_ERR_STORE, KL_ERR_NOMEM.  On success *out is a new document for
 * kl_report_free().
 */
int kl_report_build(struct kl_store *st, const struct kl_report_def *d,
                    struct kl_report **out, struct kl_error *err);
void kl_report_free(struct kl_report *r);

/* ---- writers ----------------------------------------------------------- */

/* Plain UTF-8 text for a terminal, tables aligned (80 columns where the
 * table allows). */
int kl_report_write_text(const struct kl_report *r, FILE *f,
                         struct kl_error *err);
/* Markdown (pipe tables). */
int kl_report_write_md(const struct kl_report *r, FILE *f,
                       struct kl_error *err);
/* One self-contained HTML5 file: inline CSS (print CSS for A4), inline
 * SVG, no script, no network. */
int kl_report_write_html(const struct kl_report *r, FILE *f,
                         struct kl_error *err);
/*
 * Table t as CSV (RFC 4180, ',', UTF-8) for machines: a header row, the
 * rows, and a last column source_imports.  Each figure is split into its
 * parts, one unit per column (value; <heading>_lo, _hi for an interval;
 * _flag for the caution mark; _p for a p-value; _per_100000 for a rate),
 * numbers with a decimal point and no grouping at the precision printed;
 * symbols are 0 (zero), .. (hidden) and . (cannot occur), an undefined
 * figure is empty.  Free text starting with = + - @, tab or CR gets a
 * leading ' (formula injection).  The rules: kartlagg-report(5).
 */
int kl_report_write_csv(const struct kl_report *r, size_t t, FILE *f,
                        struct kl_error *err);
/* The bundle's manifest.csv: one row per table (file, number, caption,
 * source imports, hidden cells). */
int kl_report_write_manifest(const struct kl_report *r, FILE *f,
                             struct kl_error *err);
/*
 * An Excel workbook (Office Open XML, libxlsxwriter) of every table at
 * path, which the caller created (the writer truncates and fills it; a
 * folder only the caller can write, as the report's stage, keeps it
 * safe).  One sheet per table, named after its CSV file; the sheet holds
 * the caption, the CSV bundle's grid (the same fields: plain numbers as
 * numbers with a number format of the printed decimals, symbols and
 * text as text), the notes, the source, the legend of the symbols and
 * the disclosure rules (kartlagg-report(5), WORKBOOK).  The document's
 * dates are the data date, so two runs give the same bytes.  tmpdir
 * (NULL: the system's) takes libxlsxwriter's temporary files.
 * KL_ERR_IO when the file cannot be written, KL_ERR_NOMEM.
 */
int kl_report_write_xlsx(const struct kl_report *r, const char *path,
                         const char *tmpdir, struct kl_error *err);

#endif
