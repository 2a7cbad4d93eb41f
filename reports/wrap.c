/* wrap.c: greedy line breaking that never drops text (see wrap.h). */
#include "reports/wrap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Bytes in the UTF-8 sequence starting at s (n available); 1 for a byte
 * that does not start a well-formed sequence. */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t want;
	if (s[0] < 0x80)
		return 1;
	else if ((s[0] & 0xE0) == 0xC0 && s[0] >= 0xC2)
		want = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		want = 3;
	else if ((s[0] & 0xF8) == 0xF0 && s[0] <= 0xF4)
		want = 4;
	else
		return 1;
	if (want > n)
		return 1;
	for (size_t i = 1; i < want; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return want;
}

static int emit(struct wrap_result *out, size_t *cap, size_t start, size_t len)
{
	if (out->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct wrap_line *p = realloc(out->lines, ncap * sizeof *p);
		if (p == NULL)
			return -1;
		out->lines = p;
		*cap = ncap;
	}
	out->lines[out->len].start = start;
	out->lines[out->len].len = len;
	out->len++;
	return 0;
}

/* How many bytes of the word at s (n bytes, no spaces) fit in width:
 * whole characters only, and at least the first character. */
static size_t split_word(const char *s, size_t n, double width, wrap_measure_fn measure,
	void *ctx)
{
	size_t fit = char_len((const unsigned char *)s, n);
	while (fit < n) {
		size_t next = fit + char_len((const unsigned char *)s + fit, n - fit);
		if (measure(ctx, s, next) > width)
			break;
		fit = next;
	}
	return fit;
}

/* Wraps one hard line text[from..to) (no '\n' inside). */
static int wrap_line(const char *text, size_t from, size_t to, double width,
	wrap_measure_fn measure, void *ctx, struct wrap_result *out, size_t *cap)
{
	size_t pos = from;
	bool first = true;
	for (;;) {
		while (pos < to && text[pos] == ' ')
			pos++;
		if (pos == to)
			return first ? emit(out, cap, pos, 0) : 0;
		first = false;
		size_t start = pos, end = start;
		size_t word = start;
		while (word < to) {
			size_t word_end = word;
			while (word_end < to && text[word_end] != ' ')
				word_end++;
			if (measure(ctx, text + start, word_end - start) > width)
				break;
			end = word_end;
			word = word_end;
			while (word < to && text[word] == ' ')
				word++;
		}
		if (end == start) {
			/* The first word alone is too wide: split it. */
			size_t word_end = start;
			while (word_end < to && text[word_end] != ' ')
				word_end++;
			end = start + split_word(text + start, word_end - start, width, measure, ctx);
		}
		if (emit(out, cap, start, end - start) != 0)
			return -1;
		pos = end;
	}
}

int wrap_text(const char *text, size_t len, double width, wrap_measure_fn measure,
	void *ctx, struct wrap_result *out)
{
	out->lines = NULL;
	out->len = 0;
	size_t cap = 0;
	size_t from = 0;
	for (;;) {
		const char *nl = len > from ? memchr(text + from, '\n', len - from) : NULL;
		size_t to = nl ? (size_t)(nl - text) : len;
		if (wrap_line(text, from, to, width, measure, ctx, out, &cap) != 0) {
			wrap_result_free(out);
			return -1;
		}
		if (nl == NULL)
			break;
		from = to + 1;
	}
	return 0;
}

void wrap_result_free(struct wrap_result *r)
{
	if (r == NULL)
		return;
	free(r->lines);
	r->lines = NULL;
	r->len = 0;
}
