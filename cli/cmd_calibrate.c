/*
 * cmd_calibrate.c - `kartlagg calibrate`: calibrate a survey's weights to
 * population totals and keep them as a named weight set; summarise or
 * export weight sets.  The method is in lib/calibrate*.c and
 * kartlagg-calibrate(1).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char calibrate_usage[] =
    "usage: kartlagg calibrate [-s <store>] --method <m> --weight <var> "
    "--margin <vars>... [<target options>] <survey> <set>\n"
    "   or: kartlagg calibrate [-s <store>] --summary [--format <fmt>] "
    "[<set>...]\n"
    "   or: kartlagg calibrate [-s <store>] --export <set> [--key <vars>]\n";

static const char calibrate_help[] =
    "usage: kartlagg calibrate [-s <store>] --method <m> --weight <var> "
    "--margin <vars>... [<target options>] <survey> <set>\n"
    "   or: kartlagg calibrate [-s <store>] --summary [--format <fmt>] "
    "[<set>...]\n"
    "   or: kartlagg calibrate [-s <store>] --export <set> [--key <vars>]\n"
    "\n"
    "Calibrate the design weights of a survey to population totals and\n"
    "save them in the store as weight set <set>, for kartlagg estimate\n"
    "--weights <set>.\n"
    "\n"
    "Calibration:\n"
    "  -m, --method <m>          poststrat, rake or linear (GREG)\n"
    "  -w, --weight <var>        the design weights\n"
    "  -o, --over <var>          calibrate each value of <var> separately\n"
    "  -M, --margin <var>[,<var>...]\n"
    "                            crossed cells to calibrate; one for "
    "poststrat,\n"
    "                            one per margin for rake and linear\n"
    "      --tol <x>             rake: stop when no cell total moves more "
    "than\n"
    "                            <x> x the sum of the weights (default "
    "1e-13);\n"
    "                            linear with bounds: relative misfit "
    "(1e-7)\n"
    "      --max-sweeps <n>      rake sweeps (default 200); linear "
    "iterations (50)\n"
    "      --bounds <lo>,<hi>    linear: keep g = w/w0 within [lo, hi]\n"
    "\n"
    "Targets (one of):\n"
    "  -t, --targets <file>      CSV of totals for a margin: its variables "
    "and\n"
    "                            'count' (and the --over variable); one per\n"
    "                            --margin, in the same order\n"
    "      --map <var>=<dim>[:<code>=<value>,...]\n"
    "                            the stored SCB population: survey variable "
    "to\n"
    "                            region, age or sex; repeat per variable\n"
    "      --level <level>       population rows: kommun (default), lan or "
    "riket\n"
    "      --year <year>         population year (default: the --over "
    "value)\n"
    "      --force               calibrate to population rows of other "
    "regions\n"
    "                            than the survey's (refused without it)\n"
    "\n"
    "Weight sets:\n"
    "      --summary             n, min, max, sum, mean, sum of squares, "
    "Kish\n"
    "                            effective n and deff per set (all sets "
    "when\n"
    "                            none is named), after the design weights\n"
    "      --export <set>        the weights of <set> per respondent (CSV)\n"
    "      --key <var>[,<var>...] with --export: the columns that identify\n"
    "                            a respondent (default: the survey's key, "
    "else\n"
    "                            the line)\n"
    "  -f, --format <fmt>        text (default), csv or json\n"
    "  -s, --store <file>        the store (default: $KARTLAGG_STORE, else "
    "kartlagg.db)\n"
    "  -q, --quiet               no notes on stderr\n"
    "  -h, --help                show this help and exit\n"
    "\n"
    "See kartlagg-calibrate(1).\n";

enum {
	OPT_TOL = 256,
	OPT_MAX_SWEEPS,
	OPT_BOUNDS,
	OPT_FORCE,
	OPT_SUMMARY,
	OPT_EXPORT,
	OPT_KEY,
};

/* Print the n summaries v as text, CSV or JSON (fmt). */
static void print_summary(const struct kl_wsummary *v, size_t n, int fmt)
{
	if (fmt == KL_FMT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s\n{\"set\":", i ? "," : "");
			kl_cli_json_str(v[i].set);
			printf(",\"over\":");
			kl_cli_json_str(v[i].over);
			printf(",\"n\":%ld,\"min\":%.17g,\"max\":%.17g,"
			       "\"sum\":%.17g,\"mean\":%.17g,\"sum_sq\":%.17g,"
			       "\"kish_neff\":%.17g,\"kish_deff_w\":%.17g}",
			       v[i].n, v[i].min, v[i].max, v[i].sum, v[i].mean,
			       v[i].sum_sq, v[i].kish_neff, v[i].kish_deff_w);
		}
		printf("\n]\n");
		return;
	}
	if (fmt == KL_FMT_CSV) {
		printf("over,set,n,min,max,sum,mean,sum_sq,kish_neff,"
		       "kish_deff_w\n");
		for (size_t i = 0; i < n; i++) {
			kl_cli_csv_field(v[i].over, 0);
			kl_cli_csv_field(v[i].set, 0);
			printf("%ld,", v[i].n);
			kl_cli_csv_num(v[i].min, 0);
			kl_cli_csv_num(v[i].max, 0);
			kl_cli_csv_num(v[i].sum, 0);
			kl_cli_csv_num(v[i].mean, 0);
			kl_cli_csv_num(v[i].sum_sq, 0);
			kl_cli_csv_num(v[i].kish_neff, 0);
			kl_cli_csv_num(v[i].kish_deff_w, 1);
		}
		return;
	}
	printf("%-8s %-16s %7s %9s %9s %11s %8s %9s %7s\n", "över", "vikter",
	       "n", "min", "max", "summa", "medel", "Kish n", "deff");
	for (size_t i = 0; i < n; i++)
		printf("%-8s %-16s %7ld %9.4f %9.4f %11.2f %8.4f %9.1f %7.3f\n",
		       v[i].over ? v[i].over : "", v[i].set, v[i].n, v[i].min,
		       v[i].max, v[i].sum, v[i].mean, v[i].kish_neff,
		       v[i].kish_deff_w);
}

struct export_ctx {
	int header;
};

/* kl_weights_each callback: the CSV header once, then one row. */
static int export_row(void *ctx, size_t nkeys, const char *const *keys,
                      const char *const *values, double w0, double w)
{
	struct export_ctx *x = ctx;
	if (!x->header) {
		for (size_t k = 0; k < nkeys; k++)
			kl_cli_csv_field(keys[k], 0);
		printf("w0,w\n");
		x->header = 1;
	}
	for (size_t k = 0; k < nkeys; k++)
		kl_cli_csv_field(values[k], 0);
	kl_cli_csv_num(w0, 0);
	kl_cli_csv_num(w, 1);
	return 0;
}

/* What the command line asks for (pointers into argv). */
struct cal_args {
	struct kl_cal_spec spec;
	const char **margins, **files;
	struct kl_cli_pop pop; /* --map, --level, --year, --format */
	size_t nmargins, nfiles;
	const char *export, *key;
	int summary, method;
};

/* Free what parse_args allocated in a. */
static void cal_args_release(struct cal_args *a)
{
	kl_cli_pop_release(&a->pop);
	free(a->margins);
	free(a->files);
}

/*
 * Calibrate's option c (getopt's return, not 'h'; KL_CLI_POP_OPTS
 * included) with argument arg into the struct cal_args ctx.  Returns 0 when
 * it is good, the usage error printed and 64 when it is not, or -1 when c is
 * not one of calibrate's options (a kl_cli_opt_fn).
 */
static int cal_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct cal_args *a = ctx;
	char *end;
	int rc = kl_cli_pop_opt(cli, calibrate_usage, c, arg, &a->pop);

	if (rc >= 0)
		return rc;

#define USAGE(...) return kl_cli_usage_error(cli, calibrate_usage, __VA_ARGS__)
	switch (c) {
	case 'm':
		a->method = kl_cal_method_parse(arg);
		if (a->method < 0)
			USAGE("--method must be poststrat, rake or linear, not "
			      "'%s'",
			      arg);
		return 0;
	case 'w':
		a->spec.weight = arg;
		return 0;
	case 'o':
		a->spec.over = arg;
		return 0;
	case 'M':
		if (!*arg)
			USAGE("--margin needs a variable");
		a->margins[a->nmargins++] = arg;
		return 0;
	case 't':
		a->files[a->nfiles++] = arg;
		return 0;
	case OPT_TOL:
		if (kl_cli_parse_double(arg, &a->spec.tol) ||
		    !(a->spec.tol > 0))
			USAGE("--tol must be a number > 0, not '%s'", arg);
		return 0;
	case OPT_MAX_SWEEPS:
		if (kl_cli_parse_long(arg, &a->spec.max_sweeps) ||
		    a->spec.max_sweeps < 1)
			USAGE("--max-sweeps must be a whole number >= 1, not "
			      "'%s'",
			      arg);
		return 0;
	case OPT_BOUNDS:
		a->spec.lower = strtod(arg, &end);
		if (*end != ',' || end == arg)
			USAGE("--bounds must be <lo>,<hi>, not '%s'", arg);
		if (kl_cli_parse_double(end + 1, &a->spec.upper) ||
		    !(a->spec.lower < 1 && a->spec.upper > 1))
			USAGE("--bounds must be <lo>,<hi> with lo < 1 < hi, "
			      "not '%s'",
			      arg);
		a->spec.bounded = 1;
		return 0;
	case OPT_FORCE:
		a->spec.force = 1;
		return 0;
	case OPT_SUMMARY:
		a->summary = 1;
		return 0;
	case OPT_EXPORT:
		a->export = arg;
		return 0;
	case OPT_KEY:
		a->key = arg;
		return 0;
	}
	return -1;
}

/*
 * Check the options read into a against each other and the operands
 * (argv[optind..]) and fill a->spec from them.  Returns 0 to go on, else
 * the exit status of the usage error or bad file name (printed).
 */
static int cal_check(const struct kl_cli *cli, int argc, struct cal_args *a)
{
	int rc;

	if (a->summary || a->export) {
		if (a->summary && a->export)
			USAGE("give --summary or --export, not both");
		return 0;
	}
	if (argc - optind != 2)
		USAGE("expected <survey> <set>");
	if (a->method < 0)
		USAGE("--method is required");
	if (!a->spec.weight)
		USAGE("--weight is required");
	if (!a->nmargins)
		USAGE("at least one --margin is required");
	if (a->nfiles && a->nfiles != a->nmargins)
		USAGE("give one --targets file per --margin (%zu margins, %zu "
		      "files)",
		      a->nmargins, a->nfiles);
	if (a->nfiles && a->pop.nmaps)
		USAGE("give --targets files or --map (the stored population), "
		      "not both");
	if (!a->nfiles && !a->pop.nmaps)
		USAGE("no targets: give --targets files or --map options");
#undef USAGE
	a->spec.method = (enum kl_cal_method)a->method;
	a->spec.nmargins = a->nmargins;
	a->spec.margins = a->margins;
	a->spec.files = a->nfiles ? a->files : NULL;
	a->spec.nmaps = a->pop.nmaps;
	a->spec.maps = a->pop.maps;
	a->spec.level = a->pop.level;
	a->spec.year = a->pop.year;
	for (size_t k = 0; k < a->nfiles; k++) {
		rc = kl_cli_check_file_name(cli, a->files[k]);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Parse the options into a (zero-initialised; the caller releases it with
 * cal_args_release) and check them.  Returns -1 to go on, else the exit
 * status (0 after --help, a usage error, which is printed).
 */
static int parse_args(int argc, char **argv, struct kl_cli *cli,
                      struct cal_args *a)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"method", required_argument, NULL, 'm'},
	    {"weight", required_argument, NULL, 'w'},
	    {"over", required_argument, NULL, 'o'},
	    {"margin", required_argument, NULL, 'M'},
	    {"targets", required_argument, NULL, 't'},
	    {"tol", required_argument, NULL, OPT_TOL},
	    {"max-sweeps", required_argument, NULL, OPT_MAX_SWEEPS},
	    {"bounds", required_argument, NULL, OPT_BOUNDS},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"summary", no_argument, NULL, OPT_SUMMARY},
	    {"export", required_argument, NULL, OPT_EXPORT},
	    {"key", required_argument, NULL, OPT_KEY},
	    KL_CLI_POP_OPTS("level"),
	    {NULL, 0, NULL, 0},
	};
	int rc;

	a->method = -1;
	a->margins = calloc((size_t)argc + 1, sizeof(*a->margins));
	a->files = calloc((size_t)argc + 1, sizeof(*a->files));
	if (kl_cli_pop_init(&a->pop, "level", argc) || !a->margins || !a->files)
		return kl_cli_oom(cli);
	rc = kl_cli_read_opts(cli, argc, argv, "s:qhm:w:o:M:t:f:", opts,
	                      calibrate_help, calibrate_usage, cal_opt, a);
	if (rc >= 0)
		return rc;
	rc = cal_check(cli, argc, a);
	return rc ? rc : -1;
}

/* --summary of the sets named in argv (all without names), or --export
 * of one; returns the exit status. */
static int run_sets(int argc, char **argv, struct kl_cli *cli,
                    const struct cal_args *a)
{
	struct kl_wsummary *sum = NULL;
	struct kl_error err;
	size_t nsum = 0;
	int rc;

	kl_error_clear(&err);
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		return rc;
	if (a->export) {
		struct export_ctx x = {0};
		if (kl_weights_each(cli->store, a->export, a->key, export_row,
		                    &x, &err))
			rc = kl_cli_error(cli, &err);
		return rc;
	}
	if (kl_weights_summary(cli->store, (const char *const *)argv + optind,
	                       (size_t)(argc - optind), 1, &sum, &nsum, &err))
		rc = kl_cli_error(cli, &err);
	else
		print_summary(sum, nsum, a->pop.fmt);
	kl_wsummary_free(sum, nsum);
	return rc;
}

/* The notes of a calibration: cells without figures, the targets' source,
 * each group's rows, steps and weights, the saved set. */
static void print_result(struct kl_cli *cli, const struct kl_cal_spec *spec,
                         const struct kl_cal_result *res, const char *name)
{
	for (size_t k = 0; k < res->nnotes; k++) {
		const struct kl_cal_note *n = &res->notes[k];
		kl_cli_note(cli,
		            "note: %s%s%s has no population figure; it keeps "
		            "its design weights (total %.6g)",
		            n->where, n->over ? " in " : "",
		            n->over ? n->over : "", n->sum_w);
	}
	kl_cli_note(cli, "targets: %s", res->source);
	for (size_t g = 0; g < res->ngroups; g++) {
		const struct kl_cal_group *q = &res->groups[g];
		kl_cli_note(cli,
		            "%s%s%s%s: %ld rows, %s %ld (last change %.3g), g "
		            "from %.6g to %.6g, weights %.10g -> %.10g",
		            spec->over ? spec->over : "",
		            spec->over ? " = " : "", q->over ? q->over : "",
		            spec->over ? "" : "all", q->n,
		            spec->method == KL_CAL_RAKE     ? "sweeps"
		            : spec->method == KL_CAL_LINEAR ? "iterations"
		                                            : "steps",
		            q->sweeps, q->max_change, q->g_min, q->g_max,
		            q->sum_w0, q->sum_w);
	}
	kl_cli_note(cli, "saved weight set '%s' (%s)", name,
	            kl_cal_method_name(spec->method));
}

/* `kartlagg calibrate`: parse, call the library, print (cmds.h). */
int cmd_calibrate(int argc, char **argv, struct kl_cli *cli)
{
	struct cal_args a = {0};
	struct kl_cal_result *res = NULL;
	struct kl_error err;
	int rc;

	kl_error_clear(&err);
	rc = parse_args(argc, argv, cli, &a);
	if (rc >= 0)
		goto out;
	if (a.summary || a.export) {
		rc = run_sets(argc, argv, cli, &a);
		goto out;
	}
	rc = kl_cli_open_store(cli, KL_STORE_WRITE);
	if (rc)
		goto out;
	if (kl_calibrate(cli->store, argv[optind], argv[optind + 1], &a.spec,
	                 &res, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	print_result(cli, &a.spec, res, argv[optind + 1]);
out:
	kl_cal_result_free(res);
	cal_args_release(&a);
	return rc;
}
