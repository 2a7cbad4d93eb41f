/* concepts.c: SQL for the concept catalogue and ratings. */
#include "app/store/concepts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

#define CONCEPT_COLUMNS \
	"id, key, family, name, description, kind, scale_min, scale_max, level, position FROM concept"

static bool concept_from_row(sqlite3_stmt *stmt, void *item)
{
	struct concept_rec *c = item;
	bool ok = true;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->key = store_column_dup(stmt, 1, &ok);
	c->family = store_column_dup(stmt, 2, &ok);
	c->name = store_column_dup(stmt, 3, &ok);
	c->description = store_column_dup(stmt, 4, &ok);
	store_column_copy(stmt, 5, c->kind, sizeof c->kind);
	c->scale_min = sqlite3_column_int(stmt, 6);
	c->scale_max = sqlite3_column_int(stmt, 7);
	c->couple_level = strcmp(store_column_text(stmt, 8), "couple") == 0;
	c->position = sqlite3_column_int(stmt, 9);
	if (!ok || !c->key || !c->family || !c->name || !c->description) {
		concept_rec_free(c);
		return false;
	}
	return true;
}

enum dyad_error concepts_list(struct store *store, struct concept_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " CONCEPT_COLUMNS " ORDER BY position, key";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct store_array rows = STORE_ARRAY(struct concept_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, concept_from_row, "concepts", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		concept_list_free(out);
	return rc;
}

enum dyad_error concepts_find(struct store *store, const char *key,
	struct concept_rec *out, struct dyad_status *st)
{
	static const char sql[] = "SELECT " CONCEPT_COLUMNS " WHERE key = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	store_bind_text(stmt, 1, key);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW) {
		if (!concept_from_row(stmt, out))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND,
			"concept: no concept has the key '%.64s' (see `dyad concepts`)", key);
	} else {
		rc = store_fail(store, src, "concept", st);
	}
	store_done(stmt);
	return rc;
}

void concept_rec_free(struct concept_rec *c)
{
	if (c == NULL)
		return;
	free(c->key);
	free(c->family);
	free(c->name);
	free(c->description);
	memset(c, 0, sizeof *c);
}

void concept_list_free(struct concept_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		concept_rec_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

static const char *const partner_code[] = { "a", "b", "couple" };

/* "startup, partner a: 4" for the audit log. */
static enum dyad_error rating_audit(struct store *store, int64_t session_id,
	int64_t concept_id, int partner, const char *what, struct dyad_status *st)
{
	static const char sql[] = "SELECT key FROM concept WHERE id = ?1";
	char key[65] = "?", detail[160];
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, concept_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		store_column_copy(stmt, 0, key, sizeof key);
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return store_fail(store, src, "rating", st);
	if (partner == 2)
		snprintf(detail, sizeof detail, "%s: %s", key, what);
	else
		snprintf(detail, sizeof detail, "%s, partner %s: %s", key, partner_code[partner], what);
	return audit_record(store, AUDIT_CHANGE, "rating", 0, session_id, detail, st);
}

enum dyad_error ratings_set(struct store *store, int64_t session_id, int64_t concept_id,
	int partner, int value, struct dyad_status *st)
{
	static const char sql[] =
		"INSERT INTO rating (session_id, concept_id, partner, value, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, dyad_now())"
		" ON CONFLICT (session_id, concept_id, partner) DO UPDATE SET value = excluded.value,"
		" updated_at = dyad_now()";
	if (partner < 0 || partner > 2)
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
	sqlite3_bind_int64(stmt, 2, concept_id);
	store_bind_text(stmt, 3, partner_code[partner]);
	sqlite3_bind_int(stmt, 4, value);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "rating", st);
		store_rollback(store);
		return rc;
	}
	char what[24];
	snprintf(what, sizeof what, "%d", value);
	if ((rc = rating_audit(store, session_id, concept_id, partner, what, st)) != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

enum dyad_error ratings_clear(struct store *store, int64_t session_id, int64_t concept_id,
	int partner, struct dyad_status *st)
{
	static const char sql[] =
		"DELETE FROM rating WHERE session_id = ?1 AND concept_id = ?2 AND partner = ?3";
	if (partner < 0 || partner > 2)
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
	sqlite3_bind_int64(stmt, 2, concept_id);
	store_bind_text(stmt, 3, partner_code[partner]);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "rating", st);
		store_rollback(store);
		return rc;
	}
	if (sqlite3_changes(store->db) > 0 &&
		(rc = rating_audit(store, session_id, concept_id, partner, "cleared", st)) != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

static bool rating_from_row(sqlite3_stmt *stmt, void *item)
{
	struct rating_rec *r = item;
	r->concept_id = sqlite3_column_int64(stmt, 0);
	const char *p = store_column_text(stmt, 1);
	r->partner = strcmp(p, "a") == 0 ? 0 : strcmp(p, "b") == 0 ? 1 : 2;
	r->value = sqlite3_column_int(stmt, 2);
	return true;
}

enum dyad_error ratings_for_session(struct store *store, int64_t session_id,
	struct rating_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT concept_id, partner, value FROM rating WHERE session_id = ?1";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_bind_int64(stmt, 1, session_id);
	if (src != SQLITE_OK) {
		store_done(stmt);
		return store_fail(store, src, "ratings", st);
	}
	struct store_array rows = STORE_ARRAY(struct rating_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, rating_from_row, "ratings", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		rating_list_free(out);
	return rc;
}

void rating_list_free(struct rating_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
