/*
 * fuzz_import.c - a whole survey import (dry run, so the store stays
 * small): header checks, type inference or codebook checks, keys, the
 * personnummer detector, the storing thread.  Input: a codebook, a line
 * "=====", then the export; without the separator, the export alone
 * (types inferred).  The first byte picks the options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_import_opts o = {0};
	struct kl_import_result res;
	struct kl_error err;
	int fd = -1, cfd = -1;

	if (size < 1)
		return 0;
	struct kl_store *st = fuzz_store();
	uint8_t flags = data[0];
	data++;
	size--;
	const uint8_t *sep = NULL;
	for (size_t i = 0; i + 6 <= size; i++)
		if (!memcmp(data + i, "=====\n", 6)) {
			sep = data + i;
			break;
		}
	if (sep) {
		const char *cpath = fuzz_file(data, (size_t)(sep - data), &cfd);
		static char cbuf[64];
		if (!cpath)
			return 0;
		snprintf(cbuf, sizeof(cbuf), "%s", cpath);
		o.codebook = cbuf;
		size -= (size_t)(sep + 6 - data);
		data = sep + 6;
	}
	const char *path = fuzz_file(data, size, &fd);
	if (path) {
		o.survey = "fuzz";
		o.dry_run = 1;
		o.max_errors = (flags & 1) ? 5 : 1;
		o.key = (flags & 2) ? "id" : NULL;
		o.replace = (flags & 4) != 0;
		kl_error_clear(&err);
		kl_import_survey(st, path, &o, &res, &err);
	}
	fuzz_file_close(fd);
	fuzz_file_close(cfd);
	return 0;
}
