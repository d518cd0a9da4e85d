/*
 * report.c - building the council appendix (kl_report.h) from a report
 * definition and a store: sections 0-7 of DOMAIN.md §8.
 *
 * Each section asks the library modules that own the numbers (estimate,
 * count, mse) and puts their results, formatted, into the document model
 * (report_doc.c).  Every count of persons goes into one disclosure-control
 * problem (kl_sdc.h) under a key that is the same wherever the figure
 * appears; after the last section the problem is protected once and every
 * count cell becomes its figure, the zero dash or "..".  A section whose
 * data or capability is missing says so ("avsnittet saknas: ...").
 *
 * Nothing reads the clock: the data date is the newest data period in the
 * store, every order is fixed (codes, then labels), and the bootstrap, if
 * asked for, runs with the seed in the definition.
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

/* Swedish labels of the individuals feed's codes (kartlagg-feeds(5)). */
static const char *const code_labels[][2] = {
    {"kvinna", "Kvinna/flicka"},
    {"man", "Man/pojke"},
    {"annat", "Annat"},
    {"okant", "Uppgift saknas"},
    {"0-14", "Under 15 år"},
    {"15-17", "15–17 år"},
    {"18-24", "18–24 år"},
    {"25+", "25 år och äldre"},
    {"okand", "Uppgift saknas"},
    {"socialtjanst", "Socialtjänst"},
    {"halso_sjukvard", "Hälso- och sjukvård"},
    {"ungdomsmottagning", "Ungdomsmottagning"},
    {"specialistmottagning", "Specialistmottagning"},
    {"idburen", "Idéburen organisation"},
    {"polis", "Polis"},
    {"skola", "Skola"},
    {"annan", "Annan"},
    {"sex_mot_ersattning", "Sex mot ersättning"},
    {"sugardejting", "Sugardejting"},
    {"bilder_webcam", "Bilder/webbkamera"},
    {"koppleri", "Koppleri"},
    {"manniskohandel", "Människohandel för sexuella ändamål"},
    {"internet_annons", "Internet: annonssajt"},
    {"internet_social", "Internet: sociala medier, appar"},
    {"webcam", "Webbkamera"},
    {"gata", "Gata"},
    {"hotell", "Hotell"},
    {"bostad", "Bostad/lägenhet"},
    {"massage", "Massagesalong"},
    {"strippklubb", "Strippklubb"},
    {"utomlands", "Utomlands"},
    {"ej_angivet", "Uppgift saknas"},
};

static const char *label_of(const char *code)
{
	for (size_t i = 0; i < sizeof(code_labels) / sizeof(code_labels[0]);
	     i++)
		if (strcmp(code_labels[i][0], code) == 0)
			return code_labels[i][1];
	return code;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Is kommunkod k inside the report's region? */
static int in_region(const struct kl_report_def *d, const char *k)
{
	for (size_t i = 0; i < d->nregions; i++) {
		const char *r = d->regions[i];
		if (strcmp(r, k) == 0 ||
		    (strlen(r) == 2 && strncmp(r, k, 2) == 0))
			return 1;
	}
	return 0;
}

struct ctx {
	struct kli_rb b;
	struct kl_codes *codes;
	char *region_name; /* "Västmanlands län" or "Västerås, Köping" */
	size_t summary;    /* table index of the summary */
	char imports_survey[64]; /* import ids behind each section */
	char imports_ind[256];
	char imports_off[256];
	int have_population;
	char data_date[16];
	int off_y0, off_y1; /* the offence series, 0 when none */
	/* filled for the method section */
	char mse_note[256];
	/* the MSE figures that are a function of the selected model's
	 * interaction margins (kartlagg-report(5), DISCLOSURE CONTROL):
	 * the margins' indices in the disclosure problem + 1, and the
	 * (table, row) of each figure printed ".." when one is hidden */
	size_t mse_margin[KL_MSE_MAX_TERMS];
	int n_mse_margin;
	size_t mse_t, mse_rows[6], n_mse_rows, mse_sum_row;
	int mse_have;
	/* the survey's counts in the disclosure problem, the cells their
	 * suppression hides too, and the kommun chart drawn after it */
	struct scount *scounts;
	size_t nscounts, cscounts;
	struct sdep *sdeps;
	size_t nsdeps, csdeps;
	struct kchart *kchart;
	struct strend *strend;       /* the trend chart of the shares */
	struct kl_pop_domain popdom; /* the survey's estimation domain */
	const char **subset;         /* its kommuner (the region's) */
	size_t nsubset;
	/* the population behind the estimated number of youths (Samtliga),
	 * listed in section 6 with the rates' populations; NAN when none */
	double survey_N;
	long survey_N_year;
};

/* ---- helpers ------------------------------------------------------------ */

static void note_date(struct ctx *c, const char *d)
{
	if (d && *d && strcmp(d, c->data_date) > 0)
		snprintf(c->data_date, sizeof(c->data_date), "%.15s", d);
}

static void pct_ci(char *buf, size_t n, double lo, double hi)
{
	char a[KL_FMT_SIZE], z[KL_FMT_SIZE];
	if (!isfinite(lo) || !isfinite(hi)) {
		snprintf(buf, n, "..");
		return;
	}
	kl_fmt_pct(a, sizeof(a), lo, 1);
	kl_fmt_pct(z, sizeof(z), hi, 1);
	snprintf(buf, n, "%s–%s", a, z);
}

/* A summary row: indicator, value, interval, previous, change, source. */
static void summary_row(struct ctx *c, const char *what, const char *value,
                        const char *ci, const char *prev, const char *change,
                        const char *source)
{
	struct kli_rb *b = &c->b;
	size_t r = kli_rb_row(b, c->summary);
	const char *v[5] = {value, ci, prev, change, NULL};
	kli_rb_text(b, c->summary, r, 0, what);
	for (int i = 0; i < 4; i++) {
		if (!v[i] || !*v[i] || strcmp(v[i], "..") == 0)
			kli_rb_sym(b, c->summary, r, (size_t)i + 1,
			           KLI_SYM_HIDDEN);
		else if (strcmp(v[i], KLI_SYM_NA) == 0)
			kli_rb_sym(b, c->summary, r, (size_t)i + 1, KLI_SYM_NA);
		else
			kli_rb_cell(b, c->summary, r, (size_t)i + 1, v[i],
			            NULL);
	}
	kli_rb_text(b, c->summary, r, 5, source);
}

/* ---- section 2: sources ----------------------------------------------- */

static int table_exists(struct kl_store *st, const char *name)
{
	sqlite3_stmt *s = NULL;
	int yes = 0;
	if (kli_store_prepare(st,
	                      "SELECT 1 FROM sqlite_master WHERE type = "
	                      "'table' AND name = ?1",
	                      &s, NULL))
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* The data period of import id, into buf ("" when not known). */
static void import_period(struct ctx *c, const struct kl_source *src, char *buf,
                          size_t n, char *org, size_t on)
{
	static const struct {
		const char *kind, *table, *sql;
	} q[] = {
	    {"individuals", "individuals",
	     "SELECT min(period_start), max(period_end), "
	     "count(DISTINCT organisation), min(organisation) FROM "
	     "individuals WHERE import_id = ?1"},
	    {"police", "police_cases",
	     "SELECT substr(min(reported), 1, 7), substr(max(reported), 1, "
	     "7), NULL, NULL FROM police_cases WHERE import_id = ?1"},
	    {"bra-sol", "bra_sol",
	     "SELECT min(year), max(year), NULL, NULL FROM bra_sol WHERE "
	     "import_id = ?1"},
	    {"scb-population", "population",
	     "SELECT min(year), max(year), NULL, NULL FROM population "
	     "WHERE _import_id = ?1"},
	};
	buf[0] = '\0';
	org[0] = '\0';
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *s = NULL;
		if (strcmp(src->kind, q[i].kind) ||
		    !table_exists(c->b.st, q[i].table))
			continue;
		if (kli_store_prepare(c->b.st, q[i].sql, &s, NULL))
			return;
		sqlite3_bind_int64(s, 1, src->id);
		if (sqlite3_step(s) == SQLITE_ROW &&
		    sqlite3_column_type(s, 0) != SQLITE_NULL) {
			const char *a = (const char *)sqlite3_column_text(s, 0);
			const char *z = (const char *)sqlite3_column_text(s, 1);
			if (strcmp(a, z) == 0)
				snprintf(buf, n, "%s", a);
			else
				snprintf(buf, n, "%s–%s", a, z);
			if (strcmp(q[i].kind, "scb-population") != 0)
				note_date(c, z);
			if (sqlite3_column_type(s, 3) != SQLITE_NULL) {
				long long k = sqlite3_column_int64(s, 2);
				const char *o =
				    (const char *)sqlite3_column_text(s, 3);
				if (k == 1)
					snprintf(org, on, "%s", o);
				else
					snprintf(org, on, "%lld organisationer",
					         k);
			}
		}
		sqlite3_finalize(s);
	}
}

static const char *kind_sv(const char *k)
{
	if (strcmp(k, "survey") == 0)
		return "Enkät";
	if (strcmp(k, "codebook") == 0)
		return "Kodbok";
	if (strcmp(k, "individuals") == 0)
		return "Individer (verksamheter)";
	if (strcmp(k, "police") == 0)
		return "Polisens ärenden";
	if (strcmp(k, "bra-sol") == 0)
		return "Brå, anmälda brott";
	if (strcmp(k, "scb-population") == 0)
		return "SCB, folkmängd";
	return k;
}

/* Append id to a comma list. */
static void add_id(char *list, size_t n, long long id)
{
	size_t l = strlen(list);
	snprintf(list + l, n - l, "%s%lld", l ? "," : "", id);
}

static void section_sources(struct ctx *c, struct kl_source *src, size_t n)
{
	struct kli_rb *b = &c->b;
	size_t t;
	size_t shown = 0;
	char all[256] = "";

	kli_rb_section(b, 2, "Källor och täckning");
	kli_rb_para(b, "Varje fil som lästs in i lagret och ligger till grund "
	               "för rapporten, med sin kontrollsumma (SHA-256, de "
	               "första 12 tecknen; hela summan finns i avsnitt 7). "
	               "Ersatta inläsningar visas inte.");
	t = kli_rb_table(b, "kallor",
	                 "Inlästa källor: typ, organisation, "
	                 "period, antal rader och "
	                 "kontrollsumma",
	                 7, "Id", "Typ", "Fil eller undersökning",
	                 "Organisation", "Period", "Rader", "SHA-256");
	for (size_t i = 0; i < n; i++) {
		char per[64], org[160], id[24], rows[KL_FMT_SIZE], sha[16];
		size_t r;
		if (src[i].superseded_by)
			continue;
		import_period(c, &src[i], per, sizeof(per), org, sizeof(org));
		r = kli_rb_row(b, t);
		snprintf(id, sizeof(id), "%lld", src[i].id);
		kli_rb_text(b, t, r, 0, id);
		kli_rb_text(b, t, r, 1, kind_sv(src[i].kind));
		kli_rb_text(b, t, r, 2,
		            src[i].target[0] ? src[i].target : src[i].name);
		if (org[0])
			kli_rb_text(b, t, r, 3, org);
		else
			kli_rb_sym(b, t, r, 3, KLI_SYM_NA);
		if (per[0])
			kli_rb_text(b, t, r, 4, per);
		else
			kli_rb_sym(b, t, r, 4, KLI_SYM_NA);
		kl_fmt_int(rows, sizeof(rows), src[i].rows);
		snprintf(id, sizeof(id), "%lld", src[i].rows);
		kli_rb_cell(b, t, r, 5, rows, id);
		snprintf(sha, sizeof(sha), "%.12s", src[i].sha256);
		kli_rb_text(b, t, r, 6, sha);
		add_id(all, sizeof(all), src[i].id);
		shown++;
	}
	if (!shown)
		kli_rb_missing(b, "avsnittet saknas: lagret innehåller inga "
		                  "inlästa filer (kartlagg import)");
	kli_rb_note(b, t,
	            "Svarsfrekvens och täckning finns inte i lagret; de anges "
	            "i respektive källas dokumentation.");
	kli_rb_source(b, t, all, "Källa: kartlagg-lagrets tabell imports.");
}

/* ---- section 3: the youth survey -------------------------------------- */

/*
 * A part that cannot be made for want of data says so ("saknas"); running
 * out of memory is not missing data: it fails the whole report (b->oom,
 * exit 71), never a report that quietly lacks a map.  1 when e is that.
 */
static int nomem(struct kli_rb *b, const struct kl_error *e)
{
	if (e->status != KL_ERR_NOMEM)
		return 0;
	b->oom = 1;
	return 1;
}

struct survey {
	struct kl_est_result *res;
	struct kl_est_diff *diff;
	size_t ndiff;
	const char *cur, *prev;
};

/*
 * A count of the survey in the disclosure problem (DOMAIN.md §8): the
 * respondents of a domain (item NULL), or the valid answers ("Antal
 * svar") and the yes answers behind a share of item in a domain.  A
 * share's yes count is not printed, but share x n gives it back when the
 * weights are equal, so it is protected like a printed count.
 */
struct scount {
	const char *item; /* borrowed from the definition; NULL: respondents */
	size_t dom;       /* domain of the survey's estimate */
	size_t n_idx, y_idx; /* disclosure indices + 1 (0: none) */
	long long n, yes;
	const char *round; /* the round the counts are of (borrowed) */
};

/* Columns [col0, col1) of a row that are hidden when the count n_idx or
 * y_idx is (a share, its interval, the change, an estimated number). */
struct sdep {
	size_t t, row, col0, col1;
	size_t n_idx, y_idx;
};

/* The kommun chart and map, drawn after disclosure control so that a
 * share hidden by it is hidden there too. */
struct kchart {
	size_t t, npts, fig_chart, fig_map;
	int map;
	struct kl_chart_point pts[64];
	struct kl_map_value mv[64];
	size_t n_idx[64], y_idx[64];
	char labels[64][64], codes[64][8];
	char what[200], cur[32];
};

/* The domain as "var=value,var=value" ("alla" for the whole sample). */
static void dom_key(const struct kl_est_result *r, size_t dom, char *buf,
                    size_t n)
{
	const struct kl_est_domain *dm = &r->domains[dom];
	const struct kl_est_set *s = &r->sets[dm->set];
	size_t l = 0;
	snprintf(buf, n, "%s", s->nvars ? "" : "alla");
	for (size_t v = 0; v < s->nvars && l < n; v++) {
		snprintf(buf + l, n - l, "%s%s=%s", v ? "," : "", s->vars[v],
		         dm->values[v]);
		l = strlen(buf);
	}
}

static struct scount *find_scount(struct ctx *c, const char *item, size_t dom)
{
	for (size_t i = 0; i < c->nscounts; i++) {
		struct scount *x = &c->scounts[i];
		if (x->dom == dom &&
		    ((!x->item && !item) ||
		     (x->item && item && !strcmp(x->item, item))))
			return x;
	}
	return NULL;
}

static struct scount *new_scount(struct ctx *c, const char *item, size_t dom)
{
	struct scount *x;
	if (kli_grow((void **)&c->scounts, &c->cscounts, c->nscounts + 1,
	             sizeof(*c->scounts))) {
		c->b.oom = 1;
		return NULL;
	}
	x = &c->scounts[c->nscounts++];
	memset(x, 0, sizeof(*x));
	x->item = item;
	x->dom = dom;
	return x;
}

/*
 * Register the respondents of domain dom (rows of the domain) and print
 * them in (t, r, col).  Returns the registry entry (NULL on no memory).
 */
static const struct scount *respondents_count(struct ctx *c,
                                              const struct survey *sv,
                                              size_t dom, long long n, size_t t,
                                              size_t r, size_t col)
{
	const struct kl_report_def *d = c->b.d;
	char dk[400], key[600];
	struct scount *x = find_scount(c, NULL, dom);
	dom_key(sv->res, dom, dk, sizeof(dk));
	snprintf(key, sizeof(key), "enkat/%s/%s/svarande/%s", d->survey,
	         sv->cur ? sv->cur : "", dk);
	if (!x && !(x = new_scount(c, NULL, dom)))
		return NULL;
	x->round = sv->cur ? sv->cur : "";
	x->n = n;
	x->n_idx = kli_rb_count(&c->b, t, r, col, key, n);
	return x;
}

static int share_rule(const struct kl_report_def *d,
                      const struct kl_est_row *row);

/* The protection level of a yes count: it counts persons (the threshold)
 * and is a share's numerator (min-numerator), so the larger of the two. */
static long long yes_level(const struct kl_report_def *d)
{
	return d->min_numerator > d->threshold ? d->min_numerator
	                                       : d->threshold;
}

/*
 * Register the valid answers and the yes answers of row (item `item`, its
 * domain) and print the valid answers in (t, r, col) when col is not
 * (size_t)-1.  The valid answers of a domain where everyone answered are
 * its respondents: the same figure, the same key.  nkey: the item whose
 * key the valid answers take (the first item of a multiple-response
 * group, whose items share their answerers), NULL = item.
 */
static const struct scount *answers_count(struct ctx *c,
                                          const struct survey *sv,
                                          const char *item, const char *nkey,
                                          const struct kl_est_row *row,
                                          size_t t, size_t r, size_t col)
{
	const struct kl_report_def *d = c->b.d;
	const char *cur = sv->cur ? sv->cur : "";
	char dk[400], key[600];
	struct scount *x = find_scount(c, item, row->domain);
	if (!x && !(x = new_scount(c, item, row->domain)))
		return NULL;
	x->round = cur;
	dom_key(sv->res, row->domain, dk, sizeof(dk));
	if (row->n_valid == row->n_domain)
		snprintf(key, sizeof(key), "enkat/%s/%s/svarande/%s", d->survey,
		         cur, dk);
	else
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/svar/%s", d->survey,
		         cur, nkey ? nkey : item, dk);
	x->n = row->n_valid;
	if (col != (size_t)-1)
		x->n_idx = kli_rb_count(&c->b, t, r, col, key, row->n_valid);
	else if (!x->n_idx)
		x->n_idx = kli_rb_key(&c->b, key, row->n_valid);
	snprintf(key, sizeof(key), "enkat/%s/%s/%s/ja/%s", d->survey, cur, item,
	         dk);
	x->yes = row->n_yes < 0 ? 0 : row->n_yes;
	if (row->n_yes >= 0) {
		x->y_idx = kli_rb_key(&c->b, key, x->yes);
		kli_rb_level(&c->b, x->y_idx, yes_level(d));
		/* a share the rules hide (too few answers) hides its yes
		 * count, which must not follow from the others */
		if (x->yes > 0 && !share_rule(d, row))
			kli_rb_force(&c->b, x->y_idx);
	}
	return x;
}

/*
 * Register the counts of an earlier round `round` behind the share of prow
 * (item `item`, a domain of that round), keyed with that round: its valid
 * answers, which that round's appendix published ("Antal svar"), as a
 * count the reader knows (exempt: a constraint, never hidden), and its
 * yes answers, which share x n gives back when the weights are equal: a
 * published count when the share of that round is shown (shown != 0),
 * else an unpublished one that the sums go through (protected like a
 * primary cell when it is 1..min-numerator-1, or when the rules hide
 * that share).  The first registration decides: the series over the
 * rounds registers before the tables that compare with the previous
 * round.  NULL when there is no such row.
 */
static const struct scount *round_count(struct ctx *c, const struct survey *sv,
                                        const char *item, const char *round,
                                        const struct kl_est_row *prow,
                                        int shown)
{
	const struct kl_report_def *d = c->b.d;
	char dk[400], key[600];
	struct scount *x;
	if (!prow || !round)
		return NULL;
	x = find_scount(c, item, prow->domain);
	if (!x && !(x = new_scount(c, item, prow->domain)))
		return NULL;
	x->round = round;
	dom_key(sv->res, prow->domain, dk, sizeof(dk));
	if (prow->n_valid == prow->n_domain)
		snprintf(key, sizeof(key), "enkat/%s/%s/svarande/%s", d->survey,
		         round, dk);
	else
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/svar/%s", d->survey,
		         round, item, dk);
	x->n = prow->n_valid;
	if (!x->n_idx)
		x->n_idx = kli_rb_key_x(&c->b, key, prow->n_valid, 1);
	snprintf(key, sizeof(key), "enkat/%s/%s/%s/ja/%s", d->survey, round,
	         item, dk);
	x->yes = prow->n_yes < 0 ? 0 : prow->n_yes;
	if (prow->n_yes >= 0 && !x->y_idx) {
		x->y_idx = shown ? kli_rb_key(&c->b, key, x->yes)
		                 : kli_rb_unpub(&c->b, key, x->yes, 1);
		kli_rb_level(&c->b, x->y_idx, yes_level(d));
		if (x->yes > 0 && !share_rule(d, prow))
			kli_rb_force(&c->b, x->y_idx);
	}
	return x;
}

/* The previous round's counts behind prow (round_count of sv->prev). */
static const struct scount *prev_count(struct ctx *c, const struct survey *sv,
                                       const char *item,
                                       const struct kl_est_row *prow, int shown)
{
	return round_count(c, sv, item, sv->prev, prow, shown);
}

/* Hide columns [col0, col1) of row r of table t when x's counts are. */
static void add_dep(struct ctx *c, size_t t, size_t r, size_t col0, size_t col1,
                    const struct scount *x)
{
	struct sdep *p;
	if (!x)
		return;
	if (kli_grow((void **)&c->sdeps, &c->csdeps, c->nsdeps + 1,
	             sizeof(*c->sdeps))) {
		c->b.oom = 1;
		return;
	}
	p = &c->sdeps[c->nsdeps++];
	p->t = t;
	p->row = r;
	p->col0 = col0;
	p->col1 = col1;
	p->n_idx = x->n_idx;
	p->y_idx = x->y_idx;
}

/* Does domain b (a set with one variable more) lie inside domain a? */
static int dom_inside(const struct kl_est_result *r, size_t a, size_t b)
{
	const struct kl_est_domain *da = &r->domains[a], *db = &r->domains[b];
	const struct kl_est_set *sa = &r->sets[da->set],
	                        *sb = &r->sets[db->set];
	if (sb->nvars != sa->nvars + 1 ||
	    (da->over && (!db->over || strcmp(da->over, db->over))))
		return 0;
	for (size_t i = 0; i < sa->nvars; i++) {
		size_t j;
		for (j = 0; j < sb->nvars; j++)
			if (!strcmp(sa->vars[i], sb->vars[j]))
				break;
		if (j == sb->nvars || strcmp(da->values[i], db->values[j]))
			return 0;
	}
	return 1;
}

/*
 * The sum relations a reader knows between the survey's counts: a
 * group's respondents, valid answers and yes answers are the sums of its
 * published parts one variable finer (the whole sample = the sexes = the
 * school years = the kommuner; a sex = its sex x school-year groups; a
 * kommun = its sexes), for every published breakdown.  A breakdown whose
 * parts do not add up (a part not published, a missing code) gives none.
 */
static void survey_sums(struct ctx *c, const struct kl_est_result *res)
{
	size_t *pn = malloc((c->nscounts + 1) * sizeof(*pn));
	size_t *py = malloc((c->nscounts + 1) * sizeof(*py));
	long long *cn = malloc((c->nscounts + 1) * sizeof(*cn));
	long long *cy = malloc((c->nscounts + 1) * sizeof(*cy));
	if (!pn || !py || !cn || !cy) {
		c->b.oom = 1;
		goto out;
	}
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		for (size_t set = 0; set < res->nsets; set++) {
			size_t k = 0;
			int yes = 1;
			for (size_t b = 0; b < c->nscounts; b++) {
				const struct scount *z = &c->scounts[b];
				if (res->domains[z->dom].set != set ||
				    (!x->item != !z->item) ||
				    (x->item && strcmp(x->item, z->item)) ||
				    !dom_inside(res, x->dom, z->dom))
					continue;
				pn[k] = z->n_idx;
				cn[k] = z->n;
				py[k] = z->y_idx;
				cy[k] = z->yes;
				yes &= z->y_idx != 0;
				k++;
			}
			if (!k)
				continue;
			kli_rb_sum(&c->b, x->n_idx, x->n, pn, cn, k);
			if (yes && x->y_idx)
				kli_rb_sum(&c->b, x->y_idx, x->yes, py, cy, k);
		}
	}
out:
	free(pn);
	free(py);
	free(cn);
	free(cy);
}

/*
 * The schools of each kommun ([survey] breakdown in a region of several
 * kommuner, kartlagg-report(5)): a reader knows which kommun a school is
 * in, so a kommun's valid answers and yes answers of an item (its row of
 * the kommun table) are the sums of its schools' (their rows of the
 * school table), and a hidden school must not come back as the kommun
 * less its other schools.  The estimate's domains of the set
 * "kommun,breakdown" say which schools are in which kommun.  A kommun
 * whose schools are not all registered gives no relation; a school in
 * two kommuner makes the counts not add up, and kli_rb_sum skips them.
 */
static long find_domain(const struct kl_est_result *r, const char *over,
                        const char *vars, const char *const *vals);

static void school_sums(struct ctx *c, const struct kl_est_result *res)
{
	const struct kl_report_def *d = c->b.d;
	size_t *pn = NULL, *py = NULL;
	long long *cn = NULL, *cy = NULL;

	if (!d->breakdown || !d->kommun || !res)
		return;
	pn = malloc((res->ndomains + 1) * sizeof(*pn));
	py = malloc((res->ndomains + 1) * sizeof(*py));
	cn = malloc((res->ndomains + 1) * sizeof(*cn));
	cy = malloc((res->ndomains + 1) * sizeof(*cy));
	if (!pn || !py || !cn || !cy) {
		c->b.oom = 1;
		goto out;
	}
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		const struct kl_est_domain *dk = &res->domains[x->dom];
		const struct kl_est_set *sk = &res->sets[dk->set];
		size_t k = 0;
		int ok = 1, yes = 1;
		if (!x->item || sk->nvars != 1 ||
		    strcmp(sk->vars[0], d->kommun))
			continue;
		for (size_t j = 0; j < res->ndomains && ok; j++) {
			const struct kl_est_domain *dj = &res->domains[j];
			const struct kl_est_set *sj = &res->sets[dj->set];
			const struct scount *z;
			long sd;
			if (sj->nvars != 2 || strcmp(sj->vars[0], d->kommun) ||
			    strcmp(sj->vars[1], d->breakdown) ||
			    strcmp(dj->values[0], dk->values[0]) ||
			    (!dj->over != !dk->over) ||
			    (dk->over && strcmp(dj->over, dk->over)))
				continue;
			sd = find_domain(res, dk->over, d->breakdown,
			                 (const char *const *)&dj->values[1]);
			z = sd < 0 ? NULL : find_scount(c, x->item, (size_t)sd);
			if (!z || !z->n_idx) {
				ok = 0;
				break;
			}
			pn[k] = z->n_idx;
			cn[k] = z->n;
			py[k] = z->y_idx;
			cy[k] = z->yes;
			yes &= z->y_idx != 0;
			k++;
		}
		if (!ok || !k)
			continue;
		kli_rb_sum(&c->b, x->n_idx, x->n, pn, cn, k);
		if (yes && x->y_idx)
			kli_rb_sum(&c->b, x->y_idx, x->yes, py, cy, k);
	}
out:
	free(pn);
	free(py);
	free(cn);
	free(cy);
}

/* Declare hi = lo + slack, the slack an unpublished count naming nobody
 * under key, when hi >= lo: what "lo <= hi" tells a reader. */
static void survey_le(struct ctx *c, size_t lo, long long nlo, size_t hi,
                      long long nhi, const char *key)
{
	size_t ix[3];
	const long long a[3] = {1, -1, -1};
	if (!lo || !hi || lo == hi || nhi < nlo)
		return;
	ix[0] = hi;
	ix[1] = lo;
	ix[2] = kli_rb_unpub(&c->b, key, nhi - nlo, 0);
	kli_rb_rel(&c->b, ix, a, 3, 0);
}

/*
 * The bounds a reader knows between the survey's counts of one domain:
 * its yes answers are at most its valid answers, and its valid answers at
 * most its respondents (when the respondents table has the domain).  Each
 * is an equation with an unpublished slack (the no answers, the
 * non-answers), so a hidden yes count cannot be had from "the others of
 * the group are at most n" (tests/sdc/check-report.py knows both).
 */
static void survey_bounds(struct ctx *c, const struct kl_est_result *res)
{
	const char *sname = c->b.d->survey;
	char dk[400], key[700];
	for (size_t a = 0; a < c->nscounts; a++) {
		const struct scount *x = &c->scounts[a];
		const struct scount *r;
		if (!x->item)
			continue;
		dom_key(res, x->dom, dk, sizeof(dk));
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/nej/%s", sname,
		         x->round ? x->round : "", x->item, dk);
		survey_le(c, x->y_idx, x->yes, x->n_idx, x->n, key);
		r = find_scount(c, NULL, x->dom);
		if (!r)
			continue;
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/ej_svar/%s", sname,
		         x->round ? x->round : "", x->item, dk);
		survey_le(c, x->n_idx, x->n, r->n_idx, r->n, key);
	}
}

/* The domain of set vars (joined by ','; "" = whole sample) and values
 * (NULL entries = any) in round `over`; -1 when none. */
static long find_domain(const struct kl_est_result *r, const char *over,
                        const char *vars, const char *const *vals)
{
	for (size_t i = 0; i < r->ndomains; i++) {
		const struct kl_est_domain *dm = &r->domains[i];
		const struct kl_est_set *s = &r->sets[dm->set];
		char joined[512] = "";
		int ok = 1;
		if (over && (!dm->over || strcmp(dm->over, over)))
			continue;
		for (size_t v = 0; v < s->nvars; v++) {
			size_t l = strlen(joined);
			snprintf(joined + l, sizeof(joined) - l, "%s%s",
			         v ? "," : "", s->vars[v]);
		}
		if (strcmp(joined, vars))
			continue;
		for (size_t v = 0; v < s->nvars && ok; v++)
			if (vals[v] && strcmp(vals[v], dm->values[v]))
				ok = 0;
		if (ok)
			return (long)i;
	}
	return -1;
}

/* The row of item `name`, level code "1", in domain dom; NULL if none. */
static const struct kl_est_row *find_row(const struct kl_est_result *r,
                                         const char *name, long dom)
{
	if (dom < 0)
		return NULL;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		const struct kl_est_item *it = &r->items[row->item];
		if (row->domain != (size_t)dom || strcmp(it->name, name) ||
		    row->level < 0)
			continue;
		if (strcmp(it->codes[row->level], "1") == 0)
			return row;
	}
	return NULL;
}

static const struct kl_est_diff *find_diff(const struct survey *sv,
                                           const struct kl_est_row *cur)
{
	const struct kl_est_result *r = sv->res;
	const struct kl_est_domain *dc = &r->domains[cur->domain];
	for (size_t i = 0; i < sv->ndiff; i++) {
		const struct kl_est_diff *df = &sv->diff[i];
		const struct kl_est_domain *dp = &r->domains[df->domain];
		int same = df->item == cur->item && df->level == cur->level &&
		           dp->set == dc->set;
		for (size_t v = 0; same && v < r->sets[dc->set].nvars; v++)
			same = strcmp(dp->values[v], dc->values[v]) == 0;
		if (same)
			return df;
	}
	return NULL;
}

/* May the share of row be shown?  0: hidden; 1: shown; 2: shown with
 * caution. */
static int share_rule(const struct kl_report_def *d,
                      const struct kl_est_row *row)
{
	if (!row || row->n_valid < d->min_respondents)
		return 0;
	if (row->n_yes > 0 && row->n_yes < d->min_numerator)
		return 0;
	if (!isfinite(row->prop))
		return 0;
	if (row->prop > 0 && isfinite(row->se) &&
	    row->se / row->prop > d->caution_rse)
		return 2;
	return 1;
}

/* Share cell (and interval cell) of row by the rules. */
static void share_cells(struct ctx *c, size_t t, size_t r, size_t col,
                        const struct kl_est_row *row)
{
	struct kli_rb *b = &c->b;
	int rule = share_rule(c->b.d, row);
	char v[KL_FMT_SIZE + 2], raw[32], ci[4 * KL_FMT_SIZE];

	if (!rule) {
		kli_rb_sym(b, t, r, col, KLI_SYM_HIDDEN);
		kli_rb_sym(b, t, r, col + 1, KLI_SYM_HIDDEN);
		return;
	}
	if (row->n_yes == 0)
		kli_rb_sym(b, t, r, col, KLI_SYM_ZERO);
	else {
		kl_fmt_pct(v, KL_FMT_SIZE, row->prop, 1);
		if (rule == 2)
			memcpy(v + strlen(v), "*", 2); /* v has room for it */
		snprintf(raw, sizeof(raw), "%.1f", row->prop * 100);
		kli_rb_cell(b, t, r, col, v, raw);
	}
	pct_ci(ci, sizeof(ci), row->ci[KL_CI_LOGIT][0],
	       row->ci[KL_CI_LOGIT][1]);
	if (strcmp(ci, "..") == 0)
		kli_rb_sym(b, t, r, col + 1, KLI_SYM_HIDDEN);
	else
		kli_rb_cell(b, t, r, col + 1, ci, NULL);
}

/* Label of value `code` of variable `var` in the result. */
static const char *dom_label(const struct kl_est_domain *dm, size_t v)
{
	return dm->labels && dm->labels[v] ? dm->labels[v] : dm->values[v];
}

/* The share table of one item by sex and school year, with the change
 * since the previous round. */
static void share_table(struct ctx *c, struct survey *sv, const char *item,
                        const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[512];
	size_t t;
	int cmp = sv->prev != NULL;

	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, efter kön och årskurs, %s, %s %s%s%s. "
	         "Procent med 95 %% konfidensintervall",
	         what, c->region_name, "omgång", sv->cur ? sv->cur : "",
	         cmp ? ", förändring sedan " : "", cmp ? sv->prev : "");
	char name[64];
	snprintf(name, sizeof(name), "enkat-%s", item);
	if (cmp)
		t = kli_rb_table(b, name, cap, 7, "Grupp", "Andel (%)",
		                 "95 % KI", "Antal svar", "Föregående (%)",
		                 "Förändring (procentenheter)", "p-värde");
	else
		t = kli_rb_table(b, name, cap, 4, "Grupp", "Andel (%)",
		                 "95 % KI", "Antal svar");

	/* rows: total, each sex, each school year, sex x school year */
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		const struct kl_est_row *row;
		char lab[256];
		size_t r;

		if (sv->cur && (!dm->over || strcmp(dm->over, sv->cur)))
			continue;
		if (s->nvars == 1 && d->kommun &&
		    strcmp(s->vars[0], d->kommun) == 0)
			continue;
		if (s->nvars == 1 && d->breakdown &&
		    strcmp(s->vars[0], d->breakdown) == 0)
			continue;
		if (s->nvars == 2)
			if (!d->sex || !d->school_year ||
			    strcmp(s->vars[0], d->sex) ||
			    strcmp(s->vars[1], d->school_year))
				continue;
		row = find_row(res, item, (long)i);
		if (!row)
			continue;
		if (s->nvars == 0)
			snprintf(lab, sizeof(lab), "Samtliga");
		else if (s->nvars == 1)
			snprintf(lab, sizeof(lab), "%s", dom_label(dm, 0));
		else
			snprintf(lab, sizeof(lab), "%s, %s", dom_label(dm, 0),
			         dom_label(dm, 1));
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lab);
		share_cells(c, t, r, 1, row);
		const struct scount *x =
		    answers_count(c, sv, item, NULL, row, t, r, 3);
		add_dep(c, t, r, 1, 3, x);
		if (cmp)
			add_dep(c, t, r, 4, 7, x);
		if (!cmp)
			continue;
		const struct kl_est_diff *df = find_diff(sv, row);
		long pd = df ? (long)df->domain : -1;
		const struct kl_est_row *prow =
		    pd >= 0 ? find_row(res, item, pd) : NULL;
		int show =
		    df && prow && share_rule(d, prow) && share_rule(d, row);
		/* the previous share, the change and its p-value go with the
		 * previous round's counts too */
		add_dep(c, t, r, 4, 7, prev_count(c, sv, item, prow, show));
		if (!show) {
			for (size_t k = 4; k < 7; k++)
				kli_rb_sym(b, t, r, k, KLI_SYM_HIDDEN);
			continue;
		}
		char v[KL_FMT_SIZE + 2], raw[32], ci[4 * KL_FMT_SIZE];
		char lo[KL_FMT_SIZE], hi[KL_FMT_SIZE];
		if (prow->n_yes == 0)
			kli_rb_sym(b, t, r, 4, KLI_SYM_ZERO);
		else
			kli_rb_num(b, t, r, 4, prow->prop * 100, 1);
		/* no variance in either round (no yes answers in both, say):
		 * the interval and the test are undefined, not 0 wide */
		if (!(df->se_diff > 0) || !isfinite(df->se_diff) ||
		    !isfinite(df->p_value)) {
			kli_rb_undef(b, t, r, 5);
			kli_rb_undef(b, t, r, 6);
			continue;
		}
		kl_fmt_num(v, KL_FMT_SIZE, df->diff * 100, 1);
		kl_fmt_num(lo, sizeof(lo), df->ci_lo * 100, 1);
		kl_fmt_num(hi, sizeof(hi), df->ci_hi * 100, 1);
		snprintf(ci, sizeof(ci), "%s (%s till %s)", v, lo, hi);
		snprintf(raw, sizeof(raw), "%.1f", df->diff * 100);
		kli_rb_cell(b, t, r, 5, ci, raw);
		kl_fmt_num(v, KL_FMT_SIZE, df->p_value, 3);
		snprintf(raw, sizeof(raw), "%.3f", df->p_value);
		kli_rb_cell(b, t, r, 6, v, raw);
	}
	kli_rb_note(b, t,
	            "Andelen redovisas inte (..) för grupper med färre än %ld "
	            "giltiga svar eller med 1–%ld ja-svar; * = osäker "
	            "skattning (relativ standardavvikelse över %.0f %%).",
	            d->min_respondents, d->min_numerator - 1,
	            d->caution_rse * 100);
	if (cmp)
		kli_rb_note(b, t,
		            "Förändringen är skillnaden mellan omgångarna i "
		            "procentenheter med 95 %% konfidensintervall; "
		            "p-värdet från ett tvåsidigt z-test för oberoende "
		            "urval.");
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), designvägda skattningar "
	              "(kartlagg estimate).",
	              d->survey, c->imports_survey);
}

static void survey_summary(struct ctx *c, struct survey *sv, const char *item,
                           const char *what)
{
	const struct kl_est_result *res = sv->res;
	long dom = find_domain(res, sv->cur, "", NULL);
	const struct kl_est_row *row = find_row(res, item, dom);
	char v[KL_FMT_SIZE + 2] = "..", ci[4 * KL_FMT_SIZE] = "..";
	char pv[KL_FMT_SIZE] = "..", ch[2 * KL_FMT_SIZE] = "..";
	char src[400];
	int rule = share_rule(c->b.d, row);

	if (rule) {
		kl_fmt_pct(v, KL_FMT_SIZE, row->prop, 1);
		if (rule == 2)
			memcpy(v + strlen(v), "*", 2); /* v has room for it */
		pct_ci(ci, sizeof(ci), row->ci[KL_CI_LOGIT][0],
		       row->ci[KL_CI_LOGIT][1]);
		if (row->n_yes == 0)
			snprintf(v, sizeof(v), "%s", KLI_SYM_ZERO);
	}
	int undef = 0; /* a change without variance in either round */
	const struct kl_est_row *prow = NULL;
	int pshown = 0;
	if (row && sv->prev) {
		const struct kl_est_diff *df = find_diff(sv, row);
		prow = df ? find_row(res, item, (long)df->domain) : NULL;
		pshown = rule && prow && share_rule(c->b.d, prow);
		if (pshown) {
			char p[KL_FMT_SIZE];
			kl_fmt_pct(pv, sizeof(pv), prow->prop, 1);
			undef = !(df->se_diff > 0 && isfinite(df->p_value));
			if (!undef) {
				kl_fmt_num(ch, sizeof(ch), df->diff * 100, 1);
				kl_fmt_num(p, sizeof(p), df->p_value, 3);
				size_t l = strlen(ch);
				snprintf(ch + l, sizeof(ch) - l, " (p = %s)",
				         p);
			}
		}
	}
	snprintf(src, sizeof(src), "Enkät, import %s", c->imports_survey);
	char lab[256];
	snprintf(lab, sizeof(lab), "Andel elever som %s (%%)", what);
	summary_row(c, lab, v, ci, pv, ch, src);
	if (undef && c->b.r->tables[c->summary].nrows)
		kli_rb_undef(&c->b, c->summary,
		             c->b.r->tables[c->summary].nrows - 1, 4);
	if (row && c->b.r->tables[c->summary].nrows)
		add_dep(
		    c, c->summary, c->b.r->tables[c->summary].nrows - 1, 1, 5,
		    answers_count(c, sv, item, NULL, row, 0, 0, (size_t)-1));
	if (prow && c->b.r->tables[c->summary].nrows)
		add_dep(c, c->summary, c->b.r->tables[c->summary].nrows - 1, 3,
		        5, prev_count(c, sv, item, prow, pshown));
}

/*
 * A kommun's schools ([survey] breakdown, kartlagg-report(5)): the share
 * of item per value of the breakdown variable (a domain of the same
 * design, like the kommuner), then the region.  The schools' counts are
 * in the one disclosure problem, and survey_sums declares that they sum
 * to the region's.
 */
static void breakdown_table(struct ctx *c, struct survey *sv, const char *item,
                            const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[500], name[200];
	size_t t, r;

	if (!d->breakdown || !item)
		return;
	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, per %s, %s, %s %s. Procent med 95 %% "
	         "konfidensintervall",
	         what, d->breakdown, c->region_name, "omgång",
	         sv->cur ? sv->cur : "");
	snprintf(name, sizeof(name), "enkat-%s-%s", d->breakdown, item);
	t = kli_rb_table(b, name, cap, 4, d->breakdown, "Andel (%)", "95 % KI",
	                 "Antal svar");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		const struct kl_est_row *row;
		if (s->nvars != 1 || strcmp(s->vars[0], d->breakdown) ||
		    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))))
			continue;
		row = find_row(res, item, (long)i);
		if (!row)
			continue;
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, dom_label(dm, 0));
		share_cells(c, t, r, 1, row);
		add_dep(c, t, r, 1, 3,
		        answers_count(c, sv, item, NULL, row, t, r, 3));
	}
	{
		long dt = find_domain(res, sv->cur, "", NULL);
		const struct kl_est_row *row = find_row(res, item, dt);
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, c->region_name);
		share_cells(c, t, r, 1, row);
		if (row)
			add_dep(c, t, r, 1, 3,
			        answers_count(c, sv, item, NULL, row, t, r, 3));
		else
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
	}
	kli_rb_note(b, t,
	            "Andelen redovisas inte (..) för grupper med färre än %ld "
	            "giltiga svar eller med 1–%ld ja-svar; * = osäker "
	            "skattning (relativ standardavvikelse över %.0f %%). "
	            "Antal under %lld redovisas inte, liksom de som annars "
	            "skulle kunna räknas fram ur summan.",
	            d->min_respondents, d->min_numerator - 1,
	            d->caution_rse * 100, d->threshold);
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), designvägda skattningar "
	              "(kartlagg estimate).",
	              d->survey, c->imports_survey);
}

/*
 * Domain i of the survey's estimate as a row of table t when it is one
 * kommun of the region (in the current round) and item has a row there:
 * adds the table row (*r) with the kommun's name (*name when not NULL)
 * in column 0 and returns the estimate row; NULL otherwise.
 */
static const struct kl_est_row *kommun_row(struct ctx *c,
                                           const struct survey *sv,
                                           const char *item, size_t i, size_t t,
                                           size_t *r, const char **name)
{
	const struct kl_report_def *d = c->b.d;
	const struct kl_est_result *res = sv->res;
	const struct kl_est_domain *dm = &res->domains[i];
	const struct kl_est_set *s = &res->sets[dm->set];
	if (s->nvars != 1 || strcmp(s->vars[0], d->kommun) ||
	    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))) ||
	    !in_region(d, dm->values[0]))
		return NULL;
	const struct kl_est_row *row = find_row(res, item, (long)i);
	if (!row)
		return NULL;
	const struct kl_kommun *km = kl_codes_kommun(c->codes, dm->values[0]);
	const char *nm = km ? km->name : dm->values[0];
	*r = kli_rb_row(&c->b, t);
	kli_rb_text(&c->b, t, *r, 0, nm);
	if (name)
		*name = nm;
	return row;
}

/* Respondents by kommun and sex in the current round (counts of persons:
 * disclosure-controlled). */
static void respondents_table(struct ctx *c, struct survey *sv,
                              const char *item)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	const char *sexes[8];
	const char *sexlab[8];
	size_t nsex = 0;
	char cap[400], key[600], vars[140];
	const char *heads[12];
	size_t t;

	if (!d->kommun || !d->sex)
		return;
	/* the sex categories, in the order the estimate gives them */
	for (size_t i = 0; i < res->ndomains && nsex < 8; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		int dupl = 0;
		if (s->nvars != 1 || strcmp(s->vars[0], d->sex) ||
		    (sv->cur && (!dm->over || strcmp(dm->over, sv->cur))))
			continue;
		for (size_t k = 0; k < nsex; k++)
			dupl |= strcmp(sexes[k], dm->values[0]) == 0;
		if (!dupl) {
			sexes[nsex] = dm->values[0];
			sexlab[nsex++] = dom_label(dm, 0);
		}
	}
	heads[0] = "Kommun";
	for (size_t k = 0; k < nsex; k++)
		heads[k + 1] = sexlab[k];
	heads[nsex + 1] = "Totalt";
	snprintf(cap, sizeof(cap),
	         "Antal svarande efter kommun och kön, %s, %s %s. Antal "
	         "elever",
	         c->region_name, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table_v(b, "enkat-svarande", cap, nsex + 2, heads);

	/* kommun rows, then the region; every count the rows of its
	 * domain, the sums between them declared by survey_sums */
	snprintf(vars, sizeof(vars), "%s,%s", d->kommun, d->sex);
	for (size_t i = 0; i <= res->ndomains; i++) {
		const struct kl_est_row *row;
		size_t r;
		const char *kod = NULL;
		if (i < res->ndomains) {
			row = kommun_row(c, sv, item, i, t, &r, NULL);
			if (!row)
				continue;
			kod = res->domains[i].values[0];
		} else {
			long dt = find_domain(res, sv->cur, "", NULL);
			row = find_row(res, item, dt);
			r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0, "Totalt");
		}
		for (size_t k = 0; k < nsex; k++) {
			const char *vals[2] = {kod, sexes[k]};
			long dk =
			    kod ? find_domain(res, sv->cur, vars, vals)
			        : find_domain(res, sv->cur, d->sex, vals + 1);
			const struct kl_est_row *rk = find_row(res, item, dk);
			if (rk) {
				respondents_count(c, sv, rk->domain,
				                  rk->n_domain, t, r, k + 1);
				continue;
			}
			/* no respondent of that sex there: a published 0 */
			if (kod)
				snprintf(key, sizeof(key),
				         "enkat/%s/%s/svarande/%s=%s,%s=%s",
				         d->survey, sv->cur ? sv->cur : "",
				         d->kommun, kod, d->sex, sexes[k]);
			else
				snprintf(key, sizeof(key),
				         "enkat/%s/%s/svarande/%s=%s",
				         d->survey, sv->cur ? sv->cur : "",
				         d->sex, sexes[k]);
			kli_rb_count(b, t, r, k + 1, key, 0);
		}
		if (row)
			respondents_count(c, sv, row->domain, row->n_domain, t,
			                  r, nsex + 1);
		else
			kli_rb_sym(b, t, r, nsex + 1, KLI_SYM_HIDDEN);
	}
	kli_rb_note(b, t,
	            "Svarsfrekvensen finns inte i lagret. Antal under %lld "
	            "redovisas inte (..), liksom de celler som annars skulle "
	            "kunna räknas fram ur summorna.",
	            d->threshold);
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              d->survey, c->imports_survey);
}

static void kommun_table(struct ctx *c, struct survey *sv, const char *item,
                         const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[400];
	size_t t;
	struct kchart *kc;

	if (!d->kommun)
		return;
	kc = calloc(1, sizeof(*kc));
	if (!kc) {
		b->oom = 1;
		return;
	}
	free(c->kchart);
	c->kchart = kc;
	snprintf(cap, sizeof(cap),
	         "Andel elever som %s, per kommun, %s %s. Procent med 95 %% "
	         "konfidensintervall",
	         what, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table(b, "enkat-kommun", cap, 4, "Kommun", "Andel (%)",
	                 "95 % KI", "Antal svar");
	kc->t = t;
	snprintf(kc->what, sizeof(kc->what), "%s", what);
	snprintf(kc->cur, sizeof(kc->cur), "%s", sv->cur ? sv->cur : "");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		size_t r;
		const char *name;
		const struct kl_est_row *row =
		    kommun_row(c, sv, item, i, t, &r, &name);
		if (!row)
			continue;
		share_cells(c, t, r, 1, row);
		const struct scount *x =
		    answers_count(c, sv, item, NULL, row, t, r, 3);
		add_dep(c, t, r, 1, 3, x);
		if (kc->npts < 64 && x) {
			size_t k = kc->npts++;
			int rule = share_rule(d, row);
			snprintf(kc->labels[k], sizeof(kc->labels[k]), "%s",
			         name);
			snprintf(kc->codes[k], sizeof(kc->codes[k]), "%s",
			         dm->values[0]);
			kc->pts[k].value = rule ? row->prop * 100 : NAN;
			kc->pts[k].lo =
			    rule ? row->ci[KL_CI_LOGIT][0] * 100 : NAN;
			kc->pts[k].hi =
			    rule ? row->ci[KL_CI_LOGIT][1] * 100 : NAN;
			kc->pts[k].hidden = !rule;
			kc->pts[k].caution = rule == 2;
			kc->n_idx[k] = x->n_idx;
			kc->y_idx[k] = x->y_idx;
		}
	}
	{
		long dt = find_domain(res, sv->cur, "", NULL);
		const struct kl_est_row *row = find_row(res, item, dt);
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, c->region_name);
		share_cells(c, t, r, 1, row);
		if (row)
			add_dep(c, t, r, 1, 3,
			        answers_count(c, sv, item, NULL, row, t, r, 3));
		else
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
	}
	kli_rb_note(b, t,
	            "Kommunrader redovisas bara där det finns minst %ld "
	            "giltiga svar och inte 1–%ld ja-svar; annars (..).",
	            d->min_respondents, d->min_numerator - 1);
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              d->survey, c->imports_survey);
	/* placeholders: drawn by kommun_figures once disclosure control
	 * has decided which shares are shown */
	{
		char title[400];
		snprintf(title, sizeof(title),
		         "Andel elever som %s, per kommun, %s", what,
		         sv->cur ? sv->cur : "");
		kc->fig_chart =
		    kc->npts ? kli_rb_figure(b, 0, title, "", NULL, t + 1) + 1
		             : 0;
		if (kc->npts && d->nregions == 1 &&
		    strlen(d->regions[0]) == 2) {
			kc->map = 1;
			kc->fig_map =
			    kli_rb_figure(b, 1, title, "", NULL, t + 1) + 1;
		}
	}
}

/*
 * After disclosure control: hide every survey cell whose counts it hid
 * (a share, its interval, the change, an estimated number), then draw
 * the kommun chart and map with the shares as published.
 */
static void resolve_survey(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	for (size_t i = 0; i < c->nsdeps; i++) {
		const struct sdep *p = &c->sdeps[i];
		if (!kli_rb_hidden(b, p->n_idx) && !kli_rb_hidden(b, p->y_idx))
			continue;
		for (size_t k = p->col0; k < p->col1; k++)
			kli_rb_sym(b, p->t, p->row, k, KLI_SYM_HIDDEN);
	}
	struct kchart *kc = c->kchart;
	const struct kl_report_def *d = b->d;
	struct kl_error e;
	char *svg = NULL;
	size_t len, shown = 0;
	char title[400], desc[600];
	if (!kc || !kc->npts)
		return;
	for (size_t k = 0; k < kc->npts; k++) {
		struct kl_chart_point *pt = &kc->pts[k];
		if (kli_rb_hidden(b, kc->n_idx[k]) ||
		    kli_rb_hidden(b, kc->y_idx[k])) {
			pt->value = pt->lo = pt->hi = NAN;
			pt->hidden = 1;
			pt->caution = 0;
		}
		pt->label = kc->labels[k];
		kc->mv[k].code = kc->codes[k];
		kc->mv[k].value = pt->value;
		kc->mv[k].hidden = pt->hidden;
		shown += !pt->hidden;
	}
	snprintf(title, sizeof(title), "Andel elever som %s, per kommun, %s",
	         kc->what, kc->cur);
	if (kc->fig_chart) {
		struct kl_chart_opts co = {0};
		snprintf(
		    desc, sizeof(desc),
		    "Punkt och 95 %% konfidensintervall per kommun; %zu av "
		    "%zu kommuner redovisas, övriga har för få svarande "
		    "eller ja-svar (..). Siffrorna finns i tabell %d.",
		    shown, kc->npts, (int)kc->t + 1);
		co.title = title;
		co.desc = desc;
		co.unit = "procent";
		co.id = "diagram-kommun";
		co.decimals = 1;
		co.xmin = NAN;
		co.xmax = NAN;
		kl_error_clear(&e);
		if (kl_chart_dots(&co, kc->pts, kc->npts, &svg, &len, &e) ==
		    KL_OK) {
			struct kl_rep_figure *f =
			    &b->r->figures[kc->fig_chart - 1];
			free(f->svg);
			f->svg = svg;
			free(f->summary);
			f->summary = kli_rb_fmt(b, "%s", desc);
		} else if (e.status == KL_ERR_NOMEM) {
			b->oom = 1;
		}
	}
	if (kc->fig_map) {
		struct kl_map_opts mo = {0};
		snprintf(desc, sizeof(desc),
		         "Kommunerna i %s färgade efter andelen; kommuner som "
		         "inte redovisas är streckade. %zu av %zu kommuner "
		         "redovisas; siffrorna finns i tabell %d.",
		         c->region_name, shown, kc->npts, (int)kc->t + 1);
		mo.level = KL_MAP_KOMMUN;
		mo.region = d->regions[0];
		mo.values = kc->mv;
		mo.nvalues = kc->npts;
		mo.decimals = 1;
		mo.unit = "procent";
		mo.title = title;
		mo.desc = desc;
		mo.id = "karta-enkat";
		svg = NULL;
		kl_error_clear(&e);
		if (kl_map_svg(&mo, &svg, &len, &e) == KL_OK) {
			struct kl_rep_figure *f =
			    &b->r->figures[kc->fig_map - 1];
			free(f->svg);
			f->svg = svg;
			free(f->summary);
			f->summary = kli_rb_fmt(b, "%s", desc);
		} else if (e.status == KL_ERR_NOMEM) {
			b->oom = 1;
		}
	}
}

/* Compensation type and contact route among those who answered (län). */
static void multi_table(struct ctx *c, struct survey *sv, char *const *items,
                        size_t n, const char *name, const char *cap)
{
	struct kli_rb *b = &c->b;
	const struct kl_est_result *res = sv->res;
	long dt = find_domain(res, sv->cur, "", NULL);
	size_t t;

	if (!n)
		return;
	t = kli_rb_table(b, name, cap, 4, "Svar", "Andel (%)", "95 % KI",
	                 "Antal svar");
	const struct kl_est_row *first = find_row(res, items[0], dt);
	for (size_t i = 0; i < n; i++) {
		const struct kl_est_row *row = find_row(res, items[i], dt);
		const char *lab = items[i];
		for (size_t k = 0; k < res->nitems; k++)
			if (strcmp(res->items[k].name, items[i]) == 0 &&
			    res->items[k].label)
				lab = res->items[k].label;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lab);
		share_cells(c, t, r, 1, row);
		if (!row) {
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
			continue;
		}
		/* the items of one question have the same answerers */
		const char *nkey =
		    first && first->n_valid == row->n_valid ? items[0] : NULL;
		const struct scount *x =
		    answers_count(c, sv, items[i], nkey, row, t, r, 3);
		add_dep(c, t, r, 1, 3, x);
		/* asked of those who ever received compensation: its
		 * answerers are at most the ever item's yes answers */
		const struct scount *ev =
		    b->d->ever && dt >= 0
		        ? find_scount(c, b->d->ever, (size_t)dt)
		        : NULL;
		if (x && ev) {
			char key[600];
			snprintf(key, sizeof(key),
			         "enkat/%s/%s/%s/ej_fragad/alla", b->d->survey,
			         sv->cur ? sv->cur : "",
			         nkey ? nkey : items[i]);
			survey_le(c, x->n_idx, x->n, ev->y_idx, ev->yes, key);
		}
	}
	kli_rb_note(b, t,
	            "Flera svar möjliga; andelen av dem som besvarat frågan. "
	            "Redovisas bara för regionen som helhet.");
	kli_rb_source(b, t, c->imports_survey, "Källa: enkäten %s (import %s).",
	              b->d->survey, c->imports_survey);
}

static void estimates_table(struct ctx *c, struct survey *sv, const char *item,
                            const char *what)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	const struct kl_est_result *res = sv->res;
	char cap[400];
	size_t t;

	long year = sv->cur ? strtol(sv->cur, NULL, 10) : 0;
	int bypop = d->npopmap > 0 && year > 0;

	snprintf(cap, sizeof(cap),
	         "Skattat antal elever som %s, %s, %s %s. Antal elever, "
	         "avrundat till tiotal",
	         what, c->region_name, "omgång", sv->cur ? sv->cur : "");
	t = kli_rb_table(b, "enkat-antal", cap, 3, "Grupp", "Skattat antal",
	                 "95 % KI");
	for (size_t i = 0; i < res->ndomains; i++) {
		const struct kl_est_domain *dm = &res->domains[i];
		const struct kl_est_set *s = &res->sets[dm->set];
		if ((sv->cur && (!dm->over || strcmp(dm->over, sv->cur))) ||
		    s->nvars > 1 ||
		    (s->nvars == 1 && (!d->sex || strcmp(s->vars[0], d->sex))))
			continue;
		const struct kl_est_row *row = find_row(res, item, (long)i);
		if (!row)
			continue;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0,
		            s->nvars ? dom_label(dm, 0) : "Samtliga");
		add_dep(
		    c, t, r, 1, 3,
		    answers_count(c, sv, item, NULL, row, 0, 0, (size_t)-1));
		if (!share_rule(d, row) || !isfinite(row->total)) {
			kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
			kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			continue;
		}
		double est = row->total;
		double lo = row->total - 1.96 * row->se_total;
		double hi = row->total + 1.96 * row->se_total;
		if (bypop) {
			/* share x N, N the stored SCB population of the
			 * domain (kommun rows), the logit interval x N */
			struct kl_error e;
			double N = NAN;
			int ci = isfinite(row->ci[KL_CI_LOGIT][0]) &&
			                 isfinite(row->ci[KL_CI_LOGIT][1])
			             ? KL_CI_LOGIT
			             : KL_CI_XLOGIT;
			kl_error_clear(&e);
			if (kl_population_domain(
			        b->st, &c->popdom, d->popmap, d->npopmap,
			        "kommun", year, s->nvars,
			        (const char *const *)s->vars,
			        (const char *const *)dm->values, &N, &e) ||
			    !isfinite(N)) {
				kli_rb_sym(b, t, r, 1, KLI_SYM_HIDDEN);
				kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
				continue;
			}
			est = row->prop * N;
			lo = row->ci[ci][0] * N;
			hi = row->ci[ci][1] * N;
			if (!s->nvars) {
				c->survey_N = N;
				c->survey_N_year = year;
			}
		}
		/* no yes answers: none (after the population, so that a
		 * group without N is ".." as every such group) */
		if (row->n_yes == 0) {
			kli_rb_sym(b, t, r, 1, KLI_SYM_ZERO);
			kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			continue;
		}
		char v[KL_FMT_SIZE], a[KL_FMT_SIZE], z[KL_FMT_SIZE], ci[140];
		kl_fmt_int(v, sizeof(v), (long long)(round(est / 10) * 10));
		kli_rb_cell(b, t, r, 1, v, NULL);
		kl_fmt_int(a, sizeof(a),
		           (long long)(round((lo < 0 ? 0 : lo) / 10) * 10));
		kl_fmt_int(z, sizeof(z), (long long)(round(hi / 10) * 10));
		snprintf(ci, sizeof(ci), "%s–%s", a, z);
		kli_rb_cell(b, t, r, 2, ci, NULL);
	}
	if (d->weights)
		kli_rb_note(b, t,
		            "Vikterna är kalibrerade mot befolkningen (viktset "
		            "'%s', kartlagg calibrate); variansen är "
		            "kalibreringsjusterad.",
		            d->weights);
	if (bypop)
		kli_rb_note(
		    b, t,
		    "Antalet är andelen gånger SCB:s folkmängd för "
		    "gruppen (regionens kommuner med svarande, %ld, "
		    "åldrarna som motsvarar årskurserna), som behandlas "
		    "som känd; intervallet är andelens 95 %% "
		    "konfidensintervall (logit) gånger folkmängden.",
		    year);
	else
		kli_rb_note(b, t,
		            "Summan av vikterna skattar antalet elever i "
		            "populationen; intervallet är normalapproximerat "
		            "(±1,96 standardfel).");
	kli_rb_source(b, t, c->imports_survey,
	              "Källa: enkäten %s (import %s), %s.", d->survey,
	              c->imports_survey,
	              d->weights ? "kalibrerade vikter" : "designvikter");
}

static const char *region_label(const struct ctx *c, const char *code);

/*
 * A kommun's own appendix (kartlagg-report(5), A KOMMUN'S REPORT): each
 * share of the kommun beside the share of its län, both domains of the
 * same design (the whole survey stays the sample), when the survey has
 * respondents in the län outside the kommun.  The län's counts are in the
 * disclosure problem like the kommun's, and so is the difference between
 * them (the respondents of the rest of the län): a reader could subtract.
 */
static void lan_compare(struct ctx *c, struct survey *sv,
                        const struct kl_est_opts *eo_in)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_est_opts eo = *eo_in;
	struct kl_est_result *lres = NULL;
	const char *items[2], *what[2];
	const char **vals = NULL;
	size_t nitems = 0, nv = 0;
	struct kl_error e;
	char lan[3], cap[500];
	const char *lname;

	if (!d->kommun || !sv->cur || d->nregions == 0)
		return;
	for (size_t i = 0; i < d->nregions; i++)
		if (strlen(d->regions[i]) != 4 ||
		    strncmp(d->regions[i], d->regions[0], 2) != 0)
			return; /* a län report, or kommuner of several län */
	snprintf(lan, sizeof(lan), "%.2s", d->regions[0]);
	lname = region_label(c, lan);
	if (d->ever) {
		items[nitems] = d->ever;
		what[nitems++] = "någon gång fått ersättning för sexuella "
		                 "handlingar";
	}
	if (d->last12) {
		items[nitems] = d->last12;
		what[nitems++] = "fått ersättning för sexuella handlingar de "
		                 "senaste 12 månaderna";
	}
	if (!nitems)
		return;
	size_t nk = kl_codes_nkommuner(c->codes);
	vals = calloc(nk + 1, sizeof(*vals));
	if (!vals) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < nk; i++) {
		const struct kl_kommun *km = kl_codes_kommun_at(c->codes, i);
		if (km && strncmp(km->code, lan, 2) == 0)
			vals[nv++] = km->code;
	}
	eo.items = items;
	eo.nitems = nitems;
	eo.by = NULL;
	eo.nby = 0;
	eo.overall = 1;
	eo.subset_vals = vals;
	eo.nsubset = nv;
	kl_error_clear(&e);
	if (kl_estimate(b->st, d->survey, &eo, &lres, &e)) {
		if (e.status == KL_ERR_NOMEM)
			b->oom = 1;
		free(vals);
		return;
	}
	long kd = find_domain(sv->res, sv->cur, "", NULL);
	long ld = find_domain(lres, sv->cur, "", NULL);
	const struct kl_est_row *k0 =
	    kd >= 0 ? find_row(sv->res, items[0], kd) : NULL;
	const struct kl_est_row *l0 =
	    ld >= 0 ? find_row(lres, items[0], ld) : NULL;
	kli_rb_heading(b, "Kommunen och länet");
	if (!k0 || !l0 || l0->n_domain <= k0->n_domain) {
		kli_rb_para(b,
		            "Enkäten har inga svarande i %s utanför %s; "
		            "ingen jämförelse med länet.",
		            lname, c->region_name);
		goto out;
	}
	for (size_t i = 0; i < nitems; i++) {
		const struct kl_est_row *kr = find_row(sv->res, items[i], kd);
		const struct kl_est_row *lr = find_row(lres, items[i], ld);
		char key[600], rkey[600];
		const char *cur = sv->cur;
		size_t t, r;
		if (!kr || !lr)
			continue;
		snprintf(cap, sizeof(cap),
		         "Andel elever som %s, %s och %s, omgång %s. Procent "
		         "med 95 %% konfidensintervall",
		         what[i], c->region_name, lname, cur);
		char tname[200];
		snprintf(tname, sizeof(tname), "enkat-jamforelse-%s", items[i]);
		t = kli_rb_table(b, tname, cap, 4, "Region", "Andel (%)",
		                 "95 % KI", "Antal svar");
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, c->region_name);
		share_cells(c, t, r, 1, kr);
		const struct scount *kx =
		    answers_count(c, sv, items[i], NULL, kr, t, r, 3);
		add_dep(c, t, r, 1, 3, kx);
		/* the län: its valid answers and yes answers, and the rest
		 * of the län (län - kommun), unpublished, in the problem */
		struct scount lx = {0};
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, lname);
		share_cells(c, t, r, 1, lr);
		if (lr->n_valid == lr->n_domain)
			snprintf(key, sizeof(key),
			         "enkat/%s/%s/svarande/lan=%s", d->survey, cur,
			         lan);
		else
			snprintf(key, sizeof(key), "enkat/%s/%s/%s/svar/lan=%s",
			         d->survey, cur, items[i], lan);
		lx.n_idx = kli_rb_count(b, t, r, 3, key, lr->n_valid);
		snprintf(key, sizeof(key), "enkat/%s/%s/%s/ja/lan=%s",
		         d->survey, cur, items[i], lan);
		lx.y_idx = kli_rb_key(b, key, lr->n_yes < 0 ? 0 : lr->n_yes);
		add_dep(c, t, r, 1, 3, &lx);
		if (kx) {
			size_t ix[3];
			long long a[3] = {1, -1, -1};
			snprintf(rkey, sizeof(rkey),
			         "enkat/%s/%s/%s/svar/lan=%s-utom-region",
			         d->survey, cur, items[i], lan);
			ix[0] = lx.n_idx;
			ix[1] = kx->n_idx;
			ix[2] =
			    kli_rb_unpub(b, rkey, lr->n_valid - kr->n_valid, 1);
			kli_rb_rel(b, ix, a, 3, 0);
			snprintf(rkey, sizeof(rkey),
			         "enkat/%s/%s/%s/ja/lan=%s-utom-region",
			         d->survey, cur, items[i], lan);
			ix[0] = lx.y_idx;
			ix[1] = kx->y_idx;
			ix[2] =
			    kli_rb_unpub(b, rkey,
			                 (lr->n_yes < 0 ? 0 : lr->n_yes) -
			                     (kr->n_yes < 0 ? 0 : kr->n_yes),
			                 1);
			kli_rb_rel(b, ix, a, 3, 0);
		}
		kli_rb_note(b, t,
		            "Båda andelarna är skattningar i samma design "
		            "(hela enkätens urval): kommunen och länet är "
		            "domäner, med samma vikter%s. Enkäten har inget "
		            "urval för riket.",
		            d->weights ? " (kalibrerade)" : "");
		kli_rb_note(b, t,
		            "Andelen redovisas inte (..) för färre än %ld "
		            "giltiga svar eller 1–%ld ja-svar.",
		            d->min_respondents, d->min_numerator - 1);
		kli_rb_source(b, t, c->imports_survey,
		              "Källa: enkäten %s (import %s).", d->survey,
		              c->imports_survey);
	}
out:
	kl_est_result_free(lres);
	free(vals);
}

/* ---- the series over every stored round ------------------------------- */

#define SERIES_MAX 32 /* rounds in a series */

/* The trend chart of the shares, drawn after disclosure control: one line
 * per item over the rounds, a round's share hidden with its counts. */
struct strend {
	size_t nx, nitems, t[2], fig;
	int x[SERIES_MAX];
	double v[2][SERIES_MAX];
	size_t n_idx[2][SERIES_MAX], y_idx[2][SERIES_MAX];
	char names[2][160];
	char r0[32], r1[32];
};

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
static size_t survey_rounds(const struct survey *sv, const char **r,
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
	if (!df || !share_rule(b->d, a) || !share_rule(b->d, z)) {
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
 * round of the series but the current one (round_count: the valid
 * answers known from that round's appendix, the yes answers published
 * where the series shows the share).  Called before the share tables, so
 * the previous round's counts have the state the series gives them.
 */
static void series_register(struct ctx *c, const struct survey *sv,
                            const char *item, const char *const *rounds,
                            size_t nr)
{
	const struct kl_est_result *res = sv->res;
	for (size_t k = 0; k + 1 < nr; k++) {
		long dom = find_domain(res, rounds[k], "", NULL);
		const struct kl_est_row *row = find_row(res, item, dom);
		round_count(c, sv, item, rounds[k], row,
		            share_rule(c->b.d, row) != 0);
	}
}

/*
 * The series table of item (the whole sample of the region in every
 * stored round up to the current one): share, interval, valid answers,
 * and the change since the first and since the previous round with
 * interval and p-value.  A hidden count hides the share and every change
 * built on it.  it: the item's place in the trend chart (0 or 1).
 */
static void series_table(struct ctx *c, const struct survey *sv,
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
		long dom = find_domain(res, rounds[k], "", NULL);
		const struct kl_est_row *row = find_row(res, item, dom);
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
		share_cells(c, t, r, 1, row);
		if (k + 1 == nr) {
			x = answers_count(c, sv, item, NULL, row, t, r, 3);
		} else {
			char f[KL_FMT_SIZE], raw[32];
			x = round_count(c, sv, item, rounds[k], row,
			                share_rule(d, row) != 0);
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
		add_dep(c, t, r, 1, 3, x);
		if (st && it < 2 && x) {
			int rule = share_rule(d, row);
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
			add_dep(c, t, r, col, col + 2, x);
			add_dep(c, t, r, col, col + 2, xs[base]);
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
static void resolve_trend(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	struct strend *st = c->strend;
	struct kl_chart_series cs[2];
	struct kl_chart_opts co = {0};
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
	co.title = title;
	co.desc = desc;
	co.unit = "procent";
	co.id = "diagram-enkat-serie";
	co.decimals = 1;
	co.xmin = NAN;
	co.xmax = NAN;
	kl_error_clear(&e);
	if (kl_chart_trend(&co, st->x, st->nx, cs, st->nitems, &svg, &len,
	                   &e) == KL_OK) {
		struct kl_rep_figure *f = &b->r->figures[st->fig - 1];
		free(f->svg);
		f->svg = svg;
		free(f->caption);
		f->caption = kli_rb_fmt(b, "%s", title);
		free(f->summary);
		f->summary = kli_rb_fmt(b, "%s", desc);
	} else if (e.status == KL_ERR_NOMEM) {
		b->oom = 1;
	}
}

static int section_survey(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_design_spec ds;
	struct kl_est_opts eo;
	struct survey sv;
	const char *items[34];
	const char *by[7];
	char sexyear[140], kommunsex[140], kommunbreak[140];
	size_t nitems = 0, nby = 0;
	struct kl_error e;
	int rc;

	kli_rb_section(b, 3, "Ungdomsenkäten");
	if (!d->survey) {
		kli_rb_missing(b, "avsnittet saknas: ingen enkät i "
		                  "rapportfilen ([survey])");
		return KL_OK;
	}
	memset(&ds, 0, sizeof(ds));
	memset(&eo, 0, sizeof(eo));
	memset(&sv, 0, sizeof(sv));
	ds.psu[0] = d->psu;
	ds.psu[1] = d->ssu;
	ds.strata = d->strata;
	ds.weight = d->weight;
	ds.fpc[0] = d->fpc;
	ds.over = d->round;
	ds.lonely = d->lonely ? (enum kl_lonely)kl_lonely_parse(d->lonely)
	                      : KL_LONELY_FAIL;
	if (d->ever)
		items[nitems++] = d->ever;
	if (d->last12)
		items[nitems++] = d->last12;
	for (size_t i = 0; i < d->ncompensation; i++)
		items[nitems++] = d->compensation[i];
	for (size_t i = 0; i < d->ncontact; i++)
		items[nitems++] = d->contact[i];
	if (d->sex)
		by[nby++] = d->sex;
	if (d->school_year)
		by[nby++] = d->school_year;
	if (d->sex && d->school_year) {
		snprintf(sexyear, sizeof(sexyear), "%s,%s", d->sex,
		         d->school_year);
		by[nby++] = sexyear;
	}
	if (d->kommun)
		by[nby++] = d->kommun;
	if (d->kommun && d->sex) {
		snprintf(kommunsex, sizeof(kommunsex), "%s,%s", d->kommun,
		         d->sex);
		by[nby++] = kommunsex;
	}
	if (d->breakdown)
		by[nby++] = d->breakdown;
	/* the region rule: a report for a region counts its residents, here
	 * the respondents of its kommuner (kartlagg-report(5)); the others
	 * stay in the design and the calibration */
	if (d->kommun) {
		size_t nk = kl_codes_nkommuner(c->codes);
		free(c->subset);
		c->nsubset = 0;
		c->subset = calloc(nk + 1, sizeof(*c->subset));
		if (!c->subset) {
			b->oom = 1;
			return KL_OK;
		}
		for (size_t i = 0; i < nk; i++) {
			const struct kl_kommun *km =
			    kl_codes_kommun_at(c->codes, i);
			if (km && in_region(d, km->code))
				c->subset[c->nsubset++] = km->code;
		}
		eo.subset = d->kommun;
		eo.subset_vals = c->subset;
		eo.nsubset = c->nsubset;
	}
	/* which kommun each school is in, for school_sums: only asked for
	 * when the region has several kommuner (with one, its total is the
	 * region's, already the schools' sum) */
	if (d->breakdown && d->kommun && c->nsubset > 1) {
		snprintf(kommunbreak, sizeof(kommunbreak), "%s,%s", d->kommun,
		         d->breakdown);
		by[nby++] = kommunbreak;
	}
	eo.drop_missing = 1; /* a missing code is no group of its own */
	c->popdom.survey = d->survey;
	c->popdom.over = d->round;
	c->popdom.over_value = d->current;
	c->popdom.subset = eo.subset;
	c->popdom.subset_vals = eo.subset_vals;
	c->popdom.nsubset = eo.nsubset;
	eo.design = &ds;
	eo.items = items;
	eo.nitems = nitems;
	eo.by = by;
	eo.nby = nby;
	eo.overall = 1;
	eo.level = 0.95;
	eo.weights = d->weights;
	kl_error_clear(&e);
	rc = kl_estimate(b->st, d->survey, &eo, &sv.res, &e);
	if (rc == KL_ERR_USAGE || rc == KL_ERR_PARSE) {
		kli_rb_missing(b,
		               "avsnittet saknas: enkäten '%s' kan inte "
		               "skattas (%s)",
		               d->survey, e.msg);
		return KL_OK;
	}
	if (rc) {
		*b->err = e;
		return rc;
	}
	/* the imports behind the survey: every import its rows come from
	 * (one per round when the rounds came in files of their own), and
	 * its codebook's, in id order */
	{
		sqlite3_stmt *s = NULL;
		long long ids[32], first = 0;
		size_t nid = 0, nrows = 0;
		char *table = NULL;
		if (kli_store_prepare(b->st,
		                      "SELECT import_id, codebook_import_id, "
		                      "data_table FROM surveys WHERE name = ?1",
		                      &s, NULL) == KL_OK) {
			sqlite3_bind_text(s, 1, d->survey, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW) {
				first = sqlite3_column_int64(s, 0);
				if (sqlite3_column_type(s, 1) != SQLITE_NULL)
					ids[nid++] = sqlite3_column_int64(s, 1);
				if (sqlite3_column_text(s, 2))
					table = sqlite3_mprintf(
					    "SELECT DISTINCT _import_id FROM "
					    "\"%w\" ORDER BY 1",
					    (const char *)sqlite3_column_text(
					        s, 2));
			}
			sqlite3_finalize(s);
		}
		if (table &&
		    kli_store_prepare(b->st, table, &s, NULL) == KL_OK) {
			while (sqlite3_step(s) == SQLITE_ROW && nid < 32) {
				long long id = sqlite3_column_int64(s, 0);
				int seen = 0;
				nrows++;
				for (size_t i = 0; i < nid; i++)
					seen |= ids[i] == id;
				if (!seen)
					ids[nid++] = id;
			}
			sqlite3_finalize(s);
		}
		sqlite3_free(table);
		/* the survey's own import when no rows say (none stored) */
		if (!nrows && first && nid < 32)
			ids[nid++] = first;
		for (size_t i = 1; i < nid; i++) /* a handful: insertion */
			for (size_t j = i; j && ids[j] < ids[j - 1]; j--) {
				long long x = ids[j];
				ids[j] = ids[j - 1];
				ids[j - 1] = x;
			}
		for (size_t i = 0; i < nid; i++)
			add_id(c->imports_survey, sizeof(c->imports_survey),
			       ids[i]);
	}
	sv.cur = d->current;
	sv.prev = d->previous;
	if (sv.cur && find_domain(sv.res, sv.cur, "", NULL) < 0) {
		kli_rb_missing(b,
		               "avsnittet saknas: omgång %s = %s finns inte "
		               "i enkäten '%s'",
		               d->round, sv.cur, d->survey);
		kl_est_result_free(sv.res);
		return KL_OK;
	}
	note_date(c, sv.cur);
	if (sv.prev && find_domain(sv.res, sv.prev, "", NULL) < 0) {
		kli_rb_para(b,
		            "Den föregående omgången (%s = %s) finns inte "
		            "i enkäten; ingen jämförelse.",
		            d->round, sv.prev);
		sv.prev = NULL;
	}
	if (sv.prev &&
	    kl_est_compare(sv.res, sv.prev, sv.cur, &sv.diff, &sv.ndiff, &e)) {
		kli_rb_para(b, "Jämförelsen med omgång %s kunde inte göras.",
		            sv.prev);
		sv.prev = NULL;
	}
	/* the series over every stored round, when there are 3 or more:
	 * its counts registered before the tables comparing two rounds */
	const char *rounds[SERIES_MAX];
	int numeric = 0;
	size_t nr = survey_rounds(&sv, rounds, &numeric);
	if (nr < 3)
		nr = 0;
	if (nr && d->ever)
		series_register(c, &sv, d->ever, rounds, nr);
	if (nr && d->last12)
		series_register(c, &sv, d->last12, rounds, nr);
	kli_rb_para(b, "Designvägda andelar (kartlagg estimate) med 95 %% "
	               "konfidensintervall (logit). Regionen redovisas som "
	               "helhet; kommuner bara där reglerna för röjandeskydd "
	               "tillåter.");
	const char *item = d->ever ? d->ever : d->last12;
	const char *what = d->ever ? "någon gång fått ersättning för "
	                             "sexuella handlingar"
	                           : "fått ersättning för sexuella "
	                             "handlingar de senaste 12 månaderna";
	kli_rb_heading(b, "Svarande");
	respondents_table(c, &sv, item);
	kli_rb_heading(b, "Andel som fått ersättning för sexuella handlingar");
	if (d->ever) {
		share_table(c, &sv, d->ever,
		            "någon gång fått ersättning för sexuella "
		            "handlingar");
		survey_summary(c, &sv, d->ever,
		               "någon gång fått ersättning för sexuella "
		               "handlingar");
	}
	if (d->last12) {
		share_table(c, &sv, d->last12,
		            "fått ersättning för sexuella handlingar de "
		            "senaste 12 månaderna");
		survey_summary(c, &sv, d->last12,
		               "fått ersättning de senaste 12 månaderna");
	}
	if (nr) {
		struct strend *st = calloc(1, sizeof(*st));
		if (!st) {
			b->oom = 1;
			goto done;
		}
		free(c->strend);
		c->strend = st;
		st->nx = nr;
		for (size_t k = 0; k < nr; k++)
			st->x[k] =
			    numeric ? (int)strtol(rounds[k], NULL, 10) : 0;
		snprintf(st->r0, sizeof(st->r0), "%s", rounds[0]);
		snprintf(st->r1, sizeof(st->r1), "%s", rounds[nr - 1]);
		kli_rb_heading(b, "Utveckling över omgångarna");
		size_t it = 0;
		if (d->ever) {
			snprintf(st->names[it], sizeof(st->names[it]),
			         "Någon gång");
			series_table(c, &sv, d->ever,
			             "någon gång fått ersättning för sexuella "
			             "handlingar",
			             rounds, nr, it++);
		}
		if (d->last12) {
			snprintf(st->names[it], sizeof(st->names[it]),
			         "De senaste 12 månaderna");
			series_table(c, &sv, d->last12,
			             "fått ersättning för sexuella handlingar "
			             "de senaste 12 månaderna",
			             rounds, nr, it++);
		}
		/* a placeholder: drawn by resolve_trend once disclosure
		 * control has decided which shares are shown */
		if (numeric)
			st->fig =
			    kli_rb_figure(b, 0, "", "", NULL, st->t[0] + 1) + 1;
		else
			kli_rb_missing(b, "diagrammet över omgångarna saknas: "
			                  "omgångarna är inte årtal");
	}
	kli_rb_heading(b, "Kommunerna");
	kommun_table(c, &sv, item, what);
	lan_compare(c, &sv, &eo);
	if (d->breakdown) {
		kli_rb_heading(b, "Skolorna");
		if (d->ever)
			breakdown_table(
			    c, &sv, d->ever,
			    "någon gång fått ersättning för sexuella "
			    "handlingar");
		if (d->last12)
			breakdown_table(
			    c, &sv, d->last12,
			    "fått ersättning för sexuella handlingar "
			    "de senaste 12 månaderna");
	}
	kli_rb_heading(b, "Skattat antal ungdomar");
	estimates_table(c, &sv, item, what);
	if (d->ncompensation || d->ncontact)
		kli_rb_heading(b, "Typ av ersättning och kontaktväg");
	{
		char cap[400];
		snprintf(cap, sizeof(cap),
		         "Typ av ersättning bland elever som fått ersättning, "
		         "%s, %s %s. Procent",
		         c->region_name, "omgång", sv.cur ? sv.cur : "");
		multi_table(c, &sv, d->compensation, d->ncompensation,
		            "enkat-ersattning", cap);
		snprintf(cap, sizeof(cap),
		         "Kontaktväg bland elever som fått ersättning, %s, %s "
		         "%s. Procent",
		         c->region_name, "omgång", sv.cur ? sv.cur : "");
		multi_table(c, &sv, d->contact, d->ncontact, "enkat-kontakt",
		            cap);
	}
done:
	survey_sums(c, sv.res);
	school_sums(c, sv.res);
	survey_bounds(c, sv.res);
	free(sv.diff);
	kl_est_result_free(sv.res);
	return KL_OK;
}

/* ---- section 4: persons known to services ------------------------------ */

/* The disclosure indices (+ 1) of column 1 of table t, all rows but the
 * last (the total), into ix[] (at most max); returns how many. */
static size_t col_cells(struct kli_rb *b, size_t t, size_t *ix, long long *cnt,
                        size_t max)
{
	const struct kl_rep_table *tb = &b->r->tables[t];
	size_t n = 0;
	for (size_t i = 0; i + 1 < tb->nrows && n < max; i++) {
		ix[n] = tb->cells[i * tb->ncols + 1].sdc;
		cnt[n++] = tb->cells[i * tb->ncols + 1].count;
	}
	return n;
}

/* One breakdown table of the individuals count. */
static void ind_table(struct ctx *c, const struct kl_individuals_count *ic,
                      const char *dim, const char *name, const char *head,
                      const char *cap, int additive, size_t total_idx)
{
	struct kli_rb *b = &c->b;
	size_t t, parts[64], np = 0;
	long long pn[64];
	const char *pv[64];
	char key[160];

	t = kli_rb_table(b, name, cap, 2, head, "Antal personer");
	for (size_t i = 0; i < ic->ncats; i++) {
		const struct kl_count_cat *k = &ic->cats[i];
		if (strcmp(k->dim, dim))
			continue;
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0,
		            strcmp(dim, "arena") == 0 &&
		                    strcmp(k->value, "okand") == 0
		                ? "Okänd arena"
		                : label_of(k->value));
		snprintf(key, sizeof(key), "individer/%s/%s/%s",
		         b->d->ind_period, dim, k->value);
		size_t ix =
		    kli_rb_count(b, t, r, 1, key, (long long)k->persons);
		if (np < 64) {
			parts[np] = ix;
			pv[np] = k->value;
			pn[np++] = (long long)k->persons;
		}
	}
	size_t r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/totalt", b->d->ind_period);
	kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
	if (additive) {
		kli_rb_sum(b, total_idx, (long long)ic->persons, parts, pn, np);
	} else {
		/*
		 * Multiple response: a reader knows each category's
		 * complement (total - X persons are not in X, so X <= total)
		 * and, where every person is in some category (the "Uppgift
		 * saknas" row makes it so), that the categories add up to at
		 * least the total.
		 */
		size_t all[66], nonzero = 0;
		long long a[66], excess = -(long long)ic->persons;
		size_t na = 0;
		/* persons of one organisation type only, when the sources
		 * show the type: "all of them" is no news (no margin rule) */
		for (size_t i = 0; i < np; i++)
			nonzero += pn[i] > 0;
		int public_all =
		    strcmp(dim, "organisation_type") == 0 && nonzero <= 1;
		for (size_t i = 0; i < np; i++) {
			size_t two[2];
			char kk[200];
			snprintf(kk, sizeof(kk), "individer/%s/%s/inte/%s",
			         b->d->ind_period, dim, pv[i]);
			long long two_n[2] = {pn[i],
			                      (long long)ic->persons - pn[i]};
			two[0] = parts[i];
			two[1] = kli_rb_unpub(b, kk, two_n[1], 1);
			if (public_all) {
				size_t three[3] = {total_idx, two[0], two[1]};
				const long long w[3] = {1, -1, -1};
				kli_rb_rel(b, three, w, 3, 0);
			} else {
				kli_rb_sum(b, total_idx, (long long)ic->persons,
				           two, two_n, 2);
			}
			all[na] = parts[i];
			a[na++] = 1;
			excess += pn[i];
		}
		if (strcmp(dim, "organisation_type") != 0 && excess >= 0 &&
		    na + 2 <= 66) {
			char kk[200];
			snprintf(kk, sizeof(kk), "individer/%s/%s/overskott",
			         b->d->ind_period, dim);
			all[na] = total_idx;
			a[na++] = -1;
			all[na] = kli_rb_unpub(b, kk, excess, 0);
			a[na++] = -1;
			kli_rb_rel(b, all, a, na, 0);
		}
		kli_rb_note(b, t,
		            "En person kan förekomma i flera kategorier; "
		            "kategorierna summerar inte till totalen.");
	}
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s), "
	              "kartlagg count individuals.",
	              c->imports_ind);
}

/*
 * Three lists: the overlap table gives the sum of the pairwise overlaps,
 * n12 + n13 + n23 = (known by 2) + 3 (known by 3), which ties the model's
 * pair margins (mse_part) to the pairs it does not have (unpublished
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

static void mse_part(struct ctx *c, const struct kl_individuals_count *ic,
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
		if (!nomem(b, &e))
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
		if (!nomem(b, &e))
			kli_rb_missing(
			    b,
			    "skattningen saknas: ingen tillåten modell "
			    "(%s)",
			    e.msg);
		goto out;
	}
	if (kl_mse_fit(md, &sel->model, KL_MSE_FIT_INTERVALS, fit, &e) ||
	    fit->checkident) {
		if (fit->checkident || !nomem(b, &e))
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
		b->r->tables[t].cells[r * b->r->tables[t].ncols + 1].hide_with =
		    keyed_idx;
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
		char src[400];
		snprintf(src, sizeof(src), "Verksamheter, import %s",
		         c->imports_ind);
		kl_fmt_int(v, sizeof(v), (long long)llround(fit->total));
		c->mse_sum_row = b->r->tables[c->summary].nrows;
		summary_row(c, "Skattat totalt antal utsatta personer (MSE)", v,
		            isfinite(lo) && isfinite(hi) ? ci : "..", "..",
		            "..", src);
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

static int small_diff(unsigned long long x, unsigned long long y,
                      long long threshold);

/*
 * The category cells of this report's breakdowns (sex, age, organisation
 * type, ...) that differ from the same category of another report on the
 * store, oc, by 1 .. threshold - 1 are hidden by force: the women of alla
 * less the women of utsatt are women who are only buyers.  The cells are
 * registered here under the keys the tables give them (ind_table), with
 * their counts, so the tables find them forced.
 */
static void cat_differencing(struct ctx *c,
                             const struct kl_individuals_count *ic,
                             const struct kl_individuals_count *oc)
{
	const struct kl_report_def *d = c->b.d;
	char key[160];
	if (!oc)
		return;
	for (size_t i = 0; i < ic->ncats; i++) {
		const struct kl_count_cat *k = &ic->cats[i];
		unsigned long long other = 0;
		for (size_t j = 0; j < oc->ncats; j++)
			if (!strcmp(oc->cats[j].dim, k->dim) &&
			    !strcmp(oc->cats[j].value, k->value))
				other = oc->cats[j].persons;
		if (!small_diff(k->persons, other, d->threshold))
			continue;
		snprintf(key, sizeof(key), "individer/%s/%s/%s", d->ind_period,
		         k->dim, k->value);
		kli_rb_force(&c->b,
		             kli_rb_key(&c->b, key, (long long)k->persons));
	}
}

/*
 * Does a record wholly inside o's period (as kl_count_individuals takes
 * them) have a role other than o->role?  1 when it does or the store
 * cannot say, 0 when not: then the count over every role reads the same
 * records as o's and gives the same figures.
 */
static int other_roles(struct kl_store *st, const struct kl_count_opts *o)
{
	sqlite3_stmt *s;
	char p0[16], p1[16];
	int any = 1;

	if (kli_store_prepare(st,
	                      "SELECT EXISTS (SELECT 1 FROM individuals WHERE "
	                      "period_start >= ?1 AND period_end <= ?2 AND "
	                      "role <> ?3)",
	                      &s, NULL))
		return 1;
	snprintf(p0, sizeof(p0), "%04d-%02d", o->period.y0, o->period.m0);
	snprintf(p1, sizeof(p1), "%04d-%02d", o->period.y1, o->period.m1);
	sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->role, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		any = sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return any;
}

/*
 * The totals of the report that options oo would make, for differencing:
 * *here the region's persons, *all the store's (region, elsewhere, no
 * kommun), both 0 when it counts nobody; its category cells that differ
 * from ic's by a small count are forced (cat_differencing).  Returns 0,
 * or a status (with *c->b.err) when the store fails.
 */
static int other_report_totals(struct ctx *c, const struct kl_count_opts *oo,
                               const struct kl_individuals_count *ic,
                               unsigned long long *here,
                               unsigned long long *all)
{
	struct kl_individuals_count *oc = NULL;
	struct kl_error e;
	int rc;

	*here = *all = 0;
	kl_error_clear(&e);
	rc = kl_count_individuals(c->b.st, oo, &oc, &e);
	if (rc && rc != KL_ERR_NUMERIC) {
		*c->b.err = e;
		return rc;
	}
	if (oc) {
		*here = oc->persons;
		*all = oc->persons + oc->elsewhere + oc->no_kommun;
	}
	cat_differencing(c, ic, oc);
	kl_individuals_count_free(oc);
	return KL_OK;
}

/*
 * Role differencing (kartlagg-report(5), DISCLOSURE CONTROL): reports
 * with role alla, utsatt and kopare can be made from the same store, and
 * the difference of two totals counts the persons of the other role.
 * The totals of this report (the region's and the store's) are hidden by
 * force when one differs from the same total of another role's report by
 * 1 .. threshold - 1, and so are the category cells that differ so
 * (cat_differencing).  Returns 0, or a status when the store fails.
 */
static int role_differencing(struct ctx *c, const struct kl_count_opts *o,
                             const struct kl_individuals_count *ic,
                             int *force_region, int *force_store)
{
	static const char *const roles[] = {NULL, "utsatt", "kopare"};
	const struct kl_report_def *d = c->b.d;
	unsigned long long here = ic->persons,
	                   all = ic->persons + ic->elsewhere + ic->no_kommun;

	*force_region = *force_store = 0;
	if (o->role && !other_roles(c->b.st, o))
		return KL_OK; /* every record has this role: the same counts */
	for (size_t i = 0; i < 3; i++) {
		struct kl_count_opts oo = *o;
		unsigned long long h = 0, a = 0, dh, da;
		int rc;
		if ((roles[i] == NULL) == (o->role == NULL) &&
		    (!roles[i] || strcmp(roles[i], o->role) == 0))
			continue; /* this report's role */
		if (o->role && roles[i])
			continue; /* utsatt against kopare: not nested */
		oo.role = roles[i];
		rc = other_report_totals(c, &oo, ic, &h, &a);
		if (rc)
			return rc;
		dh = h > here ? h - here : here - h;
		da = a > all ? a - all : all - a;
		/* a total of 0 in either report names nobody the other does
		 * not already protect by its own rules */
		if (h && here && dh >= 1 &&
		    dh < (unsigned long long)d->threshold)
			*force_region = 1;
		if (a && all && da >= 1 &&
		    da < (unsigned long long)d->threshold)
			*force_store = 1;
	}
	return KL_OK;
}

/* Does a total differ from another report's by 1 .. threshold - 1 (a
 * total of 0 in either names nobody)? */
static int small_diff(unsigned long long x, unsigned long long y,
                      long long threshold)
{
	unsigned long long dx = x > y ? x - y : y - x;
	return x && y && dx >= 1 && dx < (unsigned long long)threshold;
}

/*
 * Period differencing (kartlagg-report(5), DISCLOSURE CONTROL): a report
 * for any period inside this one can be made from the same store (a
 * record counts when it lies wholly inside the period), and the
 * difference of the totals counts the persons of the months left out.
 * For every run of whole months inside the report's period (every one
 * when the period has at most 24 months, else those that keep its first
 * or its last month), the totals of this report (the region's and the
 * store's) are hidden by force when one differs from the same total over
 * that run by 1 .. threshold - 1, and so are the category cells that
 * differ so (cat_differencing).  Returns 0, or a status when the store
 * fails.
 */
static int period_differencing(struct ctx *c, const struct kl_count_opts *o,
                               const struct kl_individuals_count *ic,
                               int *force_region, int *force_store)
{
	const struct kl_report_def *d = c->b.d;
	const struct kl_period *p = &o->period;
	unsigned long long here = ic->persons,
	                   all = ic->persons + ic->elsewhere + ic->no_kommun;
	int m0 = p->y0 * 12 + p->m0 - 1, m1 = p->y1 * 12 + p->m1 - 1;
	int every = m1 - m0 + 1 <= 24;

	for (int a = m0; a <= m1; a++)
		for (int z = a; z <= m1; z++) {
			struct kl_count_opts oo = *o;
			unsigned long long h = 0, t = 0;
			int rc;
			if ((a == m0 && z == m1) ||
			    (!every && a != m0 && z != m1))
				continue;
			oo.period.y0 = a / 12;
			oo.period.m0 = a % 12 + 1;
			oo.period.y1 = z / 12;
			oo.period.m1 = z % 12 + 1;
			rc = other_report_totals(c, &oo, ic, &h, &t);
			if (rc)
				return rc;
			*force_region |= small_diff(h, here, d->threshold);
			*force_store |= small_diff(t, all, d->threshold);
		}
	return KL_OK;
}

/* Where the persons of the role live: the region, elsewhere, unknown. */
static void residence_table(struct ctx *c,
                            const struct kl_individuals_count *ic,
                            int force_store)
{
	struct kli_rb *b = &c->b;
	const char *per = b->d->ind_period;
	char cap[400], key[160], lab[300];
	size_t t, r, ix[3], tot;
	long long n[3] = {(long long)ic->persons, (long long)ic->elsewhere,
	                  (long long)ic->no_kommun};
	static const char *const keys[] = {"totalt", "bostad/annan",
	                                   "bostad/okand"};

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter bostadskommun, %s. "
	         "Antal personer",
	         per);
	t = kli_rb_table(b, "individer-bostad", cap, 2, "Bostad",
	                 "Antal personer");
	for (size_t i = 0; i < 3; i++) {
		r = kli_rb_row(b, t);
		if (i == 0)
			snprintf(lab, sizeof(lab), "Bor i %s", c->region_name);
		kli_rb_text(b, t, r, 0,
		            i == 0   ? lab
		            : i == 1 ? "Bor i annan kommun/annat län"
		                     : "Kommun okänd");
		snprintf(key, sizeof(key), "individer/%s/%s", per, keys[i]);
		ix[i] = kli_rb_count(b, t, r, 1, key, n[i]);
	}
	r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt i lagret (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/lagret", per);
	tot = kli_rb_count(b, t, r, 1, key, n[0] + n[1] + n[2]);
	/* where a person lives is not what the report protects (it is the
	 * region's own report): a weighted relation, so the margin rule
	 * does not hide "all of them live in the region" */
	{
		size_t four[4] = {tot, ix[0], ix[1], ix[2]};
		const long long a[4] = {1, -1, -1, -1};
		kli_rb_rel(b, four, a, 4, 0);
	}
	if (force_store)
		kli_rb_force(b, tot);
	kli_rb_note(b, t,
	            "En persons bostadskommun är den kommun som oftast står i "
	            "personens poster under perioden, oavsett roll (vid lika "
	            "många den lägsta koden). Avsnittets övriga tabeller "
	            "räknar bara de som bor i %s.",
	            c->region_name);
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s), "
	              "kartlagg count individuals --region.",
	              c->imports_ind);
}

/* Persons by key: strong, weak only, (keyed: the two), none; returns the
 * index (+ 1) of the keyed persons, the MSE's observed persons. */
static size_t key_table(struct ctx *c, const struct kl_individuals_count *ic,
                        size_t total_idx)
{
	struct kli_rb *b = &c->b;
	const char *per = b->d->ind_period;
	char cap[400], key[160];
	size_t t, r, ix[3], keyed;
	long long n[3] = {(long long)ic->strong, (long long)ic->weak,
	                  (long long)ic->unkeyed};
	static const char *const keys[] = {"stark", "svag", "ingen"};
	static const char *const labs[] = {"Stark nyckel (personnummer)",
	                                   "Enbart svag nyckel (kön, "
	                                   "födelseår, initialer)",
	                                   "Ingen nyckel"};

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter personnyckel, %s, %s. "
	         "Antal personer",
	         c->region_name, per);
	t = kli_rb_table(b, "individer-nyckel", cap, 2, "Personnyckel",
	                 "Antal personer");
	for (size_t i = 0; i < 3; i++) {
		if (i == 2) {
			/* the keyed persons: the MSE's observed persons */
			r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0,
			            "Med nyckel (stark eller svag)");
			snprintf(key, sizeof(key), "individer/%s/med_nyckel",
			         per);
			keyed = kli_rb_count(b, t, r, 1, key, n[0] + n[1]);
			/* nor is the kind of key: weighted relations, out of
			 * the margin rule's reach */
			size_t three[3] = {keyed, ix[0], ix[1]};
			const long long a[3] = {1, -1, -1};
			kli_rb_rel(b, three, a, 3, 0);
		}
		r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, labs[i]);
		snprintf(key, sizeof(key), "individer/%s/nyckel/%s", per,
		         keys[i]);
		ix[i] = kli_rb_count(b, t, r, 1, key, n[i]);
	}
	r = kli_rb_row(b, t);
	kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
	snprintf(key, sizeof(key), "individer/%s/totalt", per);
	kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
	{
		size_t three[3] = {total_idx, keyed, ix[2]};
		const long long a[3] = {1, -1, -1};
		kli_rb_rel(b, three, a, 3, 0);
	}
	kli_rb_note(b, t,
	            "Personer utan nyckel räknas var för sig och kan vara "
	            "räknade mer än en gång; de ingår inte i skattningen av "
	            "det totala antalet.");
	kli_rb_source(b, t, c->imports_ind,
	              "Källa: verksamheternas individuppgifter (import %s).",
	              c->imports_ind);
	return keyed;
}

/*
 * The overlap identity (issue 13): the organisation-type table counts a
 * person once per type, the overlap table once per person by the number
 * of organisations, so sum(type counts) = sum over persons of their
 * types; with a type per organisation that is 1 k1 + 2 k2 + 3 k3 + ...,
 * and a reader who knows k1, k2 and "3 eller fler" may solve for k3, k4.
 * The persons by (organisations, types) go in as unpublished cells, tied
 * to the published k1, k2, 3+ and to the type counts.  Only the
 * combinations that occur are registered: a reader is assumed to know
 * which do, which protects more, never less.
 */
static void overlap_identity(struct ctx *c,
                             const struct kl_individuals_count *ic,
                             const size_t *known, size_t types_t)
{
	struct kl_source *src = NULL;
	size_t nsrc = 0;
	long long feed_rows = 0, orgsum = 0;
	struct kli_rb *b = &c->b;
	size_t ntype, ntyped = 0, K = ic->orgs_known, nv = 0;
	long long cnt[64];
	size_t cix[64];
	struct kl_count_overlap *cells = NULL;
	size_t *ix = NULL, *grp = NULL;
	long long *a = NULL, *gn = NULL;
	char key[200];
	long long tsum = 0;

	/* the organisation-type counts */
	ntype = col_cells(b, types_t, cix, cnt, 64);
	for (size_t i = 0; i < ntype; i++)
		ntyped += cnt[i] > 0;
	/*
	 * The combinations (j organisations, i types) a reader cannot rule
	 * out: 1 <= i <= j <= the organisations, i <= the types with
	 * persons; only i = j when there are as many organisations as such
	 * types (a type each, as the sources table shows).  With their
	 * counts, 0 for those that do not occur.
	 */
	if (K > 200)
		K = 200;
	cells = calloc(K * (ntyped + 1) + ic->noverlap + 1, sizeof(*cells));
	if (!cells) {
		b->oom = 1;
		goto out;
	}
	for (size_t j = 1; j <= K; j++)
		for (size_t i = 1; i <= j && i <= ntyped; i++)
			if (K != ntyped || i == j)
				cells[nv++] =
				    (struct kl_count_overlap){j, i, 0};
	for (size_t v = 0; v < ic->noverlap; v++) {
		const struct kl_count_overlap *o = &ic->overlap[v];
		size_t w = 0;
		while (w < nv &&
		       (cells[w].orgs != o->orgs || cells[w].types != o->types))
			w++;
		if (w == nv)
			cells[nv++] = *o;
		else
			cells[w].persons = o->persons;
	}
	ix = calloc(nv + ntype + 3, sizeof(*ix));
	a = calloc(nv + ntype + 3, sizeof(*a));
	grp = calloc(nv + 1, sizeof(*grp));
	gn = calloc(nv + 1, sizeof(*gn));
	if (!ix || !a || !grp || !gn) {
		b->oom = 1;
		goto out;
	}
	for (size_t i = 0; i < ntype; i++) {
		ix[i] = cix[i];
		tsum += cnt[i];
		a[i] = 1;
	}
	size_t n = ntype;
	long long wsum = 0;
	for (size_t v = 0; v < nv; v++) {
		const struct kl_count_overlap *o = &cells[v];
		snprintf(key, sizeof(key),
		         "individer/%s/kand_av_exakt/%zu/typer/%zu",
		         b->d->ind_period, o->orgs, o->types);
		size_t u = kli_rb_unpub(b, key, (long long)o->persons, 1);
		if (o->types) {
			ix[n] = u;
			a[n++] = -(long long)o->types;
			wsum += (long long)(o->types * o->persons);
		}
		grp[v] = u;
		gn[v] = (long long)o->persons;
		orgsum += (long long)(o->orgs * o->persons);
	}
	if (wsum == tsum)
		kli_rb_rel(b, ix, a, n, 0);
	/*
	 * Each organisation that knows a person has a record of them, so
	 * 1 k1 + 2 k2 + 3 k3 + ... <= the rows of the individuals feeds,
	 * which the sources table publishes: an equation with an
	 * unpublished slack.
	 */
	{
		struct kl_error e;
		kl_error_clear(&e);
		if (kl_store_list_sources(b->st, &src, &nsrc, &e) == KL_OK) {
			for (size_t i = 0; i < nsrc; i++)
				if (!src[i].superseded_by &&
				    strcmp(src[i].kind, "individuals") == 0)
					feed_rows += src[i].rows;
		} else if (e.status == KL_ERR_NOMEM) {
			b->oom = 1;
		}
	}
	if (feed_rows >= orgsum) {
		size_t m = 0, rows_ix = 0;
		{
			struct kl_error e;
			size_t idx;
			kl_error_clear(&e);
			if (b->sdc && !b->oom &&
			    kl_sdc_cell(b->sdc, "kallor/individer/rader",
			                feed_rows, 1, &idx, &e) == KL_OK)
				rows_ix = idx + 1;
			else if (e.status == KL_ERR_NOMEM)
				b->oom = 1;
		}
		for (size_t v = 0; v < nv; v++) {
			ix[m] = grp[v];
			a[m++] = (long long)cells[v].orgs;
		}
		snprintf(key, sizeof(key), "individer/%s/rader_utover",
		         b->d->ind_period);
		ix[m] = kli_rb_unpub(b, key, feed_rows - orgsum, 0);
		a[m++] = 1;
		ix[m] = rows_ix;
		a[m++] = -1;
		kli_rb_rel(b, ix, a, m, 0);
	}
	/* k1, k2 and 3+ are sums of those cells (weighted relations: no
	 * limit on the parts, and the parts are unpublished anyway) */
	for (size_t k = 0; k < 3; k++) {
		size_t np = 0;
		ix[np] = known[k];
		a[np++] = 1;
		for (size_t v = 0; v < nv; v++) {
			size_t j = cells[v].orgs;
			if ((k < 2 && j == k + 1) || (k == 2 && j >= 3)) {
				ix[np] = grp[v];
				a[np++] = -1;
			}
		}
		kli_rb_rel(b, ix, a, np, 0);
	}
out:
	free(cells);
	free(src);
	free(ix);
	free(a);
	free(grp);
	free(gn);
}

static int section_individuals(struct ctx *c)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_count_opts o;
	struct kl_individuals_count *ic = NULL;
	struct kl_error e;
	char cap[400], per[24], key[160];
	int rc;

	kli_rb_section(b, 4, "Personer kända av verksamheter");
	if (!d->individuals) {
		kli_rb_missing(b, "avsnittet saknas: inga individuppgifter i "
		                  "rapportfilen ([individuals])");
		return KL_OK;
	}
	memset(&o, 0, sizeof(o));
	if (kl_period_parse(d->ind_period, &o.period)) {
		kli_rb_missing(b,
		               "avsnittet saknas: perioden '%s' kan inte "
		               "tolkas",
		               d->ind_period);
		return KL_OK;
	}
	o.role = d->role && strcmp(d->role, "alla") ? d->role : NULL;
	o.lists = d->lists && strcmp(d->lists, "organisation-type") == 0
	              ? KL_LISTS_ORG_TYPE
	              : KL_LISTS_ORGANISATION;
	o.regions = (const char *const *)d->regions;
	o.nregions = d->nregions;
	kl_error_clear(&e);
	rc = kl_count_individuals(b->st, &o, &ic, &e);
	if (rc == KL_ERR_NUMERIC) {
		kli_rb_missing(b,
		               "avsnittet saknas: lagret har inga "
		               "individuppgifter för perioden %s",
		               d->ind_period);
		return KL_OK;
	}
	if (rc) {
		*b->err = e;
		return rc;
	}
	if (!b->sdc) {
		kli_rb_missing(b,
		               "avsnittet saknas: antal personer publiceras "
		               "bara med röjandeskydd, och kartlagg är byggd "
		               "utan det (kl_sdc)");
		kl_individuals_count_free(ic);
		return KL_OK;
	}
	/* the imports behind it */
	{
		sqlite3_stmt *s = NULL;
		char p0[8], p1[8];
		snprintf(p0, sizeof(p0), "%04d-%02d", o.period.y0, o.period.m0);
		snprintf(p1, sizeof(p1), "%04d-%02d", o.period.y1, o.period.m1);
		if (kli_store_prepare(b->st,
		                      "SELECT DISTINCT import_id FROM "
		                      "individuals WHERE period_start >= ?1 "
		                      "AND period_end <= ?2 ORDER BY 1",
		                      &s, NULL) == KL_OK) {
			sqlite3_bind_text(s, 1, p0, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, p1, -1, SQLITE_STATIC);
			while (sqlite3_step(s) == SQLITE_ROW)
				add_id(c->imports_ind, sizeof(c->imports_ind),
				       sqlite3_column_int64(s, 0));
			sqlite3_finalize(s);
		}
	}
	kl_period_format(&o.period, per, sizeof(per));
	kli_rb_para(b,
	            "Unika personer som verksamheterna mött under %s%s och "
	            "som bor i %s, räknade en gång även när flera "
	            "verksamheter känner dem (pseudonyma personnycklar). "
	            "Personer som bor i en annan kommun eller vars kommun "
	            "inte är känd redovisas bara i tabellen efter "
	            "bostadskommun.",
	            d->ind_period,
	            o.role ? (strcmp(o.role, "utsatt") == 0
	                          ? ", personer utsatta för exploatering"
	                          : ", köpare")
	                   : "",
	            c->region_name);
	int force_region = 0, force_store = 0;
	rc = role_differencing(c, &o, ic, &force_region, &force_store);
	if (!rc)
		rc =
		    period_differencing(c, &o, ic, &force_region, &force_store);
	if (rc) {
		kl_individuals_count_free(ic);
		return rc;
	}
	residence_table(c, ic, force_store);
	snprintf(key, sizeof(key), "individer/%s/totalt", d->ind_period);

	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter kön, %s, %s. Antal "
	         "personer",
	         c->region_name, d->ind_period);
	/* the total is a cell of every table; register it once */
	size_t total_idx = 0;
	ind_table(c, ic, "sex", "individer-kon", "Kön", cap, 1, 0);
	{
		/* find the total's index: it is the last cell of that
		 * table */
		struct kl_rep_table *tb = &b->r->tables[b->r->ntables - 1];
		total_idx = tb->cells[(tb->nrows - 1) * tb->ncols + 1].sdc;
		/* declare the sex relation now that the total is known */
		size_t parts[16], np = 0;
		long long pn[16];
		for (size_t i = 0; i + 1 < tb->nrows && np < 16; i++) {
			parts[np] = tb->cells[i * tb->ncols + 1].sdc;
			pn[np++] = tb->cells[i * tb->ncols + 1].count;
		}
		kli_rb_sum(b, total_idx, (long long)ic->persons, parts, pn, np);
	}
	if (force_region)
		kli_rb_force(b, total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter åldersgrupp, %s, %s. "
	         "Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "age_group", "individer-alder", "Åldersgrupp", cap, 1,
	          total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter typ av verksamhet, %s, "
	         "%s. Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "organisation_type", "individer-verksamhet",
	          "Typ av verksamhet", cap, 0, total_idx);
	size_t types_t = b->r->ntables - 1, known_ix[3] = {0, 0, 0};
	/* overlap */
	{
		static const char *const known[] = {"1", "2", "3+"};
		static const char *const known_sv[] = {"Känd av 1 verksamhet",
		                                       "Känd av 2 verksamheter",
		                                       "Känd av 3 eller fler"};
		size_t t, parts[3];
		long long pn[3];
		snprintf(
		    cap, sizeof(cap),
		    "Personer efter antal verksamheter som känner dem, %s, "
		    "%s. Antal personer",
		    c->region_name, d->ind_period);
		t = kli_rb_table(b, "individer-overlapp", cap, 2, "Överlapp",
		                 "Antal personer");
		for (int i = 0; i < 3; i++) {
			size_t r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0, known_sv[i]);
			snprintf(key, sizeof(key), "individer/%s/kand_av/%s",
			         d->ind_period, known[i]);
			parts[i] = kli_rb_count(b, t, r, 1, key,
			                        (long long)ic->known_to[i]);
			pn[i] = (long long)ic->known_to[i];
		}
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Totalt (unika personer)");
		snprintf(key, sizeof(key), "individer/%s/totalt",
		         d->ind_period);
		kli_rb_count(b, t, r, 1, key, (long long)ic->persons);
		if (ic->orgs_known > 1) {
			kli_rb_sum(b, total_idx, (long long)ic->persons, parts,
			           pn, 3);
		} else {
			/* one organisation: everybody is known to one, which
			 * every reader knows; no margin rule */
			size_t four[4] = {total_idx, parts[0], parts[1],
			                  parts[2]};
			const long long w[4] = {1, -1, -1, -1};
			kli_rb_rel(b, four, w, 4, 0);
		}
		kli_rb_source(b, t, c->imports_ind,
		              "Källa: verksamheternas individuppgifter (import "
		              "%s).",
		              c->imports_ind);
		memcpy(known_ix, parts, sizeof(known_ix));
	}
	overlap_identity(c, ic, known_ix, types_t);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter typ av exploatering, "
	         "%s, %s. Antal personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "exploitation", "individer-exploatering",
	          "Typ av exploatering", cap, 0, total_idx);
	snprintf(cap, sizeof(cap),
	         "Personer kända av verksamheter efter arena, %s, %s. Antal "
	         "personer",
	         c->region_name, d->ind_period);
	ind_table(c, ic, "arena", "individer-arena", "Arena", cap, 0,
	          total_idx);
	size_t keyed_idx = key_table(c, ic, total_idx);
	/* summary: the unique total, under the same key */
	{
		size_t r = kli_rb_row(b, c->summary);
		char src[400];
		kli_rb_text(b, c->summary, r, 0,
		            "Unika personer kända av verksamheter");
		kli_rb_count(b, c->summary, r, 1, key, (long long)ic->persons);
		for (size_t k = 2; k < 5; k++)
			kli_rb_sym(b, c->summary, r, k, KLI_SYM_HIDDEN);
		snprintf(src, sizeof(src), "Verksamheter, import %s",
		         c->imports_ind);
		kli_rb_text(b, c->summary, r, 5, src);
		b->r->tables[c->summary].persons = 1;
		note_date(c, "");
	}
	if (d->mse)
		mse_part(c, ic, keyed_idx, known_ix);
	else
		kli_rb_missing(b, "skattningen av det totala antalet saknas: "
		                  "ingen [mse] i rapportfilen");
	kl_individuals_count_free(ic);
	return KL_OK;
}

/* ---- section 5 and 6: offences and population ------------------------- */

static const char *region_label(const struct ctx *c, const char *code)
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

/* A population figure used in a rate, for section 6. */
struct poprow {
	char label[200];
	int year;
	double population;
};

static void keep_pop(struct ctx *c, struct poprow **rows, size_t *n,
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
static int code_changes(const struct ctx *c, int y0, int y1, char *buf,
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

static int section_offences(struct ctx *c, struct poprow **poprows,
                            size_t *npop)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_offence_opts o;
	struct kl_offence_count *oc = NULL, *tmp = NULL;
	struct kl_offence_kommun *cov = NULL;
	struct rate_row *rr = NULL;
	size_t ncov = 0, nrr = 0, ng, t, ngroups_data = 0;
	unsigned long long *per = NULL;
	struct kl_error e;
	int y0, y1, ny, rc = KL_OK, prel = 0;
	enum kl_offence_source src;
	const char *rname = c->region_name;
	char cap[600];

	kli_rb_section(b, 5, "Polisanmälda brott");
	if (!d->offences) {
		kli_rb_missing(b, "avsnittet saknas: inga brott i rapportfilen "
		                  "([offences])");
		return KL_OK;
	}
	if (sscanf(d->off_period, "%d-%d", &y0, &y1) != 2)
		y1 = y0 = (int)strtol(d->off_period, NULL, 10);
	ny = y1 - y0 + 1;
	if (ny > 32) {
		kli_rb_missing(b,
		               "avsnittet saknas: perioden %d–%d är längre "
		               "än 32 år",
		               y0, y1);
		return KL_OK;
	}
	memset(&o, 0, sizeof(o));
	o.y0 = y0;
	o.y1 = y1;
	o.source = !d->source || strcmp(d->source, "auto") == 0 ? KL_SOURCE_AUTO
	           : strcmp(d->source, "police") == 0 ? KL_SOURCE_POLICE
	                                              : KL_SOURCE_BRA;
	o.by_year = 1;
	o.by_region = 1;
	o.level = KL_LEVEL_KOMMUN;
	kli_rb_para(b, "Anmälda brott mäter polisens arbete och människors "
	               "benägenhet att anmäla lika mycket som brottsligheten: "
	               "ett riktat polisarbete mot sexköp ger fler anmälda "
	               "brott utan att fler brott begås. Jämför därför över "
	               "tid och mellan kommuner med försiktighet.");
	/* the police cases of every kommun, or Brå's kommun rows; the
	 * region's share is picked below */
	kl_error_clear(&e);
	rc = kl_count_offences(b->st, &o, &oc, &e);
	if (rc) {
		if (rc == KL_ERR_STORE || rc == KL_ERR_NOMEM) {
			*b->err = e;
			return rc;
		}
		kli_rb_missing(b, "avsnittet saknas: %s", e.msg);
		return KL_OK;
	}
	src = oc->source;
	o.source = src;
	c->have_population = oc->have_population;
	ng = kl_codes_ngroups(c->codes);
	per = calloc(ng * 32, sizeof(*per));
	if (!per) {
		b->oom = 1;
		goto out;
	}
	/* per[g * 32 + year]: offences in the region.  Police: the cases
	 * whose kommun is in the region.  Brå: each region code's own rows
	 * (a län's row, not the sum of its kommuner); a kommun inside a
	 * listed län is already in the län's row. */
	for (size_t ri = 0; ri < (src == KL_SOURCE_BRA ? d->nregions : 1);
	     ri++) {
		struct kl_offence_count *use = oc;
		if (src == KL_SOURCE_BRA) {
			const char *code = d->regions[ri];
			struct kl_offence_opts bo = o;
			if (strlen(code) == 4 && lan_listed(d, code))
				continue;
			bo.level =
			    strlen(code) == 2 ? KL_LEVEL_LAN : KL_LEVEL_KOMMUN;
			bo.region = code;
			kl_error_clear(&e);
			if (kl_count_offences(b->st, &bo, &tmp, &e))
				continue;
			use = tmp;
		}
		for (size_t i = 0; i < use->nrows; i++) {
			const struct kl_offence_row *row = &use->rows[i];
			if (src == KL_SOURCE_POLICE &&
			    !in_region(d, row->region))
				continue;
			if (row->year < y0 || row->year > y1)
				continue;
			for (size_t g = 0; g < ng; g++)
				if (strcmp(kl_codes_group_at(c->codes, g)->id,
				           row->group) == 0)
					per[g * 32 +
					    (size_t)(row->year - y0)] +=
					    row->count;
			prel |= row->preliminary;
		}
		kl_offence_count_free(tmp);
		tmp = NULL;
	}
	unsigned long long all = 0;
	for (size_t i = 0; i < ng * 32; i++)
		all += per[i];
	if (!all) {
		kli_rb_missing(
		    b,
		    "avsnittet saknas för %s: lagret har inga anmälda "
		    "brott %d–%d (importera polisens ärendeutdrag "
		    "eller Brå SOL)",
		    rname, y0, y1);
		goto out;
	}
	/* the imports behind the counts */
	{
		sqlite3_stmt *s = NULL;
		const char *sql =
		    src == KL_SOURCE_POLICE
		        ? "SELECT DISTINCT import_id FROM police_cases "
		          "WHERE CAST(substr(reported, 1, 4) AS INTEGER) "
		          "BETWEEN ?1 AND ?2 ORDER BY 1"
		        : "SELECT DISTINCT import_id FROM bra_sol WHERE "
		          "year BETWEEN ?1 AND ?2 ORDER BY 1";
		c->imports_off[0] = '\0';
		if (kli_store_prepare(b->st, sql, &s, NULL) == KL_OK) {
			sqlite3_bind_int(s, 1, y0);
			sqlite3_bind_int(s, 2, y1);
			while (sqlite3_step(s) == SQLITE_ROW)
				add_id(c->imports_off, sizeof(c->imports_off),
				       sqlite3_column_int64(s, 0));
			sqlite3_finalize(s);
		}
	}
	c->off_y0 = y0;
	c->off_y1 = y1;
	const char *src_sv = src == KL_SOURCE_POLICE
	                         ? "polisens ärendeutdrag"
	                         : "Brå, statistikdatabasen (SOL)";

	/* Tabell: offence group x year */
	{
		const char *heads[33];
		char yh[32][8];
		unsigned long long ytot[32] = {0};
		heads[0] = "Brottsgrupp";
		for (int y = 0; y < ny; y++) {
			snprintf(yh[y], sizeof(yh[y]), "%d", y0 + y);
			heads[y + 1] = yh[y];
		}
		snprintf(cap, sizeof(cap),
		         "Anmälda brott efter brottsgrupp och år, %s, %d–%d. "
		         "Antal brott",
		         rname, y0, y1);
		t = kli_rb_table_v(b, "brott-ar", cap, (size_t)ny + 1, heads);
		for (size_t g = 0; g < ng; g++) {
			const struct kl_offence_group *gr =
			    kl_codes_group_at(c->codes, g);
			unsigned long long gall = 0;
			for (int y = 0; y < ny; y++)
				gall += per[g * 32 + (size_t)y];
			ngroups_data += gall != 0;
			if (!gall && strcmp(gr->id, KL_OFFENCE_OTHER) == 0)
				continue;
			size_t r = kli_rb_row(b, t);
			kli_rb_text(b, t, r, 0, gr->label);
			for (int y = 0; y < ny; y++) {
				unsigned long long v = per[g * 32 + (size_t)y];
				char f[KL_FMT_SIZE], raw[32];
				ytot[y] += v;
				if (!v) {
					kli_rb_sym(b, t, r, (size_t)y + 1,
					           KLI_SYM_ZERO);
					continue;
				}
				kl_fmt_int(f, sizeof(f), (long long)v);
				snprintf(raw, sizeof(raw), "%llu", v);
				kli_rb_cell(b, t, r, (size_t)y + 1, f, raw);
			}
		}
		size_t r = kli_rb_row(b, t);
		kli_rb_text(b, t, r, 0, "Samtliga grupper");
		for (int y = 0; y < ny; y++) {
			char f[KL_FMT_SIZE], raw[32];
			if (!ytot[y]) {
				kli_rb_sym(b, t, r, (size_t)y + 1,
				           KLI_SYM_ZERO);
				continue;
			}
			kl_fmt_int(f, sizeof(f), (long long)ytot[y]);
			snprintf(raw, sizeof(raw), "%llu", ytot[y]);
			kli_rb_cell(b, t, r, (size_t)y + 1, f, raw);
		}
		if (prel)
			kli_rb_note(b, t,
			            "Uppgifterna för det senaste året är "
			            "preliminära (p).");
		{
			char ch[1200];
			if (code_changes(c, y0, y1, ch, sizeof(ch)))
				kli_rb_note(
				    b, t,
				    "Brottskoderna räknas till stabila "
				    "brottsgrupper så att serien går över "
				    "Brås kodändringar under perioden "
				    "(avsnitt 7, kartlagg-feeds(5)).");
		}
		kli_rb_source(b, t, c->imports_off, "Källa: %s (import %s).",
		              src_sv, c->imports_off);
		char last[8];
		snprintf(last, sizeof(last), "%d-12", y1);
		note_date(c, src == KL_SOURCE_BRA ? last : "");
	}
	/* Diagram: one line per group with data; more groups than the
	 * chart can tell apart: the largest KL_CHART_MAX_SERIES - 1 and
	 * one line for the rest */
	if (ngroups_data && ny >= 2) {
		struct kl_chart_series cs[KL_CHART_MAX_SERIES];
		double series[KL_CHART_MAX_SERIES][32];
		size_t order[64], nd = 0, ns, nlines;
		unsigned long long tot[64];
		int xs[32];
		struct kl_chart_opts co = {0};
		char title[400], desc[1600], rest[800] = "", oname[64];
		char *svg = NULL;
		size_t len;
		for (size_t g = 0; g < ng && nd < 64; g++) {
			unsigned long long gall = 0;
			for (int y = 0; y < ny; y++)
				gall += per[g * 32 + (size_t)y];
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
			cs[s].name =
			    kl_codes_group_at(c->codes, order[s])->label;
			for (int y = 0; y < ny; y++)
				series[s][y] =
				    (double)per[order[s] * 32 + (size_t)y];
			cs[s].values = series[s];
		}
		if (nd > ns) {
			for (int y = 0; y < ny; y++)
				series[ns][y] = 0;
			for (size_t s = ns; s < nd; s++) {
				size_t l = strlen(rest);
				snprintf(rest + l, sizeof(rest) - l, "%s%s",
				         s > ns ? (s + 1 < nd ? ", " : " och ")
				                : "",
				         kl_codes_group_at(c->codes, order[s])
				             ->label);
				for (int y = 0; y < ny; y++)
					series[ns][y] += (double)
					    per[order[s] * 32 + (size_t)y];
			}
			snprintf(oname, sizeof(oname),
			         "Övriga brottsgrupper (%zu)", nd - ns);
			cs[ns].name = oname;
			cs[ns].values = series[ns];
			nlines = ns + 1;
		}
		for (int y = 0; y < ny; y++)
			xs[y] = y0 + y;
		if (nd > ns) {
			snprintf(title, sizeof(title),
			         "Anmälda brott per år, de %zu största "
			         "brottsgrupperna och övriga, %s, %d–%d",
			         ns, rname, y0, y1);
			snprintf(desc, sizeof(desc),
			         "Linjediagram. %zu brottsgrupper har anmälda "
			         "brott %d–%d; de %zu med flest brott har en "
			         "linje var och de övriga %zu (%s) är "
			         "sammanlagda i linjen Övriga brottsgrupper. "
			         "Siffrorna för varje grupp finns i tabell %d.",
			         nd, y0, y1, ns, nd - ns, rest, (int)t + 1);
		} else {
			snprintf(title, sizeof(title),
			         "Anmälda brott per år och brottsgrupp, %s, "
			         "%d–%d",
			         rname, y0, y1);
			snprintf(desc, sizeof(desc),
			         "Linjediagram med en linje för var och en av "
			         "de %zu brottsgrupper som har anmälda brott "
			         "%d–%d. Siffrorna finns i tabell %d.",
			         nd, y0, y1, (int)t + 1);
		}
		/* the change of all groups, in words (the table after the
		 * chart has it per group) */
		{
			unsigned long long a0 = 0, ap = 0, a1 = 0;
			char f0[KL_FMT_SIZE], fp[KL_FMT_SIZE];
			for (size_t g = 0; g < ng; g++) {
				a0 += per[g * 32];
				ap += per[g * 32 + (size_t)(ny - 2)];
				a1 += per[g * 32 + (size_t)(ny - 1)];
			}
			if (a0)
				kl_fmt_num(f0, sizeof(f0),
				           100.0 * ((double)a1 - (double)a0) /
				               (double)a0,
				           1);
			if (ap)
				kl_fmt_num(fp, sizeof(fp),
				           100.0 * ((double)a1 - (double)ap) /
				               (double)ap,
				           1);
			size_t l = strlen(desc);
			snprintf(desc + l, sizeof(desc) - l,
			         " Samtliga grupper %d: %llu brott, %s%s sedan "
			         "%d och %s%s sedan %d (tabell %d).",
			         y1, a1, a0 ? f0 : "ingen jämförelse",
			         a0 ? " %" : "", y0,
			         ap ? fp : "ingen jämförelse", ap ? " %" : "",
			         y1 - 1, (int)t + 2);
		}
		co.title = title;
		co.desc = desc;
		co.unit = "antal brott";
		co.id = "diagram-brott";
		co.xmin = NAN;
		co.xmax = NAN;
		kl_error_clear(&e);
		if (kl_chart_trend(&co, xs, (size_t)ny, cs, nlines, &svg, &len,
		                   &e) == KL_OK)
			kli_rb_figure(b, 0, title, desc, svg, t + 1);
		else if (!nomem(b, &e))
			kli_rb_missing(b, "diagrammet saknas: %s", e.msg);
	}

	/* Tabell: the change since the first and the previous year of the
	 * series, per group (Brå's counts and the police's cases are not
	 * counts of persons: no disclosure control) */
	if (ny >= 2) {
		/* short headings: a numeric heading does not wrap, and the
		 * table must fit an A4 page in the PDF; the counts of each
		 * year are in the table above */
		char h[4][64];
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
		         y1, y0, y1 - 1, rname);
		tc = kli_rb_table_v(b, "brott-forandring", cap, 5, heads);
		unsigned long long s0 = 0, sp = 0, s1 = 0;
		for (size_t g = 0; g <= ng; g++) {
			unsigned long long v0, vp, v1, gall = 0;
			const char *lab;
			if (g < ng) {
				const struct kl_offence_group *gr =
				    kl_codes_group_at(c->codes, g);
				for (int y = 0; y < ny; y++)
					gall += per[g * 32 + (size_t)y];
				if (!gall &&
				    strcmp(gr->id, KL_OFFENCE_OTHER) == 0)
					continue;
				v0 = per[g * 32];
				vp = per[g * 32 + (size_t)(ny - 2)];
				v1 = per[g * 32 + (size_t)(ny - 1)];
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
				kli_rb_num(b, tc, r, col,
				           (double)v1 - (double)base, 0);
				/* a change from none has no percentage */
				if (!base)
					kli_rb_undef(b, tc, r, col + 1);
				else
					kli_rb_num(
					    b, tc, r, col + 1,
					    100.0 *
					        ((double)v1 - (double)base) /
					        (double)base,
					    1);
			}
		}
		kli_rb_note(
		    b, tc,
		    "Förändringen är %d års antal minus jämförelseårets, "
		    "i antal brott och i procent av jämförelseårets "
		    "antal; från noll brott finns ingen procentuell "
		    "förändring (..).",
		    y1);
		if (prel)
			kli_rb_note(b, tc,
			            "Uppgifterna för det senaste året är "
			            "preliminära (p).");
		kli_rb_source(b, tc, c->imports_off, "Källa: %s (import %s).",
		              src_sv, c->imports_off);
	}

	/* Tabell: the last year per 100 000 inhabitants */
	snprintf(cap, sizeof(cap),
	         "Anmälda brott (samtliga grupper) och per 100 000 invånare, "
	         "%s, %d",
	         rname, y1);
	t = kli_rb_table(b, "brott-takt", cap, 4, "Region", "Antal brott",
	                 "Folkmängd", "Per 100 000 invånare");
	rr = calloc(3 * d->nregions + 400, sizeof(*rr));
	if (!rr) {
		b->oom = 1;
		goto out;
	}
	int div = y1; /* the division in force during the year */
	char missing[1200] = "";
	int bra_rows = 0, bra_prel = 0;
	if (src == KL_SOURCE_POLICE) {
		/* Coverage: the kommuner with a case in the offence period.
		 * A kommun count sums every case of the kommun in y1 (0 when
		 * covered without one); a län's rate is over its covered
		 * kommuner, its own SCB row only when all are covered. */
		rc = kl_offence_coverage(b->st, y0, y1, &cov, &ncov, &e);
		if (rc) {
			*b->err = e;
			goto out;
		}
		const char *lans[64];
		size_t nl = 0;
		for (size_t i = 0; i < d->nregions; i++) {
			char l[3];
			snprintf(l, sizeof(l), "%.2s", d->regions[i]);
			int seen = 0;
			for (size_t k = 0; k < nl; k++)
				seen |= strcmp(lans[k], l) == 0;
			if (!seen && nl < 64) {
				const struct kl_region *lr =
				    kl_region_find(c->codes, l, div);
				if (!lr)
					lr = kl_region_any(c->codes, l);
				if (lr)
					lans[nl++] = lr->code;
			}
		}
		/* kommun rows, in code order */
		for (size_t i = 0; i < ncov; i++) {
			struct rate_row *x = &rr[nrr];
			if (!in_region(d, cov[i].code) || nrr >= 300)
				continue;
			snprintf(x->label, sizeof(x->label), "%s",
			         region_label(c, cov[i].code));
			snprintf(x->code, sizeof(x->code), "%s", cov[i].code);
			for (size_t k = 0; k < oc->nrows; k++)
				if (oc->rows[k].year == y1 &&
				    strcmp(oc->rows[k].region, cov[i].code) ==
				        0)
					x->count += oc->rows[k].count;
			rc = kl_offence_population(b->st, cov[i].code, y1,
			                           &x->population, &e);
			if (rc) {
				*b->err = e;
				goto out;
			}
			x->summary = !lan_listed(d, cov[i].code);
			nrr++;
		}
		/* län rows: listed ones, and the län of a listed kommun for
		 * comparison */
		for (size_t li = 0; li < nl; li++) {
			const char *lan = lans[li];
			size_t pos = 0, nk = 0, nc = 0, nin = 0;
			unsigned long long cnt = 0;
			double pop = 0;
			const struct kl_region *k;
			int listed = lan_listed(d, lan);
			char miss[600] = "";
			size_t nmiss = 0;
			while ((k = kl_region_next_kommun(c->codes, lan, div,
			                                  &pos))) {
				int covered = 0;
				nk++;
				for (size_t i = 0; i < ncov; i++)
					covered |=
					    strcmp(cov[i].code, k->code) == 0;
				if (!covered) {
					size_t l = strlen(miss);
					snprintf(miss + l, sizeof(miss) - l,
					         "%s%s", nmiss ? ", " : "",
					         k->name);
					nmiss++;
					continue;
				}
				nc++;
				nin += in_region(d, k->code);
				for (size_t i = 0; i < oc->nrows; i++)
					if (oc->rows[i].year == y1 &&
					    strcmp(oc->rows[i].region,
					           k->code) == 0)
						cnt += oc->rows[i].count;
				double p;
				rc = kl_offence_population(b->st, k->code, y1,
				                           &p, &e);
				if (rc) {
					*b->err = e;
					goto out;
				}
				pop += p; /* NAN stays NAN */
			}
			/* a comparison län that adds nothing to the kommun
			 * rows is left out */
			if (!nc || (!listed && nc == nin))
				continue;
			struct rate_row *x = &rr[nrr++];
			const char *ln = region_label(c, lan);
			if (nc == nk) {
				double own;
				rc = kl_offence_population(b->st, lan, y1, &own,
				                           &e);
				if (rc) {
					*b->err = e;
					goto out;
				}
				if (isfinite(own))
					pop = own;
				snprintf(x->label, sizeof(x->label), "%s%s", ln,
				         listed ? "" : " (jämförelse)");
			} else {
				snprintf(x->label, sizeof(x->label),
				         "%s, kommunerna i utdraget (%zu av "
				         "%zu)%s",
				         ln, nc, nk,
				         listed ? "" : ", jämförelse");
			}
			x->count = cnt;
			x->population = pop;
			x->summary = listed;
			if (nmiss && listed) {
				size_t l = strlen(missing);
				snprintf(missing + l, sizeof(missing) - l,
				         "%s%s: %s", l ? "; " : "", ln, miss);
			}
		}
		/* a listed kommun outside the extract */
		for (size_t i = 0; i < d->nregions; i++) {
			const char *k = d->regions[i];
			int covered = 0;
			if (strlen(k) != 4 || lan_listed(d, k))
				continue;
			for (size_t j = 0; j < ncov; j++)
				covered |= strcmp(cov[j].code, k) == 0;
			if (!covered) {
				size_t l = strlen(missing);
				snprintf(missing + l, sizeof(missing) - l,
				         "%s%s", l ? "; " : "",
				         region_label(c, k));
			}
		}
		/* a kommun's report: Brå's official län and riket rows of
		 * the year beside the police figures, over SCB's own län
		 * and riket population (kartlagg-report(5), [offences]) */
		int kommun_report = d->nregions > 0;
		for (size_t i = 0; i < d->nregions; i++)
			if (strlen(d->regions[i]) != 4 ||
			    strncmp(d->regions[i], d->regions[0], 2) != 0)
				kommun_report = 0;
		for (int li = 0; kommun_report && li < 2; li++) {
			struct kl_offence_opts bo = o;
			char l[3];
			snprintf(l, sizeof(l), "%.2s", d->regions[0]);
			bo.source = KL_SOURCE_BRA;
			bo.y0 = bo.y1 = y1;
			bo.by_year = 0;
			bo.level = li == 0 ? KL_LEVEL_LAN : KL_LEVEL_RIKET;
			bo.region = li == 0 ? l : NULL;
			kl_error_clear(&e);
			if (kl_count_offences(b->st, &bo, &tmp, &e)) {
				if (e.status == KL_ERR_NOMEM) {
					b->oom = 1;
					goto out;
				}
				continue;
			}
			if (tmp->nrows && nrr < 300) {
				struct rate_row *x = &rr[nrr++];
				const char *code = li == 0 ? l : "00";
				for (size_t k = 0; k < tmp->nrows; k++) {
					x->count += tmp->rows[k].count;
					x->prel |= tmp->rows[k].preliminary;
				}
				snprintf(x->label, sizeof(x->label),
				         "%s (Brå, jämförelse)",
				         li == 0 ? region_label(c, l)
				                 : "Riket");
				rc = kl_offence_population(b->st, code, y1,
				                           &x->population, &e);
				if (rc) {
					*b->err = e;
					kl_offence_count_free(tmp);
					tmp = NULL;
					goto out;
				}
				bra_rows++;
				bra_prel |= x->prel;
			}
			kl_offence_count_free(tmp);
			tmp = NULL;
		}
	} else {
		/* Brå publishes every region: its kommun rows in the region,
		 * the län rows, riket; each over its own population */
		struct kl_offence_opts bo = o;
		bo.y0 = bo.y1 = y1;
		bo.by_year = 0;
		const char *lans[64];
		size_t nl = 0;
		for (size_t i = 0; i < d->nregions; i++) {
			char l[3];
			snprintf(l, sizeof(l), "%.2s", d->regions[i]);
			int seen = 0;
			for (size_t k = 0; k < nl; k++)
				seen |= strncmp(lans[k], l, 2) == 0;
			if (!seen && nl < 64)
				lans[nl++] = d->regions[i];
		}
		for (int li = 0; li < 3; li++) {
			size_t nq = li == 1 ? nl : 1;
			for (size_t q = 0; q < nq; q++) {
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
				if (kl_count_offences(b->st, &bo, &tmp, &e))
					continue;
				for (size_t i = 0; i < tmp->nrows; i++) {
					const char *reg = tmp->rows[i].region;
					size_t k;
					if (li == 0 && !in_region(d, reg))
						continue;
					for (k = 0; k < nrr; k++)
						if (strcmp(rr[k].code, reg) ==
						    0)
							break;
					if (k == nrr) {
						if (nrr >= 300)
							continue;
						snprintf(
						    rr[k].label,
						    sizeof(rr[k].label), "%s%s",
						    region_label(c, reg),
						    li == 1 &&
						            !lan_listed(d, reg)
						        ? " (jämförelse)"
						        : "");
						snprintf(rr[k].code,
						         sizeof(rr[k].code),
						         "%s", reg);
						rr[k].summary =
						    (li == 0 &&
						     !lan_listed(d, reg)) ||
						    (li == 1 &&
						     lan_listed(d, reg));
						nrr++;
					}
					rr[k].count += tmp->rows[i].count;
				}
				kl_offence_count_free(tmp);
				tmp = NULL;
			}
		}
		qsort(rr, nrr, sizeof(*rr), cmp_rate_row);
		for (size_t k = 0; k < nrr; k++) {
			rc = kl_offence_population(b->st, rr[k].code, y1,
			                           &rr[k].population, &e);
			if (rc) {
				*b->err = e;
				goto out;
			}
			if (strlen(rr[k].code) != 4)
				rr[k].code[0] = '\0';
		}
	}
	struct kl_map_value mv[400];
	size_t nmv = 0;
	for (size_t k = 0; k < nrr; k++) {
		struct rate_row *x = &rr[k];
		size_t r = kli_rb_row(b, t);
		char f[KL_FMT_SIZE], raw[32];
		double rate = NAN;
		kli_rb_text(b, t, r, 0, x->label);
		if (x->count) {
			kl_fmt_int(f, sizeof(f), (long long)x->count);
			if (x->prel && strlen(f) + 3 < sizeof(f))
				memcpy(f + strlen(f), " p", 3);
			snprintf(raw, sizeof(raw), "%llu", x->count);
			kli_rb_cell(b, t, r, 1, f, raw);
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
			keep_pop(c, poprows, npop, x->label, y1, x->population);
		} else {
			if (isfinite(x->population))
				kli_rb_num(b, t, r, 2, x->population, 0);
			else
				kli_rb_sym(b, t, r, 2, KLI_SYM_HIDDEN);
			kli_rb_sym(b, t, r, 3, KLI_SYM_HIDDEN);
		}
		if (x->code[0] && nmv < 400) {
			mv[nmv].code = x->code;
			mv[nmv].value = rate;
			mv[nmv].hidden = 0;
			nmv++;
		}
		if (x->summary) {
			char lab[260], ss[300], vv[KL_FMT_SIZE];
			char rv[KL_FMT_SIZE], both[2 * KL_FMT_SIZE + 40];
			kl_fmt_int(vv, sizeof(vv), (long long)x->count);
			snprintf(lab, sizeof(lab), "Anmälda brott %d, %s", y1,
			         x->label);
			snprintf(ss, sizeof(ss), "Brott, import %s",
			         c->imports_off);
			if (isfinite(rate)) {
				if (x->count)
					kl_fmt_num(rv, sizeof(rv), rate, 1);
				else
					snprintf(rv, sizeof(rv), "%s",
					         KLI_SYM_ZERO);
				snprintf(both, sizeof(both),
				         "%s (%s per 100 000)",
				         x->count ? vv : KLI_SYM_ZERO, rv);
			} else {
				snprintf(both, sizeof(both), "%s",
				         x->count ? vv : KLI_SYM_ZERO);
			}
			/* a count has no interval and no survey round */
			summary_row(c, lab, both, ".", ".", ".", ss);
		}
	}
	if (src == KL_SOURCE_POLICE) {
		kli_rb_note(b, t,
		            "Polisens utdrag omfattar de kommuner där det "
		            "finns minst ett anmält brott %d–%d; en sådan "
		            "kommun utan brott %d visas med – (noll). Ett läns "
		            "tal per 100 000 invånare räknas på folkmängden i "
		            "de kommuner utdraget omfattar.",
		            y0, y1, y1);
		if (missing[0])
			kli_rb_note(
			    b, t,
			    "Kommuner som saknas i utdraget (inga anmälda "
			    "brott %d–%d): %s.",
			    y0, y1, missing);
		if (bra_rows)
			kli_rb_note(
			    b, t,
			    "Raderna (Brå, jämförelse) är Brås officiella "
			    "antal anmälda brott %d i samma brottsgrupper "
			    "(SOL), per 100 000 invånare i hela länet "
			    "respektive riket (SCB)%s.",
			    y1, bra_prel ? "; p = preliminär uppgift" : "");
	} else {
		kli_rb_note(b, t,
		            "Brå redovisar alla kommuner och län; talen per "
		            "100 000 invånare räknas på hela regionens "
		            "folkmängd.");
	}
	if (!c->have_population)
		kli_rb_note(b, t,
		            "Befolkningen saknas i lagret (importera SCB:s "
		            "folkmängd): inga tal per 100 000 invånare.");
	kli_rb_note(b, t,
	            src == KL_SOURCE_BRA
	                ? "Brås officiella antal redovisas utan "
	                  "röjandeskydd, som Brå själv publicerar dem."
	                : "Antal anmälda brott, inte antal personer; "
	                  "redovisas utan röjandeskydd.");
	if (bra_rows)
		kli_rb_source(b, t, c->imports_off,
		              "Källa: %s (import %s); Brå, statistikdatabasen "
		              "över anmälda brott (SOL); SCB, folkmängd.",
		              src_sv, c->imports_off);
	else
		kli_rb_source(b, t, c->imports_off, "Källa: %s (import %s).",
		              src_sv, c->imports_off);
	/* Karta: the kommuner of each listed län (those outside the
	 * extract without a figure) */
	for (size_t ri = 0; nmv && c->have_population && ri < d->nregions;
	     ri++) {
		const char *code = d->regions[ri];
		struct kl_map_opts mo = {0};
		char title[300], desc[600], id[32];
		char *svg = NULL;
		size_t len;
		if (strlen(code) != 2)
			continue;
		snprintf(id, sizeof(id), "karta-brott%s%s", ri ? "-" : "",
		         ri ? code : "");
		snprintf(title, sizeof(title),
		         "Anmälda brott per 100 000 invånare, %s, %d",
		         region_label(c, code), y1);
		snprintf(desc, sizeof(desc),
		         "Kommunerna i %s färgade efter antalet anmälda brott "
		         "per 100 000 invånare %d. Siffrorna och antalen finns "
		         "i tabell %d.",
		         region_label(c, code), y1, (int)t + 1);
		struct kl_map_value lv[400];
		size_t nlv = 0;
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
			kli_rb_figure(b, 1, title, desc, svg, t + 1);
		else if (!nomem(b, &e))
			kli_rb_missing(b, "kartan saknas: %s", e.msg);
	}
	rc = KL_OK;
out:
	kl_offence_count_free(oc);
	kl_offence_count_free(tmp);
	free(per);
	free(cov);
	free(rr);
	return rc;
}

static void section_population(struct ctx *c, struct poprow *rows, size_t n)
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
		sqlite3_stmt *s = NULL;
		if (kli_store_prepare(b->st,
		                      "SELECT DISTINCT _import_id FROM "
		                      "population ORDER BY 1",
		                      &s, NULL) == KL_OK) {
			while (sqlite3_step(s) == SQLITE_ROW)
				add_id(ids, sizeof(ids),
				       sqlite3_column_int64(s, 0));
			sqlite3_finalize(s);
		}
		kli_rb_source(b, t, ids,
		              "Källa: SCB, Folkmängden efter region, ålder och "
		              "kön (BE0101, TAB638), import %s.",
		              ids);
	}
}

/* ---- section 7: method ------------------------------------------------- */

/* Does region row r concern the report's region: a kommun listed or in a
 * listed län, a län listed or the län of a listed kommun? */
static int row_in_region(const struct kl_report_def *d,
                         const struct kl_region *r)
{
	if (!r)
		return 0;
	for (size_t i = 0; i < d->nregions; i++) {
		const char *x = d->regions[i];
		if (strcmp(x, r->code) == 0)
			return 1;
		if (r->level == KL_LEVEL_KOMMUN && strlen(x) == 2 &&
		    r->lan_code && strcmp(r->lan_code, x) == 0)
			return 1;
		if (r->level == KL_LEVEL_LAN && strlen(x) == 4 &&
		    strncmp(x, r->code, 2) == 0)
			return 1;
	}
	return 0;
}

/* "Heby (1917, Västmanlands län)" for row r in division year y. */
static void region_what(const struct ctx *c, const struct kl_region *r, int y,
                        char *buf, size_t n)
{
	const struct kl_region *l = NULL;
	if (r->level == KL_LEVEL_KOMMUN && r->lan_code) {
		l = kl_region_find(c->codes, r->lan_code, y);
		if (!l)
			l = kl_region_any(c->codes, r->lan_code);
	}
	if (l)
		snprintf(buf, n, "%s (%s, %s)", r->name, r->code, l->name);
	else
		snprintf(buf, n, "%s (%s)", r->name, r->code);
}

/*
 * The code and boundary changes that concern the report's region up to
 * the year yend, from the region table (schemas/regioner.csv): a code
 * that ended (with the code that took its area over) or a code that began
 * without a predecessor.  Appends a sentence for each into buf; returns
 * their number.
 */
static int region_changes(const struct ctx *c, int yend, char *buf, size_t n)
{
	const struct kl_report_def *d = c->b.d;
	size_t nr = kl_region_count(c->codes);
	int k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nr; i++) {
		const struct kl_region *r = kl_region_at(c->codes, i);
		char a[200], z[200];
		size_t l = strlen(buf);
		if (r->valid_to && r->valid_to + 1 <= yend) {
			const struct kl_region *s =
			    r->successor
			        ? kl_region_find(c->codes, r->successor,
			                         r->valid_to + 1)
			        : NULL;
			if (!row_in_region(d, r) && !row_in_region(d, s))
				continue;
			region_what(c, r, r->valid_to, a, sizeof(a));
			if (s) {
				region_what(c, s, r->valid_to + 1, z,
				            sizeof(z));
				snprintf(buf + l, n - l,
				         "%sKoden för %s gäller till och med "
				         "%d; från %d "
				         "ingår området i %s.",
				         k ? " " : "", a, r->valid_to,
				         r->valid_to + 1, z);
			} else {
				snprintf(
				    buf + l, n - l,
				    "%sKoden för %s gäller till och med %d.",
				    k ? " " : "", a, r->valid_to);
			}
			k++;
		} else if (r->valid_from && r->valid_from <= yend) {
			int pred = 0;
			if (!row_in_region(d, r))
				continue;
			for (size_t j = 0; j < nr; j++) {
				const struct kl_region *p =
				    kl_region_at(c->codes, j);
				pred |= p->successor &&
				        strcmp(p->successor, r->code) == 0 &&
				        p->valid_to + 1 == r->valid_from;
			}
			if (pred)
				continue; /* said with its predecessor */
			region_what(c, r, r->valid_from, a, sizeof(a));
			snprintf(buf + l, n - l,
			         "%s%s finns från %d; området hörde tidigare "
			         "till en annan %s.",
			         k ? " " : "", a, r->valid_from,
			         r->level == KL_LEVEL_KOMMUN ? "kommun"
			                                     : "region");
			k++;
		}
	}
	return k;
}

static void section_method(struct ctx *c, struct kl_source *src, size_t n)
{
	struct kli_rb *b = &c->b;
	const struct kl_report_def *d = b->d;
	struct kl_report *r = b->r;
	size_t t;

	kli_rb_section(b, 7, "Metod och röjandeskydd");
	kli_rb_heading(b, "Röjandeskydd");
	kli_rb_para(b, "Statistiken omfattas av statistiksekretess (OSL 24 "
	               "kap. 8 §): ingen uppgift får kunna röja en enskild "
	               "person.");
	/* the rules, also on every sheet of the workbook (r->rules) */
	r->rules[0] = kli_rb_fmt(
	    b,
	    "Antal personer: antal från 1 till %lld döljs (..); noll visas "
	    "som –. En cell som är lika med en marginal under %lld döljs "
	    "också. Därefter döljs så få andra celler som möjligt så att "
	    "ingen dold cell kan räknas fram ur rader, kolumner och summor i "
	    "någon av rapportens tabeller (ett gemensamt, deterministiskt "
	    "problem över hela rapporten). Dolda celler har samma tecken "
	    "oavsett skäl.",
	    d->threshold - 1, d->margin_small);
	r->rules[1] = kli_rb_fmt(
	    b,
	    "Enkätandelar: ingen andel för grupper med färre än %ld giltiga "
	    "svar eller med 1–%ld ja-svar; * markerar en osäker skattning "
	    "(relativ standardavvikelse över %.0f %%). Antal svar under %lld "
	    "redovisas inte.",
	    d->min_respondents, d->min_numerator - 1, d->caution_rse * 100,
	    d->threshold);
	r->nrules = 2;
	for (size_t i = 0; i < r->nrules; i++)
		kli_rb_para(b, "%s", r->rules[i] ? r->rules[i] : "");
	kli_rb_para(b, "Brås officiella antal anmälda brott redovisas utan "
	               "röjandeskydd, som Brå publicerar dem; anmälda brott "
	               "är inte uppgifter om personer.");
	if (b->sdc)
		kli_rb_para(b, "I rapporten döljs %zu antal personer.",
		            r->hidden);
	else
		kli_rb_missing(b, "röjandeskyddet saknas: kartlagg är byggd "
		                  "utan kl_sdc, så inga antal personer "
		                  "redovisas");
	size_t npersons = 0;
	for (size_t i = 0; i < r->ntables; i++)
		npersons += r->tables[i].persons != 0;
	/* every table that registered a count of persons (kli_rb_count),
	 * whichever section made it */
	t = !npersons
	        ? (size_t)-1
	        : kli_rb_table(b, "dolda-celler",
	                       "Antal dolda celler (..) per tabell med antal "
	                       "personer",
	                       3, "Tabell", "Innehåll", "Dolda celler");
	for (size_t i = 0; npersons && i < r->ntables; i++) {
		char nm[32], v[24], what[200];
		const char *cp;
		if (!r->tables[i].persons)
			continue;
		size_t row = kli_rb_row(b, t);
		snprintf(nm, sizeof(nm), "Tabell %d", r->tables[i].number);
		kli_rb_text(b, t, row, 0, nm);
		/* the caption up to its first full stop */
		cp = r->tables[i].caption ? r->tables[i].caption : "";
		snprintf(what, sizeof(what), "%.*s", (int)strcspn(cp, "."), cp);
		kli_rb_text(b, t, row, 1, what);
		snprintf(v, sizeof(v), "%zu", r->tables[i].hidden);
		if (r->tables[i].hidden)
			kli_rb_cell(b, t, row, 2, v, v);
		else
			kli_rb_sym(b, t, row, 2, KLI_SYM_ZERO);
	}
	if (npersons)
		kli_rb_source(b, t, "", "Källa: kartlagg report.");

	kli_rb_heading(b, "Teckenförklaring");
	t = kli_rb_table(b, "teckenforklaring", "Teckenförklaring", 2, "Tecken",
	                 "Betydelse");
	for (size_t i = 0; i < KLI_NLEGEND; i++) {
		size_t row = kli_rb_row(b, t);
		kli_rb_text(b, t, row, 0, kli_legend[i][0]);
		kli_rb_text(b, t, row, 1, kli_legend[i][1]);
	}
	kli_rb_heading(b, "Definitioner");
	kli_rb_para(b, "Sex mot ersättning: att utföra sexuella handlingar "
	               "mot pengar, gåvor, alkohol, droger, boende eller "
	               "annan ersättning. Andelar är designvägda skattningar "
	               "med 95 %% konfidensintervall (kartlagg-estimate(1)); "
	               "unika personer räknas en gång över verksamheterna "
	               "med pseudonyma nycklar (kartlagg-count(1)); det "
	               "totala antalet skattas ur överlappet mellan listor "
	               "(kartlagg-mse(1)).");
	kli_rb_heading(b, "Kod- och gränsändringar");
	{
		char txt[4000];
		int yend = (int)strtol(d->period, NULL, 10);
		const char *dash = strchr(d->period, '-');
		if (dash && strtol(dash + 1, NULL, 10) >= 1900)
			yend = (int)strtol(dash + 1, NULL, 10);
		if (c->off_y1 > yend)
			yend = c->off_y1;
		if (c->off_y1 &&
		    code_changes(c, c->off_y0, c->off_y1, txt, sizeof(txt)))
			kli_rb_para(
			    b,
			    "Brå bytte brottskoder under serien %d–%d: "
			    "%s. Serierna räknas i stabila brottsgrupper "
			    "(kartlagg-feeds(5)) och går över bytena.",
			    c->off_y0, c->off_y1, txt);
		if (region_changes(c, yend, txt, sizeof(txt)))
			kli_rb_para(
			    b,
			    "%s Kommun- och länssummor före och efter en "
			    "ändring är inte jämförbara.",
			    txt);
		else
			kli_rb_para(b,
			            "Inga kommun- eller länskoder i %s har "
			            "ändrats till och med %d.",
			            c->region_name, yend);
		kli_rb_para(b, "Kommun- och länsgränser: SCB Digitala gränser "
		               "(CC0).");
	}
	kli_rb_heading(b, "Programversion och indata");
	kli_rb_para(b,
	            "Rapporten är gjord med kartlagg %s från rapportfilen "
	            "%s. Samma lager och rapportfil ger samma rapport, "
	            "tecken för tecken%s%s%s. Bootstrapens frö: %lu.",
	            KL_VERSION, base_name(d->path), c->mse_note[0] ? " (" : "",
	            c->mse_note, c->mse_note[0] ? ")" : "", d->seed);
	t = kli_rb_table(b, "kontrollsummor",
	                 "Kontrollsummor (SHA-256) för inlästa filer", 3, "Id",
	                 "Fil", "SHA-256");
	for (size_t i = 0; i < n; i++) {
		char id[24];
		if (src[i].superseded_by)
			continue;
		size_t row = kli_rb_row(b, t);
		snprintf(id, sizeof(id), "%lld", src[i].id);
		kli_rb_text(b, t, row, 0, id);
		kli_rb_text(b, t, row, 1, src[i].name);
		kli_rb_text(b, t, row, 2, src[i].sha256);
	}
	kli_rb_source(b, t, "", "Källa: kartlagg-lagrets tabell imports.");
	kli_rb_heading(b, "Tillgänglighet");
	kli_rb_para(b, "HTML-versionen av bilagan är gjord för att uppfylla "
	               "WCAG 2.1 nivå AA (lagen om tillgänglighet till "
	               "digital offentlig service): rubriker i ordning, "
	               "tabeller med rubrikceller och bildtexter, varje "
	               "diagram och karta med textsammanfattning och "
	               "datatabell, färger som går att skilja åt vid "
	               "färgblindhet, och ingen JavaScript. PDF-versionen är "
	               "en utskrift av HTML-versionen.");
}

/* ---- the whole report -------------------------------------------------- */

static void resolve_counts(struct ctx *c)
{
	struct kl_report *r = c->b.r;
	for (size_t t = 0; t < r->ntables; t++) {
		struct kl_rep_table *tb = &r->tables[t];
		for (size_t i = 0; i < tb->nrows * tb->ncols; i++) {
			struct kl_rep_cell *cl = &tb->cells[i];
			if (!cl->sdc && cl->hide_with) {
				enum kl_sdc_state hs =
				    kl_sdc_state(c->b.sdc, cl->hide_with - 1);
				if (hs == KL_SDC_PRIMARY ||
				    hs == KL_SDC_SECONDARY ||
				    hs == KL_SDC_UNPUBLISHED) {
					kli_rb_sym(&c->b, t, i / tb->ncols,
					           i % tb->ncols,
					           KLI_SYM_HIDDEN);
					tb->hidden++;
				}
				continue;
			}
			if (!cl->sdc)
				continue;
			enum kl_sdc_state s =
			    kl_sdc_state(c->b.sdc, cl->sdc - 1);
			char v[KL_FMT_SIZE], raw[32];
			size_t row = i / tb->ncols, col = i % tb->ncols;
			size_t keep = cl->sdc;
			long long n = cl->count;
			if (s == KL_SDC_ZERO) {
				kli_rb_sym(&c->b, t, row, col, KLI_SYM_ZERO);
			} else if (s == KL_SDC_SHOWN) {
				kl_fmt_int(v, sizeof(v), n);
				snprintf(raw, sizeof(raw), "%lld", n);
				kli_rb_cell(&c->b, t, row, col, v, raw);
			} else {
				kli_rb_sym(&c->b, t, row, col, KLI_SYM_HIDDEN);
				tb->hidden++;
			}
			cl->sdc = keep;
			cl->count = n;
		}
	}
}

/* The MSE figures go when disclosure control hides a margin they are a
 * function of (mse_part): the estimate, its intervals, the unseen count
 * and the summary row, with a note saying why. */
static void resolve_mse(struct ctx *c)
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

int kl_report_build(struct kl_store *st, const struct kl_report_def *d,
                    struct kl_report **out, struct kl_error *err)
{
	struct ctx *c;
	struct kl_source *src = NULL;
	struct poprow *pop = NULL;
	size_t nsrc = 0, npop = 0;
	int rc = KL_OK, txn;
	struct kli_sb buf = {0};

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	c->b.r = calloc(1, sizeof(*c->b.r));
	c->survey_N = NAN;
	c->b.d = d;
	c->b.st = st;
	c->b.err = err;
	kl_error_clear(err);
	if (!c->b.r) {
		free(c);
		return kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	}
	/* one read transaction for the whole report: every figure comes from
	 * the same state of the store, and SQLite takes its shared lock and
	 * checks its page cache once, not at each of the thousands of
	 * statements (a kommun's population per year, say) */
	txn = sqlite3_get_autocommit(kli_store_db(st)) &&
	      sqlite3_exec(kli_store_db(st), "BEGIN", NULL, NULL, NULL) ==
	          SQLITE_OK;
	rc = kl_codes_new(&c->codes, err);
	if (rc)
		goto out;
	/* region codes must be known kommuner or län */
	for (size_t i = 0; i < d->nregions; i++) {
		const char *code = d->regions[i];
		const char *name = strlen(code) == 2
		                       ? kl_codes_lan_name(c->codes, code)
		                   : kl_codes_kommun(c->codes, code)
		                       ? kl_codes_kommun(c->codes, code)->name
		                       : NULL;
		if (!name) {
			rc = kl_error_at(err, KL_ERR_CONFIG, d->path, 0, 0,
			                 "region '%s' is no kommun or län code",
			                 code);
			goto out;
		}
		kli_sb_appendf(&buf, "%s%s", i ? ", " : "", name);
	}
	c->region_name = buf.failed ? NULL : strdup(kli_sb_str(&buf));
	kli_sb_free(&buf);
	if (!c->region_name) {
		c->b.oom = 1;
		goto out;
	}
	rc = kl_sdc_new(&c->b.sdc, err);
	if (rc)
		goto out;
	rc = kl_store_list_sources(st, &src, &nsrc, err);
	if (rc)
		goto out;

	c->b.r->title = strdup(d->title);
	kli_rb_section(&c->b, 0, "Om rapporten");
	kli_rb_section(&c->b, 1, "Sammanfattning");
	c->summary = kli_rb_table(&c->b, "sammanfattning",
	                          "Sammanfattning: rapportens huvudtal med "
	                          "95 % konfidensintervall och källa",
	                          6, "Indikator", "Värde", "95 % KI",
	                          "Föregående omgång", "Förändring", "Källa");
	section_sources(c, src, nsrc);
	rc = section_survey(c);
	if (rc)
		goto out;
	rc = section_individuals(c);
	if (rc)
		goto out;
	rc = section_offences(c, &pop, &npop);
	if (!rc && isfinite(c->survey_N)) {
		char lab[300];
		snprintf(lab, sizeof(lab),
		         "%s, åldrarna som motsvarar årskurserna (skattat "
		         "antal elever)",
		         c->region_name);
		keep_pop(c, &pop, &npop, lab, (int)c->survey_N_year,
		         c->survey_N);
	}
	if (rc)
		goto out;
	section_population(c, pop, npop);
	if (c->b.r->tables[c->summary].nrows == 0) {
		size_t sec = c->b.sec;
		c->b.sec = 1;
		kli_rb_missing(&c->b, "sammanfattningen saknas: inga huvudtal "
		                      "kunde beräknas ur lagret");
		c->b.sec = sec;
	}
	kli_rb_source(&c->b, c->summary, "",
	              "Källa: avsnitt 3–5; importnummer i kolumnen Källa.");
	kli_rb_note(&c->b, c->summary,
	            "Förändringen är i procentenheter sedan föregående "
	            "omgång, med p-värde.");

	/* protect every count of persons at once, then print them */
	if (!c->b.oom && err->status == KL_OK) {
		struct kl_sdc_rules rules;
		kl_sdc_rules_default(&rules);
		rules.threshold = d->threshold;
		rules.margin_small = d->margin_small;
		rc = kl_sdc_protect(c->b.sdc, &rules, err);
		if (rc)
			goto out;
		c->b.r->hidden = kl_sdc_count(c->b.sdc, KL_SDC_PRIMARY) +
		                 kl_sdc_count(c->b.sdc, KL_SDC_SECONDARY);
		char *text = NULL;
		size_t tl = 0;
		FILE *f = open_memstream(&text, &tl);
		if (!f) {
			c->b.oom = 1;
		} else {
			rc = kl_sdc_dump(c->b.sdc, f, err);
			if (fclose(f) && !rc)
				rc = kl_error_set(err, KL_ERR_NOMEM,
				                  "out of memory");
			c->b.r->audit = text;
			if (rc)
				goto out;
		}
	}
	if (err->status != KL_OK) {
		rc = err->status;
		goto out;
	}
	resolve_counts(c);
	resolve_mse(c);
	resolve_survey(c);
	resolve_trend(c);
	section_method(c, src, nsrc);

	/* the title page (section 0) */
	c->b.sec = 0;
	{
		struct kli_sb v = {0};
		kli_sb_appendf(&v, "%s (", c->region_name);
		for (size_t i = 0; i < d->nregions; i++)
			kli_sb_appendf(&v, "%s%s", i ? ", " : "",
			               d->regions[i]);
		kli_sb_append(&v, ")");
		if (v.failed)
			c->b.oom = 1;
		c->b.r->region_text = strdup(kli_sb_str(&v));
		kli_rb_meta(&c->b, "Region", kli_sb_str(&v));
		kli_sb_free(&v);
		kli_rb_meta(&c->b, "Referensperiod", d->period);
		kli_rb_meta(&c->b, "Rapportfil", base_name(d->path));
		kli_rb_meta(&c->b, "Program", "kartlagg " KL_VERSION);
		kli_rb_meta(&c->b, "Datadatum",
		            c->data_date[0] ? c->data_date : "okänt");
		c->b.r->data_date =
		    strdup(c->data_date[0] ? c->data_date : "okänt");
		kli_rb_meta(&c->b, "Teckenförklaring",
		            "– noll · .. redovisas inte · . kan inte förekomma "
		            "· * osäker skattning · p preliminär");
		kli_rb_para(&c->b,
		            "Bilaga till fullmäktige: kartläggning av sex mot "
		            "ersättning och närliggande exploatering i %s. "
		            "Avsnitt 1 sammanfattar huvudtalen; avsnitt 2 "
		            "redovisar källorna; avsnitt 3–6 redovisar "
		            "enkäten, verksamheternas uppgifter, anmälda brott "
		            "och befolkningen; avsnitt 7 metod och "
		            "röjandeskydd.",
		            c->region_name);
	}
out:
	/* only read: ending it cannot lose anything */
	if (txn && sqlite3_exec(kli_store_db(st), "COMMIT", NULL, NULL, NULL))
		sqlite3_exec(kli_store_db(st), "ROLLBACK", NULL, NULL, NULL);
	if (c->b.oom && rc == KL_OK)
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	if (rc == KL_OK &&
	    (!c->b.r->title || !c->b.r->region_text || !c->b.r->data_date))
		rc = kl_error_set(err, KL_ERR_NOMEM, "out of memory");
	kli_sb_free(&buf);
	free(pop);
	free(src);
	free(c->region_name);
	free(c->scounts);
	free(c->sdeps);
	free(c->kchart);
	free(c->strend);
	free(c->subset);
	kl_codes_free(c->codes);
	kl_sdc_free(c->b.sdc);
	if (rc)
		kl_report_free(c->b.r);
	else
		*out = c->b.r;
	free(c);
	return rc;
}
