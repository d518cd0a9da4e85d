/*
 * test_report_def.c - the report definition file (lib/report_def.c,
 * kartlagg-report(5)): every error of the parser, of the file reader and
 * of the check against the store, and the defaults a section gets.
 *
 * Each error is asserted whole: its status (KL_ERR_CONFIG unless said
 * otherwise), the file, the line, the column (0: the INI reader does not
 * know the column) and the message.  The messages and lines are written
 * out by hand from kartlagg-report(5) and the text of each case, never
 * taken from the library's output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

/* [report] on lines 1-4; the case's own lines follow from line 5. */
#define BASE "[report]\ntitle = T\nregion = 1980\nperiod = 2025\n"

struct bad {
	const char *text;
	unsigned long line;
	const char *msg;
};

/* Seventeen names: one more than compensation and contact take. */
#define NAMES17 "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q"
/* 33 distinct known codes (21 län, 12 kommuner of Västmanland and
 * Stockholm, schemas/kommuner.csv): one more than region takes. */
#define CODES33                                                                \
	"01,03,04,05,06,07,08,09,10,12,13,14,17,18,19,20,21,22,23,24,25,"      \
	"1904,1907,1960,1961,1962,1980,1981,1982,1983,1984,0180,0114"

static const struct bad bad[] = {
    /* [report] */
    {"[report]\ntitle =\nregion = 1980\nperiod = 2025\n", 2,
     "title: expected a title, got nothing"},
    {"[report]\ntitle = T\nregion = " CODES33 "\nperiod = 2025\n", 3,
     "region: at most 32 codes"},
    {"[report]\ntitle = T\nregion = 1980, 1980\nperiod = 2025\n", 3,
     "region: '1980' given twice"},
    {"[report]\ntitle = T\nregion = ,\nperiod = 2025\n", 3,
     "region: expected at least one code"},
    {"[report]\ntitle = T\nregion = 198\nperiod = 2025\n", 3,
     "region: expected kommun (4 digits) or län (2 digits) codes "
     "separated by ',', got '198'"},
    {"[report]\ntitle = T\nregion = 1980\nperiod = 20x5\n", 4,
     "period: expected a period like 2025, 2025H1 or 2019-2025, got "
     "'20x5'"},
    {BASE "formats = text, docx\n", 5,
     "formats: expected text, md, csv, html, pdf or xlsx, got 'docx'"},
    {BASE "formats = ,\n", 5, "formats: expected at least one format"},
    /* [survey]: its keys from line 6 */
    {BASE "[survey]\nweight = vikt!\n", 6,
     "weight: expected a name of letters, digits and '_' (at most 63), "
     "got 'vikt!'"},
    {BASE "[survey]\nstrata =\n", 6,
     "strata: expected a name of letters, digits and '_' (at most 63), "
     "got ''"},
    {BASE "[survey]\nname = s\npopulation = kod\n", 7,
     "population: a map is VAR=DIM[:code=value,...], not 'kod'"},
    {BASE "[survey]\npopulation = kod=lan\n", 6,
     "population: map 'kod=lan': the dimension must be region, age or "
     "sex"},
    {BASE "[survey]\npopulation =\n", 6,
     "population: expected VAR=DIM maps such as kod=region"},
    {BASE "[survey]\npopulation = a=region b=region c=region d=region "
          "e=region f=region g=region h=region i=region\n",
     6, "population: expected at most 8 maps"},
    {BASE "[survey]\ncurrent = 2025,2023\n", 6,
     "current: expected a value of the round variable, like 2025"},
    {BASE "[survey]\nprevious =\n", 6,
     "previous: expected a value of the round variable, like 2025"},
    {BASE "[survey]\nlonely-psu = drop\n", 6,
     "lonely-psu: expected fail, adjust, certainty, remove or average, "
     "got 'drop'"},
    {BASE "[survey]\ncompensation = " NAMES17 "\n", 6,
     "compensation: at most 16 entries"},
    {BASE "[survey]\ncontact = " NAMES17 "\n", 6,
     "contact: at most 16 entries"},
    {BASE "[survey]\ncontact = kontakt-internet\n", 6,
     "contact: expected names separated by ',', got 'kontakt-internet'"},
    {BASE "[survey]\ncompensation = ,\n", 6,
     "compensation: expected at least one name"},
    {BASE "[survey]\ndesign = x\n", 6, "unknown key 'design' in [survey]"},
    /* [individuals] */
    {BASE "[individuals]\nperiod = 25\n", 6,
     "period: expected a period like 2025 or 2025H1, got '25'"},
    {BASE "[individuals]\nrole = offer\n", 6,
     "role: expected utsatt, kopare or alla, got 'offer'"},
    {BASE "[individuals]\nkind = x\n", 6,
     "unknown key 'kind' in [individuals]"},
    /* [offences] */
    {BASE "[offences]\nperiod = 2025-2019\n", 6,
     "period: expected whole years like 2019-2025, got '2025-2019'"},
    {BASE "[offences]\nperiod = 20251\n", 6,
     "period: expected whole years like 2019-2025, got '20251'"},
    {BASE "[offences]\nperiod = 1899\n", 6,
     "period: expected whole years like 2019-2025, got '1899'"},
    {BASE "[offences]\nsource = sol\n", 6,
     "source: expected auto, police or bra-sol, got 'sol'"},
    {BASE "[offences]\nlevel = lan\n", 6, "unknown key 'level' in [offences]"},
    /* [mse] */
    {BASE "[mse]\nlists = org\n", 6,
     "lists: expected organisation or organisation-type, got 'org'"},
    {BASE "[mse]\nrule = aic\n", 6,
     "rule: expected stepwise, forward-aic, forward-bic, bic or "
     "independence, got 'aic'"},
    {BASE "[mse]\nbootstrap = -1\n", 6,
     "bootstrap: expected a number of replicates 0..100000, got '-1'"},
    {BASE "[mse]\nbootstrap = 100001\n", 6,
     "bootstrap: expected a number of replicates 0..100000, got "
     "'100001'"},
    {BASE "[mse]\nseed = 4294967296\n", 6,
     "seed: expected an integer 0..4294967295, got '4294967296'"},
    {BASE "[mse]\nseed = 12x\n", 6,
     "seed: expected an integer 0..4294967295, got '12x'"},
    {BASE "[mse]\nalpha = 1\n", 6, "unknown key 'alpha' in [mse]"},
    /* [disclosure] */
    {BASE "[disclosure]\nmargin-rule = 1001\n", 6,
     "margin-rule: expected an integer 0..1000, got '1001'"},
    {BASE "[disclosure]\nmin-respondents = 19\n", 6,
     "min-respondents: expected an integer 20..100000 (never below 20), "
     "got '19'"},
    {BASE "[disclosure]\nmin-numerator = 2\n", 6,
     "min-numerator: expected an integer 3..1000 (never below 3), got "
     "'2'"},
    {BASE "[disclosure]\ncaution-rse = 0\n", 6,
     "caution-rse: expected a relative standard error 0 < r <= 1, like "
     "0.30, got '0'"},
    {BASE "[disclosure]\ncaution-rse = 1.5\n", 6,
     "caution-rse: expected a relative standard error 0 < r <= 1, like "
     "0.30, got '1.5'"},
    {BASE "[disclosure]\ncaution-rse = 0.3x\n", 6,
     "caution-rse: expected a relative standard error 0 < r <= 1, like "
     "0.30, got '0.3x'"},
    {BASE "[disclosure]\ndominance = 1\n", 6,
     "unknown key 'dominance' in [disclosure]"},
    /* the file as a whole */
    {"[report]\ntitle = T\n  more of the title\nregion = 1980\n", 3,
     "continuation lines are not allowed (a line starting with a blank "
     "continues the previous value); remove the indentation"},
    /* checks after the last line: at the section's first key */
    {"; r\n[report]\ntitle = T\nperiod = 2025\n", 3,
     "[report] needs a region (kommun or län codes)"},
    {"[report]\ntitle = T\nregion = 1980\n", 2, "[report] needs a period"},
    {BASE "[survey]\nround = year\n", 6,
     "[survey] needs a name (the survey in the store)"},
    {BASE "[survey]\nname = s\n", 6,
     "[survey] needs ever or last-12-months (the item to report)"},
    {BASE "[survey]\nname = s\never = e\ncurrent = 2025\n", 6,
     "[survey] current and previous need round (the variable that "
     "separates rounds)"},
    {BASE "[survey]\nname = s\never = e\nround = year\nprevious = 2023\n", 6,
     "[survey] previous needs current"},
    {BASE "[survey]\nname = s\nlast-12-months = e\nround = year\n"
          "current = 2025\nprevious = 2025\n",
     6, "[survey] previous and current are the same round"},
};

/* Every bad definition is KL_ERR_CONFIG at r.ini, its line, column 0,
 * with its message, and gives no definition. */
static void test_report_def_bad_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kl_report_def *d = (void *)1;
		struct kl_error err;
		kl_error_clear(&err);
		int rc = kl_report_def_parse(bad[i].text, strlen(bad[i].text),
		                             "r.ini", &d, &err);
		if (rc != KL_ERR_CONFIG || err.status != KL_ERR_CONFIG ||
		    err.line != bad[i].line || err.column != 0 ||
		    strcmp(err.path, "r.ini") != 0 ||
		    strcmp(err.msg, bad[i].msg) != 0)
			fail_msg("case %zu: rc %d status %d %s:%lu:%lu: %s\n"
			         "want line %lu: %s",
			         i, rc, err.status, err.path, err.line,
			         err.column, err.msg, bad[i].line, bad[i].msg);
		assert_null(d);
	}
}

/* A NUL byte is refused at its line (the text after it would otherwise
 * be lost without a word). */
static void test_report_def_nul_byte(void **state)
{
	static const char text[] = "[report]\ntitle = T\0x\nregion = 1980\n"
	                           "period = 2025\n";
	struct kl_report_def *d = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_report_def_parse(text, sizeof(text) - 1, "r.ini", &d, &err),
	    KL_ERR_CONFIG);
	assert_null(d);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "NUL byte in the report file");
}

/* A personnummer in a key's name is refused like one in a value
 * (KL_ERR_PRIVACY, its shape only: none of its digits in the message).
 * 640823-3234 is DOMAIN.md's example with a valid check digit. */
static void test_report_def_pnr_in_key(void **state)
{
	static const char text[] = "[report]\ntitle = T\n640823-3234 = x\n";
	struct kl_report_def *d = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_report_def_parse(text, strlen(text), "r.ini", &d, &err),
	    KL_ERR_PRIVACY);
	assert_null(d);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg,
	                    "expected no direct identifier in the report "
	                    "file, found a personnummer (YYMMDD-****); remove "
	                    "it");
	assert_null(strstr(err.msg, "6408"));
	assert_null(strstr(err.msg, "3234"));
}

/* Defaults (kartlagg-report(5)): [individuals] period is [report]
 * period, [offences] period the five years up to it, formats text; list
 * entries lose the blanks around them. */
static void test_report_def_defaults(void **state)
{
	static const char text[] = BASE "[survey]\nname = s\never = e\n"
	                                "compensation = ers_pengar ,\tx , y\n"
	                                "[individuals]\nrole = alla\n"
	                                "[offences]\nsource = police\n";
	struct kl_report_def *d = NULL;
	struct kl_error err;
	(void)state;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_report_def_parse(text, strlen(text), "r.ini", &d, &err), KL_OK);
	assert_string_equal(d->ind_period, "2025");
	assert_string_equal(d->off_period, "2021-2025");
	assert_int_equal(d->formats, KL_REP_TEXT);
	assert_int_equal(d->ncompensation, 3);
	assert_string_equal(d->compensation[0], "ers_pengar");
	assert_string_equal(d->compensation[1], "x");
	assert_string_equal(d->compensation[2], "y");
	assert_true(d->individuals);
	assert_true(d->offences);
	assert_false(d->mse);
	kl_report_def_free(d);
}

/* kl_report_def_read: a missing file and a directory are KL_ERR_NOINPUT
 * with the system's reason; a file over 1 MiB is KL_ERR_CONFIG. */
static void test_report_def_read_errors(void **state)
{
	struct kl_report_def *d = (void *)1;
	struct kl_error err;
	char dir[64], p[128], want[256];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kl-test-def-XXXXXX");
	assert_non_null(mkdtemp(dir));

	snprintf(p, sizeof(p), "%s/none.ini", dir);
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_read(p, &d, &err), KL_ERR_NOINPUT);
	assert_null(d);
	assert_int_equal(err.sys_errno, ENOENT);
	snprintf(want, sizeof(want),
	         "cannot open '%s': No such file or "
	         "directory",
	         p);
	assert_string_equal(err.msg, want);

	d = (void *)1;
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_read(dir, &d, &err), KL_ERR_NOINPUT);
	assert_null(d);
	assert_int_equal(err.sys_errno, EISDIR);
	snprintf(want, sizeof(want), "cannot read '%s': Is a directory", dir);
	assert_string_equal(err.msg, want);

	/* 1 MiB + 1 byte of comments after a good [report] */
	snprintf(p, sizeof(p), "%s/big.ini", dir);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	size_t n = (size_t)fprintf(f, "%s", BASE);
	while (n < (1u << 20) + 1) {
		fputc(n % 64 == 63 ? '\n' : ';', f);
		n++;
	}
	assert_int_equal(fclose(f), 0);
	d = (void *)1;
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_read(p, &d, &err), KL_ERR_CONFIG);
	assert_null(d);
	assert_string_equal(err.path, p);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, "a report file is at most 1 MiB");

	/* exactly 1 MiB is read */
	assert_int_equal(truncate(p, 1u << 20), 0);
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_read(p, &d, &err), KL_OK);
	assert_string_equal(d->title, "T");
	kl_report_def_free(d);
	unlink(p);
	rmdir(dir);
}

/* Parse text (which must parse) and check it against the store: the
 * status, and the error's line and message. */
static void check(struct kl_store *st, const char *text, int status,
                  unsigned long line, const char *msg)
{
	struct kl_report_def *d = NULL;
	struct kl_error err;
	kl_error_clear(&err);
	assert_int_equal(
	    kl_report_def_parse(text, strlen(text), "r.ini", &d, &err), KL_OK);
	kl_error_clear(&err);
	assert_int_equal(kl_report_def_check(st, d, &err), status);
	if (status) {
		assert_string_equal(err.path, "r.ini");
		assert_int_equal(err.line, line);
		assert_int_equal(err.column, 0);
		assert_string_equal(err.msg, msg);
	}
	kl_report_def_free(d);
}

/* The names of [survey] against a store holding survey s
 * (tests/data/estimate) and survey t with its weight set "set"
 * (tests/data/calibrate): each missing variable at its key's line, a
 * missing weight set (before and after the store has any), and a weight
 * set of another survey. */
static void test_report_def_check_store(void **state)
{
#define S BASE "[survey]\nname = s\never = q1\n"
	struct kl_test_survey *f = kl_test_survey_new(
	    "estimate/survey.csv", "estimate/codebook.csv", "s");
	(void)state;
	check(f->st, S "compensation = q2, nope\n", KL_ERR_CONFIG, 8,
	      "compensation: no variable 'nope' in survey 's' in the store");
	check(f->st, S "contact = q3\n", KL_OK, 0, NULL);
	check(f->st, S "contact = kontakt\n", KL_ERR_CONFIG, 8,
	      "contact: no variable 'kontakt' in survey 's' in the store");
	check(f->st, S "population = grp=region kod=age\n", KL_ERR_CONFIG, 8,
	      "population: no variable 'kod' in survey 's' in the store");
	check(f->st, S "weights = set\n", KL_ERR_CONFIG, 8,
	      "weights: no weight set 'set' in the store (kartlagg calibrate "
	      "makes one)");

	/* survey t and its weight set */
	{
		struct kl_import_opts o = {0};
		struct kl_import_result res;
		struct kl_cal_spec c = {0};
		struct kl_cal_result *cr = NULL;
		struct kl_error err;
		const char *m[] = {"a", "b"};
		char dp[512], cp[512], p[2][512];
		const char *fp[2] = {p[0], p[1]};
		assert_non_null(kl_test_data("calibrate/tiny.csv", dp, 512));
		assert_non_null(
		    kl_test_data("calibrate/tiny_codebook.csv", cp, 512));
		assert_non_null(
		    kl_test_data("calibrate/tiny_a.csv", p[0], 512));
		assert_non_null(
		    kl_test_data("calibrate/tiny_b.csv", p[1], 512));
		o.survey = "t";
		o.codebook = cp;
		memset(&res, 0, sizeof(res));
		kl_error_clear(&err);
		assert_int_equal(kl_import_survey(f->st, dp, &o, &res, &err),
		                 KL_OK);
		c.method = KL_CAL_RAKE;
		c.weight = "w";
		c.nmargins = 2;
		c.margins = m;
		c.files = fp;
		assert_int_equal(kl_calibrate(f->st, "t", "set", &c, &cr, &err),
		                 KL_OK);
		kl_cal_result_free(cr);
	}
	check(f->st, S "weights = other\n", KL_ERR_CONFIG, 8,
	      "weights: no weight set 'other' in the store (kartlagg "
	      "calibrate makes one)");
	check(f->st, S "weights = set\n", KL_ERR_CONFIG, 8,
	      "weights: weight set 'set' is of survey 't', not 's'");
	check(f->st, BASE "[survey]\nname = t\never = y\nweights = set\n",
	      KL_OK, 0, NULL);
	kl_test_survey_free(f);
#undef S
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report_def_bad_values),
	    cmocka_unit_test(test_report_def_nul_byte),
	    cmocka_unit_test(test_report_def_pnr_in_key),
	    cmocka_unit_test(test_report_def_defaults),
	    cmocka_unit_test(test_report_def_read_errors),
	    cmocka_unit_test(test_report_def_check_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
