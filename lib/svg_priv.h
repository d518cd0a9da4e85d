/*
 * svg_priv.h - what the map and the charts share: XML escaping onto a
 * struct kli_sb (util_priv.h), fixed-precision coordinates, the palettes and
 * "nice" axis steps.  Internal to lib/.
 */
#ifndef KL_SVG_PRIV_H
#define KL_SVG_PRIV_H

#include <stddef.h>

#include "kl_error.h"
#include "util_priv.h"

/* Text as XML character data or attribute value: & < > " ' escaped,
 * control characters dropped, invalid UTF-8 replaced by U+FFFD. */
void kli_svg_text(struct kli_sb *b, const char *s);
/* A coordinate with one decimal ("12.3", "-0.5", "7"), rounded half away
 * from zero on the tenth, never "-0". */
void kli_svg_coord(struct kli_sb *b, double v);
/* Hand the text of b to the caller: *svg (malloc'd, the caller frees it)
 * and *len (when len is not NULL); b is left empty.  When an append
 * failed, or nothing was written, b is freed and KL_ERR_NOMEM returned. */
int kli_svg_finish(struct kli_sb *b, char **svg, size_t *len,
                   struct kl_error *err);

/* The id prefix: NULL gives def; otherwise [a-z][a-z0-9-]*, at most 40
 * characters, else KL_ERR_USAGE. */
int kli_svg_check_id(const char *id, const char *def, const char **out,
                     struct kl_error *err);

/* Characters in a UTF-8 string (for width estimates). */
size_t kli_utf8_chars(const char *s);

/* The visible title of a picture: bold text at (x, 24), 16 px, smaller
 * (down to 10 px) when its estimated width would pass width. */
void kli_svg_title(struct kli_sb *b, const char *title, double x, double width);

/* A step of 1, 2 or 5 times a power of ten near range/n (n > 0). */
double kli_nice_step(double range, int n);
/* Decimals needed to print multiples of step exactly (0..9). */
int kli_step_decimals(double step);

#define KLI_SVG_FONT                                                           \
	"font-family=\"Arial, Helvetica, sans-serif\" font-size=\"12\""
#define KLI_INK "#1a1a1a" /* text and borders */

#endif
