/* cell_text.c: cleaning and cutting text for spreadsheet cells. */
#include "reports/cell_text.h"
#include "reports/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool xml_allowed(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xFFFE && cp != 0xFFFF;
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* True when s[0..n) starts with "_xHHHH_". */
static bool opens_escape(const char *s, size_t n)
{
	return n >= 7 && s[0] == '_' && (s[1] == 'x' || s[1] == 'X') &&
		is_hex((unsigned char)s[2]) && is_hex((unsigned char)s[3]) &&
		is_hex((unsigned char)s[4]) && is_hex((unsigned char)s[5]) && s[6] == '_';
}

char *cell_text_clean(const char *s, size_t *units)
{
	if (s == NULL)
		s = "";
	size_t n = strlen(s);
	/* First, what XML can carry: an invalid byte becomes U+FFFD (3 bytes
	 * at most per input byte), a forbidden character goes. */
	char *plain = malloc(3 * n + 1);
	if (plain == NULL)
		return NULL;
	size_t t = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0) {
			memcpy(plain + t, "\xEF\xBF\xBD", 3);
			t += 3;
			i += 1;
			continue;
		}
		if (xml_allowed(cp)) {
			memcpy(plain + t, s + i, k);
			t += k;
		}
		i += k;
	}
	/* Then defuse every "_xHHHH_" in what is left; done second, so that a
	 * removed character cannot bring one together ("_\x01x0041_").
	 * "_x005F_" is Excel's escape for "_" itself: "_x0041_" becomes
	 * "_x005F_x0041_", which reads back as "_x0041_". Escapes can start
	 * every 6 bytes, so the text at most doubles. */
	char *out = malloc(2 * t + 1);
	if (out == NULL) {
		free(plain);
		return NULL;
	}
	size_t o = 0;
	for (i = 0; i < t; i++) {
		if (plain[i] == '_' && opens_escape(plain + i, t - i)) {
			memcpy(out + o, "_x005F_", 7);
			o += 7;
		} else {
			out[o++] = plain[i];
		}
	}
	out[o] = '\0';
	free(plain);
	if (units)
		*units = cell_text_units(out, o);
	return out;
}

size_t cell_text_units(const char *s, size_t n)
{
	size_t u = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0)
			k = 1, cp = 0xFFFD;
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return u;
}

size_t cell_text_prefix(const char *s, size_t n, size_t max_units)
{
	size_t u = 0, i = 0, soft = 0, soft_units = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0)
			k = 1, cp = 0xFFFD;
		/* "_x005F_" and the "xHHHH_" it defuses stay together. */
		size_t step = k, step_units = cp >= 0x10000 ? 2 : 1;
		if (cp == '_' && n - i >= 13 && memcmp(s + i, "_x005F_", 7) == 0 &&
			opens_escape(s + i + 6, n - i - 6)) {
			step = 13;
			step_units = 13;
		}
		if (u + step_units > max_units)
			break;
		u += step_units;
		i += step;
		if (cp == ' ' || cp == '\n') {
			soft = i;
			soft_units = u;
		}
	}
	if (i < n && soft > 0 && u - soft_units <= 200)
		return soft;
	return i;
}
