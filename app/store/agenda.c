/* agenda.c: SQL for the practice's week: sessions by day, unfinished
 * notes, homework coming due, latest scores, the calendar id. */
#include "app/store/agenda.h"

#include <stdlib.h>
#include <string.h>

#include "app/store/internal.h"

/* Runs stmt (bound already) and hands each row to add, which returns
 * false when out of memory; the statement is released either way. */
static enum dyad_error read_rows(struct store *store, sqlite3_stmt *stmt, const char *what,
	bool (*add)(sqlite3_stmt *stmt, void *list, size_t *cap), void *list,
	struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		if (!add(stmt, list, &cap)) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, what, st);
	store_done(stmt);
	return rc;
}

/* --- sessions by day --------------------------------------------------------- */

static bool add_session(sqlite3_stmt *stmt, void *list, size_t *cap)
{
	struct agenda_session_list *l = list;
	void *more = store_grow(l->items, l->len, cap, sizeof *l->items);
	if (more == NULL)
		return false;
	l->items = more;
	struct agenda_session_row *r = &l->items[l->len];
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	r->couple_id = sqlite3_column_int64(stmt, 1);
	store_column_copy(stmt, 2, r->starts_at, sizeof r->starts_at);
	r->minutes = sqlite3_column_int(stmt, 3);
	store_column_copy(stmt, 4, r->modality, sizeof r->modality);
	store_column_copy(stmt, 5, r->attendance, sizeof r->attendance);
	r->planned = sqlite3_column_int(stmt, 6) != 0;
	store_column_copy(stmt, 7, r->note_status, sizeof r->note_status);
	r->note_bytes = sqlite3_column_int64(stmt, 8);
	bool ok = true;
	r->couple_name = store_column_dup(stmt, 9, &ok);
	r->partner[0] = store_column_dup(stmt, 10, &ok);
	r->partner[1] = store_column_dup(stmt, 11, &ok);
	l->len++; /* counted even when a copy failed, so the free finds it */
	return ok && r->couple_name && r->partner[0] && r->partner[1];
}

enum dyad_error agenda_sessions_between(struct store *store, const char *from,
	const char *through, struct agenda_session_list *out, struct dyad_status *st)
{
	/* A day's sessions start at "DAY" and sort before "DAY~". */
	static const char sql[] =
		"SELECT s.id, s.couple_id, s.starts_at, s.minutes, s.modality, s.attendance,"
		" s.planned, n.status, length(CAST(n.body AS BLOB)), c.name,"
		" coalesce((SELECT name FROM partner WHERE couple_id = c.id AND role = 'a'), ''),"
		" coalesce((SELECT name FROM partner WHERE couple_id = c.id AND role = 'b'), '')"
		" FROM session s JOIN note n ON n.session_id = s.id JOIN couple c ON c.id = s.couple_id"
		" WHERE s.starts_at >= ?1 AND s.starts_at < ?2 || '~'"
		" ORDER BY s.starts_at, s.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	store_bind_text(stmt, 1, from);
	store_bind_text(stmt, 2, through);
	enum dyad_error rc = read_rows(store, stmt, "agenda", add_session, out, st);
	if (rc != DYAD_OK)
		agenda_session_list_free(out);
	return rc;
}

void agenda_session_list_free(struct agenda_session_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].couple_name);
		free(list->items[i].partner[0]);
		free(list->items[i].partner[1]);
	}
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* --- notes still to finish ------------------------------------------------------ */

static bool add_note(sqlite3_stmt *stmt, void *list, size_t *cap)
{
	struct agenda_note_list *l = list;
	void *more = store_grow(l->items, l->len, cap, sizeof *l->items);
	if (more == NULL)
		return false;
	l->items = more;
	struct agenda_note_row *r = &l->items[l->len];
	memset(r, 0, sizeof *r);
	r->session_id = sqlite3_column_int64(stmt, 0);
	r->couple_id = sqlite3_column_int64(stmt, 1);
	store_column_copy(stmt, 2, r->starts_at, sizeof r->starts_at);
	r->empty = sqlite3_column_int(stmt, 3) != 0;
	bool ok = true;
	r->couple_name = store_column_dup(stmt, 4, &ok);
	l->len++;
	return ok && r->couple_name;
}

enum dyad_error agenda_unfinished_notes(struct store *store, int64_t couple_id,
	const char *today, const char *draft_through, struct agenda_note_list *out,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT s.id, s.couple_id, s.starts_at, n.body = '', c.name"
		" FROM held_sessions s JOIN note n ON n.session_id = s.id JOIN couple c ON c.id = s.couple_id"
		" WHERE (?1 = 0 OR s.couple_id = ?1) AND n.status = 'draft'"
		" AND s.starts_at < ?2 || '~'"
		" AND (n.body = '' OR s.starts_at < ?3 || '~')"
		" ORDER BY s.starts_at, s.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, today);
	store_bind_text(stmt, 3, draft_through);
	enum dyad_error rc = read_rows(store, stmt, "notes", add_note, out, st);
	if (rc != DYAD_OK)
		agenda_note_list_free(out);
	return rc;
}

void agenda_note_list_free(struct agenda_note_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].couple_name);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* --- homework ------------------------------------------------------------------- */

static bool add_homework(sqlite3_stmt *stmt, void *list, size_t *cap)
{
	struct agenda_homework_list *l = list;
	void *more = store_grow(l->items, l->len, cap, sizeof *l->items);
	if (more == NULL)
		return false;
	l->items = more;
	struct agenda_homework_row *r = &l->items[l->len];
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	r->couple_id = sqlite3_column_int64(stmt, 1);
	store_column_copy(stmt, 2, r->due_on, sizeof r->due_on);
	bool ok = true;
	r->title = store_column_dup(stmt, 3, &ok);
	r->couple_name = store_column_dup(stmt, 4, &ok);
	l->len++;
	return ok && r->title && r->couple_name;
}

enum dyad_error agenda_homework_due(struct store *store, int64_t couple_id, const char *from,
	const char *through, struct agenda_homework_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT a.id, a.couple_id, a.due_on, a.exercise_title, c.name"
		" FROM assignment a JOIN couple c ON c.id = a.couple_id"
		" WHERE (?1 = 0 OR a.couple_id = ?1) AND a.status = 'assigned'"
		" AND a.due_on >= ?2 AND a.due_on <= ?3"
		" ORDER BY a.due_on, c.name, a.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, from);
	store_bind_text(stmt, 3, through);
	enum dyad_error rc = read_rows(store, stmt, "homework", add_homework, out, st);
	if (rc != DYAD_OK)
		agenda_homework_list_free(out);
	return rc;
}

void agenda_homework_list_free(struct agenda_homework_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].title);
		free(list->items[i].couple_name);
	}
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

enum dyad_error agenda_homework_counts(struct store *store, int64_t couple_id,
	const char *today, int *open, int *overdue, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT count(*), count(*) FILTER (WHERE due_on < ?2) FROM assignment"
		" WHERE couple_id = ?1 AND status = 'assigned'";
	*open = *overdue = 0;
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	store_bind_text(stmt, 2, today);
	int src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*open = sqlite3_column_int(stmt, 0);
		*overdue = sqlite3_column_int(stmt, 1);
	}
	store_done(stmt);
	return src == SQLITE_ROW ? DYAD_OK : store_fail(store, src, "homework", st);
}

/* --- scores ------------------------------------------------------------------------ */

static bool add_score(sqlite3_stmt *stmt, void *list, size_t *cap)
{
	struct agenda_score_list *l = list;
	void *more = store_grow(l->items, l->len, cap, sizeof *l->items);
	if (more == NULL)
		return false;
	l->items = more;
	struct agenda_score_row *r = &l->items[l->len];
	memset(r, 0, sizeof *r);
	store_column_copy(stmt, 0, r->key, sizeof r->key);
	bool ok = true;
	r->name = store_column_dup(stmt, 1, &ok);
	r->partner = strcmp(store_column_text(stmt, 2), "b") == 0;
	r->value = sqlite3_column_double(stmt, 3);
	store_column_copy(stmt, 4, r->on, sizeof r->on);
	l->len++;
	return ok && r->name;
}

enum dyad_error agenda_latest_scores(struct store *store, int64_t couple_id,
	struct agenda_score_list *out, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT key, name, partner, value, substr(starts_at, 1, 10) FROM ("
		" SELECT m.key, m.name, m.position, mv.partner, mv.value, s.starts_at,"
		"  row_number() OVER (PARTITION BY mv.measure_id, mv.partner"
		"   ORDER BY s.starts_at DESC, s.id DESC) AS newest"
		" FROM measure_value mv JOIN session s ON s.id = mv.session_id"
		" JOIN measure m ON m.id = mv.measure_id WHERE s.couple_id = ?1)"
		" WHERE newest = 1 ORDER BY position, key, partner";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	sqlite3_bind_int64(stmt, 1, couple_id);
	enum dyad_error rc = read_rows(store, stmt, "scores", add_score, out, st);
	if (rc != DYAD_OK)
		agenda_score_list_free(out);
	return rc;
}

void agenda_score_list_free(struct agenda_score_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].name);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

/* --- the calendar id --------------------------------------------------------------- */

enum dyad_error agenda_calendar_id(struct store *store, char out[65], struct dyad_status *st)
{
	static const char sql[] = "SELECT uid FROM calendar_identity WHERE singleton = 1";
	out[0] = '\0';
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	int src = sqlite3_step(stmt);
	enum dyad_error rc = DYAD_OK;
	if (src == SQLITE_ROW)
		store_column_copy(stmt, 0, out, 65);
	else if (src == SQLITE_DONE)
		rc = dyad_fail(st, DYAD_ERR_DB,
			"calendar: the database has no calendar id; run `dyad check`");
	else
		rc = store_fail(store, src, "calendar", st);
	store_done(stmt);
	if (rc == DYAD_OK && strlen(out) != 64)
		rc = dyad_fail(st, DYAD_ERR_DB, "calendar: the database's calendar id is damaged");
	return rc;
}
