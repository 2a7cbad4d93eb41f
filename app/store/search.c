/* search.c: quoting typed text for FTS5, and the search over notes and
 * addenda itself. */
#include "app/store/search.h"

#include <stdlib.h>
#include <string.h>

#include "app/core/strbuf.h"
#include "app/store/internal.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_token_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Whether a chunk holds anything the unicode61 tokenizer keeps: an ASCII
 * letter or digit, or any non-ASCII character (letters in other scripts). */
static bool searchable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_token_byte((unsigned char)s[i]))
			return true;
	return false;
}

size_t search_count_words(const char *text)
{
	size_t words = 0;
	const char *p = text;
	while (*p) {
		while (*p && is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		if (p > start && searchable(start, (size_t)(p - start)))
			words++;
	}
	return words;
}

/* How many characters (not bytes) the last token of a word has, the part
 * FTS5 applies a prefix to: "flo" has 3, "self-so" 2, "\"no\"" 2. */
static size_t trailing_letters(const char *start, const char *end)
{
	size_t n = 0;
	while (end > start && !is_token_byte((unsigned char)end[-1]))
		end--;
	while (end > start && is_token_byte((unsigned char)end[-1])) {
		end--;
		if (((unsigned char)*end & 0xC0) != 0x80) /* not a UTF-8 continuation */
			n++;
	}
	return n;
}

char *search_build_query(const char *text, bool prefix_last, bool *empty)
{
	struct strbuf q = STRBUF_INIT;
	*empty = true;
	const char *p = text;
	const char *last_end = NULL;
	while (*p) {
		while (*p && is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		size_t n = (size_t)(p - start);
		if (n == 0 || !searchable(start, n))
			continue;
		if (q.len)
			strbuf_addc(&q, ' ');
		strbuf_addc(&q, '"');
		for (size_t i = 0; i < n; i++) {
			if (start[i] == '"')
				strbuf_addc(&q, '"');
			strbuf_addc(&q, start[i]);
		}
		strbuf_addc(&q, '"');
		*empty = false;
		last_end = p;
	}
	/* Only the word still being typed is a prefix: the last one, when no
	 * space follows it yet, and once its last part has two letters (one
	 * letter would match nearly every note, and the index keeps prefixes of
	 * two and three letters only). */
	if (prefix_last && !*empty && last_end != NULL && *last_end == '\0' &&
		trailing_letters(text, last_end) >= 2)
		strbuf_addc(&q, '*');
	if (*empty || q.failed) {
		if (q.failed)
			*empty = false;
		strbuf_release(&q);
		return NULL;
	}
	return strbuf_detach(&q);
}

/* Search as you type must stay quick however many notes match, so the
 * newest matches are found without visiting them all. Notes are read in
 * descending session id (FTS5 walks its lists backwards natively), which
 * is close to date order because sessions are mostly recorded as they
 * happen. The best `limit` so far are kept; a snippet is made only for a
 * note that enters them (a SQL function asks, row by row). Every so often
 * one indexed look-up asks whether any session with a lower id could still
 * be newer than the worst one kept; when none can, the walk stops. Sessions
 * recorded out of order only make the walk longer, never the answer wrong. */

struct search_state {
	struct search_hit *hits; /* the best so far, unordered; len <= limit */
	size_t len, cap;
	int limit;               /* < 0: keep everything */
	size_t worst;            /* index of the oldest kept, when len == limit */
};

/* Whether session a (starts_at, id) sorts before b: newer first, then the
 * higher id. */
static bool newer(const char *a_at, int64_t a_id, const char *b_at, int64_t b_id)
{
	int c = strcmp(a_at, b_at);
	return c > 0 || (c == 0 && a_id > b_id);
}

static bool search_full(const struct search_state *ss)
{
	return ss->limit >= 0 && ss->len >= (size_t)ss->limit;
}

/* dyad_search_keep(starts_at, id): 1 when a note would enter the kept set,
 * so the statement computes its snippet; 0 otherwise. */
static void search_keep_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct search_state *ss = sqlite3_user_data(ctx);
	const unsigned char *at = sqlite3_value_text(argv[0]);
	int keep = ss->limit != 0;
	if (keep && search_full(ss)) {
		const struct search_hit *w = &ss->hits[ss->worst];
		keep = at != NULL &&
			newer((const char *)at, sqlite3_value_int64(argv[1]), w->starts_at, w->session_id);
	}
	sqlite3_result_int(ctx, keep);
}

static void search_hit_release(struct search_hit *h)
{
	free(h->couple_name);
	free(h->snippet);
	memset(h, 0, sizeof *h);
}

static void search_find_worst(struct search_state *ss)
{
	ss->worst = 0;
	for (size_t i = 1; i < ss->len; i++)
		if (newer(ss->hits[ss->worst].starts_at, ss->hits[ss->worst].session_id,
			    ss->hits[i].starts_at, ss->hits[i].session_id))
			ss->worst = i;
}

/* Takes a row whose snippet was made (the function said keep): adds it, or
 * replaces the oldest kept. False when out of memory. */
static bool search_take(struct search_state *ss, sqlite3_stmt *stmt)
{
	struct search_hit h = { 0 };
	bool ok = true;
	h.session_id = sqlite3_column_int64(stmt, 0);
	store_column_copy(stmt, 1, h.starts_at, sizeof h.starts_at);
	h.couple_id = sqlite3_column_int64(stmt, 2);
	h.couple_name = store_column_dup(stmt, 3, &ok);
	h.snippet = store_column_dup(stmt, 4, &ok);
	if (sqlite3_column_count(stmt) > 6) {
		h.addendum_id = sqlite3_column_int64(stmt, 5);
		store_column_copy(stmt, 6, h.addendum_at, sizeof h.addendum_at);
	}
	if (!ok || h.couple_name == NULL || h.snippet == NULL) {
		search_hit_release(&h);
		return false;
	}
	if (search_full(ss)) {
		search_hit_release(&ss->hits[ss->worst]);
		ss->hits[ss->worst] = h;
	} else {
		if (ss->len == ss->cap) {
			size_t ncap = ss->cap ? ss->cap * 2 : 32;
			struct search_hit *p = realloc(ss->hits, ncap * sizeof *p);
			if (p == NULL) {
				search_hit_release(&h);
				return false;
			}
			ss->hits = p;
			ss->cap = ncap;
		}
		ss->hits[ss->len++] = h;
	}
	if (search_full(ss))
		search_find_worst(ss);
	return true;
}

/* Whether a session with an id below `below` could still sort before the
 * oldest kept one: the walk's stopping test, one index range look-up. */
static enum dyad_error search_could_improve(struct store *store,
	const struct search_state *ss, int64_t below, bool *could, struct dyad_status *st)
{
	static const char sql[] =
		"SELECT 1 FROM session WHERE starts_at >= ?1 AND id < ?2 LIMIT 1";
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL)
		return st->code;
	store_bind_text(stmt, 1, ss->hits[ss->worst].starts_at);
	sqlite3_bind_int64(stmt, 2, below);
	int src = sqlite3_step(stmt);
	store_done(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return store_fail(store, src, "search", st);
	*could = src == SQLITE_ROW;
	return DYAD_OK;
}

static int search_hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;
	if (newer(x->starts_at, x->session_id, y->starts_at, y->session_id))
		return -1;
	if (newer(y->starts_at, y->session_id, x->starts_at, x->session_id))
		return 1;
	return (x->addendum_id > y->addendum_id) - (x->addendum_id < y->addendum_id);
}

/* Addenda are few beside notes (corrections to signed notes), so their
 * matches are all walked, into the same kept set as the notes'. */
static int search_addenda(sqlite3 *db, const char *query, struct search_state *ss,
	bool *nomem)
{
	static const char sql[] =
		"SELECT s.id, s.starts_at, s.couple_id, c.name,"
		" CASE WHEN dyad_search_keep(s.starts_at, s.id) THEN"
		"  CASE WHEN length(CAST(a.body AS BLOB)) <= ?2"
		"  THEN snippet(addendum_fts, 0, '[', ']', '...', 12)"
		"  ELSE substr(a.body, 1, 72) || '...' END END,"
		" a.id, a.created_at"
		" FROM addendum_fts JOIN addendum a ON a.id = addendum_fts.rowid"
		" JOIN session s ON s.id = a.session_id"
		" JOIN couple c ON c.id = s.couple_id"
		" WHERE addendum_fts MATCH ?1 ORDER BY addendum_fts.rowid DESC";
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK)
		return src;
	sqlite3_bind_text(stmt, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, SEARCH_SNIPPET_MAX_BYTES);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 4) != SQLITE_NULL && !search_take(ss, stmt)) {
			*nomem = true;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return *nomem ? SQLITE_OK : src == SQLITE_DONE ? SQLITE_OK : src;
}

enum dyad_error search_notes(struct store *store, const char *text, bool prefix_last,
	int limit, struct search_results *out, struct dyad_status *st)
{
	/* Not cached: the statement names a function whose state is this call's.
	 * snippet() costs grow with the square of the matches in a note: a 1 MB
	 * note full of the word took seconds. A note over ?2 bytes shows its
	 * opening words instead. Both are worked out only for a kept note. */
	static const char sql[] =
		"SELECT s.id, s.starts_at, s.couple_id, c.name,"
		" CASE WHEN dyad_search_keep(s.starts_at, s.id) THEN"
		"  CASE WHEN length(CAST(n.body AS BLOB)) <= ?2"
		"  THEN snippet(note_fts, 0, '[', ']', '...', 12)"
		"  ELSE substr(n.body, 1, 72) || '...' END END"
		" FROM note_fts JOIN session s ON s.id = note_fts.rowid"
		" JOIN note n ON n.session_id = s.id"
		" JOIN couple c ON c.id = s.couple_id"
		" WHERE note_fts MATCH ?1 ORDER BY note_fts.rowid DESC";
	out->items = NULL;
	out->len = 0;
	size_t words = search_count_words(text);
	if (words > SEARCH_MAX_WORDS)
		return dyad_fail(st, DYAD_ERR_INVALID, "search: at most %d words at a time (got %zu)",
			SEARCH_MAX_WORDS, words);
	bool empty;
	char *query = search_build_query(text, prefix_last, &empty);
	if (query == NULL)
		return empty ? DYAD_OK : dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	struct search_state ss = { NULL, 0, 0, limit, 0 };
	sqlite3_stmt *stmt = NULL;
	enum dyad_error rc = DYAD_OK;
	int src = sqlite3_create_function_v2(store->db, "dyad_search_keep", 2, SQLITE_UTF8, &ss,
		search_keep_fn, NULL, NULL, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (src != SQLITE_OK) {
		rc = store_fail(store, src, "search", st);
		goto done;
	}
	store_bind_text(stmt, 1, query);
	sqlite3_bind_int(stmt, 2, SEARCH_SNIPPET_MAX_BYTES);
	/* The next row count at which to ask whether the walk can stop; the
	 * gaps double, so a walk that cannot stop early asks a few times only. */
	size_t seen = 0, next_check = limit > 0 ? (size_t)limit : 0, gap = 16;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		seen++;
		if (sqlite3_column_type(stmt, 4) != SQLITE_NULL && !search_take(&ss, stmt)) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		if (limit == 0)
			break;
		if (search_full(&ss) && seen >= next_check) {
			bool could = true;
			rc = search_could_improve(store, &ss, sqlite3_column_int64(stmt, 0), &could, st);
			if (rc != DYAD_OK || !could)
				break;
			next_check = seen + gap;
			gap *= 2;
		}
	}
	if (rc == DYAD_OK && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_fail(store, src, "search", st);
	if (rc == DYAD_OK && limit != 0) {
		bool nomem = false;
		src = search_addenda(store->db, query, &ss, &nomem);
		if (nomem)
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		else if (src != SQLITE_OK)
			rc = store_fail(store, src, "search", st);
	}
	if (rc == DYAD_OK) {
		if (ss.len > 1)
			qsort(ss.hits, ss.len, sizeof *ss.hits, search_hit_cmp);
		out->items = ss.hits;
		out->len = ss.len;
		ss.hits = NULL;
		ss.len = 0;
	}
done:
	sqlite3_finalize(stmt);
	sqlite3_create_function_v2(store->db, "dyad_search_keep", 2, SQLITE_UTF8, NULL, NULL,
		NULL, NULL, NULL);
	for (size_t i = 0; i < ss.len; i++)
		search_hit_release(&ss.hits[i]);
	free(ss.hits);
	free(query);
	return rc;
}

void search_results_free(struct search_results *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->len; i++) {
		free(r->items[i].couple_name);
		free(r->items[i].snippet);
	}
	free(r->items);
	r->items = NULL;
	r->len = 0;
}
