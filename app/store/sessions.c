/* sessions.c: SQL for sessions and notes. */
#include "app/store/sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"
#include "app/store/signatures.h"

/* A trigger's RAISE is a rule of the record (schema/0005, 0007), already
 * worded "field: reason": a refusal, not a database failure. */
static enum dyad_error session_write_fail(struct store *store, int src, const char *what,
	struct dyad_status *st)
{
	if (src == SQLITE_CONSTRAINT_TRIGGER)
		return dyad_fail(st, DYAD_ERR_REFUSED, "%s", sqlite3_errmsg(store->db));
	return store_fail(store, src, what, st);
}

enum dyad_error sessions_insert(struct store *store, int64_t couple_id,
	const char *starts_at, int minutes, const char *modality,
	const char *attendance, int64_t *id, struct dyad_status *st)
{
	return sessions_insert_with_note(store, couple_id, starts_at, minutes, modality,
		attendance, "", 0, false, id, st);
}

enum dyad_error sessions_insert_with_note(struct store *store, int64_t couple_id,
	const char *starts_at, int minutes, const char *modality, const char *attendance,
	const char *body, size_t len, bool sign, int64_t *id, struct dyad_status *st)
{
	static const char sql_exists[] = "SELECT 1 FROM couple WHERE id = ?1";
	static const char sql_session[] =
		"INSERT INTO session (couple_id, starts_at, minutes, modality, attendance, planned,"
		" created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 = 'planned' THEN 'both' ELSE ?5 END,"
		" ?5 = 'planned', dyad_now(), dyad_now())";
	/* A note written with its session counts as one save (revision 1),
	 * as if it had been set right after; an empty one has none yet. */
	static const char sql_note[] =
		"INSERT INTO note (session_id, body, status, signed_at, revision, updated_at)"
		" VALUES (?1, ?2, CASE WHEN ?3 THEN 'signed' ELSE 'draft' END,"
		" CASE WHEN ?3 THEN dyad_now() END, ?4, dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_exists, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, couple_id);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "couple: no couple has id %lld",
			(long long)couple_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		rc = store_fail(store, src, "session", st);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_session, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, starts_at);
	sqlite3_bind_int(stmt, 3, minutes);
	store_bind_text(stmt, 4, modality);
	store_bind_text(stmt, 5, attendance);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = session_write_fail(store, src, "session", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	if ((stmt = store_stmt(store, sql_note, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, new_id);
	sqlite3_bind_text(stmt, 2, body, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, sign ? 1 : 0);
	sqlite3_bind_int(stmt, 4, len > 0 ? 1 : 0);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = session_write_fail(store, src, "note", st);
		goto fail;
	}
	if (sign && (rc = signatures_record(store, new_id, NULL, st)) != DYAD_OK)
		goto fail;
	if ((rc = audit_record(store, AUDIT_CREATE, "session", couple_id, new_id, NULL, st)) !=
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

#define SESSION_COLUMNS                                                   \
	"s.id, s.couple_id, s.starts_at, s.minutes, s.modality, s.attendance," \
	" n.status, length(CAST(n.body AS BLOB)), s.planned,"                \
	" (SELECT count(*) FROM rating r WHERE r.session_id = s.id)"         \
	" FROM session s JOIN note n ON n.session_id = s.id"

static void session_from_row(sqlite3_stmt *stmt, struct session_rec *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(stmt, 0);
	s->couple_id = sqlite3_column_int64(stmt, 1);
	store_column_copy(stmt, 2, s->starts_at, sizeof s->starts_at);
	s->minutes = sqlite3_column_int(stmt, 3);
	store_column_copy(stmt, 4, s->modality, sizeof s->modality);
	store_column_copy(stmt, 5, s->attendance, sizeof s->attendance);
	store_column_copy(stmt, 6, s->note_status, sizeof s->note_status);
	s->note_bytes = sqlite3_column_int64(stmt, 7);
	s->planned = sqlite3_column_int(stmt, 8) != 0;
	s->ratings = sqlite3_column_int64(stmt, 9);
}

static bool session_row(sqlite3_stmt *stmt, void *item)
{
	session_from_row(stmt, item);
	return true;
}

enum dyad_error sessions_get(struct store *store, int64_t id, struct session_rec *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " SESSION_COLUMNS " WHERE s.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, id);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW)
		session_from_row(stmt, out);
	else if (src == SQLITE_DONE)
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)id);
	else
		rc = store_fail(store, src, "session", st);
	store_done(stmt);
	return rc;
}

enum dyad_error sessions_list(struct store *store, int64_t couple_id,
	struct session_list *out, struct dyad_status *st)
{
	static const char sql[] = "SELECT " SESSION_COLUMNS
		" WHERE s.couple_id = ?1 ORDER BY s.starts_at DESC, s.id DESC";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, couple_id);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "sessions", st);
	}
	struct store_array rows = STORE_ARRAY(struct session_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, session_row, "sessions", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		session_list_free(out);
	return rc;
}

enum dyad_error sessions_update(struct store *store, int64_t id, const char *starts_at,
	int minutes, const char *modality, const char *attendance, struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE session SET starts_at = coalesce(?2, starts_at),"
		" minutes = CASE WHEN ?3 > 0 THEN ?3 ELSE minutes END,"
		" modality = coalesce(?4, modality),"
		" attendance = CASE WHEN ?5 = 'planned' THEN 'both' ELSE coalesce(?5, attendance) END,"
		" planned = CASE WHEN ?5 IS NULL THEN planned ELSE ?5 = 'planned' END,"
		" updated_at = dyad_now() WHERE id = ?1";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, starts_at);
	sqlite3_bind_int(stmt, 3, minutes);
	store_bind_text(stmt, 4, modality);
	store_bind_text(stmt, 5, attendance);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = session_write_fail(store, src, "session", st);
		store_rollback(store);
		return rc;
	}
	if (sqlite3_changes(store->db) == 0) {
		store_rollback(store);
		return dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)id);
	}
	char detail[80];
	snprintf(detail, sizeof detail, "%s%s%s%s", starts_at ? "date " : "",
		minutes > 0 ? "minutes " : "", modality ? "modality " : "",
		attendance ? "attendance" : "");
	if ((rc = audit_record(store, AUDIT_CHANGE, "session", 0, id, detail, st)) != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

enum dyad_error sessions_insert_planned(struct store *store, int64_t couple_id,
	const char (*starts_at)[17], size_t count, int minutes, const char *modality,
	int64_t *ids, struct dyad_status *st)
{
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	for (size_t i = 0; i < count && rc == DYAD_OK; i++)
		rc = sessions_insert(store, couple_id, starts_at[i], minutes, modality, "planned",
			&ids[i], st);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

void session_list_free(struct session_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

enum dyad_error notes_get(struct store *store, int64_t session_id, struct note_rec *out,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT session_id, body, status, signed_at, revision, updated_at"
		" FROM note WHERE session_id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, session_id);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW) {
		bool ok = true;
		out->session_id = sqlite3_column_int64(stmt, 0);
		out->body = store_column_dup(stmt, 1, &ok);
		if (out->body == NULL && ok)
			out->body = calloc(1, 1);
		store_column_copy(stmt, 2, out->status, sizeof out->status);
		store_column_copy(stmt, 3, out->signed_at, sizeof out->signed_at);
		out->revision = sqlite3_column_int64(stmt, 4);
		store_column_copy(stmt, 5, out->updated_at, sizeof out->updated_at);
		if (out->body == NULL)
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)session_id);
	} else {
		rc = store_fail(store, src, "note", st);
	}
	store_done(stmt);
	return rc;
}

enum dyad_error notes_set_body(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st)
{
	static const char sql_read[] =
		"SELECT status, revision, signed_at FROM note WHERE session_id = ?1";
	static const char sql_write[] =
		"UPDATE note SET body = ?2, revision = revision + 1,"
		" updated_at = dyad_now()"
		" WHERE session_id = ?1 AND status = 'draft'";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_read, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_DONE) {
		store_done(stmt);
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)session_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		store_done(stmt);
		rc = store_fail(store, src, "note", st);
		goto fail;
	}
	bool signed_note = strcmp(store_column_text(stmt, 0), "signed") == 0;
	int64_t revision = sqlite3_column_int64(stmt, 1);
	char signed_at[21];
	store_column_copy(stmt, 2, signed_at, sizeof signed_at);
	store_done(stmt);
	if (signed_note) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"note: session %lld's note was signed on %s and is locked; add an addendum instead",
			(long long)session_id, signed_at);
		goto fail;
	}
	if (expected_revision >= 0 && revision != expected_revision) {
		rc = dyad_fail(st, DYAD_ERR_CONFLICT,
			"note: session %lld's note was saved elsewhere while you edited it; "
			"your text was not saved over it", (long long)session_id);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_write, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	sqlite3_bind_text(stmt, 2, body, (int)len, SQLITE_TRANSIENT);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = session_write_fail(store, src, "note", st);
		goto fail;
	}
	/* How much, never what: the log must not hold note text. */
	char detail[80];
	snprintf(detail, sizeof detail, "draft revision %lld, %zu bytes",
		(long long)revision + 1, len);
	if ((rc = audit_record(store, AUDIT_CHANGE, "note", 0, session_id, detail, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error notes_sign(struct store *store, int64_t session_id, struct dyad_status *st)
{
	static const char sql_read[] =
		"SELECT status, signed_at, body, revision FROM note WHERE session_id = ?1";
	static const char sql_sign[] =
		"UPDATE note SET status = 'signed', signed_at = dyad_now()"
		" WHERE session_id = ?1 AND status = 'draft'";
	char *body = NULL;
	size_t body_len = 0;
	int64_t revision = 0;
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_read, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_DONE) {
		store_done(stmt);
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)session_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		store_done(stmt);
		rc = store_fail(store, src, "note", st);
		goto fail;
	}
	if (strcmp(store_column_text(stmt, 0), "signed") == 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED, "note: session %lld's note is already signed (%s)",
			(long long)session_id, store_column_text(stmt, 1));
		store_done(stmt);
		goto fail;
	}
	bool ok = true;
	body = store_column_dup(stmt, 2, &ok);
	body_len = (size_t)sqlite3_column_bytes(stmt, 2);
	revision = sqlite3_column_int64(stmt, 3);
	store_done(stmt);
	if (!ok) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_sign, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = session_write_fail(store, src, "note", st);
		goto fail;
	}
	/* The signature seals the whole session: note, ratings, scores and
	 * the session's own fields (signatures.c). */
	char sealed[65];
	if ((rc = signatures_record(store, session_id, sealed, st)) != DYAD_OK)
		goto fail;
	/* The entry keeps a fingerprint of the text as signed, so `dyad check`
	 * can tell if it was ever changed behind the triggers' back. */
	char detail[160];
	snprintf(detail, sizeof detail, "revision %lld; session " SIGNATURE_AUDIT_MARK "%s",
		(long long)revision, sealed);
	if ((rc = audit_record_item(store, AUDIT_SIGN, "note", 0, session_id, 0, detail,
		     body ? body : "", body ? body_len : 0, st)) != DYAD_OK)
		goto fail;
	free(body);
	return store_commit(store, st);
fail:
	free(body);
	store_rollback(store);
	return rc;
}

void note_rec_free(struct note_rec *n)
{
	if (n == NULL)
		return;
	free(n->body);
	n->body = NULL;
}
