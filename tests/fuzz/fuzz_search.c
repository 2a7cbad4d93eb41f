/* fuzz_search.c: search_build_query on anything a person might type. Every
 * query it builds must run against a real FTS5 table (the schema's
 * tokenizer) without a syntax error, and it keeps exactly the words
 * search_count_words counts. The first byte's low bit asks for
 * search-as-you-type (the last word as a prefix). */
#include <sqlite3.h>
#include <stdbool.h>

#include "tests/fuzz/fuzz.h"
#include "app/store/search.h"

static sqlite3 *db;
static sqlite3_stmt *match;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	FUZZ_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	FUZZ_CHECK(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE note_fts USING fts5 (body,"
		" tokenize = 'unicode61 remove_diacritics 2');"
		"INSERT INTO note_fts (body) VALUES ('Softened startup from Zoë; repair accepted.'),"
		" ('Talked with O''Brien about self-soothing and flooding.'),"
		" ('山田 花子 and Łukasz: NEAR AND OR NOT * ^ \"quoted\"');",
		NULL, NULL, NULL) == SQLITE_OK);
	FUZZ_CHECK(sqlite3_prepare_v2(db,
		"SELECT rowid, snippet(note_fts, 0, '[', ']', '...', 12) FROM note_fts"
		" WHERE note_fts MATCH ?1", -1, &match, NULL) == SQLITE_OK);
	return 0;
}

/* Counts the "..." phrases at the top level of a built query. */
static size_t phrases(const char *q)
{
	size_t count = 0;
	bool inside = false;
	for (const char *p = q; *p; p++) {
		if (*p != '"')
			continue;
		if (inside && p[1] == '"') {
			p++; /* a doubled quote inside a phrase */
			continue;
		}
		inside = !inside;
		if (inside)
			count++;
	}
	FUZZ_CHECK(!inside);
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	bool prefix = data[0] & 1;
	char *text = fuzz_cstring(data + 1, size - 1);
	bool empty = false;
	char *q = search_build_query(text, prefix, &empty);
	size_t words = search_count_words(text);
	if (q == NULL) {
		FUZZ_CHECK(empty && words == 0);
	} else {
		FUZZ_CHECK(!empty && words > 0);
		FUZZ_CHECK(phrases(q) == words);
		if (words <= SEARCH_MAX_WORDS) {
			sqlite3_reset(match);
			FUZZ_CHECK(sqlite3_bind_text(match, 1, q, -1, SQLITE_TRANSIENT) == SQLITE_OK);
			int rc;
			while ((rc = sqlite3_step(match)) == SQLITE_ROW)
				;
			if (rc != SQLITE_DONE)
				fprintf(stderr, "fuzz: query [%s] failed: %s\n", q, sqlite3_errmsg(db));
			FUZZ_CHECK(rc == SQLITE_DONE);
		}
	}
	free(q);
	free(text);
	return 0;
}
