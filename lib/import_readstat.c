/*
 * import_readstat.c - SPSS (.sav, .zsav) and Stata (.dta) survey files,
 * read with ReadStat.
 *
 * The file is read once into a CSV export (one column per variable, the
 * variable names as the header, one line per case) and a codebook
 * (kartlagg-codebook(5)), both held in memory (a memfd, never a file on
 * disk), and the two are imported through the CSV path: every cell goes
 * through the same type, code and personnummer checks as a CSV export's.
 * Variable and value labels are checked for a personnummer here, before
 * anything is written.
 *
 * The codebook: a string variable is `text`; a numeric variable with value
 * labels whose every observed non-missing value is labelled is `kategori`
 * with the labelled non-missing codes; other numerics are `heltal` when
 * every value is a whole number and the format shows no decimals (SPSS
 * Fw.0, Stata integer types or %w.0f), else `decimaltal`.  SPSS
 * user-missing values (discrete, or a range: the labelled and observed
 * codes in it) are missing codes with their labels; the system-missing
 * value, Stata's . and .a-.z and SPSS's empty string are the empty cell,
 * which every variable allows (`tom`).
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readstat.h>
#include <sodium.h>

#include "import_priv.h"
#include "kl_pnr.h"
#include "util_priv.h"

#define MAX_DISTINCT 256 /* observed values tracked per numeric variable */

struct rlabel {
	char *set;
	double value;
	int tagged; /* a Stata .a-.z: not a code */
	char *label;
};

struct rvar {
	char *name;
	char *label;
	char *set; /* value label set, or NULL */
	int is_string;
	int int_format; /* the format or storage type shows no decimals */
	int all_whole;  /* every observed value is a whole number */
	int nmiss;      /* SPSS missing values / ranges */
	double mlo[3], mhi[3];
	size_t ndistinct; /* observed non-missing numeric values */
	double distinct[MAX_DISTINCT];
	int overflow; /* more than MAX_DISTINCT */
	size_t nmvals;
	double mvals[MAX_DISTINCT]; /* observed user-missing values */
};

struct rs {
	const char *path;
	const char *fname;
	struct kl_error *err;
	int failed;
	int nvars;
	struct rvar *vars;
	int row; /* the case being written */
	int col; /* the next variable expected */
	size_t nlab, caplab;
	struct rlabel *labs;
	struct kli_sb csv;
	char encoding[24];
};

int kli_readstat_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return 0;
	return !strcasecmp(dot, ".sav") || !strcasecmp(dot, ".zsav") ||
	       !strcasecmp(dot, ".dta");
}

static int is_dta(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && !strcasecmp(dot, ".dta");
}

static int nomem(struct rs *r)
{
	if (!r->failed)
		kli_oom(r->err);
	r->failed = 1;
	return READSTAT_HANDLER_ABORT;
}

/* A personnummer in a name or label stops the import; it is never shown. */
static int check_pnr(struct rs *r, const char *s, const char *what,
                     const char *var)
{
	struct kl_pnr p;
	char mask[24];

	if (!s || kl_pnr_find(s, strlen(s), &p) == KL_PNR_NONE)
		return 0;
	kl_pnr_mask(s, &p, mask, sizeof(mask));
	sodium_memzero(&p, sizeof(p));
	if (!r->failed)
		kl_error_at(r->err, KL_ERR_PRIVACY, r->path, 0, 0,
		            "expected no direct identifier, found a %s (%s) "
		            "in %s%s%s%s; remove it before importing",
		            p.kind == KL_PNR_SAMORDNINGSNUMMER
		                ? "samordningsnummer"
		                : "personnummer",
		            mask, what, var ? " '" : "", var ? var : "",
		            var ? "'" : "");
	r->failed = 1;
	return 1;
}

static int on_metadata(readstat_metadata_t *md, void *ctx)
{
	struct rs *r = ctx;
	const char *enc = readstat_get_file_encoding(md);
	int n = readstat_get_var_count(md);

	snprintf(r->encoding, sizeof(r->encoding), "%s",
	         enc && *enc ? enc : "utf-8");
	for (char *p = r->encoding; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (n <= 0) {
		kl_error_at(r->err, KL_ERR_PARSE, r->path, 0, 0,
		            "expected at least one variable in the file");
		r->failed = 1;
		return READSTAT_HANDLER_ABORT;
	}
	r->vars = calloc((size_t)n, sizeof(*r->vars));
	if (!r->vars)
		return nomem(r);
	r->nvars = n;
	return READSTAT_HANDLER_OK;
}

/* Does a display format show decimals?  SPSS F8.2, Stata %9.2f. */
static int format_has_decimals(const char *f)
{
	const char *dot;
	if (!f || !*f)
		return 1;
	if (f[0] == '%') {
		/* Stata: %w.dg is general: it says nothing; %w.df is fixed */
		size_t n = strlen(f);
		dot = strchr(f, '.');
		if (!dot || n < 2)
			return 1;
		if (f[n - 1] == 'f' || f[n - 1] == 'c')
			return atoi(dot + 1) > 0;
		return 1;
	}
	dot = strchr(f, '.');
	return dot ? atoi(dot + 1) > 0 : 0;
}

static int on_variable(int index, readstat_variable_t *v, const char *vl,
                       void *ctx)
{
	struct rs *r = ctx;
	struct rvar *x;
	const char *name = readstat_variable_get_name(v);
	const char *label = readstat_variable_get_label(v);
	readstat_type_t t = readstat_variable_get_type(v);

	if (!r->vars || index < 0 || index >= r->nvars)
		return READSTAT_HANDLER_ABORT;
	x = &r->vars[index];
	if (check_pnr(r, name, "the name of a variable", NULL) ||
	    check_pnr(r, label, "the label of variable", name))
		return READSTAT_HANDLER_ABORT;
	x->name = strdup(name ? name : "");
	x->label = label && *label ? strdup(label) : NULL;
	x->set = vl && *vl ? strdup(vl) : NULL;
	if (!x->name || (label && *label && !x->label) ||
	    (vl && *vl && !x->set))
		return nomem(r);
	x->is_string =
	    readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING;
	x->all_whole = 1;
	if (t == READSTAT_TYPE_INT8 || t == READSTAT_TYPE_INT16 ||
	    t == READSTAT_TYPE_INT32)
		x->int_format = 1;
	else
		x->int_format =
		    !format_has_decimals(readstat_variable_get_format(v));
	int nm = readstat_variable_get_missing_ranges_count(v);
	for (int i = 0; i < nm && i < 3; i++) {
		readstat_value_t lo =
		    readstat_variable_get_missing_range_lo(v, i);
		readstat_value_t hi =
		    readstat_variable_get_missing_range_hi(v, i);
		if (readstat_value_type_class(lo) !=
		    READSTAT_TYPE_CLASS_NUMERIC)
			continue;
		x->mlo[x->nmiss] = readstat_double_value(lo);
		x->mhi[x->nmiss] = readstat_double_value(hi);
		x->nmiss++;
	}
	return READSTAT_HANDLER_OK;
}

static void remember(double *set, size_t *n, int *overflow, double d)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == d)
			return;
	if (*n < MAX_DISTINCT)
		set[(*n)++] = d;
	else
		*overflow = 1;
}

/* Write a number so that kl_parse_number reads back the same double. */
static int put_number(struct kli_sb *b, double d)
{
	if (d == floor(d) && fabs(d) < 9007199254740992.0)
		return kli_sb_appendf(b, "%.0f", d);
	return kli_sb_appendf(b, "%.17g", d);
}

static int put_quoted(struct kli_sb *b, const char *s)
{
	int rc = kli_sb_append(b, "\"");
	for (const char *p = s; !rc && *p; p++) {
		const char *q = strchr(p, '"');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		rc = kli_sb_appendn(b, p, n);
		if (!rc && q)
			rc = kli_sb_append(b, "\"\"");
		p += n;
		if (!q)
			break;
	}
	return rc ? rc : kli_sb_append(b, "\"");
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t val,
                    void *ctx)
{
	struct rs *r = ctx;
	int i = readstat_variable_get_index(v);
	struct rvar *x;
	int rc = 0;

	if (i < 0 || i >= r->nvars)
		return READSTAT_HANDLER_ABORT;
	x = &r->vars[i];
	if (obs != r->row || i != r->col) {
		kl_error_at(r->err, KL_ERR_PARSE, r->path, 0, 0,
		            "expected the values case by case");
		r->failed = 1;
		return READSTAT_HANDLER_ABORT;
	}
	if (i > 0)
		rc = kli_sb_append(&r->csv, ",");
	if (readstat_value_type_class(val) == READSTAT_TYPE_CLASS_STRING) {
		const char *s = readstat_string_value(val);
		rc = rc ? rc : put_quoted(&r->csv, s ? s : "");
	} else if (readstat_value_is_system_missing(val) ||
	           readstat_value_is_tagged_missing(val)) {
		/* the empty cell */
	} else {
		double d = readstat_double_value(val);
		if (!isfinite(d)) {
			kl_error_at(r->err, KL_ERR_PARSE, r->path,
			            (unsigned long)obs + 2,
			            (unsigned long)i + 1,
			            "expected a number, got an infinite value");
			r->failed = 1;
			return READSTAT_HANDLER_ABORT;
		}
		if (d != floor(d))
			x->all_whole = 0;
		if (readstat_value_is_defined_missing(val, v))
			remember(x->mvals, &x->nmvals, &x->overflow, d);
		else
			remember(x->distinct, &x->ndistinct, &x->overflow, d);
		rc = rc ? rc : put_number(&r->csv, d);
	}
	r->col++;
	if (r->col == r->nvars) {
		r->col = 0;
		r->row++;
		rc = rc ? rc : kli_sb_append(&r->csv, "\n");
	}
	return rc ? nomem(r) : READSTAT_HANDLER_OK;
}

static int on_value_label(const char *set, readstat_value_t val,
                          const char *label, void *ctx)
{
	struct rs *r = ctx;
	struct rlabel *l;

	if (check_pnr(r, label, "a value label of label set", set))
		return READSTAT_HANDLER_ABORT;
	if (readstat_value_type_class(val) != READSTAT_TYPE_CLASS_NUMERIC)
		return READSTAT_HANDLER_OK; /* string labels: kept as text */
	if (r->nlab == r->caplab) {
		size_t nc = r->caplab ? r->caplab * 2 : 32;
		struct rlabel *nl = realloc(r->labs, nc * sizeof(*nl));
		if (!nl)
			return nomem(r);
		r->labs = nl;
		r->caplab = nc;
	}
	l = &r->labs[r->nlab];
	l->tagged = readstat_value_is_tagged_missing(val) ||
	            readstat_value_is_system_missing(val);
	l->value = l->tagged ? 0 : readstat_double_value(val);
	l->set = strdup(set ? set : "");
	l->label = strdup(label ? label : "");
	if (!l->set || !l->label) {
		free(l->set);
		free(l->label);
		return nomem(r);
	}
	r->nlab++;
	return READSTAT_HANDLER_OK;
}

static const char *label_of(const struct rs *r, const char *set, double d)
{
	if (!set)
		return NULL;
	for (size_t i = 0; i < r->nlab; i++)
		if (!r->labs[i].tagged && r->labs[i].value == d &&
		    !strcmp(r->labs[i].set, set))
			return r->labs[i].label;
	return NULL;
}

static int is_user_missing(const struct rvar *x, double d)
{
	for (int k = 0; k < x->nmiss; k++)
		if (d >= x->mlo[k] && d <= x->mhi[k])
			return 1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A label inside a code list: '|' would end the code, a newline the row. */
static int label_ok(struct rs *r, const struct rvar *x, const char *l)
{
	if (!strpbrk(l, "|\n\r"))
		return 1;
	kl_error_at(r->err, KL_ERR_PARSE, r->path, 0, 0,
	            "a value label of variable '%s' contains '|' or a line "
	            "break, which a codebook cannot hold; give --codebook",
	            x->name);
	r->failed = 1;
	return 0;
}

/* Append "code=label" items (sorted by code) for the given codes. */
static int put_codes(struct rs *r, struct kli_sb *b, const struct rvar *x,
                     double *codes, size_t n, int *first)
{
	qsort(codes, n, sizeof(*codes), cmp_double);
	for (size_t k = 0; k < n; k++) {
		const char *l = label_of(r, x->set, codes[k]);
		if (!*first && kli_sb_append(b, "|"))
			return -1;
		*first = 0;
		if (put_number(b, codes[k]))
			return -1;
		if (l && *l) {
			if (!label_ok(r, x, l))
				return 1;
			if (kli_sb_append(b, "=") || kli_sb_append(b, l))
				return -1;
		}
	}
	return 0;
}

/* Build the codebook (kartlagg-codebook(5), ';'-separated) in cb. */
static int build_codebook(struct rs *r, struct kli_sb *cb)
{
	int rc = kli_sb_append(cb, "kolumn;kortnamn;etikett;typ;"
	                           "giltiga_koder;bortfallskoder\n")
	             ? KL_ERR_NOMEM
	             : 0;
	for (int i = 0; !rc && i < r->nvars; i++) {
		struct rvar *x = &r->vars[i];
		struct kli_sb valid = {0}, miss = {0};
		double codes[2 * MAX_DISTINCT];
		size_t nc = 0;
		const char *type;
		int first = 1, cat = 0;

		if (x->is_string) {
			type = "text";
		} else {
			/* kategori: every observed non-missing value labelled
			 */
			cat = x->set && !x->overflow && x->all_whole;
			for (size_t k = 0; cat && k < x->ndistinct; k++)
				if (!label_of(r, x->set, x->distinct[k]) &&
				    !is_user_missing(x, x->distinct[k]))
					cat = 0;
			if (cat)
				type = "kategori";
			else if (x->int_format && x->all_whole)
				type = "heltal";
			else
				type = "decimaltal";
		}
		/* the valid codes: the labelled non-missing ones */
		for (size_t k = 0; cat && k < r->nlab; k++)
			if (!r->labs[k].tagged &&
			    !strcmp(r->labs[k].set, x->set) &&
			    !is_user_missing(x, r->labs[k].value) &&
			    nc < MAX_DISTINCT)
				codes[nc++] = r->labs[k].value;
		int prc = cat ? put_codes(r, &valid, x, codes, nc, &first) : 0;
		/* the missing codes: discrete ones, and in a range those
		 * labelled or observed */
		nc = 0;
		first = 1;
		for (int k = 0; !prc && !x->is_string && k < x->nmiss; k++) {
			if (x->mlo[k] == x->mhi[k]) {
				codes[nc++] = x->mlo[k];
				continue;
			}
			for (size_t j = 0; j < r->nlab; j++)
				if (x->set && !r->labs[j].tagged &&
				    !strcmp(r->labs[j].set, x->set) &&
				    r->labs[j].value >= x->mlo[k] &&
				    r->labs[j].value <= x->mhi[k] &&
				    nc < 2 * MAX_DISTINCT)
					codes[nc++] = r->labs[j].value;
		}
		for (size_t j = 0; !prc && j < x->nmvals; j++)
			if (nc < 2 * MAX_DISTINCT)
				codes[nc++] = x->mvals[j];
		/* drop duplicates after sorting */
		qsort(codes, nc, sizeof(*codes), cmp_double);
		size_t u = 0;
		for (size_t j = 0; j < nc; j++)
			if (!u || codes[u - 1] != codes[j])
				codes[u++] = codes[j];
		if (!prc)
			prc = put_codes(r, &miss, x, codes, u, &first);
		if (!prc)
			prc = kli_sb_append(&miss, first ? "tom" : "|tom");
		if (prc > 0) {
			rc = KL_ERR_PARSE;
		} else if (prc < 0 || valid.failed || miss.failed) {
			rc = KL_ERR_NOMEM;
		} else {
			if (kli_sb_append(cb, x->name) ||
			    kli_sb_append(cb, ";") ||
			    kli_sb_append(cb, x->name) ||
			    kli_sb_append(cb, ";") ||
			    (x->label && put_quoted(cb, x->label)) ||
			    kli_sb_appendf(cb, ";%s;", type) ||
			    put_quoted(cb, kli_sb_str(&valid)) ||
			    kli_sb_append(cb, ";") ||
			    put_quoted(cb, kli_sb_str(&miss)) ||
			    kli_sb_append(cb, "\n"))
				rc = KL_ERR_NOMEM;
		}
		kli_sb_free(&valid);
		kli_sb_free(&miss);
	}
	if (rc == KL_ERR_NOMEM)
		kli_oom(r->err);
	return rc;
}

int kli_mem_file(const char *what, const char *s, size_t n)
{
	int fd = memfd_create(what, MFD_CLOEXEC);
	size_t done = 0;
	if (fd < 0)
		return -1;
	while (done < n) {
		ssize_t w = write(fd, s + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return fd;
}

int kli_hash_file(const char *path, char *hex, size_t hexn,
                  unsigned long long *size)
{
	unsigned char buf[65536], dig[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_hash_sha256_update(&h, buf, n);
		*size += n;
	}
	int bad = ferror(f);
	fclose(f);
	crypto_hash_sha256_final(&h, dig);
	sodium_bin2hex(hex, hexn, dig, sizeof(dig));
	return bad ? -1 : 0;
}

/* Messages about the in-memory files name the original file instead. */
struct fix_ctx {
	const struct kl_import_opts *o;
	const char *csv, *cb, *path, *cb_name;
};

static void fix_path(const struct fix_ctx *f, struct kl_error *e)
{
	if (!strcmp(e->path, f->csv))
		snprintf(e->path, sizeof(e->path), "%s", f->path);
	else if (f->cb && !strcmp(e->path, f->cb))
		snprintf(e->path, sizeof(e->path), "%s", f->cb_name);
}

static void fix_problem(void *ctx, const struct kl_error *e)
{
	const struct fix_ctx *f = ctx;
	struct kl_error c = *e;
	fix_path(f, &c);
	if (f->o->problem)
		f->o->problem(f->o->ctx, &c);
}

static int fix_progress(void *ctx, unsigned long long done,
                        unsigned long long total)
{
	const struct fix_ctx *f = ctx;
	return f->o->progress ? f->o->progress(f->o->ctx, done, total) : 0;
}

static void rs_release(struct rs *r)
{
	for (int i = 0; r->vars && i < r->nvars; i++) {
		free(r->vars[i].name);
		free(r->vars[i].label);
		free(r->vars[i].set);
	}
	free(r->vars);
	for (size_t i = 0; i < r->nlab; i++) {
		free(r->labs[i].set);
		free(r->labs[i].label);
	}
	free(r->labs);
	if (r->csv.s)
		sodium_memzero(r->csv.s, r->csv.cap);
	kli_sb_free(&r->csv);
}

int kli_import_readstat(struct kl_store *st, const char *path,
                        const struct kl_import_opts *o,
                        struct kl_import_result *res, struct kl_error *err)
{
	struct rs r;
	struct kli_sb cb = {0};
	struct kli_import_src src = {0};
	struct kl_import_opts io = *o;
	struct fix_ctx fx = {0};
	readstat_parser_t *p = NULL;
	readstat_error_t re;
	char sha[65], csv_path[64], cb_path[64], cb_name[300];
	unsigned long long size = 0;
	int csv_fd = -1, cb_fd = -1, rc;
	const char *kind =
	    is_dta(path) ? "a Stata .dta file" : "an SPSS .sav file";

	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	r.path = path;
	r.fname = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	r.err = err;
	{
		struct stat sb;
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			rc = kl_error_set(
			    err, KL_ERR_NOINPUT,
			    "cannot read '%s': not a regular file", path);
			goto out;
		}
	}
	if (kli_hash_file(path, sha, sizeof(sha), &size)) {
		rc = kl_error_sys(err, KL_ERR_NOINPUT, errno,
		                  "cannot open '%s'", path);
		goto out;
	}
	p = readstat_parser_init();
	if (!p) {
		rc = kli_oom(err);
		goto out;
	}
	readstat_set_metadata_handler(p, on_metadata);
	readstat_set_variable_handler(p, on_variable);
	readstat_set_value_handler(p, on_value);
	readstat_set_value_label_handler(p, on_value_label);
	readstat_set_handler_character_encoding(p, "UTF-8");
	re = is_dta(path) ? readstat_parse_dta(p, path, &r)
	                  : readstat_parse_sav(p, path, &r);
	if (r.failed) {
		rc = err->status;
		goto out;
	}
	if (re != READSTAT_OK) {
		rc = kl_error_at(err,
		                 re == READSTAT_ERROR_OPEN ? KL_ERR_NOINPUT
		                                           : KL_ERR_PARSE,
		                 path, 0, 0,
		                 "expected %s, but it cannot be read as one "
		                 "(ReadStat: %s)",
		                 kind, readstat_error_message(re));
		goto out;
	}
	if (!r.vars || r.col != 0) {
		rc = kl_error_at(err, KL_ERR_PARSE, path, 0, 0,
		                 "expected %s with whole cases", kind);
		goto out;
	}

	/* the CSV export: the header, then the cases written above */
	{
		struct kli_sb all = {0};
		for (int i = 0; i < r.nvars; i++)
			if ((i && kli_sb_append(&all, ",")) ||
			    put_quoted(&all, r.vars[i].name))
				break;
		kli_sb_append(&all, "\n");
		kli_sb_appendn(&all, kli_sb_str(&r.csv), r.csv.len);
		if (all.failed) {
			kli_sb_free(&all);
			rc = kli_oom(err);
			goto out;
		}
		csv_fd =
		    kli_mem_file("kartlagg-survey", kli_sb_str(&all), all.len);
		sodium_memzero(all.s, all.cap);
		kli_sb_free(&all);
	}
	if (!o->codebook) {
		rc = build_codebook(&r, &cb);
		if (rc)
			goto out;
		cb_fd =
		    kli_mem_file("kartlagg-codebook", kli_sb_str(&cb), cb.len);
	}
	if (csv_fd < 0 || (!o->codebook && cb_fd < 0)) {
		err->sys_errno = errno;
		rc =
		    kl_error_set(err, KL_ERR_IO,
		                 "cannot hold the converted file in memory: %s",
		                 strerror(errno));
		goto out;
	}
	snprintf(csv_path, sizeof(csv_path), "/proc/self/fd/%d", csv_fd);
	snprintf(cb_path, sizeof(cb_path), "/proc/self/fd/%d", cb_fd);
	snprintf(cb_name, sizeof(cb_name), "%s (value labels)", r.fname);

	src.path = path;
	src.name = r.fname;
	src.sha256 = sha;
	src.size = size;
	src.encoding = r.encoding[0] ? r.encoding : "utf-8";
	src.format = is_dta(path) ? "dta" : "sav";
	src.cb_name = o->codebook ? NULL : cb_name;
	fx.o = o;
	fx.csv = csv_path;
	fx.cb = o->codebook ? NULL : cb_path;
	fx.path = path;
	fx.cb_name = cb_name;
	io.encoding = "utf-8";
	io.delimiter = ',';
	if (!o->codebook)
		io.codebook = cb_path;
	io.problem = o->problem ? fix_problem : NULL;
	io.progress = o->progress ? fix_progress : NULL;
	io.ctx = &fx;
	rc = kli_import_survey_as(st, csv_path, &src, &io, res, err);
	if (rc)
		fix_path(&fx, err);
out:
	if (p)
		readstat_parser_free(p);
	if (csv_fd >= 0)
		close(csv_fd);
	if (cb_fd >= 0)
		close(cb_fd);
	kli_sb_free(&cb);
	rs_release(&r);
	if (!res->info.name[0])
		snprintf(res->info.name, sizeof(res->info.name), "%s",
		         strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	return rc;
}
