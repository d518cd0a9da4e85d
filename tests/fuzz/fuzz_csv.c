/*
 * fuzz_csv.c - the CSV layer: encoding and delimiter detection, libcsv
 * tokenising, conversion, limits.  The first byte picks the options.
 */
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

static int touch(void *ctx, const struct kl_csv_record *rec,
                 struct kl_error *err)
{
	size_t *sum = ctx;
	(void)err;
	for (size_t i = 0; i < rec->nfields; i++) {
		/* every field is NUL-terminated at its length */
		if (rec->fields[i][rec->lens[i]] != '\0')
			__builtin_trap();
		*sum += rec->lens[i];
	}
	if (rec->end_line < rec->line)
		__builtin_trap();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *encs[] = {NULL, "utf-8", "windows-1252",
	                             "iso-8859-1"};
	static const int delims[] = {0, ';', ',', '\t'};
	struct kl_csv_opts o = {0};
	struct kl_csv *c;
	struct kl_error err;
	int fd;

	if (size < 1)
		return 0;
	o.encoding = encs[data[0] & 3];
	o.delimiter = delims[(data[0] >> 2) & 3];
	o.async_hash = (data[0] >> 4) & 1;
	const char *path = fuzz_file(data + 1, size - 1, &fd);
	if (!path)
		return 0;
	kl_error_clear(&err);
	if (kl_csv_open(&c, path, &o, &err) == KL_OK) {
		size_t sum = 0;
		kl_csv_read(c, touch, &sum, &err);
		kl_csv_hash_wait(c, &err);
		if (strlen(kl_csv_get_info(c)->sha256) != 64)
			__builtin_trap();
		kl_csv_close(c);
	}
	fuzz_file_close(fd);
	return 0;
}
