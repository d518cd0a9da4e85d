/*
 * cmd_import.c - `kartlagg import`: load a CSV export into the store, one
 * transaction per file.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmds.h"

static const char import_usage[] =
    "usage: kartlagg import [-s <store>] [--survey <name>] "
    "[--codebook <file>] [--key <vars>] [--replace] [-n] <file.csv>...\n";

static const char import_help[] =
    "usage: kartlagg import [-s <store>] [--survey <name>] "
    "[--codebook <file>] [--key <vars>] [--replace] [-n] <file.csv>...\n"
    "\n"
    "Load survey exports into the store, one transaction per file. Every\n"
    "cell is checked; on any problem nothing of that file is stored.\n"
    "\n"
    "  -s, --store <file>       the store (default: $KARTLAGG_STORE, else\n"
    "                           kartlagg.db); created when missing\n"
    "  -S, --survey <name>      name of the survey in the store (default:\n"
    "                           the file name without its extension)\n"
    "  -c, --codebook <file>    check and type the cells with this codebook\n"
    "                           (kartlagg-codebook(5)); without one, types\n"
    "                           are inferred per column\n"
    "  -k, --key <vars>         respondent key, e.g. year,lopnr: duplicates\n"
    "                           are an error (default: the codebook's nyckel)\n"
    "  -e, --encoding <enc>     utf-8, windows-1252 or iso-8859-1 (default:\n"
    "                           detect)\n"
    "  -d, --delimiter <c>      ';', ',' or 'tab' (default: detect)\n"
    "  -r, --replace            replace an earlier import of the same survey\n"
    "  -m, --max-errors <n>     report up to n problems before stopping\n"
    "                           (default: 1); nothing is stored either way\n"
    "  -n, --dry-run            validate only; the store is not changed\n"
    "  -q, --quiet              no progress line or notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-import(1) and kartlagg-codebook(5).\n";

struct progress {
	const struct kl_cli *cli;
	const char *name;
	time_t start;
	int shown;
};

/* A progress line on stderr, only when it is a terminal and the file takes
 * more than a second. */
static int show_progress(void *ctx, unsigned long long done,
                         unsigned long long total)
{
	struct progress *p = ctx;
	if (p->cli->quiet || !p->cli->stderr_tty)
		return 0;
	if (!p->shown && time(NULL) - p->start < 1)
		return 0;
	p->shown = 1;
	fprintf(stderr, "\rkartlagg import: %s: %3.0f%%", p->name,
	        total ? 100.0 * (double)done / (double)total : 100.0);
	return 0;
}

static void show_problem(void *ctx, const struct kl_error *e)
{
	struct progress *p = ctx;
	if (p->shown) {
		fputc('\n', stderr);
		p->shown = 0;
	}
	kl_cli_error(p->cli, e);
}

static int parse_delimiter(const char *s)
{
	if (!strcmp(s, "tab") || !strcmp(s, "\\t") || !strcmp(s, "\t"))
		return '\t';
	if (strlen(s) == 1 && (*s == ';' || *s == ',' || *s == '|'))
		return *s;
	return -1;
}

int cmd_import(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"survey", required_argument, NULL, 'S'},
	    {"codebook", required_argument, NULL, 'c'},
	    {"key", required_argument, NULL, 'k'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"delimiter", required_argument, NULL, 'd'},
	    {"replace", no_argument, NULL, 'r'},
	    {"max-errors", required_argument, NULL, 'm'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	struct kl_import_opts o;
	int c, rc = 0;
	char *end;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "s:qhS:c:k:e:d:rm:n", opts,
	                        NULL)) != -1) {
		if (kl_cli_common_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h':
			return kl_cli_help(import_help);
		case 'S':
			o.survey = optarg;
			break;
		case 'c':
			o.codebook = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'e':
			o.encoding = optarg;
			break;
		case 'd':
			o.delimiter = parse_delimiter(optarg);
			if (o.delimiter < 0)
				return kl_cli_usage_error(
				    cli, import_usage,
				    "--delimiter must be ';', ',', '|' or "
				    "'tab', not '%s'",
				    optarg);
			break;
		case 'r':
			o.replace = 1;
			break;
		case 'm': {
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000000)
				return kl_cli_usage_error(
				    cli, import_usage,
				    "--max-errors takes a whole number "
				    "from 1 to 1000000, not '%s'",
				    optarg);
			o.max_errors = (unsigned)v;
			break;
		}
		case 'n':
			o.dry_run = 1;
			break;
		default:
			return kl_cli_bad_option(cli, import_usage, argv);
		}
	}
	if (optind >= argc)
		return kl_cli_usage_error(cli, import_usage,
		                          "no file to import");
	if (o.survey && argc - optind > 1)
		return kl_cli_usage_error(cli, import_usage,
		                          "--survey names one survey; import "
		                          "one file at a time with it");
	if (o.encoding && strcasecmp(o.encoding, "utf-8") &&
	    strcasecmp(o.encoding, "utf8") &&
	    strcasecmp(o.encoding, "windows-1252") &&
	    strcasecmp(o.encoding, "cp1252") &&
	    strcasecmp(o.encoding, "iso-8859-1") &&
	    strcasecmp(o.encoding, "latin1"))
		return kl_cli_usage_error(cli, import_usage,
		                          "--encoding must be utf-8, "
		                          "windows-1252 or iso-8859-1, not "
		                          "'%s'",
		                          o.encoding);
	rc = kl_cli_open_store(cli,
	                       o.dry_run ? KL_STORE_WRITE : KL_STORE_CREATE);
	if (rc)
		return rc;

	for (int i = optind; i < argc; i++) {
		struct kl_import_result res;
		struct kl_error err;
		struct progress p = {cli, argv[i], time(NULL), 0};

		kl_error_clear(&err);
		o.progress = show_progress;
		o.problem = show_problem;
		o.ctx = &p;
		int r = kl_import_survey(cli->store, argv[i], &o, &res, &err);
		if (p.shown)
			fputc('\n', stderr);
		if (r) {
			/* problems were printed as they were found */
			if (res.problems > 1)
				fprintf(stderr,
				        "kartlagg import: %lu problems in "
				        "%s; nothing of it was stored\n",
				        res.problems, res.info.name);
			else if (res.problems == 0)
				kl_cli_error(cli, &err);
			return kl_exit_code(err.status);
		}
		if (res.existing_id) {
			kl_cli_note(cli,
			            "%s is already in the store (import "
			            "%lld, same SHA-256); nothing to do",
			            res.info.name, res.existing_id);
			continue;
		}
		if (o.dry_run) {
			kl_cli_note(cli,
			            "%s: %llu rows, %s, delimiter %s: valid "
			            "(dry run, nothing stored)",
			            res.info.name, res.rows, res.info.encoding,
			            res.info.delimiter_name);
			continue;
		}
		kl_cli_note(cli,
		            "%s: imported %llu rows as survey '%s' (import "
		            "%lld, %s, delimiter %s)%s",
		            res.info.name, res.rows, res.survey, res.import_id,
		            res.info.encoding, res.info.delimiter_name,
		            res.replaced_id ? "; replaced the earlier import"
		                            : "");
	}
	return 0;
}
