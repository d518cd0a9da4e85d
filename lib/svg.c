/*
 * svg.c - helpers the map and the charts share (svg_priv.h): XML text,
 * coordinates, ids, the title and axis steps, all appending to a
 * struct kli_sb (util_priv.h), the library's one string builder.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg_priv.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xe0 && p[1] < 0xa0)
			return 0; /* overlong */
		if (p[0] == 0xed && p[1] >= 0xa0)
			return 0; /* surrogate */
		if (p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
			return 0; /* U+FFFE, U+FFFF: not XML characters */
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) ||
		    (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

void kli_svg_text(struct kli_sb *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_len(p);
		if (n == 0) {
			kli_sb_appendn(b, "\xef\xbf\xbd", 3);
			p++;
			continue;
		}
		if (n == 1) {
			switch (*p) {
			case '&':
				kli_sb_append(b, "&amp;");
				break;
			case '<':
				kli_sb_append(b, "&lt;");
				break;
			case '>':
				kli_sb_append(b, "&gt;");
				break;
			case '"':
				kli_sb_append(b, "&quot;");
				break;
			case '\'':
				kli_sb_append(b, "&#39;");
				break;
			default:
				if (*p >= 0x20 || *p == '\n')
					kli_sb_appendn(b, (const char *)p, 1);
				else if (*p == '\t' || *p == '\r')
					kli_sb_appendn(b, " ", 1);
			}
		} else {
			kli_sb_appendn(b, (const char *)p, n);
		}
		p += n;
	}
}

void kli_svg_coord(struct kli_sb *b, double v)
{
	double t = round(v * 10.0);
	if (!(fabs(t) < 1e15))
		t = 0; /* cannot happen for coordinates in the viewBox */
	long long i = (long long)t;
	if (i == 0) {
		kli_sb_appendn(b, "0", 1);
		return;
	}
	if (i % 10 == 0)
		kli_sb_appendf(b, "%lld", i / 10);
	else
		kli_sb_appendf(b, "%s%lld.%lld", i < 0 ? "-" : "",
		               llabs(i) / 10, llabs(i) % 10);
}

int kli_svg_finish(struct kli_sb *b, char **svg, size_t *len,
                   struct kl_error *err)
{
	if (b->failed || !b->s) {
		kli_sb_free(b);
		return kli_oom(err);
	}
	*svg = b->s;
	if (len)
		*len = b->len;
	b->s = NULL;
	b->len = b->cap = 0;
	return KL_OK;
}

int kli_svg_check_id(const char *id, const char *def, const char **out,
                     struct kl_error *err)
{
	if (!id) {
		*out = def;
		return KL_OK;
	}
	size_t n = strlen(id);
	int ok = n > 0 && n <= 40 && id[0] >= 'a' && id[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (id[i] >= 'a' && id[i] <= 'z') ||
		     (id[i] >= '0' && id[i] <= '9') || id[i] == '-';
	if (!ok)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "expected an id of a-z, 0-9 and '-' starting "
		    "with a letter, at most 40 characters");
	*out = id;
	return KL_OK;
}

size_t kli_utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

double kli_nice_step(double range, int n)
{
	if (!(range > 0) || !isfinite(range) || n < 1)
		return 1;
	double raw = range / n;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return m * mag;
}

int kli_step_decimals(double step)
{
	int d = 0;
	while (d < 9 && fabs(step * pow(10, d) - round(step * pow(10, d))) >
	                    1e-6 * step * pow(10, d))
		d++;
	return d;
}

void kli_svg_title(struct kli_sb *b, const char *title, double x, double width)
{
	/* bold Arial is about 0.6 em wide per character on average */
	size_t n = kli_utf8_chars(title);
	double fs = 16;
	if (n && 0.6 * fs * (double)n > width)
		fs = floor(width / (0.6 * (double)n));
	if (fs < 10)
		fs = 10;
	kli_sb_appendf(b,
	               "<text x=\"%.0f\" y=\"24\" font-size=\"%.0f\" "
	               "font-weight=\"bold\" fill=\"" KLI_INK "\">",
	               x, fs);
	kli_svg_text(b, title);
	kli_sb_append(b, "</text>\n");
}
