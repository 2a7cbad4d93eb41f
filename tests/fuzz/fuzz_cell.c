/* fuzz_cell.c: spreadsheet cell text (reports/cell_text.c), the last step
 * before any text reaches an XLSX file. Whatever goes in, what Excel or
 * LibreOffice shows must be that text, literally: after cleaning, reading
 * the cell back (decoding Excel's _xHHHH_ escapes) gives the input minus
 * only what XML cannot carry, and a cut prefix reads back as a prefix.
 * The first two bytes pick the cut; the rest is the text. */
#include <stdbool.h>

#include "reports/cell_text.h"
#include "app/core/strbuf.h"
#include "app/core/utf8.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* What a spreadsheet shows for cell text s[0..n): each _xHHHH_ read as the
 * character U+HHHH, everything else as it is. */
static void excel_read(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		if (n - i >= 7 && s[i] == '_' && (s[i + 1] == 'x' || s[i + 1] == 'X') && hex(s[i + 2]) &&
			hex(s[i + 3]) && hex(s[i + 4]) && hex(s[i + 5]) && s[i + 6] == '_') {
			char h[5] = { s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0 };
			char enc[4];
			strbuf_add(out, enc, utf8_encode((uint32_t)strtoul(h, NULL, 16), enc));
			i += 7;
		} else {
			strbuf_addc(out, s[i++]);
		}
	}
}

/* The input as a spreadsheet may hold it: invalid bytes as U+FFFD, and
 * without the characters XML 1.0 forbids. */
static void xml_text(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			strbuf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if ((cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') && cp != 0xFFFE && cp != 0xFFFF)
			strbuf_add(out, s + i, k);
		i += k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t max_units = ((size_t)data[0] << 8 | data[1]) % 300;
	char *s = fuzz_cstring(data + 2, size - 2);
	size_t units = 0;
	char *clean = cell_text_clean(s, &units);
	FUZZ_CHECK(clean != NULL);
	size_t n = strlen(clean);
	FUZZ_CHECK(utf8_valid(clean, n));
	FUZZ_CHECK(units == cell_text_units(clean, n));
	struct strbuf shown = STRBUF_INIT, want = STRBUF_INIT;
	excel_read(clean, n, &shown);
	xml_text(s, strlen(s), &want);
	if (shown.len != want.len || memcmp(strbuf_str(&shown), strbuf_str(&want), want.len) != 0)
		fprintf(stderr, "fuzz: cell shows [%s] for [%s]\n", strbuf_str(&shown), strbuf_str(&want));
	FUZZ_CHECK(shown.len == want.len && memcmp(strbuf_str(&shown), strbuf_str(&want), want.len) == 0);

	size_t p = cell_text_prefix(clean, n, max_units);
	FUZZ_CHECK(p <= n && cell_text_units(clean, p) <= max_units);
	FUZZ_CHECK(utf8_valid(clean, p));
	struct strbuf part = STRBUF_INIT;
	excel_read(clean, p, &part);
	FUZZ_CHECK(part.len <= shown.len && memcmp(strbuf_str(&part), strbuf_str(&shown), part.len) == 0);
	if (units <= max_units)
		FUZZ_CHECK(p == n);
	strbuf_release(&part);
	strbuf_release(&shown);
	strbuf_release(&want);
	free(clean);
	free(s);
	return 0;
}
