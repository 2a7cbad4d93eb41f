/* fuzz_wrap.c: the PDF word wrapper (reports/wrap.c) on any text and
 * width, with a measure that, like a real font, gives characters
 * different widths. Every promise of wrap.h is checked: nothing lost or
 * repeated, order kept, no line wider than the width unless it is a single
 * character, no line starting or ending inside a UTF-8 sequence.
 * The first byte picks the width; the rest is the text. */
#include <stdbool.h>

#include "tests/fuzz/fuzz.h"
#include "reports/wrap.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Bytes of the character at s: 1 for ASCII and for a byte that does not
 * start a well-formed sequence, as wrap.c counts them. */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t want = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 && s[0] >= 0xC2 ? 2
		: (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 && s[0] <= 0xF4 ? 4 : 1;
	if (want > n)
		return 1;
	for (size_t i = 1; i < want; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return want;
}

static double measure(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	double w = 0;
	for (size_t i = 0; i < n;) {
		size_t k = char_len((const unsigned char *)s + i, n - i);
		w += 0.5 + ((unsigned char)s[i] % 4) * 0.5; /* 0.5 to 2 */
		i += k;
	}
	return w;
}

/* True when a character boundary (as wrap.c sees characters) falls at pos. */
static bool boundary(const char *s, size_t n, size_t pos)
{
	size_t i = 0;
	while (i < pos)
		i += char_len((const unsigned char *)s + i, n - i);
	return i == pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	double width = (double)((int)data[0] - 8) * 0.75; /* -6 to 185 */
	size_t n = size - 1;
	char *text = calloc(n ? n : 1, 1);
	FUZZ_CHECK(text != NULL);
	if (n)
		memcpy(text, data + 1, n);
	struct wrap_result r;
	FUZZ_CHECK(wrap_text(text, n, width, measure, NULL, &r) == 0);
	size_t newlines = 0;
	for (size_t i = 0; i < n; i++)
		newlines += text[i] == '\n';
	FUZZ_CHECK(r.len >= newlines + 1);
	size_t next = 0; /* every byte before this is accounted for */
	for (size_t i = 0; i < r.len; i++) {
		const struct wrap_line *l = &r.lines[i];
		FUZZ_CHECK(l->start >= next && l->start + l->len <= n);
		/* skipped bytes are spaces and newlines only */
		for (size_t k = next; k < l->start; k++)
			FUZZ_CHECK(text[k] == ' ' || text[k] == '\n');
		for (size_t k = l->start; k < l->start + l->len; k++)
			FUZZ_CHECK(text[k] != '\n');
		if (l->len > 0) {
			FUZZ_CHECK(text[l->start] != ' ' && text[l->start + l->len - 1] != ' ');
			FUZZ_CHECK(boundary(text, n, l->start) && boundary(text, n, l->start + l->len));
			bool one_char = char_len((const unsigned char *)text + l->start, l->len) == l->len;
			FUZZ_CHECK(one_char || measure(NULL, text + l->start, l->len) <= width);
		}
		next = l->start + l->len;
	}
	for (size_t k = next; k < n; k++)
		FUZZ_CHECK(text[k] == ' ' || text[k] == '\n');
	wrap_result_free(&r);
	free(text);
	return 0;
}
