/* utf8.c: UTF-8 without surprises. Decoding is strict (RFC 3629) so the
 * validator, the sanitiser and the width count always agree. */
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "app/core/utf8.h"

#include <stdio.h>
#include <wchar.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return utf8_encode(0xFFFD, out);
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

size_t utf8_length(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		count++;
	}
	return count;
}

bool utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

bool utf8_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool utf8_is_bidi_mark(uint32_t cp)
{
	return cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* Ranges of code points that show nothing by themselves, sorted. Spaces;
 * format characters (Unicode category Cf) and the other default-ignorable
 * code points; variation selectors; fillers that render blank; and the
 * combining marks of the common blocks and scripts, which only decorate
 * the letter before them. The table does not depend on the locale, so a
 * name is judged the same on every machine. */
static const struct { uint32_t first, last; } invisible_ranges[] = {
	{ 0x0020, 0x0020 }, { 0x00A0, 0x00A0 }, { 0x00AD, 0x00AD },
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 },
	{ 0x0591, 0x05BD }, { 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 },
	{ 0x0600, 0x0605 }, { 0x0610, 0x061A }, { 0x061C, 0x061C }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06DD }, { 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 },
	{ 0x06EA, 0x06ED }, { 0x070F, 0x070F }, { 0x0711, 0x0711 }, { 0x0730, 0x074A },
	{ 0x0890, 0x0891 }, { 0x0898, 0x089F }, { 0x08CA, 0x0903 },
	{ 0x093A, 0x093C }, { 0x093E, 0x094F }, { 0x0951, 0x0957 }, { 0x0962, 0x0963 },
	{ 0x0981, 0x0983 }, { 0x09BC, 0x09BC }, { 0x09BE, 0x09CD }, { 0x0A01, 0x0A03 },
	{ 0x0A3C, 0x0A51 }, { 0x0A81, 0x0A83 }, { 0x0ABC, 0x0ABC }, { 0x0ABE, 0x0ACD },
	{ 0x0B01, 0x0B03 }, { 0x0B3C, 0x0B3C }, { 0x0B3E, 0x0B57 }, { 0x0BBE, 0x0BCD },
	{ 0x0C00, 0x0C04 }, { 0x0C3E, 0x0C56 }, { 0x0CBC, 0x0CBC }, { 0x0CBE, 0x0CD6 },
	{ 0x0D00, 0x0D03 }, { 0x0D3B, 0x0D3C }, { 0x0D3E, 0x0D4D }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC },
	{ 0x0EC8, 0x0ECE }, { 0x0F18, 0x0F19 }, { 0x0F71, 0x0F84 },
	{ 0x115F, 0x1160 }, { 0x1680, 0x1680 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F },
	{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x2000, 0x200F }, { 0x2028, 0x202F }, { 0x205F, 0x206F }, { 0x20D0, 0x20FF },
	{ 0x2800, 0x2800 }, { 0x3000, 0x3000 }, { 0x302A, 0x302F }, { 0x3099, 0x309A },
	{ 0x3164, 0x3164 },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 },
	{ 0xFFF0, 0xFFFB },
	{ 0x110BD, 0x110BD }, { 0x110CD, 0x110CD }, { 0x13430, 0x1343F },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
};

bool utf8_is_invisible(uint32_t cp)
{
	size_t lo = 0, hi = sizeof invisible_ranges / sizeof invisible_ranges[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < invisible_ranges[mid].first)
			hi = mid;
		else if (cp > invisible_ranges[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int utf8_cp_width(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp != 0x7F ? 1 : 0;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

/* The escape text for a code point the sanitiser will not pass through,
 * or 0 when it may be shown as it is. */
static int escape_for(uint32_t cp, int flags, char out[16])
{
	if (cp == '\n' && (flags & UTF8_KEEP_NEWLINES))
		return 0;
	if (cp == '\t' && (flags & UTF8_KEEP_TABS))
		return 0;
	if (cp < 0x80 && utf8_is_control(cp))
		return snprintf(out, 16, "\\x%02x", (unsigned)cp);
	if (utf8_is_control(cp) || utf8_is_bidi_control(cp))
		return snprintf(out, 16, "\\u%04x", (unsigned)cp);
	return 0;
}

/* The length of the run of printable ASCII at s: such text passes the
 * sanitiser unchanged and is one column a character, so it is handled a
 * run at a time instead of a code point at a time. */
static size_t printable_ascii_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

void utf8_sanitize(struct strbuf *out, const char *s, size_t n, int flags)
{
	size_t i = 0;
	while (i < n) {
		size_t run = printable_ascii_run(s + i, n - i);
		if (run > 0) {
			strbuf_add(out, s + i, run);
			i += run;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char esc[16];
		if (k == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned)(unsigned char)s[i]);
			strbuf_adds(out, esc);
			i++;
			continue;
		}
		int e = escape_for(cp, flags, esc);
		if (e > 0)
			strbuf_add(out, esc, (size_t)e);
		else
			strbuf_add(out, s + i, k);
		i += k;
	}
}

size_t utf8_display_width(const char *s, size_t n)
{
	size_t i = 0, width = 0;
	while (i < n) {
		size_t run = printable_ascii_run(s + i, n - i);
		if (run > 0) {
			width += run;
			i += run;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char esc[16];
		if (k == 0) {
			width += 4;
			i++;
			continue;
		}
		int e = escape_for(cp, 0, esc);
		width += e > 0 ? (size_t)e : (size_t)utf8_cp_width(cp);
		i += k;
	}
	return width;
}
