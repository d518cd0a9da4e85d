/*
 * pnr.c - personnummer and samordningsnummer detection (kl_pnr.h).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "kl_pnr.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int num2(const char *d)
{
	return (d[0] - '0') * 10 + (d[1] - '0');
}

int kl_pnr_luhn(const char *d)
{
	int sum = 0;

	for (int i = 0; i < 9; i++) {
		if (!is_digit(d[i]))
			return -1;
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v / 10 + v % 10;
	}
	return (10 - sum % 10) % 10;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Check month, day and Luhn of the ten digits d (YYMMDDNNNC); `year` is
 * the full year when known, else -1 (then 29 February is allowed when
 * YY is divisible by 4, as it is a leap year in one of the centuries).
 */
static enum kl_pnr_kind check10(const char *d, int year)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	enum kl_pnr_kind kind = KL_PNR_PERSONNUMMER;
	int yy = num2(d), mm = num2(d + 2), dd = num2(d + 4);

	if (mm < 1 || mm > 12)
		return KL_PNR_NONE;
	if (dd > 60) {
		dd -= 60;
		kind = KL_PNR_SAMORDNINGSNUMMER;
	}
	if (dd < 1 || dd > mdays[mm - 1])
		return KL_PNR_NONE;
	if (mm == 2 && dd == 29 && !(year >= 0 ? leap(year) : yy % 4 == 0))
		return KL_PNR_NONE;
	if (kl_pnr_luhn(d) != d[9] - '0')
		return KL_PNR_NONE;
	return kind;
}

/*
 * The length in bytes of a separator between the date and the last four
 * digits at s[0..n), or 0.  '-' and '+' are the official ones; real
 * exports also carry a space, a no-break space (U+00A0), U+202F, a hyphen
 * or dash (U+2010-U+2014), the minus sign (U+2212), Windows-1252's en
 * dash (0x96, a file read as bytes), '.', '/' and '_'.
 */
static size_t sep_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	switch (u[0]) {
	case '-':
	case '+':
	case ' ':
	case '.':
	case '/':
	case '_':
	case 0x96:
		return 1;
	}
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 &&
	    ((u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x94) ||
	     (u[1] == 0x80 && u[2] == 0xAF) || (u[1] == 0x88 && u[2] == 0x92)))
		return 3;
	return 0;
}

/* A 12-digit form's century: 18, 19 or 20 (persons alive in a feed). */
static int century_ok(const char *d)
{
	return d[0] == '1' ? d[1] == '8' || d[1] == '9'
	                   : d[0] == '2' && d[1] == '0';
}

/*
 * Try the candidate starting at s[i] whose first digit run has length r
 * (ending at a non-digit or the end).  `whole` says the run is all of
 * the text (blanks aside): only then may 9 digits be a 10-digit number
 * whose leading 0 a spreadsheet dropped, and only when `flags` allows
 * it.  Fills *p on success.
 */
static enum kl_pnr_kind try_at(const char *s, size_t n, size_t i, size_t r,
                               int whole, unsigned flags, struct kl_pnr *p)
{
	char d[13];
	size_t len, ndate, sl = 0;
	int dropped = 0;

	if (r == 10 || r == 12) {
		memcpy(d, s + i, r);
		len = r;
		ndate = r - 4;
	} else if (r == 9 && (whole || (flags & KL_PNR_NINE_ANYWHERE)) &&
	           !(flags & KL_PNR_NO_NINE)) {
		d[0] = '0';
		memcpy(d + 1, s + i, 9);
		len = 9;
		ndate = 6;
		dropped = 1;
	} else if ((r == 6 || r == 8) && (sl = sep_len(s + i + r, n - i - r)) &&
	           i + r + sl + 4 <= n) {
		const char *t = s + i + r + sl;
		for (int k = 0; k < 4; k++)
			if (!is_digit(t[k]))
				return KL_PNR_NONE;
		if (i + r + sl + 4 < n && is_digit(t[4]))
			return KL_PNR_NONE;
		memcpy(d, s + i, r);
		memcpy(d + r, t, 4);
		len = r + sl + 4;
		ndate = r;
	} else {
		return KL_PNR_NONE;
	}
	size_t nd = ndate + 4;
	d[nd] = '\0';
	int year = -1;
	if (ndate == 8) {
		if (!century_ok(d)) {
			sodium_memzero(d, sizeof(d));
			return KL_PNR_NONE;
		}
		year = num2(d) * 100 + num2(d + 2);
	}
	enum kl_pnr_kind kind = check10(d + nd - 10, year);
	if (kind == KL_PNR_NONE) {
		sodium_memzero(d, sizeof(d));
		return KL_PNR_NONE;
	}
	p->kind = kind;
	p->offset = i;
	p->length = len;
	memcpy(p->digits, d, nd + 1);
	p->century_known = ndate == 8;
	p->ndate = (unsigned char)ndate;
	p->seplen = (unsigned char)sl;
	p->sep = sl ? s[i + r] : 0;
	p->dropped_zero = dropped;
	sodium_memzero(d, sizeof(d));
	return kind;
}

/* Is s[0..n) blank (space, tab, no-break space) outside [b, e)? */
static int only_blanks_around(const char *s, size_t n, size_t b, size_t e)
{
	for (size_t k = 0; k < n; k++) {
		if (k >= b && k < e)
			continue;
		if (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n')
			continue;
		if ((unsigned char)s[k] == 0xC2 && k + 1 < n &&
		    (unsigned char)s[k + 1] == 0xA0) {
			k++;
			continue;
		}
		return 0;
	}
	return 1;
}

enum kl_pnr_kind kl_pnr_scan(const char *s, size_t n, unsigned flags,
                             struct kl_pnr *out)
{
	struct kl_pnr p;
	size_t i = 0;

	while (i < n) {
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		size_t r = 0;
		while (i + r < n && is_digit(s[i + r]))
			r++;
		int whole = r == 9 && only_blanks_around(s, n, i, i + r);
		if (try_at(s, n, i, r, whole, flags, &p) != KL_PNR_NONE) {
			if (out)
				*out = p;
			enum kl_pnr_kind k = p.kind;
			sodium_memzero(&p, sizeof(p));
			return k;
		}
		i += r;
	}
	return KL_PNR_NONE;
}

enum kl_pnr_kind kl_pnr_find(const char *s, size_t n, struct kl_pnr *out)
{
	return kl_pnr_scan(s, n, 0, out);
}

enum kl_pnr_kind kl_pnr_parse(const char *s, size_t n, int ref_year,
                              struct kl_pnr *out)
{
	struct kl_pnr p;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t b = 0;
	while (b < n && (s[b] == ' ' || s[b] == '\t'))
		b++;
	if (b == n || !is_digit(s[b]))
		return KL_PNR_NONE;
	size_t r = 0;
	while (b + r < n && is_digit(s[b + r]))
		r++;
	if (try_at(s, n, b, r, b + r == n, 0, &p) == KL_PNR_NONE ||
	    b + p.length != n)
		return KL_PNR_NONE;
	if (!p.century_known && ref_year > 0) {
		int yy = num2(p.digits);
		int y = ref_year - ((ref_year % 100 - yy + 100) % 100);
		if (p.sep == '+')
			y -= 100;
		if (check10(p.digits, y) == KL_PNR_NONE) {
			sodium_memzero(&p, sizeof(p));
			return KL_PNR_NONE; /* 29 Feb of a non-leap year */
		}
		char d[13];
		d[0] = (char)('0' + y / 1000 % 10);
		d[1] = (char)('0' + y / 100 % 10);
		memcpy(d + 2, p.digits, 11);
		memcpy(p.digits, d, 13);
		sodium_memzero(d, sizeof(d));
		p.century_known = 1;
	}
	enum kl_pnr_kind k = p.kind;
	if (out)
		*out = p;
	sodium_memzero(&p, sizeof(p));
	return k;
}

char *kl_pnr_redact(const char *s, size_t n)
{
	struct kl_pnr p;
	size_t cap = n + 1, len = 0, at = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (at < n && kl_pnr_scan(s + at, n - at, KL_PNR_NINE_ANYWHERE,
	                             &p) != KL_PNR_NONE) {
		char m[32];
		kl_pnr_mask(s + at, &p, m, sizeof(m));
		size_t ml = strlen(m);
		/* a mask may be longer than the number (9 digits: 12 bytes) */
		if (len + p.offset + ml + (n - at) + 1 > cap) {
			size_t nc = cap * 2 + ml + 16;
			char *q = malloc(nc);
			if (!q) {
				sodium_memzero(out, cap);
				free(out);
				sodium_memzero(&p, sizeof(p));
				return NULL;
			}
			memcpy(q, out, len);
			sodium_memzero(out, cap);
			free(out);
			out = q;
			cap = nc;
		}
		memcpy(out + len, s + at, p.offset);
		len += p.offset;
		memcpy(out + len, m, ml);
		len += ml;
		at += p.offset + p.length;
	}
	sodium_memzero(&p, sizeof(p));
	memcpy(out + len, s + at, n - at);
	len += n - at;
	out[len] = '\0';
	return out;
}

void kl_pnr_mask(const char *s, const struct kl_pnr *p, char *buf, size_t bufn)
{
	char m[24];
	size_t k = 0;

	(void)s;
	if (p->dropped_zero) {
		memcpy(m, "(0)YMMDD", 8);
		k = 8;
	} else if (p->ndate == 8) {
		memcpy(m, "YYYYMMDD", 8);
		k = 8;
	} else {
		memcpy(m, "YYMMDD", 6);
		k = 6;
	}
	if (p->seplen) {
		/* the separator as UTF-8 (0x96 is Windows-1252's en dash) */
		const char *t = s + p->offset + p->ndate;
		if ((unsigned char)p->sep == 0x96) {
			memcpy(m + k, "\xE2\x80\x93", 3);
			k += 3;
		} else {
			memcpy(m + k, t, p->seplen);
			k += p->seplen;
		}
	}
	memcpy(m + k, "****", 4);
	k += 4;
	m[k] = '\0';
	if (bufn == 0)
		return;
	if (k >= bufn)
		k = bufn - 1;
	memcpy(buf, m, k);
	buf[k] = '\0';
}

int kl_pnr_hash(const struct kl_pnr *p,
                const unsigned char key[KL_PNR_KEYBYTES], char hex[65])
{
	unsigned char h[KL_PNR_HASHBYTES];

	if (!p->century_known || strlen(p->digits) != 12)
		return -1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)p->digits, 12,
	                   key, KL_PNR_KEYBYTES);
	sodium_bin2hex(hex, 65, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
	return 0;
}
