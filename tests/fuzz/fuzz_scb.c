/*
 * fuzz_scb.c - the SCB population import: header shapes, region, age,
 * sex and count cells, the region table by year, the overlap checks
 * (dry run, so the store stays empty).  The first byte picks detection or
 * --kind scb-population, --replace and the number of problems reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"
#include "kartlagg/kl_feeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_feed_opts o = {0};
	struct kl_feed_result res;
	struct kl_error err;
	int fd;

	if (size < 1)
		return 0;
	o.kind = (data[0] & 1) ? KL_FEED_SCB_POPULATION : KL_FEED_UNKNOWN;
	o.replace = (data[0] >> 1) & 1;
	o.max_errors = (data[0] & 4) ? 5 : 1;
	o.dry_run = 1;
	const char *path = fuzz_file(data + 1, size - 1, &fd);
	if (!path)
		return 0;
	struct kl_store *st = fuzz_store();
	kl_error_clear(&err);
	kl_import_feed(st, path, &o, &res, &err);
	fuzz_file_close(fd);
	return 0;
}
