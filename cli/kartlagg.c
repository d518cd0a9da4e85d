/*
 * kartlagg.c - main(): global options, the command table, dispatch.
 *
 * Like git.c: a sorted table maps each subcommand to cmd_<name>() in
 * cli/cmd_<name>.c; every command has the same signature and returns its
 * exit status.  main() ends with a checked flush of stdout.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"

struct kl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct kl_cli *cli);
	const char *summary;
};

/* Keep sorted. */
static const struct kl_cmd commands[] = {
    {"calibrate", cmd_calibrate,
     "calibrate survey weights to population totals"},
    {"count", cmd_count, "count persons or reported offences from the feeds"},
    {"estimate", cmd_estimate, "design-based prevalence with CIs"},
    {"import", cmd_import, "load a CSV export into the store"},
    {"key", cmd_key, "make or check a pseudonymisation key"},
    {"map", cmd_map, "draw a map of kommuner or län as SVG"},
    {"mse", cmd_mse, "estimate the hidden total from overlapping lists"},
    {"pseudonymise", cmd_pseudonymise,
     "replace personnummer by keyed hashes in a feed"},
    {"report", cmd_report, "build the council appendix from a report file"},
    {"sources", cmd_sources, "list the imports in the store"},
};

static const char main_usage[] =
    "usage: kartlagg [-s <store>] [-q] <command> [<args>]\n";

static void print_help(void)
{
	printf("%s\n", main_usage);
	printf("Map commercial sexual exploitation from survey, police and "
	       "service exports.\n\n");
	printf("  -s, --store <file>   the store (default: $KARTLAGG_STORE, "
	       "else kartlagg.db)\n");
	printf("  -q, --quiet          no progress or notes on stderr\n");
	printf("  -h, --help           show this help and exit\n");
	printf("      --version        show the version and exit\n\n");
	printf("Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-12s %s\n", commands[i].name, commands[i].summary);
	printf("\nRun 'kartlagg help <command>' for a command's options. "
	       "See kartlagg(1).\n");
}

static const struct kl_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int run_cmd(const struct kl_cmd *c, int argc, char **argv,
                   struct kl_cli *cli)
{
	cli->cmd = c->name;
	optind = 0; /* reset getopt for the subcommand (GNU: full reinit) */
	opterr = 0; /* unknown options are reported by kl_cli_bad_option */
	int rc = c->fn(argc, argv, cli);
	kl_store_close(cli->store);
	cli->store = NULL;
	return kl_cli_finish_stdout(cli, rc);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"store", required_argument, NULL, 's'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct kl_cli cli = {0};
	struct kl_error err;
	int c;

	kl_error_clear(&err);
	if (kl_init(&err))
		return kl_cli_error(&cli, &err);
	cli.store_path = getenv("KARTLAGG_STORE");
	if (!cli.store_path || !*cli.store_path)
		cli.store_path = "kartlagg.db";
	cli.stderr_tty = isatty(2);

	/* '+': stop at the first non-option, the command name. */
	while ((c = getopt_long(argc, argv, "+s:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'q':
			kl_cli_common_opt(&cli, c, optarg);
			break;
		case 'h':
			print_help();
			return kl_cli_finish_stdout(&cli, 0);
		case 'V':
			printf("kartlagg %s\n", KL_VERSION);
			return kl_cli_finish_stdout(&cli, 0);
		default:
			fputs(main_usage, stderr);
			fputs("error: unknown global option\n", stderr);
			return KL_EX_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(main_usage, stderr);
		fputs("error: no command given (try 'kartlagg --help')\n",
		      stderr);
		return KL_EX_USAGE;
	}
	const char *name = argv[optind];
	if (strcmp(name, "help") == 0) {
		if (optind + 1 >= argc) {
			print_help();
			return kl_cli_finish_stdout(&cli, 0);
		}
		const struct kl_cmd *hc = find_cmd(argv[optind + 1]);
		if (!hc) {
			fputs(main_usage, stderr);
			kl_cli_eprintf("error: unknown command '%s'\n",
			               argv[optind + 1]);
			return KL_EX_USAGE;
		}
		char *hargv[] = {(char *)hc->name, "--help", NULL};
		return run_cmd(hc, 2, hargv, &cli);
	}
	if (strcmp(name, "version") == 0) {
		printf("kartlagg %s\n", KL_VERSION);
		return kl_cli_finish_stdout(&cli, 0);
	}
	const struct kl_cmd *cmd = find_cmd(name);
	if (!cmd) {
		fputs(main_usage, stderr);
		kl_cli_eprintf("error: unknown command '%s'\n", name);
		return KL_EX_USAGE;
	}
	return run_cmd(cmd, argc - optind, argv + optind, &cli);
}
