/*
 * fuzz_report_build.c - the report builder and its writers: an input that
 * parses as a report definition (kl_report_def_parse) and passes
 * kl_report_def_check is built over a small store (one police case in
 * Västerås, imported once) and written as text, Markdown, HTML and every
 * CSV table into /dev/null.  Long region lists (up to 32 kommuner and län
 * with long names), titles and notes reach the fixed buffers the builder
 * used to have (issue 14: the title line overflowed a 600-byte buffer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

static const char police[] =
    "diarienummer;anmalningsdatum;brottsdatum_fran;brottsdatum_till;"
    "brottskod;lagrum;kommunkod;plats_typ;internetrelaterat;antal_brott;"
    "malsagande_kon;malsagande_aldersgrupp;status\n"
    "5000-K900001-10;2010-05-05;;;4024;BrB 6:11;1980;okänt;nej;1;okänt;"
    "okänt;nedlagd\n";

static struct kl_store *store(void)
{
	static struct kl_store *st;
	struct kl_feed_opts o;
	struct kl_feed_result res;
	struct kl_error err;
	int fd;

	if (st)
		return st;
	const char *path =
	    fuzz_file((const uint8_t *)police, sizeof(police) - 1, &fd);
	st = fuzz_store();
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	kl_error_clear(&err);
	if (!path || kl_import_feed(st, path, &o, &res, &err) != KL_OK)
		abort();
	fuzz_file_close(fd);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_report_def *d = NULL;
	struct kl_report *r = NULL;
	struct kl_error err;
	struct kl_store *st = store();

	kl_error_clear(&err);
	if (kl_report_def_parse((const char *)data, size, "fuzz.ini", &d,
	                        &err) != KL_OK)
		return 0;
	if (kl_report_def_check(st, d, &err) == KL_OK &&
	    kl_report_build(st, d, &r, &err) == KL_OK) {
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			kl_report_write_text(r, f, &err);
			kl_report_write_md(r, f, &err);
			kl_report_write_html(r, f, &err);
			for (size_t t = 0; t < r->ntables; t++)
				kl_report_write_csv(r, t, f, &err);
			kl_report_write_manifest(r, f, &err);
			fclose(f);
		}
		kl_report_free(r);
	}
	kl_report_def_free(d);
	return 0;
}
