/*
 * report_trend.c - the series over every stored round of the survey
 * (section 3, "Utveckling över omgångarna"): a share per round with the
 * changes, and the trend chart drawn after disclosure control.
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

/* Does round x come before round y (by number when numeric)? */
static int round_before(const char *x, const char *y, int numeric)
{
	if (numeric)
		return strtol(x, NULL, 10) < strtol(y, NULL, 10);
	return strcmp(x, y) < 0;
}

/* Is s a whole number of at most 9 digits (a year)? */
static int is_year(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 9)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * The stored rounds of the survey up to and including the current one, in
 * order (by number when every round is a whole number, as years are, else
 * by text), into r[] (at most SERIES_MAX); returns how many, 0 when the
 * report has no current round.  *numeric: every round is a number.
 */
size_t kli_rep_survey_rounds(const struct survey *sv, const char **r,
                             int *numeric)
{
	const struct kl_est_result *res = sv->res;
	size_t n = 0, keep = 0;
	*numeric = 1;
	if (!sv->cur)
		return 0;
	for (size_t i = 0; i < res->ndomains && n < SERIES_MAX; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		int dupl = 0;
		if (!dm->over || res->sets[dm->set].nvars)
			continue;
		for (size_t k = 0; k < n; k++)
			dupl |= strcmp(r[k], dm->over) == 0;
		if (dupl)
			continue;
		r[n++] = dm->over;
		*numeric &= is_year(dm->over);
	}
	for (size_t k = 1; k < n; k++) /* insertion: a handful of rounds */
		for (size_t j = k; j && round_before(r[j], r[j - 1], *numeric);
		     j--) {
			const char *tmp = r[j];
			r[j] = r[j - 1];
			r[j - 1] = tmp;
		}
	for (size_t k = 0; k < n; k++)
		if (!round_before(sv->cur, r[k], *numeric))
			keep = k + 1;
	return keep;
}

/* The difference of item row's item and level between the whole samples
 * of two rounds in diffs (kl_est_compare), NULL if none. */
static const struct kl_est_diff *total_diff(const struct kl_est_result *res,
                                            const struct kl_est_diff *df,
                                            size_t n,
                                            const struct kl_est_row *row)
{
	for (size_t i = 0; df && i < n; i++)
		if (df[i].item == row->item && df[i].level == row->level &&
		    res->sets[res->domains[df[i].domain].set].nvars == 0)
			return &df[i];
	return NULL;
}

/* The change cells (cols col, col + 1: the change with its interval, the
 * p-value) between the shares of rows a and z: hidden where either share
 * is, undefined without variance. */
static void change_cells(struct ctx *c, size_t t, size_t r, size_t col,
                         const struct kl_est_diff *df,
                         const struct kl_est_row *a, const struct kl_est_row *z)
{
	struct kli_rb *b = &c->b;
	char v[KL_FMT_SIZE], lo[KL_FMT_SIZE], hi[KL_FMT_SIZE];
	char raw[32], ci[4 * KL_FMT_SIZE];
	if (!df || !kli_rep_share_rule(b->d, a) ||
	    !kli_rep_share_rule(b->d, z)) {
		kli_rb_sym(b, t, r, col, KLI_SYM_HIDDEN);
		kli_rb_sym(b, t, r, col + 1, KLI_SYM_HIDDEN);
		return;
	}
	if (!(df->se_diff > 0) || !isfinite(df->se_diff) ||
	    !isfinite(df->p_value)) {
		kli_rb_undef(b, t, r, col);
		kli_rb_undef(b, t, r, col + 1);
		return;
	}
	kl_fmt_num(v, sizeof(v), df->diff * 100, 1);
	kl_fmt_num(lo, sizeof(lo), df->ci_lo * 100, 1);
	kl_fmt_num(hi, sizeof(hi), df->ci_hi * 100, 1);
	snprintf(ci, sizeof(ci), "%s (%s till %s)", v, lo, hi);
	snprintf(raw, sizeof(raw), "%.1f", df->diff * 100);
	kli_rb_cell(b, t, r, col, ci, raw);
	kl_fmt_num(v, sizeof(v), df->p_value, 3);
	snprintf(raw, sizeof(raw), "%.3f", df->p_value);
	kli_rb_cell(b, t, r, col + 1, v, raw);
}

/*
 * Register the counts behind the whole sample's share of item in every
 * round of the series but the current one (kli_rep_round_count: the valid
 * answers known from that round's appendix, the yes answers published
 * where the series shows the share).  Called before the share tables, so
 * the previous round's counts have the state the series gives them.
 */
void kli_rep_series_register(struct ctx *c, const struct survey *sv,
                             const char *item, const char *const *rounds,
                             size_t nr)
{
	const struct kl_est_result *res = sv->res;
	for (size_t k = 0; k + 1 < nr; k++) {
		long dom = kli_rep_find_domain(res, rounds[k], "", NULL);
		const struct kl_est_row *row = kli_rep_find_row(res, item, dom);
		kli_rep_round_count(c, sv, item, rounds[k], row,
		                    kli_rep_share_rule(c->b.d, row) != 0);
	}
}

/*
 * The series table of item (the whole sample of the region in every
 * stored round up to the current one): share, interval, valid answers,
 * and the change since the first and since the previous round with
 * interval and p-value.  A hidden count hides the share and every change
 * built on it.  it: the item's place in the trend chart (0 or 1).
 */
void kli_rep_series_table(struct ctx *c, const struct survey *sv,
                          const char *item, const char *what,
                          const char *const *rounds, size_t nr, size_t it)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	const struct kl_est_row *rows[SERIES_MAX] = {0};
	const struct scount *xs[SERIES_MAX] = {0};
	struct strend *st = c->strend;
	char cap[600], name[80], h4[96], h5[96];
	const char *heads[8];
	struct kl_error e;
	size_t t;

	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, %s, omgång %s–%s, med förändringen "
	         "sedan första och sedan föregående omgång. Procent och "
	         "procentenheter med 95 %% konfidensintervall",
	         what, c->region_name, rounds[0], rounds[nr - 1]);
	snprintf(name, sizeof(name), "enkat-serie-%s", item);
	/* short headings: a numeric heading does not wrap, and the table
	 * must fit an A4 page in the PDF */
	snprintf(h4, sizeof(h4), "Förändring sedan %s", rounds[0]);
	snprintf(h5, sizeof(h5), "p sedan %s", rounds[0]);
	heads[0] = "Omgång";
	heads[1] = "Andel (%)";
	heads[2] = "95 % KI";
	heads[3] = "Antal svar";
	heads[4] = h4;
	heads[5] = h5;
	heads[6] = "Sedan föregående";
	heads[7] = "p sedan föregående";
	t = kli_rb_table_v(b, name, cap, 8, heads);
	if (st && it < 2) {
		st->t[it] = t;
		st->nitems = it + 1;
	}
	for (size_t k = 0; k < nr; k++) {
		long dom = kli_rep_find_domain(res, rounds[k], "", NULL);
		const struct kl_est_row *row = kli_rep_find_row(res, item, dom);
		size_t r = kli_rb_row(b, t);
		const struct scount *x;
		kli_rb_text(b, t, r, 0, rounds[k]);
		if (st && it < 2) {
			st->v[it][k] = NAN;
			st->n_idx[it][k] = st->y_idx[it][k] = 0;
		}
		if (!row) {
			for (size_t col = 1; col < 8; col++)
				kli_rb_sym(b, t, r, col, KLI_SYM_HIDDEN);
			continue;
		}
		rows[k] = row;
		kli_rep_share_cells(c, t, r, 1, row);
		if (k + 1 == nr) {
			x = kli_rep_answers_count(c, sv, item, NULL, row, t, r,
			                          3);
		} else {
			char f[KL_FMT_SIZE], raw[32];
			x = kli_rep_round_count(c, sv, item, rounds[k], row,
			                        kli_rep_share_rule(d, row) !=
			                            0);
			/* known from that round's appendix, which hid it
			 * when small: so does this one */
			if (row->n_valid > 0 && row->n_valid < d->threshold) {
				kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
			} else {
				kl_fmt_int(f, sizeof(f), row->n_valid);
				snprintf(raw, sizeof(raw), "%lld",
				         (long long)row->n_valid);
				kli_rb_cell(b, t, r, 3, f, raw);
			}
		}
		xs[k] = x;
		kli_rep_add_dep(c, t, r, 1, 3, x);
		if (st && it < 2 && x) {
			int rule = kli_rep_share_rule(d, row);
			st->v[it][k] = rule ? row->prop * 100 : NAN;
			st->n_idx[it][k] = x->n_idx;
			st->y_idx[it][k] = x->y_idx;
		}
		if (k == 0) {
			for (size_t col = 4; col < 8; col++)
				kli_rb_sym(b, t, r, col, KLI_SYM_NA);
			continue;
		}
		for (size_t w = 0; w < 2; w++) {
			size_t base = w ? k - 1 : 0, col = 4 + 2 * w;
			struct kl_est_diff *df = NULL;
			size_t ndf = 0;
			kl_error_clear(&e);
			if (rows[base] &&
			    kl_est_compare(res, rounds[base], rounds[k], &df,
			                   &ndf, &e) &&
			    e.status == KL_ERR_NOMEM)
				b->oom = 1;
			change_cells(c, t, r, col,
			             rows[base] ? total_diff(res, df, ndf, row)
			                        : NULL,
			             rows[base], row);
			free(df);
			kli_rep_add_dep(c, t, r, col, col + 2, x);
			kli_rep_add_dep(c, t, r, col, col + 2, xs[base]);
		}
	}
	kli_rb_note(b, t,
	            "Samtliga elever i %s i varje lagrad omgång av enkäten "
	            "till och med omgång %s. Andelen redovisas inte (..) med "
	            "färre än %ld giltiga svar eller 1–%ld ja-svar; * = "
	            "osäker skattning.",
	            c->region_name, rounds[nr - 1], d->min_respondents,
	            d->min_numerator - 1);
	kli_rb_note(b, t,
	            "Förändringen är skillnaden mellan omgångarna i "
	            "procentenheter med 95 %% konfidensintervall; p-värdet "
	            "från ett tvåsidigt z-test för oberoende urval. Den "
	            "första omgången har ingen förändring (.).");
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), designvägda skattningar "
	              "(kartlagg estimate).",
	              d->survey, c->imports_survey);
}

/*
 * After disclosure control: the trend chart of the shares over the
 * rounds, a share hidden where its counts are.
 */
void kli_rep_resolve_trend(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	struct strend *st = c->strend;
	struct kl_chart_series cs[2];
	struct kl_chart_opts co;
	struct kl_error e;
	char title[400], desc[900];
	char *svg = NULL;
	size_t len, shown = 0;
	if (!st || !st->fig || !st->nitems)
		return;
	for (size_t i = 0; i < st->nitems; i++) {
		for (size_t k = 0; k < st->nx; k++) {
			if (kli_rb_hidden(b, st->n_idx[i][k]) ||
			    kli_rb_hidden(b, st->y_idx[i][k]))
				st->v[i][k] = NAN;
			shown += isfinite(st->v[i][k]) != 0;
		}
		cs[i].name = st->names[i];
		cs[i].values = st->v[i];
	}
	snprintf(title, sizeof(title),
	         "Andel elever som fått ersättning för sexuella handlingar, "
	         "%s, omgång %s–%s",
	         c->region_name, st->r0, st->r1);
	if (st->nitems == 2)
		snprintf(
		    desc, sizeof(desc),
		    "Linjediagram över %zu omgångar med en linje per fråga "
		    "(%s; %s). %zu av %zu andelar redovisas, övriga har för "
		    "få svarande eller ja-svar (..) och är luckor i "
		    "linjen. Siffrorna med konfidensintervall finns i "
		    "tabell %d och %d.",
		    st->nx, st->names[0], st->names[1], shown,
		    st->nx * st->nitems, (int)st->t[0] + 1, (int)st->t[1] + 1);
	else
		snprintf(desc, sizeof(desc),
		         "Linjediagram över %zu omgångar (%s). %zu av %zu "
		         "andelar redovisas, övriga har för få svarande eller "
		         "ja-svar (..) och är luckor i linjen. Siffrorna med "
		         "konfidensintervall finns i tabell %d.",
		         st->nx, st->names[0], shown, st->nx,
		         (int)st->t[0] + 1);
	kli_rb_chart_pct(&co, title, desc, "diagram-enkat-serie");
	kl_error_clear(&e);
	int rc =
	    kl_chart_trend(&co, st->x, st->nx, cs, st->nitems, &svg, &len, &e);
	kli_rb_figure_drawn(b, st->fig, rc, &e, svg, title, desc);
}
