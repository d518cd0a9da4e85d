/*
 * report_method.c - section 7 of the appendix: method, definitions,
 * symbols and the region's kommun changes.
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

void kli_rep_section_method(struct ctx *c, struct kl_source *src, size_t n)
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
		if (c->off_y1 && kli_rep_code_changes(c, c->off_y0, c->off_y1,
		                                      txt, sizeof(txt)))
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
	            KL_VERSION, kli_base_name(d->path),
	            c->mse_note[0] ? " (" : "", c->mse_note,
	            c->mse_note[0] ? ")" : "", d->seed);
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
