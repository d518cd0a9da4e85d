/*
 * pnr.c - personnummer and samordningsnummer detection (kl_pnr.h).
 */
#include <sodium.h>
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
 * Try the candidate starting at s[i] whose first digit run has length r
 * (ending at a non-digit or the end).  Fills *p on success.
 */
static enum kl_pnr_kind try_at(const char *s, size_t n, size_t i, size_t r,
                               struct kl_pnr *p)
{
	char d[13];
	size_t len, ndate;

	if (r == 10 || r == 12) {
		memcpy(d, s + i, r);
		len = r;
		ndate = r - 4;
	} else if ((r == 6 || r == 8) && i + r + 5 <= n &&
	           (s[i + r] == '-' || s[i + r] == '+')) {
		const char *t = s + i + r + 1;
		for (int k = 0; k < 4; k++)
			if (!is_digit(t[k]))
				return KL_PNR_NONE;
		if (i + r + 5 < n && is_digit(t[4]))
			return KL_PNR_NONE;
		memcpy(d, s + i, r);
		memcpy(d + r, t, 4);
		len = r + 5;
		ndate = r;
	} else {
		return KL_PNR_NONE;
	}
	size_t nd = ndate + 4;
	d[nd] = '\0';
	int year = -1;
	if (ndate == 8)
		year = num2(d) * 100 + num2(d + 2);
	enum kl_pnr_kind kind = check10(d + nd - 10, year);
	if (kind == KL_PNR_NONE)
		return KL_PNR_NONE;
	p->kind = kind;
	p->offset = i;
	p->length = len;
	memcpy(p->digits, d, nd + 1);
	p->century_known = ndate == 8;
	return kind;
}

enum kl_pnr_kind kl_pnr_find(const char *s, size_t n, struct kl_pnr *out)
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
		if (try_at(s, n, i, r, &p) != KL_PNR_NONE) {
			if (out)
				*out = p;
			return p.kind;
		}
		i += r;
	}
	return KL_PNR_NONE;
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
	if (try_at(s, n, b, r, &p) == KL_PNR_NONE || b + p.length != n)
		return KL_PNR_NONE;
	if (!p.century_known && ref_year > 0) {
		int yy = num2(p.digits);
		int y = ref_year - ((ref_year % 100 - yy + 100) % 100);
		if (s[b + 6] == '+')
			y -= 100;
		if (check10(p.digits, y) == KL_PNR_NONE)
			return KL_PNR_NONE; /* 29 Feb of a non-leap year */
		char d[13];
		d[0] = (char)('0' + y / 1000 % 10);
		d[1] = (char)('0' + y / 100 % 10);
		memcpy(d + 2, p.digits, 11);
		memcpy(p.digits, d, 13);
		p.century_known = 1;
	}
	if (out)
		*out = p;
	return p.kind;
}

void kl_pnr_mask(const char *s, const struct kl_pnr *p, char *buf, size_t bufn)
{
	char m[16];
	size_t k = 0;
	const char *t = s + p->offset;
	int sep = p->length == 11 || p->length == 13;
	size_t ndate = sep ? p->length - 5 : p->length - 4;

	if (ndate == 8) {
		memcpy(m, "YYYYMMDD", 8);
		k = 8;
	} else {
		memcpy(m, "YYMMDD", 6);
		k = 6;
	}
	if (sep)
		m[k++] = t[ndate];
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
