/*
 * period.c - reporting periods of whole months (kl_feeds.h).
 */
#include <stdio.h>
#include <string.h>

#include "kl_feeds.h"

/* Read exactly `n` digits at s; -1 when they are not all digits. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int year_ok(int y)
{
	return y >= 1900 && y <= 2100;
}

/* "YYYY-MM" at s (exactly 7 bytes); 0 or -1. */
static int year_month(const char *s, int *y, int *m)
{
	if (s[4] != '-')
		return -1;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	return year_ok(*y) && *m >= 1 && *m <= 12 ? 0 : -1;
}

int kl_period_parse(const char *s, struct kl_period *p)
{
	size_t n = strlen(s);
	struct kl_period q = {0, 0, 0, 0};

	if (n < 4)
		return -1;
	q.y0 = digits(s, 4);
	if (!year_ok(q.y0))
		return -1;
	if (n == 4) { /* 2025 */
		q.m0 = 1;
		q.y1 = q.y0;
		q.m1 = 12;
	} else if (n == 6 && (s[4] == 'H' || s[4] == 'h') &&
	           (s[5] == '1' || s[5] == '2')) { /* 2025H1 */
		q.m0 = s[5] == '1' ? 1 : 7;
		q.y1 = q.y0;
		q.m1 = q.m0 + 5;
	} else if (n == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' &&
	           s[5] <= '4') { /* 2025Q3 */
		q.m0 = (s[5] - '1') * 3 + 1;
		q.y1 = q.y0;
		q.m1 = q.m0 + 2;
	} else if (n == 7) { /* 2025-03 */
		if (year_month(s, &q.y0, &q.m0))
			return -1;
		q.y1 = q.y0;
		q.m1 = q.m0;
	} else if (n == 9 && s[4] == '-') { /* 2019-2025 */
		q.m0 = 1;
		q.y1 = digits(s + 5, 4);
		q.m1 = 12;
		if (!year_ok(q.y1))
			return -1;
	} else if (n == 16 && s[7] == '.' && s[8] == '.') { /* months */
		if (year_month(s, &q.y0, &q.m0) ||
		    year_month(s + 9, &q.y1, &q.m1))
			return -1;
	} else {
		return -1;
	}
	if (q.y1 * 12 + q.m1 < q.y0 * 12 + q.m0)
		return -1;
	*p = q;
	return 0;
}

void kl_period_format(const struct kl_period *p, char *buf, size_t n)
{
	snprintf(buf, n, "%04d-%02d..%04d-%02d", p->y0, p->m0, p->y1, p->m1);
}

int kl_period_within(const struct kl_period *in, const struct kl_period *outer)
{
	return in->y0 * 12 + in->m0 >= outer->y0 * 12 + outer->m0 &&
	       in->y1 * 12 + in->m1 <= outer->y1 * 12 + outer->m1;
}
