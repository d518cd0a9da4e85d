/*
 * kl_key.h - the secret key that turns personnummer (and weak keys made of
 * sex, birth year and initials) into pseudonymous person keys.
 *
 * A key file holds 64 lower-case hex digits (32 random bytes from
 * libsodium's randombytes_buf) and a newline: 65 bytes, nothing else.  It
 * is created with O_CREAT | O_EXCL and mode 0600 (fchmod'ed, so the umask
 * cannot widen it), never overwritten, and refused when group or others
 * may read or write it.  Every organisation of a region that is to be
 * linked uses the same key file; whoever holds it can test a guessed
 * personnummer, so it is handled like a password.
 *
 * The key id is the first 16 hex digits of a keyed hash of a fixed string:
 * it names a key without revealing it, so imports hashed under different
 * keys (which can never link) are told apart.
 */
#ifndef KL_KEY_H
#define KL_KEY_H

#include <stddef.h>

#include "kl_error.h"
#include "kl_pnr.h"

#define KL_KEY_BYTES KL_PNR_KEYBYTES /* 32 */
#define KL_KEY_FILE_BYTES 65         /* 64 hex digits + '\n' */
#define KL_KEY_ID_CHARS 16           /* hex digits in a key id */

/* A loaded key.  Caller-allocated; clear it with kl_key_release(). */
struct kl_key {
	unsigned char bytes[KL_KEY_BYTES];
	char id[KL_KEY_ID_CHARS + 1]; /* hex, NUL-terminated */
	int loaded;                   /* 1 after kl_key_load() succeeded */
};

/*
 * Write a new random key to `path`.  Refuses an existing path (KL_ERR_USAGE
 * when it exists, KL_ERR_CANTCREAT for any other failure to create it); on
 * a failed write the partial file is removed.  If `id` is not NULL it
 * receives the new key's id (KL_KEY_ID_CHARS + 1 bytes).
 */
int kl_key_create(const char *path, char *id, struct kl_error *err);

/*
 * Load the key at `path` into *key.  A missing or unreadable file is
 * KL_ERR_NOINPUT; a file that is not a regular file, that group or others
 * may read or write (KL_ERR_CONFIG, with the mode in the message), or that
 * does not hold exactly 64 hex digits and an optional newline
 * (KL_ERR_CONFIG) is refused.  The key's text is wiped from memory after
 * reading.  On failure *key is zeroed.
 */
int kl_key_load(const char *path, struct kl_key *key, struct kl_error *err);

/*
 * The person key of a personnummer that kl_pnr_parse() normalised to 12
 * digits: kl_pnr_hash() under key, 64 hex digits + NUL into hex.  Returns
 * 0, or -1 when p lacks its century.
 */
int kl_key_hash_pnr(const struct kl_key *key, const struct kl_pnr *p,
                    char hex[65]);

/*
 * Normalise initials: letters only (ASCII and the Latin-1 letters of
 * UTF-8, e.g. Å Ä Ö É), upper case; blanks, '.' and '-' are dropped.
 * Returns the number of letters written to out (NUL-terminated), or -1
 * for any other character or when out is too small.
 */
int kl_key_norm_initials(const char *s, char *out, size_t n);

/*
 * The weak person key of sex (a code of kartlagg-feeds(5)), birth year and
 * normalised initials: BLAKE2b-256 under key of "kartlagg weak key v1", a
 * NUL, sex, NUL, the year in decimal, NUL, the initials.  The prefix keeps
 * weak keys apart from personnummer keys (which hash 12 digits only).
 */
void kl_key_hash_weak(const struct kl_key *key, const char *sex, int birth_year,
                      const char *initials, char hex[65]);

/* Wipe *key (sodium_memzero).  Accepts NULL. */
void kl_key_release(struct kl_key *key);

#endif
