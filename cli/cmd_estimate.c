/*
 * cmd_estimate.c - `kartlagg estimate`: design-based prevalence with
 * confidence intervals, overall, in domains and per --over sample, and
 * differences between two samples.  The method is in lib/estimate.c and
 * kartlagg-estimate(1).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char estimate_usage[] =
    "usage: kartlagg estimate [-s <store>] [<design options>] [--by <vars>]... "
    "[--ci <method>] [--format text|csv|json] <survey> [<item>...]\n";

static const char estimate_help[] =
    "usage: kartlagg estimate [-s <store>] [<design options>] [--by <vars>]... "
    "[--ci <method>] [--format text|csv|json] <survey> [<item>...]\n"
    "\n"
    "Estimate the share of each answer to survey items (or the mean of a\n"
    "numeric item) with a design-based standard error and confidence\n"
    "interval, as R's survey package does.  Items default to every\n"
    "category and multiple-choice variable not used by the design.  A "
    "text\n"
    "item without a codebook is a category when it has at most 10 values\n"
    "(case aside: Ja, JA and ja are one answer).\n"
    "\n"
    "Design:\n"
    "  -p, --psu <var>[,<var2>]  cluster ids of stage 1 [and 2] (default: "
    "none,\n"
    "                            every row is its own unit)\n"
    "  -S, --strata <var>        strata (default: one stratum)\n"
    "  -w, --weight <var>        sampling weights (default: from --fpc, "
    "else 1)\n"
    "      --fpc <var>[,<var2>]  population size (> 1) or sampling "
    "fraction\n"
    "                            (<= 1) of each stage\n"
    "  -o, --over <var>          analyse each value of <var> as a separate "
    "sample\n"
    "      --lonely-psu <rule>   fail (default), adjust, certainty, remove "
    "or average\n"
    "      --design <name>       use a design saved in the store (options "
    "given\n"
    "                            here override its parts)\n"
    "      --save-design <name>  save the design in the store under <name>\n"
    "      --weights <set>       use the calibrated weights of <set> "
    "(kartlagg\n"
    "                            calibrate) and their adjusted variance\n"
    "\n"
    "Estimates:\n"
    "  -b, --by <var>[,<var>...] domains: the crossed values of the "
    "variables;\n"
    "                            repeat for more domain sets\n"
    "      --overall             with --by, also estimate the whole sample\n"
    "      --ci <method>         logit (default), beta, mean, xlogit or all\n"
    "      --level <x>           confidence level (default: 0.95)\n"
    "      --total               add the estimated population total and its "
    "SE\n"
    "      --proportion          an integer item is a 0/1 category: the "
    "shares\n"
    "                            of 0 and 1 with proportion intervals\n"
    "      --min-n <n>           flag cells with fewer valid answers "
    "(default: 30)\n"
    "      --compare <a>,<b>     print the differences <b> - <a> between two\n"
    "                            values of the --over variable\n"
    "      --count               population counts: share x N, N from the\n"
    "                            stored SCB population of the domain\n"
    "                            (text, csv or json as --format says)\n"
    "      --map <var>=<dim>[:<code>=<value>,...]\n"
    "                            with --count: survey variable to region, "
    "age\n"
    "                            or sex (kartlagg-calibrate(1))\n"
    "      --pop-level <level>   with --count: kommun (default), lan or "
    "riket rows\n"
    "      --year <year>         with --count: population year (default: "
    "the\n"
    "                            --over value)\n"
    "\n"
    "Output:\n"
    "  -f, --format <fmt>        text (default), csv or json\n"
    "  -s, --store <file>        the store (default: $KARTLAGG_STORE, else "
    "kartlagg.db)\n"
    "  -q, --quiet               no notes on stderr\n"
    "  -h, --help                show this help and exit\n"
    "\n"
    "See kartlagg-estimate(1).\n";

enum {
	OPT_FPC = 256,
	OPT_LONELY,
	OPT_DESIGN,
	OPT_SAVE,
	OPT_OVERALL,
	OPT_CI,
	OPT_LEVEL,
	OPT_TOTAL,
	OPT_MIN_N,
	OPT_COMPARE,
	OPT_WEIGHTS,
	OPT_COUNT,
	OPT_PROPORTION,
};

/* Split "a,b" into p[0], p[1] (copies); -1 when there are more than 2 or
 * an empty part. */
static int split2(const char *s, char **p)
{
	const char *c = strchr(s, ',');
	if (!*s || (c && (strchr(c + 1, ',') || c == s || !c[1])))
		return -1;
	free(p[0]);
	free(p[1]);
	p[1] = NULL;
	if (!c) {
		p[0] = strdup(s);
		return p[0] ? 0 : -1;
	}
	p[0] = strndup(s, (size_t)(c - s));
	p[1] = strdup(c + 1);
	return p[0] && p[1] ? 0 : -1;
}

static int set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = strdup(s);
	return *dst ? 0 : -1;
}

/* ------------------------------------------------------------ output */

static void put_json_num(double x)
{
	if (!isnan(x) && isfinite(x))
		printf("%.17g", x);
	else
		fputs("null", stdout);
}

/* The union of the by-variables of all sets, in order. */
static size_t by_columns(const struct kl_est_result *r, const char **cols,
                         size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < r->nsets; k++)
		for (size_t j = 0; j < r->sets[k].nvars; j++) {
			size_t i;
			for (i = 0; i < n; i++)
				if (!strcmp(cols[i], r->sets[k].vars[j]))
					break;
			if (i == n && n < max)
				cols[n++] = r->sets[k].vars[j];
		}
	return n;
}

static const char *dom_value(const struct kl_est_result *r,
                             const struct kl_est_domain *d, const char *var)
{
	for (size_t j = 0; j < r->sets[d->set].nvars; j++)
		if (!strcmp(r->sets[d->set].vars[j], var))
			return d->values[j];
	return NULL;
}

static const char *level_code(const struct kl_est_result *r,
                              const struct kl_est_row *row)
{
	return row->level < 0 ? NULL : r->items[row->item].codes[row->level];
}

/*
 * The CSV header up to the intervals: item, level, the over and domain
 * columns, the given figures, then the chosen intervals' bounds.
 */
static void csv_head(const struct kl_est_result *r, const char *const *cols,
                     size_t nc, const char *figures, const int *ci)
{
	fputs("item,level,", stdout);
	if (r->design.over)
		printf("%s,", r->design.over);
	for (size_t j = 0; j < nc; j++)
		printf("%s,", cols[j]);
	fputs(figures, stdout);
	for (int m = 0; m < KL_CI_N; m++)
		if (ci[m])
			printf(",ci_%s_lo,ci_%s_hi", kl_ci_name(m),
			       kl_ci_name(m));
}

/*
 * The start of row's CSV line, as csv_head names it: item, level, the over
 * value and the value of each of the nc domain columns cols, each followed
 * by ','.
 */
static void csv_row_head(const struct kl_est_result *r,
                         const struct kl_est_row *row, const char *const *cols,
                         size_t nc)
{
	const struct kl_est_domain *d = &r->domains[row->domain];
	kl_cli_csv_field(r->items[row->item].name, 0);
	kl_cli_csv_field(level_code(r, row), 0);
	if (r->design.over)
		kl_cli_csv_field(d->over, 0);
	for (size_t j = 0; j < nc; j++)
		kl_cli_csv_field(dom_value(r, d, cols[j]), 0);
}

static void print_csv(const struct kl_est_result *r, const int *ci, int total)
{
	const char *cols[64];
	size_t nc = by_columns(r, cols, 64);
	char flags[128];

	csv_head(r, cols, nc, "n_rows,n_valid,n_yes,sum_w,df,prop,se,deff", ci);
	if (total)
		fputs(",total,se_total", stdout);
	fputs(",flags\n", stdout);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		csv_row_head(r, row, cols, nc);
		printf("%lld,%lld,", row->n_rows, row->n_valid);
		if (row->n_yes >= 0)
			printf("%lld", row->n_yes);
		putchar(',');
		kl_cli_csv_num(row->sum_w, 0);
		kl_cli_csv_num(row->df, 0);
		kl_cli_csv_num(row->prop, 0);
		kl_cli_csv_num(row->se, 0);
		kl_cli_csv_num(row->deff, 0);
		for (int m = 0; m < KL_CI_N; m++)
			if (ci[m]) {
				kl_cli_csv_num(row->ci[m][0], 0);
				kl_cli_csv_num(row->ci[m][1], 0);
			}
		if (total) {
			kl_cli_csv_num(row->total, 0);
			kl_cli_csv_num(row->se_total, 0);
		}
		kl_est_flags_str(row->flags, flags, sizeof(flags));
		kl_cli_csv_field(flags, 1);
	}
}

/* The start of row i's JSON object: item, level, over and domain values. */
static void json_row_head(const struct kl_est_result *r,
                          const struct kl_est_row *row, size_t i)
{
	const struct kl_est_domain *d = &r->domains[row->domain];
	printf("%s\n{\"item\":", i ? "," : "");
	kl_cli_json_str(r->items[row->item].name);
	printf(",\"level\":");
	kl_cli_json_str(level_code(r, row));
	if (r->design.over) {
		putchar(',');
		kl_cli_json_str(r->design.over);
		putchar(':');
		kl_cli_json_str(d->over);
	}
	for (size_t j = 0; j < r->sets[d->set].nvars; j++) {
		putchar(',');
		kl_cli_json_str(r->sets[d->set].vars[j]);
		putchar(':');
		kl_cli_json_str(d->values[j]);
	}
}

static void print_json(const struct kl_est_result *r, const int *ci, int total)
{
	char flags[128];
	printf("{\"survey\":");
	kl_cli_json_str(r->survey);
	printf(",\"level\":%.15g,\"rows\":[", r->level);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		json_row_head(r, row, i);
		printf(",\"n_rows\":%lld,\"n_valid\":%lld,\"n_yes\":",
		       row->n_rows, row->n_valid);
		if (row->n_yes >= 0)
			printf("%lld", row->n_yes);
		else
			fputs("null", stdout);
		const char *names[] = {"sum_w", "df", "prop", "se", "deff"};
		double vals[] = {row->sum_w, row->df, row->prop, row->se,
		                 row->deff};
		for (int k = 0; k < 5; k++) {
			printf(",\"%s\":", names[k]);
			put_json_num(vals[k]);
		}
		for (int m = 0; m < KL_CI_N; m++)
			if (ci[m]) {
				printf(",\"ci_%s_lo\":", kl_ci_name(m));
				put_json_num(row->ci[m][0]);
				printf(",\"ci_%s_hi\":", kl_ci_name(m));
				put_json_num(row->ci[m][1]);
			}
		if (total) {
			printf(",\"total\":");
			put_json_num(row->total);
			printf(",\"se_total\":");
			put_json_num(row->se_total);
		}
		kl_est_flags_str(row->flags, flags, sizeof(flags));
		printf(",\"flags\":");
		kl_cli_json_str(flags);
		putchar('}');
	}
	printf("\n]}\n");
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t u8len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Print s left-aligned in `width` characters (cut with "…" if longer). */
static void put_padded(const char *s, size_t width)
{
	size_t n = u8len(s);
	if (n <= width) {
		fputs(s, stdout);
		for (; n < width; n++)
			putchar(' ');
		return;
	}
	size_t chars = 0;
	for (; *s && chars < width - 1; s++) {
		putchar(*s);
		if ((((unsigned char)s[1]) & 0xc0) != 0x80)
			chars++;
	}
	fputs("…", stdout);
}

/*
 * The label column of a text table row, width characters from the
 * two-space indent: an item's first category row opens with the item on
 * a line of its own, a mean row names the item, a category row its label
 * indented under it.
 */
static void row_label(const struct kl_est_row *row,
                      const struct kl_est_item *it, size_t width)
{
	if (row->level <= 0) {
		const char *lab = it->label ? it->label : it->name;
		printf("  ");
		if (row->level == 0)
			printf("%s\n", lab);
		else
			put_padded(lab, width);
	}
	if (row->level >= 0) {
		const char *l = it->labels[row->level];
		printf("    ");
		put_padded(l ? l : it->codes[row->level], width - 2);
	}
}

/* "12,3" for 0.1234 (percent, decimal comma). */
static void pct(double x, char *buf, size_t n)
{
	if (isnan(x)) {
		snprintf(buf, n, "–");
		return;
	}
	snprintf(buf, n, "%.1f", 100 * x);
	char *c = strchr(buf, '.');
	if (c)
		*c = ',';
}

static void dec(double x, char *buf, size_t n)
{
	if (isnan(x)) {
		snprintf(buf, n, "–");
		return;
	}
	snprintf(buf, n, "%.2f", x);
	char *c = strchr(buf, '.');
	if (c)
		*c = ',';
}

static const char *flag_sv(unsigned f)
{
	if (f & KL_EF_EMPTY)
		return "inga svar";
	if (f & KL_EF_NOVAR)
		return "varians saknas";
	if (f & KL_EF_DF)
		return "df < 1: inget intervall";
	if (f & (KL_EF_ZERO | KL_EF_ALL))
		return f & KL_EF_SMALL ? "ensidigt intervall; få svar"
		                       : "ensidigt intervall";
	if (f & KL_EF_SMALL)
		return "få svar";
	return "";
}

static void print_text(const struct kl_est_result *r, int method)
{
	char a[32], lo[32], hi[32];
	size_t nper = 0;
	for (size_t i = 0; i < r->nitems; i++)
		nper += r->items[i].numeric ? 1 : r->items[i].nlevels;
	printf("Undersökning: %s\n", r->survey);
	printf("Andel i procent (medelvärde för tal) med %.4g %% "
	       "konfidensintervall (%s); n = antal giltiga svar.\n",
	       100 * r->level, kl_ci_name(method));
	for (size_t k = 0; k < r->ndomains; k++) {
		const struct kl_est_domain *d = &r->domains[k];
		putchar('\n');
		kl_cli_put_domain(r, d);
		printf("  ");
		put_padded("Fråga / svar", 50);
		printf(" %7s  %-17s %7s\n", "Andel", "Intervall", "n");
		for (size_t q = 0; q < nper; q++) {
			const struct kl_est_row *row = &r->rows[k * nper + q];
			const struct kl_est_item *it = &r->items[row->item];
			row_label(row, it, 50);
			if (row->level >= 0) {
				pct(row->prop, a, sizeof(a));
				pct(row->ci[method][0], lo, sizeof(lo));
				pct(row->ci[method][1], hi, sizeof(hi));
			} else {
				dec(row->prop, a, sizeof(a));
				dec(row->ci[KL_CI_MEAN][0], lo, sizeof(lo));
				dec(row->ci[KL_CI_MEAN][1], hi, sizeof(hi));
			}
			char iv[80];
			if (isnan(row->ci[row->level >= 0 ? method : KL_CI_MEAN]
			                 [0]))
				snprintf(iv, sizeof(iv), "–");
			else
				snprintf(iv, sizeof(iv), "(%s–%s)", lo, hi);
			printf(" %7s  ", a);
			put_padded(iv, 17);
			const char *fl = flag_sv(row->flags);
			printf(" %7lld%s%s\n", row->n_valid, *fl ? "  " : "",
			       fl);
		}
	}
}

/* The n differences v between over values a and b of r as JSON. */
static void compare_json(const struct kl_est_result *r,
                         const struct kl_est_diff *v, size_t n, const char *a,
                         const char *b)
{
	printf("{\"survey\":");
	kl_cli_json_str(r->survey);
	printf(",\"level\":%.15g,\"a\":", r->level);
	kl_cli_json_str(a);
	printf(",\"b\":");
	kl_cli_json_str(b);
	printf(",\"rows\":[");
	for (size_t i = 0; i < n; i++) {
		const struct kl_est_diff *x = &v[i];
		const struct kl_est_domain *d = &r->domains[x->domain];
		printf("%s\n{\"item\":", i ? "," : "");
		kl_cli_json_str(r->items[x->item].name);
		printf(",\"level\":");
		kl_cli_json_str(
		    x->level < 0 ? NULL : r->items[x->item].codes[x->level]);
		for (size_t j = 0; j < r->sets[d->set].nvars; j++) {
			putchar(',');
			kl_cli_json_str(r->sets[d->set].vars[j]);
			putchar(':');
			kl_cli_json_str(d->values[j]);
		}
		const char *nm[] = {"prop_a", "se_a",    "prop_b", "se_b",
		                    "diff",   "se_diff", "z",      "p_value",
		                    "ci_lo",  "ci_hi"};
		double val[] = {x->prop[0], x->se[0],   x->prop[1], x->se[1],
		                x->diff,    x->se_diff, x->z,       x->p_value,
		                x->ci_lo,   x->ci_hi};
		for (int k = 0; k < 10; k++) {
			printf(",\"%s\":", nm[k]);
			put_json_num(val[k]);
		}
		putchar('}');
	}
	printf("\n]}\n");
}

/* The n differences v between over values a and b of r as text: a heading
 * per domain, then a line per answer with the change and its interval. */
static void compare_text(const struct kl_est_result *r,
                         const struct kl_est_diff *v, size_t n, const char *a,
                         const char *b)
{
	char pa[32], pb[32], dd[32], lo[32], hi[32];
	printf("Undersökning: %s\n", r->survey);
	printf("Förändring %s → %s i procentenheter, %.4g %% "
	       "konfidensintervall.\n",
	       a, b, 100 * r->level);
	for (size_t i = 0; i < n; i++) {
		const struct kl_est_diff *x = &v[i];
		const struct kl_est_domain *d = &r->domains[x->domain];
		const struct kl_est_item *it = &r->items[x->item];
		if (i == 0 || v[i - 1].domain != x->domain) {
			putchar('\n');
			for (size_t j = 0; j < r->sets[d->set].nvars; j++)
				printf("%s%s = %s", j ? ", " : "",
				       r->sets[d->set].vars[j],
				       d->labels[j] ? d->labels[j]
				                    : d->values[j]);
			printf("%s\n",
			       r->sets[d->set].nvars ? "" : "Hela urvalet");
		}
		char name[512];
		snprintf(name, sizeof(name), "%s: %s",
		         it->label ? it->label : it->name,
		         x->level < 0           ? "medel"
		         : it->labels[x->level] ? it->labels[x->level]
		                                : it->codes[x->level]);
		pct(x->prop[0], pa, sizeof(pa));
		pct(x->prop[1], pb, sizeof(pb));
		pct(x->diff, dd, sizeof(dd));
		pct(x->ci_lo, lo, sizeof(lo));
		pct(x->ci_hi, hi, sizeof(hi));
		printf("  ");
		put_padded(name, 60);
		printf(" %6s → %6s  %6s (%s–%s)  p = ", pa, pb, dd, lo, hi);
		if (isnan(x->p_value))
			printf("–\n");
		else {
			char pv[32];
			snprintf(pv, sizeof(pv), "%.3g", x->p_value);
			char *dot = strchr(pv, '.');
			if (dot)
				*dot = ',';
			printf("%s\n", pv);
		}
	}
}

/* The n differences v between over values a and b of r as CSV. */
static void compare_csv(const struct kl_est_result *r,
                        const struct kl_est_diff *v, size_t n, const char *a,
                        const char *b)
{
	const char *cols[64];
	size_t nc = by_columns(r, cols, 64);
	printf("item,level,");
	for (size_t j = 0; j < nc; j++)
		printf("%s,", cols[j]);
	printf("prop_%s,se_%s,prop_%s,se_%s,diff,se_diff,z,p_value,ci_lo,"
	       "ci_hi\n",
	       a, a, b, b);
	for (size_t i = 0; i < n; i++) {
		const struct kl_est_diff *x = &v[i];
		const struct kl_est_domain *d = &r->domains[x->domain];
		kl_cli_csv_field(r->items[x->item].name, 0);
		kl_cli_csv_field(
		    x->level < 0 ? NULL : r->items[x->item].codes[x->level], 0);
		for (size_t j = 0; j < nc; j++)
			kl_cli_csv_field(dom_value(r, d, cols[j]), 0);
		kl_cli_csv_num(x->prop[0], 0);
		kl_cli_csv_num(x->se[0], 0);
		kl_cli_csv_num(x->prop[1], 0);
		kl_cli_csv_num(x->se[1], 0);
		kl_cli_csv_num(x->diff, 0);
		kl_cli_csv_num(x->se_diff, 0);
		kl_cli_csv_num(x->z, 0);
		kl_cli_csv_num(x->p_value, 0);
		kl_cli_csv_num(x->ci_lo, 0);
		kl_cli_csv_num(x->ci_hi, 1);
	}
}

/* The differences as fmt asks: compare_json, compare_text or compare_csv. */
static void print_compare(const struct kl_est_result *r,
                          const struct kl_est_diff *v, size_t n, const char *a,
                          const char *b, int fmt)
{
	if (fmt == KL_FMT_JSON)
		compare_json(r, v, n, a, b);
	else if (fmt == KL_FMT_TEXT)
		compare_text(r, v, n, a, b);
	else
		compare_csv(r, v, n, a, b);
}

/* ------------------------------------------------------------ counts */

/* s right-aligned in width columns (UTF-8 characters). */
static void put_right(const char *s, size_t width)
{
	for (size_t n = u8len(s); n < width; n++)
		putchar(' ');
	fputs(s, stdout);
}

/* A count rounded to a whole number, or "–". */
static void whole(double x, char *buf, size_t n)
{
	if (isnan(x))
		snprintf(buf, n, "–");
	else
		snprintf(buf, n, "%.0f", x);
}

/* --count --format text: per domain, the count (share x N) with its
 * interval, the share and N, as print_text lays out the shares. */
static void print_counts_text(const struct kl_est_result *r, const double *N,
                              int method, const char *level)
{
	char a[32], lo[32], hi[32], p[32], iv[80];
	size_t nper = 0;
	for (size_t i = 0; i < r->nitems; i++)
		nper += r->items[i].numeric ? 1 : r->items[i].nlevels;
	printf("Undersökning: %s\n", r->survey);
	printf("Antal = andel x SCB:s befolkning N i domänen (%srader), med "
	       "%.4g %% konfidensintervall (%s).\n",
	       level ? level : "kommun", 100 * r->level, kl_ci_name(method));
	for (size_t k = 0; k < r->ndomains; k++) {
		const struct kl_est_domain *d = &r->domains[k];
		putchar('\n');
		kl_cli_put_domain(r, d);
		printf("  ");
		put_padded("Fråga / svar", 44);
		printf(" %7s  %-15s %7s %8s\n", "Antal", "Intervall", "Andel",
		       "N");
		for (size_t q = 0; q < nper; q++) {
			const struct kl_est_row *row = &r->rows[k * nper + q];
			const struct kl_est_item *it = &r->items[row->item];
			int m = row->level >= 0 ? method : KL_CI_MEAN;
			double n = N[k];
			row_label(row, it, 44);
			if (row->level >= 0) {
				pct(row->prop, p, sizeof(p));
			} else {
				dec(row->prop, p, sizeof(p));
			}
			whole(row->prop * n, a, sizeof(a));
			whole(row->ci[m][0] * n, lo, sizeof(lo));
			whole(row->ci[m][1] * n, hi, sizeof(hi));
			if (isnan(row->ci[m][0] * n))
				snprintf(iv, sizeof(iv), "–");
			else
				snprintf(iv, sizeof(iv), "(%s–%s)", lo, hi);
			whole(n, lo, sizeof(lo));
			putchar(' ');
			put_right(a, 7);
			fputs("  ", stdout);
			put_padded(iv, 15);
			putchar(' ');
			put_right(p, 7);
			putchar(' ');
			put_right(lo, 8);
			putchar('\n');
		}
	}
}

/*
 * N[k] for each domain k of r: the stored population of the domain
 * (kl_population_domain: a variable mapped without codes, such as
 * kod=region, counts only the values the round's respondents have), in
 * the given year or else the one the domain's over value names.  N holds
 * r->ndomains numbers.  0, or the exit code of the error (reported).
 */
static int domain_pops(struct kl_cli *cli, const struct kl_est_result *r,
                       const struct kl_pop_map *maps, size_t nmaps,
                       const char *level, long year, double *N)
{
	struct kl_error err;

	kl_error_clear(&err);
	for (size_t k = 0; k < r->ndomains; k++) {
		const struct kl_est_domain *d = &r->domains[k];
		long y = year;
		if (!y && d->over && kl_cli_parse_long(d->over, &y))
			y = 0;
		if (!y) {
			err.status = KL_ERR_USAGE;
			snprintf(err.msg, sizeof(err.msg),
			         "--count needs --year, or an --over variable "
			         "that holds the year");
			return kl_cli_error(cli, &err);
		}
		const struct kl_est_set *set = &r->sets[d->set];
		struct kl_pop_domain dom = {0};
		dom.survey = r->survey;
		dom.over = r->design.over;
		dom.over_value = d->over;
		if (kl_population_domain(
		        cli->store, &dom, maps, nmaps, level, y, set->nvars,
		        (const char *const *)set->vars,
		        (const char *const *)d->values, &N[k], &err))
			return kl_cli_error(cli, &err);
	}
	return 0;
}

/*
 * --count --format csv or json (fmt): per row, N (from domain_pops), count
 * = prop x N, se_count = se x N and the intervals scaled by N (N treated
 * as fixed); level is the population level asked for (NULL: kommun).
 */
static void print_counts_rows(const struct kl_est_result *r, const double *N,
                              const int *ci, const char *level, int fmt)
{
	const char *cols[64];
	size_t nc = by_columns(r, cols, 64);
	char flags[128];

	if (fmt == KL_FMT_JSON) {
		fputs("{\"survey\":", stdout);
		kl_cli_json_str(r->survey);
		printf(",\"level\":\"%s\",\"rows\":[",
		       level ? level : "kommun");
	} else {
		csv_head(r, cols, nc, "n_valid,N_pop,prop,se,count,se_count",
		         ci);
		fputs(",pop_level,flags\n", stdout);
	}
	for (size_t i = 0; i < r->nrows; i++) {
		const struct kl_est_row *row = &r->rows[i];
		double n = N[row->domain];
		if (fmt == KL_FMT_JSON) {
			json_row_head(r, row, i);
			printf(",\"N_pop\":");
			put_json_num(n);
			printf(",\"count\":");
			put_json_num(row->prop * n);
			printf(",\"se_count\":");
			put_json_num(row->se * n);
			for (int m = 0; m < KL_CI_N; m++)
				if (ci[m]) {
					printf(",\"ci_%s_lo\":", kl_ci_name(m));
					put_json_num(row->ci[m][0] * n);
					printf(",\"ci_%s_hi\":", kl_ci_name(m));
					put_json_num(row->ci[m][1] * n);
				}
			putchar('}');
			continue;
		}
		csv_row_head(r, row, cols, nc);
		printf("%lld,", row->n_valid);
		kl_cli_csv_num(n, 0);
		kl_cli_csv_num(row->prop, 0);
		kl_cli_csv_num(row->se, 0);
		kl_cli_csv_num(row->prop * n, 0);
		kl_cli_csv_num(row->se * n, 0);
		for (int m = 0; m < KL_CI_N; m++)
			if (ci[m]) {
				kl_cli_csv_num(row->ci[m][0] * n, 0);
				kl_cli_csv_num(row->ci[m][1] * n, 0);
			}
		kl_cli_csv_field(level ? level : "kommun", 0);
		kl_est_flags_str(row->flags, flags, sizeof(flags));
		kl_cli_csv_field(flags, 1);
	}
	if (fmt == KL_FMT_JSON)
		printf("\n]}\n");
}

/*
 * Population counts of r (domain_pops), printed as fmt asks
 * (print_counts_text, print_counts_rows).  0, or the exit code of the
 * error (reported).
 */
static int print_counts(struct kl_cli *cli, const struct kl_est_result *r,
                        const int *ci, int method,
                        const struct kl_pop_map *maps, size_t nmaps,
                        const char *level, long year, int fmt)
{
	double *N = calloc(r->ndomains + 1, sizeof(*N));
	int rc;

	if (!N)
		return kl_cli_oom(cli);
	rc = domain_pops(cli, r, maps, nmaps, level, year, N);
	if (!rc && fmt == KL_FMT_TEXT)
		print_counts_text(r, N, method, level);
	else if (!rc)
		print_counts_rows(r, N, ci, level, fmt);
	free(N);
	return rc;
}

/* ------------------------------------------------------------ command */

/* What the command line asked for (parse_args fills it, args_release
 * frees what it owns). */
struct est_args {
	struct kl_design_spec given; /* design options given here */
	struct kl_est_opts eo;
	const char **by;
	size_t nby;
	const char *survey, *design_name, *save_name;
	struct kl_cli_pop pop; /* --map, --pop-level, --year, --format */
	int count, total, lonely;
	char *cmp[2];
	int ci[KL_CI_N], ci_method;
};

static void args_release(struct est_args *a)
{
	kl_design_spec_release(&a->given);
	free(a->cmp[0]);
	free(a->cmp[1]);
	free(a->by);
	kl_cli_pop_release(&a->pop);
}

/* --ci METHOD into a->ci and a->ci_method; -1 for an unknown method. */
static int parse_ci(struct est_args *a, const char *arg)
{
	memset(a->ci, 0, sizeof(a->ci));
	if (!strcmp(arg, "all")) {
		for (int m = 0; m < KL_CI_N; m++)
			a->ci[m] = 1;
		a->ci_method = KL_CI_LOGIT;
		return 0;
	}
	a->ci_method = -1;
	for (int m = 0; m < KL_CI_N; m++)
		if (!strcmp(arg, kl_ci_name(m)))
			a->ci_method = m;
	if (a->ci_method < 0)
		return -1;
	a->ci[a->ci_method] = 1;
	return 0;
}

/*
 * Estimate's option c (getopt's return, not 'h'; KL_CLI_POP_OPTS
 * included) with argument arg into the struct est_args ctx.  Returns 0 when
 * it is good, the exit code of a usage error or of running out of memory
 * (reported), or -1 when c is not one of estimate's options (a
 * kl_cli_opt_fn).
 */
static int est_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct est_args *a = ctx;
	struct kl_est_opts *eo = &a->eo;
	int rc = kl_cli_pop_opt(cli, estimate_usage, c, arg, &a->pop);

	if (rc >= 0)
		return rc;

#define USAGE(...) return kl_cli_usage_error(cli, estimate_usage, __VA_ARGS__)
	switch (c) {
	case 'p':
	case OPT_FPC: /* one or two stages */
		if (split2(arg, c == 'p' ? a->given.psu : a->given.fpc))
			USAGE("--%s takes one or two variables, not '%s'",
			      c == 'p' ? "psu" : "fpc", arg);
		return 0;
	case 'S':
	case 'w':
	case 'o':
		if (set_str(c == 'S'   ? &a->given.strata
		            : c == 'w' ? &a->given.weight
		                       : &a->given.over,
		            arg))
			return kl_cli_oom(cli);
		return 0;
	case 'b':
		if (!*arg)
			USAGE("--by needs a variable");
		a->by[a->nby++] = arg;
		return 0;
	case OPT_OVERALL:
		eo->overall = 1;
		return 0;
	case OPT_LONELY:
		a->lonely = kl_lonely_parse(arg);
		if (a->lonely < 0)
			USAGE("--lonely-psu must be fail, adjust, certainty, "
			      "remove or average, not '%s'",
			      arg);
		return 0;
	case OPT_CI:
		if (parse_ci(a, arg))
			USAGE("--ci must be logit, beta, mean, xlogit or all, "
			      "not '%s'",
			      arg);
		return 0;
	case OPT_LEVEL:
		if (kl_cli_parse_double(arg, &eo->level) ||
		    !(eo->level > 0 && eo->level < 1))
			USAGE("--level must be a number between 0 and 1, not "
			      "'%s'",
			      arg);
		return 0;
	case OPT_PROPORTION:
		eo->proportion = 1;
		return 0;
	case OPT_TOTAL:
		a->total = 1;
		return 0;
	case OPT_MIN_N:
		if (kl_cli_parse_long(arg, &eo->min_n) || eo->min_n < 0)
			USAGE("--min-n must be a whole number >= 0, not '%s'",
			      arg);
		return 0;
	case OPT_COMPARE:
		if (split2(arg, a->cmp) || !a->cmp[1])
			USAGE("--compare takes two values <a>,<b>, not '%s'",
			      arg);
		return 0;
	case OPT_DESIGN:
		a->design_name = arg;
		return 0;
	case OPT_SAVE:
		a->save_name = arg;
		return 0;
	case OPT_WEIGHTS:
		eo->weights = arg;
		return 0;
	case OPT_COUNT:
		a->count = 1;
		return 0;
	}
	return -1;
}

/*
 * Parse argv into a (zeroed by the caller).  -1 to go on, else the exit
 * code: 0 after --help, or that of a usage error or of running out of
 * memory (already reported).
 */
static int parse_args(struct kl_cli *cli, int argc, char **argv,
                      struct est_args *a)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"psu", required_argument, NULL, 'p'},
	    {"strata", required_argument, NULL, 'S'},
	    {"weight", required_argument, NULL, 'w'},
	    {"fpc", required_argument, NULL, OPT_FPC},
	    {"over", required_argument, NULL, 'o'},
	    {"by", required_argument, NULL, 'b'},
	    {"overall", no_argument, NULL, OPT_OVERALL},
	    {"lonely-psu", required_argument, NULL, OPT_LONELY},
	    {"ci", required_argument, NULL, OPT_CI},
	    {"level", required_argument, NULL, OPT_LEVEL},
	    {"total", no_argument, NULL, OPT_TOTAL},
	    {"proportion", no_argument, NULL, OPT_PROPORTION},
	    {"min-n", required_argument, NULL, OPT_MIN_N},
	    {"compare", required_argument, NULL, OPT_COMPARE},
	    {"design", required_argument, NULL, OPT_DESIGN},
	    {"save-design", required_argument, NULL, OPT_SAVE},
	    {"weights", required_argument, NULL, OPT_WEIGHTS},
	    {"count", no_argument, NULL, OPT_COUNT},
	    KL_CLI_POP_OPTS("pop-level"),
	    {NULL, 0, NULL, 0},
	};
	struct kl_est_opts *eo = &a->eo;
	int rc;

	eo->level = 0.95;
	eo->min_n = 30;
	a->lonely = -1;
	a->ci[KL_CI_LOGIT] = 1;
	a->ci_method = KL_CI_LOGIT;
	a->by = calloc((size_t)argc + 1, sizeof(*a->by));
	if (kl_cli_pop_init(&a->pop, "pop-level", argc) || !a->by)
		return kl_cli_oom(cli);
	rc = kl_cli_read_opts(cli, argc, argv, "s:qhp:S:w:o:b:f:", opts,
	                      estimate_help, estimate_usage, est_opt, a);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		USAGE("no survey given");
	if (a->save_name && !*a->save_name)
		USAGE("--save-design needs a name");
	a->survey = argv[optind++];
	eo->items = optind < argc ? (const char *const *)argv + optind : NULL;
	eo->nitems = (size_t)(argc - optind);
	eo->by = a->by;
	eo->nby = a->nby;
	return -1;
}

/* The saved design d with the options given here overriding it part by
 * part (taken from given, which keeps what it does not give). */
static void merge_design(struct kl_design_spec *d, struct kl_design_spec *given)
{
	char **gs[7] = {&given->psu[0], &given->psu[1], &given->strata,
	                &given->weight, &given->fpc[0], &given->fpc[1],
	                &given->over};
	char **ds[7] = {&d->psu[0], &d->psu[1], &d->strata, &d->weight,
	                &d->fpc[0], &d->fpc[1], &d->over};
	for (int k = 0; k < 7; k++) {
		if (k == 1 && given->psu[0]) {
			free(d->psu[1]);
			d->psu[1] = given->psu[1];
			given->psu[1] = NULL;
			continue;
		}
		if (k == 5 && given->fpc[0]) {
			free(d->fpc[1]);
			d->fpc[1] = given->fpc[1];
			given->fpc[1] = NULL;
			continue;
		}
		if (*gs[k]) {
			free(*ds[k]);
			*ds[k] = *gs[k];
			*gs[k] = NULL;
		}
	}
}

/*
 * Open the store, build the design d (saved design, then the options) and
 * run kl_estimate into *res, saving the design when asked.  0 or the exit
 * code of the error (reported).
 */
static int run_estimate(struct kl_cli *cli, struct est_args *a,
                        struct kl_design_spec *d, struct kl_est_result **res)
{
	struct kl_error err;
	int rc;

	kl_error_clear(&err);
	rc = kl_cli_open_store(cli,
	                       a->save_name ? KL_STORE_WRITE : KL_STORE_READ);
	if (rc)
		return rc;
	if (a->design_name &&
	    kl_design_load(cli->store, a->design_name, d, &err))
		return kl_cli_error(cli, &err);
	merge_design(d, &a->given);
	if (a->lonely >= 0)
		d->lonely = (enum kl_lonely)a->lonely;
	if (a->cmp[0] && !d->over && !a->eo.weights)
		USAGE("--compare needs --over");
	if (a->count && !a->pop.nmaps)
		USAGE("--count needs --map options (the survey variables' "
		      "population categories)");
	if (a->count && a->cmp[0])
		USAGE("give --count or --compare, not both");
#undef USAGE
	a->eo.design = d;
	if (kl_estimate(cli->store, a->survey, &a->eo, res, &err))
		return kl_cli_error(cli, &err);
	if (a->save_name) {
		if (kl_design_save(cli->store, a->save_name, d, a->survey,
		                   &err))
			return kl_cli_error(cli, &err);
		kl_cli_note(cli, "saved design '%s'", a->save_name);
	}
	return 0;
}

/* Print res as asked: the comparison, counts, CSV, JSON or text.  0 or the
 * exit code of the error (reported). */
static int print_result(struct kl_cli *cli, const struct est_args *a,
                        const struct kl_est_result *res)
{
	struct kl_est_diff *diffs = NULL;
	struct kl_error err;
	size_t ndiff = 0;
	int rc = 0;

	kl_error_clear(&err);
	if (a->cmp[0]) {
		if (kl_est_compare(res, a->cmp[0], a->cmp[1], &diffs, &ndiff,
		                   &err))
			return kl_cli_error(cli, &err);
		print_compare(res, diffs, ndiff, a->cmp[0], a->cmp[1],
		              a->pop.fmt);
		free(diffs);
	} else if (a->count) {
		rc = print_counts(cli, res, a->ci, a->ci_method, a->pop.maps,
		                  a->pop.nmaps, a->pop.level, a->pop.year,
		                  a->pop.fmt);
	} else if (a->pop.fmt == KL_FMT_CSV) {
		print_csv(res, a->ci, a->total);
	} else if (a->pop.fmt == KL_FMT_JSON) {
		print_json(res, a->ci, a->total);
	} else {
		print_text(res, a->ci_method);
	}
	return rc;
}

int cmd_estimate(int argc, char **argv, struct kl_cli *cli)
{
	struct est_args a = {0};
	struct kl_design_spec d = {0};
	struct kl_est_result *res = NULL;
	int rc;

	rc = parse_args(cli, argc, argv, &a);
	if (rc < 0) {
		rc = run_estimate(cli, &a, &d, &res);
		if (!rc)
			rc = print_result(cli, &a, res);
	}
	kl_est_result_free(res);
	kl_design_spec_release(&d);
	args_release(&a);
	return rc;
}
