/* utf8.h: one UTF-8 decoder for reports/, which is its own small library
 * and so does not reach into app/ for one. */
#ifndef DYAD_REPORTS_UTF8_H
#define DYAD_REPORTS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s (n bytes available) into *cp and returns
 * its length in bytes, or 0 for an empty, invalid, overlong, surrogate or
 * truncated sequence. */
size_t report_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
