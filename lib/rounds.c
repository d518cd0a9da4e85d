/*
 * rounds.c - the rounds of the surveys in the store, and retiring one
 * survey import (kartlagg-sources(1), --rounds and --retire;
 * kartlagg-import(1), ROUNDS).
 *
 * A survey's table holds the rows of every import of it; its round
 * variable (surveys.round_var) separates the rounds.  Rows replaced by a
 * later round's import or retired sit in "<data_table>_set_aside" with
 * _set_aside_by naming the import that replaced them (or the retired
 * import itself), so retiring an import can bring back the rows it had
 * replaced, as lib/deliveries.c does for individuals deliveries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kl_feeds.h"
#include "kl_store.h"
#include "store_priv.h"
#include "util_priv.h"

void kl_rounds_free(struct kl_round *v)
{
	free(v);
}

/* Append survey `name`'s rounds (table t, round variable rv or NULL). */
static int survey_rounds(struct kl_store *st, const char *name, const char *t,
                         const char *rv, struct kl_round **v, size_t *n,
                         size_t *cap, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char *sql;
	int rc;

	if (rv)
		sql = sqlite3_mprintf(
		    "SELECT CAST(r.\"%w\" AS TEXT), r._import_id, (SELECT "
		    "name FROM imports WHERE id = r._import_id), count(*) FROM "
		    "\"%w\" r GROUP BY r.\"%w\", r._import_id ORDER BY "
		    "r.\"%w\", "
		    "r._import_id",
		    rv, t, rv, rv);
	else
		sql = sqlite3_mprintf(
		    "SELECT NULL, r._import_id, (SELECT name FROM imports "
		    "WHERE "
		    "id = r._import_id), count(*) FROM \"%w\" r GROUP BY "
		    "r._import_id ORDER BY r._import_id",
		    t);
	if (!sql)
		return kli_oom(err);
	rc = kli_store_prepare(st, sql, &s, err);
	sqlite3_free(sql);
	if (rc)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;
			struct kl_round *nv = realloc(*v, nc * sizeof(*nv));
			if (!nv) {
				sqlite3_finalize(s);
				return kli_oom(err);
			}
			*v = nv;
			*cap = nc;
		}
		struct kl_round *r = &(*v)[(*n)++];
		const char *rt = (const char *)sqlite3_column_text(s, 0);
		const char *nm = (const char *)sqlite3_column_text(s, 2);
		memset(r, 0, sizeof(*r));
		snprintf(r->survey, sizeof(r->survey), "%s", name);
		snprintf(r->round_var, sizeof(r->round_var), "%s",
		         rv ? rv : "");
		snprintf(r->round, sizeof(r->round), "%s", rt ? rt : "");
		r->import_id = sqlite3_column_int64(s, 1);
		snprintf(r->name, sizeof(r->name), "%s", nm ? nm : "");
		r->rows = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot read the rounds");
	return KL_OK;
}

int kl_survey_rounds(struct kl_store *st, const char *survey,
                     struct kl_round **out, size_t *nout, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	struct kl_round *v = NULL;
	size_t n = 0, cap = 0, nsurveys = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = kli_store_prepare(st,
	                       "SELECT name, data_table, round_var FROM "
	                       "surveys WHERE ?1 IS NULL OR name = ?1 ORDER "
	                       "BY name",
	                       &s, err);
	if (rc)
		return rc;
	kli_bind_text(s, 1, survey);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		nsurveys++;
		rc = survey_rounds(st, (const char *)sqlite3_column_text(s, 0),
		                   (const char *)sqlite3_column_text(s, 1),
		                   (const char *)sqlite3_column_text(s, 2), &v,
		                   &n, &cap, err);
	}
	sqlite3_finalize(s);
	if (!rc && survey && !nsurveys)
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  "no survey named '%s' in the store", survey);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*nout = n;
	return KL_OK;
}

/* Prepare sql (from sqlite3_mprintf, NULL when that ran out of memory;
 * freed here) into *s with ?1 = a when it has a parameter.  KL_OK, or an
 * error with *s NULL. */
static int prepare_a(struct kl_store *st, char *sql, long long a,
                     sqlite3_stmt **s, struct kl_error *err)
{
	int rc = sql ? kli_store_prepare(st, sql, s, err) : kli_oom(err);
	sqlite3_free(sql);
	if (rc)
		return rc;
	if (sqlite3_bind_parameter_count(*s) >= 1)
		sqlite3_bind_int64(*s, 1, a);
	return KL_OK;
}

/* Run sql (from sqlite3_mprintf; freed here) with ?1 = a: when out is
 * NULL a change, else a query of one number, which goes to *out. */
static int step_a(struct kl_store *st, char *sql, long long a, long long *out,
                  struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = prepare_a(st, sql, a, &s, err);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	if (out)
		*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (out && rc != SQLITE_ROW)
		return kli_store_fail(st, rc, err, "cannot read the survey");
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kli_store_fail(st, rc, err, "cannot retire the import");
	return KL_OK;
}

/* The columns of table t, quoted and comma-separated (sqlite3_free), or
 * NULL with err set (the store failed, or out of memory). */
static char *columns(struct kl_store *st, const char *t, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	sqlite3_str *b = sqlite3_str_new(kli_store_db(st));
	if (kli_store_prepare(st,
	                      "SELECT name FROM pragma_table_info(?1) ORDER "
	                      "BY cid",
	                      &s, err)) {
		sqlite3_free(sqlite3_str_finish(b));
		return NULL;
	}
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	for (int k = 0; sqlite3_step(s) == SQLITE_ROW; k++)
		sqlite3_str_appendf(b, "%s\"%w\"", k ? ", " : "",
		                    (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	/* no columns (the store would not say) is no shortage of memory */
	int e = sqlite3_str_errcode(b);
	char *cols = sqlite3_str_finish(b);
	if (!cols && e == SQLITE_NOMEM)
		kli_oom(err);
	else if (!cols)
		kl_error_set(err, KL_ERR_STORE,
		             "cannot read the columns of table '%s'", t);
	return cols;
}

int kli_survey_retire(struct kl_store *st, long long id, const char *survey,
                      struct kl_retire_result *res, struct kl_error *err)
{
	sqlite3_stmt *s = NULL;
	char table[64] = "", sa[96];
	char *cols = NULL;
	long long left = 0;
	int rc;

	rc = kli_store_prepare(
	    st, "SELECT data_table FROM surveys WHERE name = ?1", &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, survey ? survey : "", -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(table, sizeof(table), "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (!table[0])
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "import %lld is of survey '%s', which is no "
		    "longer in the store",
		    id, survey ? survey : "");
	snprintf(sa, sizeof(sa), "%s_set_aside", table);
	rc = step_a(st,
	            sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE "
	                            "_import_id = ?1",
	                            table),
	            id, &res->rows, err);
	if (!rc)
		rc = step_a(st,
		            sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE "
		                            "_import_id <> ?1",
		                            table),
		            id, &left, err);
	if (rc)
		return rc;
	int have_sa = sqlite3_table_column_metadata(kli_store_db(st), NULL, sa,
	                                            "_row", NULL, NULL, NULL,
	                                            NULL, NULL) == SQLITE_OK;
	long long back = 0;
	if (have_sa)
		rc = step_a(st,
		            sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE "
		                            "_set_aside_by = ?1 AND _import_id "
		                            "<> ?1",
		                            sa),
		            id, &back, err);
	if (rc)
		return rc;
	if (left + back == 0)
		return kl_error_set(
		    err, KL_ERR_USAGE,
		    "import %lld holds every row of survey '%s'; "
		    "retiring it would leave the survey empty "
		    "(import the survey again with --replace "
		    "instead)",
		    id, survey);
	cols = columns(st, table, err);
	if (!cols)
		return err->status;
	if (!have_sa)
		rc = step_a(
		    st,
		    sqlite3_mprintf("CREATE TABLE \"%w\" AS SELECT NULL AS "
		                    "_set_aside_by, * FROM \"%w\" WHERE 0",
		                    sa, table),
		    0, NULL, err);
	/* its rows go aside, marked as its own */
	if (!rc)
		rc = step_a(
		    st,
		    sqlite3_mprintf("INSERT INTO \"%w\" SELECT ?1, * FROM "
		                    "\"%w\" WHERE _import_id = ?1",
		                    sa, table),
		    id, NULL, err);
	if (!rc)
		rc = step_a(
		    st,
		    sqlite3_mprintf("DELETE FROM \"%w\" WHERE _import_id = "
		                    "?1",
		                    table),
		    id, NULL, err);
	/* the rows it had replaced come back, with their _row */
	if (!rc)
		rc = step_a(
		    st,
		    sqlite3_mprintf("INSERT INTO \"%w\" (%s) SELECT %s FROM "
		                    "\"%w\" WHERE _set_aside_by = ?1 AND "
		                    "_import_id <> ?1",
		                    table, cols, cols, sa),
		    id, NULL, err);
	if (!rc)
		rc = step_a(
		    st,
		    sqlite3_mprintf("DELETE FROM \"%w\" WHERE _set_aside_by = "
		                    "?1 AND _import_id <> ?1",
		                    sa),
		    id, NULL, err);
	if (!rc)
		rc = step_a(
		    st,
		    sqlite3_mprintf("UPDATE imports SET superseded_by = ?1 "
		                    "WHERE id = ?1"),
		    id, NULL, err);
	if (!rc)
		rc = kli_import_change(st, id, "retired", 0, err);
	if (rc)
		goto out;
	/* the imports it had replaced rows of: restored */
	rc = kli_store_prepare(st,
	                       "SELECT import_id FROM import_changes WHERE "
	                       "action = 'replaced' AND by_import = ?1 ORDER "
	                       "BY rowid",
	                       &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	long long *ids = NULL;
	size_t nids = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (nids == cap) {
			size_t nc = cap ? 2 * cap : 16;
			long long *n = realloc(ids, nc * sizeof(*n));
			if (!n)
				break;
			ids = n;
			cap = nc;
		}
		ids[nids++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (step == SQLITE_ROW)
		rc = kli_oom(err);
	else if (step != SQLITE_DONE)
		rc = kli_store_fail(st, step, err, "cannot restore an import");
	for (size_t i = 0; !rc && i < nids; i++) {
		char *q = sqlite3_mprintf("UPDATE imports SET superseded_by = "
		                          "NULL WHERE id = %lld AND "
		                          "superseded_by = ?1",
		                          ids[i]);
		rc = step_a(st, q, id, NULL, err);
		if (!rc)
			rc = kli_import_change(st, ids[i], "restored", id, err);
		if (!rc && !res->restored_id)
			res->restored_id = ids[i];
		res->restored += !rc;
	}
	free(ids);
out:
	sqlite3_free(cols);
	return rc;
}
