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

/* Is kommunkod k inside the report's region? */
int kli_rep_in_region(const struct kl_report_def *d, const char *k)
{
	for (size_t i = 0; i < d->nregions; i++) {
		const char *r = d->regions[i];
		if (strcmp(r, k) == 0 ||
		    (strlen(r) == 2 && strncmp(r, k, 2) == 0))
			return 1;
	}
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

void kli_rep_note_date(struct ctx *c, const char *d)
{
	if (d && *d && strcmp(d, c->data_date) > 0)
		snprintf(c->data_date, sizeof(c->data_date), "%.15s", d);
}

void kli_rep_pct_ci(char *buf, size_t n, double lo, double hi)
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
void kli_rep_summary_row(struct ctx *c, const char *what, const char *value,
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

/* The data period of import src into buf (n bytes; "" when not known),
 * and for an individuals import its organisation or their number into
 * org (on bytes); the newest period end moves the report's data date.
 * A store that cannot be read fails the report (kli_rb_fail). */
static void import_period(struct ctx *c, const struct kl_source *src, char *buf,
                          size_t n, char *org, size_t on)
{
	static const struct {
		const char *kind, *sql;
	} q[] = {
	    {"individuals",
	     "SELECT min(period_start), max(period_end), "
	     "count(DISTINCT organisation), min(organisation) FROM "
	     "individuals WHERE import_id = ?1"},
	    {"scb-population",
	     "SELECT min(year), max(year), NULL, NULL FROM population "
	     "WHERE _import_id = ?1"},
	};
	struct kl_error e;
	buf[0] = '\0';
	org[0] = '\0';
	kl_error_clear(&e);
	/* the offence feeds' periods come from kl_count */
	if (!strcmp(src->kind, "police") || !strcmp(src->kind, "bra-sol")) {
		char a[16], z[16];
		if (kl_offence_import_period(c->b.st,
		                             strcmp(src->kind, "police") == 0
		                                 ? KL_SOURCE_POLICE
		                                 : KL_SOURCE_BRA,
		                             src->id, a, z, sizeof(a), &e)) {
			kli_rb_fail(&c->b, &e);
			return;
		}
		if (!a[0])
			return;
		if (strcmp(a, z) == 0)
			snprintf(buf, n, "%s", a);
		else
			snprintf(buf, n, "%s–%s", a, z);
		kli_rep_note_date(c, z);
		return;
	}
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *s = NULL;
		if (strcmp(src->kind, q[i].kind))
			continue;
		if (kli_store_prepare(c->b.st, q[i].sql, &s, &e)) {
			kli_rb_fail(&c->b, &e);
			return;
		}
		sqlite3_bind_int64(s, 1, src->id);
		int rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			kli_store_fail(c->b.st, rc, &e,
			               "cannot read the imports' periods");
			kli_rb_fail(&c->b, &e);
		} else if (sqlite3_column_type(s, 0) != SQLITE_NULL) {
			const char *a = (const char *)sqlite3_column_text(s, 0);
			const char *z = (const char *)sqlite3_column_text(s, 1);
			if (strcmp(a, z) == 0)
				snprintf(buf, n, "%s", a);
			else
				snprintf(buf, n, "%s–%s", a, z);
			if (strcmp(q[i].kind, "scb-population") != 0)
				kli_rep_note_date(c, z);
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

/* Append id to the comma list in list (n bytes).  An id that does not
 * fit is never cut: the list ends in "…" instead, once. */
void kli_rep_add_id(char *list, size_t n, long long id)
{
	static const char more[] = ",…";
	char one[32];
	size_t l = strlen(list), k;
	if (l >= sizeof(more) - 1 &&
	    strcmp(list + l - (sizeof(more) - 1), more) == 0)
		return;
	k = (size_t)snprintf(one, sizeof(one), "%s%lld", l ? "," : "", id);
	if (l + k + sizeof(more) <= n)
		memcpy(list + l, one, k + 1);
	else if (l + sizeof(more) <= n)
		memcpy(list + l, more, sizeof(more));
}

void kli_rep_import_ids(struct ctx *c, const char *sql, const char *a,
                        const char *b, char *list, size_t n)
{
	sqlite3_stmt *s = NULL;
	struct kl_error e;
	int rc;
	kl_error_clear(&e);
	if (kli_store_prepare(c->b.st, sql, &s, &e)) {
		kli_rb_fail(&c->b, &e);
		return;
	}
	if (a)
		sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		kli_rep_add_id(list, n, sqlite3_column_int64(s, 0));
	if (rc != SQLITE_DONE) {
		kli_store_fail(c->b.st, rc, &e, "cannot read the imports");
		kli_rb_fail(&c->b, &e);
	}
	sqlite3_finalize(s);
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
		kli_rep_add_id(all, sizeof(all), src[i].id);
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

/*
 * Section 0, the title page: the meta facts (region with its codes,
 * period, report file without its directory, program, data date, the
 * symbols) and the opening paragraph.  Allocation failures set c->b.oom;
 * the report's region_text and data_date stay NULL then.
 */
static void title_page(struct ctx *c)
{
	const struct kl_report_def *d = c->b.d;
	struct kli_sb v = {0};

	c->b.sec = 0;
	kli_sb_appendf(&v, "%s (", c->region_name);
	for (size_t i = 0; i < d->nregions; i++)
		kli_sb_appendf(&v, "%s%s", i ? ", " : "", d->regions[i]);
	kli_sb_append(&v, ")");
	if (v.failed)
		c->b.oom = 1;
	c->b.r->region_text = strdup(kli_sb_str(&v));
	kli_rb_meta(&c->b, "Region", kli_sb_str(&v));
	kli_sb_free(&v);
	kli_rb_meta(&c->b, "Referensperiod", d->period);
	kli_rb_meta(&c->b, "Rapportfil", kli_base_name(d->path));
	kli_rb_meta(&c->b, "Program", "kartlagg " KL_VERSION);
	kli_rb_meta(&c->b, "Datadatum",
	            c->data_date[0] ? c->data_date : "okänt");
	c->b.r->data_date = strdup(c->data_date[0] ? c->data_date : "okänt");
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

/*
 * The driver (kl_report.h): one read transaction, the region checked,
 * the sections 1-6 in order, disclosure control once over every count,
 * then the cells it hid, the method section and the title page.
 */
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
		return kli_oom(err);
	c->b.r = calloc(1, sizeof(*c->b.r));
	c->survey_N = NAN;
	c->b.d = d;
	c->b.st = st;
	c->b.err = err;
	kl_error_clear(err);
	if (!c->b.r) {
		free(c);
		return kli_oom(err);
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
	rc = kli_rep_load_labels(c);
	if (rc == KL_ERR_NOMEM)
		rc = kli_oom(err);
	else if (rc == KL_ERR_INTERNAL)
		rc = kl_error_set(err, KL_ERR_INTERNAL,
		                  "the embedded label table is malformed");
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
	rc = kli_rep_section_survey(c);
	if (rc)
		goto out;
	rc = kli_rep_section_individuals(c);
	if (rc)
		goto out;
	rc = kli_rep_section_offences(c, &pop, &npop);
	if (!rc && isfinite(c->survey_N)) {
		char lab[300];
		snprintf(lab, sizeof(lab),
		         "%s, åldrarna som motsvarar årskurserna (skattat "
		         "antal elever)",
		         c->region_name);
		kli_rep_keep_pop(c, &pop, &npop, lab, (int)c->survey_N_year,
		                 c->survey_N);
	}
	if (rc)
		goto out;
	kli_rep_section_population(c, pop, npop);
	if (!c->b.oom && c->b.r->tables[c->summary].nrows == 0) {
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
				rc = kli_oom(err);
			c->b.r->audit = text;
			if (rc)
				goto out;
		}
	}
	if (err->status != KL_OK) {
		rc = err->status;
		goto out;
	}
	/* the resolvers read what the sections built: not a part of it */
	if (c->b.oom)
		goto out;
	resolve_counts(c);
	kli_rep_resolve_mse(c);
	kli_rep_resolve_survey(c);
	kli_rep_resolve_trend(c);
	kli_rep_section_method(c, src, nsrc);

	title_page(c);
out:
	/* only read: ending it cannot lose anything */
	if (txn && sqlite3_exec(kli_store_db(st), "COMMIT", NULL, NULL, NULL))
		sqlite3_exec(kli_store_db(st), "ROLLBACK", NULL, NULL, NULL);
	if (c->b.oom && rc == KL_OK)
		rc = kli_oom(err);
	if (rc == KL_OK &&
	    (!c->b.r->title || !c->b.r->region_text || !c->b.r->data_date))
		rc = kli_oom(err);
	kli_sb_free(&buf);
	free(pop);
	free(src);
	free(c->region_name);
	free(c->scounts);
	free(c->sdeps);
	kli_rep_kchart_free(c->kchart);
	free(c->strend);
	free(c->subset);
	kl_codes_free(c->codes);
	free(c->labels);
	free(c->labels_buf);
	kl_sdc_free(c->b.sdc);
	if (rc)
		kl_report_free(c->b.r);
	else
		*out = c->b.r;
	free(c);
	return rc;
}
