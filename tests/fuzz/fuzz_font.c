/* fuzz_font.c: lean font copies (reports/font_lean.c) from any bytes. A
 * font file is whatever handout.font names, so the table directory must
 * never be trusted: every offset and length is checked. Properties: no
 * crash or overread on any input; whatever is built is a whole TrueType
 * file of the thirteen embedded tables, no larger than needed, with post
 * cut to its header; and building from that copy gives the copy again. */
#include <stdbool.h>

#include "font_lean.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
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
	size_t lean_len = 0;
	unsigned char *lean = font_lean_build(font, size, &lean_len);
	if (lean == NULL) {
		FUZZ_CHECK(lean_len == 0);
	} else {
		FUZZ_CHECK(font_lean_whole(lean, lean_len));
		FUZZ_CHECK((lean[4] << 8 | lean[5]) == 13);
		FUZZ_CHECK(lean_len % 4 == 0);
		size_t again_len = 0;
		unsigned char *again = font_lean_build(lean, lean_len, &again_len);
		FUZZ_CHECK(again != NULL && again_len == lean_len &&
			memcmp(again, lean, lean_len) == 0);
		free(again);
	}
	free(lean);
	free(font);
	return 0;
}
