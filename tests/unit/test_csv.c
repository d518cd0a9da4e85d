/*
 * test_csv.c - the CSV reader: detection, conversion, line numbers, and
 * every malformed input it must refuse with a location.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

struct seen {
	int n;
	unsigned long line[16];
	size_t nf[16];
	char first[16][64];
	char last[16][64];
};

static int collect(void *ctx, const struct kl_csv_record *rec,
                   struct kl_error *err)
{
	struct seen *s = ctx;
	(void)err;
	if (s->n < 16) {
		s->line[s->n] = rec->line;
		s->nf[s->n] = rec->nfields;
		snprintf(s->first[s->n], 64, "%s", rec->fields[0]);
		snprintf(s->last[s->n], 64, "%s",
		         rec->fields[rec->nfields - 1]);
	}
	s->n++;
	return 0;
}

/* Write `len` bytes to a new temporary file; returns its path. */
static char *tmpfile_with(const char *bytes, size_t len)
{
	char *path = strdup("/tmp/kl_test_csv_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
	return path;
}

static int read_all(const char *bytes, size_t len, const char *enc,
                    struct seen *s, struct kl_error *err,
                    struct kl_csv_info *info)
{
	char *path = tmpfile_with(bytes, len);
	struct kl_csv *c;
	struct kl_csv_opts o = {0};
	int rc;
	o.encoding = enc;
	memset(s, 0, sizeof(*s));
	kl_error_clear(err);
	rc = kl_csv_open(&c, path, &o, err);
	if (!rc) {
		if (info)
			*info = *kl_csv_get_info(c);
		rc = kl_csv_read(c, collect, s, err);
	}
	kl_csv_close(c);
	unlink(path);
	free(path);
	return rc;
}

#define READ(lit, s, e, i) read_all(lit, sizeof(lit) - 1, NULL, s, e, i)

/* A BOM, semicolons and CRLF are detected; the BOM is not in the data. */
static void test_csv_detects_bom_semicolon_crlf(void **state)
{
	struct seen s;
	struct kl_error e;
	struct kl_csv_info info;
	(void)state;
	assert_int_equal(READ("\xEF\xBB\xBF"
	                      "a;b\r\n1;2\r\n",
	                      &s, &e, &info),
	                 KL_OK);
	assert_string_equal(info.encoding, "utf-8-bom");
	assert_int_equal(info.delimiter, ';');
	assert_true(info.crlf);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.first[0], "a");
	assert_string_equal(s.last[1], "2");
	assert_int_equal(info.lines, 2);
	assert_int_equal(info.size, 13);
}

/* A quoted field may span lines and hold doubled quotes; the next record's
 * line number is the physical line it starts on. */
static void test_csv_counts_physical_lines(void **state)
{
	struct seen s;
	struct kl_error e;
	(void)state;
	assert_int_equal(
	    READ("h1,h2\n\"multi\nline\",x\n\"a \"\"q\"\"\",y\n", &s, &e, NULL),
	    KL_OK);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.line[1], 2);
	assert_string_equal(s.first[1], "multi\nline");
	assert_int_equal(s.line[2], 4);
	assert_string_equal(s.first[2], "a \"q\"");
}

/* Windows-1252 bytes are detected and converted; UTF-8 gives the same. */
static void test_csv_converts_windows_1252(void **state)
{
	struct seen s;
	struct kl_error e;
	struct kl_csv_info info;
	(void)state;
	assert_int_equal(READ("K\xF6n\tV\xE4rde\n1\t\x80\n", &s, &e, &info),
	                 KL_OK);
	assert_string_equal(info.encoding, "windows-1252");
	assert_int_equal(info.delimiter, '\t');
	assert_string_equal(s.first[0], "K\xC3\xB6n");
	assert_string_equal(s.last[1], "\xE2\x82\xAC"); /* euro sign */
}

/* Spaces are data: libcsv's default trimming is off. */
static void test_csv_keeps_spaces(void **state)
{
	struct seen s;
	struct kl_error e;
	(void)state;
	assert_int_equal(READ("a,b\n 1 ,2\n", &s, &e, NULL), KL_OK);
	assert_string_equal(s.first[1], " 1 ");
}

static void expect_parse_error(const char *bytes, size_t len,
                               unsigned long line, unsigned long col,
                               const char *msg_part)
{
	struct seen s;
	struct kl_error e;
	int rc = read_all(bytes, len, NULL, &s, &e, NULL);
	assert_int_equal(rc, KL_ERR_PARSE);
	if (line != (unsigned long)-1)
		assert_int_equal(e.line, line);
	if (col != (unsigned long)-1)
		assert_int_equal(e.column, col);
	if (!strstr(e.msg, msg_part)) {
		print_error("message '%s' lacks '%s'\n", e.msg, msg_part);
		fail();
	}
}
#define EXPECT_ERR(lit, l, c, m)                                               \
	expect_parse_error(lit, sizeof(lit) - 1, l, c, m)

/* Each malformed input is refused, saying where. */
static void test_csv_refuses_malformed(void **state)
{
	(void)state;
	EXPECT_ERR("a,b\n1,\"open\n2,3\n", 2, 2, "unterminated quote");
	EXPECT_ERR("a,b\n1,x\"y\n", 2, 2, "malformed quoting");
	EXPECT_ERR("a,b\n1,\"x\"y\n", 2, 2, "malformed quoting");
	EXPECT_ERR("a,b\n1,2\0\n", 2, 2, "NUL byte");
	EXPECT_ERR("\xEF\xBB\xBF"
	           "a,b\n1,\xC3\n",
	           2, 2, "invalid UTF-8");
	/* valid UTF-8 elsewhere + an invalid byte: broken UTF-8, not 1252 */
	EXPECT_ERR("a,\xC3\xA5\n1,\xE5\n", 2, 2, "invalid UTF-8");
	EXPECT_ERR("a,b\n\n1,2\n", 2, 1, "blank line");
	EXPECT_ERR("", 0, 0, "empty");
	EXPECT_ERR("\xEF\xBB\xBF", 0, 0, "empty");
	/* 0x81 is not defined in Windows-1252 */
	EXPECT_ERR("a,b\n\xE5,\x81\n", 2, 2, "not a windows-1252 character");
	/* with a valid "ö" (C3 B6) on line 2: a sequence cut off by the end
	 * of the file, an overlong one (E0 80 80 is U+0000), a surrogate (ED
	 * A0 80 is U+D800), one beyond U+10FFFF (F4 90 80 80), each at field 1
	 * of line 3 */
	EXPECT_ERR("a\n\xC3\xB6\n\xC3", 3, 1,
	           "invalid UTF-8 (byte 0xC3); expected UTF-8 text, or give "
	           "--encoding");
	EXPECT_ERR("a\n\xC3\xB6\n\xE0\x80\x80\n", 3, 1,
	           "invalid UTF-8 (byte 0xE0)");
	EXPECT_ERR("a\n\xC3\xB6\n\xED\xA0\x80\n", 3, 1,
	           "invalid UTF-8 (byte 0xED)");
	EXPECT_ERR("a\n\xC3\xB6\n\xF4\x90\x80\x80\n", 3, 1,
	           "invalid UTF-8 (byte 0xF4)");
	/* the quoted field 1 holds the delimiter: the bad byte is in field 2 */
	EXPECT_ERR("a,\xC3\xB6\n\"x,y\",\xFF\n", 2, 2,
	           "invalid UTF-8 (byte 0xFF)");
}

/* `len` bytes: `head`, then `fill` up to a total of len - strlen(tail),
 * then `tail`; the caller frees. */
static char *filled(size_t len, const char *head, char fill, const char *tail)
{
	char *b = malloc(len);
	assert_non_null(b);
	memset(b, fill, len);
	memcpy(b, head, strlen(head));
	memcpy(b + len - strlen(tail), tail, strlen(tail));
	return b;
}

/*
 * ISO-8859-1 by name: E9 is "é" (C3 A9).  A UTF-8 sequence split by the
 * end of the first 1 MiB read (C3 the last byte of it, B6 the first of
 * the next) is no invalid byte: the file stays UTF-8, not Windows-1252.
 * A line of more than 16 MiB (line 2), and a record of more (a quote
 * opened on line 2 and never closed over 1024-byte lines), are refused.
 */
static void test_csv_latin1_and_limits(void **state)
{
	struct seen s;
	struct kl_error e;
	struct kl_csv_info info;
	char *b;
	(void)state;
	assert_int_equal(read_all("a\n\xE9\n", 4, "latin1", &s, &e, &info),
	                 KL_OK);
	assert_string_equal(info.encoding, "iso-8859-1");
	assert_string_equal(s.first[1], "\xC3\xA9");

	b = filled(1048578, "a\n", 'x', "\xC3\xB6\n");
	assert_int_equal((unsigned char)b[1048575], 0xC3);
	assert_int_equal(read_all(b, 1048578, NULL, &s, &e, &info), KL_OK);
	assert_string_equal(info.encoding, "utf-8");
	assert_int_equal(s.n, 2);
	free(b);

	b = filled(KL_CSV_MAX_LINE + 16, "a\n", 'x', "\n");
	assert_int_equal(read_all(b, KL_CSV_MAX_LINE + 16, NULL, &s, &e, NULL),
	                 KL_ERR_PARSE);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 0);
	assert_string_equal(e.msg, "line longer than the limit of 16777216 "
	                           "bytes");
	free(b);

	size_t n = 3 + (size_t)16400 * 1024;
	b = filled(n, "a\n\"", 'x', "\n");
	for (size_t i = 3 + 1023; i < n; i += 1024)
		b[i] = '\n';
	assert_int_equal(read_all(b, n, NULL, &s, &e, NULL), KL_ERR_PARSE);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 1);
	assert_string_equal(e.msg, "record longer than the limit of 16777216 "
	                           "bytes (an unterminated quote?)");
	free(b);
}

/* Trailing blank lines are allowed; a missing final newline too. */
static void test_csv_trailing_blank_lines(void **state)
{
	struct seen s;
	struct kl_error e;
	(void)state;
	assert_int_equal(READ("a,b\n1,2\n\n\r\n", &s, &e, NULL), KL_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(READ("a,b\n1,2", &s, &e, NULL), KL_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.last[1], "2");
}

/* A missing file is "no input", not a parse error. */
static void test_csv_missing_file(void **state)
{
	struct kl_csv *c;
	struct kl_error e;
	(void)state;
	kl_error_clear(&e);
	assert_int_equal(kl_csv_open(&c, "/nonexistent/x.csv", NULL, &e),
	                 KL_ERR_NOINPUT);
	assert_null(c);
}

/* The two reference exports (UTF-8 + BOM, Windows-1252) read identically. */
static void test_csv_reference_encodings_agree(void **state)
{
	char p1[4096], p2[4096];
	struct kl_csv *a, *b;
	struct kl_error e;
	(void)state;
	if (!kl_test_reference("survey/ungdomsenkat_2023_2025.csv", p1,
	                       sizeof(p1)) ||
	    !kl_test_reference("survey/ungdomsenkat_2023_2025_latin1.csv", p2,
	                       sizeof(p2)))
		skip();
	kl_error_clear(&e);
	assert_int_equal(kl_csv_open(&a, p1, NULL, &e), KL_OK);
	assert_int_equal(kl_csv_open(&b, p2, NULL, &e), KL_OK);
	assert_string_equal(kl_csv_get_info(a)->encoding, "utf-8-bom");
	assert_string_equal(kl_csv_get_info(b)->encoding, "windows-1252");
	assert_int_equal(kl_csv_get_info(a)->delimiter, ';');
	assert_int_equal(kl_csv_get_info(b)->delimiter, ';');
	assert_int_equal(kl_csv_get_info(a)->lines, 6033);
	kl_csv_close(a);
	kl_csv_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_detects_bom_semicolon_crlf),
	    cmocka_unit_test(test_csv_counts_physical_lines),
	    cmocka_unit_test(test_csv_converts_windows_1252),
	    cmocka_unit_test(test_csv_keeps_spaces),
	    cmocka_unit_test(test_csv_refuses_malformed),
	    cmocka_unit_test(test_csv_latin1_and_limits),
	    cmocka_unit_test(test_csv_trailing_blank_lines),
	    cmocka_unit_test(test_csv_missing_file),
	    cmocka_unit_test(test_csv_reference_encodings_agree),
	};
	struct kl_error e;
	kl_init(&e);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
