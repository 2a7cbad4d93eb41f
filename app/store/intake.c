/* intake.c: SQL for intake forms and safety screenings. */
#include "app/store/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/audit.h"
#include "app/store/internal.h"

void intake_rec_free(struct intake_rec *r)
{
	if (r == NULL)
		return;
	free(r->concerns);
	free(r->history);
	free(r->referral);
	memset(r, 0, sizeof *r);
}

/* A column's text as a heap string, "" for NULL; false when out of memory. */
static bool dup_text(sqlite3_stmt *stmt, int col, char **out)
{
	bool ok = true;
	*out = store_column_dup(stmt, col, &ok);
	if (*out == NULL && ok)
		*out = calloc(1, 1);
	return *out != NULL;
}

enum dyad_error intake_get(struct store *store, int64_t couple_id, struct intake_rec *out,
	bool *exists, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT concerns, history, referral, goal_a, goal_b, confidentiality, on_paper,"
		" revision, created_at, updated_at FROM intake WHERE couple_id = ?1";
	memset(out, 0, sizeof *out);
	*exists = false;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	enum dyad_error rc = DYAD_OK;
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		out->couple_id = couple_id;
		if (!dup_text(stmt, 0, &out->concerns) || !dup_text(stmt, 1, &out->history) ||
			!dup_text(stmt, 2, &out->referral))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		store_column_copy(stmt, 3, out->goal[0], sizeof out->goal[0]);
		store_column_copy(stmt, 4, out->goal[1], sizeof out->goal[1]);
		store_column_copy(stmt, 5, out->confidentiality, sizeof out->confidentiality);
		out->on_paper = sqlite3_column_int(stmt, 6) != 0;
		out->revision = sqlite3_column_int64(stmt, 7);
		store_column_copy(stmt, 8, out->created_at, sizeof out->created_at);
		store_column_copy(stmt, 9, out->updated_at, sizeof out->updated_at);
		*exists = rc == DYAD_OK;
	} else if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "intake", st);
	}
	store_done(stmt);
	if (rc != DYAD_OK) {
		intake_rec_free(out);
		*exists = false;
	}
	return rc;
}

enum dyad_error intake_put(struct store *store, const struct intake_rec *in,
	int64_t expected_revision, const char *detail, struct dyad_status *st)
{
	static const char sql_revision[] = "SELECT revision FROM intake WHERE couple_id = ?1";
	static const char sql_insert[] =
		"INSERT INTO intake (couple_id, concerns, history, goal_a, goal_b, confidentiality,"
		" referral, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, dyad_now(), dyad_now())";
	static const char sql_update[] =
		"UPDATE intake SET concerns = ?2, history = ?3, goal_a = ?4, goal_b = ?5,"
		" confidentiality = ?6, referral = ?7, on_paper = 0, revision = revision + 1,"
		" updated_at = dyad_now() WHERE couple_id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_revision, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, in->couple_id);
	int src = sqlite3_step(stmt);
	int64_t revision = src == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = store_fail(store, src, "intake", st);
		goto fail;
	}
	if (expected_revision >= 0 && revision != expected_revision) {
		rc = dyad_fail(st, DYAD_ERR_CONFLICT,
			"intake: couple %lld's intake was saved elsewhere meanwhile (revision %lld, "
			"not %lld); nothing was changed", (long long)in->couple_id, (long long)revision,
			(long long)expected_revision);
		goto fail;
	}
	if ((stmt = store_stmt(store, revision == 0 ? sql_insert : sql_update, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, in->couple_id);
	store_bind_text(stmt, 2, in->concerns ? in->concerns : "");
	store_bind_text(stmt, 3, in->history ? in->history : "");
	store_bind_text(stmt, 4, in->goal[0]);
	store_bind_text(stmt, 5, in->goal[1]);
	store_bind_text(stmt, 6, in->confidentiality[0] ? in->confidentiality : NULL);
	store_bind_text(stmt, 7, in->referral ? in->referral : "");
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "intake", st);
		goto fail;
	}
	if ((rc = audit_record(store, revision == 0 ? AUDIT_CREATE : AUDIT_CHANGE, "intake",
		     in->couple_id, 0, detail, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error screenings_insert(struct store *store, int64_t couple_id, int partner,
	const char *screened_on, const char *method, const char *result, const char *action,
	int64_t *id, struct dyad_status *st)
{
	static const char sql[] =
		"INSERT INTO safety_screening (couple_id, partner, screened_on, method, result, action,"
		" recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, partner == 0 ? "a" : "b");
	store_bind_text(stmt, 3, screened_on);
	store_bind_text(stmt, 4, method);
	store_bind_text(stmt, 5, result);
	store_bind_text(stmt, 6, action);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "screening", st);
		goto fail;
	}
	int64_t new_id = sqlite3_last_insert_rowid(store->db);
	/* Which partner, never what was found: the log is read more widely. */
	char detail[32];
	snprintf(detail, sizeof detail, "partner %c", partner == 0 ? 'A' : 'B');
	if ((rc = audit_record_item(store, AUDIT_CREATE, "screening", couple_id, 0, new_id, detail,
		     NULL, 0, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*id = new_id;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

/* One safety_screening row for store_collect. */
static bool screening_row(sqlite3_stmt *stmt, void *item)
{
	struct screening_rec *s = item;
	bool ok = true;
	s->id = sqlite3_column_int64(stmt, 0);
	s->couple_id = sqlite3_column_int64(stmt, 7);
	s->partner = strcmp(store_column_text(stmt, 1), "b") == 0 ? 1 : 0;
	store_column_copy(stmt, 2, s->screened_on, sizeof s->screened_on);
	s->method = store_column_dup(stmt, 3, &ok);
	store_column_copy(stmt, 4, s->result, sizeof s->result);
	s->action = store_column_dup(stmt, 5, &ok);
	store_column_copy(stmt, 6, s->recorded_at, sizeof s->recorded_at);
	if (ok && s->method != NULL)
		return true;
	free(s->method);
	free(s->action);
	return false;
}

enum dyad_error screenings_list(struct store *store, int64_t couple_id,
	struct screening_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, partner, screened_on, method, result, action, recorded_at, couple_id"
		" FROM safety_screening WHERE couple_id = ?1 ORDER BY screened_on, id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	struct store_array rows = STORE_ARRAY(struct screening_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, screening_row, "screening", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		screening_list_free(out);
	return rc;
}

void screening_list_free(struct screening_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].method);
		free(list->items[i].action);
	}
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* Each partner's most recent screening (by date, then as recorded), as a
 * level 0..2. */
#define LATEST_LEVELS                                                            \
	"SELECT s.couple_id AS couple_id, s.partner AS partner,"                     \
	" CASE s.result WHEN 'severe' THEN 2 WHEN 'concern' THEN 1 ELSE 0 END AS lv" \
	" FROM safety_screening s WHERE s.id = (SELECT t.id FROM safety_screening t" \
	"  WHERE t.couple_id = s.couple_id AND t.partner = s.partner"                \
	"  ORDER BY t.screened_on DESC, t.id DESC LIMIT 1)"

enum dyad_error screenings_latest(struct store *store, int64_t couple_id, int level[2],
	struct dyad_status *st)
{
	static const char sql[] = LATEST_LEVELS " AND s.couple_id = ?1";
	level[0] = level[1] = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		level[strcmp(store_column_text(stmt, 1), "b") == 0 ? 1 : 0] = sqlite3_column_int(stmt, 2);
	enum dyad_error rc = src == SQLITE_DONE ? DYAD_OK : store_fail(store, src, "screening", st);
	store_done(stmt);
	if (rc != DYAD_OK)
		level[0] = level[1] = 0;
	return rc;
}

enum dyad_error screenings_flagged(struct store *store, int64_t **ids, int **level,
	size_t *count, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT couple_id, max(lv) FROM (" LATEST_LEVELS ") AS latest"
		" GROUP BY couple_id HAVING max(lv) > 0 ORDER BY couple_id";
	*ids = NULL;
	*level = NULL;
	*count = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	size_t cap_ids = 0, cap_level = 0;
	enum dyad_error rc = DYAD_OK;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t *more_ids = store_grow(*ids, *count, &cap_ids, sizeof **ids);
		if (more_ids == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		*ids = more_ids;
		int *more_level = store_grow(*level, *count, &cap_level, sizeof **level);
		if (more_level == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		*level = more_level;
		(*ids)[*count] = sqlite3_column_int64(stmt, 0);
		(*level)[*count] = sqlite3_column_int(stmt, 1);
		(*count)++;
	}
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, "screening", st);
	store_done(stmt);
	if (rc != DYAD_OK) {
		free(*ids);
		free(*level);
		*ids = NULL;
		*level = NULL;
		*count = 0;
	}
	return rc;
}
