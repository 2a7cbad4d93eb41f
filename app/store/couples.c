/* couples.c: SQL for couples and partners. */
#include "app/store/couples.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

enum dyad_error couples_insert(struct store *store, const char *name,
	const char *intake, const char *const partner_name[2],
	const char *const partner_pronouns[2], int64_t *id, struct dyad_status *st)
{
	static const char sql_couple[] =
		"INSERT INTO couple (name, intake_date, created_at, updated_at)"
		" VALUES (?1, ?2, dyad_now(), dyad_now())";
	static const char sql_partner[] =
		"INSERT INTO partner (couple_id, role, name, pronouns) VALUES (?1, ?2, ?3, ?4)";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_couple, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, intake);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "couple", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	for (int role = 0; role < 2; role++) {
		stmt = store_stmt(store, sql_partner, st);
		if (stmt == NULL) {
			rc = st->code;
			goto fail;
		}
		sqlite3_bind_int64(stmt, 1, new_id);
		store_bind_text(stmt, 2, role == 0 ? "a" : "b");
		store_bind_text(stmt, 3, partner_name[role]);
		store_bind_text(stmt, 4, partner_pronouns ? partner_pronouns[role] : NULL);
		src = sqlite3_step(stmt);
		store_done(stmt);
		if (src != SQLITE_DONE) {
			rc = store_fail(store, src, "partner", st);
			goto fail;
		}
	}
	if ((rc = audit_record(store, AUDIT_CREATE, "couple", new_id, 0, NULL, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*id = new_id;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

/* Columns shared by get and list; the session figures are kept per couple
 * in couple_stats by triggers (schema/0006), so a list of a thousand
 * couples reads a thousand rows, not every session. */
#define COUPLE_COLUMNS                                                        \
	"c.id, c.name, c.status, c.intake_date, c.created_at, c.updated_at,"     \
	" pa.name, pa.pronouns, pb.name, pb.pronouns,"                           \
	" coalesce(st.sessions_total, 0), coalesce(st.sessions_held, 0),"       \
	" st.last_session,"                                                      \
	" (SELECT count(*) FROM assignment h WHERE h.couple_id = c.id"           \
	"    AND h.status = 'assigned')"                                         \
	" FROM couple c"                                                         \
	" JOIN partner pa ON pa.couple_id = c.id AND pa.role = 'a'"              \
	" JOIN partner pb ON pb.couple_id = c.id AND pb.role = 'b'"              \
	" LEFT JOIN couple_stats st ON st.couple_id = c.id"

static bool couple_from_row(sqlite3_stmt *stmt, void *item)
{
	struct couple_rec *c = item;
	bool ok = true;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->name = store_column_dup(stmt, 1, &ok);
	store_column_copy(stmt, 2, c->status, sizeof c->status);
	store_column_copy(stmt, 3, c->intake, sizeof c->intake);
	store_column_copy(stmt, 4, c->created_at, sizeof c->created_at);
	store_column_copy(stmt, 5, c->updated_at, sizeof c->updated_at);
	c->partner[0].name = store_column_dup(stmt, 6, &ok);
	c->partner[0].pronouns = store_column_dup(stmt, 7, &ok);
	c->partner[1].name = store_column_dup(stmt, 8, &ok);
	c->partner[1].pronouns = store_column_dup(stmt, 9, &ok);
	c->sessions_total = sqlite3_column_int64(stmt, 10);
	c->sessions_held = sqlite3_column_int64(stmt, 11);
	store_column_copy(stmt, 12, c->last_session, sizeof c->last_session);
	c->homework_open = sqlite3_column_int64(stmt, 13);
	if (!ok || c->name == NULL || c->partner[0].name == NULL || c->partner[1].name == NULL) {
		couple_rec_free(c);
		return false;
	}
	return true;
}

enum dyad_error couples_get(struct store *store, int64_t id, struct couple_rec *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " COUPLE_COLUMNS " WHERE c.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, id);
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW) {
		if (!couple_from_row(stmt, out))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "couple: no couple has id %lld",
			(long long)id);
	} else {
		rc = store_fail(store, src, "couple", st);
	}
	store_done(stmt);
	return rc;
}

enum dyad_error couples_list(struct store *store, bool include_all,
	struct couple_list *out, struct dyad_status *st)
{
	/* Two statements, so the active list (the usual one) walks the index
	 * on (status, name) in order. */
	static const char sql_active[] = "SELECT " COUPLE_COLUMNS
		" WHERE c.status = 'active' ORDER BY c.name COLLATE NOCASE, c.id";
	static const char sql_all[] = "SELECT " COUPLE_COLUMNS
		" ORDER BY c.name COLLATE NOCASE, c.id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, include_all ? sql_all : sql_active, st);
	if (stmt == NULL)
		return st->code;
	struct store_array rows = STORE_ARRAY(struct couple_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, couple_from_row, "couples", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		couple_list_free(out);
	return rc;
}

static enum dyad_error expect_one_change(struct store *store, int64_t id,
	struct dyad_status *st)
{
	if (sqlite3_changes(store->db) == 0)
		return dyad_fail(st, DYAD_ERR_NOT_FOUND, "couple: no couple has id %lld",
			(long long)id);
	return DYAD_OK;
}

enum dyad_error couples_update(struct store *store, int64_t id, const char *name,
	const char *status, struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE couple SET name = coalesce(?2, name), status = coalesce(?3, status),"
		" updated_at = dyad_now() WHERE id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, name);
	store_bind_text(stmt, 3, status);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "couple", st);
		goto fail;
	}
	if ((rc = expect_one_change(store, id, st)) != DYAD_OK)
		goto fail;
	char detail[64];
	snprintf(detail, sizeof detail, "%s%s%s%s", name ? "name" : "",
		name && status ? ", " : "", status ? "status " : "", status ? status : "");
	if ((rc = audit_record(store, AUDIT_CHANGE, "couple", id, 0, detail, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error couples_update_partner(struct store *store, int64_t id, int role,
	const char *name, const char *pronouns, struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE partner SET name = coalesce(?3, name),"
		" pronouns = CASE WHEN ?4 IS NULL THEN pronouns WHEN ?4 = '' THEN NULL ELSE ?4 END"
		" WHERE couple_id = ?1 AND role = ?2";
	static const char sql_touch[] =
		"UPDATE couple SET updated_at = dyad_now() WHERE id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, role == 0 ? "a" : "b");
	store_bind_text(stmt, 3, name);
	store_bind_text(stmt, 4, pronouns);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "partner", st);
		goto fail;
	}
	if ((rc = expect_one_change(store, id, st)) != DYAD_OK)
		goto fail;
	if ((stmt = store_stmt(store, sql_touch, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "couple", st);
		goto fail;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "partner %s: %s%s%s", role == 0 ? "a" : "b",
		name ? "name" : "", name && pronouns ? ", " : "", pronouns ? "pronouns" : "");
	if ((rc = audit_record(store, AUDIT_CHANGE, "partner", id, 0, detail, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

static bool match_from_row(sqlite3_stmt *stmt, void *item)
{
	struct couple_match *m = item;
	bool ok = true;
	m->id = sqlite3_column_int64(stmt, 0);
	m->name = store_column_dup(stmt, 1, &ok);
	m->exact = sqlite3_column_int(stmt, 2) != 0;
	if (!ok || m->name == NULL) {
		free(m->name);
		return false;
	}
	return true;
}

enum dyad_error couples_match_prefix(struct store *store, const char *prefix,
	struct couple_match_list *out, struct dyad_status *st)
{
	/* NOCASE folds ASCII only, so "bren" finds "Brennan" while "zoë" and
	 * "ZOË" stay different: no locale decides what matches. substr and
	 * length count characters, so a prefix never ends inside one. */
	static const char sql[] =
		"SELECT c.id, c.name,"
		" (c.name = ?1 COLLATE NOCASE OR pa.name = ?1 COLLATE NOCASE"
		"  OR pb.name = ?1 COLLATE NOCASE)"
		" FROM couple c"
		" JOIN partner pa ON pa.couple_id = c.id AND pa.role = 'a'"
		" JOIN partner pb ON pb.couple_id = c.id AND pb.role = 'b'"
		" WHERE substr(c.name, 1, length(?1)) = ?1 COLLATE NOCASE"
		"  OR substr(pa.name, 1, length(?1)) = ?1 COLLATE NOCASE"
		"  OR substr(pb.name, 1, length(?1)) = ?1 COLLATE NOCASE"
		" ORDER BY c.name COLLATE NOCASE, c.id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	enum dyad_error rc = DYAD_OK;
	int src = store_bind_text(stmt, 1, prefix);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "couple", st);
		store_done(stmt);
		return rc;
	}
	struct store_array rows = STORE_ARRAY(struct couple_match);
	rc = store_collect(store, stmt, &rows, match_from_row, "couple", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		couple_match_list_free(out);
	return rc;
}

void couple_match_list_free(struct couple_match_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].name);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

enum dyad_error couples_count(struct store *store, int64_t *count, struct dyad_status *st)
{
	static const char sql[] = "SELECT count(*) FROM couple";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		rc = store_fail(store, src, "couples", st);
	store_done(stmt);
	return rc;
}

void couple_rec_free(struct couple_rec *c)
{
	if (c == NULL)
		return;
	free(c->name);
	for (int i = 0; i < 2; i++) {
		free(c->partner[i].name);
		free(c->partner[i].pronouns);
	}
	memset(c, 0, sizeof *c);
}

void couple_list_free(struct couple_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		couple_rec_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
