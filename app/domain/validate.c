/* validate.c: input checks shared by the command line and the interface. */
#include "app/domain/validate.h"

#include <stdio.h>
#include <string.h>

#include "app/core/strbuf.h"
#include "app/core/utf8.h"

const char *const couple_statuses[] = { "active", "paused", "closed", NULL };
const char *const session_modalities[] = { "in-person", "video", "phone", NULL };
const char *const session_attendances[] = { "both", "a-only", "b-only", "no-show",
	"cancelled", "planned", NULL };

const char *validate_quote(const char *s, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s), cut = 0, chars = 0;
	while (cut < n && chars < 40) {
		uint32_t cp;
		size_t k = utf8_decode(s + cut, n - cut, &cp);
		cut += k ? k : 1;
		chars++;
	}
	utf8_sanitize(&sb, s, cut, 0);
	if (cut < n)
		strbuf_adds(&sb, "...");
	/* Escapes can make 40 characters longer than buf: cut where a
	 * character starts, never inside one (caught by fuzz_text). */
	const char *q = strbuf_str(&sb);
	size_t len = strlen(q);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)q[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(buf, q, len);
	buf[len] = '\0';
	strbuf_release(&sb);
	return buf;
}

static enum dyad_error check_line(const char *field, const char *s, size_t max_chars,
	struct dyad_status *st)
{
	if (s == NULL || s[0] == '\0')
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: must not be empty", field);
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: is not valid UTF-8 text", field);
	size_t chars = 0, i = 0;
	bool blank = true;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (utf8_is_control(cp))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: contains a control character (U+%04X); names are one line of plain text",
				field, (unsigned)cp);
		if (utf8_is_bidi_control(cp) || utf8_is_bidi_mark(cp))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: contains a text-direction control (U+%04X), which can disguise a name",
				field, (unsigned)cp);
		if (!utf8_is_invisible(cp))
			blank = false;
		chars++;
		i += k;
	}
	if (blank)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"%s: must not be blank; it needs at least one visible character", field);
	if (chars > max_chars)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"%s: must be at most %zu characters (got %zu)", field, max_chars, chars);
	return DYAD_OK;
}

enum dyad_error validate_name(const char *field, const char *s, struct dyad_status *st)
{
	return check_line(field, s, NAME_MAX_CHARS, st);
}

enum dyad_error validate_pronouns(const char *field, const char *s, struct dyad_status *st)
{
	return check_line(field, s, PRONOUNS_MAX_CHARS, st);
}

enum dyad_error validate_text(const char *field, const char *s, size_t len,
	size_t max_bytes, struct dyad_status *st)
{
	if (len > max_bytes)
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: is %zu bytes; the limit is %zu",
			field, len, max_bytes);
	size_t line = 1, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (k == 0)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: line %zu is not valid UTF-8 text (byte offset %zu)", field, line, i);
		if (cp == 0)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: line %zu contains a NUL byte (byte offset %zu)", field, line, i);
		if (cp == '\n')
			line++;
		else if (cp != '\t' && cp != '\r' && utf8_is_control(cp))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: line %zu contains a control character (U+%04X)", field, line,
				(unsigned)cp);
		i += k;
	}
	return DYAD_OK;
}

enum dyad_error validate_choice(const char *field, const char *s,
	const char *const *choices, struct dyad_status *st)
{
	for (const char *const *c = choices; *c; c++)
		if (s != NULL && strcmp(s, *c) == 0)
			return DYAD_OK;
	struct strbuf list = STRBUF_INIT;
	for (const char *const *c = choices; *c; c++) {
		if (c != choices)
			strbuf_adds(&list, c[1] ? ", " : " or ");
		strbuf_adds(&list, *c);
	}
	char q[200];
	dyad_fail(st, DYAD_ERR_INVALID, "%s: must be %s (got '%s')", field, strbuf_str(&list),
		validate_quote(s ? s : "", q, sizeof q));
	strbuf_release(&list);
	return DYAD_ERR_INVALID;
}

enum dyad_error validate_date(const char *field, const char *s, struct dyad_date *out,
	struct dyad_status *st)
{
	if (s != NULL && date_parse(s, out))
		return DYAD_OK;
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID,
		"%s: '%s' is not a real date in the form YYYY-MM-DD", field,
		validate_quote(s ? s : "", q, sizeof q));
}

enum dyad_error validate_id(const char *field, const char *s, int64_t *out,
	struct dyad_status *st)
{
	long long v;
	if (s != NULL && parse_int(s, 1, INT64_MAX, &v)) {
		*out = v;
		return DYAD_OK;
	}
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not an id (a whole number from 1)",
		field, validate_quote(s ? s : "", q, sizeof q));
}

enum dyad_error validate_int(const char *field, const char *s, long long min,
	long long max, long long *out, struct dyad_status *st)
{
	if (s != NULL && parse_int(s, min, max, out))
		return DYAD_OK;
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID,
		"%s: '%s' is not a whole number from %lld to %lld", field,
		validate_quote(s ? s : "", q, sizeof q), min, max);
}

enum dyad_error validate_partner(const char *field, const char *s, int *out,
	struct dyad_status *st)
{
	if (s != NULL && (strcmp(s, "a") == 0 || strcmp(s, "A") == 0)) {
		*out = 0;
		return DYAD_OK;
	}
	if (s != NULL && (strcmp(s, "b") == 0 || strcmp(s, "B") == 0)) {
		*out = 1;
		return DYAD_OK;
	}
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: must be a or b (got '%s')", field,
		validate_quote(s ? s : "", q, sizeof q));
}
