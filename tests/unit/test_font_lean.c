/* test_font_lean.c: lean copies of TrueType fonts (reports/font_lean.c):
 * the same glyphs and character map with less to read, made once into a
 * cache folder, made again when damaged, and never a reason to fail. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "tests/unit/check.h"
#include "reports/font_lean.h"
#include "reports/handout.h"

static const char *font_path(bool bold)
{
	static char path[2][1024];
	struct handout_error err;
	if (handout_find_font("DejaVu Sans", bold, path[bold], sizeof path[bold], &err) != 0) {
		printf("# %s\n", err.message);
		return NULL;
	}
	return path[bold];
}

static unsigned char *slurp(const char *path, size_t *len)
{
	*len = 0;
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	unsigned char *buf = NULL;
	if (fseek(fp, 0, SEEK_END) == 0) {
		long n = ftell(fp);
		if (n > 0 && fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) != NULL &&
			fread(buf, 1, (size_t)n, fp) == (size_t)n)
			*len = (size_t)n;
	}
	fclose(fp);
	if (*len == 0) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table tag in font b: its bytes and length, or NULL. */
static const unsigned char *table(const unsigned char *b, const char *tag, size_t *n)
{
	size_t count = (size_t)(b[4] << 8 | b[5]);
	for (size_t i = 0; i < count; i++) {
		const unsigned char *rec = b + 12 + 16 * i;
		if (memcmp(rec, tag, 4) == 0) {
			*n = get32(rec + 12);
			return b + get32(rec + 8);
		}
	}
	return NULL;
}

static bool same_table(const unsigned char *a, const unsigned char *b, const char *tag)
{
	size_t na = 0, nb = 0;
	const unsigned char *ta = table(a, tag, &na), *tb = table(b, tag, &nb);
	return ta != NULL && tb != NULL && na == nb && memcmp(ta, tb, na) == 0;
}

static FT_Face open_face(FT_Library lib, const unsigned char *b, size_t n)
{
	FT_Face face = NULL;
	return FT_New_Memory_Face(lib, b, (FT_Long)n, 0, &face) == 0 ? face : NULL;
}

static void the_lean_copy_keeps_every_glyph_and_drops_the_names(void)
{
	const char *path = font_path(false);
	CHECK(path != NULL);
	if (path == NULL)
		return;
	size_t len = 0, lean_len = 0;
	unsigned char *font = slurp(path, &len);
	CHECK(font != NULL);
	unsigned char *lean = font ? font_lean_build(font, len, NULL, 0, &lean_len) : NULL;
	CHECK(lean != NULL);
	if (lean == NULL) {
		free(font);
		return;
	}
	CHECK(lean_len < len);
	CHECK(font_lean_whole(lean, lean_len));
	CHECK((lean[4] << 8 | lean[5]) == 13);
	/* What is drawn is byte for byte the font's own. */
	static const char *const unchanged[] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "hhea",
		"hmtx", "loca", "maxp", "name", "prep" };
	for (size_t i = 0; i < sizeof unchanged / sizeof unchanged[0]; i++)
		CHECK(same_table(font, lean, unchanged[i]));
	size_t n = 0;
	CHECK(table(lean, "GPOS", &n) == NULL && table(font, "GPOS", &n) != NULL);
	const unsigned char *post = table(lean, "post", &n);
	CHECK(post != NULL && n == 32 && get32(post) == 0x00030000u);
	/* The format's whole-file checksum holds. */
	uint32_t sum = 0;
	for (size_t i = 0; i + 4 <= lean_len; i += 4)
		sum += get32(lean + i);
	CHECK(lean_len % 4 == 0 && sum == 0xB1B0AFBAu);
	/* FreeType sees the same font: glyph count, family, character map. */
	FT_Library lib;
	CHECK(FT_Init_FreeType(&lib) == 0);
	FT_Face a = open_face(lib, font, len), b = open_face(lib, lean, lean_len);
	CHECK(a != NULL && b != NULL);
	if (a != NULL && b != NULL) {
		CHECK(a->num_glyphs == b->num_glyphs);
		CHECK_STR(b->family_name, a->family_name);
		static const uint32_t probe[] = { 'A', 'g', 0xE9, 0x20AC, 0x2019, 0x0142, 0x05D0, 0xFFFD };
		for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++)
			CHECK(FT_Get_Char_Index(a, probe[i]) == FT_Get_Char_Index(b, probe[i]) &&
				FT_Get_Char_Index(b, probe[i]) != 0);
	}
	if (a)
		FT_Done_Face(a);
	if (b)
		FT_Done_Face(b);
	FT_Done_FreeType(lib);
	free(lean);
	free(font);
}

/* The Windows-1252 repertoire, as handout.c asks for it. */
static size_t cp1252(uint32_t *cps)
{
	static const uint16_t high[] = { 0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D,
		0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178 };
	size_t n = 0;
	for (uint32_t cp = 0x20; cp < 0x7F; cp++)
		cps[n++] = cp;
	for (uint32_t cp = 0xA0; cp <= 0xFF; cp++)
		cps[n++] = cp;
	for (size_t i = 0; i < sizeof high / sizeof high[0]; i++)
		cps[n++] = high[i];
	return n;
}

static void a_subset_keeps_exactly_the_glyphs_asked_for(void)
{
	const char *path = font_path(false);
	if (path == NULL) {
		CHECK(path != NULL);
		return;
	}
	size_t len = 0, sub_len = 0;
	unsigned char *font = slurp(path, &len);
	uint32_t cps[256];
	size_t ncps = cp1252(cps);
	unsigned char *sub = font ? font_lean_build(font, len, cps, ncps, &sub_len) : NULL;
	CHECK(sub != NULL && font_lean_whole(sub, sub_len));
	CHECK(sub_len < len / 10);
	FT_Library lib;
	CHECK(FT_Init_FreeType(&lib) == 0);
	FT_Face a = font ? open_face(lib, font, len) : NULL, b = sub ? open_face(lib, sub, sub_len) : NULL;
	CHECK(a != NULL && b != NULL);
	if (a != NULL && b != NULL) {
		/* Every character asked for is there, drawn with the same outline
		 * and advance; composites (accented letters) keep their parts. */
		CHECK(b->num_glyphs > (FT_Long)ncps / 2 && b->num_glyphs < 400);
		size_t same = 0;
		for (size_t i = 0; i < ncps; i++) {
			FT_UInt ga = FT_Get_Char_Index(a, cps[i]), gb = FT_Get_Char_Index(b, cps[i]);
			if (ga == 0 || gb == 0 || FT_Load_Glyph(a, ga, FT_LOAD_NO_SCALE) != 0)
				continue;
			FT_Pos adv = a->glyph->advance.x;
			short pts = a->glyph->outline.n_points, contours = a->glyph->outline.n_contours;
			FT_Pos xmin = a->glyph->metrics.horiBearingX;
			if (FT_Load_Glyph(b, gb, FT_LOAD_NO_SCALE) != 0)
				continue;
			if (b->glyph->advance.x == adv && b->glyph->outline.n_points == pts &&
				b->glyph->outline.n_contours == contours && b->glyph->metrics.horiBearingX == xmin)
				same++;
		}
		CHECK(same == ncps);
		/* What was not asked for is gone. */
		CHECK(FT_Get_Char_Index(a, 0x0141) != 0 && FT_Get_Char_Index(b, 0x0141) == 0);
		CHECK(FT_Get_Char_Index(b, 0x05D0) == 0);
	}
	if (a)
		FT_Done_Face(a);
	if (b)
		FT_Done_Face(b);
	FT_Done_FreeType(lib);
	/* A subset of the subset is the same font, byte for byte. */
	size_t again_len = 0;
	unsigned char *again = sub ? font_lean_build(sub, sub_len, cps, ncps, &again_len) : NULL;
	CHECK(again != NULL && again_len == sub_len && memcmp(again, sub, sub_len) == 0);
	/* No code points: .notdef alone, still a whole font. */
	size_t empty_len = 0;
	unsigned char *empty = font ? font_lean_build(font, len, cps, 0, &empty_len) : NULL;
	CHECK(empty != NULL && font_lean_whole(empty, empty_len));
	free(empty);
	free(again);
	free(sub);
	free(font);
}

static void what_is_not_a_truetype_font_is_left_alone(void)
{
	size_t n = 0;
	static const unsigned char text[] = "this is not a font, only words in a file";
	CHECK(font_lean_build(text, sizeof text, NULL, 0, &n) == NULL && n == 0);
	CHECK(!font_lean_whole(text, sizeof text));
	/* A TrueType header whose tables point past the end. */
	unsigned char cut[12 + 16] = { 0, 1, 0, 0, 0, 1 };
	memcpy(cut + 12, "glyf", 4);
	cut[12 + 8 + 3] = 200; /* offset 200 in a 28-byte file */
	cut[12 + 12 + 3] = 10;
	CHECK(font_lean_build(cut, sizeof cut, NULL, 0, &n) == NULL);
	CHECK(!font_lean_whole(cut, sizeof cut));
	/* An OpenType font with CFF outlines ("OTTO") is not made lean. */
	unsigned char otto[12] = { 'O', 'T', 'T', 'O' };
	CHECK(font_lean_build(otto, sizeof otto, NULL, 0, &n) == NULL);
}

static size_t files_in(const char *dir)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	size_t count = 0;
	if (p != NULL) {
		if (fscanf(p, "%zu", &count) != 1)
			count = (size_t)-1;
		pclose(p);
	}
	return count;
}

static void the_copy_is_made_once_and_made_again_when_damaged(void)
{
	const char *src = font_path(false);
	if (src == NULL) {
		CHECK(src != NULL);
		return;
	}
	char cache[600], out[1100], again[1100];
	snprintf(cache, sizeof cache, "%s/fonts", check_temp_dir());
	CHECK(mkdir(cache, 0700) == 0);
	const char *got = font_lean_path(src, cache, NULL, 0, out, sizeof out);
	CHECK(got == out && strncmp(out, cache, strlen(cache)) == 0);
	CHECK(files_in(cache) == 1); /* the copy, no temporary file left */
	struct stat first, second;
	CHECK(stat(out, &first) == 0 && (first.st_mode & 0777) == 0600);
	/* The second time the same copy is used, not written again. */
	CHECK(font_lean_path(src, cache, NULL, 0, again, sizeof again) == again);
	CHECK_STR(again, out);
	CHECK(stat(again, &second) == 0 && second.st_ino == first.st_ino);
	/* Cut short (a crash while it was written, a full disk): made again. */
	CHECK(truncate(out, first.st_size / 2) == 0);
	CHECK(font_lean_path(src, cache, NULL, 0, again, sizeof again) == again);
	CHECK(stat(again, &second) == 0 && second.st_size == first.st_size);
	size_t n = 0;
	unsigned char *copy = slurp(again, &n);
	CHECK(copy != NULL && font_lean_whole(copy, n));
	free(copy);
	CHECK(files_in(cache) == 1);
}

/* A collection (.ttc) holding DejaVu Sans as its second face, after a
 * second header: the copy of that face is the copy of the font itself,
 * byte for byte (the same tables, laid out anew). */
static void a_face_of_a_collection_is_copied_as_a_single_font(void)
{
	const char *src = font_path(false);
	size_t len = 0;
	unsigned char *font = src ? slurp(src, &len) : NULL;
	if (font == NULL) {
		CHECK(font != NULL);
		return;
	}
	size_t ntables = (size_t)(font[4] << 8 | font[5]), dir = 12 + 16 * ntables;
	/* ttcf, version 1, two faces at 20 and 20 + dir; tables after both. */
	size_t head = 20, base = head + 2 * dir, total = base + len;
	unsigned char *ttc = calloc(1, total);
	CHECK(ttc != NULL);
	if (ttc == NULL) {
		free(font);
		return;
	}
	memcpy(ttc, "ttcf\0\1\0\0\0\0\0\2", 12);
	uint32_t offsets[2] = { (uint32_t)head, (uint32_t)(head + dir) };
	for (int f = 0; f < 2; f++) {
		for (int b = 0; b < 4; b++)
			ttc[12 + 4 * f + b] = (unsigned char)(offsets[f] >> (24 - 8 * b));
		memcpy(ttc + offsets[f], font, dir);
		for (size_t i = 0; i < ntables; i++) {
			unsigned char *rec = ttc + offsets[f] + 12 + 16 * i;
			uint32_t off = get32(rec + 8) + (uint32_t)base;
			for (int b = 0; b < 4; b++)
				rec[8 + b] = (unsigned char)(off >> (24 - 8 * b));
		}
	}
	memcpy(ttc + base, font, len);
	char path[600], cache[600], from_ttf[1100], from_ttc[1100];
	snprintf(path, sizeof path, "%s/two.ttc", check_temp_dir());
	snprintf(cache, sizeof cache, "%s/ttc-cache", check_temp_dir());
	FILE *fp = fopen(path, "wb");
	CHECK(fp != NULL && fwrite(ttc, 1, total, fp) == total && fclose(fp) == 0);
	CHECK(mkdir(cache, 0700) == 0);
	static const uint32_t cps[] = { 'A', 'b', 0x00E9, 0x0416, 0x05D0 };
	size_t ncps = sizeof cps / sizeof cps[0];
	CHECK(font_lean_path(src, cache, cps, ncps, from_ttf, sizeof from_ttf) == from_ttf);
	CHECK(font_lean_face_path(path, 1, cache, cps, ncps, from_ttc, sizeof from_ttc) ==
		from_ttc);
	size_t a_len = 0, b_len = 0;
	unsigned char *a = slurp(from_ttf, &a_len), *b = slurp(from_ttc, &b_len);
	CHECK(a != NULL && b != NULL && a_len == b_len && memcmp(a, b, a_len) == 0);
	/* A face the collection does not have: no copy, the file itself. */
	char none[1100];
	CHECK(font_lean_face_path(path, 2, cache, cps, ncps, none, sizeof none) == path);
	free(a);
	free(b);
	free(ttc);
	free(font);
}

static void a_changed_font_gets_a_new_copy(void)
{
	const char *real = font_path(false);
	if (real == NULL) {
		CHECK(real != NULL);
		return;
	}
	char src[600], cache[600], out[1100], later[1100], cmd[4096];
	snprintf(src, sizeof src, "%s/mine.ttf", check_temp_dir());
	snprintf(cache, sizeof cache, "%s/changed", check_temp_dir());
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", real, src);
	CHECK(system(cmd) == 0 && mkdir(cache, 0700) == 0);
	CHECK(font_lean_path(src, cache, NULL, 0, out, sizeof out) == out);
	struct timeval t[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	CHECK(utimes(src, t) == 0);
	/* A temporary file of a dyad killed a day ago, and one being written. */
	char old_temp[700], new_temp[700];
	snprintf(old_temp, sizeof old_temp, "%s/.font-AAAAAA", cache);
	snprintf(new_temp, sizeof new_temp, "%s/.font-BBBBBB", cache);
	FILE *fp = fopen(old_temp, "w"), *fq = fopen(new_temp, "w");
	CHECK(fp != NULL && fq != NULL);
	if (fp)
		fclose(fp);
	if (fq)
		fclose(fq);
	struct timeval day_ago[2] = { { time(NULL) - 90000, 0 }, { time(NULL) - 90000, 0 } };
	CHECK(utimes(old_temp, day_ago) == 0);
	CHECK(font_lean_path(src, cache, NULL, 0, later, sizeof later) == later);
	CHECK(strcmp(out, later) != 0);
	/* The copy of the font as it was is gone, and so is the old temporary
	 * file; the fresh one may still be someone's and is left. */
	CHECK(access(out, F_OK) != 0 && access(later, F_OK) == 0);
	CHECK(access(old_temp, F_OK) != 0 && access(new_temp, F_OK) == 0);
	/* Another glyph set of the same font is a copy of its own, kept beside. */
	uint32_t cps[] = { 'A', 'B' };
	char sub[1100];
	CHECK(font_lean_path(src, cache, cps, 2, sub, sizeof sub) == sub);
	CHECK(access(later, F_OK) == 0 && files_in(cache) == 3);
}

static void without_a_usable_cache_the_font_itself_is_used(void)
{
	const char *src = font_path(true);
	if (src == NULL) {
		CHECK(src != NULL);
		return;
	}
	char out[1100], fake[600], cache[600], ro[600];
	CHECK(font_lean_path(src, NULL, NULL, 0, out, sizeof out) == src);
	CHECK(font_lean_path(src, "/no/such/folder", NULL, 0, out, sizeof out) == src);
	/* A folder dyad cannot write to (root can write anywhere: skip). */
	snprintf(ro, sizeof ro, "%s/readonly", check_temp_dir());
	CHECK(mkdir(ro, 0500) == 0);
	if (geteuid() != 0)
		CHECK(font_lean_path(src, ro, NULL, 0, out, sizeof out) == src);
	/* Too small a buffer for the copy's name. */
	snprintf(cache, sizeof cache, "%s/small", check_temp_dir());
	CHECK(mkdir(cache, 0700) == 0);
	char tiny[8];
	CHECK(font_lean_path(src, cache, NULL, 0, tiny, sizeof tiny) == src);
	/* Not a font: used as it is (libharu then says what is wrong), and
	 * nothing is left in the cache. */
	snprintf(fake, sizeof fake, "%s/fake.ttf", check_temp_dir());
	FILE *fp = fopen(fake, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("not a font\n", fp);
		fclose(fp);
	}
	CHECK(font_lean_path(fake, cache, NULL, 0, out, sizeof out) == fake);
	CHECK(files_in(cache) == 0);
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void a_handout_from_lean_fonts_is_smaller_and_says_the_same(void)
{
	const char *regular = font_path(false), *bold = font_path(true);
	if (regular == NULL || bold == NULL) {
		CHECK(regular != NULL && bold != NULL);
		return;
	}
	static const char *const steps[] = { "Sit together.", "Take turns: café, naïve, “quotes” — 5 €." };
	static const char *const columns[] = { "Did it" };
	static const char *const rows[] = { "Mon", "Tue" };
	struct handout h = {
		.title = "Ten Minutes Together",
		.subtitle = "For Zoë and Łukasz",
		.introduction = "A short daily talk.",
		.steps_heading = "What to do",
		.steps = steps,
		.nsteps = 2,
		.tracking = { .kind = HANDOUT_GRID, .heading = "Keep track", .columns = columns,
			.ncolumns = 1, .rows = rows, .nrows = 2, .partners = { "Zoë", "Łukasz" } },
		.closing = "Bring it back.",
		.page_width = HANDOUT_A4_WIDTH,
		.page_height = HANDOUT_A4_HEIGHT,
		.font_path = regular,
		.bold_font_path = bold,
	};
	char plain[600], lean[600], cache[600], cmd[8192];
	snprintf(plain, sizeof plain, "%s/plain.pdf", check_temp_dir());
	snprintf(lean, sizeof lean, "%s/lean.pdf", check_temp_dir());
	snprintf(cache, sizeof cache, "%s/handout-fonts", check_temp_dir());
	CHECK(mkdir(cache, 0700) == 0);
	struct handout_result a, b;
	struct handout_error err;
	CHECK(handout_save_pdf(&h, plain, &a, &err) == 0);
	h.font_cache_dir = cache;
	CHECK(handout_save_pdf(&h, lean, &b, &err) == 0);
	CHECK(files_in(cache) == 2);
	CHECK(a.pages == b.pages && a.replaced == 0 && b.replaced == 0);
	CHECK(file_size(lean) > 0 && file_size(lean) < file_size(plain));
	/* The same words come out of both (poppler's pdftotext reads them). */
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' '%s.txt' 2>/dev/null && "
		"pdftotext -enc UTF-8 '%s' '%s.txt' 2>/dev/null && cmp -s '%s.txt' '%s.txt' && "
		"grep -q 'Łukasz' '%s.txt'", plain, plain, lean, lean, plain, lean, lean);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	RUN(the_lean_copy_keeps_every_glyph_and_drops_the_names);
	RUN(a_subset_keeps_exactly_the_glyphs_asked_for);
	RUN(what_is_not_a_truetype_font_is_left_alone);
	RUN(the_copy_is_made_once_and_made_again_when_damaged);
	RUN(a_face_of_a_collection_is_copied_as_a_single_font);
	RUN(a_changed_font_gets_a_new_copy);
	RUN(without_a_usable_cache_the_font_itself_is_used);
	RUN(a_handout_from_lean_fonts_is_smaller_and_says_the_same);
	return check_any_failed;
}
