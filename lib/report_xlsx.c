/*
 * report_xlsx.c - the report's tables as one Excel workbook
 * (libxlsxwriter; kartlagg-report(5), WORKBOOK).
 *
 * One sheet per table, in the report's order, named after the table's CSV
 * file ("04-enkat-salt_sex_nagonsin", at most 31 characters).  A sheet is
 * laid out as
 *
 *   row 1     Tabell N. caption
 *   row 2     the report's title, region and data date
 *   row 3     the CSV bundle's headings
 *   row 4...  the CSV bundle's rows, field for field
 *   then      a blank row, the notes (Anm.), the source, the legend of
 *             the symbols and the disclosure rules
 *
 * The grid is the CSV bundle's (kli_report_grid, report_write.c), so the
 * two can never disagree: a field that is a plain decimal number is a
 * number cell with a number format of the decimals printed (grouped in
 * thousands where the table groups it), a zero shown as "–" keeps that
 * look; "..", "." and "*" stay text, as does all other text (never a
 * formula: a string cell is not run), and an empty field is an empty
 * cell.  The headings and source_imports are always text.
 *
 * libxlsxwriter stamps the time into docProps/core.xml; the workbook's
 * date is set to the data date (as the PDF's), so two runs give the same
 * bytes.  It prints to stderr only on a failure it meets itself (it
 * cannot create or write the file); every name and text is checked here
 * first so that its warnings for bad arguments never fire.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "kl_report.h"
#include "report_priv.h"
#include "util_priv.h"

#define SHEET_NAME_MAX 31   /* characters (Excel) */
#define CELL_TEXT_MAX 32767 /* characters in a cell (Excel) */
#define MAX_DECIMALS 9

struct book {
	lxw_workbook *wb;
	lxw_format *bold;
	lxw_format *num[2][MAX_DECIMALS + 1]; /* [grouped][decimals] */
	lxw_format *dash;                     /* 0 shown as "–" */
	lxw_error lerr;                       /* first failure */
};

/* The sheet being written: the grid's rows start at row0. */
struct sheet {
	struct book *bk;
	lxw_worksheet *ws;
	lxw_row_t row0;
	double *width; /* per grid column, characters */
	size_t ncols;  /* room in width */
	size_t used;   /* grid columns written */
};

/* Characters (code points) of UTF-8 s. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * Is s a plain decimal number as the CSV bundle writes one:
 * -?(0|[1-9][0-9]*)(.[0-9]+)? with at most 15 digits (what a double
 * holds exactly)?  Returns its decimals, or -1.  A code with a leading
 * zero ("0180") is no number.
 */
static int plain_number(const char *s)
{
	size_t digits, dec = 0;
	const char *p = s;

	if (*p == '-')
		p++;
	digits = strspn(p, "0123456789");
	if (!digits || (digits > 1 && *p == '0'))
		return -1;
	p += digits;
	if (*p == '.') {
		dec = strspn(p + 1, "0123456789");
		if (!dec)
			return -1;
		p += 1 + dec;
	}
	if (*p || digits + dec > 15 || dec > MAX_DECIMALS)
		return -1;
	return (int)dec;
}

static void fail(struct book *bk, lxw_error e)
{
	if (e != LXW_NO_ERROR && bk->lerr == LXW_NO_ERROR)
		bk->lerr = e;
}

static lxw_format *num_format(struct book *bk, int grouped, int dec)
{
	lxw_format **f = &bk->num[grouped != 0][dec];
	if (!*f) {
		char code[32];
		snprintf(code, sizeof(code), "%s%s%.*s",
		         grouped ? "#,##0" : "0", dec ? "." : "", dec,
		         "000000000");
		*f = workbook_add_format(bk->wb);
		if (!*f) {
			fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return NULL;
		}
		format_set_num_format(*f, code);
	}
	return *f;
}

/* Text s at (row, col); longer than a cell holds is an error. */
static void put_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
                     lxw_col_t col, const char *s, lxw_format *f)
{
	if (!*s)
		return;
	if (chars(s) > CELL_TEXT_MAX) {
		fail(bk, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED);
		return;
	}
	fail(bk, worksheet_write_string(ws, row, col, s, f));
}

/* kli_grid_fn: one field of the CSV grid into the sheet. */
static int grid_field(void *ctx, size_t row, size_t col,
                      const struct kli_grid_field *g)
{
	struct sheet *sh = ctx;
	struct book *bk = sh->bk;
	lxw_row_t r = sh->row0 + (lxw_row_t)row;
	lxw_col_t c = (lxw_col_t)col;
	int dec = plain_number(g->s);

	if (col + 1 > sh->used)
		sh->used = col + 1;
	if (col < sh->ncols) {
		double w = (double)chars(g->s) + 2;
		if (w > sh->width[col])
			sh->width[col] = w;
	}
	switch (g->kind) {
	case KLI_GRID_HEAD:
		put_text(bk, sh->ws, r, c, g->s, bk->bold);
		break;
	case KLI_GRID_TEXT:
		if (dec >= 0 && !g->imports)
			fail(bk, worksheet_write_number(
			             sh->ws, r, c, strtod(g->s, NULL),
			             num_format(bk, 0, dec)));
		else
			put_text(bk, sh->ws, r, c, g->s, NULL);
		break;
	case KLI_GRID_FIGURE:
		if (dec >= 0)
			fail(bk, worksheet_write_number(
			             sh->ws, r, c, strtod(g->s, NULL),
			             num_format(bk, g->grouped, dec)));
		else
			put_text(bk, sh->ws, r, c, g->s, NULL);
		break;
	case KLI_GRID_SYMBOL:
		if (strcmp(g->s, "0") == 0) {
			int dash = g->cell && g->cell->text &&
			           strcmp(g->cell->text, KLI_SYM_ZERO) == 0;
			fail(bk, worksheet_write_number(
			             sh->ws, r, c, 0,
			             dash ? bk->dash : num_format(bk, 0, 0)));
		} else {
			put_text(bk, sh->ws, r, c, g->s, NULL);
		}
		break;
	}
	return bk->lerr != LXW_NO_ERROR;
}

/*
 * The sheet name of table t into out: its CSV file's name without
 * "tabell-" (the number stays in front), characters Excel refuses
 * ([ ] : * ? / \) as '_', no apostrophe at either end, cut at 31
 * characters; "Tabell N" when that is taken or empty.
 */
static void sheet_name(struct book *bk, const struct kl_rep_table *t, char *out,
                       size_t n)
{
	const char *s = t->name ? t->name : "";
	size_t k = 0, nc = 0;

	if (strncmp(s, "tabell-", 7) == 0)
		s += 7;
	for (; *s && k + 5 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch & 0xc0) != 0x80 && nc++ == SHEET_NAME_MAX)
			break;
		out[k++] = strchr("[]:*?/\\", ch) || ch < 0x20 ? '_' : (char)ch;
	}
	out[k] = '\0';
	while (k && out[k - 1] == '\'')
		out[--k] = '\0';
	while (out[0] == '\'')
		memmove(out, out + 1, k--);
	if (!*out || workbook_validate_sheet_name(bk->wb, out) != LXW_NO_ERROR)
		snprintf(out, n, "Tabell %d", t->number);
}

static void write_sheet(struct book *bk, const struct kl_report *r,
                        const struct kl_rep_table *t, double *width)
{
	char name[4 * SHEET_NAME_MAX + 8];
	struct sheet sh;
	lxw_row_t row;
	int rc;

	sheet_name(bk, t, name, sizeof(name));
	if (workbook_validate_sheet_name(bk->wb, name) != LXW_NO_ERROR) {
		fail(bk, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	sh.bk = bk;
	sh.ws = workbook_add_worksheet(bk->wb, name);
	if (!sh.ws) {
		fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	sh.row0 = 2;
	sh.width = width;
	sh.ncols = t->ncols * 6 + 1;
	sh.used = 0;
	for (size_t j = 0; j < sh.ncols; j++)
		width[j] = 8;

	{
		struct kli_sb cap = {0};
		kli_sb_appendf(&cap, "Tabell %d. %s", t->number,
		               t->caption ? t->caption : "");
		if (cap.failed) {
			kli_sb_free(&cap);
			fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		put_text(bk, sh.ws, 0, 0, kli_sb_str(&cap), bk->bold);
		kli_sb_free(&cap);
	}
	{
		struct kli_sb sub = {0};
		kli_sb_appendf(&sub, "%s, %s, datadatum %s",
		               r->title ? r->title : "",
		               r->region_text ? r->region_text : "",
		               r->data_date ? r->data_date : "");
		if (sub.failed) {
			kli_sb_free(&sub);
			fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		put_text(bk, sh.ws, 1, 0, kli_sb_str(&sub), NULL);
		kli_sb_free(&sub);
	}
	rc = kli_report_grid(t, grid_field, &sh);
	if (rc == KL_ERR_NOMEM)
		fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
	if (bk->lerr != LXW_NO_ERROR)
		return;
	for (size_t j = 0; j < sh.used && j < sh.ncols; j++)
		fail(bk,
		     worksheet_set_column(sh.ws, (lxw_col_t)j, (lxw_col_t)j,
		                          width[j] > 60 ? 60 : width[j], NULL));
	worksheet_freeze_panes(sh.ws, 3, 0);

	/* below the table: notes, source, legend, rules */
	row = sh.row0 + 1 + (lxw_row_t)t->nrows + 1;
	for (size_t i = 0; i < t->nnotes; i++) {
		struct kli_sb note = {0};
		kli_sb_appendf(&note, "Anm. %s", t->notes[i]);
		if (note.failed) {
			kli_sb_free(&note);
			fail(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		put_text(bk, sh.ws, row++, 0, kli_sb_str(&note), NULL);
		kli_sb_free(&note);
	}
	if (t->source && *t->source)
		put_text(bk, sh.ws, row++, 0, t->source, NULL);
	row++;
	put_text(bk, sh.ws, row++, 0, "Teckenförklaring", bk->bold);
	for (size_t i = 0; i < KLI_NLEGEND; i++, row++) {
		put_text(bk, sh.ws, row, 0, kli_legend[i][0], NULL);
		put_text(bk, sh.ws, row, 1, kli_legend[i][1], NULL);
	}
	row++;
	put_text(bk, sh.ws, row++, 0, "Röjandeskydd", bk->bold);
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i])
			put_text(bk, sh.ws, row++, 0, r->rules[i], NULL);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The workbook's date, as the PDF's (cmd_report.c, fix_dates): the first
 * of the data date's month, December for a year alone, 00:00 UTC;
 * 2000-01-01 when there is none. */
static time_t book_date(const char *data_date)
{
	int y = 0, m = 12;
	if (!data_date || sscanf(data_date, "%4d-%2d", &y, &m) < 1 ||
	    y < 1900 || y > 9999) {
		y = 2000;
		m = 1;
	} else if (m < 1 || m > 12) {
		m = 12;
	}
	return (time_t)(days_from_civil(y, m, 1) * 86400);
}

static int lxw_status(lxw_error e, struct kl_error *err, const char *path)
{
	switch (e) {
	case LXW_NO_ERROR:
		return KL_OK;
	case LXW_ERROR_MEMORY_MALLOC_FAILED:
		return kli_oom(err);
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		return kl_error_set(err, KL_ERR_USAGE,
		                    "a text of the report is longer than the "
		                    "%d characters an Excel cell holds",
		                    CELL_TEXT_MAX);
	case LXW_ERROR_SHEETNAME_ALREADY_USED:
		return kl_error_set(err, KL_ERR_USAGE,
		                    "two tables of the report have the same "
		                    "sheet name");
	default:
		return kl_error_sys(err, KL_ERR_IO, errno ? errno : EIO,
		                    "cannot write '%s' (%s)", path,
		                    lxw_strerror(e));
	}
}

int kl_report_write_xlsx(const struct kl_report *r, const char *path,
                         const char *tmpdir, struct kl_error *err)
{
	lxw_workbook_options opt = {0};
	lxw_doc_properties props = {0};
	struct book bk;
	size_t maxcols = 1;
	double *width;
	lxw_error e;

	for (size_t i = 0; i < r->ntables; i++)
		if (r->tables[i].ncols * 6 + 1 > maxcols)
			maxcols = r->tables[i].ncols * 6 + 1;
	width = calloc(maxcols, sizeof(*width));
	if (!width)
		return kli_oom(err);
	memset(&bk, 0, sizeof(bk));
	opt.tmpdir = (char *)tmpdir;
	bk.wb = workbook_new_opt(path, &opt);
	if (!bk.wb) {
		free(width);
		return kli_oom(err);
	}
	props.title = r->title;
	props.subject = r->region_text;
	props.author = "kartlagg";
	props.created = book_date(r->data_date);
	fail(&bk, workbook_set_properties(bk.wb, &props));
	bk.bold = workbook_add_format(bk.wb);
	bk.dash = workbook_add_format(bk.wb);
	if (!bk.bold || !bk.dash) {
		fail(&bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
	} else {
		format_set_bold(bk.bold);
		/* positive; negative; zero as the table prints it */
		format_set_num_format(bk.dash, "0;-0;\"\xe2\x80\x93\"");
	}
	for (size_t i = 0; i < r->ntables && bk.lerr == LXW_NO_ERROR; i++)
		write_sheet(&bk, r, &r->tables[i], width);
	free(width);
	if (bk.lerr != LXW_NO_ERROR) {
		lxw_workbook_free(bk.wb);
		return lxw_status(bk.lerr, err, path);
	}
	errno = 0;
	e = workbook_close(bk.wb);
	return lxw_status(e, err, path);
}
