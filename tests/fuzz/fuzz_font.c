/* fuzz_font.c: lean font copies (reports/font_lean.c) from any bytes. A
 * font file is whatever handout.font names, so the table directory must
 * never be trusted: every offset and length is checked. Properties: no
 * crash or overread on any input; whatever is built is a whole TrueType
 * file of the thirteen embedded tables, no larger than needed, with post
 * cut to its header; and building from that copy gives the copy again. */
#include <stdbool.h>

#include "reports/font_lean.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* One build, with its properties; cps NULL keeps every glyph. */
static void build_and_check(const unsigned char *font, size_t size, const uint32_t *cps,
	size_t ncps)
{
	size_t lean_len = 0;
	unsigned char *lean = font_lean_build(font, size, cps, ncps, &lean_len);
	if (lean == NULL) {
		FUZZ_CHECK(lean_len == 0);
		return;
	}
	FUZZ_CHECK(font_lean_whole(lean, lean_len));
	FUZZ_CHECK((lean[4] << 8 | lean[5]) == 13);
	FUZZ_CHECK(lean_len % 4 == 0);
	/* Made lean again, or subset again by the same code points: the same. */
	size_t again_len = 0;
	unsigned char *again = font_lean_build(lean, lean_len, cps, ncps, &again_len);
	FUZZ_CHECK(again != NULL && again_len == lean_len && memcmp(again, lean, lean_len) == 0);
	free(again);
	free(lean);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so a read past the end is caught. */
	unsigned char *font = malloc(size ? size : 1);
	if (font == NULL)
		abort();
	if (size > 0)
		memcpy(font, data, size);
	(void)font_lean_whole(font, size);
	build_and_check(font, size, NULL, 0);
	/* A subset: printable ASCII, a few letters beyond, and code points no
	 * font has (past the BMP, unassigned). */
	uint32_t cps[100];
	size_t n = 0;
	for (uint32_t cp = 0x20; cp < 0x7F; cp++)
		cps[n++] = cp;
	cps[n++] = 0xE9;
	cps[n++] = 0x20AC;
	cps[n++] = 0x1F600;
	cps[n++] = 0xFFFF;
	build_and_check(font, size, cps, n);
	free(font);
	return 0;
}
