/*
 * svg_chart.c - dot-and-whisker and trend charts as SVG (kl_svg.h).
 *
 * The value axis runs over "nice" ticks (steps of 1, 2 or 5 times a power
 * of ten, about five of them) that cover the data and 0, unless the caller
 * fixes xmin/xmax.  Tick labels use the Swedish formats of kl_fmt.h, years
 * are printed as they are.  Coordinates have one decimal.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_fmt.h"
#include "kl_svg.h"
#include "svg_priv.h"

#define EN_DASH "\xe2\x80\x93"
#define GRID "#d9d9d9"
#define DOT "#0072b2"
#define MAX_SERIES KL_CHART_MAX_SERIES

/* An axis from lo to hi with ticks every step. */
struct axis {
	double lo, hi, step;
	int dec;
};

/* Cover [min, max] (and 0 when from0) with nice ticks, or take the
 * caller's fixed ends. */
static void make_axis(struct axis *a, double min, double max, double fixlo,
                      double fixhi)
{
	if (!isfinite(min) || !isfinite(max)) {
		min = 0;
		max = 1;
	}
	if (!isnan(fixlo))
		min = fixlo;
	if (!isnan(fixhi))
		max = fixhi;
	if (isnan(fixlo) && min > 0)
		min = 0;
	if (isnan(fixhi) && max < 0)
		max = 0;
	if (!(max > min))
		max = min + 1;
	a->step = kli_nice_step(max - min, 5);
	a->lo = isnan(fixlo) ? floor(min / a->step + 1e-9) * a->step : min;
	a->hi = isnan(fixhi) ? ceil(max / a->step - 1e-9) * a->step : max;
	if (!(a->hi > a->lo))
		a->hi = a->lo + a->step;
	a->dec = kli_step_decimals(a->step);
}

/* v on axis a as a position between p0 (a->lo) and p1 (a->hi). */
static double scale(const struct axis *a, double v, double p0, double p1)
{
	return p0 + (v - a->lo) / (a->hi - a->lo) * (p1 - p0);
}

/* The ticks of a, in order; at most 60. */
static int ticks(const struct axis *a, double *t)
{
	int n = 0;
	double first = ceil(a->lo / a->step - 1e-9);
	for (int i = 0; n < 60; i++) {
		double v = (first + i) * a->step;
		if (v > a->hi + 1e-9 * a->step)
			break;
		t[n++] = fabs(v) < 1e-12 * a->step ? 0 : v;
	}
	return n;
}

/* The start both charts share: *svg (and *len) cleared, then the checks:
 * an output, options present, 0 to 9 decimals, finite axis ends in order,
 * a valid id (*id: the prefix to use).  KL_OK or KL_ERR_USAGE. */
static int chart_begin(const struct kl_chart_opts *o, char **svg, size_t *len,
                       const char **id, struct kl_error *err)
{
	if (svg)
		*svg = NULL;
	if (len)
		*len = 0;
	if (!svg)
		return kl_error_set(err, KL_ERR_USAGE, "no output");
	if (!o)
		return kl_error_set(err, KL_ERR_USAGE, "no chart options");
	if (o->decimals < 0 || o->decimals > 9)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 0 to 9 decimals, got %d",
		                    o->decimals);
	if (isinf(o->xmin) || isinf(o->xmax) ||
	    (!isnan(o->xmin) && !isnan(o->xmax) && !(o->xmax > o->xmin)))
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "expected finite axis ends with xmin < xmax");
	return kli_svg_check_id(o->id, "diagram", id, err);
}

/* The opening tag, <title>, <desc> (desc escaped unless it is already
 * markup-safe: raw), background and visible title. */
static void head(struct kli_sb *b, const char *id, double W, double H,
                 const char *title, const char *desc, int raw)
{
	kli_sb_appendf(b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	               "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	               "height=\"%.0f\" role=\"img\" lang=\"sv\" "
	               "aria-labelledby=\"%s-title %s-desc\" " KLI_SVG_FONT
	               ">\n",
	               W, H, W, H, id, id);
	kli_sb_appendf(b, "<title id=\"%s-title\">", id);
	kli_svg_text(b, title);
	kli_sb_appendf(b, "</title>\n<desc id=\"%s-desc\">", id);
	if (raw)
		kli_sb_append(b, desc);
	else
		kli_svg_text(b, desc);
	kli_sb_append(b, "</desc>\n");
	kli_sb_appendf(b,
	               "<rect width=\"%.0f\" height=\"%.0f\" "
	               "fill=\"#ffffff\"/>\n",
	               W, H);
	if (title && *title)
		kli_svg_title(b, title, 10, W - 20);
}

/* head() with the text summary built in d, which is freed either way.
 * Returns 0, or -1 (b untouched) when building d ran out of memory. */
static int head_desc(struct kli_sb *b, const char *id, double W, double H,
                     const char *title, struct kli_sb *d, int raw)
{
	int failed = d->failed;
	if (!failed)
		head(b, id, W, H, title, kli_sb_str(d), raw);
	kli_sb_free(d);
	return failed ? -1 : 0;
}

/* A <line> from (x1, y1) to (x2, y2), coordinates with one decimal. */
static void line(struct kli_sb *b, double x1, double y1, double x2, double y2)
{
	kli_sb_append(b, "<line x1=\"");
	kli_svg_coord(b, x1);
	kli_sb_append(b, "\" y1=\"");
	kli_svg_coord(b, y1);
	kli_sb_append(b, "\" x2=\"");
	kli_svg_coord(b, x2);
	kli_sb_append(b, "\" y2=\"");
	kli_svg_coord(b, y2);
	kli_sb_append(b, "\"/>");
}

/* A <text> at (x, y) with the extra attributes attrs (NULL: none) and the
 * escaped text s. */
static void text_at(struct kli_sb *b, double x, double y, const char *attrs,
                    const char *s)
{
	kli_sb_append(b, "<text x=\"");
	kli_svg_coord(b, x);
	kli_sb_append(b, "\" y=\"");
	kli_svg_coord(b, y);
	kli_sb_appendf(b, "\"%s%s>", attrs ? " " : "", attrs ? attrs : "");
	kli_svg_text(b, s);
	kli_sb_append(b, "</text>");
}

/* ---- dot and whisker -------------------------------------------------- */

/* "label: value unit (KI lo–hi) *osäker skattning", escaped; hidden and
 * missing figures say so instead. */
static void point_text(struct kli_sb *b, const struct kl_chart_point *p,
                       int dec, const char *unit)
{
	char v[KL_FMT_SIZE], lo[KL_FMT_SIZE], hi[KL_FMT_SIZE];

	kli_svg_text(b, p->label ? p->label : "");
	if (p->hidden) {
		kli_sb_append(b, ": .. (redovisas inte)");
		return;
	}
	if (isnan(p->value)) {
		kli_sb_append(b, ": uppgift saknas");
		return;
	}
	kli_sb_appendf(b, ": %s", kl_fmt_num(v, sizeof(v), p->value, dec));
	if (unit && *unit) {
		kli_sb_append(b, " ");
		kli_svg_text(b, unit);
	}
	if (!isnan(p->lo) && !isnan(p->hi))
		kli_sb_appendf(b, " (KI %s" EN_DASH "%s)",
		               kl_fmt_num(lo, sizeof(lo), p->lo, dec),
		               kl_fmt_num(hi, sizeof(hi), p->hi, dec));
	if (p->caution)
		kli_sb_append(b, " *osäker skattning");
}

/* Check the n points (at most 500, finite) and gather what the layout
 * needs: the widest label (*lwc characters, at least 4), whether any row
 * is uncertain or hidden, and the range [*min, *max] of the shown values
 * and interval ends.  KL_OK or KL_ERR_USAGE. */
static int dots_scan(const struct kl_chart_point *p, size_t n, size_t *lwc,
                     int *any_caution, int *any_hidden, double *min,
                     double *max, struct kl_error *err)
{
	if (n && !p)
		return kl_error_set(err, KL_ERR_USAGE, "points missing");
	if (n > 500)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected at most 500 rows, got %zu", n);
	for (size_t i = 0; i < n; i++) {
		if (isinf(p[i].value) || isinf(p[i].lo) || isinf(p[i].hi))
			return kl_error_set(err, KL_ERR_USAGE,
			                    "row %zu: expected finite values",
			                    i + 1);
		size_t c = kli_utf8_chars(p[i].label) + 3;
		if (c > *lwc)
			*lwc = c;
		*any_caution |= p[i].caution && !p[i].hidden;
		*any_hidden |= p[i].hidden;
		if (p[i].hidden)
			continue;
		double v[3] = {p[i].value, p[i].lo, p[i].hi};
		for (int j = 0; j < 3; j++)
			if (!isnan(v[j]) && fabs(v[j]) < 1e15) {
				*min = fmin(*min, v[j]);
				*max = fmax(*max, v[j]);
			}
	}
	return KL_OK;
}

/* The text summary of a dot chart, escaped, into d: the caller's, or the
 * rows with their figures. */
static void dots_desc(struct kli_sb *d, const struct kl_chart_opts *o,
                      const struct kl_chart_point *p, size_t n)
{
	if (o->desc) {
		kli_svg_text(d, o->desc);
	} else {
		kli_sb_appendf(d, "Punktdiagram med %zu rad%s", n,
		               n == 1 ? "" : "er");
		if (o->unit && *o->unit) {
			kli_sb_append(d, " (");
			kli_svg_text(d, o->unit);
			kli_sb_append(d, ")");
		}
		kli_sb_append(d, ".");
		for (size_t i = 0; i < n; i++) {
			kli_sb_append(d, i ? "; " : " ");
			point_text(d, &p[i], o->decimals, NULL);
		}
		if (n)
			kli_sb_append(d, ".");
	}
}

int kl_chart_dots(const struct kl_chart_opts *o, const struct kl_chart_point *p,
                  size_t n, char **svg, size_t *len, struct kl_error *err)
{
	struct kli_sb b = {0}, d = {0};
	const char *id;
	double min = INFINITY, max = -INFINITY, t[60];
	size_t lwc = 4;
	int rc, any_caution = 0, any_hidden = 0;

	rc = chart_begin(o, svg, len, &id, err);
	if (rc)
		return rc;
	rc = dots_scan(p, n, &lwc, &any_caution, &any_hidden, &min, &max, err);
	if (rc)
		return rc;
	struct axis a;
	make_axis(&a, min, max, o->xmin, o->xmax);
	int nt = ticks(&a, t);

	double W = 640, lw = fmin(260, fmax(60, 6.6 * (double)lwc + 10));
	double x0 = 10 + lw, x1 = W - 24;
	double top = o->title && *o->title ? 44 : 14, rowh = 24;
	double ybot = top + rowh * (double)n;
	double H = ybot + 44 + (o->unit && *o->unit ? 16 : 0) +
	           (any_caution || any_hidden ? 18 : 0);

	dots_desc(&d, o, p, n);
	/* d holds escaped text (point_text escapes) */
	if (head_desc(&b, id, W, H, o->title, &d, 1))
		return kli_oom(err);

	/* grid and ticks */
	kli_sb_appendf(&b, "<g id=\"%s-axis\" fill=\"" KLI_INK "\">\n", id);
	kli_sb_append(&b, "<g stroke=\"" GRID "\">");
	for (int i = 0; i < nt; i++) {
		double x = scale(&a, t[i], x0, x1);
		line(&b, x, top - 4, x, ybot);
	}
	kli_sb_append(&b, "</g>\n<g stroke=\"" KLI_INK "\">");
	line(&b, x0, ybot, x1, ybot);
	for (int i = 0; i < nt; i++) {
		double x = scale(&a, t[i], x0, x1);
		line(&b, x, ybot, x, ybot + 5);
	}
	kli_sb_append(&b, "</g>\n<g text-anchor=\"middle\">");
	for (int i = 0; i < nt; i++) {
		char s[KL_FMT_SIZE];
		text_at(&b, scale(&a, t[i], x0, x1), ybot + 18, NULL,
		        kl_fmt_num(s, sizeof(s), t[i], a.dec));
	}
	kli_sb_append(&b, "</g>\n");
	if (o->unit && *o->unit)
		text_at(&b, (x0 + x1) / 2, ybot + 36, "text-anchor=\"middle\"",
		        o->unit);
	kli_sb_append(&b, "</g>\n");

	/* rows */
	kli_sb_appendf(&b, "<g id=\"%s-rows\" fill=\"" KLI_INK "\">\n", id);
	for (size_t i = 0; i < n; i++) {
		const struct kl_chart_point *q = &p[i];
		double y = top + rowh * ((double)i + 0.5);
		char lab[600];
		snprintf(lab, sizeof(lab), "%s%s%s", q->label ? q->label : "",
		         q->caution && !q->hidden ? " *" : "",
		         q->hidden ? " .." : "");
		kli_sb_appendf(&b, "<g id=\"%s-r%zu\"%s><title>", id, i + 1,
		               q->hidden    ? " class=\"hid\""
		               : q->caution ? " class=\"caution\""
		                            : "");
		point_text(&b, q, o->decimals, o->unit);
		kli_sb_append(&b, "</title>");
		text_at(&b, x0 - 8, y + 4, "text-anchor=\"end\"", lab);
		if (q->hidden) {
			text_at(&b, x0 + 6, y + 4, NULL, "..");
		} else if (isnan(q->value)) {
			text_at(&b, x0 + 6, y + 4, "fill=\"#4d4d4d\"",
			        "uppgift saknas");
		} else {
			double lo = q->lo, hi = q->hi;
			if (!isnan(lo) && !isnan(hi)) {
				lo = fmax(a.lo, fmin(a.hi, lo));
				hi = fmax(a.lo, fmin(a.hi, hi));
				double xl = scale(&a, lo, x0, x1);
				double xh = scale(&a, hi, x0, x1);
				kli_sb_append(&b, "<g stroke=\"" KLI_INK
				                  "\" stroke-width=\"1.5\">");
				line(&b, xl, y, xh, y);
				line(&b, xl, y - 5, xl, y + 5);
				line(&b, xh, y - 5, xh, y + 5);
				kli_sb_append(&b, "</g>");
			}
			double v = fmax(a.lo, fmin(a.hi, q->value));
			kli_sb_append(&b, "<circle cx=\"");
			kli_svg_coord(&b, scale(&a, v, x0, x1));
			kli_sb_append(&b, "\" cy=\"");
			kli_svg_coord(&b, y);
			kli_sb_append(&b, "\" r=\"4.5\" fill=\"" DOT
			                  "\" stroke=\"" KLI_INK "\"/>");
		}
		kli_sb_append(&b, "</g>\n");
	}
	kli_sb_append(&b, "</g>\n");
	if (any_caution || any_hidden) {
		char note[160];
		snprintf(note, sizeof(note), "%s%s%s",
		         any_caution ? "* osäker skattning" : "",
		         any_caution && any_hidden ? " \xc2\xb7 " : "",
		         any_hidden ? ".. redovisas inte" : "");
		text_at(&b, 10, H - 8, "font-size=\"10\" fill=\"#4d4d4d\"",
		        note);
		kli_sb_append(&b, "\n");
	}
	kli_sb_append(&b, "</svg>\n");
	return kli_svg_finish(&b, svg, len, err);
}

/* ---- trend ------------------------------------------------------------- */

static const char *const series_colour[MAX_SERIES] = {
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#1a1a1a", "#8c6d00"};
static const char *const series_dash[MAX_SERIES] = {NULL,       "8 4", "2 3",
                                                    "10 3 2 3", "5 5", "1 2"};

/* Marker m (0..5) at (x, y): circle, square, triangle, diamond, inverted
 * triangle, cross; all 9 px across. */
static void marker(struct kli_sb *b, int m, double x, double y)
{
	static const double tri[3][2] = {{0, -5}, {4.5, 3.5}, {-4.5, 3.5}};
	static const double dia[4][2] = {{0, -5}, {5, 0}, {0, 5}, {-5, 0}};
	switch (m) {
	case 0:
		kli_sb_append(b, "<circle cx=\"");
		kli_svg_coord(b, x);
		kli_sb_append(b, "\" cy=\"");
		kli_svg_coord(b, y);
		kli_sb_append(b, "\" r=\"4\"/>");
		return;
	case 1:
		kli_sb_append(b, "<rect x=\"");
		kli_svg_coord(b, x - 4);
		kli_sb_append(b, "\" y=\"");
		kli_svg_coord(b, y - 4);
		kli_sb_append(b, "\" width=\"8\" height=\"8\"/>");
		return;
	case 5:
		kli_sb_append(b,
		              "<path fill=\"none\" stroke-width=\"2\" d=\"M");
		kli_svg_coord(b, x - 4);
		kli_sb_append(b, ",");
		kli_svg_coord(b, y - 4);
		kli_sb_append(b, " ");
		kli_svg_coord(b, x + 4);
		kli_sb_append(b, ",");
		kli_svg_coord(b, y + 4);
		kli_sb_append(b, "M");
		kli_svg_coord(b, x - 4);
		kli_sb_append(b, ",");
		kli_svg_coord(b, y + 4);
		kli_sb_append(b, " ");
		kli_svg_coord(b, x + 4);
		kli_sb_append(b, ",");
		kli_svg_coord(b, y - 4);
		kli_sb_append(b, "\"/>");
		return;
	default:
		break;
	}
	int np = m == 3 ? 4 : 3;
	double sign = m == 4 ? -1 : 1;
	kli_sb_append(b, "<path d=\"M");
	for (int i = 0; i < np; i++) {
		double dx = m == 3 ? dia[i][0] : tri[i][0];
		double dy = m == 3 ? dia[i][1] : tri[i][1] * sign;
		if (i)
			kli_sb_append(b, " ");
		kli_svg_coord(b, x + dx);
		kli_sb_append(b, ",");
		kli_svg_coord(b, y + dy);
	}
	kli_sb_append(b, "Z\"/>");
}

/* Check the years (1 to 200, increasing) and the series (1 to
 * MAX_SERIES, finite values) and put the range of the figures in [*min,
 * *max].  KL_OK or KL_ERR_USAGE. */
static int trend_scan(const int *x, size_t nx, const struct kl_chart_series *s,
                      size_t ns, double *min, double *max, struct kl_error *err)
{
	if (nx < 1 || nx > 200 || !x)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 1 to 200 years, got %zu", nx);
	if (ns < 1 || ns > MAX_SERIES || !s)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 1 to %d series, got %zu (more "
		                    "lines cannot be told apart: sum the "
		                    "smallest into one)",
		                    MAX_SERIES, ns);
	for (size_t i = 1; i < nx; i++)
		if (x[i] <= x[i - 1])
			return kl_error_set(err, KL_ERR_USAGE,
			                    "expected increasing years; %d "
			                    "follows %d",
			                    x[i], x[i - 1]);
	for (size_t k = 0; k < ns; k++) {
		if (!s[k].values)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "series %zu has no values", k + 1);
		for (size_t i = 0; i < nx; i++) {
			double v = s[k].values[i];
			if (isinf(v) || fabs(v) >= 1e15)
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "series %zu: expected finite "
				    "values",
				    k + 1);
			if (!isnan(v)) {
				*min = fmin(*min, v);
				*max = fmax(*max, v);
			}
		}
	}
	return KL_OK;
}

/* The text summary of a trend chart, unescaped, into d: the caller's, or
 * the years, the unit and every series' figures. */
static void trend_desc(struct kli_sb *d, const struct kl_chart_opts *o,
                       const int *x, size_t nx, const struct kl_chart_series *s,
                       size_t ns)
{
	if (o->desc) {
		kli_sb_append(d, o->desc);
	} else {
		char v[KL_FMT_SIZE];
		kli_sb_appendf(d, "Linjediagram, %d", x[0]);
		if (nx > 1)
			kli_sb_appendf(d, EN_DASH "%d", x[nx - 1]);
		if (o->unit && *o->unit)
			kli_sb_appendf(d, ", %s", o->unit);
		kli_sb_append(d, ".");
		for (size_t k = 0; k < ns; k++) {
			kli_sb_append(d, " ");
			kli_sb_append(d, s[k].name ? s[k].name : "");
			kli_sb_append(d, ":");
			for (size_t i = 0; i < nx; i++)
				kli_sb_appendf(
				    d, "%s %d %s", i ? "," : "", x[i],
				    kl_fmt_num(v, sizeof(v), s[k].values[i],
				               o->decimals));
			kli_sb_append(d, ".");
		}
	}
}

int kl_chart_trend(const struct kl_chart_opts *o, const int *x, size_t nx,
                   const struct kl_chart_series *s, size_t ns, char **svg,
                   size_t *len, struct kl_error *err)
{
	struct kli_sb b = {0}, d = {0};
	const char *id;
	double min = INFINITY, max = -INFINITY, t[60];
	int rc;

	rc = chart_begin(o, svg, len, &id, err);
	if (rc)
		return rc;
	rc = trend_scan(x, nx, s, ns, &min, &max, err);
	if (rc)
		return rc;
	struct axis a;
	make_axis(&a, min, max, o->xmin, o->xmax);
	int nt = ticks(&a, t);

	double W = 640, px0 = 64, px1 = W - 24;
	double top = o->title && *o->title ? 60 : 28, pbot = top + 240;
	double legy = pbot + 40 + (o->unit && *o->unit ? 0 : 0);
	size_t legrows = (ns + 1) / 2;
	double H = legy + 22.0 * (double)legrows + 8;
	double span = nx > 1 ? (double)(x[nx - 1] - x[0]) : 0;
#define XPOS(i)                                                                \
	(nx > 1 ? px0 + 12 + (double)(x[i] - x[0]) / span * (px1 - px0 - 24)   \
	        : (px0 + px1) / 2)

	trend_desc(&d, o, x, nx, s, ns);
	if (head_desc(&b, id, W, H, o->title, &d, 0))
		return kli_oom(err);

	/* axes */
	kli_sb_appendf(&b, "<g id=\"%s-axis\" fill=\"" KLI_INK "\">\n", id);
	kli_sb_append(&b, "<g stroke=\"" GRID "\">");
	for (int i = 0; i < nt; i++) {
		double y = scale(&a, t[i], pbot, top);
		line(&b, px0, y, px1, y);
	}
	kli_sb_append(&b, "</g>\n<g stroke=\"" KLI_INK "\">");
	line(&b, px0, pbot, px1, pbot);
	line(&b, px0, top, px0, pbot);
	size_t every = nx > 12 ? (nx + 11) / 12 : 1;
	for (size_t i = 0; i < nx; i++)
		if (i % every == 0)
			line(&b, XPOS(i), pbot, XPOS(i), pbot + 5);
	kli_sb_append(&b, "</g>\n<g text-anchor=\"end\">");
	for (int i = 0; i < nt; i++) {
		char v[KL_FMT_SIZE];
		text_at(&b, px0 - 6, scale(&a, t[i], pbot, top) + 4, NULL,
		        kl_fmt_num(v, sizeof(v), t[i], a.dec));
	}
	kli_sb_append(&b, "</g>\n<g text-anchor=\"middle\">");
	for (size_t i = 0; i < nx; i++) {
		char yr[16];
		if (i % every)
			continue;
		snprintf(yr, sizeof(yr), "%d", x[i]);
		text_at(&b, XPOS(i), pbot + 18, NULL, yr);
	}
	kli_sb_append(&b, "</g>\n");
	if (o->unit && *o->unit)
		text_at(&b, px0, top - 8, NULL, o->unit);
	kli_sb_append(&b, "</g>\n");

	/* series: a line per run without gaps, a marker at every figure */
	for (size_t k = 0; k < ns; k++) {
		const double *v = s[k].values;
		kli_sb_appendf(&b,
		               "<g id=\"%s-s%zu\" stroke=\"%s\" fill=\"%s\">"
		               "<title>",
		               id, k + 1, series_colour[k], series_colour[k]);
		kli_svg_text(&b, s[k].name);
		kli_sb_append(&b, "</title>\n<path fill=\"none\" "
		                  "stroke-width=\"2\"");
		if (series_dash[k])
			kli_sb_appendf(&b, " stroke-dasharray=\"%s\"",
			               series_dash[k]);
		kli_sb_append(&b, " d=\"");
		int pen = 0;
		for (size_t i = 0; i < nx; i++) {
			if (isnan(v[i])) {
				pen = 0;
				continue;
			}
			double y = fmax(a.lo, fmin(a.hi, v[i]));
			kli_sb_append(&b, pen ? " " : "M");
			kli_svg_coord(&b, XPOS(i));
			kli_sb_append(&b, ",");
			kli_svg_coord(&b, scale(&a, y, pbot, top));
			pen = 1;
		}
		kli_sb_append(&b, "\"/>\n");
		for (size_t i = 0; i < nx; i++) {
			if (isnan(v[i]))
				continue;
			double y = fmax(a.lo, fmin(a.hi, v[i]));
			marker(&b, (int)k, XPOS(i), scale(&a, y, pbot, top));
		}
		kli_sb_append(&b, "\n</g>\n");
	}

	/* legend: line sample, marker and name; two to a row */
	kli_sb_appendf(&b, "<g id=\"%s-legend\" fill=\"" KLI_INK "\">\n", id);
	for (size_t k = 0; k < ns; k++) {
		double lx = 10 + (k % 2) * 310.0, ly = legy + 22.0 * (k / 2);
		kli_sb_appendf(&b, "<g stroke=\"%s\" fill=\"%s\">",
		               series_colour[k], series_colour[k]);
		kli_sb_append(&b, "<path fill=\"none\" stroke-width=\"2\"");
		if (series_dash[k])
			kli_sb_appendf(&b, " stroke-dasharray=\"%s\"",
			               series_dash[k]);
		kli_sb_appendf(&b, " d=\"M%.0f,%.0f %.0f,%.0f\"/>", lx, ly,
		               lx + 36, ly);
		marker(&b, (int)k, lx + 18, ly);
		kli_sb_append(&b, "</g>");
		text_at(&b, lx + 44, ly + 4, NULL, s[k].name ? s[k].name : "");
		kli_sb_append(&b, "\n");
	}
	kli_sb_append(&b, "</g>\n</svg>\n");
#undef XPOS
	return kli_svg_finish(&b, svg, len, err);
}
