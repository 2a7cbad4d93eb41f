/* wrap.h: breaking text into lines that fit a width, for the PDF writers.
 * A pure function over a buffer and a measuring callback, so it can be
 * tested and fuzzed without a PDF: nothing is ever cut or lost. */
#ifndef DYAD_REPORTS_WRAP_H
#define DYAD_REPORTS_WRAP_H

#include <stddef.h>

/* The width of the n bytes at s, in the caller's units (points). */
typedef double (*wrap_measure_fn)(void *ctx, const char *s, size_t n);

/* One output line: a byte range of the input. */
struct wrap_line {
	size_t start;
	size_t len;
};

struct wrap_result {
	struct wrap_line *lines;
	size_t len;
};

/* Breaks text[0..len) into lines no wider than width:
 *   - '\n' ends a line; an empty input line gives an empty output line;
 *   - lines break at spaces, and the spaces at a break are left out;
 *   - a word wider than the whole width is split between characters (never
 *     inside a UTF-8 sequence), as many characters per line as fit, at
 *     least one, so even a zero or negative width makes progress.
 * Every byte that is not a space or '\n' lands in exactly one line, in
 * order. Invalid UTF-8 bytes count as one character each.
 * Returns 0, or -1 when out of memory (out then empty). Free with
 * wrap_result_free. */
int wrap_text(const char *text, size_t len, double width, wrap_measure_fn measure,
	void *ctx, struct wrap_result *out);

void wrap_result_free(struct wrap_result *r);

#endif
