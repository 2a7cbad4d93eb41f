/* text.h: turning stored text into what the screen may show: made safe for
 * the terminal, measured in columns, cut and wrapped by display width
 * (never inside a character), and folded for filtering. No curses here, so
 * all of it is unit-tested. */
#ifndef DYAD_TUI_TEXT_H
#define DYAD_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/strbuf.h"

enum text_safe_flags {
	TEXT_MULTILINE = 1 << 0, /* keep line breaks; a tab becomes four spaces */
	TEXT_FLATTEN = 1 << 1    /* line breaks and tabs become spaces */
};

/* Appends a copy of s (n bytes) that can go to a terminal as it is: control
 * characters, bidirectional controls and invalid bytes become visible
 * escapes (utf8_sanitize), and so do characters the terminal cannot print
 * (no width), so the columns counted here are the columns drawn. */
void text_safe(struct strbuf *out, const char *s, size_t n, int flags);

/* Columns taken by safe text (from text_safe). */
int text_width(const char *safe);

/* How many bytes of safe text fit in cols columns without splitting a
 * character; *used (may be NULL) gets the columns they take. */
size_t text_fit(const char *safe, int cols, int *used);

/* Appends s made safe and cut to at most cols columns, ending in "…" when
 * something was cut. Returns the columns appended. */
int text_truncate(struct strbuf *out, const char *s, int cols);

struct text_line {
	size_t start, len; /* bytes of the wrapped safe text */
	int width;
};

struct text_lines {
	struct text_line *items;
	size_t len, cap;
};

/* Wraps safe multi-line text to width columns: at spaces where possible,
 * inside a word longer than the line otherwise; every line break starts a
 * new line. Lines refer into safe, which must outlive them. False when out
 * of memory (out then holds what was done; free it either way). */
bool text_wrap(const char *safe, int width, struct text_lines *out);
void text_lines_free(struct text_lines *lines);

/* Appends s lower-cased with common Latin accents removed ("Núñez" ->
 * "nunez", "Łukasz" -> "lukasz"), for matching what a person types against
 * names. */
void text_fold(struct strbuf *out, const char *s);

#endif
