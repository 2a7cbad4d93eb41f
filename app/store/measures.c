/* measures.c: SQL for the measure catalogue, the scores, and a couple's
 * history of scores and ratings. */
#include "app/store/measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

#define MEASURE_COLUMNS \
	"id, key, name, scale_min, scale_max, cutoff, higher_is_better, position," \
	" reliable_change, reliability, norm_sd, source, licence, every_sessions," \
	" scheduled_by_default, from_library FROM measure"

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
	m->has_reliable_change = sqlite3_column_type(stmt, 8) != SQLITE_NULL;
	m->reliable_change = m->has_reliable_change ? sqlite3_column_double(stmt, 8) : 0.0;
	m->has_reliability = sqlite3_column_type(stmt, 9) != SQLITE_NULL &&
		sqlite3_column_type(stmt, 10) != SQLITE_NULL;
	m->reliability = m->has_reliability ? sqlite3_column_double(stmt, 9) : 0.0;
	m->norm_sd = m->has_reliability ? sqlite3_column_double(stmt, 10) : 0.0;
	if (sqlite3_column_type(stmt, 11) != SQLITE_NULL)
		m->source = store_column_dup(stmt, 11, &ok);
	if (sqlite3_column_type(stmt, 12) != SQLITE_NULL)
		m->licence = store_column_dup(stmt, 12, &ok);
	m->every_sessions = sqlite3_column_int(stmt, 13);
	m->scheduled_by_default = sqlite3_column_int(stmt, 14) != 0;
	m->from_library = sqlite3_column_int(stmt, 15) != 0;
	if (!ok || m->key == NULL || m->name == NULL) {
		measure_rec_free(m);
		return false;
	}
	return true;
}

static enum dyad_error list_query(struct store *store, const char *sql,
	struct measure_list *out, struct dyad_status *st);

enum dyad_error measures_list(struct store *store, struct measure_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " MEASURE_COLUMNS " ORDER BY position, key";
	return list_query(store, sql, out, st);
}

enum dyad_error measures_list_in_use(struct store *store, struct measure_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " MEASURE_COLUMNS
		" WHERE scheduled_by_default = 1"
		" OR EXISTS (SELECT 1 FROM measure_value v WHERE v.measure_id = measure.id)"
		" OR EXISTS (SELECT 1 FROM measure_schedule c WHERE c.measure_id = measure.id"
		" AND c.every > 0)"
		" ORDER BY position, key";
	return list_query(store, sql, out, st);
}

static enum dyad_error list_query(struct store *store, const char *sql,
	struct measure_list *out, struct dyad_status *st)
{
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

/* Binds reliable_change, reliability, norm_sd, source, licence,
 * every_sessions and scheduled_by_default from `first` on. */
static void bind_library_fields(sqlite3_stmt *stmt, int first, const struct measure_rec *m)
{
	if (m->has_reliable_change)
		sqlite3_bind_double(stmt, first, m->reliable_change);
	else
		sqlite3_bind_null(stmt, first);
	if (m->has_reliability) {
		sqlite3_bind_double(stmt, first + 1, m->reliability);
		sqlite3_bind_double(stmt, first + 2, m->norm_sd);
	} else {
		sqlite3_bind_null(stmt, first + 1);
		sqlite3_bind_null(stmt, first + 2);
	}
	store_bind_text(stmt, first + 3, m->source);
	store_bind_text(stmt, first + 4, m->licence);
	sqlite3_bind_int(stmt, first + 5, m->every_sessions);
	sqlite3_bind_int(stmt, first + 6, m->scheduled_by_default ? 1 : 0);
}

enum dyad_error measures_insert(struct store *store, const struct measure_rec *m,
	int64_t *id, struct dyad_status *st)
{
	static const char sql_taken[] = "SELECT 1 FROM measure WHERE key = ?1";
	static const char sql_insert[] =
		"INSERT INTO measure (key, name, scale_min, scale_max, cutoff, higher_is_better,"
		" position, created_at, reliable_change, reliability, norm_sd, source, licence,"
		" every_sessions, scheduled_by_default) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" (SELECT coalesce(max(position), 0) + 10 FROM measure), dyad_now(),"
		" ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
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
	bind_library_fields(stmt, 7, m);
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

/* The library fields compared with `IS`, so NULL equals NULL. */
#define LIBRARY_SAME \
	"name IS ?2 AND scale_min IS ?3 AND scale_max IS ?4 AND cutoff IS ?5" \
	" AND higher_is_better IS ?6 AND position IS ?7 AND reliable_change IS ?8" \
	" AND reliability IS ?9 AND norm_sd IS ?10 AND source IS ?11 AND licence IS ?12" \
	" AND every_sessions IS ?13 AND scheduled_by_default IS ?14"

static void bind_library_row(sqlite3_stmt *stmt, const struct measure_rec *m)
{
	store_bind_text(stmt, 1, m->key);
	store_bind_text(stmt, 2, m->name);
	sqlite3_bind_double(stmt, 3, m->scale_min);
	sqlite3_bind_double(stmt, 4, m->scale_max);
	if (m->has_cutoff)
		sqlite3_bind_double(stmt, 5, m->cutoff);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_int(stmt, 6, m->higher_is_better ? 1 : 0);
	sqlite3_bind_int(stmt, 7, m->position);
	bind_library_fields(stmt, 8, m);
}

enum dyad_error measures_library_current(struct store *store, const struct measure_rec *m,
	bool *current, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT 1 FROM measure WHERE key = ?1 AND (from_library = 0 OR (" LIBRARY_SAME "))";
	*current = false;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	bind_library_row(stmt, m);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src == SQLITE_ROW)
		*current = true;
	else if (src != SQLITE_DONE)
		return store_fail(store, src, "measure library", st);
	return DYAD_OK;
}

enum dyad_error measures_library_upsert(struct store *store, const struct measure_rec *m,
	bool *changed, struct dyad_status *st)
{
	/* Scores already recorded must stay on the scale: a library file that
	 * narrows a range is refused by the CHECK below rather than
	 * silently orphaning them. */
	static const char sql[] =
		"INSERT INTO measure (key, name, scale_min, scale_max, cutoff, higher_is_better,"
		" position, reliable_change, reliability, norm_sd, source, licence, every_sessions,"
		" scheduled_by_default, from_library, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, dyad_now())"
		" ON CONFLICT (key) DO UPDATE SET name = excluded.name, scale_min = excluded.scale_min,"
		" scale_max = excluded.scale_max, cutoff = excluded.cutoff,"
		" higher_is_better = excluded.higher_is_better, position = excluded.position,"
		" reliable_change = excluded.reliable_change, reliability = excluded.reliability,"
		" norm_sd = excluded.norm_sd, source = excluded.source, licence = excluded.licence,"
		" every_sessions = excluded.every_sessions,"
		" scheduled_by_default = excluded.scheduled_by_default"
		" WHERE measure.from_library = 1 AND NOT (" LIBRARY_SAME ")";
	*changed = false;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	bind_library_row(stmt, m);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE)
		return store_fail(store, src, "measure library", st);
	*changed = sqlite3_changes(store->db) > 0;
	return DYAD_OK;
}

enum dyad_error measure_schedule_get(struct store *store, int64_t couple_id,
	int64_t measure_id, bool *found, int *every, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT every FROM measure_schedule WHERE couple_id = ?1 AND measure_id = ?2";
	*found = false;
	*every = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	sqlite3_bind_int64(stmt, 2, measure_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*found = true;
		*every = sqlite3_column_int(stmt, 0);
	}
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return store_fail(store, src, "measure schedule", st);
	return DYAD_OK;
}

enum dyad_error measure_schedule_set(struct store *store, int64_t couple_id,
	int64_t measure_id, int every, struct dyad_status *st)
{
	static const char sql[] =
		"INSERT INTO measure_schedule (couple_id, measure_id, every, updated_at)"
		" VALUES (?1, ?2, ?3, dyad_now()) ON CONFLICT (couple_id, measure_id)"
		" DO UPDATE SET every = excluded.every, updated_at = dyad_now()";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		store_rollback(store);
		return st->code;
	}
	sqlite3_bind_int64(stmt, 1, couple_id);
	sqlite3_bind_int64(stmt, 2, measure_id);
	sqlite3_bind_int(stmt, 3, every);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "measure schedule", st);
		store_rollback(store);
		return rc;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "measure %lld: every %d", (long long)measure_id, every);
	if ((rc = audit_record(store, AUDIT_CHANGE, "measure_schedule", couple_id, 0, detail, st)) !=
		DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

static bool due_from_row(sqlite3_stmt *stmt, void *item)
{
	struct measure_due_row *r = item;
	memset(r, 0, sizeof *r);
	store_column_copy(stmt, 0, r->key, sizeof r->key);
	r->every = sqlite3_column_int(stmt, 1);
	if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
		store_column_copy(stmt, 2, r->last_at, sizeof r->last_at);
	r->held_since = sqlite3_column_int(stmt, 3);
	return true;
}

enum dyad_error measure_schedule_status(struct store *store, int64_t couple_id,
	const char *before, struct measure_due_list *out, struct dyad_status *st)
{
	/* held_sessions is the one rule for a held session (0008_held.sql). */
	static const char sql[] =
		"SELECT key, every, last_at, (SELECT count(*) FROM held_sessions h"
		"  WHERE h.couple_id = ?1 AND h.starts_at < ?2"
		"  AND (last_at IS NULL OR h.starts_at > last_at)) FROM ("
		" SELECT m.key, m.position, coalesce(c.every,"
		"  CASE WHEN m.scheduled_by_default = 1 THEN m.every_sessions ELSE 0 END) AS every,"
		"  (SELECT max(s.starts_at) FROM measure_value v JOIN session s ON s.id = v.session_id"
		"   WHERE v.measure_id = m.id AND s.couple_id = ?1) AS last_at"
		" FROM measure m LEFT JOIN measure_schedule c ON c.measure_id = m.id"
		"  AND c.couple_id = ?1)"
		" WHERE every > 0 ORDER BY position, key";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, before);
	struct store_array rows = STORE_ARRAY(struct measure_due_row);
	enum dyad_error rc = store_collect(store, stmt, &rows, due_from_row, "measure schedule", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		measure_due_list_free(out);
	return rc;
}

void measure_due_list_free(struct measure_due_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

void measure_rec_free(struct measure_rec *m)
{
	if (m == NULL)
		return;
	free(m->key);
	free(m->name);
	free(m->source);
	free(m->licence);
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
