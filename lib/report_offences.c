/*
 * report_offences.c - sections 5 and 6 of the appendix: offences
 * reported to the police or counted by Brå (kl_count.h) as a series, by
 * offence group, as rates per 100 000 with their map, compared with the
 * län and riket, and the populations behind the rates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_codes.h"
#include "kl_count.h"
#include "kl_estimate.h"
#include "kl_feeds.h"
#include "kl_fmt.h"
#include "kl_mse.h"
#include "kl_sdc.h"
#include "kl_svg.h"
#include "kl_version.h"
#include "report_priv.h"
#include "store_priv.h"
#include "util_priv.h"

/* ---- section 5 and 6: offences and population ------------------------- */

const char *kli_rep_region_label(const struct ctx *c, const char *code)
{
	const struct kl_kommun *k;
	if (strcmp(code, "00") == 0 || !*code)
		return "Riket";
	if (strlen(code) == 2)
		return kl_codes_lan_name(c->codes, code)
		           ? kl_codes_lan_name(c->codes, code)
		           : code;
	k = kl_codes_kommun(c->codes, code);
	return k ? k->name : code;
}

/* Is län `lan` (2 digits) itself one of the report's region codes? */
static int lan_listed(const struct kl_report_def *d, const char *lan)
{
	for (size_t i = 0; i < d->nregions; i++)
		if (strlen(d->regions[i]) == 2 &&
		    strncmp(d->regions[i], lan, 2) == 0)
			return 1;
	return 0;
}

void kli_rep_keep_pop(struct ctx *c, struct poprow **rows, size_t *n,
                      const char *label, int year, double pop)
{
	struct poprow *np;
	if (!isfinite(pop))
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*rows)[i].label, label) == 0 &&
		    (*rows)[i].year == year)
			return;
	np = realloc(*rows, (*n + 1) * sizeof(**rows));
	if (!np) {
		c->b.oom = 1;
		return;
	}
	*rows = np;
	snprintf(np[*n].label, sizeof(np[*n].label), "%s", label);
	np[*n].year = year;
	np[*n].population = pop;
	(*n)++;
}

/* One row of the rate table: offences in the last year over a population. */
struct rate_row {
	char label[200];
	char code[8]; /* the kommun for the map; "" otherwise */
	unsigned long long count;
	double population; /* NAN: not known */
	int summary;       /* 1: a figure of the summary table too */
	int prel;          /* Brå: preliminary figures in the count (p) */
};

/* Kommuner in code order, then län, then riket. */
static int cmp_rate_row(const void *a, const void *b)
{
	const struct rate_row *x = a, *y = b;
	int kx = strlen(x->code) == 4 ? 0 : strcmp(x->code, "00") == 0 ? 2 : 1;
	int ky = strlen(y->code) == 4 ? 0 : strcmp(y->code, "00") == 0 ? 2 : 1;
	if (kx != ky)
		return kx - ky;
	return strcmp(x->code, y->code);
}

/*
 * Brå's code changes inside the series y0..y1: a change in year Y is a
 * code that ended in Y - 1 or began in Y with y0 < Y <= y1 (both sides of
 * the change are in the series), from the validity years of
 * schemas/brottskoder.csv.  Writes a sentence per change year into buf
 * ("" when the series meets none) and returns how many years there were.
 */
int kli_rep_code_changes(const struct ctx *c, int y0, int y1, char *buf,
                         size_t n)
{
	size_t no = kl_codes_noffences(c->codes);
	size_t ng = kl_codes_ngroups(c->codes);
	int years = 0;

	buf[0] = '\0';
	for (int y = y0 + 1; y <= y1; y++) {
		int any = 0;
		for (size_t g = 0; g < ng; g++) {
			const struct kl_offence_group *gr =
			    kl_codes_group_at(c->codes, g);
			char old[160] = "", nw[160] = "";
			int nold = 0, nnew = 0;
			for (size_t i = 0; i < no; i++) {
				const struct kl_offence_code *oc =
				    kl_codes_offence_at(c->codes, i);
				char *l = NULL;
				int *k = NULL;
				if (strcmp(oc->group, gr->id) != 0)
					continue;
				if (oc->valid_to && oc->valid_to + 1 == y) {
					l = old;
					k = &nold;
				} else if (oc->valid_from == y) {
					l = nw;
					k = &nnew;
				}
				if (!l)
					continue;
				if (*k < 3) {
					size_t len = strlen(l);
					snprintf(l + len, 160 - len, "%s%s",
					         *k ? ", " : "", oc->code);
				}
				(*k)++;
			}
			if (!nold && !nnew)
				continue;
			if (nold > 3)
				snprintf(old, sizeof(old), "%d koder", nold);
			if (nnew > 3)
				snprintf(nw, sizeof(nw), "%d koder", nnew);
			size_t len = strlen(buf);
			if (!any)
				snprintf(buf + len, n - len,
				         "%s%d: ", years ? "; " : "", y);
			else
				snprintf(buf + len, n - len, ", ");
			len = strlen(buf);
			if (nold && nnew)
				snprintf(buf + len, n - len,
				         "%s (%s ersattes av %s)", gr->label,
				         old, nw);
			else if (nold)
				snprintf(buf + len, n - len,
				         "%s (%s upphörde %d)", gr->label, old,
				         y - 1);
			else
				snprintf(buf + len, n - len,
				         "%s (%s ny från %d)", gr->label, nw,
				         y);
			any = 1;
		}
		years += any;
	}
	return years;
}

/* The state of section 5 while it is written: the report's offence
 * counts of every kommun (oc), the region's counts per group and year
 * (per[g * 32 + year - y0]) and the rows of the rate table. */
struct off {
	struct ctx *c;
	struct kli_rb *b;
	const struct kl_report_def *d;
	struct kl_offence_opts o;
	struct kl_offence_count *oc;
	enum kl_offence_source src;
	const char *rname, *src_sv;
	int y0, y1, ny, prel;
	size_t ng, ngroups_data;
	unsigned long long *per;
	struct rate_row *rr; /* the rate table's rows */
	size_t nrr, cap;
	char missing[1200]; /* listed regions without cases (police) */
	int bra_rows, bra_prel;
};

/* A new zeroed row of the rate table; NULL (and b->oom) when it cannot
 * grow. */
static struct rate_row *rate_add(struct off *f)
{
	if (f->nrr == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct rate_row *n = realloc(f->rr, cap * sizeof(*n));
		if (!n) {
			f->b->oom = 1;
			return NULL;
		}
		f->rr = n;
		f->cap = cap;
	}
	memset(&f->rr[f->nrr], 0, sizeof(f->rr[0]));
	return &f->rr[f->nrr++];
}

/* The distinct län (two-digit codes) of the report's regions, in order,
 * into a new array of at most d->nregions entries (*n of them); with
 * `current`, a region's län as it is coded in year `div` (or any year).
 * NULL (and b->oom) out of memory. */
static const char **region_lans(struct off *f, int current, int div, size_t *n)
{
	const struct kl_report_def *d = f->d;
	const char **lans =
	    calloc(d->nregions ? d->nregions : 1, sizeof(*lans));
	*n = 0;
	if (!lans) {
		f->b->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < d->nregions; i++) {
		char l[3];
		int seen = 0;
		snprintf(l, sizeof(l), "%.2s", d->regions[i]);
		for (size_t k = 0; k < *n; k++)
			seen |= strncmp(lans[k], l, 2) == 0;
		if (seen)
			continue;
		if (!current) {
			lans[(*n)++] = d->regions[i];
			continue;
		}
		const struct kl_region *lr =
		    kl_region_find(f->c->codes, l, div);
		if (!lr)
			lr = kl_region_any(f->c->codes, l);
		if (lr)
			lans[(*n)++] = lr->code;
	}
	return lans;
}

/*
 * per[g * 32 + year]: offences in the region.  Police: the cases whose
 * kommun is in the region.  Brå: each region code's own rows (a län's
 * row, not the sum of its kommuner); a kommun inside a listed län is
 * already in the län's row.  Sets prel when a count is preliminary.
 * KL_OK, or KL_OK with b->oom set.
 */
static int region_counts(struct off *f)
{
	const struct kl_report_def *d = f->d;
	struct kl_offence_count *tmp = NULL;
	struct kl_error e;

	f->per = calloc(f->ng * 32, sizeof(*f->per));
	if (!f->per) {
		f->b->oom = 1;
		return KL_OK;
	}
	for (size_t ri = 0; ri < (f->src == KL_SOURCE_BRA ? d->nregions : 1);
	     ri++) {
		struct kl_offence_count *use = f->oc;
		if (f->src == KL_SOURCE_BRA) {
			const char *code = d->regions[ri];
			struct kl_offence_opts bo = f->o;
			if (strlen(code) == 4 && lan_listed(d, code))
				continue;
			bo.level =
			    strlen(code) == 2 ? KL_LEVEL_LAN : KL_LEVEL_KOMMUN;
			bo.region = code;
			kl_error_clear(&e);
			int rc = kl_count_offences(f->b->st, &bo, &tmp, &e);
			if (rc) {
				*f->b->err = e;
				return rc;
			}
			use = tmp;
		}
		for (size_t i = 0; i < use->nrows; i++) {
			const struct kl_offence_row *row = &use->rows[i];
			if (f->src == KL_SOURCE_POLICE &&
			    !kli_rep_in_region(d, row->region))
				continue;
			if (row->year < f->y0 || row->year > f->y1)
				continue;
			for (size_t g = 0; g < f->ng; g++)
				if (strcmp(
				        kl_codes_group_at(f->c->codes, g)->id,
				        row->group) == 0)
					f->per[g * 32 +
					       (size_t)(row->year - f->y0)] +=
					    row->count;
			f->prel |= row->preliminary;
		}
		kl_offence_count_free(tmp);
		tmp = NULL;
	}
	return KL_OK;
}

/* The imports behind the counts, into c->imports_off. */
static void offence_imports(struct off *f)
{
	long long *ids = NULL;
	size_t nids = 0;
	struct kl_error ie;
	kl_error_clear(&ie);
	f->c->imports_off[0] = '\0';
	if (kl_offence_imports(f->b->st, f->src, f->y0, f->y1, &ids, &nids,
	                       &ie))
		kli_rb_fail(f->b, &ie);
	for (size_t i = 0; i < nids; i++)
		kli_rep_add_id(f->c->imports_off, sizeof(f->c->imports_off),
		               ids[i]);
	free(ids);
}

/* Put count v (0: the zero symbol) in cell (r, col) of table t. */
static void count_cell(struct kli_rb *b, size_t t, size_t r, size_t col,
                       unsigned long long v)
{
	char fm[KL_FMT_SIZE], raw[32];
	if (!v) {
		kli_rb_sym(b, t, r, col, KLI_SYM_ZERO);
		return;
	}
	kl_fmt_int(fm, sizeof(fm), (long long)v);
	snprintf(raw, sizeof(raw), "%llu", v);
	kli_rb_cell(b, t, r, col, fm, raw);
}

/* Tabell: offence group x year.  Counts the groups with data into
 * ngroups_data; returns the table's index. */
static size_t table_years(struct off *f)
{
	struct kli_rb *b = f->b;
	struct ctx *c = f->c;
	const char *heads[33];
	char yh[32][8], cap[600];
	unsigned long long ytot[32] = {0};
	size_t t, r;

	heads[0] = "Brottsgrupp";
	for (int y = 0; y < f->ny; y++) {
		snprintf(yh[y], sizeof(yh[y]), "%d", f->y0 + y);
		heads[y + 1] = yh[y];
	}
	snprintf(cap, sizeof(cap),
	         "Anmälda brott efter brottsgrupp och år, %s, %d–%d. "
	         "Antal brott",
	         f->rname, f->y0, f->y1);
	t = kli_rb_table_v(b, "brott-ar", cap, (size_t)f->ny + 1, heads);
	for (size_t g = 0; g < f->ng; g++) {
		const struct kl_offence_group *gr =
		    kl_codes_group_at(c->codes, g);
		unsigned long long gall = 0;
		for (int y = 0; y < f->ny; y++)
			gall += f->per[g * 32 + (size_t)y];
		f->ngroups_data += gall != 0;
		if (!gall && strcmp(gr->id, KL_OFFENCE_OTHER) == 0)
			continue;
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, gr->label);
		for (int y = 0; y < f->ny; y++) {
			unsigned long long v = f->per[g * 32 + (size_t)y];
			ytot[y] += v;
			count_cell(b, t, r, (size_t)y + 1, v);
		}
	}
	r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Samtliga grupper");
	for (int y = 0; y < f->ny; y++)
		count_cell(b, t, r, (size_t)y + 1, ytot[y]);
	if (f->prel)
		kli_rb_note(b, t,
		            "Uppgifterna för det senaste året är "
		            "preliminära (p).");
	{
		char ch[1200];
		if (kli_rep_code_changes(c, f->y0, f->y1, ch, sizeof(ch)))
			kli_rb_note(b, t,
			            "Brottskoderna räknas till stabila "
			            "brottsgrupper så att serien går över "
			            "Brås kodändringar under perioden "
			            "(avsnitt 7, kartlagg-feeds(5)).");
	}
	kli_rb_source(b, t, c->imports_off, "Källa: %s (import %s).", f->src_sv,
	              c->imports_off);
	char last[8];
	snprintf(last, sizeof(last), "%d-12", f->y1);
	kli_rep_note_date(c, f->src == KL_SOURCE_BRA ? last : "");
	return t;
}

/* The chart's text: its title and its description, with the change of
 * all groups in words (the table after the chart has it per group).  nd
 * groups have data, ns of them a line of their own; rest names the
 * others. */
static void chart_text(const struct off *f, size_t t, size_t nd, size_t ns,
                       const char *rest, char *title, size_t ntitle, char *desc,
                       size_t ndesc)
{
	int y0 = f->y0, y1 = f->y1, ny = f->ny;
	if (nd > ns) {
		snprintf(title, ntitle,
		         "Anmälda brott per år, de %zu största "
		         "brottsgrupperna och övriga, %s, %d–%d",
		         ns, f->rname, y0, y1);
		snprintf(desc, ndesc,
		         "Linjediagram. %zu brottsgrupper har anmälda "
		         "brott %d–%d; de %zu med flest brott har en "
		         "linje var och de övriga %zu (%s) är "
		         "sammanlagda i linjen Övriga brottsgrupper. "
		         "Siffrorna för varje grupp finns i tabell %d.",
		         nd, y0, y1, ns, nd - ns, rest, (int)t + 1);
	} else {
		snprintf(title, ntitle,
		         "Anmälda brott per år och brottsgrupp, %s, "
		         "%d–%d",
		         f->rname, y0, y1);
		snprintf(desc, ndesc,
		         "Linjediagram med en linje för var och en av "
		         "de %zu brottsgrupper som har anmälda brott "
		         "%d–%d. Siffrorna finns i tabell %d.",
		         nd, y0, y1, (int)t + 1);
	}
	unsigned long long a0 = 0, ap = 0, a1 = 0;
	char f0[KL_FMT_SIZE], fp[KL_FMT_SIZE];
	for (size_t g = 0; g < f->ng; g++) {
		a0 += f->per[g * 32];
		ap += f->per[g * 32 + (size_t)(ny - 2)];
		a1 += f->per[g * 32 + (size_t)(ny - 1)];
	}
	if (a0)
		kl_fmt_num(f0, sizeof(f0),
		           100.0 * ((double)a1 - (double)a0) / (double)a0, 1);
	if (ap)
		kl_fmt_num(fp, sizeof(fp),
		           100.0 * ((double)a1 - (double)ap) / (double)ap, 1);
	size_t l = strlen(desc);
	snprintf(desc + l, ndesc - l,
	         " Samtliga grupper %d: %llu brott, %s%s sedan "
	         "%d och %s%s sedan %d (tabell %d).",
	         y1, a1, a0 ? f0 : "ingen jämförelse", a0 ? " %" : "", y0,
	         ap ? fp : "ingen jämförelse", ap ? " %" : "", y1 - 1,
	         (int)t + 2);
}

/* Diagram: one line per group with data; more groups than the chart can
 * tell apart: the largest KL_CHART_MAX_SERIES - 1 and one line for the
 * rest.  t is the table of the figures. */
static void chart_years(struct off *f, size_t t)
{
	struct kli_rb *b = f->b;
	struct kl_chart_series cs[KL_CHART_MAX_SERIES];
	double series[KL_CHART_MAX_SERIES][32];
	size_t nd = 0, ns, nlines;
	int xs[32];
	struct kl_chart_opts co = {0};
	char title[400], desc[1600], rest[800] = "", oname[64];
	char *svg = NULL;
	size_t len;
	struct kl_error e;
	size_t *order = calloc(f->ng, sizeof(*order));
	unsigned long long *tot = calloc(f->ng, sizeof(*tot));

	if (!order || !tot) {
		b->oom = 1;
		goto out;
	}
	for (size_t g = 0; g < f->ng; g++) {
		unsigned long long gall = 0;
		for (int y = 0; y < f->ny; y++)
			gall += f->per[g * 32 + (size_t)y];
		if (!gall)
			continue;
		/* insertion by total, ties in table order */
		size_t k = nd;
		while (k && tot[k - 1] < gall) {
			tot[k] = tot[k - 1];
			order[k] = order[k - 1];
			k--;
		}
		tot[k] = gall;
		order[k] = g;
		nd++;
	}
	ns = nd <= KL_CHART_MAX_SERIES ? nd : KL_CHART_MAX_SERIES - 1;
	nlines = ns;
	for (size_t s = 0; s < ns; s++) {
		cs[s].name = kl_codes_group_at(f->c->codes, order[s])->label;
		for (int y = 0; y < f->ny; y++)
			series[s][y] =
			    (double)f->per[order[s] * 32 + (size_t)y];
		cs[s].values = series[s];
	}
	if (nd > ns) {
		for (int y = 0; y < f->ny; y++)
			series[ns][y] = 0;
		for (size_t s = ns; s < nd; s++) {
			size_t l = strlen(rest);
			snprintf(
			    rest + l, sizeof(rest) - l, "%s%s",
			    s > ns ? (s + 1 < nd ? ", " : " och ") : "",
			    kl_codes_group_at(f->c->codes, order[s])->label);
			for (int y = 0; y < f->ny; y++)
				series[ns][y] +=
				    (double)f->per[order[s] * 32 + (size_t)y];
		}
		snprintf(oname, sizeof(oname), "Övriga brottsgrupper (%zu)",
		         nd - ns);
		cs[ns].name = oname;
		cs[ns].values = series[ns];
		nlines = ns + 1;
	}
	for (int y = 0; y < f->ny; y++)
		xs[y] = f->y0 + y;
	chart_text(f, t, nd, ns, rest, title, sizeof(title), desc,
	           sizeof(desc));
	co.title = title;
	co.desc = desc;
	co.unit = "antal brott";
	co.id = "diagram-brott";
	co.xmin = NAN;
	co.xmax = NAN;
	kl_error_clear(&e);
	if (kl_chart_trend(&co, xs, (size_t)f->ny, cs, nlines, &svg, &len,
	                   &e) == KL_OK)
		kli_rb_figure(b, 0, title, desc, svg, t + 1);
	else if (!kli_rep_nomem(b, &e))
		kli_rb_missing(b, "diagrammet saknas: %s", e.msg);
out:
	free(order);
	free(tot);
}

/* Tabell: the change since the first and the previous year of the
 * series, per group (Brå's counts and the police's cases are not counts
 * of persons: no disclosure control). */
static void table_change(struct off *f)
{
	struct kli_rb *b = f->b;
	int y0 = f->y0, y1 = f->y1, ny = f->ny;
	/* short headings: a numeric heading does not wrap, and the table
	 * must fit an A4 page in the PDF; the counts of each year are in
	 * the table above */
	char h[4][64], cap[600];
	const char *heads[5];
	size_t tc;
	snprintf(h[0], sizeof(h[0]), "Sedan %d", y0);
	snprintf(h[1], sizeof(h[1]), "Sedan %d (%%)", y0);
	snprintf(h[2], sizeof(h[2]), "Sedan %d", y1 - 1);
	snprintf(h[3], sizeof(h[3]), "Sedan %d (%%)", y1 - 1);
	heads[0] = "Brottsgrupp";
	for (int i = 0; i < 4; i++)
		heads[i + 1] = h[i];
	snprintf(cap, sizeof(cap),
	         "Förändring av anmälda brott %d sedan första året i "
	         "serien (%d) och sedan föregående år (%d), efter "
	         "brottsgrupp, %s. Antal brott och procent",
	         y1, y0, y1 - 1, f->rname);
	tc = kli_rb_table_v(b, "brott-forandring", cap, 5, heads);
	unsigned long long s0 = 0, sp = 0, s1 = 0;
	for (size_t g = 0; g <= f->ng; g++) {
		unsigned long long v0, vp, v1, gall = 0;
		const char *lab;
		if (g < f->ng) {
			const struct kl_offence_group *gr =
			    kl_codes_group_at(f->c->codes, g);
			for (int y = 0; y < ny; y++)
				gall += f->per[g * 32 + (size_t)y];
			if (!gall && strcmp(gr->id, KL_OFFENCE_OTHER) == 0)
				continue;
			v0 = f->per[g * 32];
			vp = f->per[g * 32 + (size_t)(ny - 2)];
			v1 = f->per[g * 32 + (size_t)(ny - 1)];
			s0 += v0;
			sp += vp;
			s1 += v1;
			lab = gr->label;
		} else {
			v0 = s0;
			vp = sp;
			v1 = s1;
			lab = "Samtliga grupper";
		}
		size_t r = kli_rb_row(b, tc);
		kli_rb_text(b, tc, r, 0, lab);
		for (int k = 0; k < 2; k++) {
			unsigned long long base = k ? vp : v0;
			size_t col = 1 + 2 * (size_t)k;
			kli_rb_num(b, tc, r, col, (double)v1 - (double)base, 0);
			/* a change from none has no percentage */
			if (!base)
				kli_rb_undef(b, tc, r, col + 1);
			else
				kli_rb_num(b, tc, r, col + 1,
				           100.0 * ((double)v1 - (double)base) /
				               (double)base,
				           1);
		}
	}
	kli_rb_note(b, tc,
	            "Förändringen är %d års antal minus jämförelseårets, "
	            "i antal brott och i procent av jämförelseårets "
	            "antal; från noll brott finns ingen procentuell "
	            "förändring (..).",
	            y1);
	if (f->prel)
		kli_rb_note(b, tc,
		            "Uppgifterna för det senaste året är "
		            "preliminära (p).");
	kli_rb_source(b, tc, f->c->imports_off, "Källa: %s (import %s).",
	              f->src_sv, f->c->imports_off);
}

/* The cases of kommun `code` in the last year (police extract). */
static unsigned long long police_count(const struct off *f, const char *code)
{
	unsigned long long n = 0;
	for (size_t i = 0; i < f->oc->nrows; i++)
		if (f->oc->rows[i].year == f->y1 &&
		    strcmp(f->oc->rows[i].region, code) == 0)
			n += f->oc->rows[i].count;
	return n;
}

/* Is kommun `code` in the police extract's coverage? */
static int covered(const struct kl_offence_kommun *cov, size_t ncov,
                   const char *code)
{
	for (size_t i = 0; i < ncov; i++)
		if (strcmp(cov[i].code, code) == 0)
			return 1;
	return 0;
}

/* Police: a rate row for län `lan`: over the kommuner of the extract
 * (its own SCB row only when the extract covers all of them); a
 * comparison län that adds nothing to the kommun rows is left out.
 * KL_OK, b->oom, or the store's error (in *b->err). */
static int police_lan_row(struct off *f, const char *lan,
                          const struct kl_offence_kommun *cov, size_t ncov)
{
	struct kli_rb *b = f->b;
	size_t pos = 0, nk = 0, nc = 0, nin = 0, nmiss = 0;
	unsigned long long cnt = 0;
	double pop = 0;
	const struct kl_region *k;
	int listed = lan_listed(f->d, lan), rc;
	char miss[600] = "";
	struct kl_error e;

	while ((k = kl_region_next_kommun(f->c->codes, lan, f->y1, &pos))) {
		nk++;
		if (!covered(cov, ncov, k->code)) {
			size_t l = strlen(miss);
			snprintf(miss + l, sizeof(miss) - l, "%s%s",
			         nmiss ? ", " : "", k->name);
			nmiss++;
			continue;
		}
		nc++;
		nin += kli_rep_in_region(f->d, k->code);
		cnt += police_count(f, k->code);
		double p;
		kl_error_clear(&e);
		rc = kl_offence_population(b->st, k->code, f->y1, &p, &e);
		if (rc) {
			*b->err = e;
			return rc;
		}
		pop += p; /* NAN stays NAN */
	}
	if (!nc || (!listed && nc == nin))
		return KL_OK;
	struct rate_row *x = rate_add(f);
	if (!x)
		return KL_OK;
	const char *ln = kli_rep_region_label(f->c, lan);
	if (nc == nk) {
		double own;
		kl_error_clear(&e);
		rc = kl_offence_population(b->st, lan, f->y1, &own, &e);
		if (rc) {
			*b->err = e;
			return rc;
		}
		if (isfinite(own))
			pop = own;
		snprintf(x->label, sizeof(x->label), "%s%s", ln,
		         listed ? "" : " (jämförelse)");
	} else {
		snprintf(x->label, sizeof(x->label),
		         "%s, kommunerna i utdraget (%zu av %zu)%s", ln, nc, nk,
		         listed ? "" : ", jämförelse");
	}
	x->count = cnt;
	x->population = pop;
	x->summary = listed;
	if (nmiss && listed) {
		size_t l = strlen(f->missing);
		snprintf(f->missing + l, sizeof(f->missing) - l, "%s%s: %s",
		         l ? "; " : "", ln, miss);
	}
	return KL_OK;
}

/* A kommun's report: Brå's official län and riket rows of the year beside
 * the police figures, over SCB's own län and riket population
 * (kartlagg-report(5), [offences]).  KL_OK, b->oom or the store's error. */
static int police_bra_rows(struct off *f)
{
	const struct kl_report_def *d = f->d;
	struct kl_offence_count *tmp = NULL;
	struct kl_error e;
	int rc = KL_OK;

	if (!d->nregions)
		return KL_OK;
	for (size_t i = 0; i < d->nregions; i++)
		if (strlen(d->regions[i]) != 4 ||
		    strncmp(d->regions[i], d->regions[0], 2) != 0)
			return KL_OK;
	for (int li = 0; li < 2 && rc == KL_OK; li++) {
		struct kl_offence_opts bo = f->o;
		char l[3];
		snprintf(l, sizeof(l), "%.2s", d->regions[0]);
		bo.source = KL_SOURCE_BRA;
		bo.y0 = bo.y1 = f->y1;
		bo.by_year = 0;
		bo.level = li == 0 ? KL_LEVEL_LAN : KL_LEVEL_RIKET;
		bo.region = li == 0 ? l : NULL;
		kl_error_clear(&e);
		rc = kl_count_offences(f->b->st, &bo, &tmp, &e);
		if (rc) {
			*f->b->err = e;
			return rc;
		}
		struct rate_row *x = tmp->nrows ? rate_add(f) : NULL;
		if (x) {
			const char *code = li == 0 ? l : "00";
			for (size_t k = 0; k < tmp->nrows; k++) {
				x->count += tmp->rows[k].count;
				x->prel |= tmp->rows[k].preliminary;
			}
			snprintf(
			    x->label, sizeof(x->label), "%s (Brå, jämförelse)",
			    li == 0 ? kli_rep_region_label(f->c, l) : "Riket");
			kl_error_clear(&e);
			rc = kl_offence_population(f->b->st, code, f->y1,
			                           &x->population, &e);
			if (rc)
				*f->b->err = e;
			f->bra_rows++;
			f->bra_prel |= x->prel;
		}
		kl_offence_count_free(tmp);
		tmp = NULL;
	}
	return rc;
}

/*
 * Police: the rate rows.  Coverage: the kommuner with a case in the
 * offence period.  A kommun count sums every case of the kommun in y1 (0
 * when covered without one); a län's rate is over its covered kommuner,
 * its own SCB row only when all are covered.  KL_OK, b->oom or the
 * store's error.
 */
static int police_rates(struct off *f)
{
	const struct kl_report_def *d = f->d;
	struct kli_rb *b = f->b;
	struct kl_offence_kommun *cov = NULL;
	const char **lans = NULL;
	size_t ncov = 0, nl = 0;
	struct kl_error e;
	int rc;

	kl_error_clear(&e);
	rc = kl_offence_coverage(b->st, f->y0, f->y1, &cov, &ncov, &e);
	if (rc) {
		*b->err = e;
		return rc;
	}
	/* the division in force during the year */
	lans = region_lans(f, 1, f->y1, &nl);
	if (!lans)
		goto out;
	/* kommun rows, in code order */
	for (size_t i = 0; i < ncov; i++) {
		if (!kli_rep_in_region(d, cov[i].code))
			continue;
		struct rate_row *x = rate_add(f);
		if (!x)
			goto out;
		snprintf(x->label, sizeof(x->label), "%s",
		         kli_rep_region_label(f->c, cov[i].code));
		snprintf(x->code, sizeof(x->code), "%s", cov[i].code);
		x->count = police_count(f, cov[i].code);
		kl_error_clear(&e);
		rc = kl_offence_population(b->st, cov[i].code, f->y1,
		                           &x->population, &e);
		if (rc) {
			*b->err = e;
			goto out;
		}
		x->summary = !lan_listed(d, cov[i].code);
	}
	/* län rows: listed ones, and the län of a listed kommun for
	 * comparison */
	for (size_t li = 0; li < nl && !b->oom; li++) {
		rc = police_lan_row(f, lans[li], cov, ncov);
		if (rc)
			goto out;
	}
	/* a listed kommun outside the extract */
	for (size_t i = 0; i < d->nregions; i++) {
		const char *k = d->regions[i];
		if (strlen(k) != 4 || lan_listed(d, k) || covered(cov, ncov, k))
			continue;
		size_t l = strlen(f->missing);
		snprintf(f->missing + l, sizeof(f->missing) - l, "%s%s",
		         l ? "; " : "", kli_rep_region_label(f->c, k));
	}
	if (!b->oom)
		rc = police_bra_rows(f);
out:
	free(cov);
	free(lans);
	return rc;
}

/* Brå publishes every region: its kommun rows in the region, the län
 * rows, riket; each over its own population.  KL_OK, b->oom or the
 * store's error. */
static int bra_rates(struct off *f)
{
	const struct kl_report_def *d = f->d;
	struct kl_offence_count *tmp = NULL;
	struct kl_offence_opts bo = f->o;
	struct kl_error e;
	size_t nl = 0;
	const char **lans = region_lans(f, 0, 0, &nl);
	int rc = KL_OK;

	if (!lans)
		return KL_OK;
	bo.y0 = bo.y1 = f->y1;
	bo.by_year = 0;
	for (int li = 0; li < 3 && !f->b->oom; li++) {
		size_t nq = li == 1 ? nl : 1;
		for (size_t q = 0; q < nq && !f->b->oom; q++) {
			char l[3];
			bo.level = li == 0   ? KL_LEVEL_KOMMUN
			           : li == 1 ? KL_LEVEL_LAN
			                     : KL_LEVEL_RIKET;
			bo.region = NULL;
			if (li == 1) {
				snprintf(l, sizeof(l), "%.2s", lans[q]);
				bo.region = l;
			}
			kl_error_clear(&e);
			rc = kl_count_offences(f->b->st, &bo, &tmp, &e);
			if (rc) {
				*f->b->err = e;
				free(lans);
				return rc;
			}
			for (size_t i = 0; i < tmp->nrows; i++) {
				const char *reg = tmp->rows[i].region;
				size_t k;
				if (li == 0 && !kli_rep_in_region(d, reg))
					continue;
				for (k = 0; k < f->nrr; k++)
					if (strcmp(f->rr[k].code, reg) == 0)
						break;
				if (k == f->nrr) {
					struct rate_row *x = rate_add(f);
					if (!x)
						break;
					snprintf(
					    x->label, sizeof(x->label), "%s%s",
					    kli_rep_region_label(f->c, reg),
					    li == 1 && !lan_listed(d, reg)
					        ? " (jämförelse)"
					        : "");
					snprintf(x->code, sizeof(x->code), "%s",
					         reg);
					x->summary =
					    (li == 0 && !lan_listed(d, reg)) ||
					    (li == 1 && lan_listed(d, reg));
				}
				f->rr[k].count += tmp->rows[i].count;
				f->rr[k].prel |= tmp->rows[i].preliminary;
			}
			kl_offence_count_free(tmp);
			tmp = NULL;
		}
	}
	free(lans);
	if (f->b->oom)
		return KL_OK;
	qsort(f->rr, f->nrr, sizeof(*f->rr), cmp_rate_row);
	for (size_t k = 0; k < f->nrr; k++) {
		kl_error_clear(&e);
		rc = kl_offence_population(f->b->st, f->rr[k].code, f->y1,
		                           &f->rr[k].population, &e);
		if (rc) {
			*f->b->err = e;
			return rc;
		}
		if (strlen(f->rr[k].code) != 4)
			f->rr[k].code[0] = '\0';
	}
	return KL_OK;
}

/* Row x of the summary table: its count and rate in the last year. */
static void rate_summary(struct off *f, const struct rate_row *x, double rate)
{
	char lab[260], ss[sizeof(f->c->imports_off) + 64], vv[KL_FMT_SIZE];
	char rv[KL_FMT_SIZE], both[2 * KL_FMT_SIZE + 40];
	kl_fmt_int(vv, sizeof(vv), (long long)x->count);
	snprintf(lab, sizeof(lab), "Anmälda brott %d, %s", f->y1, x->label);
	snprintf(ss, sizeof(ss), "Brott, import %s", f->c->imports_off);
	if (isfinite(rate)) {
		if (x->count)
			kl_fmt_num(rv, sizeof(rv), rate, 1);
		else
			snprintf(rv, sizeof(rv), "%s", KLI_SYM_ZERO);
		snprintf(both, sizeof(both), "%s (%s per 100 000)",
		         x->count ? vv : KLI_SYM_ZERO, rv);
	} else {
		snprintf(both, sizeof(both), "%s",
		         x->count ? vv : KLI_SYM_ZERO);
	}
	/* a count has no interval and no survey round */
	kli_rep_summary_row(f->c, lab, both, ".", ".", ".", ss);
}

/* The rows of the rate table t, the summary rows, the populations kept
 * for section 6, and each kommun's rate into mv (*nmv of them; mv holds
 * f->nrr entries). */
static void rate_rows(struct off *f, size_t t, struct poprow **poprows,
                      size_t *npop, struct kl_map_value *mv, size_t *nmv)
{
	struct kli_rb *b = f->b;
	for (size_t k = 0; k < f->nrr; k++) {
		struct rate_row *x = &f->rr[k];
		size_t r = kli_rb_row(b, t);
		char fm[KL_FMT_SIZE], raw[32];
		double rate = NAN;
		kli_rb_text(b, t, r, 0, x->label);
		if (x->count) {
			kl_fmt_int(fm, sizeof(fm), (long long)x->count);
			if (x->prel && strlen(fm) + 3 < sizeof(fm))
				memcpy(fm + strlen(fm), " p", 3);
			snprintf(raw, sizeof(raw), "%llu", x->count);
			kli_rb_cell(b, t, r, 1, fm, raw);
			if (x->prel)
				kli_rb_flag(b, t, r, 1, "p");
		} else {
			kli_rb_sym(b, t, r, 1, KLI_SYM_ZERO);
		}
		/* no figure, or a population of 0: the rate is undefined */
		if (isfinite(x->population) && x->population > 0) {
			kli_rb_num(b, t, r, 2, x->population, 0);
			rate = 100000.0 * (double)x->count / x->population;
			if (x->count)
				kli_rb_num(b, t, r, 3, rate, 1);
			else
				kli_rb_cell(b, t, r, 3, KLI_SYM_ZERO, "0");
			kli_rep_keep_pop(f->c, poprows, npop, x->label, f->y1,
			                 x->population);
		} else {
			if (isfinite(x->population))
				kli_rb_num(b, t, r, 2, x->population, 0);
			else
				kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
		}
		if (x->code[0]) {
			mv[*nmv].code = x->code;
			mv[*nmv].value = rate;
			mv[*nmv].hidden = 0;
			(*nmv)++;
		}
		if (x->summary)
			rate_summary(f, x, rate);
	}
}

/* The notes and source of the rate table t. */
static void rate_notes(struct off *f, size_t t)
{
	struct kli_rb *b = f->b;
	int y0 = f->y0, y1 = f->y1;
	if (f->src == KL_SOURCE_POLICE) {
		kli_rb_note(b, t,
		            "Polisens utdrag omfattar de kommuner där det "
		            "finns minst ett anmält brott %d–%d; en sådan "
		            "kommun utan brott %d visas med – (noll). Ett läns "
		            "tal per 100 000 invånare räknas på folkmängden i "
		            "de kommuner utdraget omfattar.",
		            y0, y1, y1);
		if (f->missing[0])
			kli_rb_note(b, t,
			            "Kommuner som saknas i utdraget (inga "
			            "anmälda brott %d–%d): %s.",
			            y0, y1, f->missing);
		if (f->bra_rows)
			kli_rb_note(
			    b, t,
			    "Raderna (Brå, jämförelse) är Brås "
			    "officiella antal anmälda brott %d i samma "
			    "brottsgrupper (SOL), per 100 000 invånare "
			    "i hela länet respektive riket (SCB)%s.",
			    y1, f->bra_prel ? "; p = preliminär uppgift" : "");
	} else {
		kli_rb_note(b, t,
		            "Brå redovisar alla kommuner och län; talen per "
		            "100 000 invånare räknas på hela regionens "
		            "folkmängd.");
		int prel = 0;
		for (size_t k = 0; k < f->nrr; k++)
			prel |= f->rr[k].prel;
		if (prel)
			kli_rb_note(b, t,
			            "p = preliminär uppgift (Brås "
			            "månadsuppgifter för %d).",
			            y1);
	}
	if (!f->c->have_population)
		kli_rb_note(b, t,
		            "Befolkningen saknas i lagret (importera SCB:s "
		            "folkmängd): inga tal per 100 000 invånare.");
	kli_rb_note(b, t,
	            f->src == KL_SOURCE_BRA
	                ? "Brås officiella antal redovisas utan "
	                  "röjandeskydd, som Brå själv publicerar dem."
	                : "Antal anmälda brott, inte antal personer; "
	                  "redovisas utan röjandeskydd.");
	if (f->bra_rows)
		kli_rb_source(b, t, f->c->imports_off,
		              "Källa: %s (import %s); Brå, statistikdatabasen "
		              "över anmälda brott (SOL); SCB, folkmängd.",
		              f->src_sv, f->c->imports_off);
	else
		kli_rb_source(b, t, f->c->imports_off, "Källa: %s (import %s).",
		              f->src_sv, f->c->imports_off);
}

/* Karta: the kommuner of each listed län (those outside the extract
 * without a figure), from the nmv kommun rates mv; t is the table of the
 * figures. */
static void rate_maps(struct off *f, size_t t, const struct kl_map_value *mv,
                      size_t nmv)
{
	const struct kl_report_def *d = f->d;
	struct kl_map_value *lv = nmv ? calloc(nmv, sizeof(*lv)) : NULL;
	struct kl_error e;

	if (nmv && !lv) {
		f->b->oom = 1;
		return;
	}
	for (size_t ri = 0; nmv && f->c->have_population && ri < d->nregions;
	     ri++) {
		const char *code = d->regions[ri];
		struct kl_map_opts mo = {0};
		char title[300], desc[600], id[32];
		char *svg = NULL;
		size_t len, nlv = 0;
		if (strlen(code) != 2)
			continue;
		snprintf(id, sizeof(id), "karta-brott%s%s", ri ? "-" : "",
		         ri ? code : "");
		snprintf(title, sizeof(title),
		         "Anmälda brott per 100 000 invånare, %s, %d",
		         kli_rep_region_label(f->c, code), f->y1);
		snprintf(desc, sizeof(desc),
		         "Kommunerna i %s färgade efter antalet anmälda brott "
		         "per 100 000 invånare %d. Siffrorna och antalen finns "
		         "i tabell %d.",
		         kli_rep_region_label(f->c, code), f->y1, (int)t + 1);
		for (size_t k = 0; k < nmv; k++)
			if (strncmp(mv[k].code, code, 2) == 0)
				lv[nlv++] = mv[k];
		if (!nlv)
			continue;
		mo.level = KL_MAP_KOMMUN;
		mo.region = code;
		mo.values = lv;
		mo.nvalues = nlv;
		mo.decimals = 1;
		mo.unit = "per 100 000 inv.";
		mo.title = title;
		mo.desc = desc;
		mo.id = id;
		kl_error_clear(&e);
		if (kl_map_svg(&mo, &svg, &len, &e) == KL_OK)
			kli_rb_figure(f->b, 1, title, desc, svg, t + 1);
		else if (!kli_rep_nomem(f->b, &e))
			kli_rb_missing(f->b, "kartan saknas: %s", e.msg);
	}
	free(lv);
}

/* Tabell: the last year per 100 000 inhabitants, the summary rows and
 * the maps.  KL_OK, b->oom or the store's error. */
static int table_rates(struct off *f, struct poprow **poprows, size_t *npop)
{
	struct kli_rb *b = f->b;
	char cap[600];
	struct kl_map_value *mv = NULL;
	size_t nmv = 0, t;
	int rc;

	snprintf(cap, sizeof(cap),
	         "Anmälda brott (samtliga grupper) och per 100 000 invånare, "
	         "%s, %d",
	         f->rname, f->y1);
	t = kli_rb_table(b, "brott-takt", cap, 4, "Region", "Antal brott",
	                 "Folkmängd", "Per 100 000 invånare");
	rc = f->src == KL_SOURCE_POLICE ? police_rates(f) : bra_rates(f);
	if (rc || b->oom)
		return rc;
	mv = calloc(f->nrr ? f->nrr : 1, sizeof(*mv));
	if (!mv) {
		b->oom = 1;
		return KL_OK;
	}
	rate_rows(f, t, poprows, npop, mv, &nmv);
	rate_notes(f, t);
	rate_maps(f, t, mv, nmv);
	free(mv);
	return KL_OK;
}

/*
 * Section 5: offences reported to the police or counted by Brå, as a
 * series by offence group, its change, and the last year's rates with
 * their maps; the populations behind the rates are added to *poprows
 * (section 6).  KL_OK (a section that cannot be made says so in the
 * report), KL_OK with b->oom set, or the store's error in *b->err.
 */
int kli_rep_section_offences(struct ctx *c, struct poprow **poprows,
                             size_t *npop)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct off f;
	struct kl_error e;
	int rc;

	memset(&f, 0, sizeof(f));
	f.c = c;
	f.b = b;
	f.d = d;
	f.rname = c->region_name;
	kli_rb_section(b, 5, "Polisanmälda brott");
	if (!d->offences) {
		kli_rb_missing(b, "avsnittet saknas: inga brott i rapportfilen "
		                  "([offences])");
		return KL_OK;
	}
	if (sscanf(d->off_period, "%d-%d", &f.y0, &f.y1) != 2)
		f.y1 = f.y0 = (int)strtol(d->off_period, NULL, 10);
	f.ny = f.y1 - f.y0 + 1;
	if (f.ny > 32) {
		kli_rb_missing(b,
		               "avsnittet saknas: perioden %d–%d är längre "
		               "än 32 år",
		               f.y0, f.y1);
		return KL_OK;
	}
	f.o.y0 = f.y0;
	f.o.y1 = f.y1;
	f.o.source = !d->source || strcmp(d->source, "auto") == 0
	                 ? KL_SOURCE_AUTO
	             : strcmp(d->source, "police") == 0 ? KL_SOURCE_POLICE
	                                                : KL_SOURCE_BRA;
	f.o.by_year = 1;
	f.o.by_region = 1;
	f.o.level = KL_LEVEL_KOMMUN;
	kli_rb_para(b, "Anmälda brott mäter polisens arbete och människors "
	               "benägenhet att anmäla lika mycket som brottsligheten: "
	               "ett riktat polisarbete mot sexköp ger fler anmälda "
	               "brott utan att fler brott begås. Jämför därför över "
	               "tid och mellan kommuner med försiktighet.");
	/* the police cases of every kommun, or Brå's kommun rows; the
	 * region's share is picked below */
	kl_error_clear(&e);
	rc = kl_count_offences(b->st, &f.o, &f.oc, &e);
	if (rc) {
		if (rc == KL_ERR_STORE || rc == KL_ERR_NOMEM) {
			*b->err = e;
			return rc;
		}
		kli_rb_missing(b, "avsnittet saknas: %s", e.msg);
		return KL_OK;
	}
	f.src = f.oc->source;
	f.o.source = f.src;
	c->have_population = f.oc->have_population;
	f.ng = kl_codes_ngroups(c->codes);
	rc = region_counts(&f);
	if (rc || b->oom)
		goto out;
	unsigned long long all = 0;
	for (size_t i = 0; i < f.ng * 32; i++)
		all += f.per[i];
	if (!all) {
		kli_rb_missing(
		    b,
		    "avsnittet saknas för %s: lagret har inga anmälda "
		    "brott %d–%d (importera polisens ärendeutdrag "
		    "eller Brå SOL)",
		    f.rname, f.y0, f.y1);
		goto out;
	}
	offence_imports(&f);
	c->off_y0 = f.y0;
	c->off_y1 = f.y1;
	f.src_sv = f.src == KL_SOURCE_POLICE ? "polisens ärendeutdrag"
	                                     : "Brå, statistikdatabasen (SOL)";
	size_t t = table_years(&f);
	if (f.ngroups_data && f.ny >= 2)
		chart_years(&f, t);
	if (f.ny >= 2)
		table_change(&f);
	rc = table_rates(&f, poprows, npop);
out:
	kl_offence_count_free(f.oc);
	free(f.per);
	free(f.rr);
	return rc;
}

void kli_rep_section_population(struct ctx *c, struct poprow *rows, size_t n)
{
	struct kli_rb *b = &c->b;
	size_t t;

	kli_rb_section(b, 6, "Befolkning");
	if (!c->have_population || !n) {
		kli_rb_missing(b, "avsnittet saknas: lagret har ingen "
		                  "befolkningstabell för regionen (kartlagg "
		                  "import --kind scb-population)");
		return;
	}
	t = kli_rb_table(b, "befolkning",
	                 "Folkmängd som används som nämnare, per region och "
	                 "år. Antal invånare",
	                 3, "Region", "År", "Folkmängd");
	for (size_t i = 0; i < n; i++) {
		char y[8];
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, rows[i].label);
		snprintf(y, sizeof(y), "%d", rows[i].year);
		kli_rb_cell(b, t, r, 1, y, NULL);
		kli_rb_num(b, t, r, 2, rows[i].population, 0);
	}
	kli_rb_note(b, t,
	            "Folkmängden den 31 december enligt den regionala "
	            "indelningen den 1 januari året efter (SCB). En del av "
	            "ett län (kommunerna i polisens utdrag) är summan av "
	            "kommunernas folkmängd, ett helt län SCB:s länsuppgift. "
	            "Från och med referensåret 2025 störs SCB:s "
	            "befolkningsstatistik med cell key-metoden, så delarna "
	            "summerar inte alltid till totalen.");
	{
		char ids[256] = "";
		kli_rep_import_ids(c,
		                   "SELECT DISTINCT _import_id FROM population "
		                   "ORDER BY 1",
		                   NULL, NULL, ids, sizeof(ids));
		kli_rb_source(b, t, ids,
		              "Källa: SCB, Folkmängden efter region, ålder och "
		              "kön (BE0101, TAB638), import %s.",
		              ids);
	}
}
