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
	struct kl_map_opts mo = {0};
	struct kl_map_value *vals = NULL;
	struct kl_error err;
	const char *values = NULL;
	double breaks[MAX_BREAKS];
	int c, nbreaks = 0, rc;
	char *svg = NULL;
	size_t len = 0, nvals = 0;

	mo.level = KL_MAP_KOMMUN;
	mo.decimals = 1;
	while ((c = getopt_long(argc, argv, "s:qhr:L:v:c:b:d:t:u:D:i:", opts,
	                        NULL)) != -1) {
		if (kl_cli_common_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h':
			return kl_cli_help(map_help);
		case 'r':
			mo.region = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "kommun") == 0)
				mo.level = KL_MAP_KOMMUN;
			else if (strcmp(optarg, "lan") == 0)
				mo.level = KL_MAP_LAN;
			else
				return kl_cli_usage_error(
				    cli, map_usage,
				    "--level must be kommun or lan, not '%s'",
				    optarg);
			break;
		case 'v':
			values = optarg;
			break;
		case 'c':
			if (parse_int(optarg, 2, 5, &mo.nclasses))
				return kl_cli_usage_error(
				    cli, map_usage,
				    "--classes must be 2 to 5, not '%s'",
				    optarg);
			break;
		case 'b':
			nbreaks = parse_breaks(optarg, breaks);
			if (nbreaks < 0)
				return kl_cli_usage_error(
				    cli, map_usage,
				    "--breaks must be 1 to %d increasing "
				    "numbers, not '%s'",
				    MAX_BREAKS, optarg);
			break;
		case 'd':
			if (parse_int(optarg, 0, 9, &mo.decimals))
				return kl_cli_usage_error(
				    cli, map_usage,
				    "--decimals must be 0 to 9, not '%s'",
				    optarg);
			break;
		case 't':
			mo.title = optarg;
			break;
		case 'u':
			mo.unit = optarg;
			break;
		case 'D':
			mo.desc = optarg;
			break;
		case 'i':
			mo.id = optarg;
			break;
		default:
			return kl_cli_bad_option(cli, map_usage, argv);
		}
	}
	if (optind < argc)
		return kl_cli_usage_error(
		    cli, map_usage, "unexpected argument '%s'", argv[optind]);
	if (nbreaks) {
		if (mo.nclasses && mo.nclasses != nbreaks + 1)
			return kl_cli_usage_error(
			    cli, map_usage,
			    "--classes %d needs %d limits in --breaks, got %d",
			    mo.nclasses, mo.nclasses - 1, nbreaks);
		mo.nclasses = nbreaks + 1;
		mo.breaks = breaks;
	}
	kl_error_clear(&err);
	if (values) {
		rc = kl_map_values_read(values, mo.level, mo.region, &vals,
		                        &nvals, &err);
		if (rc)
			return kl_cli_error(cli, &err);
		if (nvals == 0)
			kl_cli_note(cli,
			            "%s has no values; drawing the "
			            "boundaries only",
			            values);
	}
	mo.values = vals;
	mo.nvalues = nvals;
	rc = kl_map_svg(&mo, &svg, &len, &err);
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
