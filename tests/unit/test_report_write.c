/*
 * test_report_write.c - the writers (lib/report_write.c, report_xlsx.c)
 * over documents made by hand: how a printed figure is split for the CSV
 * bundle and what is left as text when it is no figure, Markdown and HTML
 * escaping, a write that fails, the workbook's sheet names and its
 * errors.  Expected output is written out by hand from
 * kartlagg-report(5) (CSV BUNDLE, WORKBOOK).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

#define NB "\xc2\xa0" /* no-break space */

/* One table, `nrows` x 2: a label and a figure. */
struct doc {
	struct kl_report r;
	struct kl_rep_table t[4];
	struct kl_rep_cell cells[4][20];
	char *head[2];
	struct kl_rep_section sec;
	struct kl_rep_block blocks[2];
};

static void doc_init(struct doc *x, const char *const *labels,
                     const char *const *figs, size_t n)
{
	memset(x, 0, sizeof(*x));
	x->head[0] = "Grupp";
	x->head[1] = "Värde";
	for (size_t k = 0; k < 4; k++) {
		struct kl_rep_table *t = &x->t[k];
		t->number = (int)k + 1;
		t->name = "01-test";
		t->caption = "Test";
		t->imports = "1";
		t->ncols = 2;
		t->nrows = k ? 1 : n;
		t->head = x->head;
		t->cells = x->cells[k];
		for (size_t i = 0; i < t->nrows; i++) {
			struct kl_rep_cell *c = &x->cells[k][2 * i];
			c[0].text = (char *)labels[i];
			c[0].kind = KL_CELL_TEXT;
			c[1].text = (char *)figs[i];
			c[1].kind = KL_CELL_NUM;
		}
	}
	x->r.title = "T";
	x->r.region_text = "Västerås (1980)";
	x->r.data_date = "2025-06";
	x->r.ntables = 1;
	x->r.tables = x->t;
	x->sec.number = 0;
	x->sec.id = "avsnitt-0";
	x->sec.title = "Om rapporten";
	x->sec.nblocks = 2;
	x->sec.blocks = x->blocks;
	x->blocks[0].kind = KL_BLOCK_PARA;
	x->blocks[0].text = "1. A & B\nC <d>";
	x->blocks[1].kind = KL_BLOCK_TABLE;
	x->blocks[1].index = 0;
	x->r.nsections = 1;
	x->r.sections = &x->sec;
}

/* The text f holds, read from its start (the caller frees it). */
static char *slurp(FILE *f)
{
	long n;
	char *s;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	s = calloc((size_t)n + 1, 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	return s;
}

static const char *const labels[] = {"a", "b", "c", "d", "e",
                                     "f", "g", "h", "i"};
static const char *const figs[] = {
    "12,3 (10,1 till 14,8)",    /* a value and its interval */
    "1,5 (x)",                  /* no number after "(" */
    "1,5 (2,0 till y)",         /* no upper bound */
    "1,5 (2,0 foo)",            /* neither "till" nor "per 100 000" */
    "1,5 (p = z)",              /* no p-value */
    "1,5–q",                    /* no upper bound of an interval */
    "4 (7,5 per 100 000",       /* no ")" */
    "3 (1,2 per 100" NB "000)", /* a rate, no-break space in 100 000 */
    "x12",                      /* no figure at all */
};

/* A figure is split into its parts (value, _lo, _hi, _per_100000); a
 * text that only looks like one is written whole as the value, quoted
 * where it has a comma, its other parts empty. */
static void test_report_write_csv_parts(void **state)
{
	static const char want[] =
	    "Grupp,Värde,Värde_lo,Värde_hi,Värde_per_100000,source_imports\n"
	    "a,12.3,10.1,14.8,,1\n"
	    "b,\"1,5 (x)\",,,,1\n"
	    "c,\"1,5 (2,0 till y)\",,,,1\n"
	    "d,\"1,5 (2,0 foo)\",,,,1\n"
	    "e,\"1,5 (p = z)\",,,,1\n"
	    "f,\"1,5–q\",,,,1\n"
	    "g,\"4 (7,5 per 100 000\",,,,1\n"
	    "h,3,,,1.2,1\n"
	    "i,x12,,,,1\n";
	struct doc x;
	struct kl_error err;
	(void)state;
	doc_init(&x, labels, figs, 9);
	FILE *f = tmpfile();
	assert_non_null(f);
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_csv(&x.r, 0, f, &err), KL_OK);
	char *got = slurp(f);
	fclose(f);
	assert_string_equal(got, want);
	free(got);
	/* a table that is not there */
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_csv(&x.r, 1, stdout, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "no table 1");
}

/* Markdown: a paragraph opening with "1." is no list, '&', '<' and '>'
 * are entities and a line break is a blank; HTML: the same text escaped
 * as HTML. */
static void test_report_write_escaping(void **state)
{
	struct doc x;
	struct kl_error err;
	(void)state;
	doc_init(&x, labels, figs, 1);
	FILE *f = tmpfile();
	assert_non_null(f);
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_md(&x.r, f, &err), KL_OK);
	char *md = slurp(f);
	fclose(f);
	assert_non_null(strstr(md, "\n1\\. A &amp; B C &lt;d&gt;\n"));
	free(md);
	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(kl_report_write_html(&x.r, f, &err), KL_OK);
	char *html = slurp(f);
	fclose(f);
	assert_non_null(strstr(html, "1. A &amp; B\nC &lt;d&gt;"));
	free(html);
}

/* A write the disk refuses is KL_ERR_IO with the system's reason. */
static void test_report_write_full_disk(void **state)
{
	struct doc x;
	struct kl_error err;
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	doc_init(&x, labels, figs, 9);
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_text(&x.r, f, &err), KL_ERR_IO);
	assert_int_equal(err.sys_errno, ENOSPC);
	assert_string_equal(err.msg, "cannot write the report: No space left "
	                             "on device");
	fclose(f);
}

/* The workbook's sheet names (kartlagg-report(5), WORKBOOK): quotes at
 * the ends dropped, [ ] : * ? / \ as '_', "Tabell N" for a name that is
 * empty or taken; a fallback that is taken too, and a text longer than
 * a cell holds, are KL_ERR_USAGE; a workbook that cannot be written is
 * KL_ERR_IO. */
static void test_report_write_xlsx(void **state)
{
	struct doc x;
	struct kl_error err;
	char dir[64], p[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kl-test-xlsx-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/r.xlsx", dir);

	doc_init(&x, labels, figs, 9);
	x.r.ntables = 4;
	x.t[0].name = "tabell-'q[1]:2'";
	x.t[1].name = "";
	x.t[2].name = "tabell-'q[1]:2'"; /* taken: Tabell 3 */
	x.t[3].name = "''";
	x.r.data_date = "okänt"; /* no date: 2000-01-01 */
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_xlsx(&x.r, p, dir, &err), KL_OK);
	assert_int_equal(access(p, R_OK), 0);
	unlink(p);

	/* Tabell 3 is a name already: the third table has none left */
	x.t[1].name = "Tabell 3";
	x.r.data_date = "2025-13";
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_xlsx(&x.r, p, dir, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(
	    err.msg, "two tables of the report have the same sheet name");
	unlink(p);

	/* 32 768 characters in a cell */
	char *big = malloc(32769);
	assert_non_null(big);
	memset(big, 'x', 32768);
	big[32768] = '\0';
	doc_init(&x, labels, figs, 9);
	x.cells[0][0].text = big;
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_xlsx(&x.r, p, dir, &err),
	                 KL_ERR_USAGE);
	assert_string_equal(err.msg, "a text of the report is longer than the "
	                             "32767 characters an Excel cell holds");
	free(big);
	unlink(p);

	/* a directory that is not there */
	doc_init(&x, labels, figs, 9);
	snprintf(p, sizeof(p), "%s/none/r.xlsx", dir);
	kl_error_clear(&err);
	assert_int_equal(kl_report_write_xlsx(&x.r, p, dir, &err), KL_ERR_IO);
	assert_non_null(strstr(err.msg, p));
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report_write_csv_parts),
	    cmocka_unit_test(test_report_write_escaping),
	    cmocka_unit_test(test_report_write_full_disk),
	    cmocka_unit_test(test_report_write_xlsx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
