/*
 * cmd_map.c - `kartlagg map`: a choropleth of kommuner or län as SVG on
 * standard output, from a values file, or the boundaries alone.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char map_usage[] =
    "usage: kartlagg map [--region <code>] [--level kommun|lan] "
    "[--values <file>]\n"
    "                    [--classes <n>] [--breaks <list>] [--decimals <n>]\n"
    "                    [--title <text>] [--unit <text>] [--desc <text>] "
    "[--id <prefix>]\n";

static const char map_help[] =
    "usage: kartlagg map [--region <code>] [--level kommun|lan] "
    "[--values <file>]\n"
    "                    [--classes <n>] [--breaks <list>] [--decimals <n>]\n"
    "                    [--title <text>] [--unit <text>] [--desc <text>] "
    "[--id <prefix>]\n"
    "\n"
    "Write a map of the kommuner of a län, of Sweden, or of the län as SVG\n"
    "on standard output, coloured in classes by the values of a CSV file\n"
    "(code,value[,hidden]; value '..' or hidden 1 is drawn hatched, an\n"
    "empty value as 'uppgift saknas').  Without --values: the boundaries.\n"
    "\n"
    "  -r, --region <code>      the kommuner of this län (\"19\"); default:\n"
    "                           the whole country (\"00\")\n"
    "  -L, --level <level>      kommun (default) or lan\n"
    "  -v, --values <file>      CSV with code,value[,hidden]\n"
    "  -c, --classes <n>        2 to 5 classes (default: 4, or one more\n"
    "                           than the --breaks)\n"
    "  -b, --breaks <list>      increasing class limits, \"5,10,20\" (or\n"
    "                           \"0,5;1,5\" with decimal commas); default:\n"
    "                           rounded quantiles of the values\n"
    "  -d, --decimals <n>       decimals in the legend (default: 1)\n"
    "  -t, --title <text>       title (default: names the area)\n"
    "  -u, --unit <text>        unit, the legend's heading\n"
    "  -D, --desc <text>        text summary (default: written from the\n"
    "                           values)\n"
    "  -i, --id <prefix>        element id prefix, a-z 0-9 - (default: "
    "karta)\n"
    "  -q, --quiet              no notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-map(1).\n";

#define MAX_BREAKS 4

/*
 * Parse "5,10,20" or, when it holds ';', "0,5;1,5" into b[]; returns the
 * number of limits, or -1.
 */
static int parse_breaks(const char *arg, double *b)
{
	char buf[256], *save = NULL;
	int n = 0, semi = strchr(arg, ';') != NULL;

	int w = snprintf(buf, sizeof(buf), "%s", arg);
	if (w < 0 || (size_t)w >= sizeof(buf))
		return -1;
	for (char *t = strtok_r(buf, semi ? ";" : ",", &save); t;
	     t = strtok_r(NULL, semi ? ";" : ",", &save)) {
		char *end;
		if (n == MAX_BREAKS)
			return -1;
		for (char *p = t; *p; p++)
			if (*p == ',')
				*p = '.';
		while (*t == ' ')
			t++;
		errno = 0;
		b[n] = strtod(t, &end);
		while (*end == ' ')
			end++;
		if (end == t || *end || errno || !isfinite(b[n]))
			return -1;
		if (n && !(b[n] > b[n - 1]))
			return -1;
		n++;
	}
	return n ? n : -1;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* What the command line asks for. */
struct map_args {
	struct kl_map_opts mo;
	const char *values; /* --values file, or NULL */
	double breaks[MAX_BREAKS];
	int nbreaks;
};

/*
 * Map's own option c (getopt's return, not 'h') with argument arg into a.
 * Returns 0 when it is good, the usage error printed and 64 when it is
 * not, or -1 when c is not one of map's options.
 */
static int map_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct map_args *a = ctx;

	switch (c) {
	case 'r':
		a->mo.region = arg;
		return 0;
	case 'L':
		if (strcmp(arg, "kommun") == 0)
			a->mo.level = KL_MAP_KOMMUN;
		else if (strcmp(arg, "lan") == 0)
			a->mo.level = KL_MAP_LAN;
		else
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--level must be kommun or lan, not '%s'", arg);
		return 0;
	case 'v':
		a->values = arg;
		return 0;
	case 'c':
		if (parse_int(arg, 2, 5, &a->mo.nclasses))
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--classes must be 2 to 5, not '%s'", arg);
		return 0;
	case 'b':
		a->nbreaks = parse_breaks(arg, a->breaks);
		if (a->nbreaks < 0)
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--breaks must be 1 to %d increasing "
			    "numbers, not '%s'",
			    MAX_BREAKS, arg);
		return 0;
	case 'd':
		if (parse_int(arg, 0, 9, &a->mo.decimals))
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--decimals must be 0 to 9, not '%s'", arg);
		return 0;
	case 't':
		a->mo.title = arg;
		return 0;
	case 'u':
		a->mo.unit = arg;
		return 0;
	case 'D':
		a->mo.desc = arg;
		return 0;
	case 'i':
		a->mo.id = arg;
		return 0;
	}
	return -1;
}

/*
 * Read the values (when --values was given) and draw the map of a->mo on
 * stdout; returns the exit status.
 */
static int draw_map(struct kl_cli *cli, struct map_args *a)
{
	struct kl_map_value *vals = NULL;
	struct kl_error err;
	char *svg = NULL;
	size_t len = 0, nvals = 0;
	int rc;

	kl_error_clear(&err);
	if (a->values) {
		rc = kl_map_values_read(a->values, a->mo.level, a->mo.region,
		                        &vals, &nvals, &err);
		if (rc)
			return kl_cli_error(cli, &err);
		if (nvals == 0)
			kl_cli_note(cli,
			            "%s has no values; drawing the "
			            "boundaries only",
			            a->values);
	}
	a->mo.values = vals;
	a->mo.nvalues = nvals;
	rc = kl_map_svg(&a->mo, &svg, &len, &err);
	kl_map_values_free(vals, nvals);
	if (rc) {
		if (rc == KL_ERR_USAGE)
			return kl_cli_usage_error(cli, map_usage, "%s",
			                          err.msg);
		return kl_cli_error(cli, &err);
	}
	fwrite(svg, 1, len, stdout);
	free(svg);
	return kl_cli_finish_stdout(cli, 0);
}

/* `kartlagg map`: parse, then draw_map (cmds.h). */
int cmd_map(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"region", required_argument, NULL, 'r'},
	    {"level", required_argument, NULL, 'L'},
	    {"values", required_argument, NULL, 'v'},
	    {"classes", required_argument, NULL, 'c'},
	    {"breaks", required_argument, NULL, 'b'},
	    {"decimals", required_argument, NULL, 'd'},
	    {"title", required_argument, NULL, 't'},
	    {"unit", required_argument, NULL, 'u'},
	    {"desc", required_argument, NULL, 'D'},
	    {"id", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	struct map_args a = {0};
	int rc;

	a.mo.level = KL_MAP_KOMMUN;
	a.mo.decimals = 1;
	rc = kl_cli_read_opts(cli, argc, argv, "s:qhr:L:v:c:b:d:t:u:D:i:", opts,
	                      map_help, map_usage, map_opt, &a);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return kl_cli_usage_error(
		    cli, map_usage, "unexpected argument '%s'", argv[optind]);
	if (a.nbreaks) {
		if (a.mo.nclasses && a.mo.nclasses != a.nbreaks + 1)
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--classes %d needs %d limits in --breaks, got %d",
			    a.mo.nclasses, a.mo.nclasses - 1, a.nbreaks);
		a.mo.nclasses = a.nbreaks + 1;
		a.mo.breaks = a.breaks;
	}
	return draw_map(cli, &a);
}
