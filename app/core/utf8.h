/* utf8.h: strict UTF-8 decoding, text checks, display width, and the
 * sanitiser that keeps stored text from ever reaching a terminal raw. */
#ifndef DYAD_CORE_UTF8_H
#define DYAD_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/strbuf.h"

/* Decodes one code point from s (n bytes available). Returns the bytes used,
 * or 0 for an invalid, overlong, surrogate or truncated sequence (and then
 * *cp is U+FFFD). Never reads past n. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (at least 4 bytes); returns bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/* True when all n bytes are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t n);

/* Code points in a valid UTF-8 string. */
size_t utf8_length(const char *s, size_t n);

/* C0 controls, DEL and the C1 range U+0080..U+009F. */
bool utf8_is_control(uint32_t cp);

/* Bidirectional embeddings, overrides and isolates: U+202A..U+202E and
 * U+2066..U+2069, which can make text display in a misleading order. */
bool utf8_is_bidi_control(uint32_t cp);

/* The implicit direction marks U+200E, U+200F and U+061C: invisible, and
 * able to reorder the text around them. */
bool utf8_is_bidi_mark(uint32_t cp);

/* True for a code point that shows nothing by itself: white space, format
 * characters and other default-ignorable code points (zero-width space,
 * joiners, U+FEFF, soft hyphen, bidi controls), variation selectors, blank
 * fillers and combining marks. The same on every machine (no locale). */
bool utf8_is_invisible(uint32_t cp);

/* Columns a code point takes on a terminal (0, 1 or 2); needs a UTF-8
 * LC_CTYPE for anything beyond ASCII, and counts unknown characters as 1. */
int utf8_cp_width(uint32_t cp);

/* Columns the sanitised form of s would take. */
size_t utf8_display_width(const char *s, size_t n);

enum utf8_sanitize_flags {
	UTF8_KEEP_NEWLINES = 1 << 0, /* leave '\n' alone (multi-line text) */
	UTF8_KEEP_TABS = 1 << 1      /* leave '\t' alone */
};

/* Appends a terminal-safe copy of s to out: control characters become
 * visible escapes (\x1b, \x07, \u009b), bidi controls become \u202e,
 * invalid bytes become \xHH. Everything else is copied as is. */
void utf8_sanitize(struct strbuf *out, const char *s, size_t n, int flags);

#endif
