/*
 * kl_svg.h - the report's pictures as self-contained, accessible SVG:
 * choropleth maps of kommuner or län (boundaries shipped with kartlagg,
 * SCB Digitala gränser, CC0), dot-and-whisker charts of estimates with
 * their intervals, and trend charts.
 *
 * Every function writes a complete <svg> element into a malloc'd,
 * NUL-terminated buffer (*svg, length *len) that the caller frees.  The
 * output is deterministic: fixed coordinate precision, features in code
 * order, element ids from opts->id and a sequence, never random.  It has
 * role="img", <title> and <desc>, at most 5 classes from a colour-blind-
 * safe palette, hatching for hidden units, and Swedish number formats in
 * its labels (kl_fmt.h).  Nothing here reads the store.
 */
#ifndef KL_SVG_H
#define KL_SVG_H

#include <stddef.h>

#include "kl_error.h"

enum kl_map_level {
	KL_MAP_KOMMUN = 0, /* draw and colour kommuner */
	KL_MAP_LAN = 1,    /* draw and colour län */
};

struct kl_map_value {
	const char *code; /* kommunkod "1980" or länskod "19" */
	double value;     /* NAN: no figure (drawn empty, "uppgift saknas") */
	int hidden;       /* 1: suppressed, drawn hatched ("..") */
};

struct kl_map_opts {
	enum kl_map_level level;
	const char *region; /* "19": the kommuner of län 19 (level KOMMUN);
	                       NULL or "00": the whole country */
	const struct kl_map_value *values; /* any order; units without a
	                                      value are drawn empty */
	size_t nvalues;
	int nclasses;         /* 2..5; 0 = 4 */
	const double *breaks; /* nclasses-1 increasing class limits, or NULL
	                         to compute them from the values */
	int decimals;         /* in legend labels */
	const char *unit;     /* legend heading, e.g. "per 100 000 inv." */
	const char *title;    /* <title> */
	const char *desc;     /* <desc>: a text summary */
	const char *id;       /* id prefix, [a-z0-9-]; NULL = "karta" */
};

/*
 * A choropleth.  An unknown code in values, or a kommun outside region, is
 * KL_ERR_USAGE naming it.
 */
int kl_map_svg(const struct kl_map_opts *o, char **svg, size_t *len,
               struct kl_error *err);

/*
 * Read the values for a map from a CSV file (',' ';' or tab; UTF-8 or
 * Windows-1252) with the columns code,value[,hidden] and an optional
 * header row (a first row whose first field is not a number).  value is a
 * number (decimal point or comma), empty (no figure) or ".." (hidden);
 * hidden is 0, 1 or empty.  Every code must be a unit of the map that
 * level and region describe (as kl_map_svg checks) and appear once.
 * Errors are KL_ERR_PARSE with path, line and column.  On success *out
 * holds *n values (codes owned by the array) for kl_map_values_free().
 */
int kl_map_values_read(const char *path, enum kl_map_level level,
                       const char *region, struct kl_map_value **out, size_t *n,
                       struct kl_error *err);
void kl_map_values_free(struct kl_map_value *v, size_t n);

struct kl_chart_point {
	const char *label; /* category, e.g. "Västerås" or "Flickor åk 9" */
	double value;      /* NAN: not shown */
	double lo, hi;     /* interval; NAN: none */
	int hidden;        /* 1: suppressed, label marked ".." */
	int caution;       /* 1: marked "*" (high relative SE) */
};

struct kl_chart_opts {
	const char *title, *desc, *unit, *id;
	int decimals;
	double xmin, xmax; /* value axis; NAN = from the data, from 0 */
};

/* Horizontal dot-and-whisker chart, one row per point, in given order. */
int kl_chart_dots(const struct kl_chart_opts *o, const struct kl_chart_point *p,
                  size_t n, char **svg, size_t *len, struct kl_error *err);

struct kl_chart_series {
	const char *name;
	const double *values; /* one per x; NAN = no figure (gap) */
};

/*
 * The most lines a trend chart draws: six styles, each a colour of the
 * Okabe-Ito colour-blind-safe palette with at least 3:1 contrast on white
 * (WCAG 1.4.11; the palette's yellow and orange darkened), a dash pattern
 * and a marker of its own, so lines differ without colour.  More lines
 * cannot be told apart; a caller with more series draws the largest
 * KL_CHART_MAX_SERIES - 1 and sums the rest into one "övriga" line, and
 * says so in the title and text summary (the council report does).
 */
#define KL_CHART_MAX_SERIES 6

/* Line chart over the years x[0..nx-1], one line per series (at most
 * KL_CHART_MAX_SERIES; more is KL_ERR_USAGE). */
int kl_chart_trend(const struct kl_chart_opts *o, const int *x, size_t nx,
                   const struct kl_chart_series *s, size_t ns, char **svg,
                   size_t *len, struct kl_error *err);

#endif
