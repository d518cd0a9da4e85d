/*
 * cmd_report.c - `kartlagg report`: the council appendix.
 *
 *   kartlagg report new [<file>]         write the commented template
 *   kartlagg report [options] <file>     build the report it defines
 *
 * The library builds the document (kl_report_build) and writes each
 * format; this file decides where the output goes, and for PDF runs
 * headless Chromium on the HTML file and, when qpdf is installed, makes
 * the PDF's bytes repeatable (kartlagg-report(1), PDF).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"

extern char **environ;

static const char report_usage[] =
    "usage: kartlagg report new [<file>]\n"
    "   or: kartlagg report [-s <store>] [-f <format>]... [-o <dir>] "
    "<file>\n";

static const char report_help[] =
    "usage: kartlagg report new [<file>]\n"
    "   or: kartlagg report [-s <store>] [-f <format>]... [-o <dir>] "
    "<file>\n"
    "\n"
    "Build the council appendix that the report file defines, from the\n"
    "store: summary, sources, youth survey, persons known to services,\n"
    "police-reported offences, population, method; every count of\n"
    "persons disclosure-controlled.  'report new' writes a commented\n"
    "template (to stdout, or to <file>, never overwriting it).\n"
    "\n"
    "  -s, --store <file>     the store (default: $KARTLAGG_STORE, else\n"
    "                         kartlagg.db)\n"
    "  -f, --format <fmt>     text, md, csv, html or pdf; repeat for "
    "more\n"
    "                         (default: the report file's formats)\n"
    "  -o, --output <dir>     folder for md, csv, html and pdf (default:\n"
    "                         rapport); text goes to stdout\n"
    "  -q, --quiet            no notes on stderr\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Environment: KARTLAGG_CHROMIUM names the browser for pdf.\n"
    "\n"
    "See kartlagg-report(1) and kartlagg-report(5).\n";

/* Create dir (and parents); 0 on success. */
static int make_dir(const char *dir)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

static int cant_create(const struct kl_cli *cli, const char *path, int e)
{
	struct kl_error err;
	kl_error_clear(&err);
	kl_error_sys(&err, KL_ERR_CANTCREAT, e, "cannot create '%s'", path);
	return kl_cli_error(cli, &err);
}

/*
 * Output files are written under a temporary name in their directory and
 * renamed over the final name only when complete, so a failure (full
 * disk, a file size limit) never leaves a truncated report behind, and a
 * reader never sees half a file.  Mode 0666 less the umask, as fopen.
 */
struct out {
	FILE *f;
	char tmp[4300];
	const char *path;
};

static int out_open(const struct kl_cli *cli, struct out *o, const char *path)
{
	mode_t um = umask(0);
	int fd;

	umask(um);
	o->path = path;
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0)
		return cant_create(cli, path, errno);
	if (fchmod(fd, 0666 & ~um) || !(o->f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		return cant_create(cli, path, e);
	}
	return 0;
}

/* Finish o: rc is the status of the writing; on failure the temporary
 * file goes and err (or an I/O error) is reported. */
static int out_close(const struct kl_cli *cli, struct out *o, int rc,
                     struct kl_error *err)
{
	if (fclose(o->f) && !rc)
		rc = kl_error_sys(err, KL_ERR_IO, errno, "cannot write '%s'",
		                  o->path);
	if (!rc && rename(o->tmp, o->path))
		rc = kl_error_sys(err, KL_ERR_IO, errno, "cannot write '%s'",
		                  o->path);
	if (rc) {
		unlink(o->tmp);
		return kl_cli_error(cli, err);
	}
	return 0;
}

/* Write one format into path through fn. */
static int write_file(const struct kl_cli *cli, const char *path,
                      const struct kl_report *r,
                      int (*fn)(const struct kl_report *, FILE *,
                                struct kl_error *))
{
	struct kl_error err;
	struct out o;
	int rc;

	if ((rc = out_open(cli, &o, path)))
		return rc;
	kl_error_clear(&err);
	rc = fn(r, o.f, &err);
	return out_close(cli, &o, rc, &err);
}

static int write_csv_bundle(const struct kl_cli *cli, const char *dir,
                            const struct kl_report *r)
{
	char path[4200];
	struct kl_error err;
	struct out o;
	int rc;

	snprintf(path, sizeof(path), "%s/csv", dir);
	if (make_dir(path))
		return cant_create(cli, path, errno);
	for (size_t i = 0; i < r->ntables; i++) {
		snprintf(path, sizeof(path), "%s/csv/%s.csv", dir,
		         r->tables[i].name);
		if ((rc = out_open(cli, &o, path)))
			return rc;
		kl_error_clear(&err);
		rc = kl_report_write_csv(r, i, o.f, &err);
		if ((rc = out_close(cli, &o, rc, &err)))
			return rc;
	}
	snprintf(path, sizeof(path), "%s/csv/manifest.csv", dir);
	rc = write_file(cli, path, r, kl_report_write_manifest);
	if (rc)
		return rc;
	if (r->audit) {
		snprintf(path, sizeof(path), "%s/csv/suppression-audit.txt",
		         dir);
		if ((rc = out_open(cli, &o, path)))
			return rc;
		kl_error_clear(&err);
		fputs(r->audit, o.f);
		if ((rc = out_close(cli, &o, 0, &err)))
			return rc;
	}
	return 0;
}

/* The first of names found executable on PATH (or the path itself when
 * it has a '/'), into out; 0 when found. */
static int find_program(const char *const *names, char *out, size_t n)
{
	const char *path = getenv("PATH");
	for (size_t i = 0; names[i]; i++) {
		if (!*names[i])
			continue;
		if (strchr(names[i], '/')) {
			if (access(names[i], X_OK) == 0) {
				snprintf(out, n, "%s", names[i]);
				return 0;
			}
			continue;
		}
		const char *p = path ? path : "/usr/bin:/bin";
		while (*p) {
			const char *e = strchr(p, ':');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			snprintf(out, n, "%.*s/%s", (int)l, p, names[i]);
			if (l && access(out, X_OK) == 0)
				return 0;
			p += l + (e ? 1 : 0);
		}
	}
	return -1;
}

static int remove_entry(const char *path, const struct stat *sb, int type,
                        struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Run argv with stdout/stderr to /dev/null (or log); exit status or -1. */
static int run(char *const *argv, const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log ? log : "/dev/null",
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * Chromium stamps the PDF with the time it was made: overwrite the
 * creation and modification dates in place (same length, so the offsets
 * in the file stay right) with the report's data date.  0 on success.
 */
static int fix_dates(const char *path, const char *data_date)
{
	static const char *const keys[] = {"/CreationDate (D:", "/ModDate (D:"};
	char stamp[15] = "20000101000000";
	FILE *f = fopen(path, "r+b");
	char *buf;
	long n;
	int y = 0, m = 12;

	if (!f)
		return -1;
	if (sscanf(data_date, "%4d-%2d", &y, &m) >= 1 && y >= 1900 &&
	    y <= 9999 && m >= 1 && m <= 12)
		snprintf(stamp, sizeof(stamp), "%04d%02d01000000", y, m);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)n))) {
		fclose(f);
		return -1;
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	for (size_t k = 0; k < 2; k++) {
		size_t kl = strlen(keys[k]);
		for (long i = 0; i + (long)kl + 14 <= n; i++) {
			if (memcmp(buf + i, keys[k], kl))
				continue;
			if (strspn(buf + i + kl, "0123456789") < 14)
				continue;
			if (fseek(f, i + (long)kl, SEEK_SET) ||
			    fwrite(stamp, 1, 14, f) != 14) {
				free(buf);
				fclose(f);
				return -1;
			}
		}
	}
	free(buf);
	return fclose(f) ? -1 : 0;
}

static int write_pdf(struct kl_cli *cli, const char *html, const char *pdf,
                     const char *data_date)
{
	const char *names[] = {
	    getenv("KARTLAGG_CHROMIUM") ? getenv("KARTLAGG_CHROMIUM") : "",
	    "chromium", "chromium-browser", "google-chrome", NULL};
	char chromium[4096], qpdf[4096], abs[PATH_MAX + 1], url[PATH_MAX + 16];
	char outopt[4400], profile[] = "/tmp/kartlagg-chromium-XXXXXX";
	char tmp[4300];
	int st;

	if (find_program(names, chromium, sizeof(chromium))) {
		fprintf(stderr,
		        "kartlagg report: error: pdf needs Chromium, which is "
		        "not installed; install it with\n"
		        "  sudo apt-get install chromium\n"
		        "or set KARTLAGG_CHROMIUM to the browser (the HTML "
		        "file '%s' is written and prints as is)\n",
		        html);
		return KL_EX_UNAVAILABLE;
	}
	if (!realpath(html, abs))
		return cant_create(cli, html, errno);
	if (!mkdtemp(profile))
		return cant_create(cli, profile, errno);
	snprintf(url, sizeof(url), "file://%s", abs);
	snprintf(tmp, sizeof(tmp), "%s.tmp", pdf);
	snprintf(outopt, sizeof(outopt), "--print-to-pdf=%s", tmp);
	char udd[200];
	snprintf(udd, sizeof(udd), "--user-data-dir=%s", profile);
	char *argv[] = {chromium,
	                "--headless",
	                "--no-sandbox",
	                "--disable-gpu",
	                "--no-first-run",
	                "--disable-extensions",
	                "--disable-background-networking",
	                "--no-pdf-header-footer",
	                "--export-tagged-pdf",
	                "--generate-pdf-document-outline",
	                udd,
	                outopt,
	                url,
	                NULL};
	st = run(argv, NULL);
	/* Chromium's throw-away profile, deepest entries first */
	nftw(profile, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	struct stat sb;
	if (st != 0 || stat(tmp, &sb) || sb.st_size == 0) {
		struct kl_error err;
		unlink(tmp);
		kl_error_clear(&err);
		kl_error_set(&err, KL_ERR_CANTCREAT,
		             "chromium (%s) could not print '%s' to PDF (exit "
		             "status %d)",
		             chromium, html, st);
		return kl_cli_error(cli, &err);
	}
	/* repeatable bytes: the data date for the clock, and qpdf gives the
	 * file an /ID from its content */
	const char *qn[] = {"qpdf", NULL};
	if (fix_dates(tmp, data_date)) {
		unlink(tmp);
		return cant_create(cli, pdf, errno ? errno : EIO);
	}
	if (find_program(qn, qpdf, sizeof(qpdf)) == 0) {
		/* qpdf writes beside the final name too, so a full disk
		 * never leaves a truncated PDF (as out_open/out_close) */
		char fixed[4310];
		snprintf(fixed, sizeof(fixed), "%s.qpdf", tmp);
		char *qa[] = {qpdf, "--deterministic-id", tmp, fixed, NULL};
		st = run(qa, NULL);
		if (st == 0 || st == 3) { /* 3: warnings, file written */
			unlink(tmp);
			if (rename(fixed, pdf)) {
				int e = errno;
				unlink(fixed);
				return cant_create(cli, pdf, e);
			}
			return 0;
		}
		unlink(fixed);
	} else {
		kl_cli_note(cli,
		            "qpdf is not installed: the PDF's bytes differ "
		            "from run to run (sudo apt-get install qpdf)");
	}
	if (rename(tmp, pdf))
		return cant_create(cli, pdf, errno);
	return 0;
}

static int report_new(struct kl_cli *cli, const char *path)
{
	const char *t = kl_report_template();
	int fd;
	FILE *f;

	if (!path) {
		fputs(t, stdout);
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		if (errno == EEXIST) {
			fprintf(stderr,
			        "kartlagg report: error: '%s' exists; "
			        "'report new' never overwrites a file\n",
			        path);
			return KL_EX_CANTCREAT;
		}
		return cant_create(cli, path, errno);
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return cant_create(cli, path, errno);
	}
	fputs(t, f);
	if (fclose(f))
		return cant_create(cli, path, errno);
	kl_cli_note(cli, "wrote %s; edit it, then run 'kartlagg report %s'",
	            path, path);
	return 0;
}

int cmd_report(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct kl_report_def *def = NULL;
	struct kl_report *r = NULL;
	struct kl_error err;
	const char *dir = NULL;
	unsigned formats = 0;
	char path[4200];
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "s:qhf:o:", opts, NULL)) != -1) {
		if (kl_cli_common_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h':
			return kl_cli_help(report_help);
		case 'f': {
			unsigned f = kl_report_format_parse(optarg);
			if (!f)
				return kl_cli_usage_error(
				    cli, report_usage,
				    "--format must be text, md, csv, html or "
				    "pdf, not '%s'",
				    optarg);
			formats |= f;
			break;
		}
		case 'o':
			dir = optarg;
			break;
		default:
			return kl_cli_bad_option(cli, report_usage, argv);
		}
	}
	if (optind >= argc)
		return kl_cli_usage_error(cli, report_usage,
		                          "name the report file (or 'new')");
	if (strcmp(argv[optind], "new") == 0) {
		if (optind + 2 < argc)
			return kl_cli_usage_error(cli, report_usage,
			                          "unexpected argument '%s'",
			                          argv[optind + 2]);
		if (formats || dir)
			return kl_cli_usage_error(cli, report_usage,
			                          "'report new' takes no "
			                          "--format or --output");
		return report_new(cli,
		                  optind + 1 < argc ? argv[optind + 1] : NULL);
	}
	if (optind + 1 < argc)
		return kl_cli_usage_error(cli, report_usage,
		                          "unexpected argument '%s'",
		                          argv[optind + 1]);
	kl_error_clear(&err);
	if (kl_report_def_read(argv[optind], &def, &err))
		return kl_cli_error(cli, &err);
	if (!formats)
		formats = def->formats;
	if (!dir)
		dir = "rapport";
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		goto out;
	kl_error_clear(&err);
	if (kl_report_build(cli->store, def, &r, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	if (formats & ~KL_REP_TEXT) {
		if (make_dir(dir)) {
			rc = cant_create(cli, dir, errno);
			goto out;
		}
	}
	if (formats & KL_REP_TEXT) {
		kl_error_clear(&err);
		if (kl_report_write_text(r, stdout, &err)) {
			rc = kl_cli_error(cli, &err);
			goto out;
		}
	}
	if (formats & KL_REP_MD) {
		snprintf(path, sizeof(path), "%s/rapport.md", dir);
		if ((rc = write_file(cli, path, r, kl_report_write_md)))
			goto out;
	}
	if (formats & KL_REP_CSV) {
		if ((rc = write_csv_bundle(cli, dir, r)))
			goto out;
	}
	if (formats & (KL_REP_HTML | KL_REP_PDF)) {
		snprintf(path, sizeof(path), "%s/rapport.html", dir);
		if ((rc = write_file(cli, path, r, kl_report_write_html)))
			goto out;
	}
	if (formats & KL_REP_PDF) {
		char pdf[4200];
		snprintf(pdf, sizeof(pdf), "%s/rapport.pdf", dir);
		if ((rc = write_pdf(cli, path, pdf, r->data_date)))
			goto out;
	}
	if (formats & ~KL_REP_TEXT)
		kl_cli_note(cli, "wrote the report into %s/", dir);
	if (r->missing)
		kl_cli_note(cli,
		            "%zu part%s of the report say what is missing "
		            "(\"saknas\")",
		            r->missing, r->missing == 1 ? "" : "s");
out:
	kl_report_free(r);
	kl_report_def_free(def);
	return rc;
}
