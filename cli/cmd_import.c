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
    "usage: kartlagg import [-s <store>] [--kind <feed>] [--key-file <file>] "
    "[--survey <name>] [--codebook <file>] [--key <vars>] "
    "[--nine-digit-codes <cols>] [--round <var>] [--replace-round] "
    "[--replace] [-n] <file>...\n";

static const char import_help[] =
    "usage: kartlagg import [-s <store>] [--kind <feed>] [--key-file <file>] "
    "[--survey <name>] [--codebook <file>] [--key <vars>] "
    "[--nine-digit-codes <cols>] [--round <var>] [--replace-round] "
    "[--replace] [-n] <file>...\n"
    "\n"
    "Load survey exports, police, Brå SOL and individuals feeds and SCB\n"
    "population exports into the store, one transaction per file. Every\n"
    "cell is checked; on any problem nothing of that file is stored. A feed\n"
    "is known by its header. A survey export for a survey already in the\n"
    "store is a new round of it: its rows are added when its columns are\n"
    "the survey's.\n"
    "\n"
    "Each <file> is a CSV or text export (.csv, .txt: surveys, feeds, SCB\n"
    "and Brå downloads), an SPSS .sav or .zsav file, a Stata .dta file or a\n"
    "PC-Axis .px file; the kind is known from the name and the header.\n"
    "\n"
    "  -s, --store <file>       the store (default: $KARTLAGG_STORE, else\n"
    "                           kartlagg.db); created when missing\n"
    "  -K, --kind <feed>        police, bra-sol, individuals, scb-population\n"
    "                           or survey\n"
    "                           (default: from the header; else a survey)\n"
    "  -p, --key-file <file>    secret key that replaces the personnummer\n"
    "                           and initials of an individuals feed by\n"
    "                           keyed hashes (kartlagg-key(1))\n"
    "  -u, --unknown-codes <how>  error (default) or other: count unknown\n"
    "                           brottskoder as 'ovrigt', with a warning\n"
    "  -S, --survey <name>      name of the survey in the store (default:\n"
    "                           the file name without its extension)\n"
    "  -c, --codebook <file>    check and type the cells with this codebook\n"
    "                           (kartlagg-codebook(5)); without one, types\n"
    "                           are inferred per column\n"
    "  -k, --key <vars>         survey respondent key, e.g. year,lopnr:\n"
    "                           duplicates are an error (default: the\n"
    "                           codebook's nyckel)\n"
    "  -N, --nine-digit-codes <cols>  columns (e.g. skolkod,orgnr) that\n"
    "                           hold other 9-digit codes: 9 digits there\n"
    "                           are not taken for a personnummer whose\n"
    "                           leading 0 was dropped (every other form\n"
    "                           still is refused)\n"
    "  -e, --encoding <enc>     utf-8, windows-1252 or iso-8859-1 (default:\n"
    "                           detect)\n"
    "  -d, --delimiter <c>      ';', ',' or 'tab' (default: detect)\n"
    "      --round <var>        the survey variable whose values are its\n"
    "                           rounds, e.g. year: recorded with the survey\n"
    "                           (default for a survey in the store: the one\n"
    "                           recorded, else its saved designs' --over)\n"
    "      --replace-round      a file for a survey in the store replaces\n"
    "                           the rows of the rounds it holds (without it\n"
    "                           a round the survey has is refused)\n"
    "  -r, --replace            replace an earlier import of the same survey,\n"
    "                           an individuals delivery of the same\n"
    "                           organisation and period, or SCB\n"
    "                           population cells already stored\n"
    "  -m, --max-errors <n>     report up to n problems before stopping\n"
    "                           (default: 1); nothing is stored either way\n"
    "  -n, --dry-run            validate only; the store is not changed\n"
    "                           (nor created when it is missing)\n"
    "  -q, --quiet              no progress line or notes on stderr\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "See kartlagg-import(1), kartlagg-feeds(5) and kartlagg-codebook(5).\n";

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
	kl_cli_eprintf("\rkartlagg import: %s: %3.0f%%", p->name,
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

/* Notes after an SCB population export was imported. */
static void scb_done(const struct kl_cli *cli, const struct kl_feed_opts *fo,
                     const struct kl_feed_result *r, const char *verb,
                     const char *imp)
{
	char years[16];

	if (r->name_mismatch)
		kl_cli_warn(cli,
		            "%s:%lu: %llu region cell%s name%s another region "
		            "than kartlagg's table has for the code (the "
		            "first on this line); the code was used",
		            r->info.name, r->name_line, r->name_mismatch,
		            r->name_mismatch == 1 ? "" : "s",
		            r->name_mismatch == 1 ? "s" : "");
	if (r->year_min == r->year_max)
		snprintf(years, sizeof(years), "%d", r->year_min);
	else
		snprintf(years, sizeof(years), "%d-%d", r->year_min,
		         r->year_max);
	kl_cli_note(cli,
	            "%s: %s %llu population cells from %llu lines%s (%s, "
	            "delimiter %s), years %s: %llu riket, %llu län, %llu "
	            "kommun; %llu given as '..'",
	            r->info.name, verb, r->cells, r->rows, imp,
	            r->info.encoding, r->info.delimiter_name, years,
	            r->level_cells[KL_LEVEL_RIKET],
	            r->level_cells[KL_LEVEL_LAN],
	            r->level_cells[KL_LEVEL_KOMMUN], r->missing_cells);
	if (r->merged_cells || r->merged_skipped)
		kl_cli_note(
		    cli,
		    "%s: %llu län cells before the mergers summed into "
		    "Skåne (12, from 11 and 12) or Västra Götaland (14, "
		    "from 14, 15 and 16), recorded in merged_from; %llu "
		    "'..' cells where those län did not exist skipped",
		    r->info.name, r->merged_cells, r->merged_skipped);
	if (r->replaced)
		kl_cli_note(cli, "%s: %llu cells %s earlier imports",
		            r->info.name, r->replaced,
		            fo->dry_run ? "would supersede those of"
		                        : "superseded those of");
	if (r->year_max >= 2025)
		kl_cli_note(cli,
		            "%s: SCB perturbs population from reference year "
		            "2025 (cell-key method), so a län need not equal "
		            "the sum of its kommuner; kartlagg keeps each "
		            "level's own rows and never sums one into another",
		            r->info.name);
}

/* Notes and warnings after a feed was imported. */
static void feed_done(const struct kl_cli *cli, const struct kl_feed_opts *fo,
                      const struct kl_feed_result *r)
{
	const char *verb = fo->dry_run ? "checked" : "imported";
	char imp[48] = " in a dry run, nothing stored";

	if (r->unknown_codes)
		kl_cli_warn(cli,
		            "%s:%lu: %llu row%s with brottskoder kartlagg does "
		            "not know, counted as 'ovrigt' (the first on this "
		            "line)",
		            r->info.name, r->unknown_line, r->unknown_codes,
		            r->unknown_codes == 1 ? "" : "s");
	if (r->outside_validity)
		kl_cli_warn(
		    cli,
		    "%s:%lu: brottskod %s used in %d, outside its years "
		    "of validity (kartlagg-feeds(5)); %llu row%s in all",
		    r->info.name, r->outside_line, r->outside_code,
		    r->outside_year, r->outside_validity,
		    r->outside_validity == 1 ? "" : "s");
	if (!fo->dry_run)
		snprintf(imp, sizeof(imp), " as import %lld", r->import_id);
	switch (r->kind) {
	case KL_FEED_POLICE:
		kl_cli_note(cli,
		            "%s: %s %llu police cases%s (%s, delimiter %s); "
		            "%llu of them %s an earlier extract",
		            r->info.name, verb, r->rows, imp, r->info.encoding,
		            r->info.delimiter_name, r->updated,
		            fo->dry_run ? "would update" : "updated");
		if (r->replaced_id)
			kl_cli_note(
			    cli,
			    "%s: %s the earlier extract for its period "
			    "(import %lld): %llu case%s it no longer has "
			    "set aside in police_case_history",
			    r->info.name,
			    fo->dry_run ? "would replace" : "replaced",
			    r->replaced_id, r->replaced,
			    r->replaced == 1 ? "" : "s");
		break;
	case KL_FEED_BRA_SOL:
		kl_cli_note(cli,
		            "%s: %s %llu Brå SOL rows%s (%s, delimiter %s); "
		            "%llu rows with '..' skipped",
		            r->info.name, verb, r->rows - r->skipped, imp,
		            r->info.encoding, r->info.delimiter_name,
		            r->skipped);
		break;
	case KL_FEED_INDIVIDUALS:
		kl_cli_note(cli,
		            "%s: %s %llu records of individuals%s (%s, "
		            "delimiter %s): %llu with a strong key, %llu with "
		            "a weak key, %llu without a key%s%s",
		            r->info.name, verb, r->rows, imp, r->info.encoding,
		            r->info.delimiter_name, r->strong_keys,
		            r->weak_keys, r->no_keys,
		            r->key_id[0] ? "; key id " : "", r->key_id);
		if (r->replaced_id)
			kl_cli_note(
			    cli,
			    "%s: %s the earlier delivery of the same "
			    "organisation and period (import %lld; %llu "
			    "records set aside, kartlagg sources --all "
			    "lists it)",
			    r->info.name,
			    fo->dry_run ? "would replace" : "replaced",
			    r->replaced_id, r->replaced);
		break;
	case KL_FEED_SCB_POPULATION:
		scb_done(cli, fo, r, verb, imp);
		break;
	case KL_FEED_UNKNOWN:
		break;
	}
}

static void feed_problem(void *ctx, const struct kl_error *e)
{
	kl_cli_error(ctx, e);
}

/*
 * A failed import of the file `name`: its problems were printed as they
 * were found, so say how many there were, or print err when there were
 * none.  Returns the exit status for err.
 */
static int import_failed(struct kl_cli *cli, unsigned long problems,
                         const char *name, const struct kl_error *err)
{
	if (problems > 1)
		kl_cli_eprintf("kartlagg import: %lu problems in %s; nothing "
		               "of it was stored\n",
		               problems, name);
	else if (problems == 0)
		kl_cli_error(cli, err);
	return kl_exit_code(err->status);
}

/* Import one feed file; returns an exit status. */
static int import_feed(struct kl_cli *cli, const char *path,
                       struct kl_feed_opts *fo)
{
	struct kl_feed_result r;
	struct kl_error err;

	kl_error_clear(&err);
	fo->problem = feed_problem;
	fo->ctx = cli;
	if (kl_import_feed(cli->store, path, fo, &r, &err))
		return import_failed(cli, r.problems, r.info.name, &err);
	if (r.existing_id) {
		kl_cli_note(cli,
		            "%s is already in the store (import %lld, same "
		            "SHA-256); nothing to do",
		            r.info.name, r.existing_id);
		return 0;
	}
	feed_done(cli, fo, &r);
	return 0;
}

enum { OPT_ROUND = 256, OPT_REPLACE_ROUND };

/* What the command line asks for. */
struct import_args {
	struct kl_import_opts o;
	struct kl_feed_opts fo;
	const char *key_file; /* --key-file, or NULL */
	int survey_only;      /* --kind survey */
	int kind_given;       /* --kind */
};

/*
 * Import's own option c (getopt's return, not 'h') with argument arg into
 * a.  Returns 0 when it is good, the usage error printed and 64 when it is
 * not, or -1 when c is not one of import's options.
 */
static int import_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct import_args *a = ctx;

	struct kl_import_opts *o = &a->o;
	struct kl_feed_opts *fo = &a->fo;

	switch (c) {
	case 'K':
		a->kind_given = 1;
		if (strcmp(arg, "survey") == 0) {
			a->survey_only = 1;
			return 0;
		}
		fo->kind = kl_feed_parse_name(arg);
		if (fo->kind == KL_FEED_UNKNOWN)
			return kl_cli_usage_error(
			    cli, import_usage,
			    "--kind must be police, bra-sol, individuals, "
			    "scb-population or survey, not '%s'",
			    arg);
		return 0;
	case 'p':
		a->key_file = arg;
		return 0;
	case 'u':
		if (strcmp(arg, "other") == 0)
			fo->unknown_other = 1;
		else if (strcmp(arg, "error") != 0)
			return kl_cli_usage_error(
			    cli, import_usage,
			    "--unknown-codes must be error "
			    "or other, not '%s'",
			    arg);
		return 0;
	case 'S':
		o->survey = arg;
		return 0;
	case 'c':
		o->codebook = arg;
		return 0;
	case 'k':
		o->key = arg;
		return 0;
	case 'N':
		o->nine_digit_codes = arg;
		fo->nine_digit_codes = arg;
		return 0;
	case 'e':
		o->encoding = arg;
		return 0;
	case 'd':
		o->delimiter = parse_delimiter(arg);
		if (o->delimiter < 0)
			return kl_cli_usage_error(
			    cli, import_usage,
			    "--delimiter must be ';', ',', "
			    "'|' or 'tab', not '%s'",
			    arg);
		return 0;
	case 'r':
		o->replace = 1;
		return 0;
	case OPT_ROUND:
		o->round = arg;
		return 0;
	case OPT_REPLACE_ROUND:
		o->replace_round = 1;
		return 0;
	case 'm':
		return kl_cli_max_errors(cli, import_usage, arg,
		                         &o->max_errors);
	case 'n':
		o->dry_run = 1;
		return 0;
	}
	return -1;
}

/*
 * Check the options read into a against each other and the files
 * (argv[optind..]), and copy the ones feeds share into a->fo.  Returns -1
 * to go on, or the exit status of the usage error (printed).
 */
static int import_check(const struct kl_cli *cli, int argc,
                        struct import_args *a)
{
	struct kl_import_opts *o = &a->o;
	struct kl_feed_opts *fo = &a->fo;

	if (optind >= argc)
		return kl_cli_usage_error(cli, import_usage,
		                          "no file to import");
	if (o->survey && argc - optind > 1)
		return kl_cli_usage_error(cli, import_usage,
		                          "--survey names one survey; import "
		                          "one file at a time with it");
	if (o->encoding && strcasecmp(o->encoding, "utf-8") &&
	    strcasecmp(o->encoding, "utf8") &&
	    strcasecmp(o->encoding, "windows-1252") &&
	    strcasecmp(o->encoding, "cp1252") &&
	    strcasecmp(o->encoding, "iso-8859-1") &&
	    strcasecmp(o->encoding, "latin1"))
		return kl_cli_usage_error(cli, import_usage,
		                          "--encoding must be utf-8, "
		                          "windows-1252 or iso-8859-1, not "
		                          "'%s'",
		                          o->encoding);
	if (fo->kind != KL_FEED_UNKNOWN &&
	    (o->survey || o->codebook || o->key || o->round ||
	     o->replace_round ||
	     (o->replace && fo->kind != KL_FEED_SCB_POPULATION &&
	      fo->kind != KL_FEED_INDIVIDUALS)))
		return kl_cli_usage_error(cli, import_usage,
		                          "--survey, --codebook, --key, "
		                          "--round, --replace-round and "
		                          "--replace are for surveys%s, not a "
		                          "%s feed",
		                          o->replace ? ", individuals and "
		                                       "scb-population"
		                                     : "",
		                          kl_feed_name(fo->kind));
	fo->encoding = o->encoding;
	fo->delimiter = o->delimiter;
	fo->dry_run = o->dry_run;
	fo->replace = o->replace;
	fo->max_errors = o->max_errors;
	return -1;
}

/*
 * Parse and check the options into *a (the files are argv[optind..]).
 * Returns -1 to go on, or the exit status when the command is done
 * (--help, a usage error, which is printed).
 */
static int parse_args(int argc, char **argv, struct kl_cli *cli,
                      struct import_args *a)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"kind", required_argument, NULL, 'K'},
	    {"key-file", required_argument, NULL, 'p'},
	    {"unknown-codes", required_argument, NULL, 'u'},
	    {"survey", required_argument, NULL, 'S'},
	    {"codebook", required_argument, NULL, 'c'},
	    {"key", required_argument, NULL, 'k'},
	    {"nine-digit-codes", required_argument, NULL, 'N'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"delimiter", required_argument, NULL, 'd'},
	    {"replace", no_argument, NULL, 'r'},
	    {"round", required_argument, NULL, OPT_ROUND},
	    {"replace-round", no_argument, NULL, OPT_REPLACE_ROUND},
	    {"max-errors", required_argument, NULL, 'm'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	int rc;

	memset(a, 0, sizeof(*a));
	rc = kl_cli_read_opts(cli, argc, argv, "s:qhK:p:u:S:c:k:N:e:d:rm:n",
	                      opts, import_help, import_usage, import_opt, a);
	if (rc >= 0)
		return rc;
	return import_check(cli, argc, a);
}

/* Say what the survey import `res` (with o) did. */
static void survey_done(const struct kl_cli *cli,
                        const struct kl_import_opts *o,
                        const struct kl_import_result *res)
{
	if (res->existing_id) {
		kl_cli_note(cli,
		            "%s is already in the store (import "
		            "%lld, same SHA-256); nothing to do",
		            res->info.name, res->existing_id);
		return;
	}
	if (o->dry_run) {
		kl_cli_note(cli,
		            "%s: %llu rows, %s, delimiter %s: valid "
		            "(dry run, nothing stored)",
		            res->info.name, res->rows, res->info.encoding,
		            res->info.delimiter_name);
		return;
	}
	if (res->appended) {
		char rep[160] = "";
		if (res->replaced_rows)
			snprintf(rep, sizeof(rep),
			         "; replaced %llu earlier rows of these "
			         "rounds (import %lld)",
			         res->replaced_rows, res->replaced_round_id);
		kl_cli_note(cli,
		            "%s: imported %llu rows as round%s %s of "
		            "survey '%s' (import %lld, %s, delimiter "
		            "%s)%s",
		            res->info.name, res->rows,
		            strchr(res->rounds, ',') ? "s" : "", res->rounds,
		            res->survey, res->import_id, res->info.encoding,
		            res->info.delimiter_name, rep);
		return;
	}
	kl_cli_note(cli,
	            "%s: imported %llu rows as survey '%s' (import "
	            "%lld, %s, delimiter %s)%s",
	            res->info.name, res->rows, res->survey, res->import_id,
	            res->info.encoding, res->info.delimiter_name,
	            res->replaced_id ? "; replaced the earlier import" : "");
}

/*
 * Import one survey file (or SPSS/Stata file) with o and print what was
 * done; returns an exit status.
 */
static int import_survey_file(struct kl_cli *cli, const char *path,
                              struct kl_import_opts *o)
{
	struct kl_import_result res;
	struct kl_error err;
	struct progress p = {cli, path, time(NULL), 0};

	kl_error_clear(&err);
	o->progress = show_progress;
	o->problem = show_problem;
	o->ctx = &p;
	int r = kl_import_survey(cli->store, path, o, &res, &err);
	if (p.shown)
		fputc('\n', stderr);
	if (r)
		return import_failed(cli, res.problems, res.info.name, &err);
	survey_done(cli, o, &res);
	return 0;
}

int cmd_import(int argc, char **argv, struct kl_cli *cli)
{
	struct import_args a;
	struct kl_key key;
	int rc = parse_args(argc, argv, cli, &a);

	if (rc >= 0)
		return rc;
	rc = 0;
	memset(&key, 0, sizeof(key));
	if (a.key_file) {
		struct kl_error err;
		kl_error_clear(&err);
		if (kl_key_load(a.key_file, &key, &err))
			return kl_cli_error(cli, &err);
		a.fo.key = &key;
	}
	rc = kl_cli_open_store(cli, a.o.dry_run ? KL_STORE_SCRATCH
	                                        : KL_STORE_CREATE);
	if (rc)
		goto out;

	for (int i = optind; i < argc; i++) {
		rc = kl_cli_check_file_name(cli, argv[i]);
		if (rc)
			goto out;
	}
	for (int i = optind; i < argc; i++) {
		struct kl_error err;
		enum kl_feed_kind kind = a.fo.kind;

		kl_error_clear(&err);
		if (!a.survey_only && !a.kind_given) {
			/* a file that cannot be read goes to the survey
			 * import, which says why */
			if (kl_feed_detect_file(argv[i], a.o.encoding,
			                        a.o.delimiter, &kind, &err))
				kind = KL_FEED_UNKNOWN;
			kl_error_clear(&err);
		}
		if (kind != KL_FEED_UNKNOWN) {
			struct kl_feed_opts one = a.fo;
			one.kind = kind;
			rc = import_feed(cli, argv[i], &one);
		} else {
			rc = import_survey_file(cli, argv[i], &a.o);
		}
		if (rc)
			goto out;
	}
out:
	kl_key_release(&key);
	return rc;
}
