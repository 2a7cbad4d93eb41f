/* test_store.c: the database layer and the record rules, on temporary files. */
#include "tests/unit/check.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/domain/demo.h"
#include "app/domain/practice.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/db.h"
#include "app/store/search.h"
#include "app/store/sessions.h"

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static int64_t add_couple(struct store *s)
{
	struct dyad_status st = { 0 };
	struct couple_input in = { "Okafor & Reyes", "2026-01-05", { "Maya", "Daniel" }, { "she/her", NULL } };
	int64_t id = 0;
	CHECK(practice_couple_add(s, &in, &id, &st) == DYAD_OK);
	return id;
}

static void a_new_database_is_private_and_migrated(void)
{
	struct dyad_status st = { 0 };
	char path[300];
	snprintf(path, sizeof path, "%s/nested/deeper/dyad.db", check_temp_dir());
	struct store *s = NULL;
	CHECK(store_open(path, 0, &s, &st) == DYAD_OK);
	CHECK(store_schema_version(s) == store_schema_latest());
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	char wal[320];
	snprintf(wal, sizeof wal, "%s-wal", path);
	int64_t id = add_couple(s); /* a write creates the -wal file */
	CHECK(id > 0);
	CHECK(stat(wal, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	char dir[300];
	snprintf(dir, sizeof dir, "%s/nested/deeper", check_temp_dir());
	CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	store_close(s);
}

static void a_newer_database_is_refused_untouched(void)
{
	const char *path = check_temp_db();
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	CHECK(store_open(path, 0, &s, &st) == DYAD_OK);
	store_close(s);
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 999", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	struct stat before, after;
	CHECK(stat(path, &before) == 0);
	CHECK(store_open(path, 0, &s, &st) == DYAD_ERR_DB_TOO_NEW);
	CHECK(s == NULL);
	CHECK(strstr(st.message, "999") != NULL);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", path);
	CHECK(access(wal, F_OK) != 0); /* the refusal did not switch on WAL */
}

static void not_a_database_is_a_clear_error(void)
{
	const char *path = check_temp_db();
	FILE *fp = fopen(path, "w");
	fputs("this is a shopping list, not a database, and it is long enough to look like a header......", fp);
	fclose(fp);
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	CHECK(store_open(path, 0, &s, &st) != DYAD_OK);
	CHECK(strstr(st.message, "not a readable dyad database") != NULL);
}

static void couples_round_trip(void)
{
	struct store *s = open_fresh();
	int64_t id = add_couple(s);
	struct dyad_status st = { 0 };
	struct couple_rec c;
	CHECK(couples_get(s, id, &c, &st) == DYAD_OK);
	CHECK_STR(c.name, "Okafor & Reyes");
	CHECK_STR(c.partner[0].name, "Maya");
	CHECK_STR(c.partner[0].pronouns, "she/her");
	CHECK(c.partner[1].pronouns == NULL);
	CHECK_STR(c.intake, "2026-01-05");
	CHECK_STR(c.status, "active");
	couple_rec_free(&c);
	struct couple_change ch = { .status = "closed" };
	CHECK(practice_couple_set(s, id, &ch, &st) == DYAD_OK);
	struct couple_list list;
	CHECK(couples_list(s, false, &list, &st) == DYAD_OK && list.len == 0);
	couple_list_free(&list);
	CHECK(couples_list(s, true, &list, &st) == DYAD_OK && list.len == 1);
	couple_list_free(&list);
	CHECK(couples_get(s, id + 100, &c, &st) == DYAD_ERR_NOT_FOUND);
	struct couple_change bad = { .status = "divorced" };
	CHECK(practice_couple_set(s, id, &bad, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "status:") == st.message);
	store_close(s);
}

static void signed_notes_are_locked(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s), session;
	struct session_input in = { "2026-03-14T09:30", NULL, NULL, NULL };
	CHECK(practice_session_add(s, couple, &in, &session, &st) == DYAD_OK);
	CHECK(practice_note_save(s, session, "first draft", 11, -1, &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "startup", "4", "a", &st) == DYAD_OK);
	CHECK(practice_note_sign(s, session, &st) == DYAD_OK);
	CHECK(practice_note_save(s, session, "changed", 7, -1, &st) == DYAD_ERR_REFUSED);
	CHECK(practice_note_sign(s, session, &st) == DYAD_ERR_REFUSED);
	CHECK(practice_rate(s, session, "startup", "5", "a", &st) == DYAD_ERR_REFUSED);
	struct note_rec note;
	CHECK(notes_get(s, session, &note, &st) == DYAD_OK);
	CHECK_STR(note.body, "first draft");
	CHECK_STR(note.status, "signed");
	CHECK(note.signed_at[0] != '\0');
	note_rec_free(&note);
	store_close(s);
}

static void a_stale_save_is_a_conflict(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s), session;
	struct session_input in = { 0 };
	CHECK(practice_session_add(s, couple, &in, &session, &st) == DYAD_OK);
	struct note_rec note;
	CHECK(notes_get(s, session, &note, &st) == DYAD_OK);
	int64_t rev = note.revision;
	note_rec_free(&note);
	CHECK(practice_note_save(s, session, "saved elsewhere", 15, rev, &st) == DYAD_OK);
	CHECK(practice_note_save(s, session, "mine", 4, rev, &st) == DYAD_ERR_CONFLICT);
	CHECK(notes_get(s, session, &note, &st) == DYAD_OK);
	CHECK_STR(note.body, "saved elsewhere");
	note_rec_free(&note);
	store_close(s);
}

static void a_blank_save_never_wipes_a_draft(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s), session;
	struct session_input in = { 0 };
	CHECK(practice_session_add(s, couple, &in, &session, &st) == DYAD_OK);
	CHECK(practice_note_is_blank(" \t\r\n", 4));
	CHECK(!practice_note_is_blank(" x ", 3));
	CHECK(practice_note_save(s, session, "", 0, -1, &st) == DYAD_OK); /* nothing to lose yet */
	CHECK(practice_note_save(s, session, "kept words", 10, -1, &st) == DYAD_OK);
	CHECK(practice_note_save(s, session, "", 0, -1, &st) == DYAD_ERR_REFUSED);
	CHECK(strstr(st.message, "note: the new text is empty") == st.message);
	CHECK(practice_note_save(s, session, " \n\t\n", 4, -1, &st) == DYAD_ERR_REFUSED);
	struct note_rec note;
	CHECK(notes_get(s, session, &note, &st) == DYAD_OK);
	CHECK_STR(note.body, "kept words");
	int64_t rev = note.revision;
	note_rec_free(&note);
	/* Asked for explicitly, it empties the note, but never past a newer save. */
	CHECK(practice_note_save(s, session, "newer words", 11, rev, &st) == DYAD_OK);
	CHECK(practice_note_save_allow_empty(s, session, "", 0, rev, &st) == DYAD_ERR_CONFLICT);
	CHECK(practice_note_save_allow_empty(s, session, "", 0, -1, &st) == DYAD_OK);
	CHECK(notes_get(s, session, &note, &st) == DYAD_OK);
	CHECK_STR(note.body, "");
	note_rec_free(&note);
	store_close(s);
}

static void ratings_follow_the_catalogue(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s), session;
	struct session_input in = { 0 };
	CHECK(practice_session_add(s, couple, &in, &session, &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "sentiment_override", "-2", "a", &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "sentiment_override", "1", "a", &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "sentiment_override", "3", "a", &st) == DYAD_ERR_INVALID);
	CHECK(practice_rate(s, session, "sentiment_override", "1", NULL, &st) == DYAD_ERR_INVALID);
	CHECK(practice_rate(s, session, "meta", "3", "a", &st) == DYAD_ERR_INVALID);
	CHECK(practice_rate(s, session, "meta", "3", NULL, &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "nosuch", "3", "a", &st) == DYAD_ERR_NOT_FOUND);
	CHECK(practice_rate(s, session, "startup", "4.5", "b", &st) == DYAD_ERR_INVALID);
	struct rating_list r;
	CHECK(ratings_for_session(s, session, &r, &st) == DYAD_OK);
	CHECK(r.len == 2);
	for (size_t i = 0; i < r.len; i++)
		if (r.items[i].partner == 0)
			CHECK(r.items[i].value == 1); /* rating again replaced it */
	rating_list_free(&r);
	store_close(s);
}

static void search_finds_words_newest_first(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s), s1, s2;
	/* Both after the couple's intake (2026-01-05) and held. */
	struct session_input a = { "2026-01-12T10:00", NULL, NULL, NULL };
	struct session_input b = { "2026-02-01T10:00", NULL, NULL, NULL };
	CHECK(practice_session_add(s, couple, &a, &s1, &st) == DYAD_OK);
	CHECK(practice_session_add(s, couple, &b, &s2, &st) == DYAD_OK);
	const char *n1 = "Talked about O'Brien and self-soothing.";
	const char *n2 = "More self-soothing practice; Zoë felt flooded.";
	CHECK(practice_note_save(s, s1, n1, strlen(n1), -1, &st) == DYAD_OK);
	CHECK(practice_note_save(s, s2, n2, strlen(n2), -1, &st) == DYAD_OK);
	struct search_results r;
	CHECK(search_notes(s, "self-soothing", false, -1, &r, &st) == DYAD_OK);
	CHECK(r.len == 2 && r.items[0].session_id == s2 && r.items[1].session_id == s1);
	search_results_free(&r);
	CHECK(search_notes(s, "O'Brien", false, -1, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	CHECK(search_notes(s, "zoe", false, -1, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	CHECK(search_notes(s, "flo", true, -1, &r, &st) == DYAD_OK && r.len == 1);
	search_results_free(&r);
	const char *nasty[] = { "\"", "'", "AND", "NOT OR", "(", "*", "a:b", "NEAR(", "-x", "^" };
	for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
		CHECK(search_notes(s, nasty[i], false, -1, &r, &st) == DYAD_OK);
		search_results_free(&r);
		CHECK(search_notes(s, nasty[i], true, 5, &r, &st) == DYAD_OK);
		search_results_free(&r);
	}
	/* The index follows edits: the old word is gone after a save. */
	CHECK(practice_note_save(s, s1, "rewritten", 9, -1, &st) == DYAD_OK);
	CHECK(search_notes(s, "O'Brien", false, -1, &r, &st) == DYAD_OK && r.len == 0);
	search_results_free(&r);
	store_close(s);
}

static void the_demo_refuses_a_practice_with_couples(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	struct demo_options opt = demo_default_options();
	struct demo_summary sum;
	CHECK(demo_generate(s, &opt, &sum, &st) == DYAD_OK);
	CHECK(sum.couples >= 8 && sum.sessions >= 8 * 10 && sum.ratings > 0);
	CHECK(demo_generate(s, &opt, &sum, &st) == DYAD_ERR_REFUSED);
	int64_t n;
	CHECK(couples_count(s, &n, &st) == DYAD_OK && n == opt.couples);
	store_close(s);
}

static void transactions_nest_and_roll_back_whole(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	CHECK(store_begin(s, &st) == DYAD_OK);
	int64_t id = add_couple(s);
	CHECK(id > 0);
	store_rollback(s);
	int64_t n = -1;
	CHECK(couples_count(s, &n, &st) == DYAD_OK && n == 0);
	store_close(s);
}

int main(void)
{
	RUN(a_new_database_is_private_and_migrated);
	RUN(a_newer_database_is_refused_untouched);
	RUN(not_a_database_is_a_clear_error);
	RUN(couples_round_trip);
	RUN(signed_notes_are_locked);
	RUN(a_stale_save_is_a_conflict);
	RUN(a_blank_save_never_wipes_a_draft);
	RUN(ratings_follow_the_catalogue);
	RUN(search_finds_words_newest_first);
	RUN(the_demo_refuses_a_practice_with_couples);
	RUN(transactions_nest_and_roll_back_whole);
	return check_any_failed;
}
