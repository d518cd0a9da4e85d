/*
 * cmd_report.c - `kartlagg report`: the council appendix.
 *
 *   kartlagg report new [<file>]         write the commented template
 *   kartlagg report [options] <file>     build the report it defines
 *
 * The library builds the document (kl_report_build) and writes each
 * format; this file decides where the output goes, and for PDF runs
 * headless Chromium on the HTML file and, when qpdf is installed, makes
 * the PDF's bytes repeatable (kartlagg-report(1), PDF).  The workbook
 * (xlsx) is written by the library into a temporary file of the stage.
 */
#define _GNU_SOURCE /* nftw, renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"

extern char **environ;

/*
 * The mode of every file the report writes (--mode; 0640 unless given,
 * less the umask); its folders get the same bits plus x wherever r is
 * set (0750 for 0640).
 */
static mode_t file_mode = 0640;

static mode_t dir_mode(void)
{
	return file_mode | ((file_mode & 0444) >> 2);
}

static const char report_usage[] =
    "usage: kartlagg report new [<file>]\n"
    "   or: kartlagg report [-s <store>] [-f <format>]... [-o <dir>] "
    "[--strict] [--mode <octal>] <file>\n";

static const char report_help[] =
    "usage: kartlagg report new [<file>]\n"
    "   or: kartlagg report [-s <store>] [-f <format>]... [-o <dir>] "
    "[--strict] [--mode <octal>] <file>\n"
    "\n"
    "Build the council appendix that the report file defines, from the\n"
    "store: summary, sources, youth survey, persons known to services,\n"
    "police-reported offences, population, method; every count of\n"
    "persons disclosure-controlled.  'report new' writes a commented\n"
    "template (to stdout, or to <file>, never overwriting it).\n"
    "\n"
    "  -s, --store <file>     the store (default: $KARTLAGG_STORE, else\n"
    "                         kartlagg.db)\n"
    "  -f, --format <fmt>     text, md, csv, html, pdf or xlsx; repeat "
    "for\n"
    "                         more (default: the report file's formats)\n"
    "  -o, --output <dir>     folder for md, csv, html, pdf and xlsx\n"
    "                         (default: rapport), replaced as a whole;\n"
    "                         text goes to stdout\n"
    "      --strict           exit 65 and write nothing when a part of the\n"
    "                         report is missing (\"saknas\")\n"
    "      --mode <octal>     mode of the files written (default: 0640;\n"
    "                         folders get x where r is set: 0750), less\n"
    "                         the umask; must include 0600\n"
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

static int remove_entry(const char *path, const struct stat *sb, int type,
                        struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Remove the tree at path, never following a symbolic link in it. */
static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * The output folder is written as a whole.  Every file goes into a new
 * folder `.<name>.XXXXXX` beside it (mkdtemp: created by us, mode 0700
 * while it is written, so nobody can plant a file or a symbolic link in
 * it), which replaces the folder only when every file is complete: a run
 * that fails (full disk, Chromium) leaves the earlier report as it was,
 * and a run that succeeds leaves no table of an earlier run behind.  The
 * folder must be new, empty, or hold only what kartlagg writes there; a
 * symbolic link at its name is refused, not followed.
 */
struct outdir {
	char final[4096]; /* as given, without trailing '/' */
	char stage[4200]; /* the new folder being written */
	int staged;       /* stage exists */
	int existed;      /* final is a folder of an earlier run */
};

/* Is name (an entry of the output folder, or of its csv/ when sub) one
 * kartlagg writes? */
static int own_name(const char *name, int sub)
{
	size_t l = strlen(name);
	if (!sub)
		return strcmp(name, "rapport.md") == 0 ||
		       strcmp(name, "rapport.html") == 0 ||
		       strcmp(name, "rapport.pdf") == 0 ||
		       strcmp(name, "rapport.xlsx") == 0 ||
		       strcmp(name, "csv") == 0;
	return strcmp(name, "manifest.csv") == 0 ||
	       strcmp(name, "suppression-audit.txt") == 0 ||
	       (strncmp(name, "tabell-", 7) == 0 && l > 11 &&
	        strcmp(name + l - 4, ".csv") == 0);
}

/* 0 when dir holds only names kartlagg writes; else the first stranger
 * in bad. */
static int only_own(const char *dir, int sub, char *bad, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		snprintf(bad, n, "%s", dir);
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		struct stat sb;
		char p[4400];
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (!own_name(e->d_name, sub) || lstat(p, &sb) ||
		    (strcmp(e->d_name, "csv") == 0 && !sub
		         ? !S_ISDIR(sb.st_mode)
		         : !S_ISREG(sb.st_mode))) {
			snprintf(bad, n, "%s", p);
			rc = -1;
		} else if (!sub && S_ISDIR(sb.st_mode)) {
			rc = only_own(p, 1, bad, n);
		}
	}
	closedir(d);
	return rc;
}

static int out_error(const struct kl_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int out_error(const struct kl_cli *cli, const char *fmt, ...)
{
	struct kl_error err;
	va_list ap;
	kl_error_clear(&err);
	err.status = KL_ERR_CANTCREAT;
	va_start(ap, fmt);
	vsnprintf(err.msg, sizeof(err.msg), fmt, ap);
	va_end(ap);
	return kl_cli_error(cli, &err);
}

/* Make the stage for folder dir; 0 or an exit status (printed). */
static int outdir_begin(const struct kl_cli *cli, struct outdir *o,
                        const char *dir)
{
	char parent[4096], bad[4400];
	const char *base;
	struct stat sb;
	size_t l;

	memset(o, 0, sizeof(*o));
	snprintf(o->final, sizeof(o->final), "%s", dir);
	l = strlen(o->final);
	while (l > 1 && o->final[l - 1] == '/')
		o->final[--l] = '\0';
	base = strrchr(o->final, '/');
	if (base) {
		snprintf(parent, sizeof(parent), "%.*s",
		         base == o->final ? 1 : (int)(base - o->final),
		         o->final);
		base++;
	} else {
		snprintf(parent, sizeof(parent), ".");
		base = o->final;
	}
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return out_error(cli,
		                 "--output '%s': name a folder of its own (the "
		                 "folder is replaced as a whole)",
		                 dir);
	if (make_dir(parent))
		return cant_create(cli, parent, errno);
	if (lstat(o->final, &sb) == 0) {
		if (S_ISLNK(sb.st_mode))
			return out_error(cli,
			                 "'%s' is a symbolic link; kartlagg "
			                 "does not write through one (name the "
			                 "folder itself)",
			                 o->final);
		if (!S_ISDIR(sb.st_mode))
			return out_error(cli, "'%s' exists and is not a folder",
			                 o->final);
		if (only_own(o->final, 0, bad, sizeof(bad)))
			return out_error(
			    cli,
			    "'%s' holds '%s', which kartlagg did "
			    "not write; the folder is replaced as a "
			    "whole, so name a new or empty one",
			    o->final, bad);
		o->existed = 1;
	} else if (errno != ENOENT) {
		return cant_create(cli, o->final, errno);
	}
	if ((size_t)snprintf(o->stage, sizeof(o->stage), "%s/.%s.XXXXXX",
	                     parent, base) >= sizeof(o->stage))
		return cant_create(cli, o->final, ENAMETOOLONG);
	if (!mkdtemp(o->stage))
		return cant_create(cli, o->final, errno);
	o->staged = 1;
	return 0;
}

/* Put the stage in place of the folder; 0 or an exit status. */
static int outdir_commit(const struct kl_cli *cli, struct outdir *o)
{
	mode_t um = umask(0);
	umask(um);
	if (chmod(o->stage, dir_mode() & ~um))
		return cant_create(cli, o->final, errno);
	if (o->existed) {
#ifdef RENAME_EXCHANGE
		/* atomic: a reader sees the old report or the new one */
		if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->final,
		              RENAME_EXCHANGE) == 0) {
			remove_tree(o->stage); /* now the old report */
			o->staged = 0;
			return 0;
		}
#endif
		/* no exchange: move the old folder onto an empty one of
		 * ours, then the new one into place */
		char old[4300];
		snprintf(old, sizeof(old), "%s.old", o->stage);
		if (mkdir(old, 0700) || rename(o->final, old)) {
			int e = errno;
			rmdir(old);
			return cant_create(cli, o->final, e);
		}
		if (rename(o->stage, o->final)) {
			int e = errno;
			rename(old, o->final);
			return cant_create(cli, o->final, e);
		}
		remove_tree(old);
		o->staged = 0;
		return 0;
	}
	if (rename(o->stage, o->final))
		return cant_create(cli, o->final, errno);
	o->staged = 0;
	return 0;
}

/* Drop the stage of a failed run (the earlier folder stays). */
static void outdir_abort(struct outdir *o)
{
	if (o->staged)
		remove_tree(o->stage);
	o->staged = 0;
}

/*
 * A new file at path (in the stage): O_EXCL and O_NOFOLLOW, so an entry
 * already there, a symbolic link above all, is never written through.
 * Mode file_mode (--mode, default 0640) less the umask.
 */
struct out {
	FILE *f;
	const char *path;
};

static int out_open(const struct kl_cli *cli, struct out *o, const char *path)
{
	int fd;

	o->path = path;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          file_mode);
	if (fd < 0)
		return cant_create(cli, path, errno);
	if (!(o->f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(path);
		return cant_create(cli, path, e);
	}
	return 0;
}

/* Finish o: rc is the status of the writing; on failure err (or an I/O
 * error) is reported (the stage goes with the failed run). */
static int out_close(const struct kl_cli *cli, struct out *o, int rc,
                     struct kl_error *err)
{
	if (fclose(o->f) && !rc)
		rc = kl_error_sys(err, KL_ERR_IO, errno, "cannot write '%s'",
		                  o->path);
	if (rc)
		return kl_cli_error(cli, err);
	return 0;
}

/* Write one format into path through fn. */
static int write_file(const struct kl_cli *cli, const char *path,
                      const struct kl_report *r,
                      int (*fn)(const struct kl_report *, FILE *,
                                struct kl_error *))
{
	struct kl_error err;
	struct out o = {0};
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
	char path[4400];
	struct kl_error err;
	struct out o = {0};
	int rc;

	snprintf(path, sizeof(path), "%s/csv", dir);
	if (mkdir(path, dir_mode()))
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

/*
 * A file:// URL for the absolute path abs: every byte but the unreserved
 * ones (RFC 3986: letters, digits, - . _ ~) and '/' percent-encoded, so
 * a space, '#', '?', '%' or a non-ASCII letter in the folder's name
 * reaches Chromium as part of the path.  0, or -1 when it does not fit.
 */
static int file_url(const char *abs, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = (size_t)snprintf(out, n, "file://");
	for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
		if (k + 4 >= n)
			return -1;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			out[k++] = (char)*p;
		} else {
			out[k++] = '%';
			out[k++] = hex[*p >> 4];
			out[k++] = hex[*p & 15];
		}
	}
	out[k] = '\0';
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
	int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r+b");
	char *buf;
	long n;
	int y = 0, m = 12;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
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

/* A new empty file from template tmpl (mkstemp: O_EXCL, our own), mode
 * file_mode less the umask as the report's other files; 0 on success. */
static int new_temp(char *tmpl)
{
	mode_t um = umask(0);
	int fd;

	umask(um);
	fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	if (fchmod(fd, file_mode & ~um)) {
		int e = errno;
		close(fd);
		unlink(tmpl);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Print stage/rapport.html to stage/rapport.pdf with Chromium.  Every
 * temporary (Chromium's profile, the PDF it prints, qpdf's rewrite) is
 * created by mkdtemp/mkstemp inside the stage, which only we can write,
 * and nothing goes to /tmp.  shown is the folder's name for messages.
 * Returns 0, or an exit status (printed); KL_EX_UNAVAILABLE when there is
 * no Chromium (the HTML is complete).
 */
static int write_pdf(struct kl_cli *cli, const char *stage, const char *shown,
                     const char *data_date)
{
	const char *names[] = {
	    getenv("KARTLAGG_CHROMIUM") ? getenv("KARTLAGG_CHROMIUM") : "",
	    "chromium", "chromium-browser", "google-chrome", NULL};
	char chromium[4096], qpdf[4096], abs[PATH_MAX + 1];
	char url[3 * PATH_MAX + 16], html[4400], pdf[4400];
	char outopt[4500], profile[4400], tmp[4400], udd[4500];
	int st;

	snprintf(html, sizeof(html), "%s/rapport.html", stage);
	snprintf(pdf, sizeof(pdf), "%s/rapport.pdf", stage);
	if (find_program(names, chromium, sizeof(chromium))) {
		kl_cli_eprintf(
		    "kartlagg report: error: pdf needs Chromium, which is "
		    "not installed; install it with\n"
		    "  sudo apt-get install chromium\n"
		    "or set KARTLAGG_CHROMIUM to the browser (the HTML "
		    "file '%s/rapport.html' is written and prints as is)\n",
		    shown);
		return KL_EX_UNAVAILABLE;
	}
	if (!realpath(html, abs) || file_url(abs, url, sizeof(url)))
		return cant_create(cli, html, errno ? errno : ENAMETOOLONG);
	snprintf(profile, sizeof(profile), "%s/.chromium-XXXXXX", stage);
	if (!mkdtemp(profile))
		return cant_create(cli, profile, errno);
	snprintf(tmp, sizeof(tmp), "%s/.rapport.pdf.XXXXXX", stage);
	if (new_temp(tmp)) {
		int e = errno;
		remove_tree(profile);
		return cant_create(cli, tmp, e);
	}
	snprintf(outopt, sizeof(outopt), "--print-to-pdf=%s", tmp);
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
	remove_tree(profile);
	struct stat sb;
	if (st != 0 || lstat(tmp, &sb) || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0) {
		struct kl_error err;
		unlink(tmp);
		kl_error_clear(&err);
		kl_error_set(&err, KL_ERR_CANTCREAT,
		             "chromium (%s) could not print '%s/rapport.html' "
		             "to PDF (exit status %d)",
		             chromium, shown, st);
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
		char fixed[4400];
		snprintf(fixed, sizeof(fixed), "%s/.rapport.qpdf.XXXXXX",
		         stage);
		if (new_temp(fixed)) {
			int e = errno;
			unlink(tmp);
			return cant_create(cli, fixed, e);
		}
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

/*
 * stage/rapport.xlsx: libxlsxwriter opens the file by name, so it writes
 * a temporary file that new_temp made (O_EXCL, file_mode) in the stage,
 * which only we can write, and its own scratch files go there too; the
 * finished workbook is renamed into place.  0 or an exit status.
 */
static int write_xlsx(const struct kl_cli *cli, const char *stage,
                      const struct kl_report *r)
{
	char tmp[4400], path[4400];
	struct kl_error err;

	snprintf(path, sizeof(path), "%s/rapport.xlsx", stage);
	snprintf(tmp, sizeof(tmp), "%s/.rapport.xlsx.XXXXXX", stage);
	if (new_temp(tmp))
		return cant_create(cli, path, errno);
	kl_error_clear(&err);
	if (kl_report_write_xlsx(r, tmp, stage, &err)) {
		unlink(tmp);
		return kl_cli_error(cli, &err);
	}
	if (rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		return cant_create(cli, path, e);
	}
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
			kl_cli_eprintf("kartlagg report: error: '%s' exists; "
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

/* --strict: name every missing part on stderr; the exit status. */
static int strict_fail(const struct kl_report *r)
{
	for (size_t i = 0; i < r->nsections; i++) {
		const struct kl_rep_section *sec = &r->sections[i];
		for (size_t j = 0; j < sec->nblocks; j++)
			if (sec->blocks[j].kind == KL_BLOCK_MISSING)
				kl_cli_eprintf(
				    "kartlagg report: error: --strict: "
				    "section %d (%s): %s\n",
				    sec->number, sec->title,
				    sec->blocks[j].text);
	}
	kl_cli_eprintf(
	    "kartlagg report: error: --strict: %zu part%s of the report "
	    "%s missing; nothing was written\n",
	    r->missing, r->missing == 1 ? "" : "s",
	    r->missing == 1 ? "is" : "are");
	return KL_EX_DATAERR;
}

/* Write the formats of r other than text into the folder dir, as a
 * whole; 0 or an exit status (printed). */
static int write_folder(struct kl_cli *cli, const char *dir,
                        const struct kl_report *r, unsigned formats)
{
	struct outdir od;
	char path[4400];
	int rc;

	if ((rc = outdir_begin(cli, &od, dir)))
		return rc;
	if (formats & KL_REP_MD) {
		snprintf(path, sizeof(path), "%s/rapport.md", od.stage);
		if ((rc = write_file(cli, path, r, kl_report_write_md)))
			goto fail;
	}
	if (formats & KL_REP_CSV) {
		if ((rc = write_csv_bundle(cli, od.stage, r)))
			goto fail;
	}
	if (formats & (KL_REP_HTML | KL_REP_PDF)) {
		snprintf(path, sizeof(path), "%s/rapport.html", od.stage);
		if ((rc = write_file(cli, path, r, kl_report_write_html)))
			goto fail;
	}
	if (formats & KL_REP_XLSX) {
		if ((rc = write_xlsx(cli, od.stage, r)))
			goto fail;
	}
	if (formats & KL_REP_PDF) {
		rc = write_pdf(cli, od.stage, od.final, r->data_date);
		if (rc == KL_EX_UNAVAILABLE) {
			/* the HTML is whole: it replaces the folder */
			if (outdir_commit(cli, &od) == 0)
				return rc;
		}
		if (rc)
			goto fail;
	}
	if ((rc = outdir_commit(cli, &od)))
		goto fail;
	return 0;
fail:
	outdir_abort(&od);
	return rc;
}

/* What the command line asks for. */
struct report_args {
	const char *dir;  /* --output, or NULL */
	unsigned formats; /* --format bits, 0 when none was given */
	int strict;       /* --strict */
};

/*
 * Report's own option c (getopt's return, not 'h') with argument arg into
 * a (--mode sets file_mode).  Returns 0 when it is good, the usage error
 * printed and 64 when it is not, or -1 when c is not one of report's
 * options.
 */
static int report_opt(const struct kl_cli *cli, int c, char *arg, void *ctx)
{
	struct report_args *a = ctx;

	switch (c) {
	case 'f': {
		unsigned f = kl_report_format_parse(arg);
		if (!f)
			return kl_cli_usage_error(
			    cli, report_usage,
			    "--format must be text, md, csv, html, pdf "
			    "or xlsx, not '%s'",
			    arg);
		a->formats |= f;
		return 0;
	}
	case 'o':
		a->dir = arg;
		return 0;
	case 'S':
		a->strict = 1;
		return 0;
	case 'M': {
		char *end;
		long m = strtol(arg, &end, 8);
		if (!*arg || *end || m < 0 || m > 0777 || (m & 0600) != 0600)
			return kl_cli_usage_error(
			    cli, report_usage,
			    "--mode takes an octal mode from 0600 to "
			    "0777 that includes 0600, not '%s'",
			    arg);
		file_mode = (mode_t)m;
		return 0;
	}
	}
	return -1;
}

/*
 * Read the report file path, check it against the store, build the report
 * and write it as a asks (text on stdout, the other formats into the
 * folder); returns the exit status.
 */
static int run_report(struct kl_cli *cli, const char *path,
                      const struct report_args *a)
{
	struct kl_report_def *def = NULL;
	struct kl_report *r = NULL;
	struct kl_error err;
	const char *dir;
	unsigned formats;
	int rc = 0;

	kl_error_clear(&err);
	if (kl_report_def_read(path, &def, &err))
		return kl_cli_error(cli, &err);
	formats = a->formats ? a->formats : def->formats;
	dir = a->dir ? a->dir : "rapport";
	rc = kl_cli_open_store(cli, KL_STORE_READ);
	if (rc)
		goto out;
	/* names the store does not have are mistakes in the file */
	kl_error_clear(&err);
	if (kl_report_def_check(cli->store, def, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	kl_error_clear(&err);
	if (kl_report_build(cli->store, def, &r, &err)) {
		rc = kl_cli_error(cli, &err);
		goto out;
	}
	if (a->strict && r->missing) {
		rc = strict_fail(r);
		goto out;
	}
	if (formats & KL_REP_TEXT) {
		kl_error_clear(&err);
		if (kl_report_write_text(r, stdout, &err)) {
			rc = kl_cli_error(cli, &err);
			goto out;
		}
	}
	if (formats & ~KL_REP_TEXT) {
		if ((rc = write_folder(cli, dir, r, formats)))
			goto out;
		kl_cli_note(cli, "wrote the report into %s/", dir);
	}
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

/* `kartlagg report`: parse, then report_new or run_report (cmds.h). */
int cmd_report(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    KL_CLI_COMMON_OPTS,
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"strict", no_argument, NULL, 'S'},
	    {"mode", required_argument, NULL, 'M'},
	    {NULL, 0, NULL, 0},
	};
	struct report_args a = {0};
	int rc = kl_cli_read_opts(cli, argc, argv, "s:qhf:o:", opts,
	                          report_help, report_usage, report_opt, &a);

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return kl_cli_usage_error(cli, report_usage,
		                          "name the report file (or 'new')");
	if (strcmp(argv[optind], "new") == 0) {
		if (optind + 2 < argc)
			return kl_cli_usage_error(cli, report_usage,
			                          "unexpected argument '%s'",
			                          argv[optind + 2]);
		if (a.formats || a.dir || a.strict)
			return kl_cli_usage_error(
			    cli, report_usage,
			    "'report new' takes no "
			    "--format, --output or --strict");
		return report_new(cli,
		                  optind + 1 < argc ? argv[optind + 1] : NULL);
	}
	if (optind + 1 < argc)
		return kl_cli_usage_error(cli, report_usage,
		                          "unexpected argument '%s'",
		                          argv[optind + 1]);
	return run_report(cli, argv[optind], &a);
}
