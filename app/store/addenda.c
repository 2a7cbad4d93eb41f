/* addenda.c: SQL for addenda. */
#include "app/store/addenda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

enum dyad_error addenda_insert(struct store *store, int64_t session_id, const char *body,
	size_t len, int64_t *id, struct dyad_status *st)
{
	static const char sql_note[] = "SELECT status FROM note WHERE session_id = ?1";
	static const char sql_insert[] = "INSERT INTO addendum (session_id, body, created_at) VALUES (?1, ?2, dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_note, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	int src = sqlite3_step(stmt);
	bool is_signed = src == SQLITE_ROW && strcmp(store_column_text(stmt, 0), "signed") == 0;
	store_done(stmt);
	if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "session: no session has id %lld",
			(long long)session_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		rc = store_fail(store, src, "addendum", st);
		goto fail;
	}
	if (!is_signed) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"note: session %lld's note is still a draft; change it with `dyad note set` "
			"(addenda are for signed notes)", (long long)session_id);
		goto fail;
	}
	if ((stmt = store_stmt(store, sql_insert, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session_id);
	sqlite3_bind_text(stmt, 2, body, (int)len, SQLITE_TRANSIENT);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "addendum", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	char detail[48];
	snprintf(detail, sizeof detail, "%zu bytes", len);
	if ((rc = audit_record_item(store, AUDIT_ADDENDUM, "note", 0, session_id, new_id, detail,
		     body, len, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*id = new_id;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

static bool addendum_from_row(sqlite3_stmt *stmt, void *item)
{
	struct addendum_rec *a = item;
	bool ok = true;
	a->id = sqlite3_column_int64(stmt, 0);
	a->session_id = sqlite3_column_int64(stmt, 1);
	store_column_copy(stmt, 2, a->created_at, sizeof a->created_at);
	a->body = store_column_dup(stmt, 3, &ok);
	if (a->body == NULL && ok)
		a->body = calloc(1, 1);
	return a->body != NULL;
}

enum dyad_error addenda_list(struct store *store, int64_t session_id,
	struct addendum_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, session_id, created_at, body FROM addendum WHERE session_id = ?1 ORDER BY id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, session_id);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "addendum", st);
	}
	struct store_array rows = STORE_ARRAY(struct addendum_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, addendum_from_row, "addendum", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		addendum_list_free(out);
	return rc;
}

void addendum_list_free(struct addendum_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].body);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
