/*
 * cli.h - what every subcommand shares: the global options, the store
 * handle, and the one place that turns a kl_status into a message and an
 * exit code.  Only cli/ prints; the library fills struct kl_error.
 */
#ifndef KL_CLI_H
#define KL_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "kartlagg/kartlagg.h"

struct kl_cli {
	const char *cmd;        /* "import", or "kartlagg" before dispatch */
	const char *store_path; /* -s/--store, $KARTLAGG_STORE, kartlagg.db */
	struct kl_store *store; /* opened by kl_cli_open_store() */
	int quiet;              /* -q: no progress or notes on stderr */
	int stderr_tty;         /* stderr is a terminal (progress allowed) */
};

/* sysexits numbers; the table is in kartlagg(1), EXIT STATUS. */
enum {
	KL_EX_OK = 0,
	KL_EX_USAGE = 64,
	KL_EX_DATAERR = 65,
	KL_EX_NOINPUT = 66,
	KL_EX_UNAVAILABLE = 69,
	KL_EX_SOFTWARE = 70,
	KL_EX_OSERR = 71,
	KL_EX_CANTCREAT = 73,
	KL_EX_IOERR = 74,
	KL_EX_TEMPFAIL = 75,
	KL_EX_CONFIG = 78,
};

/* The exit status for a library status (one table, no default case). */
int kl_exit_code(enum kl_status s);

/*
 * Every message on stderr goes through here: the formatted text, with
 * every personnummer kl_pnr_redact() finds in it (a path, a header, a
 * cell quoted) replaced by its mask, is written in one piece.  Out of
 * memory, a line saying so is written instead, never the raw text.
 */
void kl_cli_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Print "kartlagg <cmd>: error: [path:line:column: ]msg" on stderr and
 * return the exit code for err->status.
 */
int kl_cli_error(const struct kl_cli *cli, const struct kl_error *err);

/* "kartlagg <cmd>: warning: ..." on stderr (even with -q). */
void kl_cli_warn(const struct kl_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "kartlagg <cmd>: ..." on stderr unless -q. */
void kl_cli_note(const struct kl_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A usage error: print the usage line and "error: ..." on stderr and
 * return 64.
 */
int kl_cli_usage_error(const struct kl_cli *cli, const char *usage,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Handle the options every subcommand accepts (-s/--store, -q/--quiet);
 * returns 1 when `c` was one of them.  Subcommands list KL_CLI_COMMON_OPTS
 * in their option table and "s:q" in their short options.
 */
int kl_cli_common_opt(struct kl_cli *cli, int c, const char *arg);
#define KL_CLI_COMMON_OPTS                                                     \
	{"store", required_argument, NULL, 's'},                               \
	    {"quiet", no_argument, NULL, 'q'},                                 \
	{                                                                      \
		"help", no_argument, NULL, 'h'                                 \
	}

/*
 * getopt_long returned '?': an unknown option or one missing its argument.
 * Prints the usage line and "error: ..." naming it; returns 64.  (The
 * dispatcher sets opterr = 0 so getopt itself prints nothing.)
 */
int kl_cli_bad_option(const struct kl_cli *cli, const char *usage, char **argv);

/*
 * The options calibrate and estimate share: the stored population's
 * --map <var>=<dim>[:<code>=<value>,...] (repeatable), its level (named
 * "level" or "pop-level": kommun, lan or riket), --year (>= 1), and
 * -f/--format.  List KL_CLI_POP_OPTS(level option) in the option table and
 * "f:" in the short options; kl_cli_pop_init first, kl_cli_pop_opt for
 * every option, kl_cli_pop_release at the end.
 */
enum { KL_CLI_OPT_MAP = 0x1000, KL_CLI_OPT_POP_LEVEL, KL_CLI_OPT_YEAR };
#define KL_CLI_POP_OPTS(levelopt)                                              \
	{"map", required_argument, NULL, KL_CLI_OPT_MAP},                      \
	    {levelopt, required_argument, NULL, KL_CLI_OPT_POP_LEVEL},         \
	    {"year", required_argument, NULL, KL_CLI_OPT_YEAR},                \
	{                                                                      \
		"format", required_argument, NULL, 'f'                         \
	}
struct kl_cli_pop {
	const char *levelopt;    /* "level" or "pop-level", for messages */
	struct kl_pop_map *maps; /* room for one per argument */
	size_t nmaps;
	const char *level; /* NULL until given */
	long year;         /* 0 until given */
	int fmt;           /* enum kl_cli_format, KL_FMT_TEXT until given */
};

/* Set up p for argc arguments; -1 when out of memory (p is then still
 * safe to release). */
int kl_cli_pop_init(struct kl_cli_pop *p, const char *levelopt, int argc);

/* Free the maps p holds. */
void kl_cli_pop_release(struct kl_cli_pop *p);

/*
 * Option c (getopt's return) with argument arg: -1 when c is not one of
 * KL_CLI_POP_OPTS; else 0 when arg is good (stored in p), or the usage
 * error printed and 64.
 */
int kl_cli_pop_opt(const struct kl_cli *cli, const char *usage, int c,
                   const char *arg, struct kl_cli_pop *p);

/*
 * All of s read as a whole number (strtol, base 10) into *v: 0 when s is
 * one, -1 when s is empty or anything follows the digits (*v then holds
 * what strtol read).  Range checks are the caller's.
 */
int kl_cli_parse_long(const char *s, long *v);

/* The same for a number (strtod): 0 when all of s is one, else -1. */
int kl_cli_parse_double(const char *s, double *v);

/*
 * --max-errors <n> (import, pseudonymise): a whole number from 1 to
 * 1000000 into *out and 0; else the usage error printed and 64.
 */
int kl_cli_max_errors(const struct kl_cli *cli, const char *usage,
                      const char *arg, unsigned *out);

/* A number as a CSV field on stdout: %.17g, nothing for NaN or an
 * infinity (an empty field); then ',' or, for the last field, '\n'. */
void kl_cli_csv_num(double x, int last);

/* Report running out of memory; returns 71. */
int kl_cli_oom(const struct kl_cli *cli);

/* Open cli->store (flags as kl_store_open); prints and returns an exit
 * code on failure, 0 on success. */
int kl_cli_open_store(struct kl_cli *cli, int flags);

/*
 * Refuse a file whose name holds a personnummer (it would be stored as the
 * import's name and shown in messages): prints a masked error and returns
 * 65, else 0.
 */
int kl_cli_check_file_name(const struct kl_cli *cli, const char *path);

/* Print help text to stdout and return 0. */
int kl_cli_help(const char *text);

/* Parse --format text|csv|json; returns -1 on an unknown value. */
enum kl_cli_format { KL_FMT_TEXT, KL_FMT_CSV, KL_FMT_JSON };
int kl_cli_parse_format(const char *s);

/* --format <fmt> (text, csv or json) into *fmt and 0; else the usage
 * error printed and 64 (*fmt is then -1). */
int kl_cli_format_opt(const struct kl_cli *cli, const char *usage,
                      const char *arg, int *fmt);

/* One CSV field on stdout (RFC 4180, ','): quoted when it holds ',', '"'
 * or a line end; NULL prints nothing (an empty field). */
void kl_cli_csv_str(const char *s);
/* kl_cli_csv_str() followed by ',' or, for the last field, '\n'. */
void kl_cli_csv_field(const char *s, int last);
/* A JSON string on stdout, escaped; NULL prints null. */
void kl_cli_json_str(const char *s);

/* Flush stdout and report a failed write (exit 74) once, at the end. */
int kl_cli_finish_stdout(const struct kl_cli *cli, int rc);

/*
 * The next option of argv as getopt_long(shortopts, opts) returns it,
 * after the global ones (kl_cli_common_opt) are taken; -1 at the end.
 */
int kl_cli_next_opt(struct kl_cli *cli, int argc, char **argv,
                    const char *shortopts, const struct option *opts);

/*
 * A command's own option: c (getopt's return, not 'h' nor a common one)
 * with argument arg into ctx.  Returns 0 when it is taken, the exit status
 * of an error it reported (> 0) to stop, or -1 when c is not one of the
 * command's options.
 */
typedef int kl_cli_opt_fn(const struct kl_cli *cli, int c, char *arg,
                          void *ctx);

/*
 * Read the options of argv with kl_cli_next_opt(shortopts, opts): -h and
 * --help print help, every other option goes to fn(cli, c, optarg, ctx),
 * and one fn does not know is a usage error (kl_cli_bad_option with
 * usage).  Returns -1 when every option is read (the operands are
 * argv[optind..]), or the exit status when the command is done: 0 after
 * --help, else that of the error already reported.
 */
int kl_cli_read_opts(struct kl_cli *cli, int argc, char **argv,
                     const char *shortopts, const struct option *opts,
                     const char *help, const char *usage, kl_cli_opt_fn *fn,
                     void *ctx);

/*
 * Print the heading line of domain d of estimate r: "over = x, var =
 * label, ..." or "Hela urvalet" for the whole sample, then a newline.
 */
void kl_cli_put_domain(const struct kl_est_result *r,
                       const struct kl_est_domain *d);

#endif
