/*
 * kl_fmt.h - numbers as a Swedish council report prints them (DOMAIN.md
 * §8): decimal comma, thousands grouped from 1 000 up with a narrow
 * no-break space (U+202F), minus as U+2212 so it differs from the zero
 * dash, no negative zero.  Years and codes are never formatted here.
 *
 * Each function writes into buf (size n, at least KL_FMT_SIZE is always
 * enough) and returns buf.  Rounding is that of printf's %.*f on the
 * double, so the same value gives the same text on every run.
 */
#ifndef KL_FMT_H
#define KL_FMT_H

#include <stddef.h>

#define KL_FMT_SIZE 64

/* v with decimals (0..9) decimals; NaN or ±Inf gives "..". */
char *kl_fmt_num(char *buf, size_t n, double v, int decimals);

/* An integer count, grouped. */
char *kl_fmt_int(char *buf, size_t n, long long v);

/* A share 0..1 as percent with decimals: 0.1234 -> "12,3" (no % sign). */
char *kl_fmt_pct(char *buf, size_t n, double share, int decimals);

#endif
