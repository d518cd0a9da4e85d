/*
 * test_key.c - the pseudonymisation key file: private mode whatever the
 * umask, never overwritten, refused when others may read it or when it has
 * the wrong size.
 */
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kl_test.h"
#include "kartlagg/kartlagg.h"

struct dir {
	char path[256];
	char key[300];
};

static int setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));
	struct kl_error err;
	if (!d)
		return -1;
	snprintf(d->path, sizeof(d->path), "/tmp/kl_test_key.XXXXXX");
	if (!mkdtemp(d->path))
		return -1;
	snprintf(d->key, sizeof(d->key), "%s/key", d->path);
	kl_error_clear(&err);
	if (kl_init(&err))
		return -1;
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dir *d = *state;
	unlink(d->key);
	rmdir(d->path);
	free(d);
	return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Under umask 0 a new key file is still mode 0600 and 65 bytes long. */
static void test_key_new_is_private_under_umask_0(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct stat sb;
	char id[KL_KEY_ID_CHARS + 1];
	mode_t old = umask(0);

	kl_error_clear(&err);
	assert_int_equal(kl_key_create(d->key, id, &err), KL_OK);
	umask(old);
	assert_int_equal(stat(d->key, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(sb.st_size, 65);
	assert_int_equal(strlen(id), KL_KEY_ID_CHARS);
}

/* A new key loads, and its id is the one reported at creation. */
static void test_key_new_then_load_gives_same_id(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct kl_key k;
	char id[KL_KEY_ID_CHARS + 1];

	kl_error_clear(&err);
	assert_int_equal(kl_key_create(d->key, id, &err), KL_OK);
	assert_int_equal(kl_key_load(d->key, &k, &err), KL_OK);
	assert_true(k.loaded);
	assert_string_equal(k.id, id);
	kl_key_release(&k);
	assert_false(k.loaded);
	for (size_t i = 0; i < sizeof(k.bytes); i++)
		assert_int_equal(k.bytes[i], 0);
}

/* An existing file is never overwritten, whatever it holds. */
static void test_key_new_refuses_overwrite(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	char buf[16] = {0};

	write_file(d->key, "keep me\n", 0600);
	kl_error_clear(&err);
	assert_int_equal(kl_key_create(d->key, NULL, &err), KL_ERR_USAGE);
	assert_non_null(strstr(err.msg, "never overwritten"));
	FILE *f = fopen(d->key, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "keep me\n");
}

/* Two new keys differ (they come from the system's random source). */
static void test_key_new_keys_differ(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	char id1[KL_KEY_ID_CHARS + 1], id2[KL_KEY_ID_CHARS + 1];

	kl_error_clear(&err);
	assert_int_equal(kl_key_create(d->key, id1, &err), KL_OK);
	unlink(d->key);
	assert_int_equal(kl_key_create(d->key, id2, &err), KL_OK);
	assert_string_not_equal(id1, id2);
}

static const char hex64[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

/* A key file group or others may read or write is refused as a
 * configuration error that names the mode. */
static void test_key_load_refuses_group_readable(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct kl_key k;
	static const mode_t modes[] = {0640, 0604, 0620, 0602, 0644};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		write_file(d->key, hex64, modes[i]);
		kl_error_clear(&err);
		assert_int_equal(kl_key_load(d->key, &k, &err), KL_ERR_CONFIG);
		assert_non_null(strstr(err.msg, "group or others"));
		assert_false(k.loaded);
		unlink(d->key);
	}
	write_file(d->key, hex64, 0400);
	assert_int_equal(kl_key_load(d->key, &k, &err), KL_OK);
	kl_key_release(&k);
}

/* A file of the wrong size or content is not a key. */
static void test_key_load_refuses_wrong_size(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct kl_key k;
	static const char *const bad[] = {
	    "",
	    "00010203\n",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "00\n",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g"
	    "\n",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "\n\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(d->key, bad[i], 0600);
		kl_error_clear(&err);
		assert_int_equal(kl_key_load(d->key, &k, &err), KL_ERR_CONFIG);
		unlink(d->key);
	}
	/* without the final newline it is still the same key */
	write_file(d->key,
	           "000102030405060708090a0b0c0d0e0f1011121314151617"
	           "18191a1b1c1d1e1f",
	           0600);
	assert_int_equal(kl_key_load(d->key, &k, &err), KL_OK);
	for (int i = 0; i < 32; i++)
		assert_int_equal(k.bytes[i], i);
	kl_key_release(&k);
}

/* A missing key file is "no input", not a configuration error. */
static void test_key_load_missing_is_noinput(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct kl_key k;

	kl_error_clear(&err);
	assert_int_equal(kl_key_load(d->key, &k, &err), KL_ERR_NOINPUT);
}

/* A key file that cannot be created or written is an error that names
 * the file and the system's reason, and no part of it is left behind. */
static void test_key_new_cannot_create_or_write(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	char p[320], want[400];
	struct rlimit old, lim;

	snprintf(p, sizeof(p), "%s/no/key", d->path);
	kl_error_clear(&err);
	assert_int_equal(kl_key_create(p, NULL, &err), KL_ERR_CANTCREAT);
	snprintf(want, sizeof(want),
	         "cannot create key file '%s': No such file or directory", p);
	assert_string_equal(err.msg, want);

	/* files may grow to 10 bytes: the write of 65 fails with EFBIG */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 10;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	kl_error_clear(&err);
	int rc = kl_key_create(d->key, NULL, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(rc, KL_ERR_CANTCREAT);
	snprintf(want, sizeof(want),
	         "cannot write key file '%s': File too large", d->key);
	assert_string_equal(err.msg, want);
	assert_int_equal(access(d->key, F_OK), -1);
}

/* A directory is not a key file. */
static void test_key_load_refuses_directory(void **state)
{
	struct dir *d = *state;
	struct kl_error err;
	struct kl_key k;
	char want[400];

	kl_error_clear(&err);
	assert_int_equal(kl_key_load(d->path, &k, &err), KL_ERR_CONFIG);
	snprintf(want, sizeof(want), "key file '%s' is not a regular file",
	         d->path);
	assert_string_equal(err.msg, want);
	assert_false(k.loaded);
}

/* Initials that do not fit the buffer are refused, a two-byte letter
 * included; a buffer of 0 bytes holds nothing. */
static void test_key_initials_buffer(void **state)
{
	char b[4];
	(void)state;
	assert_int_equal(kl_key_norm_initials("Å", b, 2), -1);
	assert_int_equal(kl_key_norm_initials("Å", b, 3), 1);
	assert_string_equal(b, "Å");
	assert_int_equal(kl_key_norm_initials("", b, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_key_new_is_private_under_umask_0, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_key_new_then_load_gives_same_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_new_refuses_overwrite,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_new_keys_differ, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_key_load_refuses_group_readable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_refuses_wrong_size,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_missing_is_noinput,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_new_cannot_create_or_write,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_refuses_directory,
	                                    setup, teardown),
	    cmocka_unit_test(test_key_initials_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
