/* test_bulk.c: bulk loading and the synthetic practice the benchmarks use. */
#include "tests/unit/check.h"

#include <sqlite3.h>

#include "app/domain/demo.h"
#include "app/domain/practice.h"
#include "app/store/bulk.h"
#include "app/store/couples.h"
#include "app/store/db.h"
#include "app/store/search.h"
#include "app/store/sessions.h"

/* Opens a new database; its path is copied into path (256 bytes) when
 * given, since check_temp_db reuses one buffer. */
static struct store *open_fresh(char *path)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	const char *p = check_temp_db();
	if (store_open(p, 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	if (path)
		snprintf(path, 256, "%s", p);
	return s;
}

static int64_t add_couple(struct store *s)
{
	struct dyad_status st = { 0 };
	const char *names[2] = { "Maya", "Daniel" };
	int64_t id = 0;
	CHECK(couples_insert(s, "Okafor & Reyes", "2026-01-05", names, NULL, &id, &st) == DYAD_OK);
	return id;
}

/* Runs one query on a second connection and returns its first column as an
 * integer (-1 on error): what another program would see in the file. */
static long long query_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
		sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	else
		printf("# query failed: %s\n", db ? sqlite3_errmsg(db) : "no database");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* Whether a query's first column of its first row is the text want. */
static bool text_is(const char *path, const char *sql, const char *want)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	bool same = false;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
		sqlite3_step(stmt) == SQLITE_ROW) {
		const char *got = (const char *)sqlite3_column_text(stmt, 0);
		same = got && strcmp(got, want) == 0;
		if (!same)
			printf("# %s: %s\n", sql, got ? got : "NULL");
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return same;
}

/* The FTS5 integrity check compares the index with the notes themselves. */
static bool index_matches_notes(const char *path)
{
	sqlite3 *db = NULL;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK &&
		sqlite3_exec(db, "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)",
			NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		printf("# integrity-check: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return ok;
}

static void a_session_written_with_its_note_is_saved_once(void)
{
	struct store *s = open_fresh(NULL);
	struct dyad_status st = { 0 };
	int64_t c = add_couple(s), draft, signed_id, empty;
	CHECK(sessions_insert_with_note(s, c, "2026-02-01T10:00", 50, "in-person", "both",
		      "repair attempts were accepted", 29, false, &draft, &st) == DYAD_OK);
	CHECK(sessions_insert_with_note(s, c, "2026-02-08T10:00", 50, "video", "both",
		      "flooding; a break was taken", 27, true, &signed_id, &st) == DYAD_OK);
	CHECK(sessions_insert(s, c, "2026-02-15T10:00", 50, "in-person", "cancelled", &empty,
		      &st) == DYAD_OK);
	struct note_rec n;
	CHECK(notes_get(s, draft, &n, &st) == DYAD_OK);
	CHECK_STR(n.body, "repair attempts were accepted");
	CHECK_STR(n.status, "draft");
	CHECK(n.revision == 1 && n.signed_at[0] == '\0');
	note_rec_free(&n);
	CHECK(notes_get(s, signed_id, &n, &st) == DYAD_OK);
	CHECK_STR(n.status, "signed");
	CHECK(n.revision == 1 && n.signed_at[0] != '\0');
	note_rec_free(&n);
	CHECK(notes_get(s, empty, &n, &st) == DYAD_OK);
	CHECK(n.body[0] == '\0' && n.revision == 0);
	note_rec_free(&n);
	/* Outside a bulk load the text is indexed as it is written. */
	struct search_results r;
	CHECK(search_notes(s, "accepted", false, -1, &r, &st) == DYAD_OK && r.len == 1 &&
		r.items[0].session_id == draft);
	search_results_free(&r);
	CHECK(sessions_insert_with_note(s, 9999, "2026-02-22T10:00", 50, "in-person", "both",
		      "x", 1, false, &empty, &st) == DYAD_ERR_NOT_FOUND);
	store_close(s);
}

static void a_bulk_load_indexes_every_note_when_it_commits(void)
{
	char path[256];
	struct store *s = open_fresh(path);
	struct dyad_status st = { 0 };
	CHECK(store_bulk_begin(s, &st) == DYAD_OK);
	int64_t c = add_couple(s), id = 0;
	char when[24];
	for (int i = 0; i < 40; i++) {
		/* After the couple's intake (2026-01-05): no session may precede it. */
		snprintf(when, sizeof when, "2026-02-%02dT09:00", 1 + i % 28);
		const char *body = i % 2 ? "the startup was harsh" : "a gentle startup and a repair";
		CHECK(sessions_insert_with_note(s, c, when, 50, "in-person", "both", body,
			      strlen(body), i < 30, &id, &st) == DYAD_OK);
	}
	/* Another program sees nothing until the load commits. */
	CHECK(query_int(path, "SELECT count(*) FROM note") == 0);
	CHECK(store_bulk_commit(s, &st) == DYAD_OK);
	struct search_results r;
	CHECK(search_notes(s, "startup", false, -1, &r, &st) == DYAD_OK && r.len == 40);
	search_results_free(&r);
	CHECK(search_notes(s, "repair", false, -1, &r, &st) == DYAD_OK && r.len == 20);
	search_results_free(&r);
	CHECK(index_matches_notes(path));
	/* Notes written afterwards are indexed row by row again. */
	CHECK(sessions_insert_with_note(s, c, "2026-03-01T09:00", 50, "in-person", "both",
		      "stonewalling", 12, false, &id, &st) == DYAD_OK);
	CHECK(search_notes(s, "stonewalling", false, -1, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
			      " AND name = 'note_fts_insert'") == 1);
	/* CHECK constraints were off during the load; the statement prepared
	 * then must not carry that into later writes. */
	CHECK(sessions_insert_with_note(s, c, "2026-03-02T09:00", 50, "in-person", "sometimes",
		      "", 0, false, &id, &st) == DYAD_ERR_DB);
	CHECK(query_int(path, "SELECT count(*) FROM session WHERE attendance = 'sometimes'") == 0);
	store_close(s);
}

static void a_bulk_load_rolled_back_leaves_the_database_as_it_was(void)
{
	char path[256];
	struct store *s = open_fresh(path);
	struct dyad_status st = { 0 };
	CHECK(store_bulk_begin(s, &st) == DYAD_OK);
	int64_t c = add_couple(s), id;
	CHECK(sessions_insert_with_note(s, c, "2026-01-05T09:00", 50, "in-person", "both",
		      "flooding", 8, false, &id, &st) == DYAD_OK);
	store_bulk_rollback(s);
	store_bulk_rollback(s); /* a second one is harmless */
	int64_t n = -1;
	CHECK(couples_count(s, &n, &st) == DYAD_OK && n == 0);
	CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
			      " AND name = 'note_fts_insert'") == 1);
	c = add_couple(s);
	CHECK(sessions_insert_with_note(s, c, "2026-01-05T09:00", 50, "in-person", "both",
		      "flooding", 8, false, &id, &st) == DYAD_OK);
	struct search_results r;
	CHECK(search_notes(s, "flooding", false, -1, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	CHECK(index_matches_notes(path));
	store_close(s);
}

static void a_bulk_load_is_refused_inside_a_transaction(void)
{
	struct store *s = open_fresh(NULL);
	struct dyad_status st = { 0 };
	CHECK(store_begin(s, &st) == DYAD_OK);
	CHECK(store_bulk_begin(s, &st) == DYAD_ERR_DB);
	store_rollback(s);
	CHECK(store_bulk_commit(s, &st) == DYAD_ERR_DB);
	store_close(s);
}

static void the_synthetic_practice_is_the_same_for_the_same_seed(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	char path[3][256];
	struct store *s[3];
	struct demo_summary sum[3];
	struct dyad_status st = { 0 };
	struct demo_options opt = demo_default_options();
	opt.couples = 12;
	opt.weeks = 50;
	opt.synthetic = true;
	for (int i = 0; i < 3; i++) {
		s[i] = open_fresh(path[i]);
		opt.seed = i < 2 ? 42 : 43;
		CHECK(demo_generate(s[i], &opt, &sum[i], &st) == DYAD_OK);
		store_close(s[i]);
	}
	static const char digest[] =
		"SELECT sum(length(body) * session_id) + (SELECT sum(value * session_id * concept_id)"
		" FROM rating) FROM note";
	CHECK(query_int(path[0], digest) == query_int(path[1], digest));
	CHECK(query_int(path[0], digest) != query_int(path[2], digest));
	CHECK(sum[0].couples == 12 && sum[0].ratings == sum[1].ratings);
	/* About a year of weekly sessions each, notes of about 1.5 KB, about
	 * ten ratings a session. */
	CHECK(sum[0].sessions >= 12 * 45 && sum[0].sessions <= 12 * 55);
	long long avg = query_int(path[0], "SELECT avg(length(body)) FROM note WHERE body <> ''");
	CHECK(avg >= 1300 && avg <= 1700);
	CHECK(sum[0].ratings >= sum[0].sessions * 9 && sum[0].ratings <= sum[0].sessions * 12);
	CHECK(index_matches_notes(path[0]));
	/* integrity_check also applies the CHECK constraints the load skipped. */
	CHECK(text_is(path[0], "PRAGMA integrity_check", "ok"));
	CHECK(query_int(path[0], "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	unsetenv("DYAD_TODAY");
}

int main(void)
{
	RUN(a_session_written_with_its_note_is_saved_once);
	RUN(a_bulk_load_indexes_every_note_when_it_commits);
	RUN(a_bulk_load_rolled_back_leaves_the_database_as_it_was);
	RUN(a_bulk_load_is_refused_inside_a_transaction);
	RUN(the_synthetic_practice_is_the_same_for_the_same_seed);
	return check_any_failed;
}
