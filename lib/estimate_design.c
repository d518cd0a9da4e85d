/*
 * estimate_design.c - names of the options, the designs table (kl_design_save,
 * kl_design_load), the survey's metadata and the design after the scan
 * (strata, clusters, lonely PSUs) for kl_estimate (estimate_priv.h).
 */
#define _GNU_SOURCE /* qsort_r */
#include "estimate_priv.h"

/* ------------------------------------------------------------ names */

int kl_lonely_parse(const char *s)
{
	static const char *const names[] = {"fail", "adjust", "certainty",
	                                    "remove", "average"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* The option name of l ("fail", ...), "?" for an unknown value. */
const char *kl_lonely_name(enum kl_lonely l)
{
	switch (l) {
	case KL_LONELY_FAIL:
		return "fail";
	case KL_LONELY_ADJUST:
		return "adjust";
	case KL_LONELY_CERTAINTY:
		return "certainty";
	case KL_LONELY_REMOVE:
		return "remove";
	case KL_LONELY_AVERAGE:
		return "average";
	}
	return "?";
}

/* The option name of interval method m, "?" for KL_CI_N or unknown. */
const char *kl_ci_name(enum kl_ci m)
{
	switch (m) {
	case KL_CI_LOGIT:
		return "logit";
	case KL_CI_BETA:
		return "beta";
	case KL_CI_MEAN:
		return "mean";
	case KL_CI_XLOGIT:
		return "xlogit";
	case KL_CI_N:
		break;
	}
	return "?";
}

/*
 * The words of flags, ";"-separated, into buf (n bytes, always
 * NUL-terminated when n > 0).
 */
void kl_est_flags_str(unsigned flags, char *buf, size_t n)
{
	static const char *const words[] = {"empty", "zero", "all",   "df<1",
	                                    "small", "se0",  "novar", "nodeff"};
	size_t k = 0;
	if (n)
		buf[0] = 0;
	for (int i = 0; i < 8; i++) {
		if (!(flags & (1u << i)))
			continue;
		int w = snprintf(buf + k, n > k ? n - k : 0, "%s%s",
		                 k ? ";" : "", words[i]);
		if (w > 0)
			k += (size_t)w;
	}
}

/* Free the strings of d and zero it; NULL is a no-op. */
void kl_design_spec_release(struct kl_design_spec *d)
{
	if (!d)
		return;
	free(d->psu[0]);
	free(d->psu[1]);
	free(d->strata);
	free(d->weight);
	free(d->fpc[0]);
	free(d->fpc[1]);
	free(d->over);
	memset(d, 0, sizeof(*d));
}

/* dst a deep copy of src (dst owns it); -1 on OOM with dst released. */
int kli_est_spec_copy(struct kl_design_spec *dst,
                      const struct kl_design_spec *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->lonely = src->lonely;
	const char *s[7] = {src->psu[0], src->psu[1], src->strata, src->weight,
	                    src->fpc[0], src->fpc[1], src->over};
	char **d[7] = {&dst->psu[0], &dst->psu[1], &dst->strata, &dst->weight,
	               &dst->fpc[0], &dst->fpc[1], &dst->over};
	for (int i = 0; i < 7; i++) {
		if (s[i] && !(*d[i] = kli_strdup(s[i]))) {
			kl_design_spec_release(dst);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ designs */

/*
 * Save design d of survey under name in the designs table (kl_estimate.h).
 * KL_ERR_USAGE for an empty name, else KL_OK or the store's error.
 */
int kl_design_save(struct kl_store *st, const char *name,
                   const struct kl_design_spec *d, const char *survey,
                   struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char now[32];
	int rc;

	if (!name || !*name)
		return kl_error_set(err, KL_ERR_USAGE, "empty design name");
	rc = kli_store_prepare(
	    st,
	    "INSERT OR REPLACE INTO designs (name, survey, psu, ssu, strata, "
	    "weight, fpc1, fpc2, over, lonely, saved_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    &s, err);
	if (rc)
		return rc;
	kli_utc_now(now, sizeof(now));
	kli_bind_text(s, 1, name);
	kli_bind_text(s, 2, survey);
	kli_bind_text(s, 3, d->psu[0]);
	kli_bind_text(s, 4, d->psu[1]);
	kli_bind_text(s, 5, d->strata);
	kli_bind_text(s, 6, d->weight);
	kli_bind_text(s, 7, d->fpc[0]);
	kli_bind_text(s, 8, d->fpc[1]);
	kli_bind_text(s, 9, d->over);
	kli_bind_text(s, 10, kl_lonely_name(d->lonely));
	kli_bind_text(s, 11, now);
	int r = sqlite3_step(s);
	if (r != SQLITE_DONE)
		rc = kli_store_fail(st, r, err, "saving the design");
	sqlite3_finalize(s);
	return rc;
}

/*
 * Load saved design name into d (d owns the strings); KL_ERR_USAGE when
 * there is none.
 */
int kl_design_load(struct kl_store *st, const char *name,
                   struct kl_design_spec *d, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = kli_store_prepare(st,
	                       "SELECT psu, ssu, strata, weight, fpc1, fpc2, "
	                       "over, lonely FROM designs WHERE name = ?",
	                       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		char **f[7] = {&d->psu[0], &d->psu[1], &d->strata, &d->weight,
		               &d->fpc[0], &d->fpc[1], &d->over};
		for (int i = 0; i < 7; i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			if (v && !(*f[i] = kli_strdup(v)))
				rc = kli_oom(err);
		}
		const char *l = (const char *)sqlite3_column_text(s, 7);
		int lv = l ? kl_lonely_parse(l) : -1;
		d->lonely = lv < 0 ? KL_LONELY_FAIL : (enum kl_lonely)lv;
	} else if (r == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no design named '%s' in the store", name);
	} else {
		rc = kli_store_fail(st, r, err, "reading the design");
	}
	sqlite3_finalize(s);
	if (rc)
		kl_design_spec_release(d);
	return rc;
}

/* ------------------------------------------------------------ metadata */

void kli_est_meta_release(struct meta *m)
{
	for (size_t i = 0; i < m->nvars; i++) {
		struct mvar *v = &m->vars[i];
		free(v->name);
		free(v->label);
		free(v->type);
		free(v->storage);
		free(v->valid_spec);
		free(v->filter_var);
		free(v->filter_value);
		free(v->mc_group);
		for (size_t j = 0; j < v->ncodes; j++) {
			free(v->codes[j]);
			free(v->labels[j]);
		}
		free(v->codes);
		free(v->labels);
		for (size_t j = 0; j < v->nmiss; j++)
			free(v->miss[j]);
		free(v->miss);
	}
	free(m->vars);
	free(m->table);
	memset(m, 0, sizeof(*m));
}

/* The metadata of variable name in m, or NULL (also for name NULL). */
struct mvar *kli_est_meta_var(struct meta *m, const char *name)
{
	for (size_t i = 0; name && i < m->nvars; i++)
		if (strcmp(m->vars[i].name, name) == 0)
			return &m->vars[i];
	return NULL;
}

/*
 * A copy of text column i of s (NULL for NULL; *oom set when the copy
 * fails).
 */
static char *col_dup(sqlite3_stmt *s, int i, int *oom)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	if (!v)
		return NULL;
	char *c = kli_strdup(v);
	if (!c)
		*oom = 1;
	return c;
}

/* The codes of "a=label|b=label" in order. */
static int parse_codes(struct mvar *v)
{
	const char *p = v->valid_spec ? v->valid_spec : "";
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		char *code = kli_trim_n(p, eq ? (size_t)(eq - p) : len);
		if (!code)
			return -1;
		char **c = realloc(v->codes, (v->ncodes + 1) * sizeof(*c));
		char **l =
		    c ? realloc(v->labels, (v->ncodes + 1) * sizeof(*l)) : NULL;
		if (c)
			v->codes = c;
		if (!c || !l) {
			free(code);
			return -1;
		}
		v->labels = l;
		v->codes[v->ncodes] = code;
		v->labels[v->ncodes] =
		    eq ? kli_trim_n(eq + 1, len - (size_t)(eq - p) - 1) : NULL;
		v->ncodes++;
		p += len;
		if (*p == '|')
			p++;
	}
	return 0;
}

/*
 * The survey's table, variables, codes and value labels into m (m owns
 * them; kli_est_meta_release frees).  KL_ERR_USAGE for an unknown survey,
 * KL_ERR_NOMEM or the store's error.
 */
int kli_est_load_meta(struct kl_store *st, const char *survey, struct meta *m,
                      struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc, r, oom = 0;

	memset(m, 0, sizeof(*m));
	rc = kli_store_prepare(
	    st,
	    "SELECT id, data_table, codebook_import_id IS NOT NULL "
	    "FROM surveys WHERE name = ?",
	    &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, survey, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		m->survey_id = sqlite3_column_int64(s, 0);
		m->table = col_dup(s, 1, &oom);
		m->codebook = sqlite3_column_int(s, 2);
	} else if (r == SQLITE_DONE) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no survey named '%s' in the store", survey);
	} else {
		rc = kli_store_fail(st, r, err, "reading surveys");
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (oom || !m->table)
		return kli_oom(err);

	rc =
	    kli_store_prepare(st,
	                      "SELECT name, label, type, storage, valid_spec, "
	                      "filter_var, filter_value, mc_group FROM "
	                      "variables WHERE survey_id = ? ORDER BY position",
	                      &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, m->survey_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct mvar *nv =
		    realloc(m->vars, (m->nvars + 1) * sizeof(*nv));
		if (!nv) {
			oom = 1;
			break;
		}
		m->vars = nv;
		struct mvar *v = &m->vars[m->nvars++];
		memset(v, 0, sizeof(*v));
		v->col = -1;
		v->name = col_dup(s, 0, &oom);
		v->label = col_dup(s, 1, &oom);
		v->type = col_dup(s, 2, &oom);
		v->storage = col_dup(s, 3, &oom);
		v->valid_spec = col_dup(s, 4, &oom);
		v->filter_var = col_dup(s, 5, &oom);
		v->filter_value = col_dup(s, 6, &oom);
		v->mc_group = col_dup(s, 7, &oom);
		if (!oom &&
		    (!strcmp(v->type, "category") ||
		     !strcmp(v->type, "multi")) &&
		    parse_codes(v))
			oom = 1;
	}
	if (r != SQLITE_DONE && !oom)
		rc = kli_store_fail(st, r, err, "reading variables");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (oom)
		return kli_oom(err);

	rc = kli_store_prepare(st,
	                       "SELECT variable, code, label, is_missing FROM "
	                       "value_labels WHERE survey_id = ?",
	                       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, m->survey_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct mvar *v = kli_est_meta_var(
		    m, (const char *)sqlite3_column_text(s, 0));
		const char *code = (const char *)sqlite3_column_text(s, 1);
		const char *label = (const char *)sqlite3_column_text(s, 2);
		if (!v || !code)
			continue;
		if (sqlite3_column_int(s, 3)) {
			char **mm =
			    realloc(v->miss, (v->nmiss + 1) * sizeof(*mm));
			if (!mm || !(mm[v->nmiss] = kli_strdup(code))) {
				if (mm)
					v->miss = mm;
				oom = 1;
				break;
			}
			v->miss = mm;
			v->nmiss++;
			continue;
		}
		for (size_t j = 0; j < v->ncodes; j++) {
			if (strcmp(v->codes[j], code) == 0 && label &&
			    !v->labels[j]) {
				v->labels[j] = kli_strdup(label);
				break;
			}
		}
	}
	if (r != SQLITE_DONE && !oom)
		rc = kli_store_fail(st, r, err, "reading value labels");
	sqlite3_finalize(s);
	if (!rc && oom)
		rc = kli_oom(err);
	return rc;
}

/* ------------------------------------------------------------ the design */

static const char *stratum_name(const struct est *e, uint32_t h)
{
	if (e->c_strata <= 0)
		return "(whole sample)";
	return e->strata_vals.key[e->strata[h].value];
}

/* " (over = value)" for stratum h into buf (n bytes), "" without --over. */
static void where_over(const struct est *e, uint32_t h, char *buf, size_t n)
{
	if (e->c_over > 0)
		snprintf(buf, n, " (%s = %s)", e->d.over,
		         e->over_vals.key[e->strata[h].over]);
	else if (n)
		buf[0] = 0;
}

/* Population sizes and fractions from the fpc values; lonely units under
 * "fail"; weights from the fpc when there is no weight column. */
int kli_est_finish_design(struct est *e, struct kl_error *err)
{
	char wo[256];
	int popmode = e->fpc_seen && e->fpc_max > 1;
	if (popmode && e->fpc_min < 1)
		return kl_error_set(err, KL_ERR_PARSE,
		                    "fpc mixes population sizes (> 1) and "
		                    "sampling fractions (< 1)");
	for (size_t h = 0; h < e->nstrata; h++) {
		struct stratum *s = &e->strata[h];
		double n = e->clustered ? (double)s->npsu : (double)s->nrows;
		s->f = 1;
		s->N = NAN;
		if (e->c_fpc[0] > 0) {
			s->N = popmode ? s->fpc : n / s->fpc;
			if (s->N < n) {
				where_over(e, (uint32_t)h, wo, sizeof(wo));
				return kl_error_set(
				    err, KL_ERR_PARSE,
				    "stratum '%s'%s: fpc gives a population of "
				    "%.17g, fewer than the %.0f units sampled",
				    stratum_name(e, (uint32_t)h), wo, s->N, n);
			}
			s->f = (s->N - n) / s->N;
		}
		if (n == 1 && s->f >= 1e-7 && e->d.lonely == KL_LONELY_FAIL) {
			where_over(e, (uint32_t)h, wo, sizeof(wo));
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "stratum '%s'%s has one sampled unit; choose "
			    "--lonely-psu adjust, certainty, remove or average",
			    stratum_name(e, (uint32_t)h), wo);
		}
	}
	for (size_t j = 0; j < e->npsu && e->two_stage; j++) {
		struct psu *p = &e->psus[j];
		double n = (double)p->nssu;
		p->f = 1;
		p->N = NAN;
		if (e->c_fpc[1] > 0) {
			p->N = popmode ? p->fpc : n / p->fpc;
			if (p->N < n) {
				where_over(e, p->stratum, wo, sizeof(wo));
				return kl_error_set(
				    err, KL_ERR_PARSE,
				    "cluster '%s' in stratum '%s'%s: fpc gives "
				    "a population of %.17g, fewer than the "
				    "%.0f "
				    "units sampled",
				    e->psu_vals.key[p->value],
				    stratum_name(e, p->stratum), wo, p->N, n);
			}
			p->f = (p->N - n) / p->N;
		}
		if (e->stage2_var && n == 1 && p->f >= 1e-7 &&
		    e->d.lonely == KL_LONELY_FAIL) {
			where_over(e, p->stratum, wo, sizeof(wo));
			return kl_error_set(
			    err, KL_ERR_PARSE,
			    "a cluster in stratum '%s'%s has one sampled "
			    "second-stage unit; choose --lonely-psu adjust, "
			    "certainty, remove or average",
			    stratum_name(e, p->stratum), wo);
		}
	}
	if (!e->w_from_fpc)
		return 0;
	for (size_t k = 0; k < e->nslots; k++) {
		uint32_t u = e->slots[k].unit;
		uint32_t h = (uint32_t)kli_est_unit_stratum(e, u);
		const struct stratum *s = &e->strata[h];
		double n1 = e->clustered ? (double)s->npsu : (double)s->nrows;
		double c = s->N / n1;
		if (e->two_stage && e->c_fpc[1] > 0) {
			const struct psu *p = &e->psus[kli_est_unit_psu(e, u)];
			c *= p->N / (double)p->nssu;
		}
		double *a = e->acc + k * e->K;
		for (size_t i = 0; i < e->nitems; i++) {
			const struct ritem *it = &e->items[i];
			double *b = a + it->off;
			size_t nl = it->numeric ? 1 : it->v->ncodes;
			b[I_B] *= c;
			b[I_W2] *= c * c;
			b[I_Q] *= c;
			b[I_Q2] *= c * c;
			for (size_t l = 0; l < nl; l++) {
				b[I_SIZE + l * L_SIZE + L_A] *= c;
				b[I_SIZE + l * L_SIZE + L_A2] *= c * c;
			}
		}
	}
	return 0;
}

/* Numbers before text, numbers by value, text by bytes. */
static int cmp_value(const char *a, const char *b)
{
	char *ea, *eb;
	double x = strtod(a, &ea), y = strtod(b, &eb);
	int na = *a && !*ea, nb = *b && !*eb;
	if (na && nb && x != y)
		return x < y ? -1 : 1;
	if (na != nb)
		return na ? -1 : 1;
	return strcmp(a, b);
}

/*
 * qsort_r order of domain ids (ctx the struct est): set, over value,
 * by-values (cmp_value).
 */
int kli_est_cmp_dom(const void *pa, const void *pb, void *ctx)
{
	const struct est *e = ctx;
	const struct dom *a = &e->doms[*(const uint32_t *)pa];
	const struct dom *b = &e->doms[*(const uint32_t *)pb];
	int c;
	if (a->over != b->over && e->c_over > 0) {
		c = cmp_value(e->over_vals.key[a->over],
		              e->over_vals.key[b->over]);
		if (c)
			return c;
	}
	if (a->set != b->set)
		return a->set < b->set ? -1 : 1;
	for (size_t j = 0; j < e->sets[a->set].nvars; j++) {
		c = cmp_value(e->byvals.key[a->vals[j]],
		              e->byvals.key[b->vals[j]]);
		if (c)
			return c;
	}
	return 0;
}

/*
 * qsort_r order of slot ids (ctx the struct est): domain, stratum, PSU,
 * unit.
 */
int kli_est_cmp_slot(const void *pa, const void *pb, void *ctx)
{
	const struct est *e = ctx;
	const uint32_t *dom_rank = e->dom_rank;
	const struct slot *a = &e->slots[*(const uint32_t *)pa];
	const struct slot *b = &e->slots[*(const uint32_t *)pb];
	if (a->domain != b->domain)
		return dom_rank[a->domain] < dom_rank[b->domain] ? -1 : 1;
	int ha = kli_est_unit_stratum(e, a->unit),
	    hb = kli_est_unit_stratum(e, b->unit);
	if (ha != hb)
		return ha < hb ? -1 : 1;
	if (e->clustered) {
		uint32_t pa_ = kli_est_unit_psu(e, a->unit),
		         pb_ = kli_est_unit_psu(e, b->unit);
		if (pa_ != pb_)
			return pa_ < pb_ ? -1 : 1;
	}
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}
