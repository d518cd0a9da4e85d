/*
 * svg_map.c - choropleth maps of kommuner or län as SVG (kl_svg.h).
 *
 * The boundaries come from geo.c, projected to SWEREF 99 TM (metres east
 * and north).  The map scales them into its frame with one factor (north
 * up, no distortion beyond the projection's) and writes every vertex with
 * one decimal, dropping a vertex only when it rounds to the one before.
 * Units are drawn in code order; ids are the prefix and the code.
 *
 * Classes: with breaks b1 < ... < b(k-1), a value v is in class c, the
 * number of breaks <= v (a value on a limit belongs to the class above).
 * Without breaks they are the sample quantiles (R type 7) of the shown
 * values at i/k, each rounded to the nearest multiple of
 * r = max(10^(floor(log10(max - min)) - 1), 10^-decimals), that is to two
 * significant digits of the range; a rounded break
 * not above the one before, or outside (min, max], is dropped, so a map
 * may have fewer classes than asked for.  Hidden units and units without
 * a figure take no part.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_priv.h"
#include "kl_codes.h"
#include "kl_csv.h"
#include "kl_fmt.h"
#include "kl_svg.h"
#include "svg_priv.h"

#define EN_DASH "\xe2\x80\x93"
#define MAX_CLASSES 5

/* ColorBrewer YlGnBu, light to mid-dark: every fill has at least 3:1
 * contrast with the borders (KLI_INK), and the scheme is colour-blind safe.
 */
static const char *const palette[MAX_CLASSES + 1][MAX_CLASSES] = {
    {NULL},
    {"#7fcdbb"},
    {"#c7e9b4", "#1d91c0"},
    {"#edf8b1", "#7fcdbb", "#1d91c0"},
    {"#edf8b1", "#a1dab4", "#41b6c4", "#1d91c0"},
    {"#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0"},
};
#define NODATA_FILL "#ffffff"
#define CONTEXT_FILL "#e6e6e6"
#define CONTEXT_LINE "#ababab"

/* Is code a unit of this map?  0 yes; otherwise a message in msg. */
static int check_code(const char *code, enum kl_map_level level,
                      const char *region, const struct kli_geo *g,
                      const char **name, char *msg, size_t n)
{
	const struct kli_geo_unit *u = kli_geo_find(g, code);
	const char *what = level == KL_MAP_LAN ? "länskod" : "kommunkod";
	size_t want = level == KL_MAP_LAN ? 2 : 4;
	char shown[16];

	snprintf(shown, sizeof(shown), "%s", code);
	if (strlen(code) > 8)
		memcpy(shown + 8, "...", 4);
	if (!u || strlen(code) != want) {
		snprintf(msg, n, "expected a %s of %s, got '%s'", what,
		         level == KL_MAP_LAN ? "one of the 21 län"
		                             : "one of the 290 kommuner",
		         shown);
		return -1;
	}
	if (level == KL_MAP_KOMMUN && region && strcmp(u->lan, region) != 0) {
		snprintf(msg, n, "kommun %s (%s) is not in län %s", u->code,
		         u->name, region);
		return -1;
	}
	if (name)
		*name = u->name;
	return 0;
}

/* The region as a län code or NULL for the whole country. */
static int check_region(enum kl_map_level level, const char *region,
                        const struct kli_geo *lan, const char **out,
                        struct kl_error *err)
{
	*out = NULL;
	if (!region || strcmp(region, "00") == 0)
		return KL_OK;
	if (level == KL_MAP_LAN)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "a map of län covers the whole country; "
		                    "expected no region or '00', got '%.8s'",
		                    region);
	if (strlen(region) != 2 || !kli_geo_find(lan, region))
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "expected a länskod (01..25) as region, got "
		    "'%.8s'",
		    region);
	*out = region;
	return KL_OK;
}

/* ---- classes ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* R's quantile type 7 of sorted v[0..n-1] at p. */
static double quantile7(const double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Breaks from sorted values v (n > 0): see the comment at the top.
 * Returns the number of breaks (0..k-1). */
static int compute_breaks(const double *v, size_t n, int k, int decimals,
                          double *out)
{
	double min = v[0], max = v[n - 1];
	int nb = 0;

	if (!(max > min))
		return 0;
	double r = pow(10, floor(log10(max - min)) - 1);
	double rmin = pow(10, -decimals);
	if (r < rmin)
		r = rmin;
	for (int i = 1; i < k; i++) {
		double b = round(quantile7(v, n, (double)i / k) / r) * r;
		/* print-exact: a multiple of r shown with enough decimals */
		if (b <= min || b > max || (nb && b <= out[nb - 1]))
			continue;
		out[nb++] = b;
	}
	return nb;
}

static int class_of(double v, const double *b, int nb)
{
	int c = 0;
	while (c < nb && v >= b[c])
		c++;
	return c;
}

/* ---- drawing ------------------------------------------------------------ */

struct frame {
	double minx, maxy; /* projected corner at the frame's top left */
	double s;          /* px per metre */
	double x0, y0;     /* frame's top left in px */
	double w, h;       /* frame size in px */
};

static double px(const struct frame *f, double x)
{
	return f->x0 + (x - f->minx) * f->s;
}

static double py(const struct frame *f, double y)
{
	return f->y0 + (f->maxy - y) * f->s;
}

/* Sutherland-Hodgman: the part of the polygon in (n points, xy) on the
 * inner side of one edge of the clip rectangle (axis 0: x, 1: y; keep
 * v >= lim when lo, else v <= lim), into out (room for 2n points).
 * Returns the number of points written. */
static size_t clip_edge(const double *in, size_t n, double *out, int axis,
                        double lim, int lo)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const double *p = in + 2 * i;
		const double *q = in + 2 * ((i + 1) % n);
		double vp = p[axis] - lim, vq = q[axis] - lim;
		int pin = lo ? vp >= 0 : vp <= 0;
		int qin = lo ? vq >= 0 : vq <= 0;
		if (pin) {
			out[2 * m] = p[0];
			out[2 * m + 1] = p[1];
			m++;
		}
		if (pin != qin) {
			double t = vp / (vp - vq);
			out[2 * m] = p[0] + t * (q[0] - p[0]);
			out[2 * m + 1] = p[1] + t * (q[1] - p[1]);
			out[2 * m + axis] = lim;
			m++;
		}
	}
	return m;
}

/* The rings of u as path data; vertices that round to the one before are
 * dropped, rings left with fewer than 3 vertices skipped.  With clip
 * (x0, y0, x1, y1 in px) each ring is first cut to that rectangle, so no
 * path reaches outside the frame: a path's box is what tools measuring
 * overlap see (axe-core takes an unclipped neighbouring län for a layer
 * over the text around the map). */
static void path_data(struct kli_sb *b, const struct kli_geo_unit *u,
                      const struct frame *f, const double *clip)
{
	for (size_t r = 0; r < u->nrings; r++) {
		const double *xy = u->xy + 2 * u->ring_start[r];
		size_t n = u->ring_len[r], kept = 0;
		long long lx = 0, ly = 0;
		size_t mark = b->len;
		double *pt = NULL, *tmp = NULL;

		if (clip && n) {
			/* each pass at most doubles the points */
			size_t cap = 16 * n + 16;
			pt = malloc(2 * cap * sizeof(*pt));
			tmp = malloc(2 * cap * sizeof(*tmp));
			if (!pt || !tmp) {
				free(pt);
				free(tmp);
				b->failed = 1;
				return;
			}
			for (size_t i = 0; i < n; i++) {
				pt[2 * i] = px(f, xy[2 * i]);
				pt[2 * i + 1] = py(f, xy[2 * i + 1]);
			}
			n = clip_edge(pt, n, tmp, 0, clip[0], 1);
			n = clip_edge(tmp, n, pt, 0, clip[2], 0);
			n = clip_edge(pt, n, tmp, 1, clip[1], 1);
			n = clip_edge(tmp, n, pt, 1, clip[3], 0);
		}
		for (size_t i = 0; i < n; i++) {
			double x = pt ? pt[2 * i] : px(f, xy[2 * i]);
			double y = pt ? pt[2 * i + 1] : py(f, xy[2 * i + 1]);
			long long tx = llround(x * 10), ty = llround(y * 10);
			if (kept && tx == lx && ty == ly)
				continue;
			kli_sb_append(b, kept ? " " : "M");
			kli_svg_coord(b, x);
			kli_sb_append(b, ",");
			kli_svg_coord(b, y);
			lx = tx;
			ly = ty;
			kept++;
		}
		free(pt);
		free(tmp);
		if (kept < 3) {
			if (!b->failed) { /* drop the degenerate ring */
				b->len = mark;
				b->s[mark] = '\0';
			}
			continue;
		}
		kli_sb_append(b, "Z");
	}
}

/* A label point: the area centroid of the unit's largest outer ring. */
static void label_point(const struct kli_geo_unit *u, double *cx, double *cy)
{
	double best = -1;
	*cx = (u->bbox[0] + u->bbox[2]) / 2;
	*cy = (u->bbox[1] + u->bbox[3]) / 2;
	for (size_t r = 0; r < u->nrings; r++) {
		const double *xy = u->xy + 2 * u->ring_start[r];
		size_t n = u->ring_len[r];
		double a = 0, sx = 0, sy = 0;
		if (u->ring_hole[r] || n < 3)
			continue;
		/* relative to the first vertex, for precision */
		for (size_t i = 0; i < n; i++) {
			size_t j = (i + 1) % n;
			double x1 = xy[2 * i] - xy[0],
			       y1 = xy[2 * i + 1] - xy[1];
			double x2 = xy[2 * j] - xy[0],
			       y2 = xy[2 * j + 1] - xy[1];
			double c = x1 * y2 - x2 * y1;
			a += c;
			sx += (x1 + x2) * c;
			sy += (y1 + y2) * c;
		}
		if (fabs(a) > best && a != 0) {
			best = fabs(a);
			*cx = xy[0] + sx / (3 * a);
			*cy = xy[1] + sy / (3 * a);
		}
	}
}

static int overlaps(const double *a, const double *b)
{
	return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

struct unitval {
	const struct kli_geo_unit *u;
	double value;
	int has, hidden, cls; /* cls: -1 none */
};

static void fmt_range(char *buf, size_t n, const char *a, const char *b)
{
	snprintf(buf, n, "%s" EN_DASH "%s", a, b);
}

/* The legend labels of the classes into lab[k][80]. */
static void class_labels(char lab[][96], const double *br, int nb, int have,
                         double min, double max, int dec)
{
	char a[KL_FMT_SIZE], b[KL_FMT_SIZE];

	if (nb == 0) {
		if (!have)
			snprintf(lab[0], 96, "alla värden");
		else if (min == max)
			snprintf(lab[0], 96, "%s",
			         kl_fmt_num(a, sizeof(a), min, dec));
		else
			fmt_range(lab[0], 96,
			          kl_fmt_num(a, sizeof(a), min, dec),
			          kl_fmt_num(b, sizeof(b), max, dec));
		return;
	}
	for (int c = 0; c <= nb; c++) {
		if (c == 0) {
			kl_fmt_num(b, sizeof(b), br[0], dec);
			if (have && min < br[0])
				fmt_range(lab[c], 96,
				          kl_fmt_num(a, sizeof(a), min, dec),
				          b);
			else
				snprintf(lab[c], 96, "under %s", b);
		} else if (c == nb) {
			kl_fmt_num(a, sizeof(a), br[nb - 1], dec);
			if (have && max >= br[nb - 1])
				fmt_range(lab[c], 96, a,
				          kl_fmt_num(b, sizeof(b), max, dec));
			else
				snprintf(lab[c], 96, "%s och mer", a);
		} else {
			fmt_range(lab[c], 96,
			          kl_fmt_num(a, sizeof(a), br[c - 1], dec),
			          kl_fmt_num(b, sizeof(b), br[c], dec));
		}
	}
}

/* "Västerås: 12,3" and the like, escaped. */
static void unit_title(struct kli_sb *b, const struct unitval *uv, int values,
                       int dec, const char *unit)
{
	char v[KL_FMT_SIZE];
	kli_svg_text(b, uv->u->name);
	if (!values)
		return;
	if (uv->hidden) {
		kli_sb_append(b, ": .. (ej redovisad)");
	} else if (!uv->has || isnan(uv->value)) {
		kli_sb_append(b, ": uppgift saknas");
	} else if (uv->value == 0) {
		/* SCB's symbol for zero, as the tables print it; a value
		 * that only rounds to 0 keeps its digits */
		kli_sb_append(b, ": \xe2\x80\x93 (noll)");
	} else {
		kli_sb_appendf(b, ": %s",
		               kl_fmt_num(v, sizeof(v), uv->value, dec));
		if (unit && *unit) {
			kli_sb_append(b, " ");
			kli_svg_text(b, unit);
		}
	}
}

/* ---- the map ------------------------------------------------------------ */

/*
 * What kl_map_svg works out before it draws: the units in code order with
 * their values and classes, the legend labels, the title and the layout.
 * uv and sorted are malloc'd and freed by map_release.
 */
struct map {
	const struct kl_map_opts *o;
	const struct kli_geo *lan, *g;
	const char *id, *region, *title;
	char deftitle[160];
	struct unitval *uv;
	double *sorted;
	size_t nu, nshown, nmissing, nhidden;
	double br[MAX_CLASSES];
	int k, nb, ncls, dec;
	int counts[MAX_CLASSES];
	char lab[MAX_CLASSES][96];
	double bb[4];
	struct frame f;
	double lx, W, H;
	int nleg;
};

static void map_release(struct map *m)
{
	free(m->uv);
	free(m->sorted);
}

/* The options alone: level, 2..5 classes, 0..9 decimals, values present,
 * the id, increasing finite breaks.  Sets m->o, k, dec and id; KL_OK or
 * KL_ERR_USAGE. */
static int map_check_opts(struct map *m, const struct kl_map_opts *o,
                          struct kl_error *err)
{
	int rc;

	if (o->level != KL_MAP_KOMMUN && o->level != KL_MAP_LAN)
		return kl_error_set(err, KL_ERR_USAGE, "unknown map level");
	m->o = o;
	m->k = o->nclasses ? o->nclasses : 4;
	if (m->k < 2 || m->k > MAX_CLASSES)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 2 to 5 classes, got %d",
		                    o->nclasses);
	if (o->decimals < 0 || o->decimals > 9)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "expected 0 to 9 decimals, got %d",
		                    o->decimals);
	m->dec = o->decimals;
	if (o->nvalues && !o->values)
		return kl_error_set(err, KL_ERR_USAGE, "values missing");
	rc = kli_svg_check_id(o->id, "karta", &m->id, err);
	if (rc)
		return rc;
	if (!o->breaks)
		return KL_OK;
	for (int i = 0; i < m->k - 1; i++) {
		if (!isfinite(o->breaks[i]) || fabs(o->breaks[i]) > 1e15)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "expected finite class limits");
		if (i && !(o->breaks[i] > o->breaks[i - 1]))
			return kl_error_set(
			    err, KL_ERR_USAGE,
			    "expected %d increasing class limits for %d "
			    "classes; limit %d is not above limit %d",
			    m->k - 1, m->k, i + 1, i);
	}
	return KL_OK;
}

/* The boundaries (m->lan, m->g) and the region.  KL_OK or an error. */
static int map_geo(struct map *m, struct kl_error *err)
{
	const struct kli_geo *kom;
	int rc;

	rc = kli_geo_get(KLI_GEO_LAN, &m->lan, err);
	if (rc)
		return rc;
	rc = check_region(m->o->level, m->o->region, m->lan, &m->region, err);
	if (rc)
		return rc;
	m->g = m->lan;
	if (m->o->level == KL_MAP_KOMMUN) {
		rc = kli_geo_get(KLI_GEO_KOMMUNER, &kom, err);
		if (rc)
			return rc;
		m->g = kom;
	}
	return KL_OK;
}

/* The units of the map in code order (m->uv, m->nu) with their values;
 * the shown values into m->sorted (m->nshown, sorted).  KL_OK, or
 * KL_ERR_USAGE for a bad code, a second value or an infinite one. */
static int map_units(struct map *m, struct kl_error *err)
{
	const struct kl_map_opts *o = m->o;
	const struct kli_geo *g = m->g;
	struct unitval *uv;
	char msg[200];

	m->uv = calloc(g->n, sizeof(*m->uv));
	m->sorted = calloc(o->nvalues + 1, sizeof(double));
	if (!m->uv || !m->sorted)
		return kli_oom(err);
	uv = m->uv;
	for (size_t i = 0; i < g->n; i++) {
		if (m->region && strcmp(g->units[i].lan, m->region) != 0)
			continue;
		uv[m->nu].u = &g->units[i];
		uv[m->nu].value = NAN;
		uv[m->nu].cls = -1;
		m->nu++;
	}
	for (size_t i = 0; i < o->nvalues; i++) {
		const struct kl_map_value *v = &o->values[i];
		size_t j;
		if (!v->code || check_code(v->code, o->level, m->region, g,
		                           NULL, msg, sizeof(msg)))
			return kl_error_set(err, KL_ERR_USAGE, "%s",
			                    v->code ? msg
			                            : "a value has no code");
		for (j = 0; j < m->nu && strcmp(uv[j].u->code, v->code); j++)
			;
		if (j == m->nu) /* cannot happen: check_code passed */
			return kl_error_set(err, KL_ERR_INTERNAL, "lost unit");
		if (uv[j].has)
			return kl_error_set(
			    err, KL_ERR_USAGE, "%s %s has two values",
			    o->level == KL_MAP_LAN ? "län" : "kommun", v->code);
		if (isinf(v->value) || fabs(v->value) > 1e15)
			return kl_error_set(err, KL_ERR_USAGE,
			                    "expected a finite value for %s",
			                    v->code);
		uv[j].has = 1;
		uv[j].hidden = v->hidden != 0;
		uv[j].value = v->value;
		if (!uv[j].hidden && !isnan(v->value))
			m->sorted[m->nshown++] = v->value;
	}
	qsort(m->sorted, m->nshown, sizeof(double), cmp_double);
	return KL_OK;
}

/* The breaks (given or computed), each unit's class, the counts per
 * class, the hidden and missing units and the legend labels. */
static void map_classes(struct map *m)
{
	const struct kl_map_opts *o = m->o;
	size_t ns = m->nshown;

	if (o->breaks) {
		m->nb = m->k - 1;
		memcpy(m->br, o->breaks, (size_t)m->nb * sizeof(double));
	} else if (ns) {
		m->nb = compute_breaks(m->sorted, ns, m->k, m->dec, m->br);
	}
	for (size_t j = 0; j < m->nu; j++) {
		struct unitval *u = &m->uv[j];
		if (u->hidden) {
			m->nhidden++;
		} else if (!u->has || isnan(u->value)) {
			m->nmissing++;
		} else {
			u->cls = class_of(u->value, m->br, m->nb);
			m->counts[u->cls]++;
		}
	}
	m->ncls = o->nvalues && (ns || o->breaks) ? m->nb + 1 : 0;
	class_labels(m->lab, m->br, m->nb, ns > 0, ns ? m->sorted[0] : 0,
	             ns ? m->sorted[ns - 1] : 0, m->dec);
}

/* The box of the units (with a margin for the neighbours on a map of one
 * län), the title, the frame and the legend's place and size. */
static void map_layout(struct map *m)
{
	const struct kl_map_opts *o = m->o;
	double *bb = m->bb;
	struct frame *f = &m->f;

	bb[0] = bb[1] = 1e300;
	bb[2] = bb[3] = -1e300;
	for (size_t j = 0; j < m->nu; j++) {
		const double *u = m->uv[j].u->bbox;
		bb[0] = fmin(bb[0], u[0]);
		bb[1] = fmin(bb[1], u[1]);
		bb[2] = fmax(bb[2], u[2]);
		bb[3] = fmax(bb[3], u[3]);
	}
	if (m->region) { /* a margin for the neighbours */
		double mg = 0.04 * fmax(bb[2] - bb[0], bb[3] - bb[1]);
		bb[0] -= mg;
		bb[1] -= mg;
		bb[2] += mg;
		bb[3] += mg;
	}
	m->title = o->title;
	if (!m->title) {
		if (o->level == KL_MAP_LAN)
			snprintf(m->deftitle, sizeof(m->deftitle),
			         "Sveriges län");
		else if (m->region)
			snprintf(m->deftitle, sizeof(m->deftitle),
			         "Kommunerna i %s",
			         kli_geo_find(m->lan, m->region)->name);
		else
			snprintf(m->deftitle, sizeof(m->deftitle),
			         "Sveriges kommuner");
		m->title = m->deftitle;
	}
	double maxw = m->region ? 520 : 380, maxh = m->region ? 520 : 760;
	double dx = bb[2] - bb[0], dy = bb[3] - bb[1];
	f->s = fmin(maxw / dx, maxh / dy);
	f->w = round(dx * f->s);
	f->h = round(dy * f->s);
	f->minx = bb[0];
	f->maxy = bb[3];
	f->x0 = 10;
	f->y0 = 40;
	m->lx = f->x0 + f->w + 20;
	double lw = 230;
	m->nleg = m->ncls + (m->nmissing && o->nvalues) + (m->nhidden > 0);
	double legh = 28 + 22.0 * m->nleg;
	m->W = m->nleg ? m->lx + lw : f->x0 + f->w + 10;
	m->H = fmax(f->y0 + f->h, f->y0 + legh) + 30;
}

/* The text summary (<desc>), unescaped, into d: the caller's, or the
 * units, classes, missing and hidden units and the highest and lowest. */
static void map_desc(const struct map *m, struct kli_sb *d)
{
	const struct kl_map_opts *o = m->o;
	const char *unitword = o->level == KL_MAP_LAN ? "län" : "kommuner";

	if (o->desc) {
		kli_sb_append(d, o->desc);
		return;
	}
	if (o->level == KL_MAP_LAN)
		kli_sb_appendf(d, "Karta över Sveriges %zu län", m->nu);
	else if (m->region)
		kli_sb_appendf(d, "Karta över de %zu kommunerna i %s", m->nu,
		               kli_geo_find(m->lan, m->region)->name);
	else
		kli_sb_appendf(d, "Karta över Sveriges %zu kommuner", m->nu);
	if (o->nvalues) {
		if (o->unit && *o->unit)
			kli_sb_appendf(d, ", %s", o->unit);
		if (m->ncls)
			kli_sb_append(d, ", i klasser:");
		for (int c = 0; c < m->ncls; c++)
			kli_sb_appendf(d, "%s %s (%d %s)", c ? ";" : "",
			               m->lab[c], m->counts[c],
			               m->counts[c] == 1 &&
			                       o->level == KL_MAP_KOMMUN
			                   ? "kommun"
			                   : unitword);
		if (m->nmissing)
			kli_sb_appendf(d, "%s uppgift saknas för %zu",
			               m->ncls ? ";" : ":", m->nmissing);
		if (m->nhidden)
			kli_sb_appendf(d, "%s ej redovisade: %zu",
			               m->ncls || m->nmissing ? ";" : ":",
			               m->nhidden);
		if (m->nshown) {
			const struct unitval *hi = NULL, *lo = NULL;
			char a[KL_FMT_SIZE];
			for (size_t j = 0; j < m->nu; j++) {
				const struct unitval *u = &m->uv[j];
				if (u->cls < 0)
					continue;
				if (!hi || u->value > hi->value)
					hi = u;
				if (!lo || u->value < lo->value)
					lo = u;
			}
			kli_sb_appendf(
			    d, ". Högst: %s (%s)", hi->u->name,
			    kl_fmt_num(a, sizeof(a), hi->value, m->dec));
			kli_sb_appendf(
			    d, ", lägst: %s (%s)", lo->u->name,
			    kl_fmt_num(a, sizeof(a), lo->value, m->dec));
		}
	}
	kli_sb_append(d, ". Kartunderlag: SCB, Digitala gränser.");
}

/* The opening tag, <title>, <desc> (from map_desc), the hatch pattern,
 * the clip path, the background, the visible title, and the opening of
 * the clipped group. */
static void draw_head(const struct map *m, struct kli_sb *b)
{
	const char *id = m->id;
	struct kli_sb d = {0};

	map_desc(m, &d);
	kli_sb_appendf(b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	               "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	               "height=\"%.0f\" role=\"img\" lang=\"sv\" "
	               "aria-labelledby=\"%s-title %s-desc\" " KLI_SVG_FONT
	               ">\n",
	               m->W, m->H, m->W, m->H, id, id);
	kli_sb_appendf(b, "<title id=\"%s-title\">", id);
	kli_svg_text(b, m->title);
	kli_sb_appendf(b, "</title>\n<desc id=\"%s-desc\">", id);
	kli_svg_text(b, d.failed ? "" : kli_sb_str(&d));
	kli_sb_append(b, "</desc>\n");
	kli_sb_free(&d);
	kli_sb_appendf(b,
	               "<defs>\n<pattern id=\"%s-hatch\" width=\"6\" "
	               "height=\"6\" patternUnits=\"userSpaceOnUse\" "
	               "patternTransform=\"rotate(45)\"><rect width=\"6\" "
	               "height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" "
	               "y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" KLI_INK
	               "\" stroke-width=\"2\"/></pattern>\n",
	               id);
	kli_sb_appendf(b,
	               "<clipPath id=\"%s-clip\"><rect x=\"%.0f\" y=\"%.0f\" "
	               "width=\"%.0f\" height=\"%.0f\"/></clipPath>\n</defs>\n",
	               id, m->f.x0, m->f.y0, m->f.w, m->f.h);
	kli_sb_appendf(b,
	               "<rect width=\"%.0f\" height=\"%.0f\" "
	               "fill=\"#ffffff\"/>\n",
	               m->W, m->H);
	kli_svg_title(b, m->title, m->f.x0, m->W - m->f.x0 - 10);
	kli_sb_appendf(b, "<g clip-path=\"url(#%s-clip)\">\n", id);
}

/* The neighbouring län in grey, for context, on a map of one län. */
static void draw_context(const struct map *m, struct kli_sb *b)
{
	const struct frame *f = &m->f;
	const double *bb = m->bb;
	double clip[4] = {f->x0, f->y0, f->x0 + f->w, f->y0 + f->h};

	kli_sb_appendf(b,
	               "<g id=\"%s-context\" fill=\"" CONTEXT_FILL
	               "\" stroke=\"" CONTEXT_LINE "\" stroke-width=\"0.8\" "
	               "stroke-linejoin=\"round\">\n",
	               m->id);
	for (size_t i = 0; i < m->lan->n; i++) {
		const struct kli_geo_unit *u = &m->lan->units[i];
		if (strcmp(u->code, m->region) == 0 || !overlaps(u->bbox, bb))
			continue;
		kli_sb_append(b, "<path d=\"");
		path_data(b, u, f, clip);
		kli_sb_append(b, "\"><title>");
		kli_svg_text(b, u->name);
		kli_sb_append(b, "</title></path>\n");
	}
	kli_sb_append(b, "</g>\n");
}

/* The units, filled by class (hatched when hidden, white without a
 * figure), each with its name and figure as <title>. */
static void draw_units(const struct map *m, struct kli_sb *b)
{
	const struct kl_map_opts *o = m->o;
	const char *id = m->id;

	kli_sb_appendf(b,
	               "<g id=\"%s-units\" stroke=\"" KLI_INK
	               "\" stroke-width=\"0.6\" stroke-linejoin=\"round\" "
	               "fill-rule=\"evenodd\">\n",
	               id);
	for (size_t j = 0; j < m->nu; j++) {
		const struct unitval *u = &m->uv[j];
		const char *fill = NODATA_FILL;
		char cls[16] = "";
		if (u->hidden) {
			snprintf(cls, sizeof(cls), "hid");
		} else if (u->cls >= 0) {
			fill = palette[m->nb + 1][u->cls];
			snprintf(cls, sizeof(cls), "c%d", u->cls + 1);
		} else if (o->nvalues) {
			snprintf(cls, sizeof(cls), "na");
		}
		kli_sb_appendf(b, "<path id=\"%s-%s\"", id, u->u->code);
		if (cls[0])
			kli_sb_appendf(b, " class=\"%s\"", cls);
		if (u->hidden)
			kli_sb_appendf(b, " fill=\"url(#%s-hatch)\"", id);
		else
			kli_sb_appendf(b, " fill=\"%s\"", fill);
		kli_sb_append(b, " d=\"");
		path_data(b, u->u, &m->f, NULL);
		kli_sb_append(b, "\"><title>");
		unit_title(b, u, o->nvalues > 0, m->dec, o->unit);
		kli_sb_append(b, "</title></path>\n");
	}
	kli_sb_append(b, "</g>\n");
}

/* Län borders on top of a map of kommuner: the region's, or all of them
 * on a country map. */
static void draw_lan_borders(const struct map *m, struct kli_sb *b)
{
	kli_sb_appendf(b,
	               "<g id=\"%s-lan\" fill=\"none\" stroke=\"" KLI_INK
	               "\" stroke-width=\"%s\" stroke-linejoin=\"round\" "
	               "aria-hidden=\"true\">\n",
	               m->id, m->region ? "1.6" : "1");
	for (size_t i = 0; i < m->lan->n; i++) {
		const struct kli_geo_unit *u = &m->lan->units[i];
		if (m->region && strcmp(u->code, m->region) != 0)
			continue;
		kli_sb_append(b, "<path d=\"");
		path_data(b, u, &m->f, NULL);
		kli_sb_append(b, "\"/>\n");
	}
	kli_sb_append(b, "</g>\n");
}

/* The names of the units at their label points, on a map of one län. */
static void draw_names(const struct map *m, struct kli_sb *b)
{
	kli_sb_appendf(b,
	               "<g id=\"%s-names\" font-size=\"11\" "
	               "text-anchor=\"middle\" fill=\"" KLI_INK
	               "\" stroke=\"#ffffff\" stroke-width=\"3\" "
	               "paint-order=\"stroke\" aria-hidden=\"true\">\n",
	               m->id);
	for (size_t j = 0; j < m->nu; j++) {
		double cx, cy;
		label_point(m->uv[j].u, &cx, &cy);
		kli_sb_append(b, "<text x=\"");
		kli_svg_coord(b, px(&m->f, cx));
		kli_sb_append(b, "\" y=\"");
		kli_svg_coord(b, py(&m->f, cy) + 4);
		kli_sb_append(b, "\">");
		kli_svg_text(b, m->uv[j].u->name);
		kli_sb_append(b, "</text>\n");
	}
	kli_sb_append(b, "</g>\n");
}

/* The legend: heading (the unit), a swatch per class, then "uppgift
 * saknas" and ".. ej redovisad" when some units are so. */
static void draw_legend(const struct map *m, struct kli_sb *b)
{
	const struct kl_map_opts *o = m->o;
	double lx = m->lx, y = m->f.y0 + 14;

	kli_sb_appendf(b, "<g id=\"%s-legend\" fill=\"" KLI_INK "\">\n", m->id);
	kli_sb_appendf(b,
	               "<text x=\"%.0f\" y=\"%.0f\" "
	               "font-weight=\"bold\">",
	               lx, y);
	kli_svg_text(b, o->unit && *o->unit ? o->unit : "Teckenförklaring");
	kli_sb_append(b, "</text>\n");
	y += 14;
	for (int c = 0; c < m->ncls; c++, y += 22) {
		kli_sb_appendf(b,
		               "<rect x=\"%.0f\" y=\"%.0f\" width=\"24\" "
		               "height=\"16\" fill=\"%s\" stroke=\"" KLI_INK
		               "\"/><text x=\"%.0f\" y=\"%.0f\">",
		               lx, y, palette[m->nb + 1][c], lx + 32, y + 12);
		kli_svg_text(b, m->lab[c]);
		kli_sb_append(b, "</text>\n");
	}
	if (m->nmissing && o->nvalues) {
		kli_sb_appendf(b,
		               "<rect x=\"%.0f\" y=\"%.0f\" width=\"24\" "
		               "height=\"16\" fill=\"" NODATA_FILL
		               "\" stroke=\"" KLI_INK
		               "\"/><text x=\"%.0f\" y=\"%.0f\">uppgift "
		               "saknas</text>\n",
		               lx, y, lx + 32, y + 12);
		y += 22;
	}
	if (m->nhidden) {
		kli_sb_appendf(b,
		               "<rect x=\"%.0f\" y=\"%.0f\" width=\"24\" "
		               "height=\"16\" fill=\"url(#%s-hatch)\" "
		               "stroke=\"" KLI_INK
		               "\"/><text x=\"%.0f\" y=\"%.0f\">.. ej "
		               "redovisad</text>\n",
		               lx, y, m->id, lx + 32, y + 12);
	}
	kli_sb_append(b, "</g>\n");
}

int kl_map_svg(const struct kl_map_opts *o, char **svg, size_t *len,
               struct kl_error *err)
{
	struct map m = {0};
	struct kli_sb b = {0};
	int rc;

	if (svg)
		*svg = NULL;
	if (len)
		*len = 0;
	if (!o || !svg)
		return kl_error_set(err, KL_ERR_USAGE, "no options or output");
	rc = map_check_opts(&m, o, err);
	if (!rc)
		rc = map_geo(&m, err);
	if (!rc)
		rc = map_units(&m, err);
	if (rc)
		goto out;
	map_classes(&m);
	map_layout(&m);

	draw_head(&m, &b);
	if (m.region)
		draw_context(&m, &b);
	draw_units(&m, &b);
	if (o->level == KL_MAP_KOMMUN)
		draw_lan_borders(&m, &b);
	if (m.region)
		draw_names(&m, &b);
	kli_sb_append(&b, "</g>\n");
	if (m.nleg)
		draw_legend(&m, &b);
	kli_sb_appendf(&b,
	               "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" "
	               "fill=\"#4d4d4d\">Kartunderlag: SCB, Digitala gränser "
	               "(CC0)</text>\n",
	               m.f.x0, m.H - 10);
	kli_sb_append(&b, "</svg>\n");
	rc = kli_svg_finish(&b, svg, len, err);
out:
	kli_sb_free(&b);
	map_release(&m);
	return rc;
}

/* ---- the values file ---------------------------------------------------- */

struct vreader {
	const char *path;
	enum kl_map_level level;
	const char *region;
	const struct kl_codes *codes;
	struct kl_map_value *v;
	unsigned long *lines;
	size_t n, cap;
};

/* The field, trimmed of blanks, into buf (at most n-1 bytes; longer is
 * cut with "..."). */
static const char *cell(char *buf, size_t n, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n) {
		memcpy(buf, s, n - 4);
		memcpy(buf + n - 4, "...", 4);
	} else {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/* A number with a decimal point or comma, nothing else; 0 on success. */
static int parse_value(const char *s, double *out)
{
	char tmp[64], *end;
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n + 1);
	for (char *p = tmp; *p; p++) {
		if (*p == ',')
			*p = '.';
		else if (!strchr("0123456789.-+eE", *p))
			return -1;
	}
	*out = strtod(tmp, &end);
	if (*end || end == tmp || !isfinite(*out) || fabs(*out) > 1e15)
		return -1;
	return 0;
}

static int value_row(struct vreader *r, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	char code[24], val[48], hid[24];
	size_t nf = rec->nfields;
	double v = NAN;
	int hidden = 0;

	if (nf < 2 || nf > 3)
		return kl_error_at(
		    err, KL_ERR_PARSE, r->path, rec->line, nf < 2 ? nf : 4,
		    "expected 2 or 3 fields (code,value[,hidden]), "
		    "got %zu",
		    nf);
	cell(code, sizeof(code), rec->fields[0], rec->lens[0]);
	if (r->level == KL_MAP_LAN) {
		if (strlen(code) != 2 || !kli_all_digits(code) ||
		    strcmp(code, "00") == 0 ||
		    !kl_codes_lan_name(r->codes, code))
			return kl_error_at(
			    err, KL_ERR_PARSE, r->path, rec->line, 1,
			    "expected a länskod of one of the 21 "
			    "län, got '%s'",
			    code);
	} else {
		const struct kl_kommun *k = NULL;
		if (strlen(code) == 4 && kli_all_digits(code))
			k = kl_codes_kommun(r->codes, code);
		if (!k)
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, 1,
			                   "expected a kommunkod of one of the "
			                   "290 kommuner, got '%s'",
			                   code);
		if (r->region && strcmp(k->lan_code, r->region) != 0)
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, 1,
			                   "kommun %s (%s) is not in län %s",
			                   k->code, k->name, r->region);
	}
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].code, code) == 0)
			return kl_error_at(
			    err, KL_ERR_PARSE, r->path, rec->line, 1,
			    "code %s is also on line %lu", code, r->lines[i]);
	cell(val, sizeof(val), rec->fields[1], rec->lens[1]);
	if (strcmp(val, "..") == 0)
		hidden = 1;
	else if (val[0] && parse_value(val, &v))
		return kl_error_at(err, KL_ERR_PARSE, r->path, rec->line, 2,
		                   "expected a number, '..' or nothing, got "
		                   "'%s'",
		                   val);
	if (nf == 3) {
		cell(hid, sizeof(hid), rec->fields[2], rec->lens[2]);
		if (strcmp(hid, "1") == 0)
			hidden = 1;
		else if (hid[0] && strcmp(hid, "0") != 0)
			return kl_error_at(err, KL_ERR_PARSE, r->path,
			                   rec->line, 3,
			                   "expected 0, 1 or nothing (hidden), "
			                   "got '%s'",
			                   hid);
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		struct kl_map_value *nv = realloc(r->v, cap * sizeof(*nv));
		if (!nv)
			return kli_oom(err);
		r->v = nv;
		unsigned long *nl = realloc(r->lines, cap * sizeof(*nl));
		if (!nl)
			return kli_oom(err);
		r->lines = nl;
		r->cap = cap;
	}
	char *c = strdup(code);
	if (!c)
		return kli_oom(err);
	r->v[r->n].code = c;
	r->v[r->n].value = hidden ? NAN : v;
	r->v[r->n].hidden = hidden;
	r->lines[r->n] = rec->line;
	r->n++;
	return KL_OK;
}

static int on_value(void *ctx, const struct kl_csv_record *rec,
                    struct kl_error *err)
{
	struct vreader *r = ctx;
	char first[24];

	if (rec->index == 0 && rec->nfields > 0) {
		cell(first, sizeof(first), rec->fields[0], rec->lens[0]);
		if (!kli_all_digits(first))
			return KL_OK; /* a header row */
	}
	return value_row(r, rec, err);
}

void kl_map_values_free(struct kl_map_value *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free((char *)v[i].code);
	free(v);
}

int kl_map_values_read(const char *path, enum kl_map_level level,
                       const char *region, struct kl_map_value **out, size_t *n,
                       struct kl_error *err)
{
	struct vreader r = {0};
	struct kl_codes *codes = NULL;
	struct kl_csv *c = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (level != KL_MAP_KOMMUN && level != KL_MAP_LAN)
		return kl_error_set(err, KL_ERR_USAGE, "unknown map level");
	rc = kl_codes_new(&codes, err);
	if (rc)
		return rc;
	if (region && strcmp(region, "00") == 0)
		region = NULL;
	if (region &&
	    (level == KL_MAP_LAN || strlen(region) != 2 ||
	     !kli_all_digits(region) || !kl_codes_lan_name(codes, region))) {
		rc =
		    kl_error_set(err, KL_ERR_USAGE,
		                 level == KL_MAP_LAN
		                     ? "a map of län covers the whole country; "
		                       "expected no region or '00', got '%.8s'"
		                     : "expected a länskod (01..25) as region, "
		                       "got '%.8s'",
		                 region);
		goto out;
	}
	r.path = path;
	r.level = level;
	r.region = region;
	r.codes = codes;
	rc = kl_csv_open(&c, path, NULL, err);
	if (rc)
		goto out;
	rc = kl_csv_read(c, on_value, &r, err);
out:
	kl_csv_close(c);
	kl_codes_free(codes);
	free(r.lines);
	if (rc) {
		kl_map_values_free(r.v, r.n);
		return rc;
	}
	*out = r.v;
	*n = r.n;
	return KL_OK;
}
