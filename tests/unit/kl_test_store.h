/*
 * kl_test_store.h - an empty store in a fresh temporary directory, for the
 * unit tests that build their own data (test_count, test_import,
 * test_report).  Header-only (static functions), so a test that includes
 * it needs no change to the build.
 */
#ifndef KL_TEST_STORE_H
#define KL_TEST_STORE_H

#include <stdio.h>
#include <stdlib.h>

#include "kartlagg/kartlagg.h"

struct kl_test_store {
	char dir[64];   /* /tmp/kl-test-<tag>-XXXXXX */
	char path[128]; /* dir/s.db */
	struct kl_store *st;
};

/*
 * Make the directory /tmp/kl-test-<tag>-XXXXXX and create the store
 * dir/s.db in it, into *t (which the caller owns; free it with
 * kl_test_store_remove).  Returns 0, or -1 when the directory cannot be
 * made or the store cannot be created (t->st is then NULL or unusable).
 */
static inline int kl_test_store_new(struct kl_test_store *t, const char *tag)
{
	struct kl_error err;
	t->st = NULL;
	snprintf(t->dir, sizeof(t->dir), "/tmp/kl-test-%s-XXXXXX", tag);
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/s.db", t->dir);
	kl_error_clear(&err);
	return kl_store_open(&t->st, t->path, KL_STORE_CREATE, &err) == KL_OK
	           ? 0
	           : -1;
}

/*
 * Close t's store and remove its directory with everything the test put
 * in it.  Returns 0, or -1 when the removal fails.
 */
static inline int kl_test_store_remove(struct kl_test_store *t)
{
	char cmd[128];
	kl_store_close(t->st);
	t->st = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
