/* text_shape.c: right-to-left runs and Arabic joining by FriBidi, and the
 * scripts that need more than that found before they are drawn. */
#include "reports/text_shape.h"

#include <fribidi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One UTF-8 character of s (n > 0 bytes) into *cp; the bytes used, or 0
 * for an invalid byte (which counts as one). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t want;
	uint32_t c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		want = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		want = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		want = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (want > n)
		return 0;
	for (size_t i = 1; i < want; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((want == 3 && c < 0x800) || (want == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
		(c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return want;
}

static size_t utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool direction_control(uint32_t cp)
{
	return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
		(cp >= 0x2066 && cp <= 0x2069);
}

static bool right_to_left(uint32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
		(cp >= 0xFE70 && cp <= 0xFEFC) || (cp >= 0x10800 && cp <= 0x10FFF) ||
		(cp >= 0x1E800 && cp <= 0x1EFFF);
}

bool text_shape_needs_bidi(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t k = utf8_next(u + i, n - i, &cp);
		if (k != 0 && (right_to_left(cp) || direction_control(cp)))
			return true;
		i += k ? k : 1;
	}
	return false;
}

int text_shape_visual(const char *s, size_t n, char **buf, size_t *cap, size_t *len)
{
	int rc = -1;
	FriBidiChar *logical = malloc((n + 1) * sizeof *logical);
	FriBidiChar *visual = malloc((n + 1) * sizeof *visual);
	if (logical == NULL || visual == NULL)
		goto cleanup;
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0xFFFD;
		size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp);
		logical[count++] = k ? cp : 0xFFFD;
		i += k ? k : 1;
	}
	/* The handout is an English document: its paragraphs run left to
	 * right, and a name in Hebrew or Arabic is a right-to-left run in it.
	 * fribidi_log2vis also shapes Arabic (FRIBIDI_FLAGS_ARABIC). */
	FriBidiParType base = FRIBIDI_PAR_LTR;
	if (count > 0 && fribidi_log2vis(logical, (FriBidiStrIndex)count, &base, visual, NULL,
			NULL, NULL) == 0)
		goto cleanup;
	size_t need = count * 4 + 1;
	if (need > *cap) {
		char *b = realloc(*buf, need);
		if (b == NULL)
			goto cleanup;
		*buf = b;
		*cap = need;
	}
	size_t o = 0;
	for (size_t i = 0; i < count; i++) {
		/* A lam-alef ligature leaves FriBidi's filler (U+FEFF) where the
		 * alef was: nothing to draw. */
		if (direction_control(visual[i]) || visual[i] == 0xFEFF)
			continue;
		o += utf8_put(*buf + o, visual[i]);
	}
	(*buf)[o] = '\0';
	*len = o;
	rc = 0;
cleanup:
	free(logical);
	free(visual);
	return rc;
}

/* Indic blocks share one layout (from ISCII): within each block of 128,
 * these offsets are the vowel signs, the virama, the nukta and the other
 * marks that attach to, reorder around or merge with a consonant. */
static bool indic_sign(uint32_t cp)
{
	unsigned o = cp & 0x7F;
	return o <= 0x03 || (o >= 0x3A && o <= 0x4F && o != 0x3D) || (o >= 0x51 && o <= 0x57) ||
		o == 0x62 || o == 0x63;
}

static const char *needs_shaping(uint32_t cp)
{
	static const char *const indic[] = { "Devanagari", "Bengali", "Gurmukhi", "Gujarati",
		"Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala" };
	if (cp >= 0x0900 && cp <= 0x0DFF)
		return indic_sign(cp) ? indic[(cp - 0x0900) >> 7] : NULL;
	if (cp >= 0xA8E0 && cp <= 0xA8FF)
		return "Devanagari";
	if (cp >= 0x0F00 && cp <= 0x0FFF)
		return "Tibetan";
	if (cp >= 0x1000 && cp <= 0x109F)
		return "Myanmar";
	if (cp >= 0x1780 && cp <= 0x17FF)
		return "Khmer";
	return NULL;
}

const char *text_shape_unsupported(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = utf8_next(u + i, n - i, &cp);
		const char *script = k ? needs_shaping(cp) : NULL;
		if (script != NULL)
			return script;
		i += k ? k : 1;
	}
	if (!text_shape_needs_bidi(s, n))
		return NULL;
	/* Arabic letters that join but came out of FriBidi in their nominal
	 * form (Persian, Urdu and other letters it has no joining forms for)
	 * would print unjoined. */
	char *buf = NULL;
	size_t cap = 0, len = 0;
	const char *problem = NULL;
	if (text_shape_visual(s, n, &buf, &cap, &len) == 0) {
		for (size_t i = 0; i < len && problem == NULL;) {
			uint32_t cp = 0;
			size_t k = utf8_next((const unsigned char *)buf + i, len - i, &cp);
			if (k != 0 && ((cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0x0700 && cp <= 0x074F))) {
				FriBidiJoiningType j = fribidi_get_joining_type(cp);
				if (FRIBIDI_IS_JOINING_TYPE_D(j) || FRIBIDI_IS_JOINING_TYPE_R(j))
					problem = cp >= 0x0700 && cp <= 0x074F ? "Syriac" : "Arabic";
			}
			i += k ? k : 1;
		}
	}
	free(buf);
	return problem;
}
