/* search.c: quoting typed text for FTS5, and the note search itself. */
#include "store/search.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "store/internal.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether a chunk holds anything the unicode61 tokenizer keeps: an ASCII
 * letter or digit, or any non-ASCII character (letters in other scripts). */
static bool searchable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return true;
	}
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
	 * space follows it yet. */
	if (prefix_last && !*empty && last_end != NULL && *last_end == '\0')
		strbuf_addc(&q, '*');
	if (*empty || q.failed) {
		if (q.failed)
			*empty = false;
		strbuf_release(&q);
		return NULL;
	}
	return strbuf_detach(&q);
}

enum dyad_error search_notes(struct store *store, const char *text, bool prefix_last,
	int limit, struct search_results *out, struct dyad_status *st)
{
	/* snippet() costs grow with the square of the matches in a note: a
	 * 1 MB note full of the word took seconds per search. A note over
	 * SEARCH_SNIPPET_MAX_BYTES shows its opening words instead. */
	static const char sql[] =
		"SELECT s.id, s.couple_id, c.name, s.starts_at,"
		" CASE WHEN length(CAST(n.body AS BLOB)) <= ?3"
		"  THEN snippet(note_fts, 0, '[', ']', '...', 12)"
		"  ELSE substr(n.body, 1, 72) || '...' END"
		" FROM note_fts JOIN session s ON s.id = note_fts.rowid"
		" JOIN note n ON n.session_id = s.id"
		" JOIN couple c ON c.id = s.couple_id"
		" WHERE note_fts MATCH ?1 ORDER BY s.starts_at DESC, s.id DESC LIMIT ?2";
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
	sqlite3_stmt *stmt = store_stmt(store, sql, st);
	if (stmt == NULL) {
		free(query);
		return st->code;
	}
	store_bind_text(stmt, 1, query);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int(stmt, 3, SEARCH_SNIPPET_MAX_BYTES);
	free(query);
	size_t cap = 0;
	enum dyad_error rc = DYAD_OK;
	int src;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->len == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct search_hit *p = realloc(out->items, ncap * sizeof *p);
			if (p == NULL) {
				rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
				break;
			}
			out->items = p;
			cap = ncap;
		}
		struct search_hit *h = &out->items[out->len];
		bool ok = true;
		h->session_id = sqlite3_column_int64(stmt, 0);
		h->couple_id = sqlite3_column_int64(stmt, 1);
		h->couple_name = store_column_dup(stmt, 2, &ok);
		store_column_copy(stmt, 3, h->starts_at, sizeof h->starts_at);
		h->snippet = store_column_dup(stmt, 4, &ok);
		out->len++;
		if (!ok) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == DYAD_OK && src != SQLITE_DONE)
		rc = store_fail(store, src, "search", st);
	store_done(stmt);
	if (rc != DYAD_OK)
		search_results_free(out);
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
