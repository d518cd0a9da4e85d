/*
 * estimate_var.c - linearised variance of one cell from the slots, with and
 * without calibration (estimate_priv.h).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* ------------------------------------------------------------ variance */

static double score(const struct cell *c, const double *a)
{
	double A = a[c->loff + L_A];
	if (c->total)
		return A;
	return (A - c->p * a[c->off + I_B]) / c->B;
}

/* Sum of squared row scores of an unclustered slot. */
static double score_sq(const struct cell *c, const double *a)
{
	double al = c->total ? 1 : 1 / c->B, be = c->total ? 0 : -c->p / c->B;
	double A2 = a[c->loff + L_A2], W2 = a[c->off + I_W2];
	if (c->numeric)
		return al * al * a[c->off + I_Q2] + 2 * al * be * A2 +
		       be * be * W2;
	double r = (al + be) * (al + be) * A2 + be * be * (W2 - A2);
	return r > 0 ? r : 0;
}

/* The contribution of one stratum (or, at stage 2, one cluster) with n
 * sampled units, k of them with totals z[0..k) and the rest 0, and
 * f = 1 - sampling fraction (onestrat() in R).  *ok = 0 when the stratum
 * has no variance of its own (lonely, "average"). */
static double onestrat(const double *z, size_t k, double n, double f,
                       enum kl_lonely lonely, int *ok)
{
	*ok = 1;
	if (f < 1e-7)
		return 0;
	if (n > 1) {
		double sum = 0, ss = 0;
		for (size_t i = 0; i < k; i++)
			sum += z[i];
		double mean = sum / n;
		for (size_t i = 0; i < k; i++)
			ss += (z[i] - mean) * (z[i] - mean);
		ss += (n - (double)k) * mean * mean;
		return f * n / (n - 1) * ss;
	}
	switch (lonely) {
	case KL_LONELY_ADJUST:
		return k ? f * z[0] * z[0] : 0;
	case KL_LONELY_AVERAGE:
		*ok = 0;
		return 0;
	case KL_LONELY_FAIL:
	case KL_LONELY_CERTAINTY:
	case KL_LONELY_REMOVE:
		break;
	}
	return 0;
}

/*
 * Variance under calibrated weights (kartlagg-calibrate(1), VARIANCE): the
 * unit totals of the row scores, minus sum_j beta_j P(unit, j) for every
 * unit of the sample (also units outside the domain), then the Taylor sum
 * over all strata of the sample.
 */
static double cal_cell_var(struct est *e, const struct dom *d,
                           const struct cell *c, double *zbuf, double *zbuf2)
{
	const struct kli_cal *cal = e->cal;
	size_t nunits = e->two_stage ? e->nssu : e->npsu;
	uint32_t g = e->over_group[d->over];
	double V1 = 0, V2 = 0;
	long nstrat = 0, nok = 0;
	int ok;

	memset(e->zunit, 0, (nunits + 1) * sizeof(double));
	memset(e->sbuf, 0, (cal->ncols + 1) * sizeof(double));
	for (long i = d->start; i < d->end; i++) {
		const struct slot *sl = &e->slots[e->order[i]];
		e->zunit[sl->unit] +=
		    score(c, e->acc + (size_t)e->order[i] * e->K);
	}
	size_t dk = (size_t)(d - e->doms);
	for (long i = e->cs_start[dk]; i < e->cs_start[dk + 1]; i++) {
		uint32_t k = e->cs_order[i];
		e->sbuf[e->cs[k].unit] = score(c, e->csacc + (size_t)k * e->K);
	}
	kli_cal_beta(cal, g, e->sbuf, e->beta);
	for (size_t k = 0; k < e->np; k++)
		e->zunit[e->pent[k].unit] -=
		    e->beta[e->pent[k].domain] * e->pval[k];

	for (size_t h = 0; h < e->nstrata; h++) {
		const struct stratum *st = &e->strata[h];
		if (st->over != d->over)
			continue;
		size_t k = 0;
		for (long a = e->hp_start[h]; a < e->hp_start[h + 1]; a++) {
			uint32_t p = e->hp_order[a];
			double zp = 0;
			if (!e->two_stage) {
				zbuf[k++] = e->zunit[p];
				continue;
			}
			size_t k2 = 0;
			for (long b = e->sp_start[p]; b < e->sp_start[p + 1];
			     b++) {
				double z = e->zunit[e->sp_order[b]];
				zp += z;
				zbuf2[k2++] = z;
			}
			zbuf[k++] = zp;
			if (e->stage2_var) {
				const struct psu *ps = &e->psus[p];
				int ok2;
				double v2 =
				    onestrat(zbuf2, k2, (double)ps->nssu, ps->f,
				             e->d.lonely, &ok2);
				if (!ok2)
					return NAN;
				V2 += v2 * (double)st->npsu / st->N;
			}
		}
		V1 += onestrat(zbuf, k, (double)st->npsu, st->f, e->d.lonely,
		               &ok);
		nstrat++;
		nok += ok;
	}
	if (nok < nstrat) {
		if (nok == 0)
			return NAN;
		V1 *= (double)nstrat / (double)nok;
	}
	return V1 + V2;
}

/* Linearised variance of the cell's estimate in domain d; NaN when it is
 * undefined (lonely units under "average" with no stratum left). */
double kli_est_cell_var(struct est *e, const struct dom *d,
                        const struct cell *c, double *zbuf, double *zbuf2)
{
	double V1 = 0, V2 = 0;
	long nstrat = 0, nok = 0;
	long i = d->start;
	int ok;

	if (e->cal)
		return cal_cell_var(e, d, c, zbuf, zbuf2);
	while (i < d->end) {
		uint32_t h = (uint32_t)kli_est_unit_stratum(
		    e, e->slots[e->order[i]].unit);
		const struct stratum *s = &e->strata[h];
		int present = 0;
		double v;
		if (!e->clustered) {
			const double *a = e->acc + (size_t)e->order[i] * e->K;
			double n = (double)s->nrows, z = score(c, a);
			double sq = score_sq(c, a);
			present = a[c->off + I_NV] > 0;
			i++;
			ok = 1;
			if (s->f < 1e-7)
				v = 0;
			else if (n > 1) {
				double ss = sq - z * z / n;
				v = s->f * n / (n - 1) * (ss > 0 ? ss : 0);
			} else {
				v = onestrat(&z, 1, 1, s->f, e->d.lonely, &ok);
			}
		} else {
			size_t k = 0;
			while (i < d->end &&
			       (uint32_t)kli_est_unit_stratum(
			           e, e->slots[e->order[i]].unit) == h) {
				uint32_t p = kli_est_unit_psu(
				    e, e->slots[e->order[i]].unit);
				double zp = 0;
				int pp = 0;
				size_t k2 = 0;
				while (i < d->end &&
				       kli_est_unit_psu(
				           e, e->slots[e->order[i]].unit) ==
				           p) {
					const double *a =
					    e->acc + (size_t)e->order[i] * e->K;
					double z = score(c, a);
					zp += z;
					if (a[c->off + I_NV] > 0)
						pp = 1;
					if (e->stage2_var)
						zbuf2[k2++] = z;
					i++;
				}
				zbuf[k++] = zp;
				present |= pp;
				if (e->stage2_var && pp) {
					const struct psu *ps = &e->psus[p];
					int ok2;
					double v2 = onestrat(
					    zbuf2, k2, (double)ps->nssu, ps->f,
					    e->d.lonely, &ok2);
					if (!ok2)
						return NAN;
					V2 += v2 * (double)s->npsu / s->N;
				}
			}
			v = onestrat(zbuf, k, (double)s->npsu, s->f,
			             e->d.lonely, &ok);
		}
		if (present) {
			nstrat++;
			nok += ok;
		}
		V1 += v;
	}
	if (nok < nstrat) {
		if (nok == 0)
			return NAN;
		V1 *= (double)nstrat / (double)nok;
	}
	return V1 + V2;
}

/* qsort_r order of calibration slot ids (ctx the slots): domain, id. */
static int cmp_u32_dom(const void *pa, const void *pb, void *ctx)
{
	const struct slot *s = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (s[a].domain != s[b].domain)
		return s[a].domain < s[b].domain ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Index structures of the calibrated variance. */
int kli_est_cal_setup(struct est *e, struct kl_error *err)
{
	const struct kli_cal *c = e->cal;
	size_t nover = e->over_vals.n ? e->over_vals.n : 1;
	size_t nunits = e->two_stage ? e->nssu : e->npsu;
	e->over_group = calloc(nover + 1, sizeof(uint32_t));
	e->cs_order = malloc((e->ncs + 1) * sizeof(uint32_t));
	e->cs_start = calloc(e->ndoms + 2, sizeof(long));
	e->hp_order = malloc((e->npsu + 1) * sizeof(uint32_t));
	e->hp_start = calloc(e->nstrata + 2, sizeof(long));
	e->sp_order = malloc((e->nssu + 1) * sizeof(uint32_t));
	e->sp_start = calloc(e->npsu + 2, sizeof(long));
	e->zunit = calloc(nunits + 1, sizeof(double));
	e->sbuf = calloc(c->ncols + 1, sizeof(double));
	e->beta = calloc(c->ncols + 1, sizeof(double));
	if (!e->over_group || !e->cs_order || !e->cs_start || !e->hp_order ||
	    !e->hp_start || !e->sp_order || !e->sp_start || !e->zunit ||
	    !e->sbuf || !e->beta)
		return kli_oom(err);
	for (size_t v = 0; v < e->over_vals.n; v++) {
		size_t g;
		for (g = 0; g < c->ngroups; g++)
			if (c->group_over[g] &&
			    !strcmp(c->group_over[g], e->over_vals.key[v]))
				break;
		if (g == c->ngroups)
			return kl_error_set(
			    err, KL_ERR_INTERNAL,
			    "over value without a weight group");
		e->over_group[v] = (uint32_t)g;
	}
	for (size_t k = 0; k < e->ncs; k++)
		e->cs_order[k] = (uint32_t)k;
	qsort_r(e->cs_order, e->ncs, sizeof(uint32_t), cmp_u32_dom, e->cs);
	for (size_t k = 0; k < e->ncs; k++)
		e->cs_start[e->cs[k].domain + 1]++;
	for (size_t d = 0; d < e->ndoms; d++)
		e->cs_start[d + 1] += e->cs_start[d];
	/* psus by stratum, ssus by psu (counting sort) */
	for (size_t p = 0; p < e->npsu; p++)
		e->hp_start[e->psus[p].stratum + 1]++;
	for (size_t h = 0; h < e->nstrata; h++)
		e->hp_start[h + 1] += e->hp_start[h];
	{
		long *pos = calloc(e->nstrata + 1, sizeof(long));
		if (!pos)
			return kli_oom(err);
		for (size_t p = 0; p < e->npsu; p++) {
			uint32_t h = e->psus[p].stratum;
			e->hp_order[e->hp_start[h] + pos[h]++] = (uint32_t)p;
		}
		free(pos);
	}
	if (e->two_stage) {
		for (size_t u = 0; u < e->nssu; u++)
			e->sp_start[e->ssu_psu[u] + 1]++;
		for (size_t p = 0; p < e->npsu; p++)
			e->sp_start[p + 1] += e->sp_start[p];
		long *pos = calloc(e->npsu + 1, sizeof(long));
		if (!pos)
			return kli_oom(err);
		for (size_t u = 0; u < e->nssu; u++) {
			uint32_t p = e->ssu_psu[u];
			e->sp_order[e->sp_start[p] + pos[p]++] = (uint32_t)u;
		}
		free(pos);
	}
	return 0;
}
