/*
 * fmt.c - Swedish number formatting (kl_fmt.h).
 */
#include "kl_fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char nnbsp[] = "\xe2\x80\xaf"; /* U+202F */
static const char minus[] = "\xe2\x88\x92"; /* U+2212 */

/*
 * Append s to buf (size n) at *at, whole or not at all (never half a UTF-8
 * character); buf stays terminated.
 */
static void put(char *buf, size_t n, size_t *at, const char *s)
{
	size_t l = strlen(s);
	if (*at + l >= n)
		return;
	memcpy(buf + *at, s, l);
	*at += l;
	buf[*at] = '\0';
}

/*
 * raw: the digits of |v| as printf wrote them ("12345.67"); group the
 * integer part, put a decimal comma, and a minus sign when neg and the
 * digits are not all zero.
 */
static char *group(char *buf, size_t n, const char *raw, int neg)
{
	char one[2] = {0, 0};
	size_t at = 0, intlen;
	const char *p, *dot;

	buf[0] = '\0';
	if (neg && strspn(raw, "0.") != strlen(raw))
		put(buf, n, &at, minus);
	dot = strchr(raw, '.');
	intlen = dot ? (size_t)(dot - raw) : strlen(raw);
	for (p = raw; p < raw + intlen; p++) {
		size_t left = intlen - (size_t)(p - raw);
		if (p != raw && left % 3 == 0 && intlen > 3)
			put(buf, n, &at, nnbsp);
		one[0] = *p;
		put(buf, n, &at, one);
	}
	if (dot) {
		put(buf, n, &at, ",");
		put(buf, n, &at, dot + 1);
	}
	return buf;
}

char *kl_fmt_num(char *buf, size_t n, double v, int decimals)
{
	char raw[400];

	if (!buf || n == 0)
		return buf;
	if (!isfinite(v) || fabs(v) >= 1e300) {
		buf[0] = '\0';
		snprintf(buf, n, "..");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(v));
	return group(buf, n, raw, v < 0);
}

char *kl_fmt_int(char *buf, size_t n, long long v)
{
	char raw[32];

	if (!buf || n == 0)
		return buf;
	/* the magnitude of LLONG_MIN does not fit: print it unsigned */
	snprintf(raw, sizeof(raw), "%llu",
	         v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	return group(buf, n, raw, v < 0);
}

char *kl_fmt_pct(char *buf, size_t n, double share, int decimals)
{
	return kl_fmt_num(buf, n, share * 100.0, decimals);
}
