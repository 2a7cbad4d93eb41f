/* test_stats.c: the per-couple session figures kept for the couple list
 * (schema/0006) always equal a fresh count, and upgrading an older database
 * fills them and re-indexes its notes. */
#include "tests/unit/check.h"

#include <sqlite3.h>

#include "app/store/couples.h"
#include "app/store/db.h"
#include "app/store/migrations.h"
#include "app/store/search.h"
#include "app/store/sessions.h"

/* Whether every couple's kept figures equal a count made now, as
 * schema/0007 defines them: sessions on record (not planned), those held,
 * and the latest held one. */
static bool figures_match_a_recount(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long wrong = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		sqlite3_prepare_v2(db,
			"SELECT count(*) FROM couple c LEFT JOIN couple_stats st ON st.couple_id = c.id"
			" WHERE st.couple_id IS NULL"
			" OR st.sessions_total <> (SELECT count(*) FROM session WHERE couple_id = c.id"
			"    AND planned = 0)"
			" OR st.sessions_held <> (SELECT count(*) FROM session WHERE couple_id = c.id"
			"    AND planned = 0 AND attendance IN ('both', 'a-only', 'b-only'))"
			" OR st.last_session IS NOT (SELECT max(starts_at) FROM session"
			"    WHERE couple_id = c.id AND planned = 0"
			"    AND attendance IN ('both', 'a-only', 'b-only'))",
			-1, &stmt, NULL) == SQLITE_OK &&
		sqlite3_step(stmt) == SQLITE_ROW)
		wrong = sqlite3_column_int64(stmt, 0);
	else
		printf("# recount: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (wrong != 0)
		printf("# %lld couples' figures differ from a recount\n", wrong);
	return wrong == 0;
}

static bool exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK &&
		sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK &&
		sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK;
	if (!ok)
		printf("# exec: %s\n", err ? err : sqlite3_errmsg(db));
	sqlite3_free(err);
	sqlite3_close(db);
	return ok;
}

static void the_couple_figures_follow_every_change_to_sessions(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s", check_temp_db());
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	CHECK(store_open(path, 0, &s, &st) == DYAD_OK);
	const char *names[2] = { "Ann", "Bo" };
	int64_t c1, c2, ids[7];
	CHECK(couples_insert(s, "One", "2026-01-01", names, NULL, &c1, &st) == DYAD_OK);
	CHECK(couples_insert(s, "Two", "2026-01-01", names, NULL, &c2, &st) == DYAD_OK);
	struct couple_rec c;
	CHECK(couples_get(s, c2, &c, &st) == DYAD_OK);
	CHECK(c.sessions_total == 0 && c.sessions_held == 0 && c.last_session[0] == '\0');
	couple_rec_free(&c);
	/* The planned one, the latest, is not yet on record and not held. */
	const char *att[] = { "both", "cancelled", "a-only", "no-show", "b-only", "both",
		"planned" };
	const char *when[] = { "2026-01-05T09:00", "2026-01-12T09:00", "2026-01-19T09:00",
		"2026-01-26T09:00", "2026-01-02T09:00", "2026-02-02T10:00", "2026-02-09T10:00" };
	for (int i = 0; i < 7; i++)
		CHECK(sessions_insert(s, c1, when[i], 50, "in-person", att[i], &ids[i], &st) == DYAD_OK);
	CHECK(couples_get(s, c1, &c, &st) == DYAD_OK);
	CHECK(c.sessions_total == 6 && c.sessions_held == 4);
	CHECK_STR(c.last_session, "2026-02-02T10:00");
	couple_rec_free(&c);
	CHECK(figures_match_a_recount(path));
	/* A held session cancelled, and the latest moved earlier: the last
	 * session is now the last held one, not the later no-show. */
	CHECK(sessions_update(s, ids[0], NULL, 0, NULL, "cancelled", &st) == DYAD_OK);
	CHECK(sessions_update(s, ids[5], "2026-01-03T10:00", 0, NULL, NULL, &st) == DYAD_OK);
	CHECK(couples_get(s, c1, &c, &st) == DYAD_OK);
	CHECK(c.sessions_total == 6 && c.sessions_held == 3);
	CHECK_STR(c.last_session, "2026-01-19T09:00");
	couple_rec_free(&c);
	CHECK(figures_match_a_recount(path));
	store_close(s);
	/* Changes made outside dyad's own functions are followed too. */
	char sql[256];
	snprintf(sql, sizeof sql,
		"UPDATE session SET couple_id = %lld WHERE id = %lld;"
		"DELETE FROM note WHERE session_id = %lld; DELETE FROM session WHERE id = %lld;",
		(long long)c2, (long long)ids[2], (long long)ids[3], (long long)ids[3]);
	CHECK(exec(path, sql));
	CHECK(figures_match_a_recount(path));
	snprintf(sql, sizeof sql, "DELETE FROM partner WHERE couple_id = %lld;"
		"DELETE FROM note WHERE session_id IN (SELECT id FROM session WHERE couple_id = %lld);"
		"DELETE FROM session WHERE couple_id = %lld; DELETE FROM couple WHERE id = %lld;",
		(long long)c2, (long long)c2, (long long)c2, (long long)c2);
	CHECK(exec(path, sql));
	CHECK(figures_match_a_recount(path));
}

static void an_older_database_gains_the_figures_and_a_working_index(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s", check_temp_db());
	/* A database as the foundation (schema 2) left it, with a little data. */
	sqlite3 *db = NULL;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK;
	for (int i = 0; ok && i < migrations_count && migrations[i].version <= 2; i++)
		ok = sqlite3_exec(db, migrations[i].sql, NULL, NULL, NULL) == SQLITE_OK;
	ok = ok && sqlite3_exec(db,
		"PRAGMA user_version = 2;"
		"INSERT INTO couple (id, name, intake_date) VALUES (1, 'Old & Couple', '2025-01-01');"
		"INSERT INTO partner VALUES (1, 'a', 'Ann', NULL), (1, 'b', 'Bo', NULL);"
		"INSERT INTO session (id, couple_id, starts_at, attendance) VALUES"
		" (1, 1, '2025-02-01T09:00', 'both'), (2, 1, '2025-02-08T09:00', 'no-show');"
		"INSERT INTO note (session_id, body) VALUES (1, 'a gentle startup'), (2, '');",
		NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		printf("# setup: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	CHECK(ok);
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	CHECK(store_open(path, 0, &s, &st) == DYAD_OK);
	CHECK(store_schema_version(s) == store_schema_latest());
	struct couple_rec c;
	CHECK(couples_get(s, 1, &c, &st) == DYAD_OK);
	CHECK(c.sessions_total == 2 && c.sessions_held == 1);
	CHECK_STR(c.last_session, "2025-02-01T09:00"); /* the 8th was a no-show */
	couple_rec_free(&c);
	struct search_results r;
	CHECK(search_notes(s, "gent", true, 10, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	store_close(s);
	CHECK(figures_match_a_recount(path));
}

int main(void)
{
	RUN(the_couple_figures_follow_every_change_to_sessions);
	RUN(an_older_database_gains_the_figures_and_a_working_index);
	return check_any_failed;
}
