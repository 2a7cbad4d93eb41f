/* homework.c: SQL for settings, assignments and check-ins. */
#include "app/store/homework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

/* --- settings ------------------------------------------------------------ */

/* The couple an assignment belongs to (0 when there is none), for the
 * audit log; the caller holds a transaction. */
static enum dyad_error assignment_couple(struct store *store, int64_t id, int64_t *couple,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT couple_id FROM assignment WHERE id = ?1";
	*couple = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*couple = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? DYAD_OK : store_fail(store, src, "audit", st);
}

/* A change to assignment id, in the audit log with its couple. */
static enum dyad_error assignment_audit(struct store *store, int64_t id, const char *detail,
	struct dyad_status *st)
{
	int64_t couple;
	enum dyad_error rc = assignment_couple(store, id, &couple, st);
	if (rc == DYAD_OK)
		rc = audit_record_item(store, AUDIT_CHANGE, "assignment", couple, 0, id, detail, NULL,
			0, st);
	return rc;
}

enum dyad_error settings_get(struct store *store, const char *key, char **value,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	*value = NULL;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	enum dyad_error rc = DYAD_OK;
	int src = store_bind_text(stmt, 1, key);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		bool ok = true;
		*value = store_column_dup(stmt, 0, &ok);
		if (!ok)
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "settings", st);
	}
	store_done(stmt);
	return rc;
}

enum dyad_error settings_put(struct store *store, const char *key, const char *value,
	struct dyad_status *st)
{
	static const char sql_set[] =
		"INSERT INTO setting (key, value, updated_at) VALUES (?1, ?2, dyad_now()) ON CONFLICT (key) DO UPDATE"
		" SET value = excluded.value, updated_at = dyad_now()";
	static const char sql_delete[] = "DELETE FROM setting WHERE key = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, value ? sql_set : sql_delete, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	int src = store_bind_text(stmt, 1, key);
	if (src == SQLITE_OK && value != NULL)
		src = store_bind_text(stmt, 2, value);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "settings", st);
		goto fail;
	}
	char detail[96];
	snprintf(detail, sizeof detail, "%.64s %s", key, value ? "set" : "removed");
	if ((rc = audit_record(store, AUDIT_CHANGE, "setting", 0, 0, detail, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

static bool setting_from_row(sqlite3_stmt *stmt, void *item)
{
	struct setting_rec *s = item;
	bool ok = true;
	s->key = store_column_dup(stmt, 0, &ok);
	s->value = store_column_dup(stmt, 1, &ok);
	store_column_copy(stmt, 2, s->updated_at, sizeof s->updated_at);
	if (!ok || s->key == NULL || s->value == NULL) {
		free(s->key);
		free(s->value);
		return false;
	}
	return true;
}

enum dyad_error settings_list(struct store *store, struct setting_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT key, value, updated_at FROM setting ORDER BY key";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct store_array rows = STORE_ARRAY(struct setting_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, setting_from_row, "settings", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		setting_list_free(out);
	return rc;
}

void setting_list_free(struct setting_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].key);
		free(list->items[i].value);
	}
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* --- assignments ---------------------------------------------------------- */

#define ASSIGNMENT_COLUMNS                                                      \
	"a.id, a.couple_id, c.name, a.exercise_id, a.exercise_title, a.frequency,"  \
	" a.minutes, a.assigned_on, a.due_on, a.note, a.session_id, a.status,"      \
	" a.created_at, a.updated_at"                                              \
	" FROM assignment a JOIN couple c ON c.id = a.couple_id"

static bool assignment_from_row(sqlite3_stmt *stmt, void *item)
{
	struct assignment_rec *a = item;
	bool ok = true;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->couple_id = sqlite3_column_int64(stmt, 1);
	a->couple_name = store_column_dup(stmt, 2, &ok);
	a->exercise_id = store_column_dup(stmt, 3, &ok);
	a->exercise_title = store_column_dup(stmt, 4, &ok);
	store_column_copy(stmt, 5, a->frequency, sizeof a->frequency);
	a->minutes = sqlite3_column_int(stmt, 6);
	store_column_copy(stmt, 7, a->assigned_on, sizeof a->assigned_on);
	store_column_copy(stmt, 8, a->due_on, sizeof a->due_on);
	a->note = store_column_dup(stmt, 9, &ok);
	a->session_id = sqlite3_column_int64(stmt, 10);
	store_column_copy(stmt, 11, a->status, sizeof a->status);
	store_column_copy(stmt, 12, a->created_at, sizeof a->created_at);
	store_column_copy(stmt, 13, a->updated_at, sizeof a->updated_at);
	if (!ok || !a->couple_name || !a->exercise_id || !a->exercise_title) {
		assignment_rec_free(a);
		return false;
	}
	return true;
}

enum dyad_error assignments_insert(struct store *store, const struct assignment_new *in,
	int64_t *id, struct dyad_status *st)
{
	static const char sql_exists[] = "SELECT 1 FROM couple WHERE id = ?1";
	static const char sql[] =
		"INSERT INTO assignment (couple_id, exercise_id, exercise_title, frequency, minutes,"
		" assigned_on, due_on, note, session_id, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, dyad_now(), dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_exists, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	int src = sqlite3_bind_int64(stmt, 1, in->couple_id);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	store_done(stmt);
	if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "couple: no couple has id %lld",
			(long long)in->couple_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	src = sqlite3_bind_int64(stmt, 1, in->couple_id);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 2, in->exercise_id);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 3, in->exercise_title);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 4, in->frequency);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int(stmt, 5, in->minutes);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 6, in->assigned_on);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 7, in->due_on);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 8, in->note);
	if (src == SQLITE_OK)
		src = in->session_id > 0 ? sqlite3_bind_int64(stmt, 9, in->session_id)
					 : sqlite3_bind_null(stmt, 9);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	if ((rc = audit_record_item(store, AUDIT_CREATE, "assignment", in->couple_id,
		     in->session_id > 0 ? in->session_id : 0, new_id, in->exercise_id, NULL, 0, st)) !=
		DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*id = new_id;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error assignments_get(struct store *store, int64_t id, struct assignment_rec *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " ASSIGNMENT_COLUMNS " WHERE a.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	enum dyad_error rc = DYAD_OK;
	int src = sqlite3_bind_int64(stmt, 1, id);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		if (!assignment_from_row(stmt, out))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "assignment: no assignment has id %lld",
			(long long)id);
	} else {
		rc = store_fail(store, src, "assignment", st);
	}
	store_done(stmt);
	return rc;
}

/* Steps a bound statement, collecting its rows into out. */
static enum dyad_error collect_assignments(struct store *store, sqlite3_stmt *stmt,
	struct assignment_list *out, struct dyad_status *st)
{
	struct store_array rows = STORE_ARRAY(struct assignment_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, assignment_from_row, "assignments", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		assignment_list_free(out);
	return rc;
}

enum dyad_error assignments_list(struct store *store, int64_t couple_id, bool include_all,
	struct assignment_list *out, struct dyad_status *st)
{
	static const char sql[] = "SELECT " ASSIGNMENT_COLUMNS
		" WHERE a.couple_id = ?1 AND (?2 OR a.status = 'assigned')"
		" ORDER BY a.status <> 'assigned',"
		" CASE WHEN a.status = 'assigned' THEN a.due_on END,"
		" a.assigned_on DESC, a.id DESC";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, couple_id);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int(stmt, 2, include_all ? 1 : 0);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "assignments", st);
	}
	return collect_assignments(store, stmt, out, st);
}

enum dyad_error assignments_due(struct store *store, const char *due_by,
	struct assignment_list *out, struct dyad_status *st)
{
	static const char sql[] = "SELECT " ASSIGNMENT_COLUMNS
		" WHERE a.status = 'assigned' AND a.due_on <= ?1 AND c.status <> 'closed'"
		" ORDER BY c.name COLLATE NOCASE, c.id, a.due_on, a.id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = store_bind_text(stmt, 1, due_by);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "assignments", st);
	}
	return collect_assignments(store, stmt, out, st);
}

enum dyad_error assignments_set_status(struct store *store, int64_t id, const char *status,
	struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE assignment SET status = ?2,"
		" updated_at = dyad_now() WHERE id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	int src = sqlite3_bind_int64(stmt, 1, id);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 2, status);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	if (sqlite3_changes(store->db) == 0) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "assignment: no assignment has id %lld",
			(long long)id);
		goto fail;
	}
	if ((rc = assignment_audit(store, id, status, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error assignments_update(struct store *store, int64_t id, const char *due,
	const char *note, struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE assignment SET due_on = coalesce(?2, due_on),"
		" note = CASE WHEN ?3 IS NULL THEN note WHEN ?3 = '' THEN NULL ELSE ?3 END,"
		" updated_at = dyad_now() WHERE id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	int src = sqlite3_bind_int64(stmt, 1, id);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 2, due);
	if (src == SQLITE_OK)
		src = store_bind_text(stmt, 3, note);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	if (sqlite3_changes(store->db) == 0) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "assignment: no assignment has id %lld",
			(long long)id);
		goto fail;
	}
	if ((rc = assignment_audit(store, id, due && note ? "due date, note" : due ? "due date" : "note", st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

void assignment_rec_free(struct assignment_rec *a)
{
	if (a == NULL)
		return;
	free(a->couple_name);
	free(a->exercise_id);
	free(a->exercise_title);
	free(a->note);
	memset(a, 0, sizeof *a);
}

void assignment_list_free(struct assignment_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		assignment_rec_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* --- check-ins ------------------------------------------------------------ */

enum dyad_error checkins_put(struct store *store, const struct checkin_new *in,
	int64_t *id, bool *replaced, struct dyad_status *st)
{
	static const char sql_find[] =
		"SELECT id FROM checkin WHERE assignment_id = ?1 AND partner = ?2 AND checked_on = ?3";
	static const char sql_put[] =
		"INSERT INTO checkin (assignment_id, partner, checked_on, done, out_of, comment,"
		" session_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, dyad_now())"
		" ON CONFLICT (assignment_id, partner, checked_on) DO UPDATE SET"
		" done = excluded.done, out_of = excluded.out_of, comment = excluded.comment,"
		" session_id = excluded.session_id,"
		" recorded_at = dyad_now()";
	const char *partner = in->partner == 0 ? "a" : "b";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	int64_t existing = 0;
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *stmt = store_stmt(store, pass == 0 ? sql_find : sql_put, st);
		if (stmt == NULL) {
			rc = st->code;
			goto fail;
		}
		int src = sqlite3_bind_int64(stmt, 1, in->assignment_id);
		if (src == SQLITE_OK)
			src = store_bind_text(stmt, 2, partner);
		if (src == SQLITE_OK)
			src = store_bind_text(stmt, 3, in->checked_on);
		if (pass == 1) {
			if (src == SQLITE_OK)
				src = sqlite3_bind_int64(stmt, 4, in->done);
			if (src == SQLITE_OK)
				src = in->out_of > 0 ? sqlite3_bind_int64(stmt, 5, in->out_of)
						     : sqlite3_bind_null(stmt, 5);
			if (src == SQLITE_OK)
				src = store_bind_text(stmt, 6, in->comment);
			if (src == SQLITE_OK)
				src = in->session_id > 0 ? sqlite3_bind_int64(stmt, 7, in->session_id)
							 : sqlite3_bind_null(stmt, 7);
		}
		if (src == SQLITE_OK)
			src = sqlite3_step(stmt);
		if (pass == 0 && src == SQLITE_ROW) {
			existing = sqlite3_column_int64(stmt, 0);
			src = SQLITE_DONE;
		}
		store_done(stmt);
		if (src != SQLITE_DONE) {
			rc = store_fail(store, src, "check-in", st);
			goto fail;
		}
	}
	int64_t new_id = existing ? existing : sqlite3_last_insert_rowid(store->db);
	/* The figures, never the comment: it is the couple's own words. */
	int64_t couple;
	char detail[120];
	if (in->out_of > 0)
		snprintf(detail, sizeof detail, "assignment %lld, partner %s, %s: %lld of %lld",
			(long long)in->assignment_id, partner, in->checked_on, (long long)in->done,
			(long long)in->out_of);
	else
		snprintf(detail, sizeof detail, "assignment %lld, partner %s, %s: %lld",
			(long long)in->assignment_id, partner, in->checked_on, (long long)in->done);
	if ((rc = assignment_couple(store, in->assignment_id, &couple, st)) != DYAD_OK ||
		(rc = audit_record_item(store, existing ? AUDIT_CHANGE : AUDIT_CREATE, "checkin", couple,
			 in->session_id > 0 ? in->session_id : 0, new_id, detail, NULL, 0, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	if (id != NULL)
		*id = new_id;
	if (replaced != NULL)
		*replaced = existing != 0;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

static bool checkin_from_row(sqlite3_stmt *stmt, void *item)
{
	struct checkin_rec *c = item;
	bool ok = true;
	c->id = sqlite3_column_int64(stmt, 0);
	c->assignment_id = sqlite3_column_int64(stmt, 1);
	c->partner = strcmp(store_column_text(stmt, 2), "b") == 0 ? 1 : 0;
	c->done = sqlite3_column_int64(stmt, 3);
	c->out_of = sqlite3_column_int64(stmt, 4);
	c->comment = store_column_dup(stmt, 5, &ok);
	store_column_copy(stmt, 6, c->checked_on, sizeof c->checked_on);
	c->session_id = sqlite3_column_int64(stmt, 7);
	store_column_copy(stmt, 8, c->recorded_at, sizeof c->recorded_at);
	return ok; /* a failed copy left comment NULL: nothing to free */
}

enum dyad_error checkins_list(struct store *store, int64_t assignment_id,
	struct checkin_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, assignment_id, partner, done, out_of, comment, checked_on, session_id,"
		" recorded_at FROM checkin WHERE assignment_id = ?1 ORDER BY checked_on, partner, id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, assignment_id);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "check-ins", st);
	}
	struct store_array rows = STORE_ARRAY(struct checkin_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, checkin_from_row, "check-ins", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		checkin_list_free(out);
	return rc;
}

void checkin_list_free(struct checkin_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].comment);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
