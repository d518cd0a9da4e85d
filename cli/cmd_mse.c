/*
 * cmd_mse.c - `kartlagg mse`: the hidden total from overlapping lists
 * (multiple systems estimation).  Parses options, calls kl_mse_*, prints a
 * summary or the long CSV form `model,quantity,value` of
 * shared/reference/mse/expected_*.csv.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char mse_usage[] =
    "usage: kartlagg mse [--model <rule>|<terms>] [--pthresh <p>] "
    "[--max-order <n>]\n"
    "                    [--top <n>] [--merge <A,B>]... [--bootstrap <n>] "
    "[--seed <s>]\n"
    "                    [--level <x>] [--reference-models] "
    "[--format <fmt>] <file.csv>\n";

static const char mse_help[] =
    "usage: kartlagg mse [--model <rule>|<terms>] [--pthresh <p>] "
    "[--max-order <n>]\n"
    "                    [--top <n>] [--merge <A,B>]... [--bootstrap <n>] "
    "[--seed <s>]\n"
    "                    [--level <x>] [--reference-models] "
    "[--format <fmt>] <file.csv>\n"
    "\n"
    "Estimate the total, seen and unseen, from a capture-history CSV (one "
    "0/1\n"
    "column per list, then `count`) with Poisson log-linear models.\n"
    "\n"
    "  -m, --model <rule>       bic (exhaustive, minimum BIC; default for "
    "up to\n"
    "                           6 lists), stepwise (SparseMSE; default "
    "above 6),\n"
    "                           forward-aic, forward-bic, independence, "
    "or the\n"
    "                           interaction terms to fit: A:B,B:C\n"
    "  -p, --pthresh <p>        stepwise p-value threshold (default: "
    "0.02)\n"
    "  -o, --max-order <n>      bic: highest interaction order (default: 2 "
    "for\n"
    "                           3 lists, 3 for 4-5, 2 for 6 or more)\n"
    "  -t, --top <n>            bic: models in the ranking (default: 10)\n"
    "  -M, --merge <A,B>        treat lists A and B as one list (may be "
    "repeated)\n"
    "  -b, --bootstrap <n>      BCa bootstrap with <n> replicates, model\n"
    "                           re-selected in each (default: 0, none)\n"
    "  -S, --seed <s>           bootstrap random seed (default: 1)\n"
    "  -l, --level <x>          bootstrap interval level (default: 0.95)\n"
    "  -r, --reference-models   fit every reference model (independence,\n"
    "                           saturated_minus_highest, stepwise_p0.02,\n"
    "                           stepwise_p0.05, forward_aic, forward_bic,\n"
    "                           exhaustive_bic)\n"
    "  -f, --format <fmt>       text (default, Swedish), csv (model,"
    "quantity,value)\n"
    "                           or json (the same rows as objects)\n"
    "  -q, --quiet              no notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-mse(1).\n";

#define MAX_MERGE 8

struct opts {
	const char *path;
	const char *model;
	double pthresh;
	int max_order;
	int top;
	const char *merge[MAX_MERGE];
	int nmerge;
	long bootstrap;
	unsigned long seed;
	double level;
	int reference;
	int fmt;
};

/* ---- CSV and JSON output ---------------------------------------------- */

/* --format json: the CSV's rows as objects {"model","quantity","value"}
 * in a "rows" array; json_rows counts those written. */
static int json_out;
static long json_rows;

static void json_row(const char *model, const char *q, const char *v,
                     int number)
{
	fputs(json_rows++ ? ",\n" : "\n", stdout);
	fputs("{\"model\":", stdout);
	kl_cli_json_str(model);
	fputs(",\"quantity\":", stdout);
	kl_cli_json_str(q);
	fputs(",\"value\":", stdout);
	if (number)
		fputs(*v ? v : "null", stdout);
	else
		kl_cli_json_str(v);
	putchar('}');
}

static void row_s(const char *model, const char *q, const char *v)
{
	if (json_out) {
		json_row(model, q, v, 0);
		return;
	}
	kl_cli_csv_str(model);
	putchar(',');
	kl_cli_csv_str(q);
	putchar(',');
	kl_cli_csv_str(v);
	putchar('\n');
}

static void fmt_num(char *buf, size_t n, double v)
{
	if (isnan(v))
		buf[0] = 0;
	else if (isinf(v))
		snprintf(buf, n, "%s", v > 0 ? "Inf" : "-Inf");
	else
		snprintf(buf, n, "%.17g", v);
}

static void row_d(const char *model, const char *q, double v)
{
	char buf[64];
	fmt_num(buf, sizeof(buf), v);
	if (json_out && !isinf(v)) /* NaN is null, Inf stays a string */
		json_row(model, q, buf, 1);
	else
		row_s(model, q, buf);
}

/* The head of the output: CSV's header line, or JSON's opening with the
 * file and its lists. */
static void out_head(const char *path, const struct kl_mse_data *d)
{
	const char *base = strrchr(path, '/');
	if (!json_out) {
		printf("model,quantity,value\n");
		return;
	}
	fputs("{\"file\":", stdout);
	kl_cli_json_str(base ? base + 1 : path);
	fputs(",\"lists\":[", stdout);
	for (int j = 0; j < d->k; j++) {
		if (j)
			putchar(',');
		kl_cli_json_str(d->names[j]);
	}
	printf("],\"observed\":%.17g,\"rows\":[", d->n);
}

static void out_tail(void)
{
	if (json_out)
		fputs("\n]}\n", stdout);
}

static void csv_fit(const char *label, const struct kl_mse_data *d,
                    const struct kl_mse_fit *f,
                    const struct kl_mse_selection *sel)
{
	char buf[16384], t[1024];
	const struct kl_mse_model *m = &f->model;
	size_t len = 0;

	row_s(label, "terms", kl_mse_model_name(d, m, buf, sizeof(buf)));
	buf[0] = 0;
	for (int i = 0; i < m->nterms; i++)
		if (f->neg_inf[i]) {
			len += (size_t)snprintf(
			    buf + len, sizeof(buf) - len, "%s%s",
			    len ? "+" : "",
			    kl_mse_term_name(d, m->terms[i], t, sizeof(t)));
			if (len >= sizeof(buf))
				break;
		}
	row_s(label, "neg_inf_terms", buf[0] ? buf : "none");
	row_d(label, "checkident", f->checkident);
	if (f->checkident)
		return;
	row_d(label, "n_observed", f->n);
	row_d(label, "cells_fitted", f->cells_fitted);
	row_d(label, "npar", f->npar);
	row_d(label, "df_residual", f->df_residual);
	row_d(label, "loglik", f->loglik);
	row_d(label, "deviance", f->deviance);
	row_d(label, "AIC", f->aic);
	row_d(label, "BIC_log_n", f->bic);
	row_d(label, "BIC_log_cells", f->bic_cells);
	row_d(label, "coef:(Intercept)", f->coef[0]);
	for (int j = 0; j < d->k; j++) {
		snprintf(t, sizeof(t), "coef:%s", d->names[j]);
		row_d(label, t, f->coef[1 + j]);
	}
	/* finite terms first, then those at -Inf (as R lists them) */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < m->nterms; i++) {
			if (f->neg_inf[i] != pass)
				continue;
			snprintf(t, sizeof(t), "coef:");
			kl_mse_term_name(d, m->terms[i], t + 5, sizeof(t) - 5);
			row_d(label, t, f->coef[1 + d->k + i]);
		}
	row_d(label, "se_log_dark", f->se_log_dark);
	row_d(label, "dark_figure", f->dark);
	row_d(label, "total", f->total);
	row_d(label, "ci95_wald_log_lo", f->wald_lo);
	row_d(label, "ci95_wald_log_hi", f->wald_hi);
	row_d(label, "ci95_profile_poisson_lo", f->prof_lo);
	row_d(label, "ci95_profile_poisson_hi", f->prof_hi);
	row_d(label, "N_multinomial_mle", f->mult_n);
	row_d(label, "ci95_profile_multinomial_lo", f->mult_lo);
	row_d(label, "ci95_profile_multinomial_hi", f->mult_hi);
	row_d(label, "N_multinomial_mle_stirling", f->mult_st_n);
	row_d(label, "ci95_profile_multinomial_stirling_lo", f->mult_st_lo);
	row_d(label, "ci95_profile_multinomial_stirling_hi", f->mult_st_hi);
	if (!sel)
		return;
	if (sel->rule == KL_MSE_RULE_STEPWISE) {
		len = 0;
		buf[0] = 0;
		for (int i = 0; i < sel->nsteps; i++) {
			len += (size_t)snprintf(
			    buf + len, sizeof(buf) - len, "%s%s(p=%.17g)",
			    i ? " " : "",
			    kl_mse_term_name(d, sel->steps[i].term, t,
			                     sizeof(t)),
			    sel->steps[i].p);
			if (len >= sizeof(buf))
				break;
		}
		row_s(label, "stepwise_trace", buf[0] ? buf : "none");
	}
	if (sel->rule == KL_MSE_RULE_BIC) {
		row_d(label, "models_enumerated", (double)sel->enumerated);
		row_d(label, "models_admissible", (double)sel->admissible);
		row_d(label, "maxorder", sel->max_order);
		row_d(label, "near_best_bic2_models", (double)sel->near2);
		row_d(label, "near_best_bic2_total_min", sel->near2_min);
		row_d(label, "near_best_bic2_total_max", sel->near2_max);
		row_d(label, "near_best_bic6_models", (double)sel->near6);
		row_d(label, "near_best_bic6_total_min", sel->near6_min);
		row_d(label, "near_best_bic6_total_max", sel->near6_max);
		for (int i = 0; i < sel->nrank; i++) {
			const struct kl_mse_rank *r = &sel->rank[i];
			char q[64];
			snprintf(q, sizeof(q), "rank:%d:terms", i + 1);
			row_s(
			    label, q,
			    kl_mse_model_name(d, &r->model, buf, sizeof(buf)));
			snprintf(q, sizeof(q), "rank:%d:BIC_log_n", i + 1);
			row_d(label, q, r->bic);
			snprintf(q, sizeof(q), "rank:%d:AIC", i + 1);
			row_d(label, q, r->aic);
			snprintf(q, sizeof(q), "rank:%d:total", i + 1);
			row_d(label, q, r->total);
		}
	}
}

static void csv_boot(const char *label, const struct kl_mse_boot *b)
{
	row_d(label, "bootstrap_replicates", (double)b->reps);
	row_d(label, "bootstrap_replicates_ok", (double)b->ok);
	row_d(label, "bootstrap_seed", (double)b->seed);
	row_d(label, "bootstrap_level", b->level);
	row_d(label, "bootstrap_same_model", b->same_model);
	row_d(label, "bootstrap_z0", b->z0);
	row_d(label, "bootstrap_acceleration", b->accel);
	row_d(label, "ci_bca_lo", b->lo);
	row_d(label, "ci_bca_hi", b->hi);
	row_d(label, "ci_percentile_lo", b->pct_lo);
	row_d(label, "ci_percentile_hi", b->pct_hi);
}

/* ---- text output (Swedish, as the other commands' text) --------------- */

/* The first decimal point of buf becomes a comma. */
static void comma(char *buf)
{
	char *c = strchr(buf, '.');
	if (c)
		*c = ',';
}

static const char *rule_text(const struct kl_mse_selection *s, double pthresh,
                             char *buf, size_t n)
{
	char p[32];
	switch (s->rule) {
	case KL_MSE_RULE_MODEL:
		snprintf(buf, n, "angiven på kommandoraden");
		break;
	case KL_MSE_RULE_STEPWISE:
		snprintf(p, sizeof(p), "%g", pthresh);
		comma(p);
		snprintf(buf, n, "stegvis (SparseMSE:s regel, p < %s)", p);
		break;
	case KL_MSE_RULE_FORWARD_AIC:
		snprintf(buf, n, "framåtval av par efter AIC");
		break;
	case KL_MSE_RULE_FORWARD_BIC:
		snprintf(buf, n, "framåtval av par efter BIC");
		break;
	case KL_MSE_RULE_BIC:
		snprintf(buf, n,
		         "lägsta BIC bland %ld hierarkiska modeller upp till "
		         "ordning %d (%ld möjliga att skatta)",
		         s->enumerated, s->max_order, s->admissible);
		break;
	}
	return buf;
}

/* s padded with spaces to width characters (UTF-8), left-aligned. */
static void pad_left(const char *s, int width)
{
	int n = 0;
	for (const char *c = s; *c; c++)
		n += ((unsigned char)*c & 0xc0) != 0x80;
	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}

static void interval(const char *label, double lo, double hi)
{
	printf("  ");
	pad_left(label, 27);
	if (isnan(lo) || isnan(hi))
		printf(" %10s\n", "hittades ej");
	else
		printf(" %10.0f – %.0f\n", lo, hi);
}

/* "%.2f" with a decimal comma (Swedish text). */
static const char *dec2(double v, char *buf, size_t n)
{
	snprintf(buf, n, "%.2f", v);
	comma(buf);
	return buf;
}

static void text_report(const struct opts *o, const struct kl_mse_data *d,
                        const struct kl_mse_fit *f,
                        const struct kl_mse_selection *sel,
                        const struct kl_mse_boot *b)
{
	char buf[16384], t[1024], x[32], y[32], z[32];
	int observed = 0, ncell = (1 << d->k) - 1;
	const char *base = strrchr(o->path, '/');

	for (int c = 1; c <= ncell; c++)
		observed += d->y[c] > 0;
	printf("%s: %d listor (", base ? base + 1 : o->path, d->k);
	for (int j = 0; j < d->k; j++)
		printf("%s%s", j ? ", " : "", d->names[j]);
	printf("), %.0f personer i %d av %d möjliga fångsthistorier\n\n", d->n,
	       observed, ncell);
	printf("Modellval        %s\n",
	       rule_text(sel, o->pthresh, t, sizeof(t)));
	printf("Vald modell      %s\n",
	       kl_mse_model_name(d, &f->model, buf, sizeof(buf)));
	if (f->n_neg_inf) {
		printf("Satt till -Inf   ");
		for (int i = 0, first = 1; i < f->model.nterms; i++)
			if (f->neg_inf[i]) {
				printf("%s%s", first ? "" : ", ",
				       kl_mse_term_name(d, f->model.terms[i], t,
				                        sizeof(t)));
				first = 0;
			}
		printf(" (ingen på båda/alla listorna: utvidgad ML)\n");
	}
	if (sel->rule == KL_MSE_RULE_STEPWISE && sel->nsteps) {
		printf("Stegvis spår     ");
		for (int i = 0; i < sel->nsteps; i++) {
			snprintf(x, sizeof(x), "%.3g", sel->steps[i].p);
			comma(x);
			printf("%s%s (p = %s)", i ? ", " : "",
			       kl_mse_term_name(d, sel->steps[i].term, t,
			                        sizeof(t)),
			       x);
		}
		printf("\n");
	}
	printf("Anpassning       avvikelse %s på %d fg, AIC %s, BIC %s\n\n",
	       dec2(f->deviance, x, sizeof(x)), f->df_residual,
	       dec2(f->aic, y, sizeof(y)), dec2(f->bic, z, sizeof(z)));
	printf("Observerade      %10.0f\n", d->n);
	printf("Osedda (mörkertal) %8.0f\n", f->dark);
	printf("Totalt           %10.0f\n\n", f->total);
	printf("95 %%-intervall för totalen, givet modellen:\n");
	interval("Wald på logskalan", f->wald_lo, f->wald_hi);
	interval("Poisson, profilskattning", f->prof_lo, f->prof_hi);
	interval("multinomial profil (N)", f->mult_lo, f->mult_hi);
	if (!isnan(f->mult_n)) {
		printf("  ");
		pad_left("ML-skattning av N (multin.)", 27);
		printf(" %10.0f\n", f->mult_n);
	}
	if (sel->rule != KL_MSE_RULE_MODEL || b) {
		printf("\nOsäkerhet i modellvalet:\n");
		if (sel->rule == KL_MSE_RULE_BIC) {
			printf("  %ld modell%s inom 2 BIC från den bästa: "
			       "totaler %.0f – %.0f\n",
			       sel->near2, sel->near2 == 1 ? "" : "er",
			       sel->near2_min, sel->near2_max);
			printf("  %ld modell%s inom 6 BIC från den bästa: "
			       "totaler %.0f – %.0f\n",
			       sel->near6, sel->near6 == 1 ? "" : "er",
			       sel->near6_min, sel->near6_max);
		}
		if (b) {
			snprintf(x, sizeof(x), "%g", 100 * b->level);
			comma(x);
			printf(
			    "  bootstrap, modellen vald på nytt i var och en "
			    "av %ld replikat (%ld användbara, frö %lu):\n",
			    b->reps, b->ok, b->seed);
			printf("    %s %%-BCa-intervall        %10.0f – %.0f\n",
			       x, b->lo, b->hi);
			printf("    %s %%-percentilintervall   %10.0f – %.0f\n",
			       x, b->pct_lo, b->pct_hi);
			printf(
			    "    samma modell vald i %.0f %% av replikaten\n",
			    100 * b->same_model);
		} else {
			printf(
			    "  ingen bootstrap: intervallen ovan bortser från "
			    "att modellen valdes\n"
			    "  utifrån data; kör med --bootstrap 1000 för "
			    "ett som inte gör det\n");
		}
	}
	if (sel->rule == KL_MSE_RULE_BIC && sel->nrank > 1) {
		printf("\nRangordning efter BIC (log n):\n");
		printf("  %4s  %10s  %10s  %10s  %s\n", "rang", "BIC", "AIC",
		       "totalt", "modell");
		for (int i = 0; i < sel->nrank; i++) {
			const struct kl_mse_rank *r = &sel->rank[i];
			printf(
			    "  %4d  %10s  %10s  %10.0f  %s\n", i + 1,
			    dec2(r->bic, x, sizeof(x)),
			    dec2(r->aic, y, sizeof(y)), r->total,
			    kl_mse_model_name(d, &r->model, buf, sizeof(buf)));
		}
	}
	printf("\nObs: MSE förutsätter en sluten population och att modellen "
	       "fångar\nberoendet mellan listorna; med få överlapp kan "
	       "skattningarna bli mycket fel\n(Whitehead m.fl. 2021). Se "
	       "kartlagg-mse(1), CAVEATS.\n");
}

/* ---- the command ------------------------------------------------------- */

static int parse_rule(const char *s, enum kl_mse_rule *r)
{
	if (strcmp(s, "bic") == 0)
		*r = KL_MSE_RULE_BIC;
	else if (strcmp(s, "stepwise") == 0)
		*r = KL_MSE_RULE_STEPWISE;
	else if (strcmp(s, "forward-aic") == 0)
		*r = KL_MSE_RULE_FORWARD_AIC;
	else if (strcmp(s, "forward-bic") == 0)
		*r = KL_MSE_RULE_FORWARD_BIC;
	else
		return 0;
	return 1;
}

static int num_arg(const struct kl_cli *cli, const char *opt, const char *s,
                   double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return kl_cli_usage_error(cli, mse_usage,
		                          "%s expects a number from %g to %g, "
		                          "got '%s'",
		                          opt, lo, hi, s);
	*out = v;
	return 0;
}

static int fit_and_print(const struct kl_cli *cli, const char *label,
                         const struct kl_mse_data *d,
                         const struct kl_mse_model *m,
                         const struct kl_mse_selection *sel,
                         struct kl_mse_fit *f)
{
	struct kl_error err;
	kl_error_clear(&err);
	if (kl_mse_fit(d, m, KL_MSE_FIT_INTERVALS, f, &err))
		return kl_cli_error(cli, &err);
	csv_fit(label, d, f, f->checkident ? NULL : sel);
	return 0;
}

static int reference_models(const struct kl_cli *cli, const struct opts *o,
                            const struct kl_mse_data *d, struct kl_mse_fit *f)
{
	struct kl_mse_model m = {0};
	struct kl_mse_selection *sel = NULL;
	struct kl_error err;
	int rc;
	static const struct {
		const char *label;
		enum kl_mse_rule rule;
		double p;
	} rules[] = {
	    {"stepwise_p0.02", KL_MSE_RULE_STEPWISE, 0.02},
	    {"stepwise_p0.05", KL_MSE_RULE_STEPWISE, 0.05},
	    {"forward_aic", KL_MSE_RULE_FORWARD_AIC, 0},
	    {"forward_bic", KL_MSE_RULE_FORWARD_BIC, 0},
	    {"exhaustive_bic", KL_MSE_RULE_BIC, 0},
	};

	out_head(o->path, d);
	rc = fit_and_print(cli, "independence", d, &m, NULL, f);
	if (rc)
		return rc;
	if (d->k <= 4) {
		/* every interaction but the k-way one: pairs, then triples */
		unsigned idx[KL_MSE_MAX_LISTS];
		for (int size = 2; size < d->k; size++) {
			/* lexicographic index sets, as R's combn */
			for (int i = 0; i < size; i++)
				idx[i] = (unsigned)i;
			for (;;) {
				unsigned t = 0;
				for (int i = 0; i < size; i++)
					t |= 1u << idx[i];
				m.terms[m.nterms++] = (unsigned short)t;
				int i = size - 1;
				while (i >= 0 &&
				       idx[i] == (unsigned)(d->k - size + i))
					i--;
				if (i < 0)
					break;
				idx[i]++;
				for (int j = i + 1; j < size; j++)
					idx[j] = idx[j - 1] + 1;
			}
		}
		rc = fit_and_print(cli, "saturated_minus_highest", d, &m, NULL,
		                   f);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct kl_mse_select_opts so = {0};
		so.rule = rules[i].rule;
		so.pthresh = rules[i].p;
		so.max_order = o->max_order;
		so.top = o->top;
		kl_error_clear(&err);
		if (kl_mse_select(d, &so, &sel, &err)) {
			if (so.rule == KL_MSE_RULE_BIC &&
			    err.status == KL_ERR_USAGE) {
				kl_cli_note(cli, "%s skipped: %s",
				            rules[i].label, err.msg);
				continue;
			}
			return kl_cli_error(cli, &err);
		}
		rc = fit_and_print(cli, rules[i].label, d, &sel->model, sel, f);
		kl_mse_selection_free(sel);
		sel = NULL;
		if (rc)
			return rc;
	}
	out_tail();
	return 0;
}

/* The options and the file argument into *o; -1 to go on, else the exit
 * status (0 after --help, KL_EX_USAGE on misuse). */
static int parse_args(int argc, char **argv, struct kl_cli *cli,
                      struct opts *po)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"model", required_argument, NULL, 'm'},
	    {"pthresh", required_argument, NULL, 'p'},
	    {"max-order", required_argument, NULL, 'o'},
	    {"top", required_argument, NULL, 't'},
	    {"merge", required_argument, NULL, 'M'},
	    {"bootstrap", required_argument, NULL, 'b'},
	    {"seed", required_argument, NULL, 'S'},
	    {"level", required_argument, NULL, 'l'},
	    {"reference-models", no_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {0};
	int c;
	double v = 0;

	o.pthresh = 0.02;
	o.seed = 1;
	o.level = 0.95;
	o.fmt = KL_FMT_TEXT;
	while ((c = getopt_long(argc, argv, "s:qhm:p:o:t:M:b:S:l:rf:", opts,
	                        NULL)) != -1) {
		if (kl_cli_common_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h':
			return kl_cli_help(mse_help);
		case 'm':
			o.model = optarg;
			break;
		case 'p':
			if (num_arg(cli, "--pthresh", optarg, 1e-300, 1, &v))
				return KL_EX_USAGE;
			o.pthresh = v;
			break;
		case 'o':
			if (num_arg(cli, "--max-order", optarg, 2,
			            KL_MSE_MAX_LISTS, &v))
				return KL_EX_USAGE;
			if (v != floor(v))
				return kl_cli_usage_error(
				    cli, mse_usage,
				    "--max-order expects a whole number, got "
				    "'%s'",
				    optarg);
			o.max_order = (int)v;
			break;
		case 't':
			if (num_arg(cli, "--top", optarg, 1, 1000, &v))
				return KL_EX_USAGE;
			o.top = (int)v;
			break;
		case 'M':
			if (o.nmerge == MAX_MERGE)
				return kl_cli_usage_error(
				    cli, mse_usage,
				    "at most %d --merge options", MAX_MERGE);
			o.merge[o.nmerge++] = optarg;
			break;
		case 'b':
			if (num_arg(cli, "--bootstrap", optarg, 0, 1e7, &v))
				return KL_EX_USAGE;
			o.bootstrap = (long)v;
			break;
		case 'S':
			if (num_arg(cli, "--seed", optarg, 0, 4294967295.0, &v))
				return KL_EX_USAGE;
			o.seed = (unsigned long)v;
			break;
		case 'l':
			if (num_arg(cli, "--level", optarg, 0.5, 0.999, &v))
				return KL_EX_USAGE;
			o.level = v;
			break;
		case 'r':
			o.reference = 1;
			break;
		case 'f':
			o.fmt = kl_cli_parse_format(optarg);
			if (o.fmt < 0)
				return kl_cli_usage_error(
				    cli, mse_usage,
				    "--format must be text, csv or json, not "
				    "'%s'",
				    optarg);
			json_out = o.fmt == KL_FMT_JSON;
			break;
		default:
			return kl_cli_bad_option(cli, mse_usage, argv);
		}
	}
	if (optind >= argc)
		return kl_cli_usage_error(cli, mse_usage,
		                          "no capture-history file given");
	if (optind + 1 < argc)
		return kl_cli_usage_error(cli, mse_usage,
		                          "unexpected argument '%s'",
		                          argv[optind + 1]);
	o.path = argv[optind];
	if (o.reference && o.fmt == KL_FMT_TEXT)
		return kl_cli_usage_error(cli, mse_usage,
		                          "--reference-models needs --format "
		                          "csv or json");
	if (o.reference && (o.model || o.bootstrap))
		return kl_cli_usage_error(cli, mse_usage,
		                          "--reference-models fits its own "
		                          "models; drop --model and "
		                          "--bootstrap");
	*po = o;
	return -1;
}

/* The selection rule of --model (a rule name or a model, parsed into
 * *given) or the default (exhaustive BIC up to 6 lists, else stepwise)
 * into *so; KL_OK, or -1 with a usage error printed (its status in
 * *rc). */
static int pick_rule(struct kl_cli *cli, const struct opts *po,
                     const struct kl_mse_data *d, struct kl_mse_select_opts *so,
                     struct kl_mse_model *given, int *rc)
{
	const struct opts o = *po;
	struct kl_error err;
	int have_rule = 0;

	so->pthresh = o.pthresh;
	so->max_order = o.max_order;
	so->top = o.top;
	if (o.model && parse_rule(o.model, &so->rule)) {
		have_rule = 1;
	} else if (o.model) {
		kl_error_clear(&err);
		if (kl_mse_model_parse(given, d, o.model, &err)) {
			*rc = kl_cli_usage_error(cli, mse_usage, "%s", err.msg);
			return -1;
		}
		so->rule = KL_MSE_RULE_MODEL;
		so->model = given;
		have_rule = 1;
	}
	if (!have_rule)
		so->rule = d->k <= 6 ? KL_MSE_RULE_BIC : KL_MSE_RULE_STEPWISE;
	return KL_OK;
}

/* The CSV and JSON label of the rule: independence, model, stepwise_p<p>,
 * forward_aic, forward_bic or exhaustive_bic. */
static void rule_label(char *label, size_t size,
                       const struct kl_mse_select_opts *so,
                       const struct kl_mse_model *given, double pthresh)
{
	switch (so->rule) {
	case KL_MSE_RULE_MODEL:
		snprintf(label, size, "%s",
		         given->nterms ? "model" : "independence");
		break;
	case KL_MSE_RULE_STEPWISE:
		snprintf(label, size, "stepwise_p%g", pthresh);
		break;
	case KL_MSE_RULE_FORWARD_AIC:
		snprintf(label, size, "forward_aic");
		break;
	case KL_MSE_RULE_FORWARD_BIC:
		snprintf(label, size, "forward_bic");
		break;
	case KL_MSE_RULE_BIC:
		snprintf(label, size, "exhaustive_bic");
		break;
	}
}

int cmd_mse(int argc, char **argv, struct kl_cli *cli)
{
	struct opts o = {0};
	struct kl_error err;
	struct kl_mse_data *d = NULL;
	struct kl_mse_fit *f = NULL;
	struct kl_mse_selection *sel = NULL;
	struct kl_mse_model given = {0};
	struct kl_mse_select_opts so = {0};
	struct kl_mse_boot boot;
	int rc;

	rc = parse_args(argc, argv, cli, &o);
	if (rc >= 0)
		return rc;
	rc = 0;

	d = malloc(sizeof(*d));
	f = malloc(sizeof(*f));
	if (!d || !f) {
		kl_cli_eprintf("kartlagg mse: error: out of memory\n");
		rc = KL_EX_OSERR;
		goto out;
	}
	kl_error_clear(&err);
	if (kl_mse_data_read(d, o.path, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	if (d->duplicates)
		kl_cli_note(cli,
		            "%lu row%s repeated an earlier capture history and "
		            "%s added to %s (first: line %lu repeats line %lu)",
		            d->duplicates, d->duplicates == 1 ? "" : "s",
		            d->duplicates == 1 ? "was" : "were",
		            d->duplicates == 1 ? "it" : "them",
		            d->first_duplicate_line, d->first_duplicate_of);
	for (int i = 0; i < o.nmerge; i++) {
		kl_error_clear(&err);
		if (kl_mse_data_merge(d, o.merge[i], &err)) {
			rc = kl_cli_usage_error(cli, mse_usage, "%s", err.msg);
			goto out;
		}
	}
	if (o.reference) {
		rc = reference_models(cli, &o, d, f);
		goto out;
	}

	if (pick_rule(cli, &o, d, &so, &given, &rc))
		goto out;
	kl_error_clear(&err);
	if (kl_mse_select(d, &so, &sel, &err)) {
		rc = err.status == KL_ERR_USAGE
		         ? kl_cli_usage_error(cli, mse_usage, "%s", err.msg)
		         : kl_cli_error(cli, &err);
		goto out;
	}
	kl_error_clear(&err);
	if (kl_mse_fit(d, &sel->model, KL_MSE_FIT_INTERVALS, f, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	if (f->checkident) {
		char buf[4096];
		kl_error_set(
		    &err, KL_ERR_NUMERIC,
		    "model %s refused (checkident %d): %s",
		    kl_mse_model_name(d, &sel->model, buf, sizeof(buf)),
		    f->checkident, f->why);
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	if (o.bootstrap > 0) {
		struct kl_mse_boot_opts bo = {o.bootstrap, o.seed, o.level};
		kl_error_clear(&err);
		if (kl_mse_bootstrap(d, &so, &bo, &boot, &err)) {
			rc = kl_cli_error(cli, &err);
			goto out;
		}
	}
	if (f->n_neg_inf)
		kl_cli_warn(cli,
		            "%d term%s fixed at -Inf: some lists never overlap "
		            "(extended MLE, Chan et al. 2021)",
		            f->n_neg_inf, f->n_neg_inf == 1 ? "" : "s");
	if (o.fmt == KL_FMT_CSV || o.fmt == KL_FMT_JSON) {
		char label[64];
		rule_label(label, sizeof(label), &so, &given, o.pthresh);
		out_head(o.path, d);
		csv_fit(label, d, f, sel);
		if (o.bootstrap > 0)
			csv_boot(label, &boot);
		out_tail();
	} else {
		text_report(&o, d, f, sel, o.bootstrap > 0 ? &boot : NULL);
	}
out:
	kl_mse_selection_free(sel);
	free(d);
	free(f);
	return rc;
}
