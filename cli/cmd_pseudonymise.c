/*
 * cmd_pseudonymise.c - `kartlagg pseudonymise`: replace the personnummer
 * and initials of an individuals feed by keyed hashes, writing CSV to
 * standard output.  Needs no store.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cmds.h"

static const char pseudo_usage[] =
    "usage: kartlagg pseudonymise --key <file> [-e <enc>] [-d <c>] "
    "<in.csv> > <out.csv>\n";

static const char pseudo_help[] =
    "usage: kartlagg pseudonymise --key <file> [-e <enc>] [-d <c>] "
    "<in.csv> > <out.csv>\n"
    "\n"
    "Check an individuals feed and write it to standard output with the\n"
    "personnummer and initialer columns removed and personnyckel,\n"
    "nyckeltyp and nyckel_id appended: the file an organisation sends to\n"
    "the coordinator. Nothing is written unless every row is valid.\n"
    "\n"
    "  -k, --key <file>         the region's secret key (kartlagg-key(1))\n"
    "  -e, --encoding <enc>     utf-8, windows-1252 or iso-8859-1 (default:\n"
    "                           detect); the output is always UTF-8\n"
    "  -d, --delimiter <c>      ';', ',' or 'tab' (default: detect); the\n"
    "                           output keeps the input's delimiter\n"
    "  -m, --max-errors <n>     report up to n problems (default: 1)\n"
    "  -q, --quiet              no notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-pseudonymise(1) and kartlagg-feeds(5).\n";

static int emit_stdout(void *ctx, const char *text, size_t n)
{
	(void)ctx;
	return fwrite(text, 1, n, stdout) != n || ferror(stdout);
}

static void show_problem(void *ctx, const struct kl_error *e)
{
	kl_cli_error(ctx, e);
}

/* What the command line asks for. */
struct pseudo_args {
	struct kl_feed_opts fo; /* --encoding, --delimiter, --max-errors */
	const char *key_file;   /* --key */
};

/*
 * Pseudonymise the individuals feed path with a (its key loaded from
 * a->key_file) onto stdout and say how the records were keyed; returns
 * the exit status.
 */
static int pseudonymise_file(struct kl_cli *cli, const char *path,
                             const struct pseudo_args *a)
{
	struct kl_feed_opts fo = a->fo;
	struct kl_feed_result r;
	struct kl_error err;
	struct kl_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	rc = kl_cli_check_file_name(cli, path);
	if (rc)
		return rc;
	kl_error_clear(&err);
	if (kl_key_load(a->key_file, &key, &err))
		return kl_cli_error(cli, &err);
	fo.key = &key;
	fo.problem = show_problem;
	fo.ctx = cli;
	char id[KL_KEY_ID_CHARS + 1];
	memcpy(id, key.id, sizeof(id));
	rc = kl_pseudonymise(path, &fo, emit_stdout, NULL, &r, &err);
	kl_key_release(&key);
	if (rc) {
		if (r.problems > 1)
			kl_cli_eprintf(
			    "kartlagg pseudonymise: %lu problems in %s; "
			    "nothing was written\n",
			    r.problems, r.info.name);
		else if (r.problems == 0)
			kl_cli_error(cli, &err);
		return kl_exit_code(err.status);
	}
	/* the output must be complete before saying so */
	rc = kl_cli_finish_stdout(cli, 0);
	if (rc)
		return rc;
	kl_cli_note(cli,
	            "%s: %llu records: %llu with a strong key, %llu with a "
	            "weak key, %llu without a key (key id %s)",
	            r.info.name, r.rows, r.strong_keys, r.weak_keys, r.no_keys,
	            id);
	return 0;
}

/* `kartlagg pseudonymise`: parse, then pseudonymise_file (cmds.h). */
int cmd_pseudonymise(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    {"key", required_argument, NULL, 'k'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"delimiter", required_argument, NULL, 'd'},
	    {"max-errors", required_argument, NULL, 'm'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct pseudo_args a;
	int c, rc;

	memset(&a, 0, sizeof(a));
	while ((c = getopt_long(argc, argv, "k:e:d:m:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			a.key_file = optarg;
			break;
		case 'e':
			if (strcasecmp(optarg, "utf-8") &&
			    strcasecmp(optarg, "windows-1252") &&
			    strcasecmp(optarg, "iso-8859-1"))
				return kl_cli_usage_error(
				    cli, pseudo_usage,
				    "--encoding must be utf-8, windows-1252 "
				    "or iso-8859-1, not '%s'",
				    optarg);
			a.fo.encoding = optarg;
			break;
		case 'd':
			if (!strcmp(optarg, "tab"))
				a.fo.delimiter = '\t';
			else if (!strcmp(optarg, ";") || !strcmp(optarg, ","))
				a.fo.delimiter = optarg[0];
			else
				return kl_cli_usage_error(
				    cli, pseudo_usage,
				    "--delimiter must be ';', ',' or 'tab', "
				    "not "
				    "'%s'",
				    optarg);
			break;
		case 'm':
			rc = kl_cli_max_errors(cli, pseudo_usage, optarg,
			                       &a.fo.max_errors);
			if (rc)
				return rc;
			break;
		case 'q':
			cli->quiet = 1;
			break;
		case 'h':
			return kl_cli_help(pseudo_help);
		default:
			return kl_cli_bad_option(cli, pseudo_usage, argv);
		}
	}
	if (!a.key_file)
		return kl_cli_usage_error(cli, pseudo_usage,
		                          "--key <file> is required");
	if (optind >= argc)
		return kl_cli_usage_error(cli, pseudo_usage,
		                          "no file to pseudonymise");
	if (optind + 1 < argc)
		return kl_cli_usage_error(cli, pseudo_usage,
		                          "one file at a time; unexpected '%s'",
		                          argv[optind + 1]);
	return pseudonymise_file(cli, argv[optind], &a);
}
