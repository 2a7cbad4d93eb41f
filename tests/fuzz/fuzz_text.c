/* fuzz_text.c: the text sanitiser and its neighbours: utf8_decode/encode,
 * utf8_sanitize, utf8_display_width, validate_name/_text/_quote and
 * json_string_n, on arbitrary bytes.
 * The first byte picks sanitiser flags; the rest is the text. */
#include <locale.h>
#include <stdbool.h>

#include "app/core/json.h"
#include "app/core/strbuf.h"
#include "app/core/utf8.h"
#include "app/domain/validate.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Widths beyond ASCII need a UTF-8 locale, as dyad's main sets. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

/* No control except those the flags keep, no bidi control, valid UTF-8. */
static void check_terminal_safe(const char *s, size_t n, int flags)
{
	FUZZ_CHECK(utf8_valid(s, n));
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		FUZZ_CHECK(k > 0);
		bool kept = (cp == '\n' && (flags & UTF8_KEEP_NEWLINES)) ||
			(cp == '\t' && (flags & UTF8_KEEP_TABS));
		FUZZ_CHECK(kept || !utf8_is_control(cp));
		FUZZ_CHECK(!utf8_is_bidi_control(cp));
		i += k;
	}
}

/* Decodes the JSON string dyad wrote (only the escapes json_string_n
 * produces) back into bytes. */
static void json_decode(const char *j, size_t n, struct strbuf *out)
{
	FUZZ_CHECK(n >= 2 && j[0] == '"' && j[n - 1] == '"');
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)j[i];
		FUZZ_CHECK(c >= 0x20 && c != '"'); /* raw controls and quotes never appear */
		if (c != '\\') {
			strbuf_addc(out, (char)c);
			continue;
		}
		FUZZ_CHECK(i + 2 < n);
		char e = j[++i];
		if (e == 'n') strbuf_addc(out, '\n');
		else if (e == 'r') strbuf_addc(out, '\r');
		else if (e == 't') strbuf_addc(out, '\t');
		else if (e == '"' || e == '\\') strbuf_addc(out, e);
		else {
			FUZZ_CHECK(e == 'u' && i + 4 < n);
			char hex[5] = { j[i + 1], j[i + 2], j[i + 3], j[i + 4], 0 };
			char *end;
			unsigned long cp = strtoul(hex, &end, 16);
			FUZZ_CHECK(*end == '\0');
			char enc[4];
			strbuf_add(out, enc, utf8_encode((uint32_t)cp, enc));
			i += 4;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int flags = data[0] & (UTF8_KEEP_NEWLINES | UTF8_KEEP_TABS);
	const char *s = (const char *)data + 1;
	size_t n = size - 1;

	/* decode and encode agree, byte for byte, on every valid sequence */
	bool valid = true;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			FUZZ_CHECK(cp == 0xFFFD);
			valid = false;
			i++;
			continue;
		}
		FUZZ_CHECK(k <= 4 && i + k <= n);
		char enc[4];
		FUZZ_CHECK(utf8_encode(cp, enc) == k && memcmp(enc, s + i, k) == 0);
		i += k;
	}
	FUZZ_CHECK(valid == utf8_valid(s, n));

	/* the sanitised text is safe, and its width is what display_width said */
	struct strbuf clean = STRBUF_INIT;
	utf8_sanitize(&clean, s, n, flags);
	FUZZ_CHECK(!clean.failed);
	check_terminal_safe(strbuf_str(&clean), clean.len, flags);
	if (flags == 0)
		FUZZ_CHECK(utf8_display_width(s, n) == utf8_display_width(clean.data ? clean.data : "", clean.len));
	/* sanitising is idempotent on its own output */
	struct strbuf twice = STRBUF_INIT;
	utf8_sanitize(&twice, strbuf_str(&clean), clean.len, flags);
	FUZZ_CHECK(twice.len == clean.len && memcmp(strbuf_str(&twice), strbuf_str(&clean), clean.len) == 0);
	strbuf_release(&twice);
	strbuf_release(&clean);

	/* a name that passes needs no escaping at all */
	char *c = fuzz_cstring((const uint8_t *)s, n);
	struct dyad_status st = { 0 };
	size_t clen = strlen(c);
	if (validate_name("name", c, &st) == DYAD_OK) {
		FUZZ_CHECK(clen > 0 && utf8_length(c, clen) <= NAME_MAX_CHARS);
		check_terminal_safe(c, clen, 0);
	} else {
		FUZZ_CHECK(st.code == DYAD_ERR_INVALID && st.message[0] != '\0');
	}
	/* free text that passes is valid UTF-8 with no NUL and no control but
	 * newline, tab and carriage return */
	if (validate_text("note", s, n, NOTE_MAX_BYTES, &st) == DYAD_OK) {
		FUZZ_CHECK(utf8_valid(s, n) && memchr(s, 0, n) == NULL);
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			i += utf8_decode(s + i, n - i, &cp);
			FUZZ_CHECK(cp == '\n' || cp == '\t' || cp == '\r' || !utf8_is_control(cp));
		}
	}
	/* what messages quote is safe and fits its buffer */
	char q[64];
	validate_quote(c, q, sizeof q);
	FUZZ_CHECK(strlen(q) < sizeof q);
	char big[200];
	validate_quote(c, big, sizeof big);
	check_terminal_safe(big, strlen(big), 0);
	free(c);

	/* JSON strings escape every control and decode back to the text */
	struct strbuf j = STRBUF_INIT, back = STRBUF_INIT;
	json_string_n(&j, s, n);
	FUZZ_CHECK(!j.failed && utf8_valid(strbuf_str(&j), j.len));
	json_decode(strbuf_str(&j), j.len, &back);
	if (valid)
		FUZZ_CHECK(back.len == n && memcmp(strbuf_str(&back), s, n) == 0);
	strbuf_release(&j);
	strbuf_release(&back);
	return 0;
}
