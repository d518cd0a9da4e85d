/*
 * cmd_count.c - `kartlagg count individuals|offences`: unique persons
 * across organisations, and reported offences per offence group.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char count_usage[] =
    "usage: kartlagg count individuals --period <p> [--role <r>] "
    "[--region <codes>] [--by <dims>] [--format <fmt>]\n"
    "   or: kartlagg count individuals --period <p> --histories "
    "[--lists organisation|organisation-type] [--role <r>]\n"
    "   or: kartlagg count offences --period <years> [--by year,region] "
    "[--groups <g,...>] [--level kommun|lan|riket] [--format <fmt>]\n";

static const char count_help[] =
    "usage: kartlagg count individuals --period <p> [--role <r>] "
    "[--region <codes>] [--by <dims>] [--format <fmt>]\n"
    "   or: kartlagg count individuals --period <p> --histories "
    "[--lists organisation|organisation-type] [--role <r>]\n"
    "   or: kartlagg count offences --period <years> [--by year,region] "
    "[--groups <g,...>] [--level kommun|lan|riket] [--format <fmt>]\n"
    "\n"
    "individuals: unique persons in the individuals feeds of a period,\n"
    "counted once across organisations by their person keys; with\n"
    "--histories, the capture histories that kartlagg mse reads.\n"
    "offences: police-reported offences per offence group, from the police\n"
    "cases or Brå SOL rows, with rates per 100 000 when the store has the\n"
    "SCB population.\n"
    "\n"
    "  -s, --store <file>       the store (default: $KARTLAGG_STORE, else\n"
    "                           kartlagg.db)\n"
    "  -p, --period <p>         2025, 2025H1, 2025Q2, 2025-03,\n"
    "                           2025-01..2025-06; offences: 2019-2025\n"
    "  -r, --role <r>           individuals: utsatt or kopare (default: "
    "both)\n"
    "  -b, --by <dims>          individuals: sex, age-group,\n"
    "                           organisation-type, role, exploitation,\n"
    "                           arena, compensation, overlap (default: "
    "all);\n"
    "                           offences: year, region (default: both)\n"
    "  -H, --histories          write the capture-history CSV instead\n"
    "  -l, --lists <what>       organisation (default) or "
    "organisation-type\n"
    "  -g, --groups <g,...>     offence groups (default: all; see\n"
    "                           kartlagg-feeds(5))\n"
    "  -L, --level <level>      kommun (default), lan or riket\n"
    "  -R, --region <codes>     offences: only this kommun or län code;\n"
    "                           individuals: only the persons living in\n"
    "                           these kommuner or län (comma list)\n"
    "  -S, --source <feed>      auto (default: police when it has cases in\n"
    "                           the period), police or bra-sol\n"
    "  -f, --format <fmt>       text (default), csv or json\n"
    "  -q, --quiet              no notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-count(1).\n";

/* Print s left-aligned in `width` characters (UTF-8 aware). */
static void pad(const char *s, int width)
{
	int n = 0;
	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}

static const char *const dim_names[] = {
    "sex",          "age-group", "organisation-type", "role",
    "exploitation", "arena",     "compensation",      "overlap"};
static const char *const dim_ids[] = {
    "sex",          "age_group", "organisation_type", "role",
    "exploitation", "arena",     "compensation",      "overlap"};
static const char *const dim_sv[] = {"Kön",
                                     "Åldersgrupp (år vid periodens slut)",
                                     "Organisationstyp",
                                     "Roll",
                                     "Typ av exploatering",
                                     "Arena",
                                     "Ersättning",
                                     "Överlapp"};
#define NDIMS 8

/* Parse a comma list of dims into want[]; -1 with the bad name. */
static int parse_by(char *s, int *want, int ndims, const char *const *names,
                    const char **bad)
{
	for (char *t = strtok(s, ","); t; t = strtok(NULL, ",")) {
		int found = 0;
		for (int i = 0; i < ndims; i++)
			if (strcmp(t, names[i]) == 0) {
				want[i] = 1;
				found = 1;
			}
		if (!found) {
			*bad = t;
			return -1;
		}
	}
	return 0;
}

static int dim_of(const char *id)
{
	for (int i = 0; i < NDIMS; i++)
		if (strcmp(dim_ids[i], id) == 0)
			return i;
	return -1;
}

static void print_histories(const struct kl_individuals_count *c)
{
	for (size_t i = 0; i < c->nlists; i++)
		kl_cli_csv_field(c->lists[i], 0);
	kl_cli_csv_field("count", 1);
	for (size_t h = 0; h < c->nhistories; h++) {
		for (size_t i = 0; i < c->nlists; i++)
			printf("%d,", (c->histories[h].bits >> i) & 1 ? 1 : 0);
		printf("%llu\n", c->histories[h].count);
	}
}

/*
 * The totals of an individuals count c as fmt says: persons, records, keys
 * and, when --region was given (regions), those living elsewhere or
 * unknown.  JSON leaves the object open for individuals_cats.
 */
static void individuals_totals(const struct kl_individuals_count *c, int fmt,
                               const char *period, const char *role,
                               int regions)
{
	if (fmt == KL_FMT_CSV) {
		printf("dimension,category,category2,persons\n");
		printf("total,,,%llu\n", c->persons);
		printf("records,,,%llu\n", c->records);
		printf("key,stark,,%llu\nkey,svag,,%llu\nkey,svag_lankad,,"
		       "%llu\nkey,ingen,,%llu\n",
		       c->strong, c->weak, c->weak_linked, c->unkeyed);
		if (regions)
			printf("residence,annan,,%llu\nresidence,okand,,%llu\n",
			       c->elsewhere, c->no_kommun);
	} else if (fmt == KL_FMT_JSON) {
		printf("{\"period\":");
		kl_cli_json_str(period);
		printf(",\"role\":");
		if (role)
			kl_cli_json_str(role);
		else
			printf("null");
		printf(",\"persons\":%llu,\"records\":%llu,"
		       "\"records_partly_in_period\":%llu,\"keys\":{"
		       "\"stark\":%llu,\"svag\":%llu,\"svag_lankad\":%llu,"
		       "\"ingen\":%llu}",
		       c->persons, c->records, c->partial, c->strong, c->weak,
		       c->weak_linked, c->unkeyed);
		if (regions)
			printf(",\"residence\":{\"annan\":%llu,\"okand\":%llu}",
			       c->elsewhere, c->no_kommun);
	} else {
		printf("Individer %s%s%s\n\n", period, role ? ", roll " : "",
		       role ? role : "");
		printf("Unika personer                        %8llu\n",
		       c->persons);
		printf("  med stark nyckel (personnummer)     %8llu\n",
		       c->strong);
		printf("  med enbart svag nyckel              %8llu\n",
		       c->weak);
		printf("    varav länkade mellan organisationer\n"
		       "    enbart på svag nyckel             %8llu\n",
		       c->weak_linked);
		printf("  utan nyckel (räknade var för sig)   %8llu\n",
		       c->unkeyed);
		printf("Poster                                %8llu\n",
		       c->records);
		if (regions)
			printf("Bor i annan kommun/annat län          %8llu\n"
			       "Kommun okänd                          %8llu\n",
			       c->elsewhere, c->no_kommun);
	}
}

/* The persons per category of each dimension that want[] asks for. */
static void individuals_cats(const struct kl_individuals_count *c,
                             const int *want, int fmt)
{
	const char *cur = NULL;
	int first_dim = 1;
	for (size_t i = 0; i < c->ncats; i++) {
		const struct kl_count_cat *k = &c->cats[i];
		int d = dim_of(k->dim);
		if (d < 0 || !want[d])
			continue;
		int newdim = !cur || strcmp(cur, k->dim) != 0;
		if (fmt == KL_FMT_CSV) {
			printf("%s,", k->dim);
			kl_cli_csv_field(k->value, 0);
			printf(",%llu\n", k->persons);
		} else if (fmt == KL_FMT_JSON) {
			if (newdim) {
				printf("%s\"", first_dim ? ",\"by\":{" : "},");
				printf("%s\":{", k->dim);
				first_dim = 0;
			} else {
				putchar(',');
			}
			kl_cli_json_str(k->value);
			printf(":%llu", k->persons);
		} else {
			if (newdim)
				printf("\n%s\n", dim_sv[d]);
			printf("  ");
			pad(k->value, 34);
			printf(" %8llu\n", k->persons);
		}
		cur = k->dim;
	}
	if (fmt == KL_FMT_JSON && !first_dim)
		printf("}}");
}

/*
 * The overlap between organisations (lists): how many are known to 1, 2
 * or 3+ of them, and the persons each pair shares.  JSON closes the
 * object.
 */
static void individuals_overlap(const struct kl_individuals_count *c, int fmt)
{
	static const char *const known[] = {"1", "2", "3+"};

	if (fmt == KL_FMT_CSV) {
		for (int i = 0; i < 3; i++)
			printf("known_to,%s,,%llu\n", known[i], c->known_to[i]);
		for (size_t i = 0; i < c->npairs; i++) {
			const struct kl_count_pair *p = &c->pairs[i];
			fputs(p->a == p->b ? "list," : "pair,", stdout);
			kl_cli_csv_field(c->lists[p->a], 0);
			kl_cli_csv_field(p->a == p->b ? "" : c->lists[p->b], 0);
			printf("%llu\n", p->persons);
		}
		return;
	}
	if (fmt == KL_FMT_JSON) {
		printf(",\"known_to\":{\"1\":%llu,\"2\":%llu,\"3+\":%llu}",
		       c->known_to[0], c->known_to[1], c->known_to[2]);
		printf(",\"lists\":[");
		for (size_t i = 0; i < c->nlists; i++) {
			if (i)
				putchar(',');
			kl_cli_json_str(c->lists[i]);
		}
		printf("],\"pairs\":[");
		for (size_t i = 0; i < c->npairs; i++) {
			const struct kl_count_pair *p = &c->pairs[i];
			printf("%s{\"a\":", i ? "," : "");
			kl_cli_json_str(c->lists[p->a]);
			printf(",\"b\":");
			kl_cli_json_str(c->lists[p->b]);
			printf(",\"persons\":%llu}", p->persons);
		}
		printf("]}\n");
		return;
	}
	printf("\nKända av antal organisationer\n");
	for (int i = 0; i < 3; i++)
		printf("  %-34s %8llu\n", known[i], c->known_to[i]); /* ASCII */
	if (!c->histories_ok) {
		printf("\n(fler än 64 listor: ingen parvis tabell)\n");
		return;
	}
	printf("\nPersoner kända av båda (diagonalen: av listan)\n");
	for (size_t i = 0; i < c->npairs; i++) {
		const struct kl_count_pair *p = &c->pairs[i];
		printf("  %s | %s: %llu\n", c->lists[p->a], c->lists[p->b],
		       p->persons);
	}
}

/* An individuals count c as fmt says, the dimensions in want[] (the
 * period as text, the --role or NULL, regions: --region was given). */
static void print_individuals(const struct kl_individuals_count *c,
                              const int *want, int fmt, const char *period,
                              const char *role, int regions)
{
	individuals_totals(c, fmt, period, role, regions);
	individuals_cats(c, want, fmt);
	if (!want[7]) {
		if (fmt == KL_FMT_JSON)
			printf("}\n");
		return;
	}
	individuals_overlap(c, fmt);
}

/* What the command line asks for (pointers into argv; strtok cuts by,
 * groups and region). */
struct count_args {
	const char *period, *role, *lists, *level, *source;
	char *region, *by, *groups;
	int fmt, histories;
};

/*
 * Check the options of `count individuals` in a and turn them into *o
 * (zeroed here), with the --region codes in codes[32] and the --by
 * dimensions in want[NDIMS].  0, or the usage error printed and 64.
 */
static int individuals_opts(const struct kl_cli *cli,
                            const struct count_args *a, struct kl_count_opts *o,
                            const char **codes, int *want)
{
	const char *bad;

	memset(o, 0, sizeof(*o));
	if (kl_period_parse(a->period, &o->period))
		return kl_cli_usage_error(
		    cli, count_usage,
		    "--period must be like 2025, 2025H1, "
		    "2025Q2, 2025-03 or 2025-01..2025-06, "
		    "not '%s'",
		    a->period);
	if (a->role && strcmp(a->role, "utsatt") && strcmp(a->role, "kopare"))
		return kl_cli_usage_error(
		    cli, count_usage,
		    "--role must be utsatt or kopare, not "
		    "'%s'",
		    a->role);
	o->role = a->role;
	if (a->region) {
		for (char *t = strtok(a->region, ","); t;
		     t = strtok(NULL, ",")) {
			size_t n = strlen(t);
			int digits = n == 2 || n == 4;
			for (size_t i = 0; i < n; i++)
				digits &= t[i] >= '0' && t[i] <= '9';
			if (!digits)
				return kl_cli_usage_error(
				    cli, count_usage,
				    "--region takes kommun (4 digits) or län "
				    "(2 digits) codes, not '%s'",
				    t);
			if (o->nregions == 32)
				return kl_cli_usage_error(
				    cli, count_usage,
				    "--region takes at most 32 codes");
			codes[o->nregions++] = t;
		}
		if (!o->nregions)
			return kl_cli_usage_error(cli, count_usage,
			                          "--region needs a code");
		o->regions = codes;
	}
	if (a->lists && strcmp(a->lists, "organisation") == 0)
		o->lists = KL_LISTS_ORGANISATION;
	else if (a->lists && strcmp(a->lists, "organisation-type") == 0)
		o->lists = KL_LISTS_ORG_TYPE;
	else if (a->lists)
		return kl_cli_usage_error(cli, count_usage,
		                          "--lists must be organisation or "
		                          "organisation-type, not '%s'",
		                          a->lists);
	if (a->by) {
		if (parse_by(a->by, want, NDIMS, dim_names, &bad))
			return kl_cli_usage_error(
			    cli, count_usage,
			    "--by takes sex, age-group, "
			    "organisation-type, role, "
			    "exploitation, arena, "
			    "compensation or overlap, not "
			    "'%s'",
			    bad);
	} else {
		for (int i = 0; i < NDIMS; i++)
			want[i] = 1;
	}
	if (a->histories && a->fmt != KL_FMT_TEXT && a->fmt != KL_FMT_CSV)
		return kl_cli_usage_error(cli, count_usage,
		                          "--histories writes CSV; --format "
		                          "json does not apply");
	return 0;
}

/* `kartlagg count individuals`: check the options, count, print; returns
 * the exit status. */
static int count_individuals(struct kl_cli *cli, const struct count_args *a)
{
	const char *codes[32];
	struct kl_count_opts o;
	struct kl_individuals_count *c = NULL;
	struct kl_error err;
	int want[NDIMS] = {0};
	char pbuf[24];
	int rc;

	rc = individuals_opts(cli, a, &o, codes, want);
	if (rc)
		return rc;
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		return rc;
	kl_error_clear(&err);
	if (kl_count_individuals(cli->store, &o, &c, &err))
		return kl_cli_error(cli, &err);
	kl_period_format(&o.period, pbuf, sizeof(pbuf));
	if (c->partial)
		kl_cli_note(cli, "%llu record%s only partly inside %s left out",
		            c->partial, c->partial == 1 ? "" : "s", pbuf);
	if (c->key_ids > 1)
		kl_cli_warn(
		    cli,
		    "the person keys were made with %zu different keys; "
		    "keys made with different keys never link, so some "
		    "persons may be counted more than once",
		    c->key_ids);
	if (c->sex_conflicts)
		kl_cli_note(cli,
		            "%llu person%s reported with different sexes by "
		            "different records; the most frequent was used",
		            c->sex_conflicts, c->sex_conflicts == 1 ? "" : "s");
	if (a->histories) {
		if (!c->histories_ok) {
			kl_individuals_count_free(c);
			kl_error_set(&err, KL_ERR_USAGE,
			             "more than 64 lists; use --lists "
			             "organisation-type");
			return kl_cli_error(cli, &err);
		}
		if (c->unkeyed)
			kl_cli_note(
			    cli,
			    "%llu record%s without a person key left out "
			    "of the histories (they cannot be matched)",
			    c->unkeyed, c->unkeyed == 1 ? "" : "s");
		print_histories(c);
	} else {
		print_individuals(c, want, a->fmt, pbuf, a->role,
		                  a->region != NULL);
	}
	kl_individuals_count_free(c);
	return 0;
}

static const char *region_name(const struct kl_codes *codes, const char *r)
{
	const struct kl_kommun *k;
	if (!*r)
		return "";
	if (strlen(r) == 2)
		return kl_codes_lan_name(codes, r) ? kl_codes_lan_name(codes, r)
		                                   : "";
	k = kl_codes_kommun(codes, r);
	return k ? k->name : "";
}

/*
 * Say once per area when police rates of a län or riket are over part of
 * it: the kommuner the extract covers (kartlagg-count(1), Rates).
 */
static void coverage_notes(const struct kl_cli *cli,
                           const struct kl_codes *codes,
                           const struct kl_offence_count *c,
                           const struct kl_offence_opts *o)
{
	char done[64][8];
	size_t nd = 0;

	for (size_t i = 0; i < c->nrows; i++) {
		const struct kl_offence_row *r = &c->rows[i];
		const char *reg = r->region[0] ? r->region
		                  : o->region  ? o->region
		                               : "00";
		int seen = 0;
		if (r->covered == r->kommuner)
			continue;
		for (size_t k = 0; k < nd; k++)
			seen |= strcmp(done[k], reg) == 0;
		if (seen)
			continue;
		if (nd < 64)
			snprintf(done[nd++], sizeof(done[0]), "%s", reg);
		char per[16];
		if (o->y0 == o->y1)
			snprintf(per, sizeof(per), "%d", o->y0);
		else
			snprintf(per, sizeof(per), "%d-%d", o->y0, o->y1);
		kl_cli_note(cli,
		            "police rates for %s %s are over the %zu of its "
		            "%zu kommuner with a case in %s, the ones the "
		            "extract covers",
		            reg, region_name(codes, reg), r->covered,
		            r->kommuner, per);
	}
}

static void fmt_num(char *buf, size_t n, double v, const char *f)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, n, f, v);
}

/* A word of a fixed list and its value. */
struct choice {
	const char *name;
	int value;
};

/* The value of s in tab (ended by a NULL name; NULL s: the first entry)
 * into *out; 0, or -1 when s is not in tab. */
static int choose(const char *s, const struct choice *tab, int *out)
{
	for (size_t i = 0; tab[i].name; i++)
		if (!s || strcmp(s, tab[i].name) == 0) {
			*out = tab[i].value;
			return 0;
		}
	return -1;
}

/*
 * The value of s in tab (choose) into *out and 0; else the usage error
 * "--<opt> must be <allowed>, not '<s>'" printed and 64.
 */
static int choose_opt(const struct kl_cli *cli, const char *opt,
                      const char *allowed, const char *s,
                      const struct choice *tab, int *out)
{
	if (choose(s, tab, out))
		return kl_cli_usage_error(cli, count_usage,
		                          "--%s must be %s, not '%s'", opt,
		                          allowed, s);
	return 0;
}

/*
 * Check the options of `count offences` in a and turn them into *o
 * (zeroed here), with the --groups in glist[64].  0, or the usage error
 * printed and 64.
 */
static int offences_opts(const struct kl_cli *cli, const struct count_args *a,
                         struct kl_offence_opts *o, const char **glist)
{
	static const char *const by_names[] = {"year", "region"};
	static const struct choice levels[] = {{"kommun", KL_LEVEL_KOMMUN},
	                                       {"lan", KL_LEVEL_LAN},
	                                       {"län", KL_LEVEL_LAN},
	                                       {"riket", KL_LEVEL_RIKET},
	                                       {NULL, 0}};
	static const struct choice sources[] = {{"auto", KL_SOURCE_AUTO},
	                                        {"police", KL_SOURCE_POLICE},
	                                        {"bra-sol", KL_SOURCE_BRA},
	                                        {NULL, 0}};
	struct kl_period p;
	int want[2] = {0, 0};
	const char *bad;
	int v = 0, rc;

	memset(o, 0, sizeof(*o));
	if (kl_period_parse(a->period, &p) || p.m0 != 1 || p.m1 != 12)
		return kl_cli_usage_error(cli, count_usage,
		                          "--period must be whole years, like "
		                          "2024 or 2019-2025, not '%s'",
		                          a->period);
	o->y0 = p.y0;
	o->y1 = p.y1;
	if (a->by) {
		if (parse_by(a->by, want, 2, by_names, &bad))
			return kl_cli_usage_error(cli, count_usage,
			                          "--by takes year and region, "
			                          "not '%s'",
			                          bad);
	} else {
		want[0] = want[1] = 1;
	}
	o->by_year = want[0];
	o->by_region = want[1];
	rc = choose_opt(cli, "level", "kommun, lan or riket", a->level, levels,
	                &v);
	if (rc)
		return rc;
	o->level = v;
	rc = choose_opt(cli, "source", "auto, police or bra-sol", a->source,
	                sources, &v);
	if (rc)
		return rc;
	o->source = v;
	o->region = a->region;
	if (a->groups) {
		for (char *t = strtok(a->groups, ","); t;
		     t = strtok(NULL, ",")) {
			if (o->ngroups == 64)
				return kl_cli_usage_error(cli, count_usage,
				                          "too many --groups");
			glist[o->ngroups++] = t;
		}
		o->groups = glist;
	}
	return 0;
}

/*
 * The offence count c (of o) as fmt says: a row per group, year and
 * region with its count and rate; codes names the regions.
 */
static void print_offences(const struct kl_offence_count *c,
                           const struct kl_codes *codes,
                           const struct kl_offence_opts *o, int fmt)
{
	static const char *const src_sv[] = {"", "polisens ärendeutdrag",
	                                     "Brå SOL"};
	const char *src = c->source == KL_SOURCE_POLICE ? "police" : "bra-sol";

	if (fmt == KL_FMT_CSV)
		printf("source,group,year,region,region_name,count,population,"
		       "rate_per_100000,preliminary\n");
	else if (fmt == KL_FMT_JSON)
		printf("{\"source\":\"%s\",\"period\":\"%d-%d\","
		       "\"population\":%s,\"rows\":[",
		       src, o->y0, o->y1,
		       c->have_population ? "true" : "false");
	else
		printf("Anmälda brott %d–%d, källa: %s (%s)\n\n%-28s    år  "
		       "%-28s %8s %12s\n",
		       o->y0, o->y1, src_sv[c->source], src, "brottsgrupp",
		       "region", "antal", "per 100 000");
	for (size_t i = 0; i < c->nrows; i++) {
		const struct kl_offence_row *r = &c->rows[i];
		char year[8] = "", pop[32], rate[32], reg[80];
		if (r->year)
			snprintf(year, sizeof(year), "%d", r->year);
		fmt_num(pop, sizeof(pop), r->population, "%.0f");
		fmt_num(rate, sizeof(rate), r->rate, "%.2f");
		const char *rn = region_name(codes, r->region);
		if (fmt == KL_FMT_CSV) {
			printf("%s,%s,%s,%s,", src, r->group, year, r->region);
			kl_cli_csv_field(rn, 0);
			printf("%llu,%s,%s,%d\n", r->count, pop, rate,
			       r->preliminary);
		} else if (fmt == KL_FMT_JSON) {
			printf("%s{\"group\":\"%s\",\"year\":%s,\"region\":",
			       i ? "," : "", r->group, r->year ? year : "null");
			if (r->region[0])
				kl_cli_json_str(r->region);
			else
				printf("null");
			printf(",\"region_name\":");
			kl_cli_json_str(rn);
			printf(",\"count\":%llu,\"population\":%s,\"rate_per_"
			       "100000\":%s,\"preliminary\":%s}",
			       r->count, pop[0] ? pop : "null",
			       rate[0] ? rate : "null",
			       r->preliminary ? "true" : "false");
		} else {
			char *dot = strchr(rate, '.');
			if (dot) /* Swedish text: a decimal comma */
				*dot = ',';
			snprintf(reg, sizeof(reg), "%s %s", r->region, rn);
			printf("%-28s %5s  ", r->group,
			       r->year ? year : "alla");
			pad(r->region[0] ? reg : "alla", 28);
			printf(" %8llu %12s%s\n", r->count,
			       rate[0] ? rate : "..",
			       r->preliminary ? "  prel." : "");
		}
	}
	if (fmt == KL_FMT_JSON)
		printf("]}\n");
	else if (fmt == KL_FMT_TEXT && c->nrows == 0)
		printf("(inga anmälda brott i perioden)\n");
}

/* `kartlagg count offences`: check the options, count, print; returns the
 * exit status. */
static int count_offences(struct kl_cli *cli, const struct count_args *a)
{
	struct kl_offence_opts o;
	struct kl_offence_count *c = NULL;
	struct kl_codes *codes = NULL;
	struct kl_error err;
	const char *glist[64];
	int rc;

	rc = offences_opts(cli, a, &o, glist);
	if (rc)
		return rc;
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		return rc;
	kl_error_clear(&err);
	if (kl_codes_new(&codes, &err) ||
	    kl_count_offences(cli->store, &o, &c, &err)) {
		kl_codes_free(codes);
		return kl_cli_error(cli, &err);
	}
	if (!c->have_population)
		kl_cli_note(cli, "no population in the store for these years "
		                 "(import the SCB population first): counts "
		                 "only, no rates per 100 000");
	coverage_notes(cli, codes, c, &o);
	print_offences(c, codes, &o, a->fmt);
	kl_offence_count_free(c);
	kl_codes_free(codes);
	return 0;
}

/*
 * One option c (getopt's return, not 'h') with argument arg into a.
 * Returns 0 when it is good, the usage error printed and 64 when it is
 * not, or -1 when c is not one of count's options.
 */
static int count_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct count_args *a = ctx;

	switch (c) {
	case 'p':
		a->period = arg;
		return 0;
	case 'r':
		a->role = arg;
		return 0;
	case 'b':
		a->by = arg;
		return 0;
	case 'H':
		a->histories = 1;
		return 0;
	case 'l':
		a->lists = arg;
		return 0;
	case 'g':
		a->groups = arg;
		return 0;
	case 'L':
		a->level = arg;
		return 0;
	case 'R':
		a->region = arg;
		return 0;
	case 'S':
		a->source = arg;
		return 0;
	case 'f':
		return kl_cli_format_opt(cli, count_usage, arg, &a->fmt);
	}
	return -1;
}

/* `kartlagg count individuals|offences`: parse, then count_individuals or
 * count_offences (cmds.h). */
int cmd_count(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"period", required_argument, NULL, 'p'},
	    {"role", required_argument, NULL, 'r'},
	    {"by", required_argument, NULL, 'b'},
	    {"histories", no_argument, NULL, 'H'},
	    {"lists", required_argument, NULL, 'l'},
	    {"groups", required_argument, NULL, 'g'},
	    {"level", required_argument, NULL, 'L'},
	    {"region", required_argument, NULL, 'R'},
	    {"source", required_argument, NULL, 'S'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct count_args a = {.fmt = KL_FMT_TEXT};
	int rc =
	    kl_cli_read_opts(cli, argc, argv, "s:qhp:r:b:Hl:g:L:R:S:f:", opts,
	                     count_help, count_usage, count_opt, &a);

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return kl_cli_usage_error(cli, count_usage,
		                          "say what to count: individuals or "
		                          "offences");
	const char *what = argv[optind];
	if (optind + 1 < argc)
		return kl_cli_usage_error(cli, count_usage,
		                          "unexpected argument '%s'",
		                          argv[optind + 1]);
	if (!a.period)
		return kl_cli_usage_error(cli, count_usage,
		                          "--period is required");
	if (strcmp(what, "individuals") == 0) {
		if (a.groups || a.level || a.source)
			return kl_cli_usage_error(
			    cli, count_usage,
			    "--groups, --level and --source are for offences");
		return count_individuals(cli, &a);
	}
	if (strcmp(what, "offences") == 0) {
		if (a.role || a.histories || a.lists)
			return kl_cli_usage_error(
			    cli, count_usage,
			    "--role, --histories and --lists are for "
			    "individuals");
		return count_offences(cli, &a);
	}
	return kl_cli_usage_error(cli, count_usage,
	                          "unknown count '%s' (individuals or "
	                          "offences)",
	                          what);
}
