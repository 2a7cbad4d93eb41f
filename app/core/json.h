/* json.h: the few pieces needed to print a JSON document by hand. Callers
 * write the punctuation; these write values correctly escaped. */
#ifndef DYAD_CORE_JSON_H
#define DYAD_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/strbuf.h"

/* Appends s as a JSON string (NULL as null). Invalid UTF-8 bytes become
 * U+FFFD so the output always parses. */
void json_string(struct strbuf *out, const char *s);
void json_string_n(struct strbuf *out, const char *s, size_t n);
void json_int(struct strbuf *out, int64_t v);
/* Appends v with up to 15 significant digits, never as NaN or Infinity. */
void json_number(struct strbuf *out, double v);
void json_bool(struct strbuf *out, int v);
/* Appends "key": (with the escaped key and a colon). */
void json_key(struct strbuf *out, const char *key);

/* Appends v so that reading it back gives exactly v: the shortest of 15,
 * 16 or 17 significant digits that round-trips, always with a '.' or an
 * exponent so it reads as a real number; null for NaN and infinities. */
void json_real(struct strbuf *out, double v);

/* A writer that places the commas: callers say what comes (objects and
 * arrays begun and ended, keys, values) and never print punctuation. It
 * writes into a strbuf the caller owns, with no white space; a value right
 * after a key belongs to it. Nesting deeper than JSON_WRITER_DEPTH, or an
 * end without its begin, sets failed and writes nothing more. */
#define JSON_WRITER_DEPTH 32

struct json_writer {
	struct strbuf *out;
	int depth;
	bool started[JSON_WRITER_DEPTH + 1]; /* per level: an element was written */
	bool after_key;
	bool failed;
};

void json_writer_init(struct json_writer *w, struct strbuf *out);
void json_writer_object_begin(struct json_writer *w);
void json_writer_object_end(struct json_writer *w);
void json_writer_array_begin(struct json_writer *w);
void json_writer_array_end(struct json_writer *w);
void json_writer_key(struct json_writer *w, const char *key);
/* s NULL writes null. */
void json_writer_string(struct json_writer *w, const char *s);
void json_writer_int(struct json_writer *w, int64_t v);
/* v 0 writes null: for ids, where 0 means none. */
void json_writer_id(struct json_writer *w, int64_t v);
void json_writer_number(struct json_writer *w, double v);
void json_writer_bool(struct json_writer *w, bool v);
void json_writer_null(struct json_writer *w);

/* How deep arrays and objects may nest, and the default cap on one
 * decoded string. dyad's own documents nest four deep; anything far deeper
 * is an attack on the stack, refused before it costs anything. */
#define JSON_MAX_DEPTH 64
#define JSON_MAX_STRING_DEFAULT ((size_t)16 * 1024 * 1024)

/* A pull reader over a JSON text held in memory, for documents whose
 * shape the caller knows (dyad's export). Callers ask for what they expect
 * next; the first mismatch sets an error naming the line. The reader never
 * recurses: nesting beyond JSON_MAX_DEPTH and strings longer than
 * max_string fail like any other error. */
struct json_reader {
	const char *begin, *p, *end;
	struct strbuf text;   /* the last string read, decoded (may hold no NUL check) */
	size_t max_string;    /* bytes a decoded string may take; set after init to change */
	int depth;            /* arrays and objects open at p */
	bool failed;
	char error[200];
};

enum json_kind { JSON_KIND_NULL, JSON_KIND_BOOL, JSON_KIND_INT, JSON_KIND_REAL, JSON_KIND_STRING };

struct json_scalar {
	enum json_kind kind;
	bool boolean;
	int64_t integer;
	double real;          /* strings are in reader->text */
};

void json_reader_init(struct json_reader *r, const char *s, size_t n);
void json_reader_free(struct json_reader *r);

/* The next significant character, not consumed ('\0' at the end). */
char json_peek(struct json_reader *r);

/* Consumes c ('{', '}', '[', ']', ':' or ',') or fails. Opening a
 * JSON_MAX_DEPTH + 1st level fails. */
bool json_expect(struct json_reader *r, char c);

/* Consumes c when it comes next; false (and no error) otherwise. */
bool json_accept(struct json_reader *r, char c);

/* Reads a string into r->text (escapes decoded, \u0000 included). */
bool json_read_string(struct json_reader *r);

/* Reads null, true, false, a number (integers that fit int64 stay
 * integers) or a string. */
bool json_read_scalar(struct json_reader *r, struct json_scalar *out);

/* Skips one value of any kind, nested ones included, without recursion. */
bool json_skip_value(struct json_reader *r);

/* True when only white space is left. */
bool json_at_end(struct json_reader *r);

/* Sets the error (with the current line) unless one is set; returns false. */
bool json_reader_fail(struct json_reader *r, const char *what);

/* The line the reader is on, from 1. */
size_t json_reader_line(const struct json_reader *r);

#endif
