/*
 * deliveries.c - corrected re-deliveries of the individuals and police
 * feeds, and retiring an import (kartlagg-import(1), DELIVERIES;
 * kartlagg-sources(1)).
 *
 * A police extract's scope is the span of its anmälningsdatum in its
 * kommuner.  The cases it repeats are updated row by row (feed_police.c);
 * the earlier cases in its scope that it no longer has would still be
 * counted, so the import is refused unless --replace, which moves them to
 * police_case_history (replaced_by = the new import), marks an earlier
 * extract with no current case left as superseded and records each
 * earlier extract touched in import_changes.
 *
 * A delivery is what one organisation reported for one period: the rows of
 * an individuals import with the same (organisation, period_start,
 * period_end).  A second import that delivers a pair already in the store
 * would count the persons of both files, so it is refused unless
 * --replace; with --replace every earlier import delivering one of its
 * pairs is superseded: imports.superseded_by names the new import and its
 * rows move to the table individuals_set_aside, where every query of
 * individuals no longer sees them.  Retiring an import sets its own rows
 * aside the same way and brings back the rows of the imports it had
 * superseded.  Each change is a row of import_changes (provenance: what
 * replaced, retired or restored what, and when).  Both tables are in the
 * schema (version 5, schemas/store.sql); the caller's transaction makes
 * every step all-or-nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds_priv.h"
#include "kl_feeds.h"
#include "store_priv.h"
#include "util_priv.h"

int kli_import_change(struct kl_store *st, long long import_id,
                      const char *action, long long by_import,
                      struct kl_error *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc = kli_store_prepare(st,
	                           "INSERT INTO import_changes (import_id, "
	                           "action, by_import, at) VALUES (?1, ?2, "
	                           "?3, ?4)",
	                           &s, err);
	if (rc)
		return rc;
	kli_utc_now(now, sizeof(now));
	sqlite3_bind_int64(s, 1, import_id);
	sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
	if (by_import)
		sqlite3_bind_int64(s, 3, by_import);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, "cannot record the change");
	return KL_OK;
}

static int run1(struct kl_store *st, const char *sql, long long a, long long b,
                struct kl_error *err, const char *what)
{
	sqlite3_stmt *s;
	char now[32];
	int rc = kli_store_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	kli_utc_now(now, sizeof(now));
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(st, rc, err, what);
	return KL_OK;
}

/* Move import id's rows from individuals to individuals_set_aside (back
 * = 0) or back (back = 1). */
static int move_rows(struct kl_store *st, long long id, int back,
                     struct kl_error *err)
{
	int rc = run1(st,
	              back ? "INSERT INTO individuals SELECT * FROM "
	                     "individuals_set_aside WHERE import_id = ?1"
	                   : "INSERT INTO individuals_set_aside SELECT * FROM "
	                     "individuals WHERE import_id = ?1",
	              id, 0, err, "cannot set rows aside");
	if (!rc)
		rc = run1(st,
		          back ? "DELETE FROM individuals_set_aside WHERE "
		                 "import_id = ?1"
		               : "DELETE FROM individuals WHERE import_id = ?1",
		          id, 0, err, "cannot set rows aside");
	return rc;
}

/*
 * Record that f's import replaces the earlier import `old`: run
 * `supersede` (?1 old, ?2 the new import) and add the 'replaced' row of
 * import_changes; the first one replaced (first != 0) is f->res's
 * replaced_id.  0 or a status (f->err set).
 */
static int mark_replaced(struct kli_feed *f, long long old, int first,
                         const char *supersede)
{
	int rc = run1(f->st, supersede, old, f->import_id, f->err,
	              "cannot record the replacement");
	if (!rc)
		rc = run1(f->st,
		          "INSERT INTO import_changes VALUES (?1, 'replaced', "
		          "?2, ?3)",
		          old, f->import_id, f->err,
		          "cannot record the replacement");
	if (!rc && first)
		f->res->replaced_id = old;
	return rc;
}

/*
 * The earlier imports that `sql` lists for f's import (?1), one row each:
 * column 0 the import id, column 1 how many of its rows are concerned.
 * Unless f->o->replace the first is refused: KL_ERR_USAGE at f's file with
 * the message refuse() writes from its row.  Else their ids go to a new
 * array *ids (all of them, *n; the caller frees it) and their rows are
 * added to f->res->replaced.  0 or a status (f->err set; `what` names a
 * failed read).
 */
static int earlier_imports(struct kli_feed *f, const char *sql,
                           void (*refuse)(sqlite3_stmt *s, char *m, size_t n),
                           const char *what, long long **ids, size_t *n)
{
	struct kl_error *err = f->err;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	rc = kli_store_prepare(f->st, sql, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, f->import_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!f->o->replace) {
			char m[sizeof(err->msg)];
			refuse(s, m, sizeof(m));
			sqlite3_finalize(s);
			return kl_error_at(err, KL_ERR_USAGE, f->path, 0, 0,
			                   "%s", m);
		}
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			long long *v = realloc(*ids, nc * sizeof(*v));
			if (!v) {
				sqlite3_finalize(s);
				return kli_oom(err);
			}
			*ids = v;
			cap = nc;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
		f->res->replaced +=
		    (unsigned long long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kli_store_fail(f->st, rc, err, what);
	return KL_OK;
}

/* The refusal of a delivery: its row is (import, count, organisation,
 * period_start, period_end). */
static void refuse_delivery(sqlite3_stmt *s, char *m, size_t n)
{
	snprintf(m, n,
	         "organisation '%s' already delivered %s..%s (import %lld): "
	         "its persons would be counted twice; give --replace to "
	         "replace that delivery with this one",
	         (const char *)sqlite3_column_text(s, 2),
	         (const char *)sqlite3_column_text(s, 3),
	         (const char *)sqlite3_column_text(s, 4),
	         sqlite3_column_int64(s, 0));
}

int kli_individuals_deliveries(struct kli_feed *f)
{
	long long *ids;
	size_t n;

	/* every earlier current import with one of this file's pairs; the
	 * CROSS JOIN keeps the other rows as the outer loop, each looked up
	 * in the file's few pairs (an automatic index), where SQLite would
	 * otherwise search the period index once per pair: 50 organisations
	 * of one period read the table 50 times (issue 16) */
	int rc = earlier_imports(
	    f,
	    "SELECT o.import_id, count(*), o.organisation, o.period_start, "
	    "o.period_end FROM individuals o CROSS JOIN (SELECT DISTINCT "
	    "organisation, period_start, period_end FROM individuals WHERE "
	    "import_id = ?1) d USING (organisation, period_start, period_end) "
	    "WHERE o.import_id <> ?1 GROUP BY o.import_id ORDER BY "
	    "o.import_id",
	    refuse_delivery, "cannot read deliveries", &ids, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = move_rows(f->st, ids[i], 0, f->err);
		if (!rc)
			rc = mark_replaced(
			    f, ids[i], i == 0,
			    "UPDATE imports SET superseded_by = ?2 "
			    "WHERE id = ?1");
	}
	free(ids);
	return rc;
}

/* The cases of earlier imports in the scope of import ?1: reported within
 * its first..last anmälningsdatum, in one of its kommuner. */
#define POLICE_SCOPE                                                           \
	"import_id <> ?1 AND reported BETWEEN (SELECT min(reported) FROM "     \
	"police_cases WHERE import_id = ?1) AND (SELECT max(reported) FROM "   \
	"police_cases WHERE import_id = ?1) AND kommunkod IN (SELECT "         \
	"kommunkod FROM police_cases WHERE import_id = ?1)"

/* The refusal of an extract: its row is (import, cases, first, last). */
static void refuse_extract(sqlite3_stmt *s, char *m, size_t n)
{
	long long k = sqlite3_column_int64(s, 1);
	snprintf(m, n,
	         "this extract covers %s..%s, and %lld case%s of import %lld "
	         "reported then in its kommuner %s not in it: a corrected "
	         "extract replaces the earlier one with --replace (those "
	         "cases are set aside), or they would still be counted",
	         (const char *)sqlite3_column_text(s, 2),
	         (const char *)sqlite3_column_text(s, 3), k, k == 1 ? "" : "s",
	         sqlite3_column_int64(s, 0), k == 1 ? "is" : "are");
}

int kli_police_deliveries(struct kli_feed *f)
{
	struct kl_store *st = f->st;
	long long *ids;
	size_t n;

	/* the repeated cases are updated already (feed_police.c): what is
	 * left in scope is what the new extract no longer has */
	int rc = earlier_imports(
	    f,
	    "SELECT import_id, count(*), (SELECT min(reported) "
	    "FROM police_cases WHERE import_id = ?1), (SELECT "
	    "max(reported) FROM police_cases WHERE import_id "
	    "= ?1) FROM police_cases WHERE " POLICE_SCOPE
	    " GROUP BY import_id ORDER BY import_id",
	    refuse_extract, "cannot read police cases", &ids, &n);
	if (rc || n == 0) {
		free(ids);
		return rc;
	}
	rc = run1(st,
	          "INSERT INTO police_case_history SELECT diarienummer, "
	          "import_id, _line, reported, crime_from, crime_to, "
	          "brottskod, offence_group, lagrum, kommunkod, "
	          "place_type, internet, count, victim_sex, victim_age, "
	          "status, ?1 FROM police_cases WHERE " POLICE_SCOPE,
	          f->import_id, 0, f->err, "cannot set police cases aside");
	if (!rc)
		rc = run1(st, "DELETE FROM police_cases WHERE " POLICE_SCOPE,
		          f->import_id, 0, f->err,
		          "cannot set police cases aside");
	for (size_t i = 0; !rc && i < n; i++) {
		/* an earlier extract with no current case left is replaced */
		rc =
		    mark_replaced(f, ids[i], i == 0,
		                  "UPDATE imports SET superseded_by = ?2 WHERE "
		                  "id = ?1 AND NOT EXISTS (SELECT 1 FROM "
		                  "police_cases WHERE import_id = ?1)");
	}
	free(ids);
	return rc;
}

int kl_import_retire(struct kl_store *st, long long id,
                     struct kl_retire_result *res, struct kl_error *err)
{
	sqlite3_stmt *s;
	char kind[32] = "", target[128] = "";
	long long sup = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = kl_store_begin(st, err);
	if (rc)
		return rc;
	rc = kli_store_prepare(st,
	                       "SELECT kind, coalesce(superseded_by, 0), "
	                       "target FROM imports WHERE id = ?1",
	                       &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(kind, sizeof(kind), "%s", sqlite3_column_text(s, 0));
		sup = sqlite3_column_int64(s, 1);
		if (sqlite3_column_text(s, 2))
			snprintf(target, sizeof(target), "%s",
			         sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	if (!kind[0]) {
		rc = kl_error_set(err, KL_ERR_USAGE, "no import %lld", id);
		goto out;
	}
	if (strcmp(kind, "individuals") != 0 && strcmp(kind, "survey") != 0) {
		rc =
		    kl_error_set(err, KL_ERR_USAGE,
		                 "import %lld is a %s import; only individuals "
		                 "deliveries and survey imports can be retired "
		                 "(police cases are replaced by a later "
		                 "extract)",
		                 id, kind);
		goto out;
	}
	if (sup) {
		rc = kl_error_set(err, KL_ERR_USAGE,
		                  sup == id ? "import %lld is retired already"
		                            : "import %lld was replaced by "
		                              "import %lld; retire that one",
		                  id, sup);
		goto out;
	}
	if (strcmp(kind, "survey") == 0) {
		rc = kli_survey_retire(st, id, target, res, err);
		if (rc)
			goto out;
		return kl_store_commit(st, err);
	}
	rc = kli_store_prepare(st,
	                       "SELECT count(*) FROM individuals WHERE "
	                       "import_id = ?1",
	                       &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		res->rows = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	rc = move_rows(st, id, 0, err);
	if (!rc)
		rc = run1(st,
		          "UPDATE imports SET superseded_by = ?1 WHERE id = ?1",
		          id, 0, err, "cannot retire the import");
	if (!rc)
		rc = run1(st,
		          "INSERT INTO import_changes VALUES (?1, 'retired', "
		          "NULL, ?3)",
		          id, 0, err, "cannot retire the import");
	if (rc)
		goto out;
	/* the deliveries it had replaced count again, one at a time (each
	 * restored one leaves the query), however many there are */
	for (;;) {
		long long back = 0;
		int step;
		rc = kli_store_prepare(st,
		                       "SELECT id FROM imports WHERE "
		                       "superseded_by = ?1 AND id <> ?1 ORDER "
		                       "BY id LIMIT 1",
		                       &s, err);
		if (rc)
			goto out;
		sqlite3_bind_int64(s, 1, id);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW)
			back = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = kli_store_fail(st, step, err,
			                    "cannot restore an import");
			goto out;
		}
		rc = move_rows(st, back, 1, err);
		if (!rc)
			rc = run1(
			    st,
			    "UPDATE imports SET superseded_by = NULL WHERE "
			    "id = ?1",
			    back, 0, err, "cannot restore an import");
		if (!rc)
			rc = run1(st,
			          "INSERT INTO import_changes VALUES (?1, "
			          "'restored', ?2, ?3)",
			          back, id, err, "cannot restore an import");
		if (rc)
			goto out;
		if (!res->restored)
			res->restored_id = back;
		res->restored++;
	}
	if (rc)
		goto out;
	rc = kl_store_commit(st, err);
	return rc;
out:
	kl_store_rollback(st);
	return rc;
}
