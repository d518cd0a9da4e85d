/*
 * cli.c - messages, exit codes and option handling shared by every
 * subcommand.  The only file that maps a kl_status to an exit status.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

int kl_exit_code(enum kl_status s)
{
	switch (s) {
	case KL_OK:
		return KL_EX_OK;
	case KL_ERR_USAGE:
		return KL_EX_USAGE;
	case KL_ERR_PARSE:
	case KL_ERR_NUMERIC:
	case KL_ERR_PRIVACY:
		return KL_EX_DATAERR;
	case KL_ERR_NOINPUT:
		return KL_EX_NOINPUT;
	case KL_ERR_IO:
		return KL_EX_IOERR;
	case KL_ERR_STORE:
		return KL_EX_IOERR;
	case KL_ERR_NOMEM:
		return KL_EX_OSERR;
	case KL_ERR_BUSY:
		return KL_EX_TEMPFAIL;
	case KL_ERR_CONFIG:
		return KL_EX_CONFIG;
	case KL_ERR_CANTCREAT:
		return KL_EX_CANTCREAT;
	case KL_ERR_INTERNAL:
		return KL_EX_SOFTWARE;
	}
	return KL_EX_SOFTWARE;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Format fmt/ap into a malloc'd string; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	char small[512];

	va_copy(aq, ap);
	int n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	if ((size_t)n < sizeof(small))
		memcpy(s, small, (size_t)n + 1);
	else
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	sodium_memzero(small, sizeof(small));
	return s;
}

/* Write text to stderr with every personnummer in it masked. */
static void put_redacted(const char *text)
{
	char *r = kl_pnr_redact(text, strlen(text));
	if (!r) {
		fputs("kartlagg: error: out of memory (message withheld)\n",
		      stderr);
		return;
	}
	fputs(r, stderr);
	free(r);
}

static void vput(const char *fmt, va_list ap)
{
	char *s = vformat(fmt, ap);
	if (!s) {
		fputs("kartlagg: error: out of memory (message withheld)\n",
		      stderr);
		return;
	}
	put_redacted(s);
	sodium_memzero(s, strlen(s));
	free(s);
}

void kl_cli_eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput(fmt, ap);
	va_end(ap);
}

int kl_cli_error(const struct kl_cli *cli, const struct kl_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m) {
		fputs("kartlagg: error: out of memory (message withheld)\n",
		      stderr);
		return kl_exit_code(err->status);
	}
	fprintf(m, "kartlagg%s%s: error: ", cli->cmd ? " " : "",
	        cli->cmd ? cli->cmd : "");
	if (err->path[0]) {
		fprintf(m, "%s:", base_name(err->path));
		if (err->line)
			fprintf(m, "%lu:", err->line);
		if (err->line && err->column)
			fprintf(m, "%lu:", err->column);
		fputc(' ', m);
		if (err->field[0])
			fprintf(m, "column '%s': ", err->field);
	}
	fprintf(m, "%s\n", err->msg[0] ? err->msg : kl_strerror(err->status));
	if (fclose(m) == 0 && text)
		put_redacted(text);
	else
		fputs("kartlagg: error: out of memory (message withheld)\n",
		      stderr);
	if (text)
		sodium_memzero(text, strlen(text));
	free(text);
	return kl_exit_code(err->status);
}

static void vmsg(const struct kl_cli *cli, const char *kind, const char *fmt,
                 va_list ap)
{
	char *s = vformat(fmt, ap);
	kl_cli_eprintf("kartlagg%s%s: %s%s\n", cli->cmd ? " " : "",
	               cli->cmd ? cli->cmd : "", kind,
	               s ? s : "(message withheld: out of memory)");
	free(s);
}

void kl_cli_warn(const struct kl_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cli, "warning: ", fmt, ap);
	va_end(ap);
}

void kl_cli_note(const struct kl_cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	va_start(ap, fmt);
	vmsg(cli, "", fmt, ap);
	va_end(ap);
}

int kl_cli_usage_error(const struct kl_cli *cli, const char *usage,
                       const char *fmt, ...)
{
	va_list ap;

	(void)cli;
	fputs(usage, stderr);
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vput(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return KL_EX_USAGE;
}

int kl_cli_bad_option(const struct kl_cli *cli, const char *usage, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	if (optopt && strncmp(arg, "--", 2) != 0)
		return kl_cli_usage_error(cli, usage,
		                          "unknown option or missing argument: "
		                          "'-%c'",
		                          optopt);
	return kl_cli_usage_error(
	    cli, usage, "unknown option or missing argument: '%s'", arg);
}

int kl_cli_pop_init(struct kl_cli_pop *p, const char *levelopt, int argc)
{
	memset(p, 0, sizeof(*p));
	p->levelopt = levelopt;
	p->fmt = KL_FMT_TEXT;
	p->maps = calloc((size_t)argc + 1, sizeof(*p->maps));
	return p->maps ? 0 : -1;
}

void kl_cli_pop_release(struct kl_cli_pop *p)
{
	for (size_t k = 0; p->maps && k < p->nmaps; k++)
		kl_pop_map_release(&p->maps[k]);
	free(p->maps);
	p->maps = NULL;
	p->nmaps = 0;
}

int kl_cli_pop_opt(const struct kl_cli *cli, const char *usage, int c,
                   const char *arg, struct kl_cli_pop *p)
{
	struct kl_error err;

	switch (c) {
	case KL_CLI_OPT_MAP:
		kl_error_clear(&err);
		if (kl_pop_map_parse(arg, &p->maps[p->nmaps], &err))
			return kl_cli_usage_error(cli, usage, "%s", err.msg);
		p->nmaps++;
		return 0;
	case KL_CLI_OPT_POP_LEVEL:
		if (strcmp(arg, "kommun") && strcmp(arg, "lan") &&
		    strcmp(arg, "riket"))
			return kl_cli_usage_error(
			    cli, usage,
			    "--%s must be kommun, lan or riket, "
			    "not '%s'",
			    p->levelopt, arg);
		p->level = arg;
		return 0;
	case KL_CLI_OPT_YEAR:
		if (kl_cli_parse_long(arg, &p->year) || p->year < 1)
			return kl_cli_usage_error(
			    cli, usage, "--year must be a year, not '%s'", arg);
		return 0;
	case 'f':
		return kl_cli_format_opt(cli, usage, arg, &p->fmt);
	}
	return -1;
}

int kl_cli_parse_long(const char *s, long *v)
{
	char *end;
	*v = strtol(s, &end, 10);
	return *end || end == s ? -1 : 0;
}

int kl_cli_parse_double(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	return *end || end == s ? -1 : 0;
}

int kl_cli_max_errors(const struct kl_cli *cli, const char *usage,
                      const char *arg, unsigned *out)
{
	long v;
	if (kl_cli_parse_long(arg, &v) || v < 1 || v > 1000000)
		return kl_cli_usage_error(cli, usage,
		                          "--max-errors takes a whole number "
		                          "from 1 to 1000000, not '%s'",
		                          arg);
	*out = (unsigned)v;
	return 0;
}

void kl_cli_csv_num(double x, int last)
{
	if (!isnan(x) && isfinite(x))
		printf("%.17g", x);
	putchar(last ? '\n' : ',');
}

int kl_cli_oom(const struct kl_cli *cli)
{
	return kl_cli_error(cli, &(struct kl_error){.status = KL_ERR_NOMEM,
	                                            .msg = "out of memory"});
}

int kl_cli_common_opt(struct kl_cli *cli, int c, const char *arg)
{
	switch (c) {
	case 's':
		cli->store_path = arg;
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	}
	return 0;
}

int kl_cli_open_store(struct kl_cli *cli, int flags)
{
	struct kl_error err;
	kl_error_clear(&err);
	if (kl_store_open(&cli->store, cli->store_path, flags, &err))
		return kl_cli_error(cli, &err);
	if (kl_store_narrowed(cli->store))
		kl_cli_warn(cli,
		            "the store '%s' (or its journal) had mode %04o, "
		            "which lets others read it; narrowed to 0600",
		            cli->store_path, kl_store_narrowed(cli->store));
	return 0;
}

int kl_cli_check_file_name(const struct kl_cli *cli, const char *path)
{
	struct kl_pnr p;
	char mask[24];
	const char *b = base_name(path);

	if (kl_pnr_find(b, strlen(b), &p) == KL_PNR_NONE)
		return 0;
	kl_pnr_mask(b, &p, mask, sizeof(mask));
	fprintf(stderr,
	        "kartlagg%s%s: error: a file name holds a personnummer (%s); "
	        "rename the file, as its name is stored and shown\n",
	        cli->cmd ? " " : "", cli->cmd ? cli->cmd : "", mask);
	return KL_EX_DATAERR;
}

int kl_cli_help(const char *text)
{
	fputs(text, stdout);
	return 0;
}

int kl_cli_format_opt(const struct kl_cli *cli, const char *usage,
                      const char *arg, int *fmt)
{
	*fmt = kl_cli_parse_format(arg);
	if (*fmt < 0)
		return kl_cli_usage_error(cli, usage,
		                          "--format must be text, csv or json, "
		                          "not '%s'",
		                          arg);
	return 0;
}

int kl_cli_parse_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		return KL_FMT_TEXT;
	if (strcmp(s, "csv") == 0)
		return KL_FMT_CSV;
	if (strcmp(s, "json") == 0)
		return KL_FMT_JSON;
	return -1;
}

int kl_cli_finish_stdout(const struct kl_cli *cli, int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;
		if (rc)
			return rc; /* the command has reported its failure */
		fprintf(stderr,
		        "kartlagg%s%s: error: cannot write output: %s\n",
		        cli->cmd ? " " : "", cli->cmd ? cli->cmd : "",
		        strerror(e ? e : EIO));
		return rc ? rc : KL_EX_IOERR;
	}
	return rc;
}

void kl_cli_csv_str(const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

void kl_cli_csv_field(const char *s, int last)
{
	kl_cli_csv_str(s);
	putchar(last ? '\n' : ',');
}

void kl_cli_json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int kl_cli_next_opt(struct kl_cli *cli, int argc, char **argv,
                    const char *shortopts, const struct option *opts)
{
	int c;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1)
		if (!kl_cli_common_opt(cli, c, optarg))
			return c;
	return -1;
}

int kl_cli_read_opts(struct kl_cli *cli, int argc, char **argv,
                     const char *shortopts, const struct option *opts,
                     const char *help, const char *usage, kl_cli_opt_fn *fn,
                     void *ctx)
{
	int c;

	while ((c = kl_cli_next_opt(cli, argc, argv, shortopts, opts)) != -1) {
		if (c == 'h')
			return kl_cli_help(help);
		int rc = fn(cli, c, optarg, ctx);
		if (rc < 0)
			return kl_cli_bad_option(cli, usage, argv);
		if (rc > 0)
			return rc;
	}
	return -1;
}

void kl_cli_put_domain(const struct kl_est_result *r,
                       const struct kl_est_domain *d)
{
	int any = 0;
	if (r->design.over) {
		printf("%s = %s", r->design.over, d->over);
		any = 1;
	}
	for (size_t j = 0; j < r->sets[d->set].nvars; j++) {
		printf("%s%s = %s", any ? ", " : "", r->sets[d->set].vars[j],
		       d->labels[j] ? d->labels[j] : d->values[j]);
		any = 1;
	}
	printf("%s\n", any ? "" : "Hela urvalet");
}
