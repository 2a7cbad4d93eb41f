/* scan.c: whole-table reads for reports over every couple. */
#include "app/store/scan.h"

#include "app/store/internal.h"

/* Whom a scan's rows go to: one of the callbacks, and its context. */
struct scan_target {
	scan_session_fn session;
	scan_assignment_fn assignment;
	scan_checkin_fn checkin;
	void *ctx;
};

static int partner_code(const char *p)
{
	return p[0] == 'a' && p[1] == '\0' ? 0 : p[0] == 'b' && p[1] == '\0' ? 1 : 2;
}

static enum dyad_error session_row(void *target, sqlite3_stmt *stmt, struct dyad_status *st)
{
	const struct scan_target *t = target;
	struct scan_session row = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
		store_column_text(stmt, 2), store_column_text(stmt, 3) };
	return t->session(t->ctx, &row, st);
}

enum dyad_error scan_sessions(struct store *store, scan_session_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT id, couple_id, starts_at,"
		" CASE WHEN planned THEN 'planned' ELSE attendance END FROM session";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { fn, NULL, NULL, ctx };
	return store_each(store, stmt, session_row, &t, "sessions", st);
}

/* Ratings and scores are the bulk of a practice (half a million rows for a
 * thousand couples), so their rows reach the callback from inside the
 * statement, through a SQL function, instead of one sqlite3_step and four
 * column calls each: a third less work a row. */
struct value_scan {
	scan_value_fn fn;
	void *ctx;
	struct dyad_status *st;
	enum dyad_error rc;
};

static void value_fn(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct value_scan *vs = sqlite3_user_data(sctx);
	const unsigned char *partner = sqlite3_value_text(argv[2]);
	struct scan_value row = { sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
		partner_code(partner ? (const char *)partner : ""), sqlite3_value_double(argv[3]) };
	if ((vs->rc = vs->fn(vs->ctx, &row, vs->st)) != DYAD_OK)
		sqlite3_result_error(sctx, "scan stopped", -1);
}

static enum dyad_error scan_values(struct store *store, const char *sql, scan_value_fn fn,
	void *ctx, const char *what, struct dyad_status *st)
{
	struct value_scan vs = { fn, ctx, st, DYAD_OK };
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_create_function_v2(store->db, "dyad_scan_value", 4, SQLITE_UTF8, &vs,
		value_fn, NULL, NULL, NULL);
	/* Prepared each time: the statement names a function bound to vs. */
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (src == SQLITE_OK) {
		while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
			;
	}
	enum dyad_error rc = vs.rc != DYAD_OK ? vs.rc
		: src == SQLITE_DONE ? DYAD_OK : store_fail(store, src, what, st);
	sqlite3_finalize(stmt);
	sqlite3_create_function_v2(store->db, "dyad_scan_value", 4, SQLITE_UTF8, NULL, NULL, NULL,
		NULL, NULL);
	return rc;
}

enum dyad_error scan_ratings(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT count(dyad_scan_value(session_id, concept_id, partner, value)) FROM rating";
	return scan_values(store, sql, fn, ctx, "ratings", st);
}

enum dyad_error scan_measure_values(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT count(dyad_scan_value(session_id, measure_id, partner,"
				  " value)) FROM measure_value";
	return scan_values(store, sql, fn, ctx, "measures", st);
}

static enum dyad_error assignment_row(void *target, sqlite3_stmt *stmt, struct dyad_status *st)
{
	const struct scan_target *t = target;
	struct scan_assignment row = { sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
		store_column_text(stmt, 2), store_column_text(stmt, 3) };
	return t->assignment(t->ctx, &row, st);
}

enum dyad_error scan_assignments(struct store *store, scan_assignment_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] = "SELECT id, couple_id, frequency, assigned_on FROM assignment";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { NULL, fn, NULL, ctx };
	return store_each(store, stmt, assignment_row, &t, "homework", st);
}

static enum dyad_error checkin_row(void *target, sqlite3_stmt *stmt, struct dyad_status *st)
{
	const struct scan_target *t = target;
	struct scan_checkin row = { sqlite3_column_int64(stmt, 0), store_column_text(stmt, 1),
		partner_code(store_column_text(stmt, 2)), sqlite3_column_int64(stmt, 3),
		sqlite3_column_int64(stmt, 4) };
	return t->checkin(t->ctx, &row, st);
}

enum dyad_error scan_checkins(struct store *store, scan_checkin_fn fn, void *ctx,
	struct dyad_status *st)
{
	static const char sql[] =
		"SELECT assignment_id, checked_on, partner, done, coalesce(out_of, 0) FROM checkin";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	struct scan_target t = { NULL, NULL, fn, ctx };
	return store_each(store, stmt, checkin_row, &t, "homework", st);
}
