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

	if (size < 1)
		return 0;
	o.kind = (data[0] & 1) ? KL_FEED_SCB_POPULATION : KL_FEED_UNKNOWN;
	o.replace = (data[0] >> 1) & 1;
	o.max_errors = (data[0] & 4) ? 5 : 1;
	return fuzz_on_file(data + 1, size - 1, fuzz_import_feed, &o);
}
