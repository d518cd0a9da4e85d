/*
 * key.c - creating and loading the pseudonymisation key (kl_key.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kl_key.h"

/* Domain-separated input for the key id: never a personnummer. */
static const char key_id_label[] = "kartlagg key id v1";

static void make_id(const unsigned char *k, char *id)
{
	unsigned char h[KL_KEY_ID_CHARS / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key_id_label,
	                   sizeof(key_id_label) - 1, k, KL_KEY_BYTES);
	sodium_bin2hex(id, KL_KEY_ID_CHARS + 1, h, sizeof(h));
}

/* Write all of buf to fd; returns 0 or an errno value. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int kl_key_create(const char *path, char *id, struct kl_error *err)
{
	unsigned char k[KL_KEY_BYTES];
	char text[KL_KEY_FILE_BYTES + 1];
	int fd, e = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	          0600);
	if (fd < 0) {
		e = errno;
		if (e == EEXIST)
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "'%s' exists; a key file is never "
			    "overwritten (remove it first if you "
			    "really mean to replace the key)",
			    path);
		return kl_error_sys(err, KL_ERR_CANTCREAT, e,
		                    "cannot create key file '%s'", path);
	}
	if (fchmod(fd, 0600) != 0) {
		e = errno;
		goto fail;
	}
	randombytes_buf(k, sizeof(k));
	sodium_bin2hex(text, sizeof(text), k, sizeof(k));
	text[KL_KEY_FILE_BYTES - 1] = '\n';
	e = write_all(fd, text, KL_KEY_FILE_BYTES);
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	fd = -1;
	if (e)
		goto fail;
	if (id)
		make_id(k, id);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(text, sizeof(text));
	return KL_OK;
fail:
	sodium_memzero(k, sizeof(k));
	sodium_memzero(text, sizeof(text));
	if (fd >= 0)
		close(fd);
	unlink(path);
	return kl_error_sys(err, KL_ERR_CANTCREAT, e,
	                    "cannot write key file '%s'", path);
}

int kl_key_load(const char *path, struct kl_key *key, struct kl_error *err)
{
	char text[KL_KEY_FILE_BYTES + 2];
	struct stat sb;
	ssize_t n = 0;
	size_t bin = 0;
	int fd, rc = KL_OK;

	sodium_memzero(key, sizeof(*key));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return kl_error_sys(err, KL_ERR_NOINPUT, errno,
		                    "cannot open key file '%s'", path);
	if (fstat(fd, &sb) != 0) {
		rc = kl_error_sys(err, KL_ERR_NOINPUT, errno,
		                  "cannot read key file '%s'", path);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = kl_error_set(err, KL_ERR_CONFIG,
		                  "key file '%s' is not a regular file", path);
		goto out;
	}
	if (sb.st_mode & 077) {
		rc = kl_error_set(err, KL_ERR_CONFIG,
		                  "key file '%s' may be read or written by "
		                  "group or others (mode %04o); run "
		                  "'chmod 600' on it, and make a new key if "
		                  "others may have read it",
		                  path, (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, text + n, sizeof(text) - (size_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = kl_error_sys(err, KL_ERR_NOINPUT, errno,
			                  "cannot read key file '%s'", path);
			goto out;
		}
		if (r == 0)
			break;
		n += r;
		if ((size_t)n == sizeof(text))
			break;
	}
	if (n == KL_KEY_FILE_BYTES && text[KL_KEY_FILE_BYTES - 1] == '\n')
		n--;
	if (n != 2 * KL_KEY_BYTES ||
	    sodium_hex2bin(key->bytes, sizeof(key->bytes), text, (size_t)n,
	                   NULL, &bin, NULL) != 0 ||
	    bin != KL_KEY_BYTES) {
		rc = kl_error_set(
		    err, KL_ERR_CONFIG,
		    "key file '%s' is not a kartlagg key (expected "
		    "64 hex digits and a newline, as written by "
		    "'kartlagg key new')",
		    path);
		goto out;
	}
	make_id(key->bytes, key->id);
	key->loaded = 1;
out:
	sodium_memzero(text, sizeof(text));
	close(fd);
	if (rc)
		sodium_memzero(key, sizeof(*key));
	return rc;
}

void kl_key_release(struct kl_key *key)
{
	if (key)
		sodium_memzero(key, sizeof(*key));
}

int kl_key_hash_pnr(const struct kl_key *key, const struct kl_pnr *p,
                    char hex[65])
{
	return kl_pnr_hash(p, key->bytes, hex);
}

int kl_key_norm_initials(const char *s, char *out, size_t n)
{
	size_t k = 0;
	int letters = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c == ' ' || c == '\t' || c == '.' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z') {
			if (k + 2 > n)
				return -1;
			out[k++] = (char)c;
			letters++;
			continue;
		}
		/* UTF-8 C3 80..C3 BF: Latin-1 letters, but not × ÷ */
		if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf && p[1] != 0x97 &&
		    p[1] != 0xb7) {
			unsigned char d = p[1];
			if (d >= 0xa0 && d != 0xbf)
				d = (unsigned char)(d - 0x20); /* à -> À */
			if (k + 3 > n)
				return -1;
			out[k++] = (char)c;
			out[k++] = (char)d;
			letters++;
			p++;
			continue;
		}
		return -1;
	}
	if (n == 0)
		return -1;
	out[k] = '\0';
	return letters;
}

void kl_key_hash_weak(const struct kl_key *key, const char *sex, int birth_year,
                      const char *initials, char hex[65])
{
	static const char label[] = "kartlagg weak key v1";
	unsigned char h[KL_PNR_HASHBYTES];
	crypto_generichash_state st;
	char year[16];
	const unsigned char nul = 0;

	snprintf(year, sizeof(year), "%d", birth_year);
	crypto_generichash_init(&st, key->bytes, KL_KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)label,
	                          sizeof(label) - 1);
	crypto_generichash_update(&st, &nul, 1);
	crypto_generichash_update(&st, (const unsigned char *)sex, strlen(sex));
	crypto_generichash_update(&st, &nul, 1);
	crypto_generichash_update(&st, (const unsigned char *)year,
	                          strlen(year));
	crypto_generichash_update(&st, &nul, 1);
	crypto_generichash_update(&st, (const unsigned char *)initials,
	                          strlen(initials));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}
