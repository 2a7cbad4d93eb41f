/* measures.c: SQL for the measure catalogue, the scores, and a couple's
 * history of scores and ratings. */
#include "app/store/measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

#define MEASURE_COLUMNS \
	"id, key, name, scale_min, scale_max, cutoff, higher_is_better, position FROM measure"

static bool measure_from_row(sqlite3_stmt *stmt, void *item)
{
	struct measure_rec *m = item;
	bool ok = true;
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->key = store_column_dup(stmt, 1, &ok);
	m->name = store_column_dup(stmt, 2, &ok);
	m->scale_min = sqlite3_column_double(stmt, 3);
	m->scale_max = sqlite3_column_double(stmt, 4);
	m->has_cutoff = sqlite3_column_type(stmt, 5) != SQLITE_NULL;
	m->cutoff = m->has_cutoff ? sqlite3_column_double(stmt, 5) : 0.0;
	m->higher_is_better = sqlite3_column_int(stmt, 6) != 0;
	m->position = sqlite3_column_int(stmt, 7);
	if (!ok || m->key == NULL || m->name == NULL) {
		measure_rec_free(m);
		return false;
	}
	return true;
}

enum dyad_error measures_list(struct store *store, struct measure_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " MEASURE_COLUMNS " ORDER BY position, key";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct store_array rows = STORE_ARRAY(struct measure_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, measure_from_row, "measures", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		measure_list_free(out);
	return rc;
}

enum dyad_error measures_find(struct store *store, const char *key,
	struct measure_rec *out, struct dyad_status *st)
{
	static const char sql[] = "SELECT " MEASURE_COLUMNS " WHERE key = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	store_bind_text(stmt, 1, key);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW) {
		if (!measure_from_row(stmt, out))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND,
			"measure: no measure has the key '%.64s' (see `dyad measures`)", key);
	} else {
		rc = store_fail(store, src, "measure", st);
	}
	store_done(stmt);
	return rc;
}

enum dyad_error measures_insert(struct store *store, const struct measure_rec *m,
	int64_t *id, struct dyad_status *st)
{
	static const char sql_taken[] = "SELECT 1 FROM measure WHERE key = ?1";
	static const char sql_insert[] =
		"INSERT INTO measure (key, name, scale_min, scale_max, cutoff, higher_is_better,"
		" position, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" (SELECT coalesce(max(position), 0) + 10 FROM measure), dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_taken, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	store_bind_text(stmt, 1, m->key);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src == SQLITE_ROW) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED, "key: a measure with the key '%.64s' already exists",
			m->key);
		goto fail;
	}
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "measure", st);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_insert, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	store_bind_text(stmt, 1, m->key);
	store_bind_text(stmt, 2, m->name);
	sqlite3_bind_double(stmt, 3, m->scale_min);
	sqlite3_bind_double(stmt, 4, m->scale_max);
	if (m->has_cutoff)
		sqlite3_bind_double(stmt, 5, m->cutoff);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_int(stmt, 6, m->higher_is_better ? 1 : 0);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "measure", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	if ((rc = audit_record_item(store, AUDIT_CREATE, "measure", 0, 0, new_id, m->key, NULL, 0,
		     st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*id = new_id;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

void measure_rec_free(struct measure_rec *m)
{
	if (m == NULL)
		return;
	free(m->key);
	free(m->name);
	memset(m, 0, sizeof *m);
}

void measure_list_free(struct measure_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		measure_rec_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

static const char *const partner_code[] = { "a", "b" };

/* Runs one write statement (already bound) inside its own transaction. */
/* "csi4, partner a: 15" (or "cleared") for the audit log. */
static enum dyad_error measure_audit(struct store *store, int64_t session_id,
	int64_t measure_id, int partner, const double *value, struct dyad_status *st)
{
	static const char sql[] = "SELECT key FROM measure WHERE id = ?1";
	char key[65] = "?", detail[160];
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, measure_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		store_column_copy(stmt, 0, key, sizeof key);
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return store_fail(store, src, "measure", st);
	if (value != NULL)
		snprintf(detail, sizeof detail, "%s, partner %s: %g", key, partner_code[partner], *value);
	else
		snprintf(detail, sizeof detail, "%s, partner %s: cleared", key, partner_code[partner]);
	return audit_record(store, AUDIT_CHANGE, "measure_score", 0, session_id, detail, st);
}

static enum dyad_error write_one(struct store *store, const char *sql, int64_t session_id,
	int64_t measure_id, int partner, const double *value, struct dyad_status *st)
{
	if (partner < 0 || partner > 1)
		return dyad_fail(st, DYAD_ERR_INVALID, "partner: must be a or b");
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		store_rollback(store);
		return st->code;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	sqlite3_bind_int64(stmt, 2, measure_id);
	store_bind_text(stmt, 3, partner_code[partner]);
	if (value != NULL)
		sqlite3_bind_double(stmt, 4, *value);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "measure", st);
		store_rollback(store);
		return rc;
	}
	if ((value != NULL || sqlite3_changes(store->db) > 0) &&
		(rc = measure_audit(store, session_id, measure_id, partner, value, st)) != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

enum dyad_error measure_values_set(struct store *store, int64_t session_id,
	int64_t measure_id, int partner, double value, struct dyad_status *st)
{
	static const char sql[] =
		"INSERT INTO measure_value (session_id, measure_id, partner, value, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, dyad_now())"
		" ON CONFLICT (session_id, measure_id, partner) DO UPDATE SET value = excluded.value,"
		" updated_at = dyad_now()";
	return write_one(store, sql, session_id, measure_id, partner, &value, st);
}

enum dyad_error measure_values_clear(struct store *store, int64_t session_id,
	int64_t measure_id, int partner, struct dyad_status *st)
{
	static const char sql[] =
		"DELETE FROM measure_value WHERE session_id = ?1 AND measure_id = ?2 AND partner = ?3";
	return write_one(store, sql, session_id, measure_id, partner, NULL, st);
}

static bool history_from_row(sqlite3_stmt *stmt, void *item)
{
	struct history_rec *h = item;
	h->session_id = sqlite3_column_int64(stmt, 0);
	h->item_id = sqlite3_column_int64(stmt, 1);
	const char *p = store_column_text(stmt, 2);
	h->partner = strcmp(p, "a") == 0 ? 0 : strcmp(p, "b") == 0 ? 1 : 2;
	h->value = sqlite3_column_double(stmt, 3);
	return true;
}

/* Collects (session, item, partner, value) rows of a query bound to a couple. */
static enum dyad_error history_query(struct store *store, const char *sql,
	int64_t couple_id, struct history_list *out, struct dyad_status *st)
{
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, couple_id);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "history", st);
	}
	struct store_array rows = STORE_ARRAY(struct history_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, history_from_row, "history", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		history_list_free(out);
	return rc;
}

enum dyad_error history_measures(struct store *store, int64_t couple_id,
	struct history_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT v.session_id, v.measure_id, v.partner, v.value"
		" FROM session s JOIN measure_value v ON v.session_id = s.id"
		" WHERE s.couple_id = ?1 ORDER BY s.starts_at, s.id, v.measure_id, v.partner";
	return history_query(store, sql, couple_id, out, st);
}

enum dyad_error history_ratings(struct store *store, int64_t couple_id,
	struct history_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT r.session_id, r.concept_id, r.partner, r.value"
		" FROM session s JOIN rating r ON r.session_id = s.id"
		" WHERE s.couple_id = ?1 ORDER BY s.starts_at, s.id, r.concept_id, r.partner";
	return history_query(store, sql, couple_id, out, st);
}

void history_list_free(struct history_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
