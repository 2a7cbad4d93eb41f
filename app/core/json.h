/* json.h: the few pieces needed to print a JSON document by hand. Callers
 * write the punctuation; these write values correctly escaped. */
#ifndef DYAD_CORE_JSON_H
#define DYAD_CORE_JSON_H

#include <stdint.h>

#include "core/strbuf.h"

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

#endif
