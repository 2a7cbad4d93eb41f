/* text.c: safe, measured, wrapped and folded text for the screen. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth, towlower */
#endif
#include "app/tui/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "app/core/utf8.h"

/* Whitespace handling before sanitising: a multi-line note keeps its line
 * breaks (CR LF counts as one), a one-line cell flattens them. */
static void prepare_whitespace(struct strbuf *out, const char *s, size_t n, int flags)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' && (flags & (TEXT_MULTILINE | TEXT_FLATTEN))) {
			strbuf_adds(out, (flags & TEXT_MULTILINE) ? "    " : " ");
		} else if ((c == '\n' || c == '\r') && (flags & TEXT_FLATTEN)) {
			strbuf_addc(out, ' ');
		} else if (c == '\r' && i + 1 < n && s[i + 1] == '\n' && (flags & TEXT_MULTILINE)) {
			continue;
		} else {
			strbuf_addc(out, c);
		}
	}
}

void text_safe(struct strbuf *out, const char *s, size_t n, int flags)
{
	struct strbuf pre = STRBUF_INIT, san = STRBUF_INIT;
	const char *src = s;
	size_t len = n;
	if (flags & (TEXT_MULTILINE | TEXT_FLATTEN)) {
		prepare_whitespace(&pre, s, n, flags);
		src = strbuf_str(&pre);
		len = pre.len;
	}
	utf8_sanitize(&san, src, len, (flags & TEXT_MULTILINE) ? UTF8_KEEP_NEWLINES : 0);
	/* What the sanitiser passes is well-formed and free of controls; a
	 * character the locale says has no width would still be drawn in some
	 * terminal-specific way, so it is escaped too. */
	const char *p = strbuf_str(&san);
	size_t i = 0;
	while (i < san.len) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, san.len - i, &cp);
		if (k == 0)
			k = 1;
		if (cp >= 0xA0 && wcwidth((wchar_t)cp) < 0)
			strbuf_addf(out, "\\u%04x", (unsigned)cp);
		else
			strbuf_add(out, p + i, k);
		i += k;
	}
	strbuf_release(&pre);
	strbuf_release(&san);
}

int text_width(const char *safe)
{
	int used;
	text_fit(safe, 1 << 30, &used);
	return used;
}

size_t text_fit(const char *safe, int cols, int *used)
{
	size_t n = strlen(safe), i = 0;
	int width = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(safe + i, n - i, &cp);
		if (k == 0)
			k = 1;
		int w = cp == '\n' ? 0 : utf8_cp_width(cp);
		if (width + w > cols)
			break;
		width += w;
		i += k;
	}
	if (used)
		*used = width;
	return i;
}

int text_truncate(struct strbuf *out, const char *s, int cols)
{
	if (cols <= 0 || s == NULL)
		return 0;
	struct strbuf safe = STRBUF_INIT;
	text_safe(&safe, s, strlen(s), TEXT_FLATTEN);
	const char *p = strbuf_str(&safe);
	int used;
	size_t fit = text_fit(p, cols, &used);
	if (fit < safe.len) {
		fit = text_fit(p, cols - 1, &used);
		strbuf_add(out, p, fit);
		strbuf_adds(out, "…");
		used++;
	} else {
		strbuf_add(out, p, fit);
	}
	strbuf_release(&safe);
	return used;
}

static bool lines_add(struct text_lines *out, size_t start, size_t len, int width)
{
	if (out->len == out->cap) {
		size_t ncap = out->cap ? out->cap * 2 : 32;
		struct text_line *p = realloc(out->items, ncap * sizeof *p);
		if (p == NULL)
			return false;
		out->items = p;
		out->cap = ncap;
	}
	out->items[out->len++] = (struct text_line){ start, len, width };
	return true;
}

/* Wraps one paragraph (no line breaks) from start to end. */
static bool wrap_paragraph(const char *s, size_t start, size_t end, int width,
	struct text_lines *out)
{
	if (start == end)
		return lines_add(out, start, 0, 0);
	size_t pos = start;
	bool first = true;
	while (pos < end) {
		if (!first) /* a continuation line does not begin with the spaces it broke at */
			while (pos < end && s[pos] == ' ')
				pos++;
		if (pos >= end)
			break;
		first = false;
		size_t i = pos, last_break = 0;
		int used = 0, used_at_break = 0;
		bool fits_all = true;
		while (i < end) {
			uint32_t cp;
			size_t k = utf8_decode(s + i, end - i, &cp);
			if (k == 0)
				k = 1;
			int w = utf8_cp_width(cp);
			if (used + w > width && i > pos) {
				fits_all = false;
				break;
			}
			if (cp == ' ' && i > pos) {
				last_break = i;
				used_at_break = used;
			}
			used += w;
			i += k;
		}
		if (fits_all) {
			if (!lines_add(out, pos, end - pos, used))
				return false;
			break;
		}
		if (last_break > pos) {
			size_t len = last_break - pos;
			while (len > 0 && s[pos + len - 1] == ' ')
				len--;
			if (!lines_add(out, pos, len, used_at_break))
				return false;
			pos = last_break;
		} else {
			if (!lines_add(out, pos, i - pos, used))
				return false;
			pos = i;
		}
	}
	return true;
}

bool text_wrap(const char *safe, int width, struct text_lines *out)
{
	if (width < 1)
		width = 1;
	size_t n = strlen(safe), start = 0;
	while (start <= n) {
		const char *nl = memchr(safe + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - safe) : n;
		if (!wrap_paragraph(safe, start, end, width, out))
			return false;
		if (nl == NULL)
			break;
		start = end + 1;
	}
	return true;
}

void text_lines_free(struct text_lines *lines)
{
	if (lines == NULL)
		return;
	free(lines->items);
	lines->items = NULL;
	lines->len = lines->cap = 0;
}

/* Base letters of U+00C0..U+017F; '?' keeps the (lower-cased) character. */
static const char latin1_base[] =
	"aaaaaa?ceeeeiiiidnooooo?ouuuuy??"  /* U+00C0..U+00DF */
	"aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"; /* U+00E0..U+00FF */
static const char latin_ext_a_base[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkk?llllllllll"
	"nnnnnn???oooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof latin1_base == 0x40 + 1, "one letter per code point");
_Static_assert(sizeof latin_ext_a_base == 0x80 + 1, "one letter per code point");

void text_fold(struct strbuf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		char base = '?';
		if (cp >= 0xC0 && cp <= 0xFF)
			base = latin1_base[cp - 0xC0];
		else if (cp >= 0x100 && cp <= 0x17F)
			base = latin_ext_a_base[cp - 0x100];
		if (base != '?') {
			strbuf_addc(out, base);
			continue;
		}
		if (cp < 0x80) {
			strbuf_addc(out, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
			continue;
		}
		uint32_t lower = (uint32_t)towlower((wint_t)cp);
		char buf[4];
		strbuf_add(out, buf, utf8_encode(lower ? lower : cp, buf));
	}
}
