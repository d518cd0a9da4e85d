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
 * The population options of calibrate and estimate.  Each returns 0 when
 * arg is good (storing it), else prints the usage error and returns 64.
 * --map <var>=<code>:<scb>,...: parsed into maps[*nmaps], which grows by
 * one.  `opt` ("--level", "--pop-level") takes kommun, lan or riket;
 * --year a year >= 1.
 */
int kl_cli_map_opt(const struct kl_cli *cli, const char *usage, const char *arg,
                   struct kl_pop_map *maps, size_t *nmaps);
int kl_cli_pop_level_opt(const struct kl_cli *cli, const char *usage,
                         const char *opt, const char *arg, const char **level);
int kl_cli_year_opt(const struct kl_cli *cli, const char *usage,
                    const char *arg, long *year);

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
 * Print the heading line of domain d of estimate r: "over = x, var =
 * label, ..." or "Hela urvalet" for the whole sample, then a newline.
 */
void kl_cli_put_domain(const struct kl_est_result *r,
                       const struct kl_est_domain *d);

#endif
