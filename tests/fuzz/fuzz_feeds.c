/*
 * fuzz_feeds.c - the police, Brå SOL and individuals feeds: detection,
 * every row check, personnummer hashing, police case updates (dry run, so
 * the store stays small), then pseudonymise on the same bytes.  The first
 * byte picks the kind and the options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"
#include "kartlagg/kl_feeds.h"

static int sink(void *ctx, const char *text, size_t n)
{
	size_t *total = ctx;
	(void)text;
	*total += n;
	return 0;
}

/* Import the file at path with the options at opts, then pseudonymise
 * it when they say it is an individuals feed. */
static void import_and_pseudonymise(const char *path, void *opts,
                                    struct kl_error *err)
{
	struct kl_feed_opts *o = opts;
	struct kl_feed_result res;
	fuzz_import_feed(path, o, err);
	if (o->kind == KL_FEED_INDIVIDUALS) {
		size_t total = 0;
		kl_error_clear(err);
		kl_pseudonymise(path, o, sink, &total, &res, err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum kl_feed_kind kinds[] = {
	    KL_FEED_UNKNOWN, KL_FEED_POLICE, KL_FEED_BRA_SOL,
	    KL_FEED_INDIVIDUALS};
	struct kl_feed_opts o = {0};
	struct kl_key key = {0};

	if (size < 1)
		return 0;
	for (int i = 0; i < KL_KEY_BYTES; i++)
		key.bytes[i] = (unsigned char)(i * 7 + 1);
	snprintf(key.id, sizeof(key.id), "0123456789abcdef");
	key.loaded = 1;
	o.kind = kinds[data[0] & 3];
	o.unknown_other = (data[0] >> 2) & 1;
	o.max_errors = (data[0] & 8) ? 5 : 1;
	o.key = (data[0] & 16) ? NULL : &key;
	return fuzz_on_file(data + 1, size - 1, import_and_pseudonymise, &o);
}
