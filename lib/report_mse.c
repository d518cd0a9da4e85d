/*
 * report_mse.c - the multiple-systems estimate of section 4 (kl_mse.h):
 * the model table, the relations its interaction margins give a reader,
 * and what disclosure control hides of it afterwards.
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

/*
 * Three lists: the overlap table gives the sum of the pairwise overlaps,
 * n12 + n13 + n23 = (known by 2) + 3 (known by 3), which ties the model's
 * pair margins (kli_rep_mse_part) to the pairs it does not have (unpublished
 * counts of persons).  Declared only when the counts add up (the lists
 * are the organisations and every person known to two or more is keyed).
 */
static void mse_pairs_rel(struct ctx *c, const struct kl_mse_data *md,
                          const struct kl_mse_model *m, const double *y,
                          const struct kl_individuals_count *ic,
                          const size_t *known_ix)
{
	static const unsigned pair[3] = {3u, 5u, 6u};
	struct kli_rb *b = &c->b;
	size_t ix[5];
	const long long a[5] = {1, 1, 1, -1, -3};
	long long n[3] = {0, 0, 0}, sum = 0;
	if (!known_ix[1] || !known_ix[2])
		return;
	for (int p = 0; p < 3; p++) {
		for (unsigned h = 0; h < 8; h++)
			if ((h & pair[p]) == pair[p])
				n[p] += (long long)llround(y[h]);
		sum += n[p];
	}
	if (sum != (long long)ic->known_to[1] + 3 * (long long)ic->known_to[2])
		return;
	for (int p = 0; p < 3; p++) {
		char kk[200], tn[128];
		int have = 0;
		for (int t = 0; t < m->nterms; t++)
			if (m->terms[t] == pair[p]) {
				ix[p] = c->mse_margin[t];
				have = 1;
			}
		if (have)
			continue;
		kl_mse_term_name(md, pair[p], tn, sizeof(tn));
		snprintf(kk, sizeof(kk), "individer/%s/mse/marginal/%s",
		         b->d->ind_period, tn);
		ix[p] = kli_rb_unpub(b, kk, n[p], 1);
	}
	ix[3] = known_ix[1];
	ix[4] = known_ix[2];
	kli_rb_rel(b, ix, a, 5, 0);
}

void kli_rep_mse_part(struct ctx *c, const struct kl_individuals_count *ic,
                      size_t keyed_idx, const size_t *known_ix)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_mse_data *md = NULL;
	struct kl_mse_fit *fit = NULL;
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_select_opts so;
	struct kl_mse_model indep;
	struct kl_error e;
	double *y = NULL;
	const char *names[KL_MSE_MAX_LISTS];
	char nb[KL_MSE_MAX_LISTS][8];
	int k = (int)ic->nlists;

	kli_rb_heading(b, "Skattning av det totala antalet (mörkertal)");
	if (!ic->histories_ok || k < 2 || k > KL_MSE_MAX_LISTS) {
		kli_rb_missing(b,
		               "skattningen saknas: den kräver 2–%d listor "
		               "(organisationer), uppgifterna har %d",
		               KL_MSE_MAX_LISTS, k);
		return;
	}
	md = calloc(1, sizeof(*md));
	fit = calloc(1, sizeof(*fit));
	y = calloc((size_t)1 << k, sizeof(*y));
	if (!md || !fit || !y) {
		b->oom = 1;
		goto out;
	}
	for (int i = 0; i < k; i++) {
		snprintf(nb[i], sizeof(nb[i]), "L%d", i + 1);
		names[i] = nb[i];
	}
	for (size_t h = 0; h < ic->nhistories; h++)
		y[ic->histories[h].bits] += (double)ic->histories[h].count;
	kl_error_clear(&e);
	if (kl_mse_data_set(md, k, names, y, &e)) {
		if (!kli_rep_nomem(b, &e))
			kli_rb_missing(b, "skattningen saknas: %s", e.msg);
		goto out;
	}
	memset(&so, 0, sizeof(so));
	memset(&indep, 0, sizeof(indep));
	const char *rule = d->rule ? d->rule : "stepwise";
	if (strcmp(rule, "independence") == 0) {
		so.rule = KL_MSE_RULE_MODEL;
		so.model = &indep;
	} else if (strcmp(rule, "forward-aic") == 0)
		so.rule = KL_MSE_RULE_FORWARD_AIC;
	else if (strcmp(rule, "forward-bic") == 0)
		so.rule = KL_MSE_RULE_FORWARD_BIC;
	else if (strcmp(rule, "bic") == 0)
		so.rule = KL_MSE_RULE_BIC;
	else
		so.rule = KL_MSE_RULE_STEPWISE;
	if (kl_mse_select(md, &so, &sel, &e)) {
		if (!kli_rep_nomem(b, &e))
			kli_rb_missing(
			    b,
			    "skattningen saknas: ingen tillåten modell "
			    "(%s)",
			    e.msg);
		goto out;
	}
	if (kl_mse_fit(md, &sel->model, KL_MSE_FIT_INTERVALS, fit, &e) ||
	    fit->checkident) {
		if (fit->checkident || !kli_rep_nomem(b, &e))
			kli_rb_missing(b,
			               "skattningen saknas: modellen kan inte "
			               "skattas (%s)",
			               fit->checkident ? fit->why : e.msg);
		goto out;
	}
	{
		char cap[400], v[KL_FMT_SIZE], a[KL_FMT_SIZE], z[KL_FMT_SIZE];
		char ci[2 * KL_FMT_SIZE + 4], model[512], lists[600] = "";
		double lo =
		    isfinite(fit->prof_lo) ? fit->prof_lo : fit->wald_lo;
		double hi =
		    isfinite(fit->prof_hi) ? fit->prof_hi : fit->wald_hi;
		size_t t, r;
		snprintf(cap, sizeof(cap),
		         "Skattat totalt antal personer (kända och okända för "
		         "verksamheterna), %s, %s. Antal personer",
		         c->region_name, d->ind_period);
		t = kli_rb_table(b, "individer-mse", cap, 2, "Storhet",
		                 "Värde");
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Antal listor (organisationer)");
		snprintf(v, sizeof(v), "%d", k);
		kli_rb_cell(b, t, r, 1, v, NULL);
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Kända personer med nyckel");
		{
			char kk[160];
			snprintf(kk, sizeof(kk), "individer/%s/med_nyckel",
			         d->ind_period);
			kli_rb_count(b, t, r, 1, kk,
			             (long long)(ic->strong + ic->weak));
		}
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Skattat antal som ingen lista känner");
		kl_fmt_int(v, sizeof(v), (long long)llround(fit->dark));
		kli_rb_cell(b, t, r, 1, v, NULL);
		/* estimated total - unseen = the keyed persons: hidden with
		 * them */
		{
			struct kl_rep_cell *hc = kli_rb_at(b, t, r, 1);
			if (hc) /* NULL only when out of memory */
				hc->hide_with = keyed_idx;
		}
		c->mse_rows[c->n_mse_rows++] = r;
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Skattat totalt antal");
		c->mse_rows[c->n_mse_rows++] = r;
		kl_fmt_int(v, sizeof(v), (long long)llround(fit->total));
		kli_rb_cell(b, t, r, 1, v, NULL);
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "95 % KI (profillikelihood)");
		kl_fmt_int(a, sizeof(a), (long long)llround(lo));
		kl_fmt_int(z, sizeof(z), (long long)llround(hi));
		snprintf(ci, sizeof(ci), "%s–%s", a, z);
		c->mse_rows[c->n_mse_rows++] = r;
		if (isfinite(lo) && isfinite(hi))
			kli_rb_cell(b, t, r, 1, ci, NULL);
		else
			kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
		if (d->bootstrap > 0) {
			struct kl_mse_boot_opts bo = {d->bootstrap, d->seed,
			                              0.95};
			struct kl_mse_boot bt;
			memset(&bt, 0, sizeof(bt));
			r = kli_rb_row(b, t);
			snprintf(cap, sizeof(cap),
			         "95 %% KI (BCa-bootstrap, %ld replikat, frö "
			         "%lu)",
			         d->bootstrap, d->seed);
			kli_rb_text(b, t, r, 0, cap);
			c->mse_rows[c->n_mse_rows++] = r;
			if (kl_mse_bootstrap(md, &so, &bo, &bt, &e) == KL_OK &&
			    isfinite(bt.lo) && isfinite(bt.hi)) {
				kl_fmt_int(a, sizeof(a),
				           (long long)llround(bt.lo));
				kl_fmt_int(z, sizeof(z),
				           (long long)llround(bt.hi));
				snprintf(ci, sizeof(ci), "%s–%s", a, z);
				kli_rb_cell(b, t, r, 1, ci, NULL);
			} else {
				kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
			}
		}
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Modell");
		kl_mse_model_name(md, &sel->model, model, sizeof(model));
		kli_rb_text(b, t, r, 1,
		            strcmp(model, "main") == 0 ? "oberoende listor"
		                                       : model);
		if (sel->rule == KL_MSE_RULE_BIC && sel->near2 > 1) {
			r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0,
			            "Spridning bland näst bästa modeller (BIC "
			            "inom 2)");
			c->mse_rows[c->n_mse_rows++] = r;
			kl_fmt_int(a, sizeof(a),
			           (long long)llround(sel->near2_min));
			kl_fmt_int(z, sizeof(z),
			           (long long)llround(sel->near2_max));
			snprintf(ci, sizeof(ci), "%s–%s", a, z);
			kli_rb_cell(b, t, r, 1, ci, NULL);
		}
		for (int i = 0; i < k; i++) {
			size_t l = strlen(lists);
			snprintf(lists + l, sizeof(lists) - l, "%sL%d = %s",
			         i ? ", " : "", i + 1, ic->lists[i]);
		}
		kli_rb_note(b, t, "Listor: %s.", lists);
		kli_rb_note(b, t,
		            "Skattningen bygger på överlappet mellan listorna "
		            "(multiple systems estimation, Poisson log-linjär "
		            "modell vald med regeln '%s'). Den förutsätter att "
		            "modellen fångar beroendet mellan listorna; en "
		            "annan rimlig modell kan ge ett helt annat tal. "
		            "Personer utan nyckel ingår inte.",
		            rule);
		kli_rb_source(b, t, c->imports_ind,
		              "Källa: verksamheternas individuppgifter (import "
		              "%s), kartlagg mse.",
		              c->imports_ind);
		snprintf(c->mse_note, sizeof(c->mse_note),
		         "modell vald med regeln '%s'%s", rule,
		         d->bootstrap > 0 ? ", bootstrap med fast frö" : "");
		char src[sizeof(c->imports_ind) + 64];
		snprintf(src, sizeof(src), "Verksamheter, import %s",
		         c->imports_ind);
		kl_fmt_int(v, sizeof(v), (long long)llround(fit->total));
		c->mse_sum_row = b->r->tables[c->summary].nrows;
		kli_rep_summary_row(
		    c, "Skattat totalt antal utsatta personer (MSE)", v,
		    isfinite(lo) && isfinite(hi) ? ci : "..", "..", "..", src);
		c->mse_t = t;
		c->mse_have = 1;
		/* the estimate is a function of the model's sufficient
		 * statistics: the list totals and the observed total, which
		 * the report prints, and for each interaction term S the
		 * count of persons on every list of S (with the hierarchical
		 * model's sub-terms, the whole S margin), which it does not.
		 * A reader knowing the model can invert the estimate and get
		 * them back: they are as good as published. */
		for (int m = 0; m < sel->model.nterms; m++) {
			unsigned term = sel->model.terms[m];
			long long nS = 0;
			char kk[200], tn[128];
			for (size_t h = 0; h < ((size_t)1 << k); h++)
				if ((h & term) == term)
					nS += (long long)llround(y[h]);
			kl_mse_term_name(md, term, tn, sizeof(tn));
			snprintf(kk, sizeof(kk), "individer/%s/mse/marginal/%s",
			         d->ind_period, tn);
			c->mse_margin[c->n_mse_margin++] =
			    kli_rb_key(b, kk, nS);
		}
		if (k == 3)
			mse_pairs_rel(c, md, &sel->model, y, ic, known_ix);
	}
out:
	kl_mse_selection_free(sel);
	free(y);
	free(fit);
	free(md);
}

/* The MSE figures go when disclosure control hides a margin they are a
 * function of (kli_rep_mse_part): the estimate, its intervals, the unseen count
 * and the summary row, with a note saying why. */
void kli_rep_resolve_mse(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	int hide = 0;
	if (!c->mse_have)
		return;
	for (int m = 0; m < c->n_mse_margin; m++) {
		if (!c->mse_margin[m] || kli_rb_hidden(b, c->mse_margin[m]))
			hide = 1;
	}
	if (!hide)
		return;
	for (size_t i = 0; i < c->n_mse_rows; i++) {
		struct kl_rep_table *tb = &b->r->tables[c->mse_t];
		struct kl_rep_cell *cl =
		    &tb->cells[c->mse_rows[i] * tb->ncols + 1];
		if (cl->kind == KL_CELL_SYM &&
		    strcmp(cl->text, KLI_SYM_HIDDEN) == 0)
			continue;
		kli_rb_sym(b, c->mse_t, c->mse_rows[i], 1, KLI_SYM_HIDDEN);
		tb->hidden++;
	}
	for (size_t col = 1; col <= 2; col++) {
		struct kl_rep_table *tb = &b->r->tables[c->summary];
		struct kl_rep_cell *cl =
		    &tb->cells[c->mse_sum_row * tb->ncols + col];
		if (cl->kind == KL_CELL_SYM &&
		    strcmp(cl->text, KLI_SYM_HIDDEN) == 0)
			continue;
		kli_rb_sym(b, c->summary, c->mse_sum_row, col, KLI_SYM_HIDDEN);
		tb->hidden++;
	}
	static const char why[] =
	    "Skattningen, dess intervall och antalet som ingen lista känner "
	    "visas inte (..): modellen har en samspelsterm, och ur "
	    "skattningen och de publicerade listtotalerna går antalet "
	    "personer som finns på listorna i termen att räkna fram; det "
	    "antalet skyddas av röjandekontrollen.";
	kli_rb_note(b, c->mse_t, "%s", why);
	kli_rb_note(b, c->summary,
	            "Skattat totalt antal (MSE) visas inte (..): ur "
	            "skattningen går ett litet överlapp mellan "
	            "verksamheterna att räkna fram (avsnitt 4).");
}
