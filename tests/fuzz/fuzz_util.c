/*
 * fuzz_util.c - in-memory files, a store and a feed import for the fuzz
 * harnesses.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "kartlagg/kartlagg.h"
#include "kartlagg/kl_feeds.h"

const char *fuzz_file(const uint8_t *data, size_t size, int *fd)
{
	static char path[64];
	static int ready;
	if (!ready) {
		/* as main() does: GSL reports errors instead of aborting */
		struct kl_error err;
		if (kl_init(&err) != KL_OK)
			return NULL;
		ready = 1;
	}
	*fd = memfd_create("kartlagg-fuzz", MFD_CLOEXEC);
	if (*fd < 0)
		return NULL;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(*fd, data + done, size - done);
		if (w <= 0) {
			close(*fd);
			return NULL;
		}
		done += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", *fd);
	return path;
}

void fuzz_file_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

struct kl_store *fuzz_store(void)
{
	static struct kl_store *store;
	static char dir[] = "/tmp/kartlagg-fuzz-XXXXXX";
	char path[64];
	struct kl_error err;
	if (store)
		return store;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/store.db", dir);
	if (kl_store_open(&store, path, KL_STORE_CREATE, &err) != KL_OK)
		abort();
	return store;
}

int fuzz_on_file(const uint8_t *data, size_t size,
                 void (*run)(const char *path, void *ctx, struct kl_error *err),
                 void *ctx)
{
	struct kl_error err;
	int fd;
	const char *path = fuzz_file(data, size, &fd);
	if (!path)
		return 0;
	kl_error_clear(&err);
	run(path, ctx, &err);
	fuzz_file_close(fd);
	return 0;
}

void fuzz_import_feed(const char *path, void *opts, struct kl_error *err)
{
	struct kl_feed_opts *o = opts;
	struct kl_feed_result res;
	o->dry_run = 1;
	kl_import_feed(fuzz_store(), path, o, &res, err);
}
