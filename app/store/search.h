/* search.h: full-text search over session notes and their addenda. */
#ifndef DYAD_STORE_SEARCH_H
#define DYAD_STORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* Notes longer than this get their opening words as the snippet rather
 * than the words around the match (see search_notes). */
#define SEARCH_SNIPPET_MAX_BYTES (64 * 1024)

struct search_hit {
	int64_t session_id;
	int64_t couple_id;
	char *couple_name;
	char starts_at[17];
	char *snippet;      /* a few words around the match, matches in [brackets];
	                       a long note's opening words */
	int64_t addendum_id;   /* the match is in this addendum to the note; 0: the note */
	char addendum_at[21];  /* when that addendum was written (UTC); "" for the note */
};

struct search_results {
	struct search_hit *items;
	size_t len;
};

/* Turns what a person typed into an FTS5 query that can never be a syntax
 * error: each whitespace-separated word becomes a quoted phrase (so "O'Brien"
 * and "self-soothing" match as written), words with nothing searchable are
 * dropped. With prefix_last the last word also matches as a prefix, for
 * search-as-you-type, once its last part has two letters (a single letter
 * would match nearly every note). Returns NULL (and *empty true) when
 * nothing is left to search for, or NULL with *empty false when out of memory. Caller frees. */
char *search_build_query(const char *text, bool prefix_last, bool *empty);

/* At most this many words in one search: FTS5's cost grows faster than the
 * number of phrases (a thousand words took seconds), and no one searches
 * their notes with more. */
#define SEARCH_MAX_WORDS 32

/* The words search_build_query would keep from text. */
size_t search_count_words(const char *text);

/* Notes and addenda matching text, newest session first (a session's
 * note before its addenda, which follow in the order written); limit < 0
 * means no limit.
 * More than SEARCH_MAX_WORDS words is refused (DYAD_ERR_INVALID).
 * Snippets are made for the returned notes only, and with a limit the walk
 * over the matches stops as soon as no older note can be newer than the
 * ones found (a few milliseconds on 50,000 notes when sessions were
 * recorded roughly in date order; never a wrong answer when they were not).
 * On error out is empty and st says why. */
enum dyad_error search_notes(struct store *store, const char *text, bool prefix_last,
	int limit, struct search_results *out, struct dyad_status *st);

void search_results_free(struct search_results *r);

#endif
