/*
 * kl_pnr.h - Swedish personnummer and samordningsnummer: find them, check
 * them, mask them, and replace them by a keyed hash.
 *
 * A number is ÅÅMMDD-NNNC (10 digits; '-' or, from the year the person
 * turns 100, '+') or ÅÅÅÅMMDDNNNC (12 digits, separator optional).  It is
 * valid when the month is 01-12, the day exists in that month (a
 * samordningsnummer adds 60 to the day) and C is the Luhn check digit of
 * the ten digits ÅÅMMDDNNN (century excluded).  See DOMAIN.md §7 and
 * kartlagg(1), SECURITY.
 *
 * Nothing here ever copies a number into an error message: callers show
 * kl_pnr_mask() output, which keeps the shape and none of the digits.
 */
#ifndef KL_PNR_H
#define KL_PNR_H

#include <stddef.h>

#define KL_PNR_KEYBYTES 32  /* secret key for kl_pnr_hash() */
#define KL_PNR_HASHBYTES 32 /* raw hash; hex form is twice that + NUL */

enum kl_pnr_kind {
	KL_PNR_NONE = 0,
	KL_PNR_PERSONNUMMER = 1,
	KL_PNR_SAMORDNINGSNUMMER = 2,
};

/* A valid number found in text.  `digits` is normalised to 12 digits
 * (century resolved) when the century is known or could be inferred,
 * else it holds the 10 digits and `century_known` is 0. */
struct kl_pnr {
	enum kl_pnr_kind kind;
	size_t offset; /* where the match starts in the text */
	size_t length; /* bytes matched, separator included */
	char digits[13];
	int century_known;
};

/*
 * Look for a valid number in s[0..n) the way the detector in DOMAIN.md §7
 * does: (?<!\d)(\d{2})?\d{6}[-+]?\d{4}(?!\d), then the date and Luhn
 * checks.  Returns the kind of the first valid number (filling *out when
 * out is not NULL) or KL_PNR_NONE.
 */
enum kl_pnr_kind kl_pnr_find(const char *s, size_t n, struct kl_pnr *out);

/*
 * Is the whole of s[0..n) one valid number (surrounding blanks allowed)?
 * `ref_year` (e.g. 2026) resolves the century of a 10-digit number: '-'
 * means born at most 99 years before ref_year, '+' at least 100 years.
 */
enum kl_pnr_kind kl_pnr_parse(const char *s, size_t n, int ref_year,
                              struct kl_pnr *out);

/* The Luhn check digit of the ten digits d[0..9) ('0'..'9'), as a digit
 * 0-9; -1 when d holds a non-digit. */
int kl_pnr_luhn(const char *d);

/*
 * The shape of the match without its digits, e.g. "YYMMDD-****",
 * "YYYYMMDD****" ("YYMMDD+****" for a '+' separator).  Always
 * NUL-terminated; truncated to bufn - 1 bytes.
 */
void kl_pnr_mask(const char *s, const struct kl_pnr *p, char *buf, size_t bufn);

/*
 * Keyed hash of a number that kl_pnr_parse() normalised to 12 digits:
 * BLAKE2b-256 (libsodium crypto_generichash) of the 12 digits under `key`,
 * written as 64 lowercase hex digits + NUL into hex (65 bytes).  The same
 * person gives the same hash under the same key, whatever the input's
 * separator or century form.  Returns 0, or -1 when p lacks a century.
 */
int kl_pnr_hash(const struct kl_pnr *p,
                const unsigned char key[KL_PNR_KEYBYTES], char hex[65]);

#endif
