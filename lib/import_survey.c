/*
 * import_survey.c - survey exports into the store, one transaction a file.
 *
 * With a codebook every cell is checked against its variable's type, codes
 * and missing codes and stored typed; without one, a first pass infers
 * integer, decimal or text per column (codes with leading zeros stay text)
 * and a second pass stores.  Every stored row carries its import id and
 * the physical line it came from.  Any cell holding a personnummer or
 * samordningsnummer stops the import; the number is never echoed.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "import_priv.h"
#include "kl_codebook.h"
#include "kl_import.h"
#include "kl_pnr.h"
#include "kl_version.h"
#include "store_priv.h"
#include "util_priv.h"

struct imp {
	struct kl_store *st;
	const struct kl_import_opts *o;
	struct kl_import_result *res;
	struct kl_error *err;
	const char *path;

	struct kl_codebook *cb;
	struct kl_cbvar *inferred; /* no codebook: one per column */
	size_t ncols;
	const struct kl_cbvar **colvar;
	char **headers;

	/* inference (no codebook) */
	int pass; /* 0 = infer, 1 = store */
	unsigned char *not_int, *not_num, *seen;
	unsigned long sniff; /* pass 0 stops after this many rows (0: never) */
	int spec;            /* pass 1 stores with types guessed from them */
	int spec_failed;     /* a cell contradicted the guess */
	unsigned char *spec_chk; /* per column: SPEC_DECIMAL, SPEC_UNSEEN */

	size_t nkey;
	int *keycol;
	unsigned char *nine_ok; /* per column: 9 digits are a code there */
	sqlite3_stmt *ins;
	long long import_id;
	long long sid;
	char *qtable;

	unsigned long problems;
	struct kl_error first;
	unsigned max_errors;
	struct kl_error *plist; /* problems, reported in order at the end */
	size_t nplist, capplist;

	struct pipe *pipe; /* pass 1: the thread that stores the rows */
	struct batch *cur; /* the batch being filled, or NULL */

	/* a new round of a survey in the store (kartlagg-import(1), ROUNDS) */
	int append;
	int cb_from_survey;  /* cb was made from the survey's variables */
	char *round_var;     /* the round variable's short name, or NULL */
	long round_col;      /* its column, -1 = none */
	struct rval *rounds; /* the file's rounds, in order of appearance */
	size_t nrounds;
	char *table;        /* the survey's data table (append) */
	long long next_row; /* _row of the next row stored (storer thread) */
};

/* A round: a typed value of the round variable. */
struct rval {
	int kind; /* KL_V_INT, KL_V_REAL, KL_V_TEXT */
	long long i;
	double d;
	char *s;
};

/*
 * Pass 1 runs as a pipeline: this thread reads, converts and checks the
 * cells into batches of typed values; a second thread binds them and
 * steps the INSERT.  Only the second thread uses the connection until it
 * is joined.  A bounded ring of batches keeps memory flat.
 */
#define BATCH_ROWS 1024
#define NBATCH 4

struct cellv {
	int kind; /* KL_V_NULL, KL_V_INT, KL_V_REAL, KL_V_TEXT */
	size_t len;
	union {
		sqlite3_int64 i;
		double d;
		size_t off; /* into batch.text */
	} u;
};

struct batch {
	size_t nrows;
	unsigned long lines[BATCH_ROWS];
	struct cellv *cells; /* BATCH_ROWS * ncols */
	char *text;
	size_t tlen, tcap;
};

struct pipe {
	struct imp *m;
	pthread_t th;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[NBATCH];
	unsigned long w, r; /* batches handed over / finished */
	int done;           /* the reader has handed over its last batch */
	int failed;         /* the storer stopped: see status, err */
	int status;
	int is_problem; /* err is a duplicate key (a problem), not fatal */
	int reported;   /* pipe_finish() has passed the failure on */
	int sync;       /* no thread could be started: store inline */
	struct kl_error err;
	unsigned long long stored;
};

/*
 * Without a codebook, the types are first guessed from the first
 * SNIFF_ROWS rows and the file is stored in one pass with them (spec);
 * a cell that contradicts the guess, or any problem, undoes that pass and
 * the file is read again as before: once to infer, once to store.  So the
 * result is always that of the two passes.
 */
#define SNIFF_ROWS 10000
#define SNIFF_DONE 1000 /* on_record: the sniff has its rows (no error) */
enum { SPEC_DECIMAL = 1, SPEC_UNSEEN = 2 };

/* Record a problem; returns nonzero when reading must stop (at once in a
 * speculative pass, which is then redone). */
static int problem(struct imp *m, const struct kl_error *e)
{
	if (m->spec)
		m->spec_failed = 1;
	if (m->problems == 0)
		m->first = *e;
	m->problems++;
	if (m->nplist == m->capplist) {
		size_t nc = m->capplist ? m->capplist * 2 : 8;
		struct kl_error *np = realloc(m->plist, nc * sizeof(*np));
		if (np) {
			m->plist = np;
			m->capplist = nc;
		}
	}
	if (m->nplist < m->capplist)
		m->plist[m->nplist++] = *e;
	return m->spec || m->problems >= m->max_errors;
}

/* Hand the problems to the caller, in the order of the file. */
static void report_problems(struct imp *m)
{
	size_t n = m->nplist < m->max_errors ? m->nplist : m->max_errors;
	/* a duplicate key found late by the storer goes before problems
	 * the reader found meanwhile; those beyond the limit are dropped */
	if (m->problems > m->max_errors)
		m->problems = m->max_errors;
	for (size_t i = 0; m->o->problem && i < n; i++)
		m->o->problem(m->o->ctx, &m->plist[i]);
	free(m->plist);
	m->plist = NULL;
	m->nplist = m->capplist = 0;
}

static int problem_at(struct imp *m, enum kl_status s, unsigned long line,
                      unsigned long col, const char *fmt, const char *detail)
{
	struct kl_error e;
	kl_error_clear(&e);
	kl_error_at(&e, s, m->path, line, col, fmt, detail);
	if (col && col <= m->ncols && m->headers)
		snprintf(e.field, sizeof(e.field), "%s", m->headers[col - 1]);
	return problem(m, &e);
}

static char *base_no_ext(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	const char *dot = strrchr(b, '.');
	size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, b, n);
		s[n] = 0;
	}
	return s;
}

/* ---- the header --------------------------------------------------------- */

static const char *const reserved[] = {"_row", "_import_id", "_line"};

static int take_header(struct imp *m, const struct kl_csv_record *rec)
{
	/* each answer is a column: SQLite's column limit, less ours */
	int limit =
	    sqlite3_limit(kli_store_db(m->st), SQLITE_LIMIT_COLUMN, -1) -
	    (int)(sizeof(reserved) / sizeof(reserved[0]));
	if (rec->nfields > (size_t)limit) {
		char d[32];
		snprintf(d, sizeof(d), "%d", limit);
		problem_at(m, KL_ERR_PARSE, rec->line, (unsigned long)limit + 1,
		           "expected at most %s columns in a survey export "
		           "(the store's limit)",
		           d);
		return KL_ERR_PARSE;
	}
	m->ncols = rec->nfields;
	m->headers = calloc(m->ncols, sizeof(char *));
	m->colvar = calloc(m->ncols, sizeof(*m->colvar));
	m->not_int = calloc(m->ncols + 1, 1);
	m->not_num = calloc(m->ncols + 1, 1);
	m->seen = calloc(m->ncols + 1, 1);
	if (!m->headers || !m->colvar || !m->not_int || !m->not_num || !m->seen)
		return kli_oom(m->err);
	for (size_t i = 0; i < m->ncols; i++) {
		m->headers[i] = strdup(rec->fields[i]);
		if (!m->headers[i])
			return kli_oom(m->err);
	}
	for (size_t i = 0; i < m->ncols; i++) {
		unsigned long col = (unsigned long)i + 1;
		struct kl_pnr p;
		/* a personnummer as a column name (a file without its header
		 * line) must neither be stored nor echoed */
		if (kl_pnr_find(rec->fields[i], rec->lens[i], &p) !=
		    KL_PNR_NONE) {
			char mask[24];
			kl_pnr_mask(rec->fields[i], &p, mask, sizeof(mask));
			free(m->headers[i]);
			m->headers[i] = strdup(mask);
			if (!m->headers[i])
				return kli_oom(m->err);
			if (problem_at(m, KL_ERR_PRIVACY, rec->line, col,
			               "expected a column name, found a "
			               "personnummer; is the header line "
			               "missing?%s",
			               ""))
				return KL_ERR_PRIVACY;
			continue;
		}
		if (rec->lens[i] == 0) {
			if (problem_at(m, KL_ERR_PARSE, rec->line, col,
			               "expected a column name, got an empty "
			               "header%s",
			               ""))
				return KL_ERR_PARSE;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(m->headers[j], m->headers[i])) {
				char d[64];
				snprintf(d, sizeof(d), "%zu", j + 1);
				if (problem_at(m, KL_ERR_PARSE, rec->line, col,
				               "duplicate column name (also "
				               "column %s)",
				               d))
					return KL_ERR_PARSE;
			}
		if (m->cb) {
			m->colvar[i] =
			    kl_codebook_by_header(m->cb, m->headers[i]);
			if (!m->colvar[i] && m->cb_from_survey &&
			    problem_at(m, KL_ERR_PARSE, rec->line, col,
			               "expected a column of survey '%s'; "
			               "this header is not in it (a round has "
			               "the survey's columns, no new ones)",
			               m->res->survey))
				return KL_ERR_PARSE;
			if (!m->colvar[i] && !m->cb_from_survey &&
			    problem_at(m, KL_ERR_PARSE, rec->line, col,
			               "expected a column the codebook "
			               "describes; this header is not in "
			               "it%s",
			               ""))
				return KL_ERR_PARSE;
		} else {
			for (size_t k = 0; k < 3; k++)
				if (!strcmp(m->headers[i], reserved[k]) &&
				    problem_at(m, KL_ERR_PARSE, rec->line, col,
				               "the column name '%s' is "
				               "reserved by kartlagg",
				               reserved[k]))
					return KL_ERR_PARSE;
		}
	}
	if (m->cb) {
		for (size_t k = 0; k < m->cb->nvars; k++) {
			int found = 0;
			for (size_t i = 0; i < m->ncols; i++)
				if (m->colvar[i] == &m->cb->vars[k])
					found = 1;
			if (!found) {
				struct kl_error e;
				kl_error_clear(&e);
				if (m->cb_from_survey)
					kl_error_at(&e, KL_ERR_PARSE, m->path,
					            rec->line, 0,
					            "survey '%s' has a column "
					            "'%s' that is missing from "
					            "the file (a round has the "
					            "survey's columns)",
					            m->res->survey,
					            m->cb->vars[k].header);
				else
					kl_error_at(
					    &e, KL_ERR_PARSE, m->path,
					    rec->line, 0,
					    "the codebook's column '%s' "
					    "(codebook line %lu) is missing "
					    "from the file",
					    m->cb->vars[k].name,
					    m->cb->vars[k].line);
				if (problem(m, &e))
					return KL_ERR_PARSE;
			}
		}
	}
	return m->problems ? KL_ERR_PARSE : KL_OK;
}

static const char *col_name(const struct imp *m, size_t i)
{
	return m->cb ? m->colvar[i]->name : m->headers[i];
}

/*
 * Each name of the comma-separated list `names` (short names with a
 * codebook, header text without) as a column: take(m, i) is called with
 * its index.  KL_ERR_USAGE, naming `option`, for a name that is no column.
 */
static int each_column(struct imp *m, const char *names, const char *option,
                       void (*take)(struct imp *m, size_t i))
{
	const char *p = names;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		size_t i;
		for (i = 0; i < m->ncols; i++) {
			const char *nm = col_name(m, i);
			if (strlen(nm) == n && !memcmp(nm, p, n))
				break;
		}
		if (i == m->ncols)
			return kl_error_set(m->err, KL_ERR_USAGE,
			                    "%s names '%.*s', which is not a "
			                    "column of the survey",
			                    option, (int)n, p);
		take(m, i);
		p += n;
		if (*p == ',')
			p++;
	}
	return KL_OK;
}

static void take_key(struct imp *m, size_t i)
{
	if (m->nkey < m->ncols)
		m->keycol[m->nkey++] = (int)i;
}

static void take_nine(struct imp *m, size_t i)
{
	m->nine_ok[i] = 1;
}

/* Resolve --key (or the codebook's nyckel) to columns. */
static int resolve_key(struct imp *m)
{
	m->keycol = calloc(m->ncols + 1, sizeof(int));
	if (!m->keycol)
		return kli_oom(m->err);
	if (!m->o->key) {
		for (size_t i = 0; i < m->ncols; i++)
			if (m->cb && m->colvar[i] && m->colvar[i]->key)
				m->keycol[m->nkey++] = (int)i;
		return KL_OK;
	}
	return each_column(m, m->o->key, "--key", take_key);
}

/*
 * Which columns may hold 9-digit codes: the codebook's "text (9 siffror)"
 * columns and those o->nine_digit_codes names (KL_ERR_USAGE for a name
 * that is no column).
 */
static int resolve_nine(struct imp *m)
{
	m->nine_ok = calloc(m->ncols + 1, 1);
	if (!m->nine_ok)
		return kli_oom(m->err);
	for (size_t i = 0; i < m->ncols; i++)
		if (m->cb && m->colvar[i] && m->colvar[i]->type == KL_VT_TEXT &&
		    m->colvar[i]->digits == 9)
			m->nine_ok[i] = 1;
	return each_column(m, m->o->nine_digit_codes, "--nine-digit-codes",
	                   take_nine);
}

/* ---- type inference (no codebook) ---------------------------------------- */

/* Does the cell s (n > 0 bytes) start with a zero followed by a digit,
 * after an optional sign: a code such as 007, never a number? */
static int leading_zero(const char *s, size_t n)
{
	size_t k = (s[0] == '-' || s[0] == '+') ? 1 : 0;
	return n > k + 1 && s[k] == '0' && s[k + 1] >= '0' && s[k + 1] <= '9';
}

/* Fold the cell s (n bytes) of column i into its inferred type. */
static void infer_cell(struct imp *m, size_t i, const char *s, size_t n)
{
	long long x;
	double d;
	if (n == 0)
		return;
	m->seen[i] = 1;
	if (!m->not_int[i] && kl_parse_int(s, n, &x))
		m->not_int[i] = 1;
	if (!m->not_num[i]) {
		if (leading_zero(s, n) || kl_parse_number(s, n, &d, NULL))
			m->not_num[i] = 1;
	}
}

/*
 * In a speculative pass, check what kl_cbvar_check does not: no decimal
 * column's cell has a leading zero, and a column still unseen gets the
 * type its cells would give it.  0, or nonzero (m->spec_failed set) when
 * the guess is wrong and the pass must stop.
 */
static int spec_check(struct imp *m, const struct kl_csv_record *rec)
{
	for (size_t i = 0; i < m->ncols; i++) {
		if (!m->spec_chk[i] || rec->lens[i] == 0)
			continue;
		if (m->spec_chk[i] == SPEC_DECIMAL) {
			if (leading_zero(rec->fields[i], rec->lens[i])) {
				m->spec_failed = 1;
				return KL_ERR_PARSE;
			}
		} else {
			infer_cell(m, i, rec->fields[i], rec->lens[i]);
			if (!m->not_num[i] || !m->not_int[i]) {
				/* a number in a column guessed text */
				m->spec_failed = 1;
				return KL_ERR_PARSE;
			}
			m->spec_chk[i] = 0; /* text, whatever follows */
		}
	}
	return 0;
}

static int build_inferred(struct imp *m)
{
	m->inferred = calloc(m->ncols, sizeof(*m->inferred));
	if (!m->inferred)
		return kli_oom(m->err);
	for (size_t i = 0; i < m->ncols; i++) {
		struct kl_cbvar *v = &m->inferred[i];
		if (m->spec_chk)
			m->spec_chk[i] = !m->seen[i] ? SPEC_UNSEEN
			                 : m->not_int[i] && !m->not_num[i]
			                     ? SPEC_DECIMAL
			                     : 0;
		v->header = m->headers[i];
		v->name = m->headers[i];
		v->empty_ok = 1;
		if (m->seen[i] && !m->not_int[i]) {
			v->type = KL_VT_INTEGER;
			v->storage = KL_ST_INTEGER;
		} else if (m->seen[i] && !m->not_num[i]) {
			v->type = KL_VT_DECIMAL;
			v->storage = KL_ST_REAL;
		} else {
			v->type = KL_VT_TEXT;
			v->storage = KL_ST_TEXT;
		}
		m->colvar[i] = v;
	}
	return KL_OK;
}

/* ---- the store side -------------------------------------------------- */

static const char *type_name(enum kl_vartype t)
{
	switch (t) {
	case KL_VT_INTEGER:
		return "integer";
	case KL_VT_DECIMAL:
		return "decimal";
	case KL_VT_TEXT:
		return "text";
	case KL_VT_CATEGORY:
		return "category";
	case KL_VT_MULTI:
		return "multi";
	}
	return "text";
}

static const char *storage_name(enum kl_storage s)
{
	return s == KL_ST_INTEGER ? "INTEGER"
	       : s == KL_ST_REAL  ? "REAL"
	                          : "TEXT";
}

static int step_done(struct imp *m, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kli_store_fail(m->st, rc, m->err, what);
	return KL_OK;
}

/* Record an import row (kli_import_insert) with m's store and error. */
static int insert_import(struct imp *m, const char *kind, const char *name,
                         unsigned long long size, const char *sha,
                         const char *enc, const char *delim, long long rows,
                         const char *target, long long *id)
{
	struct kli_import_row r = {kind, name,  size, sha,
	                           enc,  delim, rows, target};
	return kli_import_insert(m->st, &r, id, m->err);
}

/* The import of the file with SHA-256 sha, or 0 (kli_import_find_sha). */
static int find_import_by_sha(struct imp *m, const char *sha, long long *id)
{
	return kli_import_find_sha(m->st, sha, id, m->err);
}

static int size_known(struct imp *m, long long size, int *known)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(
	    m->st, "SELECT 1 FROM imports WHERE size = ?1 LIMIT 1", &s, m->err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, size);
	rc = sqlite3_step(s);
	*known = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kli_store_fail(m->st, rc, m->err,
		                      "cannot read the imports");
	return 0;
}

static int find_survey(struct imp *m, long long *sid, long long *iid,
                       char *table, size_t tn)
{
	sqlite3_stmt *s;
	int rc = kli_store_prepare(m->st,
	                           "SELECT id, import_id, data_table FROM "
	                           "surveys WHERE name = ?1",
	                           &s, m->err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, m->res->survey, -1, SQLITE_STATIC);
	*sid = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*sid = sqlite3_column_int64(s, 0);
		*iid = sqlite3_column_int64(s, 1);
		snprintf(table, tn, "%s", sqlite3_column_text(s, 2));
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(s);
		return kli_store_fail(m->st, rc, m->err,
		                      "cannot read the surveys");
	}
	sqlite3_finalize(s);
	return KL_OK;
}

static int exec_fmt(struct imp *m, const char *sql)
{
	return kli_store_exec(m->st, sql, m->err);
}

/* --replace: supersede the old import, drop its data and metadata. */
static int drop_old_survey(struct imp *m, long long sid, long long iid,
                           const char *table)
{
	sqlite3_stmt *s;
	char *q = kli_quote_ident(table);
	char *sql;
	int rc;
	if (!q)
		return kli_oom(m->err);
	/* every import with rows in the survey, set aside or not */
	char sa_name[96];
	snprintf(sa_name, sizeof(sa_name), "%s_set_aside", table);
	int have_sa = sqlite3_table_column_metadata(
	                  kli_store_db(m->st), NULL, sa_name, "_row", NULL,
	                  NULL, NULL, NULL, NULL) == SQLITE_OK;
	sql = sqlite3_mprintf(
	    "UPDATE imports SET superseded_by = ?1 WHERE superseded_by IS "
	    "NULL AND (id = ?2 OR id IN (SELECT _import_id FROM %s)%s%w%s)",
	    q, have_sa ? " OR id IN (SELECT _import_id FROM \"" : "",
	    have_sa ? sa_name : "", have_sa ? "\")" : "");
	rc = sql ? kli_store_prepare(m->st, sql, &s, m->err) : kli_oom(m->err);
	sqlite3_free(sql);
	if (!rc) {
		sqlite3_bind_int64(s, 1, m->import_id);
		sqlite3_bind_int64(s, 2, iid);
		rc = step_done(m, s, "cannot supersede the old import");
		sqlite3_finalize(s);
	}
	if (!rc && have_sa) {
		sql = sqlite3_mprintf("DROP TABLE \"%w\"", sa_name);
		rc = sql ? exec_fmt(m, sql) : kli_oom(m->err);
		sqlite3_free(sql);
	}
	if (!rc)
		rc = kli_store_prepare(
		    m->st, "DELETE FROM surveys WHERE id = ?1", &s, m->err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, sid);
		rc = step_done(m, s, "cannot remove the old survey");
		sqlite3_finalize(s);
	}
	if (!rc) {
		sql = sqlite3_mprintf("DROP TABLE %s", q);
		rc = sql ? exec_fmt(m, sql) : kli_oom(m->err);
		sqlite3_free(sql);
	}
	free(q);
	m->res->replaced_id = iid;
	return rc;
}

static int insert_metadata(struct imp *m, long long sid)
{
	sqlite3_stmt *sv = NULL, *sl = NULL;
	int rc = kli_store_prepare(
	    m->st,
	    "INSERT INTO variables (survey_id, position, name, header, "
	    "label, type, storage, valid_spec, filter_var, filter_value, "
	    "filter_text, mc_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12)",
	    &sv, m->err);
	if (!rc)
		rc = kli_store_prepare(m->st,
		                       "INSERT INTO value_labels (survey_id, "
		                       "variable, code, label, is_missing) "
		                       "VALUES (?1, ?2, ?3, ?4, ?5)",
		                       &sl, m->err);
	for (size_t i = 0; !rc && i < m->ncols; i++) {
		const struct kl_cbvar *v = m->colvar[i];
		sqlite3_bind_int64(sv, 1, sid);
		sqlite3_bind_int64(sv, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(sv, 3, v->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(sv, 4, m->headers[i], -1, SQLITE_STATIC);
		kli_bind_text(sv, 5, v->label);
		sqlite3_bind_text(sv, 6, type_name(v->type), -1, SQLITE_STATIC);
		sqlite3_bind_text(sv, 7, storage_name(v->storage), -1,
		                  SQLITE_STATIC);
		kli_bind_text(sv, 8, v->valid_spec);
		kli_bind_text(sv, 9, v->filter_var);
		kli_bind_text(sv, 10, v->filter_value);
		kli_bind_text(sv, 11, v->filter_text);
		kli_bind_text(sv, 12, v->mc_group);
		rc = step_done(m, sv, "cannot record a variable");
		sqlite3_reset(sv);
		if (v->type != KL_VT_CATEGORY && v->type != KL_VT_MULTI &&
		    v->nmissing == 0)
			continue;
		for (int pass = 0; !rc && pass < 2; pass++) {
			const struct kl_code *c = pass ? v->missing : v->codes;
			size_t n = pass ? v->nmissing : v->ncodes;
			if (v->type != KL_VT_CATEGORY &&
			    v->type != KL_VT_MULTI && !pass)
				continue;
			for (size_t k = 0; !rc && k < n; k++) {
				sqlite3_bind_int64(sl, 1, sid);
				sqlite3_bind_text(sl, 2, v->name, -1,
				                  SQLITE_STATIC);
				sqlite3_bind_text(sl, 3, c[k].code, -1,
				                  SQLITE_STATIC);
				kli_bind_text(sl, 4, c[k].label);
				sqlite3_bind_int(sl, 5, pass);
				rc = step_done(m, sl,
				               "cannot record a value label");
				sqlite3_reset(sl);
			}
		}
	}
	sqlite3_finalize(sv);
	sqlite3_finalize(sl);
	return rc;
}

/*
 * The INSERT of a row into m->qtable: columns by name (a round's file may
 * order them otherwise), ?1 the import, ?2 the line, ?3.. the cells in
 * file order and the last the _row (m->next_row, counted by the storer).
 */
static int prepare_insert(struct imp *m)
{
	sqlite3_str *sql = sqlite3_str_new(kli_store_db(m->st));
	char *s;
	int rc;

	sqlite3_str_appendf(sql, "INSERT INTO %s (_row, _import_id, _line",
	                    m->qtable);
	for (size_t i = 0; i < m->ncols; i++)
		sqlite3_str_appendf(sql, ", \"%w\"", col_name(m, i));
	sqlite3_str_appendf(sql, ") VALUES (?%d, ?1, ?2", (int)m->ncols + 3);
	for (size_t i = 0; i < m->ncols; i++)
		sqlite3_str_appendf(sql, ", ?%d", (int)i + 3);
	sqlite3_str_appendall(sql, ")");
	s = sqlite3_str_finish(sql);
	if (!s)
		return kli_oom(m->err);
	rc = kli_store_prepare(m->st, s, &m->ins, m->err);
	sqlite3_free(s);
	return rc;
}

static int create_data_table(struct imp *m, long long sid)
{
	char tname[64];
	sqlite3_str *sql;
	char *q;
	int rc;

	snprintf(tname, sizeof(tname), "survey_%lld", sid);
	m->qtable = kli_quote_ident(tname);
	sql = sqlite3_str_new(kli_store_db(m->st));
	sqlite3_str_appendf(sql,
	                    "CREATE TABLE %s (_row INTEGER PRIMARY KEY, "
	                    "_import_id INTEGER NOT NULL REFERENCES "
	                    "imports(id), _line INTEGER NOT NULL",
	                    m->qtable);
	for (size_t i = 0; i < m->ncols; i++) {
		q = kli_quote_ident(col_name(m, i));
		if (!q) {
			sqlite3_free(sqlite3_str_finish(sql));
			return kli_oom(m->err);
		}
		sqlite3_str_appendf(sql, ", %s %s", q,
		                    storage_name(m->colvar[i]->storage));
		free(q);
	}
	sqlite3_str_appendall(sql, ") STRICT");
	char *s = sqlite3_str_finish(sql);
	if (!s || !m->qtable)
		return kli_oom(m->err);
	rc = exec_fmt(m, s);
	sqlite3_free(s);
	if (rc)
		return rc;

	if (m->nkey) {
		char iname[80];
		snprintf(iname, sizeof(iname), "survey_%lld_key", sid);
		sql = sqlite3_str_new(kli_store_db(m->st));
		sqlite3_str_appendf(sql, "CREATE UNIQUE INDEX \"%w\" ON %s (",
		                    iname, m->qtable);
		for (size_t k = 0; k < m->nkey; k++) {
			q = kli_quote_ident(col_name(m, (size_t)m->keycol[k]));
			sqlite3_str_appendf(sql, "%s%s", k ? ", " : "",
			                    q ? q : "");
			free(q);
		}
		sqlite3_str_appendall(sql, ")");
		s = sqlite3_str_finish(sql);
		rc = s ? exec_fmt(m, s) : kli_oom(m->err);
		sqlite3_free(s);
		if (rc)
			return rc;
	}

	m->next_row = 1;
	return prepare_insert(m);
}

/* The typed value of a stored cell, for messages. */
static void describe_cell(const struct batch *b, const struct cellv *v,
                          char *buf, size_t n)
{
	char num[40];

	switch (v->kind) {
	case KL_V_INT:
		snprintf(num, sizeof(num), "%lld", (long long)v->u.i);
		kl_describe_value(num, strlen(num), buf, n);
		break;
	case KL_V_REAL:
		snprintf(num, sizeof(num), "%.17g", v->u.d);
		kl_describe_value(num, strlen(num), buf, n);
		break;
	case KL_V_TEXT:
		kl_describe_value(b->text + v->u.off, v->len, buf, n);
		break;
	default:
		snprintf(buf, n, "empty");
		break;
	}
}

static void bind_cell(sqlite3_stmt *s, int p, const struct batch *b,
                      const struct cellv *v)
{
	switch (v->kind) {
	case KL_V_INT:
		sqlite3_bind_int64(s, p, v->u.i);
		break;
	case KL_V_REAL:
		sqlite3_bind_double(s, p, v->u.d);
		break;
	case KL_V_TEXT:
		sqlite3_bind_text(s, p, b->text + v->u.off, (int)v->len,
		                  SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(s, p);
		break;
	}
}

/*
 * A duplicate respondent key in row `row` of batch b: describe it, naming
 * the line that had it first.  Runs on the storing thread.
 */
static void duplicate_key(struct imp *m, const struct batch *b, size_t row,
                          struct kl_error *e)
{
	const struct cellv *cells = b->cells + row * m->ncols;
	sqlite3_str *sql = sqlite3_str_new(kli_store_db(m->st));
	sqlite3_stmt *s = NULL;
	char keys[256] = "", vals[256] = "";
	long long first = 0;
	size_t used_k = 0, used_v = 0;

	sqlite3_str_appendf(sql, "SELECT _line FROM %s WHERE ", m->qtable);
	for (size_t k = 0; k < m->nkey; k++) {
		size_t c = (size_t)m->keycol[k];
		char *q = kli_quote_ident(col_name(m, c));
		char d[64];
		sqlite3_str_appendf(sql, "%s%s IS ?%d", k ? " AND " : "",
		                    q ? q : "", (int)k + 1);
		free(q);
		describe_cell(b, &cells[c], d, sizeof(d));
		used_k += (size_t)snprintf(
		    keys + used_k,
		    used_k < sizeof(keys) ? sizeof(keys) - used_k : 0, "%s%s",
		    k ? ", " : "", col_name(m, c));
		if (used_k > sizeof(keys))
			used_k = sizeof(keys);
		used_v += (size_t)snprintf(
		    vals + used_v,
		    used_v < sizeof(vals) ? sizeof(vals) - used_v : 0, "%s%s",
		    k ? ", " : "", d);
		if (used_v > sizeof(vals))
			used_v = sizeof(vals);
	}
	char *text = sqlite3_str_finish(sql);
	if (!text || sqlite3_prepare_v2(kli_store_db(m->st), text, -1, &s,
	                                NULL) != SQLITE_OK)
		s = NULL;
	sqlite3_free(text);
	if (s) {
		for (size_t k = 0; k < m->nkey; k++)
			bind_cell(s, (int)k + 1, b,
			          &cells[(size_t)m->keycol[k]]);
		if (sqlite3_step(s) == SQLITE_ROW)
			first = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	kl_error_clear(e);
	kl_error_at(e, KL_ERR_PARSE, m->path, b->lines[row],
	            (unsigned long)m->keycol[0] + 1,
	            "duplicate respondent key (%s) = (%s), first on line %lld",
	            keys, vals, first);
	snprintf(e->field, sizeof(e->field), "%s", m->headers[m->keycol[0]]);
}

/* Store one batch; on failure fill p->err and return nonzero. */
static int store_batch(struct pipe *p, struct batch *b)
{
	struct imp *m = p->m;
	sqlite3_stmt *ins = m->ins;

	for (size_t r = 0; r < b->nrows; r++) {
		const struct cellv *cells = b->cells + r * m->ncols;
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)b->lines[r]);
		for (size_t i = 0; i < m->ncols; i++)
			bind_cell(ins, (int)i + 3, b, &cells[i]);
		sqlite3_bind_int64(ins, (int)m->ncols + 3, m->next_row++);
		int rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT) {
			duplicate_key(m, b, r, &p->err);
			p->status = KL_ERR_PARSE;
			p->is_problem = 1;
			return 1;
		}
		if (rc != SQLITE_DONE) {
			kl_error_clear(&p->err);
			p->status = kli_store_fail(m->st, rc, &p->err,
			                           "cannot store a row");
			return 1;
		}
		p->stored++;
	}
	return 0;
}

static void *storer(void *arg)
{
	struct pipe *p = arg;

	pthread_setname_np(pthread_self(), "kartlagg-store");
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->r == p->w && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->r == p->w)
			break; /* done and drained */
		struct batch *b = &p->b[p->r % NBATCH];
		int failed = p->failed;
		pthread_mutex_unlock(&p->mu);
		int bad = !failed && store_batch(p, b);
		pthread_mutex_lock(&p->mu);
		if (bad)
			p->failed = 1;
		p->r++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int pipe_new(struct imp *m)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return kli_oom(m->err);
	p->m = m;
	m->pipe = p;
	for (int i = 0; i < NBATCH; i++) {
		p->b[i].cells = malloc(BATCH_ROWS * (m->ncols ? m->ncols : 1) *
		                       sizeof(struct cellv));
		if (!p->b[i].cells)
			return kli_oom(m->err);
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	sqlite3_bind_int64(m->ins, 1, m->import_id);
	/* no thread to be had (a process or memory limit): store each
	 * batch in this thread instead, slower but the same */
	if (pthread_create(&p->th, NULL, storer, p) != 0)
		p->sync = 1;
	else
		p->started = 1;
	return 0;
}

/* The batch the reader fills next, waiting for a free one.  NULL when
 * the storer has failed. */
static struct batch *pipe_current(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->w - p->r >= NBATCH && !p->failed)
		pthread_cond_wait(&p->cv, &p->mu);
	int failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	if (failed)
		return NULL;
	struct batch *b = &p->b[p->w % NBATCH];
	b->nrows = 0;
	b->tlen = 0;
	return b;
}

/* Hand over the current batch (if it holds rows). */
static void pipe_push(struct pipe *p)
{
	struct batch *b = &p->b[p->w % NBATCH];
	if (b->nrows == 0)
		return;
	if (p->sync) {
		if (!p->failed && store_batch(p, b))
			p->failed = 1;
		p->w++;
		p->r++;
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->w++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/*
 * Finish the pipeline: hand over the last batch, wait for the storer.
 * Returns its status (a duplicate key becomes the first problem).
 */
static int pipe_finish(struct imp *m)
{
	struct pipe *p = m->pipe;
	int rc = 0;

	if (!p)
		return 0;
	if (p->sync)
		pipe_push(p);
	if (p->started) {
		pipe_push(p);
		pthread_mutex_lock(&p->mu);
		p->done = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
		p->started = 0;
	}
	if (p->failed && !p->reported) {
		p->reported = 1;
		if (p->is_problem) {
			/* the storer only sees rows before the reader's
			 * first problem, so this one comes first */
			struct kl_error e = p->err;
			size_t keep = m->nplist;
			problem(m, &e);
			if (m->nplist > keep) {
				memmove(m->plist + 1, m->plist,
				        keep * sizeof(*m->plist));
				m->plist[0] = e;
			}
			m->first = e;
		} else {
			*m->err = p->err;
			rc = p->status;
		}
	}
	return rc;
}

static void pipe_free(struct imp *m)
{
	struct pipe *p = m->pipe;
	if (!p)
		return;
	if (p->started) {
		pthread_mutex_lock(&p->mu);
		p->done = 1;
		p->failed = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
	}
	for (int i = 0; i < NBATCH; i++) {
		free(p->b[i].cells);
		free(p->b[i].text);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	m->pipe = NULL;
}

/*
 * Does the cell hold a personnummer or samordningsnummer?  Fills a mask
 * that shows its shape only, never its digits.
 */
static int cell_has_pnr(const char *s, size_t n, unsigned flags, char *mask,
                        size_t maskn, int *samordning)
{
	struct kl_pnr p;

	if (kl_pnr_scan(s, n, flags, &p) == KL_PNR_NONE)
		return 0;
	kl_pnr_mask(s, &p, mask, maskn);
	*samordning = p.kind == KL_PNR_SAMORDNINGSNUMMER;
	sodium_memzero(&p, sizeof(p));
	return 1;
}

/* Copy a text cell into the batch's arena. */
static int put_text(struct batch *b, struct cellv *cv, const char *s, size_t n)
{
	if (b->tlen + n > b->tcap) {
		size_t nc = b->tcap ? b->tcap : 65536;
		while (nc < b->tlen + n)
			nc *= 2;
		char *nt = realloc(b->text, nc);
		if (!nt)
			return -1;
		b->text = nt;
		b->tcap = nc;
	}
	memcpy(b->text + b->tlen, s, n);
	cv->u.off = b->tlen;
	cv->len = n;
	b->tlen += n;
	return 0;
}

/*
 * The batch to put the next row in; NULL when rows are no longer stored
 * (a problem was found).  *rc is set when reading must stop.
 */
static struct batch *row_batch(struct imp *m, int *rc)
{
	*rc = 0;
	if (m->problems)
		return NULL;
	if (!m->pipe && (*rc = pipe_new(m)) != 0)
		return NULL;
	if (!m->cur) {
		m->cur = pipe_current(m->pipe);
		if (!m->cur) {
			/* the storer stopped: a duplicate key (a problem;
			 * go on finding others) or a store failure */
			*rc = pipe_finish(m);
			if (!*rc && m->problems >= m->max_errors)
				*rc = KL_ERR_PARSE;
		}
	}
	return m->cur;
}

static int store_row(struct imp *m, const struct kl_csv_record *rec)
{
	int bad = 0, rc;
	char msg[400], mask[32];
	struct batch *b = row_batch(m, &rc);
	struct cellv *cells = NULL;

	if (rc)
		return rc;
	if (b)
		cells = b->cells + b->nrows * m->ncols;
	for (size_t i = 0; i < m->ncols; i++) {
		const char *s = rec->fields[i];
		size_t n = rec->lens[i];
		struct kl_value v;

		int samordning;
		if (n >= 9 &&
		    cell_has_pnr(s, n, m->nine_ok[i] ? KL_PNR_NO_NINE : 0, mask,
		                 sizeof(mask), &samordning)) {
			struct kl_error e;
			kl_error_clear(&e);
			kl_error_at(&e, KL_ERR_PRIVACY, m->path, rec->line,
			            (unsigned long)i + 1,
			            "expected no direct identifier, found a "
			            "%s (%s); remove or pseudonymise the "
			            "column before importing",
			            samordning ? "samordningsnummer"
			                       : "personnummer",
			            mask);
			snprintf(e.field, sizeof(e.field), "%s", m->headers[i]);
			bad = 1;
			if (problem(m, &e))
				return KL_ERR_PRIVACY;
			continue;
		}
		if (kl_cbvar_check(m->colvar[i], s, n, &v, msg, sizeof(msg))) {
			bad = 1;
			if (m->cb_from_survey) {
				size_t l = strlen(msg);
				snprintf(msg + l, sizeof(msg) - l,
				         " (the column is %s in survey '%s')",
				         type_name(m->colvar[i]->type),
				         m->res->survey);
			}
			if (problem_at(m, KL_ERR_PARSE, rec->line,
			               (unsigned long)i + 1, "%s", msg))
				return KL_ERR_PARSE;
			continue;
		}
		if (bad || !cells)
			continue;
		cells[i].kind = (int)v.kind;
		if (v.kind == KL_V_INT)
			cells[i].u.i = v.i;
		else if (v.kind == KL_V_REAL)
			cells[i].u.d = v.d;
		else if (v.kind == KL_V_TEXT && put_text(b, &cells[i], s, n))
			return kli_oom(m->err);
	}
	if (!bad && m->round_col >= 0 && rec->lens[m->round_col] == 0) {
		bad = 1;
		if (problem_at(m, KL_ERR_PARSE, rec->line,
		               (unsigned long)m->round_col + 1,
		               "expected a round (a value of '%s'), got an "
		               "empty cell",
		               m->round_var))
			return KL_ERR_PARSE;
	}
	for (size_t k = 0; !bad && k < m->nkey; k++) {
		size_t c = (size_t)m->keycol[k];
		if (rec->lens[c] == 0) {
			bad = 1;
			if (problem_at(m, KL_ERR_PARSE, rec->line,
			               (unsigned long)c + 1,
			               "expected a respondent key, got an "
			               "empty cell%s",
			               ""))
				return KL_ERR_PARSE;
		}
	}
	if (bad || m->problems || !b)
		return 0;
	b->lines[b->nrows++] = rec->line;
	if (b->nrows == BATCH_ROWS) {
		pipe_push(m->pipe);
		m->cur = NULL;
	}
	return 0;
}

/* ---- rounds of a survey in the store (kartlagg-import(1), ROUNDS) -------- */

/* The column of the round variable, once the header is known. */
static int resolve_round(struct imp *m)
{
	m->round_col = -1;
	if (!m->round_var)
		return KL_OK;
	for (size_t i = 0; i < m->ncols; i++)
		if (!strcmp(col_name(m, i), m->round_var)) {
			m->round_col = (long)i;
			return KL_OK;
		}
	return kl_error_set(m->err, KL_ERR_USAGE,
	                    "--round names '%s', which is not a column of the "
	                    "survey",
	                    m->round_var);
}

static void bind_rval(sqlite3_stmt *s, int p, const struct rval *v)
{
	if (v->kind == KL_V_INT)
		sqlite3_bind_int64(s, p, v->i);
	else if (v->kind == KL_V_REAL)
		sqlite3_bind_double(s, p, v->d);
	else
		sqlite3_bind_text(s, p, v->s, -1, SQLITE_STATIC);
}

/* A round for messages: "2025", or a description of a long text. */
static void rval_text(const struct rval *v, char *buf, size_t n)
{
	if (v->kind == KL_V_INT)
		snprintf(buf, n, "%lld", v->i);
	else if (v->kind == KL_V_REAL)
		snprintf(buf, n, "%g", v->d);
	else
		kl_describe_value(v->s, strlen(v->s), buf, n);
}

/* Pass 0: note the row's round (a bad or empty cell is pass 1's to
 * report). */
static int add_round(struct imp *m, const char *s, size_t n)
{
	struct kl_value v;
	char msg[64];
	const struct kl_cbvar *cv = m->colvar[m->round_col];

	if (!cv || kl_cbvar_check(cv, s, n, &v, msg, sizeof(msg)) ||
	    v.kind == KL_V_NULL)
		return 0;
	for (size_t k = 0; k < m->nrounds; k++) {
		const struct rval *r = &m->rounds[k];
		if (r->kind == (int)v.kind &&
		    ((v.kind == KL_V_INT && r->i == v.i) ||
		     (v.kind == KL_V_REAL && r->d == v.d) ||
		     (v.kind == KL_V_TEXT && strlen(r->s) == v.n &&
		      !memcmp(r->s, v.s, v.n))))
			return 0;
	}
	struct rval *nr = realloc(m->rounds, (m->nrounds + 1) * sizeof(*nr));
	if (!nr)
		return kli_oom(m->err);
	m->rounds = nr;
	struct rval *r = &nr[m->nrounds];
	memset(r, 0, sizeof(*r));
	r->kind = (int)v.kind;
	r->i = v.i;
	r->d = v.d;
	if (v.kind == KL_V_TEXT && !(r->s = strndup(v.s, v.n)))
		return kli_oom(m->err);
	m->nrounds++;
	return 0;
}

static enum kl_vartype type_parse(const char *t)
{
	static const char *const names[] = {"integer", "decimal", "text",
	                                    "category", "multi"};
	for (int i = 0; i < 5; i++)
		if (t && !strcmp(t, names[i]))
			return (enum kl_vartype)i;
	return KL_VT_TEXT;
}

/* The --over of the survey's saved designs, when they agree on one. */
static char *design_round(struct imp *m)
{
	sqlite3_stmt *s = NULL;
	char *over = NULL;
	int n = 0;

	if (kli_store_prepare(m->st,
	                      "SELECT DISTINCT over FROM designs WHERE survey "
	                      "= ?1 AND over IS NOT NULL",
	                      &s, NULL))
		return NULL;
	sqlite3_bind_text(s, 1, m->res->survey, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW && n++ == 0)
		over = kli_strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (n != 1) {
		free(over);
		return NULL;
	}
	return over;
}

/*
 * A codebook given for a new round must describe the survey's variables:
 * the same short names, each with its type and storage, and every code of
 * a category the earlier rounds have.  Problems go to the list (the
 * codebook's path and line); returns nonzero when reading must stop.
 */
static int compare_codebook(struct imp *m, size_t n, char **names, char **types,
                            char **storages)
{
	const struct kl_codebook *cb = m->cb;
	sqlite3_stmt *s = NULL;
	struct kl_error e;

	for (size_t k = 0; k < n; k++) {
		const struct kl_cbvar *v = kl_codebook_by_name(cb, names[k]);
		kl_error_clear(&e);
		if (!v)
			kl_error_at(&e, KL_ERR_PARSE, cb->path, 0, 0,
			            "survey '%s' has the variable '%s', which "
			            "this codebook lacks (a round has the "
			            "survey's columns)",
			            m->res->survey, names[k]);
		else if (strcmp(type_name(v->type), types[k]) ||
		         strcmp(storage_name(v->storage), storages[k]))
			kl_error_at(&e, KL_ERR_PARSE, cb->path, v->line, 0,
			            "variable '%s' is %s here but %s in survey "
			            "'%s' (a round keeps each column's type)",
			            names[k], type_name(v->type), types[k],
			            m->res->survey);
		else
			continue;
		if (problem(m, &e))
			return 1;
	}
	for (size_t j = 0; j < cb->nvars; j++) {
		size_t k;
		for (k = 0; k < n; k++)
			if (!strcmp(cb->vars[j].name, names[k]))
				break;
		if (k < n)
			continue;
		kl_error_clear(&e);
		kl_error_at(&e, KL_ERR_PARSE, cb->path, cb->vars[j].line, 0,
		            "variable '%s' is not in survey '%s' (a new "
		            "column: a round has the survey's columns, no new "
		            "ones)",
		            cb->vars[j].name, m->res->survey);
		if (problem(m, &e))
			return 1;
	}
	if (kli_store_prepare(m->st,
	                      "SELECT variable, code FROM value_labels WHERE "
	                      "survey_id = (SELECT id FROM surveys WHERE name "
	                      "= ?1) AND is_missing = 0 ORDER BY rowid",
	                      &s, m->err))
		return 1;
	sqlite3_bind_text(s, 1, m->res->survey, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *var = (const char *)sqlite3_column_text(s, 0);
		const char *code = (const char *)sqlite3_column_text(s, 1);
		const struct kl_cbvar *v = kl_codebook_by_name(cb, var);
		int found = 0;
		if (!v || !code ||
		    (v->type != KL_VT_CATEGORY && v->type != KL_VT_MULTI))
			continue;
		for (size_t c = 0; c < v->ncodes && !found; c++)
			found = !strcmp(v->codes[c].code, code);
		if (found)
			continue;
		kl_error_clear(&e);
		kl_error_at(&e, KL_ERR_PARSE, cb->path, v->line, 0,
		            "variable '%s' lacks the code '%.16s' that survey "
		            "'%s' has (its earlier rounds use it)",
		            var, code, m->res->survey);
		if (problem(m, &e)) {
			sqlite3_finalize(s);
			return 1;
		}
	}
	sqlite3_finalize(s);
	return 0;
}

/*
 * The file is a new round of survey sid (data table `table`, first import
 * iid): learn its round variable and columns.  Without a codebook the
 * survey's variables become one (header text, stored type); a codebook
 * must fit the survey (compare_codebook).
 */
static int load_append(struct imp *m, long long sid, long long iid,
                       const char *table)
{
	sqlite3_stmt *s = NULL;
	long long cb_import = 0;
	char *stored = NULL;
	char **names = NULL, **headers = NULL, **types = NULL,
	     **storages = NULL;
	size_t n = 0, cap = 0;
	int rc;

	m->append = 1;
	m->table = kli_strdup(table);
	m->qtable = kli_quote_ident(table);
	if (!m->table || !m->qtable)
		return kli_oom(m->err);
	rc = kli_store_prepare(m->st,
	                       "SELECT coalesce(codebook_import_id, 0), "
	                       "round_var FROM surveys WHERE id = ?1",
	                       &s, m->err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, sid);
	if (sqlite3_step(s) == SQLITE_ROW) {
		cb_import = sqlite3_column_int64(s, 0);
		if (sqlite3_column_text(s, 1) &&
		    !(stored =
		          kli_strdup((const char *)sqlite3_column_text(s, 1))))
			rc = kli_oom(m->err);
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (cb_import && !m->cb)
		rc =
		    kl_error_set(m->err, KL_ERR_USAGE,
		                 "survey '%s' was imported with a codebook "
		                 "(import %lld); give --codebook (that one, or "
		                 "the one for this round) to add a round to it",
		                 m->res->survey, cb_import);
	else if (!cb_import && m->cb)
		rc = kl_error_set(m->err, KL_ERR_USAGE,
		                  "survey '%s' was imported without a codebook "
		                  "(its types inferred); add a round to it "
		                  "without --codebook, or import the survey "
		                  "again with --replace",
		                  m->res->survey);
	if (!rc && m->o->round && stored && strcmp(m->o->round, stored))
		rc = kl_error_set(m->err, KL_ERR_USAGE,
		                  "survey '%s' separates its rounds by '%s', "
		                  "not '%s' (--round)",
		                  m->res->survey, stored, m->o->round);
	if (rc) {
		free(stored);
		return rc;
	}
	m->round_var = m->o->round ? kli_strdup(m->o->round)
	               : stored    ? stored
	                           : design_round(m);
	if (stored && m->round_var != stored)
		free(stored);
	if (!m->round_var)
		return kl_error_set(
		    m->err, KL_ERR_USAGE,
		    "survey '%s' is already in the store (import %lld) and "
		    "has no round variable to add this file by; give --round "
		    "<var> (the variable whose values are the rounds, e.g. "
		    "the year), --replace to swap the survey, or --survey to "
		    "name this one",
		    m->res->survey, iid);

	rc = kli_store_prepare(m->st,
	                       "SELECT name, header, type, storage FROM "
	                       "variables WHERE survey_id = ?1 ORDER BY "
	                       "position",
	                       &s, m->err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, sid);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **a = realloc(names, nc * sizeof(*a));
			if (a)
				names = a;
			char **b = realloc(headers, nc * sizeof(*b));
			if (b)
				headers = b;
			char **c = realloc(types, nc * sizeof(*c));
			if (c)
				types = c;
			char **d = realloc(storages, nc * sizeof(*d));
			if (d)
				storages = d;
			if (!a || !b || !c || !d) {
				rc = kli_oom(m->err);
				break;
			}
			cap = nc;
		}
		names[n] = kli_strdup((const char *)sqlite3_column_text(s, 0));
		headers[n] =
		    kli_strdup((const char *)sqlite3_column_text(s, 1));
		types[n] = kli_strdup((const char *)sqlite3_column_text(s, 2));
		storages[n] =
		    kli_strdup((const char *)sqlite3_column_text(s, 3));
		n++;
		if (!names[n - 1] || !headers[n - 1] || !types[n - 1] ||
		    !storages[n - 1])
			rc = kli_oom(m->err);
	}
	sqlite3_finalize(s);
	int found = 0;
	for (size_t k = 0; k < n; k++)
		found |= names[k] && !strcmp(names[k], m->round_var);
	if (!rc && !found)
		rc =
		    kl_error_set(m->err, KL_ERR_USAGE,
		                 "the round variable '%s' is not a variable of "
		                 "survey '%s'",
		                 m->round_var, m->res->survey);
	if (!rc && m->cb) {
		if (compare_codebook(m, n, names, types, storages) &&
		    !m->problems)
			rc =
			    m->err->status ? (int)m->err->status : KL_ERR_STORE;
	} else if (!rc) {
		/* the survey's columns, as a codebook */
		struct kl_codebook *cb = calloc(1, sizeof(*cb));
		if (cb)
			cb->vars = calloc(n ? n : 1, sizeof(*cb->vars));
		if (!cb || !cb->vars) {
			free(cb);
			rc = kli_oom(m->err);
		} else {
			for (size_t k = 0; k < n; k++) {
				struct kl_cbvar *v = &cb->vars[k];
				v->header = headers[k];
				v->name = names[k];
				headers[k] = names[k] = NULL;
				v->type = type_parse(types[k]);
				v->storage = !strcmp(storages[k], "INTEGER")
				                 ? KL_ST_INTEGER
				             : !strcmp(storages[k], "REAL")
				                 ? KL_ST_REAL
				                 : KL_ST_TEXT;
				v->empty_ok = 1;
				v->line = (unsigned long)k + 1;
			}
			cb->nvars = n;
			m->cb = cb;
			m->cb_from_survey = 1;
		}
	}
	for (size_t k = 0; k < n; k++) {
		free(names[k]);
		free(headers[k]);
		free(types[k]);
		free(storages[k]);
	}
	free(names);
	free(headers);
	free(types);
	free(storages);
	if (!rc && m->problems) {
		*m->err = m->first;
		rc = m->first.status;
	}
	return rc;
}

/* Run sql (from sqlite3_mprintf; freed here) binding ?1 = round r and
 * ?2 = a. */
static int round_exec(struct imp *m, char *sql, const struct rval *r,
                      long long a)
{
	sqlite3_stmt *s = NULL;
	int rc =
	    sql ? kli_store_prepare(m->st, sql, &s, m->err) : kli_oom(m->err);
	sqlite3_free(sql);
	if (rc)
		return rc;
	if (r)
		bind_rval(s, 1, r);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, a);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kli_store_fail(m->st, rc, m->err,
		                      "cannot replace a round");
	return KL_OK;
}

/* The largest _row of table t (quoted) into *max, 0 when empty or gone. */
static int max_row(struct imp *m, const char *t, long long *max)
{
	sqlite3_stmt *s = NULL;
	char *sql = sqlite3_mprintf("SELECT coalesce(max(_row), 0) FROM %s", t);
	int rc =
	    sql ? kli_store_prepare(m->st, sql, &s, m->err) : kli_oom(m->err);
	sqlite3_free(sql);
	if (rc)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > *max)
		*max = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return KL_OK;
}

/*
 * In the import's transaction, before its rows are stored: refuse a round
 * the survey has (or, with replace_round, set its rows aside in
 * "<table>_set_aside" and record which imports this one replaced), take
 * over the codebook's metadata, record the round variable, and start _row
 * after every row the survey ever had.
 */
static int append_rounds(struct imp *m, long long sid, long long cb_id)
{
	sqlite3_stmt *s = NULL;
	char sa_name[96], *sa = NULL;
	long long *olds = NULL;
	size_t nolds = 0;
	int rc = 0, have_sa;
	size_t used = 0;

	snprintf(sa_name, sizeof(sa_name), "%s_set_aside", m->table);
	sa = kli_quote_ident(sa_name);
	char *qr = kli_quote_ident(m->round_var);
	if (!sa || !qr) {
		rc = kli_oom(m->err);
		goto out;
	}
	have_sa = sqlite3_table_column_metadata(kli_store_db(m->st), NULL,
	                                        sa_name, "_row", NULL, NULL,
	                                        NULL, NULL, NULL) == SQLITE_OK;
	m->res->rounds[0] = 0;
	for (size_t k = 0; !rc && k < m->nrounds; k++) {
		const struct rval *r = &m->rounds[k];
		char rt[64];
		char *sql = sqlite3_mprintf(
		    "SELECT _import_id, count(*), (SELECT name FROM imports "
		    "WHERE id = _import_id) FROM %s WHERE %s IS ?1 GROUP BY "
		    "_import_id ORDER BY _import_id",
		    m->qtable, qr);
		rc = sql ? kli_store_prepare(m->st, sql, &s, m->err)
		         : kli_oom(m->err);
		sqlite3_free(sql);
		if (rc)
			break;
		rval_text(r, rt, sizeof(rt));
		used += (size_t)snprintf(m->res->rounds + used,
		                         used < sizeof(m->res->rounds)
		                             ? sizeof(m->res->rounds) - used
		                             : 0,
		                         "%s%s", k ? ", " : "", rt);
		if (used > sizeof(m->res->rounds))
			used = sizeof(m->res->rounds);
		bind_rval(s, 1, r);
		while (!rc && sqlite3_step(s) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(s, 0);
			long long cnt = sqlite3_column_int64(s, 1);
			const char *nm =
			    (const char *)sqlite3_column_text(s, 2);
			if (!m->o->replace_round) {
				rc = kl_error_at(
				    m->err, KL_ERR_USAGE, m->path, 0, 0,
				    "survey '%s' already has round %s (%lld "
				    "rows from import %lld, %s); give "
				    "--replace-round to replace that round's "
				    "rows with this file's",
				    m->res->survey, rt, cnt, id, nm ? nm : "?");
				break;
			}
			size_t j;
			for (j = 0; j < nolds && olds[j] != id; j++)
				;
			if (j == nolds) {
				long long *no =
				    realloc(olds, (nolds + 1) * sizeof(*no));
				if (!no) {
					rc = kli_oom(m->err);
					break;
				}
				olds = no;
				olds[nolds++] = id;
			}
			m->res->replaced_rows += (unsigned long long)cnt;
			if (!m->res->replaced_round_id)
				m->res->replaced_round_id = id;
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc || !m->o->replace_round)
			continue;
		if (!have_sa) {
			char *q = sqlite3_mprintf(
			    "CREATE TABLE %s AS SELECT NULL AS _set_aside_by, "
			    "* FROM %s WHERE 0",
			    sa, m->qtable);
			rc = q ? kli_store_exec(m->st, q, m->err)
			       : kli_oom(m->err);
			sqlite3_free(q);
			have_sa = !rc;
		}
		if (!rc)
			rc = round_exec(
			    m,
			    sqlite3_mprintf("INSERT INTO %s SELECT ?2, "
			                    "* FROM %s WHERE %s IS ?1",
			                    sa, m->qtable, qr),
			    r, m->import_id);
		if (!rc)
			rc = round_exec(
			    m,
			    sqlite3_mprintf("DELETE FROM %s WHERE %s "
			                    "IS ?1",
			                    m->qtable, qr),
			    r, 0);
	}
	/* provenance: each import replaced, superseded once none of its rows
	 * is left */
	for (size_t j = 0; !rc && j < nolds; j++) {
		rc = kli_import_change(m->st, olds[j], "replaced", m->import_id,
		                       m->err);
		char *q = sqlite3_mprintf(
		    "UPDATE imports SET superseded_by = %lld WHERE id = %lld "
		    "AND NOT EXISTS (SELECT 1 FROM %s WHERE _import_id = %lld)",
		    m->import_id, olds[j], m->qtable, olds[j]);
		if (!rc)
			rc = q ? kli_store_exec(m->st, q, m->err)
			       : kli_oom(m->err);
		sqlite3_free(q);
	}
	m->next_row = 0;
	if (!rc)
		rc = max_row(m, m->qtable, &m->next_row);
	if (!rc && have_sa)
		rc = max_row(m, sa, &m->next_row);
	m->next_row++;
	if (!rc && m->cb && !m->cb_from_survey) {
		/* the round's codebook describes the survey from now on */
		char *q = sqlite3_mprintf(
		    "DELETE FROM variables WHERE survey_id = %lld; UPDATE "
		    "surveys SET codebook_import_id = %lld WHERE id = %lld",
		    sid, cb_id, sid);
		rc = q ? kli_store_exec(m->st, q, m->err) : kli_oom(m->err);
		sqlite3_free(q);
	}
out:
	free(olds);
	free(sa);
	free(qr);
	return rc;
}

/*
 * The survey's saved designs (kartlagg-estimate(1), --save-design) must
 * apply to the new round's rows: each design variable (strata, clusters,
 * weight, fpc) needs a value in every row.  An empty cell is a problem at
 * its line and column.
 */
static int check_designs(struct imp *m)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = kli_store_prepare(m->st,
	                       "SELECT name, psu, ssu, strata, weight, fpc1, "
	                       "fpc2 FROM designs WHERE survey = ?1 ORDER BY "
	                       "name",
	                       &s, m->err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, m->res->survey, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		const char *dn = (const char *)sqlite3_column_text(s, 0);
		for (int k = 1; !rc && k <= 6; k++) {
			const char *v = (const char *)sqlite3_column_text(s, k);
			size_t i;
			if (!v)
				continue;
			for (i = 0; i < m->ncols; i++)
				if (!strcmp(col_name(m, i), v))
					break;
			if (i == m->ncols)
				continue;
			sqlite3_stmt *q = NULL;
			char *sql = sqlite3_mprintf(
			    "SELECT _line FROM %s WHERE _import_id = ?1 AND "
			    "\"%w\" IS NULL ORDER BY _row LIMIT 1",
			    m->qtable, v);
			rc = sql ? kli_store_prepare(m->st, sql, &q, m->err)
			         : kli_oom(m->err);
			sqlite3_free(sql);
			if (rc)
				break;
			sqlite3_bind_int64(q, 1, m->import_id);
			if (sqlite3_step(q) == SQLITE_ROW) {
				char d[160];
				snprintf(d, sizeof(d), "%s' of design '%s", v,
				         dn ? dn : "");
				if (problem_at(
				        m, KL_ERR_PARSE,
				        (unsigned long)sqlite3_column_int64(q,
				                                            0),
				        (unsigned long)i + 1,
				        "expected a value of '%s' (the "
				        "survey's saved design applies to "
				        "every round), got an empty cell",
				        d))
					rc = KL_ERR_PARSE;
			}
			sqlite3_finalize(q);
		}
	}
	sqlite3_finalize(s);
	if (m->problems) {
		*m->err = m->first;
		rc = m->first.status;
	}
	return rc;
}

static int on_record(void *ctx, const struct kl_csv_record *rec,
                     struct kl_error *err)
{
	struct imp *m = ctx;
	(void)err;
	if (rec->index == 0) {
		int rc = 0;
		if (!m->headers) {
			rc = take_header(m, rec);
			if (!rc)
				rc = resolve_round(m);
		}
		if (rc || m->pass == 0)
			return rc;
		/* the header decides the table: create it before any row */
		rc = resolve_key(m);
		if (!rc)
			rc = resolve_nine(m);
		if (!rc && (!m->append || !m->cb_from_survey))
			rc = insert_metadata(m, m->sid);
		if (!rc)
			rc = m->append ? prepare_insert(m)
			               : create_data_table(m, m->sid);
		return rc;
	}
	if (rec->nfields != m->ncols) {
		char d[32];
		snprintf(d, sizeof(d), "%zu", rec->nfields);
		struct kl_error e;
		kl_error_clear(&e);
		kl_error_at(&e, KL_ERR_PARSE, m->path, rec->line,
		            rec->nfields > m->ncols ? m->ncols + 1
		                                    : rec->nfields + 1,
		            "expected %zu fields, found %s", m->ncols, d);
		return problem(m, &e) ? KL_ERR_PARSE : 0;
	}
	if (m->pass == 0) {
		for (size_t i = 0; i < m->ncols; i++)
			infer_cell(m, i, rec->fields[i], rec->lens[i]);
		m->res->rows++;
		if (m->round_col >= 0)
			return add_round(m, rec->fields[m->round_col],
			                 rec->lens[m->round_col]);
		return m->sniff && !m->problems && m->res->rows >= m->sniff
		           ? SNIFF_DONE
		           : 0;
	}
	if (m->spec) {
		int rc = spec_check(m, rec);
		if (rc)
			return rc;
	}
	m->res->rows++;
	return store_row(m, rec);
}

/* Read the file once; on a stop by on_record, the problem is in m->first. */
static int read_pass(struct imp *m, struct kl_csv *c)
{
	int rc;
	m->res->rows = 0;
	rc = kl_csv_read(c, on_record, m, m->err);
	int prc = pipe_finish(m);
	m->cur = NULL;
	if (prc && !m->problems)
		return prc; /* the store failed */
	if (m->problems) {
		*m->err = m->first;
		return m->first.status;
	}
	return rc;
}

/*
 * The first pass: read the file (the first m->sniff rows of it when that
 * is not 0) and infer each column's type, or read the rounds of an append.
 * Sets m->spec when it stopped at m->sniff rows: the types are a guess to
 * be checked by spec_pass.  0 or a status (err set).
 */
static int infer_pass(struct imp *m, struct kl_csv *c)
{
	int rc;

	m->pass = 0;
	rc = kl_csv_read(c, on_record, m, m->err);
	if (rc == SNIFF_DONE) {
		rc = 0;
		m->spec = 1;
		m->spec_chk = calloc(m->ncols + 1, 1);
		if (!m->spec_chk)
			return kli_oom(m->err);
	}
	if (!rc && m->problems)
		rc = KL_ERR_PARSE;
	if (m->problems) {
		*m->err = m->first;
		rc = m->first.status;
	}
	if (rc)
		return rc;
	if (m->ncols == 0)
		return kl_error_at(m->err, KL_ERR_PARSE, m->path, 1, 0,
		                   "expected a header line");
	return m->cb ? KL_OK : build_inferred(m);
}

/*
 * Store the file with the types guessed by infer_pass (m->spec), inside a
 * savepoint.  When a cell contradicts the guess, or anything goes wrong,
 * undo it and import as without the guess: infer from the whole file,
 * then store; so problems and results are those of the two passes.
 * 0 or a status (err set).
 */
static int spec_pass(struct imp *m, struct kl_csv *c)
{
	int rc = exec_fmt(m, "SAVEPOINT kl_spec");

	if (rc)
		return rc;
	rc = read_pass(m, c);
	if (!rc && !m->spec_failed)
		return exec_fmt(m, "RELEASE kl_spec");
	/* undo: the thread, the statement, what the header made */
	pipe_free(m);
	m->cur = NULL;
	sqlite3_finalize(m->ins);
	m->ins = NULL;
	free(m->qtable);
	m->qtable = NULL;
	free(m->keycol);
	m->keycol = NULL;
	m->nkey = 0;
	free(m->nine_ok);
	m->nine_ok = NULL;
	rc = exec_fmt(m, "ROLLBACK TO kl_spec");
	if (!rc)
		rc = exec_fmt(m, "RELEASE kl_spec");
	if (rc)
		return rc;
	/* forget the problems and the guess */
	free(m->plist);
	m->plist = NULL;
	m->nplist = m->capplist = 0;
	m->problems = 0;
	kl_error_clear(&m->first);
	kl_error_clear(m->err);
	m->spec = m->spec_failed = 0;
	m->sniff = 0;
	memset(m->not_int, 0, m->ncols);
	memset(m->not_num, 0, m->ncols);
	memset(m->seen, 0, m->ncols);
	free(m->inferred);
	m->inferred = NULL;
	rc = infer_pass(m, c);
	if (rc)
		return rc;
	m->pass = 1;
	return read_pass(m, c);
}

static void release(struct imp *m)
{
	for (size_t i = 0; i < m->nrounds; i++)
		free(m->rounds[i].s);
	free(m->rounds);
	free(m->round_var);
	free(m->table);
	pipe_free(m);
	sqlite3_finalize(m->ins);
	free(m->qtable);
	if (m->headers)
		for (size_t i = 0; i < m->ncols; i++)
			free(m->headers[i]);
	free(m->headers);
	free(m->colvar);
	free(m->inferred);
	free(m->keycol);
	free(m->nine_ok);
	free(m->not_int);
	free(m->not_num);
	free(m->seen);
	free(m->spec_chk);
	kl_codebook_free(m->cb);
}

int kl_import_survey(struct kl_store *st, const char *path,
                     const struct kl_import_opts *o,
                     struct kl_import_result *res, struct kl_error *err)
{
	if (kli_readstat_path(path))
		return kli_import_readstat(st, path, o, res, err);
	return kli_import_survey_as(st, path, NULL, o, res, err);
}

void kli_import_src_info(struct kl_csv_info *info,
                         const struct kli_import_src *src)
{
	snprintf(info->name, sizeof(info->name), "%s", src->name);
	snprintf(info->sha256, sizeof(info->sha256), "%s", src->sha256);
	snprintf(info->encoding, sizeof(info->encoding), "%s", src->encoding);
	snprintf(info->delimiter_name, sizeof(info->delimiter_name), "%s",
	         src->format);
	info->size = src->size;
}

int kli_import_survey_as(struct kl_store *st, const char *path,
                         const struct kli_import_src *src,
                         const struct kl_import_opts *o,
                         struct kl_import_result *res, struct kl_error *err)
{
	struct imp m;
	struct kl_csv *c = NULL;
	struct kl_csv_opts co = {0};
	long long sid = 0, old_sid = 0, old_iid = 0, cb_id = 0;
	char old_table[64];
	int rc, in_tx = 0;

	memset(&m, 0, sizeof(m));
	memset(res, 0, sizeof(*res));
	m.st = st;
	m.o = o;
	m.res = res;
	m.err = err;
	m.path = src ? src->path : path;
	m.max_errors = o->max_errors ? o->max_errors : 1;
	m.round_col = -1;

	co.encoding = o->encoding;
	co.delimiter = o->delimiter;
	co.progress = o->progress;
	co.progress_ctx = o->ctx;
	/* Only a file of the same size can already be in the store: then
	 * hash it first, to skip it at once.  Otherwise hash it on a thread
	 * of its own while it is read. */
	{
		struct stat sb;
		int same = 1;
		if (src)
			rc = 0; /* src has its hash: look it up at once */
		else if (stat(path, &sb) == 0)
			rc = size_known(&m, (long long)sb.st_size, &same);
		else
			rc = 0; /* kl_csv_open reports it */
		if (rc)
			goto out;
		co.async_hash = !same;
	}
	rc = kl_csv_open(&c, path, &co, err);
	if (rc)
		goto out;
	res->info = *kl_csv_get_info(c);
	if (src) {
		kli_import_src_info(&res->info, src);
	}
	if (co.async_hash)
		snprintf(res->info.sha256, sizeof(res->info.sha256), "pending");
	if (o->survey) {
		snprintf(res->survey, sizeof(res->survey), "%s", o->survey);
	} else {
		char *b = base_no_ext(m.path);
		snprintf(res->survey, sizeof(res->survey), "%s", b ? b : path);
		free(b);
	}
	if (!res->survey[0]) {
		rc = kl_error_set(err, KL_ERR_USAGE, "empty survey name");
		goto out;
	}
	if (kl_pnr_find(res->survey, strlen(res->survey), NULL) !=
	    KL_PNR_NONE) {
		/* the name is stored and printed in every report */
		memset(res->survey, 0, sizeof(res->survey));
		rc = kl_error_set(err, KL_ERR_PRIVACY,
		                  "a survey name holds a personnummer; give "
		                  "another with --survey");
		goto out;
	}
	/* a broken codebook is reported even when the data is known */
	if (o->codebook) {
		rc = kl_codebook_load(o->codebook, &m.cb, err);
		if (rc)
			goto out;
		if (src && src->cb_name)
			snprintf(m.cb->name, sizeof(m.cb->name), "%s",
			         src->cb_name);
	}
	if (!co.async_hash) {
		rc =
		    find_import_by_sha(&m, res->info.sha256, &res->existing_id);
		if (rc || res->existing_id)
			goto out;
	}
	/* a survey in the store gets this file as a new round */
	rc = find_survey(&m, &old_sid, &old_iid, old_table, sizeof(old_table));
	if (rc)
		goto out;
	if (old_sid && !o->replace) {
		rc = load_append(&m, old_sid, old_iid, old_table);
		if (rc)
			goto out;
		res->appended = 1;
	} else if (o->replace_round) {
		rc =
		    kl_error_set(err, KL_ERR_USAGE,
		                 o->replace ? "--replace swaps the whole "
		                              "survey; --replace-round only "
		                              "its rounds in this file: give "
		                              "one of them"
		                            : "--replace-round replaces rounds "
		                              "of a survey in the store; "
		                              "survey '%s' is not there",
		                 res->survey);
		goto out;
	} else if (o->round && !(m.round_var = kli_strdup(o->round))) {
		rc = kli_oom(err);
		goto out;
	}

	if (!m.cb || m.append) {
		/* without a codebook and rounds, guess from the first rows */
		m.sniff = !m.cb && !m.append && !m.round_var ? SNIFF_ROWS : 0;
		rc = infer_pass(&m, c);
		if (rc)
			goto out;
	}

	rc = kl_store_begin(st, err);
	if (rc)
		goto out;
	in_tx = 1;
	{
		long long sid2 = 0, iid2 = 0;
		rc =
		    find_survey(&m, &sid2, &iid2, old_table, sizeof(old_table));
		if (rc)
			goto out;
		if (sid2 != old_sid ||
		    (m.append && strcmp(old_table, m.table))) {
			rc = kl_error_set(
			    err, KL_ERR_BUSY,
			    "survey '%s' changed while the file was "
			    "read; try again",
			    res->survey);
			goto out;
		}
	}
	rc = insert_import(&m, "survey", res->info.name, res->info.size,
	                   res->info.sha256, res->info.encoding,
	                   res->info.delimiter_name, 0, res->survey,
	                   &m.import_id);
	if (rc)
		goto out;
	if (old_sid && o->replace) {
		rc = drop_old_survey(&m, old_sid, old_iid, old_table);
		if (rc)
			goto out;
	}
	if (m.cb && !m.cb_from_survey) {
		/* the codebook file's import (none for the survey's own
		 * variables, made into one for a round without --codebook) */
		rc = find_import_by_sha(&m, m.cb->sha256, &cb_id);
		if (!rc && !cb_id)
			rc = insert_import(
			    &m, "codebook", m.cb->name, m.cb->size,
			    m.cb->sha256, m.cb->encoding, m.cb->delimiter,
			    (long long)m.cb->nvars, res->survey, &cb_id);
		if (rc)
			goto out;
	}

	m.pass = 1;
	if (m.append) {
		rc = append_rounds(&m, old_sid, cb_id);
		if (rc)
			goto out;
		sid = old_sid;
	} else {
		sqlite3_stmt *s;
		rc = kli_store_prepare(st,
		                       "INSERT INTO surveys (name, import_id, "
		                       "codebook_import_id, data_table) VALUES "
		                       "(?1, ?2, ?3, 'survey_' || ?2)",
		                       &s, err);
		if (rc)
			goto out;
		sqlite3_bind_text(s, 1, res->survey, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, m.import_id);
		if (cb_id)
			sqlite3_bind_int64(s, 3, cb_id);
		else
			sqlite3_bind_null(s, 3);
		rc = step_done(&m, s, "cannot record the survey");
		sqlite3_finalize(s);
		if (rc)
			goto out;
		sid = sqlite3_last_insert_rowid(kli_store_db(st));
		rc = kli_store_prepare(st,
		                       "UPDATE surveys SET data_table = "
		                       "'survey_' || id WHERE id = ?1",
		                       &s, err);
		if (rc)
			goto out;
		sqlite3_bind_int64(s, 1, sid);
		rc = step_done(&m, s, "cannot record the survey");
		sqlite3_finalize(s);
		if (rc)
			goto out;
	}
	m.sid = sid;
	rc = m.spec ? spec_pass(&m, c) : read_pass(&m, c);
	if (!rc && m.append)
		rc = check_designs(&m);
	if (rc)
		goto out;
	if (m.round_var) {
		sqlite3_stmt *s;
		rc =
		    kli_store_prepare(st,
		                      "UPDATE surveys SET round_var = ?1 WHERE "
		                      "id = ?2",
		                      &s, err);
		if (rc)
			goto out;
		sqlite3_bind_text(s, 1, m.round_var, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, sid);
		rc = step_done(&m, s, "cannot record the survey");
		sqlite3_finalize(s);
		if (rc)
			goto out;
	}
	if (res->rows == 0) {
		rc = kl_error_at(err, KL_ERR_PARSE, m.path, 2, 0,
		                 "expected data rows after the header, found "
		                 "none");
		goto out;
	}
	{
		sqlite3_stmt *s;
		rc = kli_store_prepare(st,
		                       "UPDATE imports SET rows = ?1 WHERE id "
		                       "= ?2",
		                       &s, err);
		if (rc)
			goto out;
		sqlite3_bind_int64(s, 1, (sqlite3_int64)res->rows);
		sqlite3_bind_int64(s, 2, m.import_id);
		rc = step_done(&m, s, "cannot record the import");
		sqlite3_finalize(s);
		if (rc)
			goto out;
	}
	if (co.async_hash) {
		sqlite3_stmt *s;
		rc = kl_csv_hash_wait(c, err);
		if (rc)
			goto out;
		memcpy(res->info.sha256, kl_csv_get_info(c)->sha256,
		       sizeof(res->info.sha256));
		rc = kli_store_prepare(st,
		                       "UPDATE imports SET sha256 = ?1 WHERE "
		                       "id = ?2",
		                       &s, err);
		if (rc)
			goto out;
		sqlite3_bind_text(s, 1, res->info.sha256, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, m.import_id);
		rc = step_done(&m, s, "cannot record the import");
		sqlite3_finalize(s);
		if (rc)
			goto out;
	}
	if (o->dry_run) {
		kl_store_rollback(st);
		in_tx = 0;
		res->replaced_id = 0;
		goto out;
	}
	/* the statement must be finalised before COMMIT releases locks */
	sqlite3_finalize(m.ins);
	m.ins = NULL;
	rc = kl_store_commit(st, err);
	in_tx = 0;
	if (!rc)
		res->import_id = m.import_id;
out:
	pipe_free(&m); /* the storer must be gone before the rollback */
	report_problems(&m);
	res->problems = m.problems;
	if (in_tx)
		kl_store_rollback(st);
	if (rc)
		res->replaced_id = 0;
	release(&m);
	kl_csv_close(c);
	return rc;
}
