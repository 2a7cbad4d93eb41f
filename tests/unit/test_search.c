/* test_search.c: note search returns the newest matches first, whatever
 * order the sessions were recorded in, and stops early without changing
 * the answer. */
#include "tests/unit/check.h"

#include <sqlite3.h>

#include "app/store/bulk.h"
#include "app/store/couples.h"
#include "app/store/db.h"
#include "app/store/search.h"
#include "app/store/sessions.h"

/* A tiny deterministic generator, so a failure can be reproduced. */
static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* n sessions over about a year; when shuffled, their dates are in random
 * order of id (as after an import), else they follow the ids. Every note
 * says "repair"; one in ten also says "greyhound"; dates repeat, so ties
 * are ordered by id. */
static struct store *practice(int n, bool shuffled, char *path)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	snprintf(path, 256, "%s", check_temp_db());
	if (store_open(path, 0, &s, &st) != DYAD_OK) {
		printf("# open: %s\n", st.message);
		return NULL;
	}
	const char *names[2] = { "Ann", "Bo" };
	int64_t c, id;
	unsigned seed = 7;
	CHECK(store_bulk_begin(s, &st) == DYAD_OK);
	CHECK(couples_insert(s, "A & B", "2025-01-01", names, NULL, &c, &st) == DYAD_OK);
	for (int i = 0; i < n; i++) {
		int day = shuffled ? (int)(next_rand(&seed) % 360) : i * 360 / n;
		char when[32];
		snprintf(when, sizeof when, "2025-%02d-%02dT%02d:00", 1 + day / 30, 1 + day % 28,
			9 + (int)(next_rand(&seed) % 2));
		const char *body = i % 10 == 3 ? "a repair, then talk of a greyhound" : "one repair";
		CHECK(sessions_insert_with_note(s, c, when, 50, "in-person", "both", body,
			      strlen(body), false, &id, &st) == DYAD_OK);
	}
	CHECK(store_bulk_commit(s, &st) == DYAD_OK);
	return s;
}

/* The answer written the slow, obvious way: every match sorted by date. */
static bool expected(const char *path, const char *match, int limit, int64_t *ids, size_t *n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	bool done = false;
	*n = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		sqlite3_prepare_v2(db,
			"SELECT s.id FROM note_fts JOIN session s ON s.id = note_fts.rowid"
			" WHERE note_fts MATCH ?1 ORDER BY s.starts_at DESC, s.id DESC LIMIT ?2",
			-1, &stmt, NULL) != SQLITE_OK) {
		printf("# expected: %s\n", sqlite3_errmsg(db));
	} else {
		sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, limit);
		int rc;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < 4096)
			ids[(*n)++] = sqlite3_column_int64(stmt, 0);
		done = rc == SQLITE_DONE;
		if (!done)
			printf("# expected: %s\n", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return done;
}

static bool same_answer(struct store *s, const char *path, const char *text, bool prefix,
	const char *match, int limit)
{
	static int64_t want[4096];
	size_t n;
	if (!expected(path, match, limit, want, &n))
		return false;
	/* Every word asked for is in the fixture's notes: an empty answer
	 * on both sides would prove nothing. */
	if (limit != 0 && n == 0) {
		printf("# '%s': the fixture has no match, so the comparison proves nothing\n", text);
		return false;
	}
	struct dyad_status st = { 0 };
	struct search_results r;
	if (search_notes(s, text, prefix, limit, &r, &st) != DYAD_OK) {
		printf("# search: %s\n", st.message);
		return false;
	}
	bool same = r.len == n;
	for (size_t i = 0; same && i < n; i++)
		same = r.items[i].session_id == want[i] && r.items[i].snippet != NULL &&
			strchr(r.items[i].snippet, '[') != NULL;
	if (!same)
		printf("# '%s' limit %d: got %zu hits, wanted %zu\n", text, limit, r.len, n);
	search_results_free(&r);
	return same;
}

static void the_newest_matches_come_first_when_sessions_follow_the_calendar(void)
{
	char path[256];
	struct store *s = practice(600, false, path);
	int limits[] = { 1, 5, 50, 599, 600, 1000, -1 };
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		CHECK(same_answer(s, path, "repair", false, "\"repair\"", limits[i]));
		CHECK(same_answer(s, path, "greyhound", false, "\"greyhound\"", limits[i]));
	}
	store_close(s);
}

static void the_newest_matches_come_first_when_sessions_were_recorded_out_of_order(void)
{
	char path[256];
	struct store *s = practice(600, true, path);
	int limits[] = { 1, 2, 7, 50, 333, 600, -1 };
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		CHECK(same_answer(s, path, "repair", false, "\"repair\"", limits[i]));
		CHECK(same_answer(s, path, "greyhound", false, "\"greyhound\"", limits[i]));
		CHECK(same_answer(s, path, "grey", true, "\"grey\"*", limits[i]));
		CHECK(same_answer(s, path, "talk gr", true, "\"talk\" \"gr\"*", limits[i]));
	}
	store_close(s);
}

static void a_limit_of_zero_finds_nothing_and_no_match_is_empty(void)
{
	char path[256];
	struct store *s = practice(20, true, path);
	struct dyad_status st = { 0 };
	struct search_results r;
	CHECK(search_notes(s, "repair", false, 0, &r, &st) == DYAD_OK && r.len == 0);
	search_results_free(&r);
	CHECK(search_notes(s, "stonewalling", true, 10, &r, &st) == DYAD_OK && r.len == 0);
	search_results_free(&r);
	store_close(s);
}

static void a_single_letter_is_not_yet_a_prefix(void)
{
	bool empty;
	char *q = search_build_query("f", true, &empty);
	CHECK_STR(q, "\"f\"");
	free(q);
	q = search_build_query("fl", true, &empty);
	CHECK_STR(q, "\"fl\"*");
	free(q);
	q = search_build_query("self-s", true, &empty);
	CHECK_STR(q, "\"self-s\"");
	free(q);
	q = search_build_query("self-so", true, &empty);
	CHECK_STR(q, "\"self-so\"*");
	free(q);
	q = search_build_query("\xc3\xa9", true, &empty); /* one letter, two bytes */
	CHECK_STR(q, "\"\xc3\xa9\"");
	free(q);
	q = search_build_query("\xc3\xa9t", true, &empty);
	CHECK_STR(q, "\"\xc3\xa9t\"*");
	free(q);
}

int main(void)
{
	RUN(the_newest_matches_come_first_when_sessions_follow_the_calendar);
	RUN(the_newest_matches_come_first_when_sessions_were_recorded_out_of_order);
	RUN(a_limit_of_zero_finds_nothing_and_no_match_is_empty);
	RUN(a_single_letter_is_not_yet_a_prefix);
	return check_any_failed;
}
