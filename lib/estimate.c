/*
 * estimate.c - design-based proportions and means (kartlagg-estimate(1)).
 *
 * One SELECT reads the columns the call needs.  Each row is mapped to its
 * stratum, sampling unit (PSU, or SSU for two-stage designs) and to one
 * domain per domain set; its contributions are added to a "slot" per
 * (unit, domain): weighted sums per item and category.  After the scan,
 * every estimate and its linearised variance comes from the slots alone:
 * the score of unit u for a ratio p = A / B is z_u = (A_u - p B_u) / B,
 * the same as summing R's w_i (y_i - p) / sum(w) over the unit's rows.
 *
 * Without clusters every row is its own unit; then a slot holds the
 * moments of a (stratum, domain) instead (sums of w, w^2, w y, w^2 y, ...),
 * which give the sum of squared row scores in closed form.
 *
 * Formulas follow R survey 4.1.1 (svyrecvar/onestage/onestrat,
 * svymean, svyciprop, degf); see METHOD in kartlagg-estimate(1).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* Free everything e owns (not e itself); e may be partly set up. */
static void est_release(struct est *e)
{
	for (size_t i = 0; i < e->nitems; i++)
		kli_est_ritem_release(&e->items[i]);
	free(e->items);
	for (size_t g = 0; g < e->ngroups; g++) {
		for (size_t j = 0; j < e->groups[g].n; j++)
			kli_est_ritem_release(&e->groups[g].m[j]);
		free(e->groups[g].m);
	}
	free(e->groups);
	free(e->filters);
	for (size_t k = 0; k < e->nsets; k++) {
		for (size_t j = 0; j < e->sets[k].nvars; j++)
			free(e->sets[k].vars[j]);
		free(e->sets[k].vars);
		free(e->setcols ? e->setcols[k] : NULL);
		free(e->setmv ? e->setmv[k] : NULL);
	}
	free(e->sets);
	free(e->setcols);
	free(e->setmv);
	kli_map_free(&e->byvals);
	kli_map_free(&e->over_vals);
	kli_map_free(&e->strata_vals);
	kli_map_free(&e->psu_vals);
	kli_map_free(&e->ssu_vals);
	kli_map_free(&e->dom_map);
	umap_free(&e->strata_map);
	umap_free(&e->psu_map);
	umap_free(&e->ssu_map);
	umap_free(&e->slot_map);
	free(e->strata);
	free(e->psus);
	free(e->ssu_psu);
	free(e->slots);
	free(e->acc);
	for (size_t k = 0; k < e->ndoms; k++)
		free(e->doms[k].vals);
	free(e->doms);
	free(e->order);
	free(e->dom_rank);
	kli_cal_free(e->cal);
	umap_free(&e->cs_map);
	umap_free(&e->p_map);
	free(e->cs);
	free(e->csacc);
	free(e->pent);
	free(e->pval);
	free(e->cs_order);
	free(e->cs_start);
	free(e->over_group);
	free(e->hp_order);
	free(e->hp_start);
	free(e->sp_order);
	free(e->sp_start);
	free(e->zunit);
	free(e->sbuf);
	free(e->beta);
	kl_design_spec_release(&e->d);
	kli_est_meta_release(&e->m);
}

/* Free r and all it owns (kl_estimate.h); NULL is a no-op. */
void kl_est_result_free(struct kl_est_result *r)
{
	if (!r)
		return;
	free(r->survey);
	kl_design_spec_release(&r->design);
	for (size_t i = 0; i < r->nitems; i++) {
		struct kl_est_item *it = &r->items[i];
		free(it->name);
		free(it->label);
		for (size_t j = 0; j < it->nlevels; j++) {
			free(it->codes[j]);
			free(it->labels[j]);
		}
		free(it->codes);
		free(it->labels);
	}
	free(r->items);
	for (size_t k = 0; k < r->ndomains; k++) {
		struct kl_est_domain *d = &r->domains[k];
		free(d->over);
		for (size_t j = 0; j < r->sets[d->set].nvars; j++) {
			free(d->values ? d->values[j] : NULL);
			free(d->labels ? d->labels[j] : NULL);
		}
		free(d->values);
		free(d->labels);
	}
	for (size_t k = 0; k < r->nsets; k++) {
		for (size_t j = 0; j < r->sets[k].nvars; j++)
			free(r->sets[k].vars[j]);
		free(r->sets[k].vars);
	}
	free(r->sets);
	free(r->domains);
	free(r->rows);
	free(r);
}

/*
 * Fill r's survey name, design, sets and items from e (copies; r owns
 * them); -1 on OOM, 0 else.
 */
static int copy_result(struct est *e, const char *survey,
                       struct kl_est_result *r)
{
	if (!(r->survey = kli_strdup(survey)) ||
	    kli_est_spec_copy(&r->design, &e->d))
		return -1;
	r->level = e->o->level;
	r->items = calloc(e->nitems + 1, sizeof(*r->items));
	r->sets = calloc(e->nsets + 1, sizeof(*r->sets));
	r->domains = calloc(e->ndoms + 1, sizeof(*r->domains));
	if (!r->items || !r->sets || !r->domains)
		return -1;
	for (size_t i = 0; i < e->nitems; i++) {
		const struct mvar *v = e->items[i].v;
		struct kl_est_item *it = &r->items[r->nitems++];
		it->numeric = e->items[i].numeric;
		if (!(it->name = kli_strdup(v->name)))
			return -1;
		if (v->label && !(it->label = kli_strdup(v->label)))
			return -1;
		if (it->numeric)
			continue;
		it->codes = calloc(v->ncodes, sizeof(char *));
		it->labels = calloc(v->ncodes, sizeof(char *));
		if (!it->codes || !it->labels)
			return -1;
		for (size_t j = 0; j < v->ncodes; j++) {
			it->nlevels++;
			if (!(it->codes[j] = kli_strdup(v->codes[j])))
				return -1;
			if (v->labels[j] &&
			    !(it->labels[j] = kli_strdup(v->labels[j])))
				return -1;
		}
	}
	for (size_t k = 0; k < e->nsets; k++) {
		struct kl_est_set *s = &r->sets[r->nsets++];
		s->vars = calloc(e->sets[k].nvars + 1, sizeof(char *));
		if (!s->vars)
			return -1;
		for (size_t j = 0; j < e->sets[k].nvars; j++) {
			if (!(s->vars[j] = kli_strdup(e->sets[k].vars[j])))
				return -1;
			s->nvars++;
		}
	}
	return 0;
}

/*
 * Set up the design of e from its spec (and weight set o->weights): the
 * calibrated weights, the SELECT columns of the design variables and the
 * design's kind.  KL_OK, KL_ERR_USAGE (unknown variable, inconsistent
 * design, weight set not matching --over), KL_ERR_NOMEM or the error of
 * loading the weight set.
 */
static int est_design(struct est *e, const char *survey, struct kl_error *err)
{
	const struct kl_est_opts *o = e->o;
	int rc;

	if (o->weights) {
		rc = kli_cal_load(e->st, survey, o->weights, &e->cal, err);
		if (rc)
			return rc;
		if (e->d.over &&
		    (!e->cal->over || strcmp(e->d.over, e->cal->over))) {
			rc =
			    kl_error_set(err, KL_ERR_USAGE,
			                 "weight set '%s' was calibrated %s%s; "
			                 "--over must match",
			                 o->weights,
			                 e->cal->over ? "separately per "
			                              : "on the whole sample",
			                 e->cal->over ? e->cal->over : "");
			return rc;
		}
		if (!e->d.over && e->cal->over &&
		    !(e->d.over = kli_strdup(e->cal->over))) {
			return kli_oom(err);
		}
		free(e->d.weight);
		if (!(e->d.weight = kli_strdup(e->cal->weight))) {
			return kli_oom(err);
		}
	}
	e->ncols = 1; /* _line */
	if (e->d.psu[1] && !e->d.psu[0])
		e->d.psu[0] = e->d.psu[1], e->d.psu[1] = NULL;
	if (e->d.fpc[1] && !e->d.psu[1]) {
		return kl_error_set(err, KL_ERR_USAGE,
		                    "a second fpc needs a second stage of "
		                    "cluster ids");
	}
	if (e->d.psu[1] && e->d.fpc[0] && !e->d.fpc[1]) {
		return kl_error_set(err, KL_ERR_USAGE,
		                    "a two-stage design needs an fpc for both "
		                    "stages, or none");
	}
	struct {
		const char *name, *role;
		int *col;
	} dv[] = {
	    {e->d.over, "--over", &e->c_over},
	    {e->d.strata, "--strata", &e->c_strata},
	    {e->d.psu[0], "--psu", &e->c_psu[0]},
	    {e->d.psu[1], "--psu", &e->c_psu[1]},
	    {e->d.weight, "--weight", &e->c_weight},
	    {e->d.fpc[0], "--fpc", &e->c_fpc[0]},
	    {e->d.fpc[1], "--fpc", &e->c_fpc[1]},
	};
	for (size_t k = 0; k < sizeof(dv) / sizeof(dv[0]); k++) {
		if (!dv[k].name)
			continue;
		rc =
		    kli_est_need_var(e, dv[k].name, dv[k].role, dv[k].col, err);
		if (rc)
			return rc;
	}
	e->clustered = e->d.psu[0] != NULL;
	if (e->cal && !e->clustered) {
		/* every row its own cluster: calibration residuals are per
		 * row */
		e->clustered = 1;
		e->c_psu[0] = 0;
	}
	e->two_stage = e->d.psu[1] != NULL;
	e->has_fpc = e->d.fpc[0] != NULL;
	e->stage2_var = e->two_stage && e->has_fpc;
	e->w_from_fpc = !e->d.weight && e->has_fpc;

	return KL_OK;
}

/*
 * The domain sets of e: the whole sample (without --by or with
 * --overall) and one per --by, with their SELECT columns and metadata.
 * KL_OK, KL_ERR_USAGE (empty --by, unknown variable) or KL_ERR_NOMEM.
 */
static int est_sets(struct est *e, struct kl_error *err)
{
	const struct kl_est_opts *o = e->o;
	int rc;

	/* domain sets */
	size_t nsets = o->nby ? o->nby + (o->overall ? 1 : 0) : 1;
	e->sets = calloc(nsets, sizeof(*e->sets));
	e->setcols = calloc(nsets, sizeof(*e->setcols));
	e->setmv = calloc(nsets, sizeof(*e->setmv));
	if (!e->sets || !e->setcols || !e->setmv) {
		return kli_oom(err);
	}
	if (!o->nby || o->overall)
		e->nsets++; /* the whole sample: no variables */
	for (size_t k = 0; k < o->nby; k++) {
		struct kl_est_set *s = &e->sets[e->nsets++];
		if (kli_est_split_set(o->by[k], s)) {
			return kli_oom(err);
		}
		if (s->nvars == 0) {
			return kl_error_set(err, KL_ERR_USAGE, "empty --by");
		}
	}
	for (size_t k = 0; k < e->nsets; k++) {
		e->setcols[k] = calloc(e->sets[k].nvars + 1, sizeof(int));
		e->setmv[k] =
		    calloc(e->sets[k].nvars + 1, sizeof(*e->setmv[k]));
		if (!e->setcols[k] || !e->setmv[k]) {
			return kli_oom(err);
		}
		for (size_t j = 0; j < e->sets[k].nvars; j++) {
			rc = kli_est_need_var(e, e->sets[k].vars[j], "--by",
			                      &e->setcols[k][j], err);
			if (rc)
				return rc;
			e->setmv[k][j] =
			    kli_est_meta_var(&e->m, e->sets[k].vars[j]);
		}
	}
	if (o->subset) {
		rc =
		    kli_est_need_var(e, o->subset, "subset", &e->c_subset, err);
		if (rc)
			return rc;
	}

	return KL_OK;
}

/*
 * The items of e (o->items, or every category and multiple-choice
 * variable that is not a design variable), their slot layout (e->K) and
 * multiple-choice groups.  KL_OK, KL_ERR_USAGE (unknown or unusable
 * item, no items) or KL_ERR_NOMEM.
 */
static int est_items(struct est *e, const char *survey, struct kl_error *err)
{
	const struct kl_est_opts *o = e->o;
	int rc;

	/* items */
	size_t nnames = o->items ? o->nitems : e->m.nvars;
	e->items = calloc(nnames + 1, sizeof(*e->items));
	if (!e->items) {
		return kli_oom(err);
	}
	for (size_t i = 0; i < nnames; i++) {
		struct mvar *v;
		if (o->items) {
			v = kli_est_meta_var(&e->m, o->items[i]);
			if (!v) {
				return kl_error_set(
				    err, KL_ERR_USAGE,
				    "no variable '%s' in survey "
				    "'%s'",
				    o->items[i], survey);
			}
		} else {
			v = &e->m.vars[i];
			if ((strcmp(v->type, "category") &&
			     strcmp(v->type, "multi")) ||
			    kli_est_is_design_var(e, v->name))
				continue;
		}
		rc = kli_est_setup_item(e, &e->items[e->nitems++], v, err);
		if (rc)
			return rc;
	}
	if (e->nitems == 0) {
		return kl_error_set(err, KL_ERR_USAGE,
		                    "no items to estimate in survey '%s'",
		                    survey);
	}
	e->K = H_SIZE;
	for (size_t i = 0; i < e->nitems; i++) {
		e->items[i].off = e->K;
		e->K +=
		    I_SIZE +
		    L_SIZE * (e->items[i].numeric ? 1 : e->items[i].v->ncodes);
	}
	return kli_est_setup_groups(e, err);
}

/*
 * After the scan: dorder[] the domains in output order (e->dom_rank its
 * inverse), e->order the slots by domain, stratum, psu and unit, each
 * domain's range in it, its rows and its degrees of freedom.
 */
static void est_order(struct est *e, uint32_t *dorder)
{
	for (size_t k = 0; k < e->ndoms; k++)
		dorder[k] = (uint32_t)k;
	qsort_r(dorder, e->ndoms, sizeof(*dorder), kli_est_cmp_dom, e);
	for (size_t k = 0; k < e->ndoms; k++)
		e->dom_rank[dorder[k]] = (uint32_t)k;
	for (size_t k = 0; k < e->nslots; k++)
		e->order[k] = (uint32_t)k;
	qsort_r(e->order, e->nslots, sizeof(*e->order), kli_est_cmp_slot, e);
	for (size_t k = 0; k < e->ndoms; k++)
		e->doms[k].start = e->doms[k].end = -1;
	for (size_t k = 0; k < e->nslots; k++) {
		struct dom *d = &e->doms[e->slots[e->order[k]].domain];
		if (d->start < 0)
			d->start = (long)k;
		d->end = (long)k + 1;
	}
	for (size_t k = 0; k < e->ndoms; k++) {
		struct dom *d = &e->doms[k];
		long npsu = 0, nstr = 0, lasth = -1;
		long long npos = 0;
		for (long i = d->start; i < d->end;) {
			uint32_t u = e->slots[e->order[i]].unit;
			uint32_t p = e->clustered ? kli_est_unit_psu(e, u) : u;
			long h = kli_est_unit_stratum(e, u);
			double pos = 0;
			while (i < d->end) {
				uint32_t u2 = e->slots[e->order[i]].unit;
				if ((e->clustered ? kli_est_unit_psu(e, u2)
				                  : u2) != p)
					break;
				const double *a =
				    e->acc + (size_t)e->order[i] * e->K;
				d->nrows += (long long)a[H_NROWS];
				pos += a[H_NPOS];
				i++;
			}
			if (pos > 0) {
				npsu++;
				npos += (long long)pos;
				if (h != lasth)
					nstr++;
				lasth = h;
			}
		}
		d->df = e->clustered ? (double)(npsu - nstr)
		                     : (double)(npos - nstr);
		/* R keeps the rows outside the domain of a calibrated design,
		 * with weight 0: n_rows is the whole sample's */
		d->ndom = d->nrows;
		if (e->cal)
			d->nrows = e->cal->group_nrows[e->over_group[d->over]];
	}
}

/*
 * The domain and rows of domain d (output position k) of result r: by-
 * values, their labels and one row per item and level.  KL_OK or
 * KL_ERR_NOMEM.
 */
static int est_domain_rows(struct est *e, const struct dom *d, size_t k,
                           struct kl_est_result *r, double *zbuf, double *zbuf2,
                           struct kl_error *err)
{
	struct kl_est_domain *rd = &r->domains[r->ndomains++];
	size_t nv = e->sets[d->set].nvars;
	rd->set = d->set;
	rd->values = calloc(nv + 1, sizeof(char *));
	if (!rd->values ||
	    (e->c_over > 0 &&
	     !(rd->over = kli_strdup(e->over_vals.key[d->over])))) {
		return kli_oom(err);
	}
	rd->labels = calloc(nv + 1, sizeof(char *));
	if (!rd->labels) {
		return kli_oom(err);
	}
	for (size_t j = 0; j < nv; j++) {
		const char *val = e->byvals.key[d->vals[j]];
		const struct mvar *bv =
		    kli_est_meta_var(&e->m, e->sets[d->set].vars[j]);
		const char *lab = NULL;
		for (size_t c = 0; bv && c < bv->ncodes; c++)
			if (!strcmp(bv->codes[c], val))
				lab = bv->labels[c];
		if (!(rd->values[j] = kli_strdup(val)) ||
		    (lab && !(rd->labels[j] = kli_strdup(lab)))) {
			return kli_oom(err);
		}
	}
	for (size_t i = 0; i < e->nitems; i++) {
		const struct ritem *it = &e->items[i];
		size_t nl = it->numeric ? 1 : it->v->ncodes;
		double W = 0, NV = 0, Q = 0;
		for (long s = d->start; s < d->end; s++) {
			const double *b =
			    e->acc + (size_t)e->order[s] * e->K + it->off;
			W += b[I_B];
			NV += b[I_NV];
			Q += b[I_Q];
		}
		for (size_t l = 0; l < nl; l++) {
			struct kl_est_row *row = &r->rows[r->nrows++];
			struct cell c = {0};
			double A = 0, N = 0;
			c.off = it->off;
			c.loff = it->off + I_SIZE + l * L_SIZE;
			c.numeric = it->numeric;
			for (long s = d->start; s < d->end; s++) {
				const double *b =
				    e->acc + (size_t)e->order[s] * e->K;
				A += b[c.loff + L_A];
				N += b[c.loff + L_N];
			}
			row->item = i;
			row->domain = k;
			row->level = it->numeric ? -1 : (long)l;
			row->n_rows = d->nrows;
			row->n_domain = d->ndom;
			row->n_valid = (long long)NV;
			row->n_yes = it->numeric ? -1 : (long long)N;
			kli_est_fill_row(e, d, &c, row, A, W, Q, zbuf, zbuf2);
		}
	}
	return KL_OK;
}

/*
 * The domains and rows of result r, domains in order dorder.  KL_OK or
 * KL_ERR_NOMEM.
 */
static int est_rows(struct est *e, const uint32_t *dorder,
                    struct kl_est_result *r, double *zbuf, double *zbuf2,
                    struct kl_error *err)
{
	int rc;

	size_t nrows_per = 0;
	for (size_t i = 0; i < e->nitems; i++)
		nrows_per += e->items[i].numeric ? 1 : e->items[i].v->ncodes;
	r->rows = calloc(e->ndoms * nrows_per + 1, sizeof(*r->rows));
	if (!r->rows) {
		return kli_oom(err);
	}
	for (size_t k = 0; k < e->ndoms; k++) {
		rc = est_domain_rows(e, &e->doms[dorder[k]], k, r, zbuf, zbuf2,
		                     err);
		if (rc)
			return rc;
	}
	return KL_OK;
}

/*
 * Estimates of o_in->items over the domains of o_in->by for survey
 * (kl_estimate.h): *out the new result (the caller frees it with
 * kl_est_result_free), or NULL and the error.  Set-up, scan, design,
 * ordering and rows each live in a function above.
 */
int kl_estimate(struct kl_store *st, const char *survey,
                const struct kl_est_opts *o_in, struct kl_est_result **out,
                struct kl_error *err)
{
	struct est e;
	struct kl_est_opts o = *o_in;
	struct kl_est_result *r = NULL;
	uint32_t *dorder = NULL;
	double *zbuf = NULL, *zbuf2 = NULL;
	int rc;

	*out = NULL;
	memset(&e, 0, sizeof(e));
	if (o.level == 0)
		o.level = 0.95;
	if (!(o.level > 0 && o.level < 1))
		return kl_error_set(err, KL_ERR_USAGE,
		                    "confidence level must be between 0 and 1");
	if (!o.design)
		return kl_error_set(err, KL_ERR_USAGE, "no design");
	e.st = st;
	e.o = &o;
	e.c_over = e.c_strata = e.c_weight = e.c_subset = -1;
	e.c_psu[0] = e.c_psu[1] = e.c_fpc[0] = e.c_fpc[1] = -1;
	if (kli_est_spec_copy(&e.d, o.design))
		return kli_oom(err);
	rc = kli_est_load_meta(st, survey, &e.m, err);
	if (rc)
		goto out;
	rc = est_design(&e, survey, err);
	if (rc)
		goto out;
	rc = est_sets(&e, err);
	if (!rc)
		rc = est_items(&e, survey, err);
	if (rc)
		goto out;

	rc = kli_est_scan(&e, err);
	if (!rc)
		rc = kli_est_finish_design(&e, err);
	if (!rc && e.cal)
		rc = kli_est_cal_setup(&e, err);
	if (rc)
		goto out;

	/* domains in output order; slots by domain, stratum, psu, unit */
	dorder = malloc((e.ndoms + 1) * sizeof(*dorder));
	e.dom_rank = malloc((e.ndoms + 1) * sizeof(*e.dom_rank));
	e.order = malloc((e.nslots + 1) * sizeof(*e.order));
	zbuf = malloc((e.npsu + 1) * sizeof(double));
	zbuf2 = malloc((e.nssu + 1) * sizeof(double));
	r = calloc(1, sizeof(*r));
	if (!dorder || !e.dom_rank || !e.order || !zbuf || !zbuf2 || !r) {
		rc = kli_oom(err);
		goto out;
	}
	est_order(&e, dorder);

	if (copy_result(&e, survey, r)) {
		rc = kli_oom(err);
		goto out;
	}
	rc = est_rows(&e, dorder, r, zbuf, zbuf2, err);
	if (rc)
		goto out;
	*out = r;
	r = NULL;
out:
	kl_est_result_free(r);
	free(dorder);
	free(zbuf);
	free(zbuf2);
	est_release(&e);
	return rc;
}

/*
 * Differences between over values a and b of r (kl_estimate.h): *out
 * (the caller frees it) with *n entries; KL_ERR_USAGE for an unknown
 * value or a result without --over.
 */
int kl_est_compare(const struct kl_est_result *r, const char *a, const char *b,
                   struct kl_est_diff **out, size_t *n, struct kl_error *err)
{
	*out = NULL;
	*n = 0;
	if (!r->design.over)
		return kl_error_set(err, KL_ERR_USAGE,
		                    "comparing needs --over");
	size_t nper = 0;
	for (size_t i = 0; i < r->nitems; i++)
		nper += r->items[i].numeric ? 1 : r->items[i].nlevels;
	int found[2] = {0, 0};
	struct kl_est_diff *v = calloc(r->nrows + 1, sizeof(*v));
	if (!v)
		return kli_oom(err);
	double zq = gsl_cdf_ugaussian_Pinv(1 - (1 - r->level) / 2);
	for (size_t da = 0; da < r->ndomains; da++) {
		const struct kl_est_domain *x = &r->domains[da];
		if (strcmp(x->over, a) == 0)
			found[0] = 1;
		if (strcmp(x->over, b) == 0)
			found[1] = 1;
		if (strcmp(x->over, a) != 0)
			continue;
		size_t db;
		for (db = 0; db < r->ndomains; db++) {
			const struct kl_est_domain *y = &r->domains[db];
			if (y->set != x->set || strcmp(y->over, b) != 0)
				continue;
			size_t j;
			for (j = 0; j < r->sets[x->set].nvars; j++)
				if (strcmp(x->values[j], y->values[j]))
					break;
			if (j == r->sets[x->set].nvars)
				break;
		}
		if (db == r->ndomains)
			continue;
		for (size_t k = 0; k < nper; k++) {
			const struct kl_est_row *ra = &r->rows[da * nper + k];
			const struct kl_est_row *rb = &r->rows[db * nper + k];
			struct kl_est_diff *d = &v[(*n)++];
			d->item = ra->item;
			d->domain = da;
			d->level = ra->level;
			d->prop[0] = ra->prop;
			d->prop[1] = rb->prop;
			d->se[0] = ra->se;
			d->se[1] = rb->se;
			d->diff = rb->prop - ra->prop;
			d->se_diff = sqrt(ra->se * ra->se + rb->se * rb->se);
			d->z = d->se_diff > 0 ? d->diff / d->se_diff : NAN;
			d->p_value = isnan(d->z)
			                 ? NAN
			                 : 2 * gsl_cdf_ugaussian_P(-fabs(d->z));
			d->ci_lo = d->diff - zq * d->se_diff;
			d->ci_hi = d->diff + zq * d->se_diff;
		}
	}
	for (int k = 0; k < 2; k++)
		if (!found[k]) {
			free(v);
			*n = 0;
			return kl_error_set(err, KL_ERR_USAGE,
			                    "--compare: no rows with %s = %s",
			                    r->design.over, k ? b : a);
		}
	*out = v;
	return 0;
}
