/* plans.c: SQL for treatment plans and the homework linked to objectives. */
#include "app/store/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/strbuf.h"
#include "app/store/audit.h"
#include "app/store/internal.h"

#define PLAN_COLUMNS \
	"id, couple_id, version, status, coalesce(review_on, ''), problems, goals, objectives," \
	" interventions, created_at, updated_at, coalesce(signed_at, '')"

/* Fills p from a row of PLAN_COLUMNS; false when out of memory. */
static bool plan_from_row(sqlite3_stmt *stmt, struct plan_rec *p)
{
	bool ok = true;
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	p->couple_id = sqlite3_column_int64(stmt, 1);
	p->version = sqlite3_column_int(stmt, 2);
	store_column_copy(stmt, 3, p->status, sizeof p->status);
	store_column_copy(stmt, 4, p->f.review_on, sizeof p->f.review_on);
	char **text[4] = { &p->f.problems, &p->f.goals, &p->f.objectives, &p->f.interventions };
	for (int i = 0; i < 4; i++) {
		*text[i] = store_column_dup(stmt, 5 + i, &ok);
		if (*text[i] == NULL && ok)
			*text[i] = calloc(1, 1);
		ok = ok && *text[i] != NULL;
	}
	store_column_copy(stmt, 9, p->created_at, sizeof p->created_at);
	store_column_copy(stmt, 10, p->updated_at, sizeof p->updated_at);
	store_column_copy(stmt, 11, p->signed_at, sizeof p->signed_at);
	return ok;
}

enum dyad_error plans_latest(struct store *store, int64_t couple_id, struct plan_rec *out,
	bool *found, struct dyad_status *st)
{
	static const char sql[] = "SELECT " PLAN_COLUMNS " FROM treatment_plan"
		" WHERE couple_id = ?1 ORDER BY version DESC LIMIT 1";
	memset(out, 0, sizeof *out);
	*found = false;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	enum dyad_error rc = DYAD_OK;
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		if (plan_from_row(stmt, out))
			*found = true;
		else
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	} else if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "plan", st);
	}
	store_done(stmt);
	if (rc != DYAD_OK)
		plan_rec_free(out);
	return rc;
}

/* plan_from_row for store_collect: a row that cannot be read whole is
 * dropped with what it took. */
static bool plan_row(sqlite3_stmt *stmt, void *item)
{
	struct plan_rec *p = item;
	if (plan_from_row(stmt, p))
		return true;
	plan_rec_free(p);
	return false;
}

enum dyad_error plans_history(struct store *store, int64_t couple_id, struct plan_list *out,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT " PLAN_COLUMNS " FROM treatment_plan"
		" WHERE couple_id = ?1 ORDER BY version DESC";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	struct store_array rows = STORE_ARRAY(struct plan_rec);
	enum dyad_error rc = store_collect(store, stmt, &rows, plan_row, "plan", st);
	out->items = rows.items;
	out->len = rows.len;
	if (rc != DYAD_OK)
		plan_list_free(out);
	return rc;
}

/* The newest version's id, number and status; id 0 when there is none. */
static enum dyad_error newest(struct store *store, int64_t couple_id, int64_t *id,
	int *version, bool *draft, struct dyad_status *st)
{
	static const char sql[] = "SELECT id, version, status FROM treatment_plan"
		" WHERE couple_id = ?1 ORDER BY version DESC LIMIT 1";
	*id = 0;
	*version = 0;
	*draft = false;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*version = sqlite3_column_int(stmt, 1);
		*draft = strcmp(store_column_text(stmt, 2), "draft") == 0;
	}
	store_done(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? DYAD_OK : store_fail(store, src, "plan", st);
}

static void bind_fields(sqlite3_stmt *stmt, const struct plan_fields *f)
{
	store_bind_text(stmt, 2, f->review_on[0] ? f->review_on : NULL);
	store_bind_text(stmt, 3, f->problems ? f->problems : "");
	store_bind_text(stmt, 4, f->goals ? f->goals : "");
	store_bind_text(stmt, 5, f->objectives ? f->objectives : "");
	store_bind_text(stmt, 6, f->interventions ? f->interventions : "");
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* True when the newest version (found or not) is the one read as expected. */
static bool plan_unchanged(const struct plan_rec *expected, bool found, const struct plan_rec *now)
{
	if (!found)
		return expected->version == 0;
	return expected->version == now->version && strcmp(expected->status, now->status) == 0 &&
		strcmp(expected->f.review_on, now->f.review_on) == 0 &&
		same_text(expected->f.problems, now->f.problems) &&
		same_text(expected->f.goals, now->f.goals) &&
		same_text(expected->f.objectives, now->f.objectives) &&
		same_text(expected->f.interventions, now->f.interventions);
}

/* Moves the couple's homework links as relink says, in one statement each
 * so that 2 -> 3 and 3 -> 4 cannot chain; counts what moved and what went. */
static enum dyad_error relink_objectives(struct store *store, int64_t couple_id,
	struct plan_relink *relink, struct dyad_status *st)
{
	/* The new number of old objective k is element k-1 of ?2 (0: gone);
	 * a link to a number past the list keeps it. */
	static const char sql_count[] =
		"SELECT coalesce(sum(n <> 0 AND n <> objective), 0), coalesce(sum(n = 0), 0) FROM ("
		" SELECT o.objective, coalesce((SELECT value FROM json_each(?2) WHERE key = o.objective - 1),"
		"  o.objective) AS n FROM assignment_objective o JOIN assignment a ON a.id = o.assignment_id"
		" WHERE a.couple_id = ?1)";
	static const char sql_unlink[] =
		"DELETE FROM assignment_objective WHERE assignment_id IN"
		" (SELECT id FROM assignment WHERE couple_id = ?1)"
		" AND (SELECT value FROM json_each(?2) WHERE key = objective - 1) = 0";
	static const char sql_move[] =
		"UPDATE assignment_objective SET objective ="
		" coalesce((SELECT value FROM json_each(?2) WHERE key = objective - 1), objective)"
		" WHERE assignment_id IN (SELECT id FROM assignment WHERE couple_id = ?1)";
	struct strbuf map = STRBUF_INIT;
	strbuf_addc(&map, '[');
	for (size_t i = 0; i < relink->len; i++)
		strbuf_addf(&map, "%s%d", i ? "," : "", relink->to[i]);
	strbuf_addc(&map, ']');
	if (map.failed) {
		strbuf_release(&map);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	const char *sqls[] = { sql_count, sql_unlink, sql_move };
	enum dyad_error rc = DYAD_OK;
	for (size_t i = 0; i < 3 && rc == DYAD_OK; i++) {
		sqlite3_stmt *stmt = store_stmt(store, sqls[i], st);
		if (stmt == NULL) {
			rc = st->code;
			break;
		}
		sqlite3_bind_int64(stmt, 1, couple_id);
		store_bind_text(stmt, 2, strbuf_str(&map));
		int src = sqlite3_step(stmt);
		if (i == 0 && src == SQLITE_ROW) {
			relink->moved = sqlite3_column_int(stmt, 0);
			relink->unlinked = sqlite3_column_int(stmt, 1);
		} else if (src != SQLITE_DONE) {
			rc = store_fail(store, src, "homework link", st);
		}
		store_done(stmt);
	}
	strbuf_release(&map);
	return rc;
}

enum dyad_error plans_save(struct store *store, int64_t couple_id,
	const struct plan_fields *f, const struct plan_rec *expected, struct plan_relink *relink,
	int *version, bool *started, struct dyad_status *st)
{
	static const char sql_update[] =
		"UPDATE treatment_plan SET review_on = ?2, problems = ?3, goals = ?4, objectives = ?5,"
		" interventions = ?6, updated_at = dyad_now()"
		" WHERE id = ?1 AND status = 'draft'";
	static const char sql_insert[] =
		"INSERT INTO treatment_plan (couple_id, review_on, problems, goals, objectives,"
		" interventions, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, dyad_now(), dyad_now())";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if (expected != NULL) {
		struct plan_rec now;
		bool found;
		if ((rc = plans_latest(store, couple_id, &now, &found, st)) != DYAD_OK)
			goto fail;
		bool same = plan_unchanged(expected, found, &now);
		plan_rec_free(&now);
		if (!same) {
			rc = dyad_fail(st, DYAD_ERR_CONFLICT, "plan: saved or signed elsewhere while "
				"you were editing it; nothing was saved");
			goto fail;
		}
	}
	int64_t id;
	int number;
	bool draft;
	if ((rc = newest(store, couple_id, &id, &number, &draft, st)) != DYAD_OK)
		goto fail;
	sqlite3_stmt *stmt = store_stmt(store, draft ? sql_update : sql_insert, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	if (!draft)
		number++;
	sqlite3_bind_int64(stmt, 1, draft ? id : couple_id);
	bind_fields(stmt, f);
	if (!draft)
		sqlite3_bind_int(stmt, 7, number);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "plan", st);
		goto fail;
	}
	if (!draft)
		id = sqlite3_last_insert_rowid(store->db);
	if (relink != NULL && (rc = relink_objectives(store, couple_id, relink, st)) != DYAD_OK)
		goto fail;
	char detail[96];
	if (relink != NULL && (relink->moved > 0 || relink->unlinked > 0))
		snprintf(detail, sizeof detail, "version %d; homework links moved %d, removed %d",
			number, relink->moved, relink->unlinked);
	else
		snprintf(detail, sizeof detail, "version %d", number);
	if ((rc = audit_record_item(store, draft ? AUDIT_CHANGE : AUDIT_CREATE, "plan", couple_id,
		     0, id, detail, NULL, 0, st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*version = number;
	*started = !draft;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error plans_sign(struct store *store, int64_t couple_id, int *version,
	struct dyad_status *st)
{
	static const char sql[] =
		"UPDATE treatment_plan SET status = 'signed',"
		" signed_at = dyad_now() WHERE id = ?1 AND status = 'draft'";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	int64_t id;
	int number;
	bool draft;
	if ((rc = newest(store, couple_id, &id, &number, &draft, st)) != DYAD_OK)
		goto fail;
	if (id == 0 || !draft) {
		rc = id == 0
			? dyad_fail(st, DYAD_ERR_REFUSED,
				"plan: the couple has no plan yet; write one with `dyad plan %lld`",
				(long long)couple_id)
			: dyad_fail(st, DYAD_ERR_REFUSED,
				"plan: version %d is signed already and there is no draft to sign", number);
		goto fail;
	}
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, id);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "plan", st);
		goto fail;
	}
	char detail[48];
	snprintf(detail, sizeof detail, "version %d", number);
	if ((rc = audit_record_item(store, AUDIT_SIGN, "plan", couple_id, 0, id, detail, NULL, 0,
		     st)) != DYAD_OK)
		goto fail;
	if ((rc = store_commit(store, st)) != DYAD_OK)
		return rc;
	*version = number;
	return DYAD_OK;
fail:
	store_rollback(store);
	return rc;
}

void plan_fields_free(struct plan_fields *f)
{
	if (f == NULL)
		return;
	free(f->problems);
	free(f->goals);
	free(f->objectives);
	free(f->interventions);
	f->problems = f->goals = f->objectives = f->interventions = NULL;
}

void plan_rec_free(struct plan_rec *p)
{
	if (p != NULL)
		plan_fields_free(&p->f);
}

void plan_list_free(struct plan_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		plan_rec_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

enum dyad_error plans_link_objective(struct store *store, int64_t assignment_id,
	int objective, struct dyad_status *st)
{
	static const char sql_couple[] = "SELECT couple_id FROM assignment WHERE id = ?1";
	static const char sql_put[] =
		"INSERT INTO assignment_objective (assignment_id, objective) VALUES (?1, ?2)"
		" ON CONFLICT (assignment_id) DO UPDATE SET objective = excluded.objective";
	static const char sql_clear[] = "DELETE FROM assignment_objective WHERE assignment_id = ?1";
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	sqlite3_stmt *stmt = store_stmt(store, sql_couple, st);
	if (stmt == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, assignment_id);
	int src = sqlite3_step(stmt);
	int64_t couple_id = src == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	store_done(stmt);
	if (src == SQLITE_DONE) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "assignment id: no assignment has id %lld",
			(long long)assignment_id);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	if ((stmt = store_stmt(store, objective > 0 ? sql_put : sql_clear, st)) == NULL) {
		rc = st->code;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, assignment_id);
	if (objective > 0)
		sqlite3_bind_int(stmt, 2, objective);
	src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_DONE) {
		rc = store_fail(store, src, "assignment", st);
		goto fail;
	}
	char detail[48];
	if (objective > 0)
		snprintf(detail, sizeof detail, "objective %d", objective);
	else
		snprintf(detail, sizeof detail, "objective removed");
	if ((rc = audit_record_item(store, AUDIT_CHANGE, "assignment", couple_id, 0, assignment_id,
		     detail, NULL, 0, st)) != DYAD_OK)
		goto fail;
	return store_commit(store, st);
fail:
	store_rollback(store);
	return rc;
}

enum dyad_error plans_objective_links(struct store *store, int64_t couple_id,
	struct objective_link_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT a.id, o.objective, a.exercise_title, a.status FROM assignment_objective o"
		" JOIN assignment a ON a.id = o.assignment_id WHERE a.couple_id = ?1"
		" ORDER BY o.objective, a.id";
	out->items = NULL;
	out->len = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	size_t cap = 0;
	enum dyad_error rc = DYAD_OK;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		void *more = store_grow(out->items, out->len, &cap, sizeof *out->items);
		if (more == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		out->items = more;
		struct objective_link *l = &out->items[out->len];
		bool ok = true;
		l->assignment_id = sqlite3_column_int64(stmt, 0);
		l->objective = sqlite3_column_int(stmt, 1);
		l->exercise_title = store_column_dup(stmt, 2, &ok);
		store_column_copy(stmt, 3, l->status, sizeof l->status);
		if (l->exercise_title == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		out->len++;
	}
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, "assignment", st);
	store_done(stmt);
	if (rc != DYAD_OK)
		objective_link_list_free(out);
	return rc;
}

enum dyad_error plans_objective_of(struct store *store, int64_t assignment_id,
	int *objective, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT objective FROM assignment_objective WHERE assignment_id = ?1";
	*objective = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, assignment_id);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*objective = sqlite3_column_int(stmt, 0);
	store_done(stmt);
	return src == SQLITE_ROW || src == SQLITE_DONE ? DYAD_OK
		: store_fail(store, src, "assignment", st);
}

void objective_link_list_free(struct objective_link_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].exercise_title);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}
