/*
 * cmd_sources.c - `kartlagg sources`: list the imports in the store.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char sources_usage[] =
    "usage: kartlagg sources [-s <store>] [--all] [--format text|csv]\n"
    "   or: kartlagg sources [-s <store>] --rounds [--format text|csv] "
    "[<survey>]\n"
    "   or: kartlagg sources [-s <store>] --retire <id>\n";

static const char sources_help[] =
    "usage: kartlagg sources [-s <store>] [--all] [--format text|csv]\n"
    "   or: kartlagg sources [-s <store>] --rounds [--format text|csv] "
    "[<survey>]\n"
    "   or: kartlagg sources [-s <store>] --retire <id>\n"
    "\n"
    "List the imports in the store: id, time, kind, name, rows and the\n"
    "first 12 hex digits of the file's SHA-256; with --rounds, each\n"
    "survey's rounds.\n"
    "\n"
    "  -s, --store <file>     the store (default: $KARTLAGG_STORE, else "
    "kartlagg.db)\n"
    "  -a, --all              also list imports replaced by a later one\n"
    "                         or retired\n"
    "  -r, --rounds           each survey's rounds (or <survey>'s): the\n"
    "                         respondents of each round and the import\n"
    "                         they came from\n"
    "  -R, --retire <id>      retire individuals or survey import <id>:\n"
    "                         its records or rows no longer count, and\n"
    "                         the delivery or rounds it replaced (if any)\n"
    "                         count again\n"
    "  -f, --format <fmt>     text (default) or csv (all columns, full "
    "SHA-256)\n"
    "  -q, --quiet            no notes on stderr\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "See kartlagg-sources(1).\n";

/* A whole number as a CSV field, not the last of its row. */
static void csv_ll(long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	kl_cli_csv_field(buf, 0);
}

/* sources --rounds: survey, round, respondents, import, file, as text or
 * CSV (fmt); the rounds of survey only, unless NULL.  Returns the exit
 * status. */
static int list_rounds(struct kl_cli *cli, const char *survey, int fmt)
{
	struct kl_round *v = NULL;
	struct kl_error err;
	size_t n = 0;
	int rc = kl_cli_open_store(cli, KL_STORE_READ);

	if (rc)
		return rc;
	kl_error_clear(&err);
	if (kl_survey_rounds(cli->store, survey, &v, &n, &err))
		return kl_cli_error(cli, &err);
	if (fmt == KL_FMT_CSV)
		printf("survey,round_var,round,respondents,import_id,name\n");
	else
		printf("%-24s %-10s %11s %6s  %s\n", "survey", "round",
		       "respondents", "import", "name");
	for (size_t i = 0; i < n; i++) {
		const struct kl_round *r = &v[i];
		if (fmt == KL_FMT_CSV) {
			kl_cli_csv_field(r->survey, 0);
			kl_cli_csv_field(r->round_var, 0);
			kl_cli_csv_field(r->round, 0);
			csv_ll(r->rows);
			csv_ll(r->import_id);
			kl_cli_csv_field(r->name, 1);
		} else {
			printf("%-24s %-10s %11lld %6lld  %s\n", r->survey,
			       r->round_var[0] ? r->round : "-", r->rows,
			       r->import_id, r->name);
		}
	}
	kl_rounds_free(v);
	return 0;
}

/* sources --retire <id>: set import id aside and say what counts again;
 * returns the exit status. */
static int retire_import(struct kl_cli *cli, long long retire)
{
	struct kl_retire_result r;
	struct kl_error err;
	int rc;

	kl_error_clear(&err);
	rc = kl_cli_open_store(cli, KL_STORE_WRITE);
	if (rc)
		return rc;
	if (kl_import_retire(cli->store, retire, &r, &err))
		return kl_cli_error(cli, &err);
	kl_cli_note(cli, "retired import %lld (%lld records set aside)", retire,
	            r.rows);
	if (r.restored_id)
		kl_cli_note(cli,
		            "import %lld, which it had replaced, counts "
		            "again%s",
		            r.restored_id,
		            r.restored > 1 ? " (and others: see sources --all)"
		                           : "");
	return 0;
}

/* The imports in the store (the ones replaced or retired too when all),
 * as text or CSV (fmt); returns the exit status. */
static int list_sources(struct kl_cli *cli, int fmt, int all)
{
	struct kl_error err;
	struct kl_source *v = NULL;
	size_t n = 0;
	int rc;

	kl_error_clear(&err);
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		return rc;
	if (kl_store_list_sources(cli->store, &v, &n, &err))
		return kl_cli_error(cli, &err);
	if (fmt == KL_FMT_CSV)
		printf("id,imported_at,kind,name,target,rows,size,encoding,"
		       "delimiter,sha256,kartlagg_version,superseded_by\n");
	else
		printf("%4s  %-20s  %-14s  %-34s %9s  %s\n", "id",
		       "imported (UTC)", "kind", "name", "rows", "sha256");
	for (size_t i = 0; i < n; i++) {
		const struct kl_source *r = &v[i];
		char buf[32];
		if (r->superseded_by && !all)
			continue;
		if (fmt == KL_FMT_CSV) {
			csv_ll(r->id);
			kl_cli_csv_field(r->imported_at, 0);
			kl_cli_csv_field(r->kind, 0);
			kl_cli_csv_field(r->name, 0);
			kl_cli_csv_field(r->target, 0);
			csv_ll(r->rows);
			csv_ll(r->size);
			kl_cli_csv_field(r->encoding, 0);
			kl_cli_csv_field(r->delimiter, 0);
			kl_cli_csv_field(r->sha256, 0);
			kl_cli_csv_field(r->version, 0);
			if (r->superseded_by)
				snprintf(buf, sizeof(buf), "%lld",
				         r->superseded_by);
			else
				buf[0] = 0;
			kl_cli_csv_field(buf, 1);
		} else {
			char st[48] = "";
			if (r->superseded_by == r->id)
				snprintf(st, sizeof(st), "  (retired)");
			else if (r->superseded_by)
				snprintf(st, sizeof(st), "  (replaced by %lld)",
				         r->superseded_by);
			printf("%4lld  %-20s  %-14s  %-34s %9lld  %.12s%s\n",
			       r->id, r->imported_at, r->kind, r->name, r->rows,
			       r->sha256, st);
		}
	}
	free(v);
	return 0;
}

/* `kartlagg sources`: parse, then list_rounds, retire_import or
 * list_sources (cmds.h). */
int cmd_sources(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"all", no_argument, NULL, 'a'},
	    {"format", required_argument, NULL, 'f'},
	    {"retire", required_argument, NULL, 'R'},
	    {"rounds", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c, fmt = KL_FMT_TEXT, all = 0, rounds = 0;
	long long retire = 0;
	char *end;

	while ((c = kl_cli_next_opt(cli, argc, argv, "s:qhaf:R:r", opts)) !=
	       -1) {
		switch (c) {
		case 'h':
			return kl_cli_help(sources_help);
		case 'a':
			all = 1;
			break;
		case 'r':
			rounds = 1;
			break;
		case 'R':
			retire = strtoll(optarg, &end, 10);
			if (*end || end == optarg || retire < 1)
				return kl_cli_usage_error(
				    cli, sources_usage,
				    "--retire takes an import id (a whole "
				    "number from kartlagg sources), not '%s'",
				    optarg);
			break;
		case 'f':
			fmt = kl_cli_parse_format(optarg);
			if (fmt != KL_FMT_TEXT && fmt != KL_FMT_CSV)
				return kl_cli_usage_error(
				    cli, sources_usage,
				    "--format must be text or csv, not '%s'",
				    optarg);
			break;
		default:
			return kl_cli_bad_option(cli, sources_usage, argv);
		}
	}
	if (optind < argc && !(rounds && optind + 1 == argc))
		return kl_cli_usage_error(cli, sources_usage,
		                          "unexpected argument '%s'",
		                          argv[rounds ? optind + 1 : optind]);
	if (rounds && (retire || all))
		return kl_cli_usage_error(cli, sources_usage,
		                          "--rounds lists rounds; it takes no "
		                          "--%s",
		                          retire ? "retire" : "all");
	if (rounds)
		return list_rounds(cli, optind < argc ? argv[optind] : NULL,
		                   fmt);
	if (retire)
		return retire_import(cli, retire);
	return list_sources(cli, fmt, all);
}
