/* scan.c: whole-table reads for reports over every couple. */
#include "store/scan.h"

#include "store/internal.h"

/* Whom a scan's rows go to: one of the callbacks, and its context. */
struct scan_target {
	scan_session_fn session;
	scan_value_fn value;
	scan_homework_fn homework;
	void *ctx;
};

/* Steps stmt to the end, handing each row to row_fn; resets it either way. */
static enum dyad_error scan_run(struct store *store, sqlite3_stmt *stmt,
	enum dyad_error (*row_fn)(sqlite3_stmt *stmt, const struct scan_target *t,
		struct dyad_status *st),
	const struct scan_target *t, const char *what, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((rc = row_fn(stmt, t, st)) != DYAD_OK)
			break;
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, what, st);
	store_done(stmt);
	return rc;
}

static int partner_code(const char *p)
{
	return p[0] == 'a' && p[1] == '\0' ? 0 : p[0] == 'b' && p[1] == '\0' ? 1 : 2;
}

static enum dyad_error session_row(sqlite3_stmt *stmt, const struct scan_target *t,
	struct dyad_status *st)
{
	struct scan_session row = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
		store_column_text(stmt, 2), store_column_text(stmt, 3) };
	return t->session(t->ctx, &row, st);
}

enum dyad_error scan_sessions(struct store *store, scan_session_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, couple_id, starts_at, attendance FROM session ORDER BY starts_at, id";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { fn, NULL, NULL, ctx };
	return scan_run(store, stmt, session_row, &t, "sessions", st);
}

static enum dyad_error value_row(sqlite3_stmt *stmt, const struct scan_target *t,
	struct dyad_status *st)
{
	struct scan_value row = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
		partner_code(store_column_text(stmt, 2)), sqlite3_column_double(stmt, 3) };
	return t->value(t->ctx, &row, st);
}

enum dyad_error scan_ratings(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT session_id, concept_id, partner, value FROM rating";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { NULL, fn, NULL, ctx };
	return scan_run(store, stmt, value_row, &t, "ratings", st);
}

enum dyad_error scan_measure_values(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT session_id, measure_id, partner, value FROM measure_value";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { NULL, fn, NULL, ctx };
	return scan_run(store, stmt, value_row, &t, "measures", st);
}

static enum dyad_error homework_row(sqlite3_stmt *stmt, const struct scan_target *t,
	struct dyad_status *st)
{
	struct scan_homework row = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
		store_column_text(stmt, 2), store_column_text(stmt, 3),
		sqlite3_column_type(stmt, 4) != SQLITE_NULL, store_column_text(stmt, 4),
		partner_code(store_column_text(stmt, 5)), sqlite3_column_int64(stmt, 6),
		sqlite3_column_int64(stmt, 7) };
	return t->homework(t->ctx, &row, st);
}

enum dyad_error scan_homework(struct store *store, scan_homework_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT a.id, a.couple_id, a.frequency, a.assigned_on,"
		" c.checked_on, c.partner, c.done, coalesce(c.out_of, 0)"
		" FROM assignment a LEFT JOIN checkin c ON c.assignment_id = a.id"
		" ORDER BY a.id";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { NULL, NULL, fn, ctx };
	return scan_run(store, stmt, homework_row, &t, "homework", st);
}
