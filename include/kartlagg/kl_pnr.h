/*
 * kl_pnr.h - Swedish personnummer and samordningsnummer: find them, check
 * them, mask them, and replace them by a keyed hash.
 *
 * A number is ÅÅMMDD-NNNC (10 digits; '-' or, from the year the person
 * turns 100, '+') or ÅÅÅÅMMDDNNNC (12 digits, century 18, 19 or 20,
 * separator optional).  It is valid when the month is 01-12, the day
 * exists in that month (a samordningsnummer adds 60 to the day) and C is
 * the Luhn check digit of the ten digits ÅÅMMDDNNN (century excluded).
 * See DOMAIN.md §7 and kartlagg(1), PRIVACY.
 *
 * Real exports spell the separator in other ways too, and the detector
 * takes them all: a space, a no-break space (U+00A0, U+202F), a hyphen or
 * dash (U+2010-U+2014), the minus sign (U+2212), Windows-1252's en dash
 * (byte 0x96), '.', '/' and '_'.  And a spreadsheet that read a number
 * as a number dropped its leading zero: 9 digits that are the whole text
 * (blanks aside) and a valid number with the 0 put back (everyone born
 * 2000-2009, or 1900-1909) are one too, unless KL_PNR_NO_NINE.
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
	unsigned char ndate;  /* digits before the separator: 6 or 8 */
	unsigned char seplen; /* separator bytes (0: none) */
	char sep;             /* its first byte ('-', '+', ' ', 0xC2, ...) */
	int dropped_zero;     /* 9 digits; the leading 0 is in digits[0] */
};

/* kl_pnr_scan() flags */
#define KL_PNR_NO_NINE 1u /* 9 digits are never a number (a code column) */
#define KL_PNR_NINE_ANYWHERE 2u /* any 9-digit run may be one (redaction) */

/*
 * Look for a valid number in s[0..n) the way the detector in DOMAIN.md §7
 * does: (?<!\d)(\d{2})?\d{6}[-+]?\d{4}(?!\d), with every separator
 * above, or the whole text 9 digits, then the date and Luhn checks.  Returns
 * the kind of the first valid number (filling *out when out is not NULL) or
 * KL_PNR_NONE.
 */
enum kl_pnr_kind kl_pnr_find(const char *s, size_t n, struct kl_pnr *out);

/* kl_pnr_find() with flags (KL_PNR_NO_NINE). */
enum kl_pnr_kind kl_pnr_scan(const char *s, size_t n, unsigned flags,
                             struct kl_pnr *out);

/*
 * Is the whole of s[0..n) one valid number (surrounding blanks allowed)?
 * `ref_year` (e.g. 2026) resolves the century of a 10-digit number: '-'
 * means born at most 99 years before ref_year, '+' at least 100 years.
 */
enum kl_pnr_kind kl_pnr_parse(const char *s, size_t n, int ref_year,
                              struct kl_pnr *out);

/*
 * A malloc'd copy of s[0..n) with every number kl_pnr_scan() finds
 * (KL_PNR_NINE_ANYWHERE: a 9-digit run inside text too) replaced by its
 * kl_pnr_mask(): what a message may show of text that came from input (a
 * path, a header, a cell).  NULL when out of memory; the caller then
 * shows nothing of s.  Free with free().
 */
char *kl_pnr_redact(const char *s, size_t n);

/* The Luhn check digit of the ten digits d[0..9) ('0'..'9'), as a digit
 * 0-9; -1 when d holds a non-digit. */
int kl_pnr_luhn(const char *d);

/*
 * The shape of the match without its digits, e.g. "YYMMDD-****",
 * "YYYYMMDD****" ("YYMMDD+****" for a '+' separator, "YYMMDD ****" for a
 * space, the separator as UTF-8), "(0)YMMDD****" for 9 digits.  Always
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
