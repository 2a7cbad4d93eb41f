/* handout.c: lays out a homework handout and writes it with libharu.
 * Every libharu status is checked; libharu's error handler only records
 * into the layout context (no longjmp), and the first failure stops the
 * work. Text is wrapped by wrap.c on libharu's own measurements. */
#include "reports/handout.h"
#include "reports/utf8.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hpdf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/canvas.h"
#include "reports/font_lean.h"
#include "reports/text_shape.h"
#include "reports/wrap.h"

struct rgb {
	float r, g, b;
};

static const struct rgb INK = { 0.13f, 0.15f, 0.18f };
static const struct rgb ACCENT = { 0.06f, 0.39f, 0.43f };
static const struct rgb MUTED = { 0.38f, 0.41f, 0.45f };
static const struct rgb TINT = { 0.925f, 0.955f, 0.955f };
static const struct rgb ZEBRA = { 0.968f, 0.975f, 0.977f };
static const struct rgb RULE = { 0.74f, 0.77f, 0.79f };
static const struct rgb WHITE = { 1.0f, 1.0f, 1.0f };

#define MARGIN_X 50.0
#define MARGIN_TOP 38.0
#define MARGIN_BOTTOM 26.0
#define MAX_PAGES 400
#define MAX_FALLBACKS 8
/* Large print: everything drawn half as large again (body type 10.5 pt
 * becomes 15.75, the tracking grid's boxes and rows grow with it), on a
 * page laid out as if it were two thirds the size, with narrower margins. */
#define LARGE_SCALE 1.5
#define LARGE_MARGINS 0.7

/* Type sizes and line heights, in points. */
#define TITLE_SIZE 20.0
#define TITLE_LEADING 24.0
#define BODY_SIZE 10.0
#define BODY_LEADING 13.5
#define SMALL_SIZE 8.5
#define HEADING_SIZE 12.5
#define HEADING_LEADING 16.0

struct pdf {
	const struct handout *h;
	struct handout_error *err;
	HPDF_Doc doc;
	HPDF_Font regular, bold;
	FT_Library freetype;
	FT_Face face[2];             /* regular, bold: which characters each can show */
	const char *replacement;     /* U+FFFD, or "?" when the font lacks it */
	HPDF_Page *pages;
	size_t npages, pages_cap;
	double left, right, top, bottom;
	double y;                    /* the top of the next thing on the page */
	double page_start;           /* y where this page's content began */
	double keep_after;           /* room the closing words need below the tracking block */
	size_t doc_start;            /* the first page of the handout being laid out */
	size_t *starts;              /* each handout's first page, then the page count */
	int replaced;
	int io_errno;                /* errno when libharu could not write the file */
	bool failed;
	char **owned;                /* cleaned strings, freed at the end */
	size_t nowned, owned_cap;
	char *buf;                   /* one NUL-terminated line for TextOut */
	size_t buf_cap;
	bool single_byte;            /* the fonts use Windows-1252, not UTF-8 */
	char *scratch;               /* text re-encoded for measuring */
	size_t scratch_cap;
	/* Fonts fontconfig offers for characters the handout's own fonts lack,
	 * tried in turn for each such character (UTF-8 documents only). */
	struct fallback {
		FT_Face face;
		HPDF_Font font;
		char *path;
		int index;               /* the face within a collection (.ttc) */
		uint32_t *cps;           /* the characters it draws */
		size_t ncps;
	} fallback[MAX_FALLBACKS];
	size_t nfallbacks;
	char *visual;                /* a line in drawing order (text_shape.h) */
	size_t visual_cap;
	double scale;                /* 1, or LARGE_SCALE for large print */
	/* Another writer's strings (canvas.h), checked and covered like the
	 * handout's own; and what the document is called in messages. */
	const struct canvas_text *extra;
	size_t nextra;
	const char *what;            /* "handout" */
};

/* --- failures --------------------------------------------------------------- */

static void fail(struct pdf *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void fail(struct pdf *p, const char *fmt, ...)
{
	if (p->failed && p->err->message[0] != '\0')
		return;
	p->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
	va_end(ap);
}

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct pdf *p = user;
	if (p->err->hpdf_status == 0) {
		p->err->hpdf_status = error;
		p->err->hpdf_detail = detail;
	}
	/* A full disk reaches here as a file error (or a zlib error whose
	 * detail is one) with the failed write's errno still set: keep it, as
	 * it is the one useful thing to tell a person. */
	bool file_error = error == HPDF_FILE_IO_ERROR || error == HPDF_FILE_OPEN_ERROR ||
		detail == HPDF_FILE_IO_ERROR || detail == HPDF_FILE_OPEN_ERROR;
	if (file_error && p->io_errno == 0)
		p->io_errno = errno;
	p->failed = true;
}

/* Records a libharu status; true while nothing has failed. */
static bool check(struct pdf *p, HPDF_STATUS status)
{
	if (status != HPDF_OK) {
		if (p->err->hpdf_status == 0)
			p->err->hpdf_status = status;
		p->failed = true;
	}
	return !p->failed;
}

static void describe_hpdf_error(struct pdf *p, const char *path)
{
	unsigned long e = p->err->hpdf_status;
	const char *what;
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM: what = "out of memory"; break;
	case HPDF_FILE_IO_ERROR: what = "could not write the file"; break;
	case HPDF_FILE_OPEN_ERROR: what = "could not create the file"; break;
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: what = "the font's licence forbids embedding it"; break;
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_UNSUPPORTED_FONT_TYPE:
	case HPDF_INVALID_FONT_NAME: what = "the font is not a TrueType font libharu can embed"; break;
	default: what = "libharu failed"; break;
	}
	if (p->io_errno != 0) {
		bool opening = e == HPDF_FILE_OPEN_ERROR || p->err->hpdf_detail == HPDF_FILE_OPEN_ERROR;
		snprintf(p->err->message, sizeof p->err->message, "pdf: %s: %s",
			opening ? "could not create the file" : "could not write the file",
			strerror(p->io_errno));
		return;
	}
	snprintf(p->err->message, sizeof p->err->message, "pdf: %s (%s; libharu error 0x%04lX, "
		"detail %lu)", what, path, e, p->err->hpdf_detail);
}

/* --- text --------------------------------------------------------------------- */

/* Whether the handout's own fonts (regular and bold alike) have cp. */
static bool primary_has(const struct pdf *p, uint32_t cp)
{
	/* libharu's UTF-8 path writes 16-bit glyph codes: nothing past U+FFFF. */
	if (cp > 0xFFFF)
		return false;
	for (int i = 0; i < 2; i++)
		if (p->face[i] != NULL && FT_Get_Char_Index(p->face[i], cp) == 0)
			return false;
	return true;
}

static bool face_has(FT_Face face, uint32_t cp)
{
	return face != NULL && cp <= 0xFFFF && FT_Get_Char_Index(face, cp) != 0;
}

/* Whether some font of the document can draw cp: bold text falls back to
 * the regular face, then both to the fallback fonts. */
static bool font_has(const struct pdf *p, uint32_t cp)
{
	if (primary_has(p, cp) || face_has(p->face[0], cp))
		return true;
	for (size_t i = 0; i < p->nfallbacks; i++)
		if (face_has(p->fallback[i].face, cp))
			return true;
	return false;
}

/* The font that draws cp in text set in `font` (the regular or bold face). */
static HPDF_Font font_for(const struct pdf *p, HPDF_Font font, uint32_t cp)
{
	if (cp < 0x80 || cp > 0xFFFF)
		return font;
	if (font == p->bold && font != p->regular ? face_has(p->face[1], cp)
		: face_has(p->face[0], cp))
		return font;
	if (face_has(p->face[0], cp))
		return p->regular;
	for (size_t i = 0; i < p->nfallbacks; i++)
		if (p->fallback[i].font != NULL && face_has(p->fallback[i].face, cp))
			return p->fallback[i].font;
	return font;
}

static bool own(struct pdf *p, char *s)
{
	if (s == NULL) {
		fail(p, "pdf: out of memory");
		return false;
	}
	if (p->nowned == p->owned_cap) {
		size_t ncap = p->owned_cap ? p->owned_cap * 2 : 64;
		char **q = realloc(p->owned, ncap * sizeof *q);
		if (q == NULL) {
			free(s);
			fail(p, "pdf: out of memory");
			return false;
		}
		p->owned = q;
		p->owned_cap = ncap;
	}
	p->owned[p->nowned++] = s;
	return true;
}

/* A copy of s that the fonts can show: tabs become spaces, newlines stay
 * when keep_newlines (else become spaces), and every other control
 * character, invalid byte, or character the fonts lack becomes the
 * replacement mark, counted in p->replaced. NULL gives "". The copy lives
 * until the document is done; NULL when out of memory. */
static const char *clean(struct pdf *p, const char *s, bool keep_newlines)
{
	if (s == NULL)
		s = "";
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1); /* a byte never grows past 3 */
	if (!own(p, out))
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0xFFFD;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		bool bad = k == 0;
		if (k == 0)
			k = 1;
		if (!bad && cp == '\n') {
			out[o++] = keep_newlines ? '\n' : ' ';
		} else if (!bad && (cp == '\t' || cp == '\r')) {
			out[o++] = ' ';
		} else if (bad || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || !font_has(p, cp)) {
			size_t r = strlen(p->replacement);
			memcpy(out + o, p->replacement, r);
			o += r;
			p->replaced++;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* --- encodings ------------------------------------------------------------------- */

/* Most handouts are written entirely in characters of Windows-1252 (English
 * and most Western European names). For those the fonts are loaded as
 * single-byte TrueType fonts instead of libharu's UTF-8 (Type0) fonts:
 * the same font file and glyphs, so the same page, but libharu then skips
 * building a 65,536-entry character-to-glyph map per font, which was 40%
 * of a handout's time. Any other character keeps the whole document in
 * UTF-8. */

/* The Windows-1252 byte for code point cp, or 0 when it has none. */
static unsigned char cp1252_byte(uint32_t cp)
{
	static const uint16_t high[32] = { /* 0x80..0x9F */
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
		0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
		0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178 };
	if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
		return (unsigned char)cp;
	for (int i = 0; i < 32; i++)
		if (high[i] != 0 && high[i] == cp)
			return (unsigned char)(0x80 + i);
	return 0;
}

/* Every code point with a Windows-1252 byte, into cps (room for 256);
 * returns how many. */
static size_t cp1252_code_points(uint32_t *cps)
{
	size_t n = 0;
	for (uint32_t cp = 0x20; cp <= 0x2122; cp++)
		if (cp1252_byte(cp) != 0)
			cps[n++] = cp;
	return n;
}

/* Whether clean() would pass every character of s through unchanged and
 * each has a Windows-1252 byte (newlines, tabs and returns are fine:
 * clean() turns them into spaces or keeps the newline for the wrapper). */
static bool fits_single_byte(const struct pdf *p, const char *s)
{
	if (s == NULL)
		return true;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0)
			return false;
		if (cp != '\n' && cp != '\t' && cp != '\r' && (cp1252_byte(cp) == 0 || !primary_has(p, cp)))
			return false;
		i += k;
	}
	return true;
}

static bool list_fits_single_byte(const struct pdf *p, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fits_single_byte(p, v[i]))
			return false;
	return true;
}

/* Every string the handout shows. */
static bool handout_fits_single_byte(const struct pdf *p, const struct handout *h)
{
	const struct handout_tracking *t = &h->tracking;
	const char *one[] = { h->header_left, h->header_right, h->title, h->subtitle, h->meta,
		h->note_heading, h->note, h->introduction, h->steps_heading, h->list_heading,
		h->closing, h->footer,
		t->heading, t->hint, t->partners[0], t->partners[1], t->tally_label, t->total_label,
		t->plan_heading, t->sheet_titles[0], t->sheet_titles[1], t->sheet_hint,
		h->safety_heading, h->safety, h->safety_prompt };
	return list_fits_single_byte(p, one, sizeof one / sizeof one[0]) &&
		list_fits_single_byte(p, t->fields, t->nfields) &&
		list_fits_single_byte(p, h->steps, h->nsteps) &&
		list_fits_single_byte(p, h->list, h->nlist) &&
		list_fits_single_byte(p, t->columns, t->ncolumns) &&
		list_fits_single_byte(p, t->rows, t->nrows);
}

/* Copies s[0..n) into *buf (grown as needed) NUL-terminated, re-encoded
 * for the fonts when they are single-byte; *len is the bytes written. */
static bool for_fonts(struct pdf *p, char **buf, size_t *cap, const char *s, size_t n,
	size_t *len)
{
	if (n + 1 > *cap) {
		size_t ncap = n + 64;
		char *b = realloc(*buf, ncap);
		if (b == NULL) {
			fail(p, "pdf: out of memory");
			return false;
		}
		*buf = b;
		*cap = ncap;
	}
	if (!p->single_byte) {
		memcpy(*buf, s, n);
		*len = n;
	} else {
		size_t o = 0;
		for (size_t i = 0; i < n;) {
			uint32_t cp = '?';
			size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
			unsigned char b = k ? cp1252_byte(cp) : 0;
			(*buf)[o++] = b ? (char)b : '?'; /* cannot happen: the text was checked */
			i += k ? k : 1;
		}
		*len = o;
	}
	(*buf)[*len] = '\0';
	return true;
}

struct measure {
	struct pdf *p;
	HPDF_Font font;
	double size;
};

/* The width of s[0..n), all drawn in `font`, in points. libharu's
 * HPDF_Page_MeasureText is this same call on the page's current font;
 * asking the font directly lets us measure without writing font changes
 * into the page. */
static double measure_run(struct pdf *p, HPDF_Font font, double size, const char *s, size_t n)
{
	double total = 0;
	/* libharu refuses a string over HPDF_LIMIT_MAX_STRING_LEN (64 KB) and
	 * the whole PDF fails: a long unbroken word (a 100 KB note is allowed)
	 * is measured in pieces, each cut between characters. */
	while (n > 0) {
		size_t k = n;
		if (k > 16384) {
			k = 16384;
			while (k > 1 && ((unsigned char)s[k] & 0xC0) == 0x80)
				k--;
		}
		const char *piece = s;
		size_t len = k;
		if (p->single_byte) {
			if (!for_fonts(p, &p->scratch, &p->scratch_cap, s, k, &len))
				return total;
			piece = p->scratch;
		}
		HPDF_REAL width = 0;
		HPDF_Font_MeasureText(font, (const HPDF_BYTE *)piece, (HPDF_UINT)len, 1e7f,
			(HPDF_REAL)size, 0, 0, HPDF_FALSE, &width);
		total += width;
		s += k;
		n -= k;
	}
	return total;
}

/* How many bytes at the start of s[0..n) are drawn in one font, which is
 * put in *run_font: text set in `font` changes font only for a character
 * it lacks (font_for). */
static size_t run_length(const struct pdf *p, HPDF_Font font, const char *s, size_t n,
	HPDF_Font *run_font)
{
	HPDF_Font first = NULL;
	size_t i = 0;
	while (i < n) {
		uint32_t cp = 0xFFFD;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		HPDF_Font f = font_for(p, font, k ? cp : 0xFFFD);
		if (first == NULL)
			first = f;
		else if (f != first)
			break;
		i += k ? k : 1;
	}
	*run_font = first != NULL ? first : font;
	return i;
}

/* Points *s, *n at the text as it is drawn: in display order, with Arabic
 * joined, when anything in it runs right to left (text_shape.h). */
static bool drawn_form(struct pdf *p, const char **s, size_t *n)
{
	if (p->single_byte || !text_shape_needs_bidi(*s, *n))
		return true;
	size_t len = 0;
	if (text_shape_visual(*s, *n, &p->visual, &p->visual_cap, &len) != 0) {
		fail(p, "pdf: out of memory");
		return false;
	}
	*s = p->visual;
	*n = len;
	return true;
}

/* The width of s[0..n) as drawn, in points, for the wrapper. */
static double measure(void *ctx, const char *s, size_t n)
{
	struct measure *m = ctx;
	struct pdf *p = m->p;
	if (p->single_byte)
		return measure_run(p, m->font, m->size, s, n);
	if (!drawn_form(p, &s, &n))
		return 0;
	double total = 0;
	while (n > 0) {
		HPDF_Font f;
		size_t k = run_length(p, m->font, s, n, &f);
		total += measure_run(p, f, m->size, s, k);
		s += k;
		n -= k;
	}
	return total;
}

static double text_width(struct pdf *p, HPDF_Font font, double size, const char *s, size_t n)
{
	struct measure m = { p, font, size };
	return measure(&m, s, n);
}

static bool wrap(struct pdf *p, const char *s, HPDF_Font font, double size, double width,
	struct wrap_result *out)
{
	struct measure m = { p, font, size };
	if (wrap_text(s, strlen(s), width, measure, &m, out) != 0) {
		fail(p, "pdf: out of memory");
		return false;
	}
	return !p->failed;
}

/* Where the baseline of a line goes, centred in a line box of `leading`
 * whose top is y. */
static double baseline(double y, double leading, double size)
{
	return y - leading / 2 - size * 0.35;
}

static bool text_at(struct pdf *p, HPDF_Page page, HPDF_Font font, double size, struct rgb c,
	double x, double base, const char *s, size_t n)
{
	size_t len;
	if (p->single_byte) {
		if (!for_fonts(p, &p->buf, &p->buf_cap, s, n, &len))
			return false;
		return check(p, HPDF_Page_BeginText(page)) &&
			check(p, HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size)) &&
			check(p, HPDF_Page_SetRGBFill(page, c.r, c.g, c.b)) &&
			check(p, HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)base, p->buf)) &&
			check(p, HPDF_Page_EndText(page));
	}
	/* UTF-8: the line in drawing order, each run of characters in the
	 * font that has them, placed one after another. */
	if (!drawn_form(p, &s, &n))
		return false;
	bool ok = check(p, HPDF_Page_BeginText(page)) &&
		check(p, HPDF_Page_SetRGBFill(page, c.r, c.g, c.b));
	double at = x;
	while (ok && n > 0) {
		HPDF_Font f;
		size_t k = run_length(p, font, s, n, &f);
		ok = for_fonts(p, &p->buf, &p->buf_cap, s, k, &len) &&
			check(p, HPDF_Page_SetFontAndSize(page, f, (HPDF_REAL)size)) &&
			check(p, HPDF_Page_TextOut(page, (HPDF_REAL)at, (HPDF_REAL)base, p->buf));
		at += measure_run(p, f, size, s, k);
		s += k;
		n -= k;
	}
	return ok && check(p, HPDF_Page_EndText(page));
}

/* --- drawing ---------------------------------------------------------------------- */

static HPDF_Page page_now(const struct pdf *p)
{
	return p->pages[p->npages - 1];
}

static bool fill_rect(struct pdf *p, struct rgb c, double x, double y, double w, double h)
{
	HPDF_Page page = page_now(p);
	return check(p, HPDF_Page_SetRGBFill(page, c.r, c.g, c.b)) &&
		check(p, HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
			(HPDF_REAL)h)) &&
		check(p, HPDF_Page_Fill(page));
}

static bool line(struct pdf *p, HPDF_Page page, struct rgb c, double width, double x1,
	double y1, double x2, double y2)
{
	return check(p, HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b)) &&
		check(p, HPDF_Page_SetLineWidth(page, (HPDF_REAL)width)) &&
		check(p, HPDF_Page_MoveTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1)) &&
		check(p, HPDF_Page_LineTo(page, (HPDF_REAL)x2, (HPDF_REAL)y2)) &&
		check(p, HPDF_Page_Stroke(page));
}

static bool box(struct pdf *p, double x, double y, double size)
{
	HPDF_Page page = page_now(p);
	return check(p, HPDF_Page_SetRGBFill(page, WHITE.r, WHITE.g, WHITE.b)) &&
		check(p, HPDF_Page_SetRGBStroke(page, MUTED.r, MUTED.g, MUTED.b)) &&
		check(p, HPDF_Page_SetLineWidth(page, 0.9f)) &&
		check(p, HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)size,
			(HPDF_REAL)size)) &&
		check(p, HPDF_Page_FillStroke(page));
}

static bool new_page(struct pdf *p)
{
	if (p->failed)
		return false;
	if (p->npages == MAX_PAGES) {
		fail(p, "pdf: the handout would be longer than %d pages", MAX_PAGES);
		return false;
	}
	if (p->npages == p->pages_cap) {
		size_t ncap = p->pages_cap ? p->pages_cap * 2 : 4;
		HPDF_Page *q = realloc(p->pages, ncap * sizeof *q);
		if (q == NULL) {
			fail(p, "pdf: out of memory");
			return false;
		}
		p->pages = q;
		p->pages_cap = ncap;
	}
	HPDF_Page page = HPDF_AddPage(p->doc);
	if (page == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_INVALID_PAGE);
		return false;
	}
	p->pages[p->npages++] = page;
	if (!check(p, HPDF_Page_SetWidth(page, (HPDF_REAL)p->h->page_width)) ||
		!check(p, HPDF_Page_SetHeight(page, (HPDF_REAL)p->h->page_height)))
		return false;
	if (p->scale != 1.0 && !check(p, HPDF_Page_Concat(page, (HPDF_REAL)p->scale, 0, 0,
			(HPDF_REAL)p->scale, 0, 0)))
		return false;
	p->y = p->top;
	if (p->npages > p->doc_start + 1) {
		/* A quiet running head, so a loose second sheet still says what it is. */
		const char *title = clean(p, p->h->title, false);
		struct wrap_result w;
		if (title == NULL || !wrap(p, title, p->regular, SMALL_SIZE, p->right - p->left, &w))
			return false;
		size_t n = w.len ? w.lines[0].len : 0;
		bool ok = text_at(p, page, p->regular, SMALL_SIZE, MUTED, p->left,
			baseline(p->y, 12, SMALL_SIZE), title + (w.len ? w.lines[0].start : 0), n);
		wrap_result_free(&w);
		if (!ok || !line(p, page, RULE, 0.5, p->left, p->y - 16, p->right, p->y - 16))
			return false;
		p->y -= 30;
	}
	p->page_start = p->y;
	return true;
}

/* Makes sure `height` fits below y, starting a new page when it does not
 * (unless this page is still empty: then it would not fit anywhere). */
static bool need(struct pdf *p, double height)
{
	if (p->failed)
		return false;
	if (p->y - height < p->bottom && p->y < p->page_start)
		return new_page(p);
	return true;
}

/* Text that flows down the page and on to the next, line by line. */
static bool flow(struct pdf *p, const char *text, HPDF_Font font, double size, double leading,
	struct rgb c, double x, double width)
{
	struct wrap_result w;
	if (!wrap(p, text, font, size, width, &w))
		return false;
	bool ok = true;
	for (size_t i = 0; i < w.len && ok; i++) {
		ok = need(p, leading) && text_at(p, page_now(p), font, size, c, x,
			baseline(p->y, leading, size), text + w.lines[i].start, w.lines[i].len);
		p->y -= leading;
	}
	wrap_result_free(&w);
	return ok;
}

/* --- the parts of a handout ------------------------------------------------------ */

static bool draw_header(struct pdf *p)
{
	const struct handout *h = p->h;
	const char *left = clean(p, h->header_left, false);
	const char *right = clean(p, h->header_right, false);
	if (left == NULL || right == NULL)
		return false;
	if (left[0] == '\0' && right[0] == '\0')
		return true;
	double right_w = text_width(p, p->regular, 9.5, right, strlen(right));
	double top = p->y;
	if (!flow(p, left, p->bold, 9.5, 13, ACCENT, p->left, p->right - p->left - right_w - 24))
		return false;
	if (right[0] != '\0' && !text_at(p, page_now(p), p->regular, 9.5, MUTED, p->right - right_w,
			baseline(top, 13, 9.5), right, strlen(right)))
		return false;
	if (left[0] == '\0')
		p->y = top - 13;
	p->y -= 6;
	if (!line(p, page_now(p), RULE, 0.6, p->left, p->y, p->right, p->y))
		return false;
	p->y -= 12;
	return true;
}

static bool draw_title(struct pdf *p)
{
	const struct handout *h = p->h;
	double width = p->right - p->left;
	const char *title = clean(p, h->title, false);
	const char *subtitle = clean(p, h->subtitle, false);
	const char *meta = clean(p, h->meta, false);
	if (title == NULL || subtitle == NULL || meta == NULL)
		return false;
	if (!flow(p, title, p->bold, TITLE_SIZE, TITLE_LEADING, INK, p->left, width))
		return false;
	p->y -= 3;
	if (subtitle[0] != '\0' && !flow(p, subtitle, p->regular, 12, 16, ACCENT, p->left, width))
		return false;
	if (meta[0] != '\0' && !flow(p, meta, p->regular, 9.5, 13, MUTED, p->left, width))
		return false;
	p->y -= 9;
	return true;
}

/* The therapist's note in a tinted box with an accent bar; a long note
 * continues in a new box on the next page. */
static bool draw_note(struct pdf *p)
{
	const struct handout *h = p->h;
	if (h->note == NULL)
		return true;
	const char *heading = clean(p, h->note_heading, false);
	const char *note = clean(p, h->note, true);
	if (heading == NULL || note == NULL)
		return false;
	const double pad = 8, bar = 3.5, leading = 13.5, size = 10;
	double inner_x = p->left + bar + pad + 2;
	double inner_w = p->right - inner_x - pad;
	struct wrap_result hw, nw;
	if (!wrap(p, heading, p->bold, size, inner_w, &hw))
		return false;
	if (!wrap(p, note, p->regular, size, inner_w, &nw)) {
		wrap_result_free(&hw);
		return false;
	}
	size_t total = hw.len + nw.len, done = 0;
	bool ok = true;
	while (ok && done < total) {
		double room = p->y - p->bottom - 2 * pad;
		size_t fit = room > 0 ? (size_t)(room / leading) : 0;
		if (fit < 2 && total - done >= 2 && p->y < p->page_start) {
			ok = new_page(p);
			continue;
		}
		if (fit == 0)
			fit = 1;
		size_t k = total - done < fit ? total - done : fit;
		double height = (double)k * leading + 2 * pad;
		ok = fill_rect(p, TINT, p->left, p->y - height, p->right - p->left, height) &&
			fill_rect(p, ACCENT, p->left, p->y - height, bar, height);
		double y = p->y - pad;
		for (size_t i = 0; ok && i < k; i++, done++, y -= leading) {
			bool is_heading = done < hw.len;
			const struct wrap_line *ln = is_heading ? &hw.lines[done] : &nw.lines[done - hw.len];
			ok = text_at(p, page_now(p), is_heading ? p->bold : p->regular, size,
				is_heading ? ACCENT : INK, inner_x, baseline(y, leading, size),
				(is_heading ? heading : note) + ln->start, ln->len);
		}
		p->y -= height;
		if (ok && done < total)
			ok = new_page(p);
	}
	wrap_result_free(&hw);
	wrap_result_free(&nw);
	p->y -= 12;
	return ok;
}

static bool draw_introduction(struct pdf *p)
{
	const char *intro = clean(p, p->h->introduction, true);
	if (intro == NULL)
		return false;
	/* Paragraphs are separated by blank lines; each gets a little air. */
	const char *s = intro;
	bool ok = true;
	while (ok && *s != '\0') {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char *para = malloc(n + 1);
		if (!own(p, para))
			return false;
		memcpy(para, s, n);
		para[n] = '\0';
		if (n > 0) {
			ok = flow(p, para, p->regular, BODY_SIZE, BODY_LEADING, INK, p->left,
				p->right - p->left);
			p->y -= 5;
		}
		s += n;
		while (*s == '\n')
			s++;
	}
	p->y -= 4;
	return ok;
}

static bool draw_heading(struct pdf *p, const char *text, double keep_with_next)
{
	const char *t = clean(p, text, false);
	if (t == NULL)
		return false;
	struct wrap_result w;
	if (!wrap(p, t, p->bold, HEADING_SIZE, p->right - p->left, &w))
		return false;
	double height = (double)w.len * HEADING_LEADING + 4;
	wrap_result_free(&w);
	if (!need(p, height + keep_with_next))
		return false;
	bool ok = flow(p, t, p->bold, HEADING_SIZE, HEADING_LEADING, ACCENT, p->left,
		p->right - p->left);
	p->y -= 4;
	return ok;
}

static bool draw_steps(struct pdf *p)
{
	const struct handout *h = p->h;
	if (h->nsteps == 0)
		return true;
	if (!draw_heading(p, h->steps_heading, 2 * BODY_LEADING))
		return false;
	const double indent = 24;
	double width = p->right - p->left - indent;
	for (size_t i = 0; i < h->nsteps; i++) {
		const char *step = clean(p, h->steps[i], false);
		struct wrap_result w;
		if (step == NULL || !wrap(p, step, p->regular, BODY_SIZE, width, &w))
			return false;
		/* Keep a step's first two lines with its number. */
		bool ok = need(p, (w.len > 1 ? 2 : 1) * BODY_LEADING);
		double cy = baseline(p->y, BODY_LEADING, BODY_SIZE) + BODY_SIZE * 0.35;
		char number[24];
		snprintf(number, sizeof number, "%zu", i + 1);
		const double radius = 7.5, number_size = 8.5;
		double nw = text_width(p, p->bold, number_size, number, strlen(number));
		HPDF_Page page = ok ? page_now(p) : NULL;
		ok = ok && check(p, HPDF_Page_SetRGBFill(page, ACCENT.r, ACCENT.g, ACCENT.b)) &&
			check(p, HPDF_Page_Circle(page, (HPDF_REAL)(p->left + radius), (HPDF_REAL)cy,
				(HPDF_REAL)radius)) &&
			check(p, HPDF_Page_Fill(page)) &&
			text_at(p, page, p->bold, number_size, WHITE, p->left + radius - nw / 2,
				cy - number_size * 0.35, number, strlen(number));
		for (size_t k = 0; ok && k < w.len; k++) {
			ok = need(p, BODY_LEADING) && text_at(p, page_now(p), p->regular, BODY_SIZE, INK,
				p->left + indent, baseline(p->y, BODY_LEADING, BODY_SIZE),
				step + w.lines[k].start, w.lines[k].len);
			p->y -= BODY_LEADING;
		}
		wrap_result_free(&w);
		if (!ok)
			return false;
		p->y -= 2;
	}
	p->y -= 6;
	return true;
}

/* A list for reference (questions to ask, feeling words): a heading, then
 * a small bullet before each entry, wrapped under its own first line. */
static bool draw_list(struct pdf *p)
{
	const struct handout *h = p->h;
	if (h->list_heading == NULL || h->nlist == 0)
		return true;
	if (!draw_heading(p, h->list_heading, 2 * BODY_LEADING))
		return false;
	const double indent = 16, radius = 2;
	double width = p->right - p->left - indent;
	for (size_t i = 0; i < h->nlist; i++) {
		const char *entry = clean(p, h->list[i], false);
		struct wrap_result w;
		if (entry == NULL || !wrap(p, entry, p->regular, BODY_SIZE, width, &w))
			return false;
		bool ok = need(p, (w.len > 1 ? 2 : 1) * BODY_LEADING);
		double cy = baseline(p->y, BODY_LEADING, BODY_SIZE) + BODY_SIZE * 0.3;
		HPDF_Page page = ok ? page_now(p) : NULL;
		ok = ok && check(p, HPDF_Page_SetRGBFill(page, ACCENT.r, ACCENT.g, ACCENT.b)) &&
			check(p, HPDF_Page_Circle(page, (HPDF_REAL)(p->left + 5), (HPDF_REAL)cy,
				(HPDF_REAL)radius)) &&
			check(p, HPDF_Page_Fill(page));
		for (size_t k = 0; ok && k < w.len; k++) {
			ok = need(p, BODY_LEADING) && text_at(p, page_now(p), p->regular, BODY_SIZE, INK,
				p->left + indent, baseline(p->y, BODY_LEADING, BODY_SIZE),
				entry + w.lines[k].start, w.lines[k].len);
			p->y -= BODY_LEADING;
		}
		wrap_result_free(&w);
		if (!ok)
			return false;
		p->y -= 2;
	}
	p->y -= 8;
	return true;
}

/* --- the tracking block ---------------------------------------------------------- */

/* A piece of text laid out in a cell: its wrapped lines and height. */
struct cell {
	const char *text;
	struct wrap_result w;
	HPDF_Font font;
	double size, leading;
	struct rgb colour;
};

static bool cell_make(struct pdf *p, struct cell *c, const char *text, HPDF_Font font,
	double size, double leading, struct rgb colour, double width)
{
	memset(c, 0, sizeof *c);
	c->text = clean(p, text, false);
	c->font = font;
	c->size = size;
	c->leading = leading;
	c->colour = colour;
	return c->text != NULL && wrap(p, c->text, font, size, width > 4 ? width : 4, &c->w);
}

static double cell_height(const struct cell *c)
{
	return (double)c->w.len * c->leading;
}

/* Draws c inside [x, x + width) with its block vertically centred in the
 * band from top down `height`; centred or left-aligned. */
static bool cell_draw(struct pdf *p, const struct cell *c, double x, double width, double top,
	double height, bool centre)
{
	double y = top - (height - cell_height(c)) / 2;
	bool ok = true;
	for (size_t i = 0; ok && i < c->w.len; i++, y -= c->leading) {
		const struct wrap_line *ln = &c->w.lines[i];
		double lx = x;
		if (centre)
			lx = x + (width - text_width(p, c->font, c->size, c->text + ln->start, ln->len)) / 2;
		ok = text_at(p, page_now(p), c->font, c->size, c->colour, lx,
			baseline(y, c->leading, c->size), c->text + ln->start, ln->len);
	}
	return ok;
}

static void cell_free(struct cell *c)
{
	if (c != NULL)
		wrap_result_free(&c->w);
}

#define CELL_PAD 7.0
#define ROW_MIN 20.0
#define LOG_FEWEST 4 /* fewest written lines a log shrinks to */
#define ROW_TIGHT 16.0 /* the closest rows may come to fit one page */

/* The heading and hint over a tracking block; `body` is the height of the
 * block itself, kept on the same page. */
static bool tracking_heading(struct pdf *p, double body)
{
	const struct handout_tracking *t = &p->h->tracking;
	const char *hint = clean(p, t->hint, false);
	if (hint == NULL)
		return false;
	struct wrap_result w;
	if (!wrap(p, hint, p->regular, 9.5, p->right - p->left, &w))
		return false;
	double hint_h = hint[0] != '\0' ? (double)w.len * 13.5 + 6 : 0;
	wrap_result_free(&w);
	if (!draw_heading(p, t->heading, hint_h + body))
		return false;
	if (hint[0] != '\0') {
		if (!flow(p, hint, p->regular, 9.5, 13.5, MUTED, p->left, p->right - p->left))
			return false;
		p->y -= 6;
	}
	return true;
}

/* A heading cell whose words never break: the type shrinks (to 6.5
 * points at the least) until the longest word fits the width. */
static double widest_word(struct pdf *p, HPDF_Font font, double size, const char *t)
{
	double widest = 0;
	for (const char *w = t; *w != '\0';) {
		size_t n = strcspn(w, " ");
		double ww = text_width(p, font, size, w, n);
		if (ww > widest)
			widest = ww;
		w += n;
		while (*w == ' ')
			w++;
	}
	return widest;
}

static bool cell_make_fit(struct pdf *p, struct cell *c, const char *text, HPDF_Font font,
	double size, double leading, struct rgb colour, double width)
{
	const char *t = clean(p, text, false);
	if (t == NULL)
		return false;
	double widest = widest_word(p, font, size, t);
	if (widest > width && widest > 0) {
		double scaled = size * width / widest;
		leading *= (scaled < 6.5 ? 6.5 : scaled) / size;
		size = scaled < 6.5 ? 6.5 : scaled;
	}
	return cell_make(p, c, t, font, size, leading, colour, width);
}

/* What a grid or tally block is made of, measured once. */
struct rows_block {
	bool tally;
	size_t ncol, nrows;
	double label_w, sub_w, head_h, names_h;
	struct cell *heads, *labels, names[2], together;
	double *row_h;
};

static bool column_together(const struct handout_tracking *t, size_t c)
{
	return t->kind == HANDOUT_GRID && t->together != NULL && t->together[c];
}

/* The head of a grid: column names over both partners' spaces, then
 * each partner's name (or "together" over a shared box). */
static bool rows_head_draw(struct pdf *p, const struct rows_block *b, double top)
{
	const struct handout_tracking *t = &p->h->tracking;
	double x1 = p->left + b->label_w, width = p->right - p->left;
	bool ok = fill_rect(p, TINT, p->left, top - b->head_h - b->names_h, width,
		b->head_h + b->names_h);
	for (size_t c = 0; ok && c < b->ncol; c++) {
		double cx = x1 + (double)c * 2 * b->sub_w;
		ok = cell_draw(p, &b->heads[c], cx + CELL_PAD, 2 * b->sub_w - 2 * CELL_PAD, top,
			b->head_h, true);
		if (column_together(t, c))
			ok = ok && cell_draw(p, &b->together, cx + 3, 2 * b->sub_w - 6, top - b->head_h,
				b->names_h, true);
		for (int k = 0; ok && !column_together(t, c) && k < 2; k++)
			ok = cell_draw(p, &b->names[k], cx + k * b->sub_w + 3, b->sub_w - 6,
				top - b->head_h, b->names_h, true);
	}
	return ok;
}

/* The frame of one page's part of a grid: strong lines between columns,
 * light ones between partners. */
static bool rows_frame_draw(struct pdf *p, const struct rows_block *b, double top, double bottom)
{
	const struct handout_tracking *t = &p->h->tracking;
	HPDF_Page page = page_now(p);
	double x0 = p->left, x1 = p->left + b->label_w, width = p->right - p->left;
	bool ok = line(p, page, RULE, 0.5, x0, top - b->head_h, p->right, top - b->head_h) &&
		line(p, page, RULE, 0.8, x0, top - b->head_h - b->names_h, p->right,
			top - b->head_h - b->names_h);
	for (size_t c = 0; ok && c < b->ncol; c++) {
		double cx = x1 + (double)c * 2 * b->sub_w;
		ok = line(p, page, RULE, 0.8, cx, top, cx, bottom) &&
			(column_together(t, c) ||
				line(p, page, RULE, 0.4, cx + b->sub_w, top - b->head_h, cx + b->sub_w, bottom));
	}
	return ok && check(p, HPDF_Page_SetRGBStroke(page, RULE.r, RULE.g, RULE.b)) &&
		check(p, HPDF_Page_SetLineWidth(page, 0.8f)) &&
		check(p, HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)bottom, (HPDF_REAL)width,
			(HPDF_REAL)(top - bottom))) &&
		check(p, HPDF_Page_Stroke(page));
}

static void rows_block_free(struct rows_block *b)
{
	for (size_t c = 0; b->heads != NULL && c < b->ncol; c++)
		cell_free(&b->heads[c]);
	for (size_t r = 0; b->labels != NULL && r < b->nrows; r++)
		cell_free(&b->labels[r]);
	cell_free(&b->names[0]);
	cell_free(&b->names[1]);
	cell_free(&b->together);
	free(b->heads);
	free(b->labels);
	free(b->row_h);
}

/* Grid and tally: a label column, then per column a space per partner
 * (or one shared box). A block that fits on this page stays whole; one
 * that fits on a fresh page goes to the back; a longer one (weeks of
 * days) continues from page to page under its head repeated. */
static bool draw_rows_block(struct pdf *p)
{
	const struct handout_tracking *t = &p->h->tracking;
	struct rows_block b;
	memset(&b, 0, sizeof b);
	b.tally = t->kind == HANDOUT_TALLY;
	b.ncol = b.tally ? 1 : t->ncolumns;
	b.nrows = t->nrows + (b.tally ? 1 : 0);
	double width = p->right - p->left;
	bool ok = true;
	if (b.ncol == 0 || t->nrows == 0) {
		fail(p, "pdf: the tracking block has no %s", b.ncol == 0 ? "columns" : "rows");
		return false;
	}
	/* The label column is as wide as its longest label, within reason. */
	b.label_w = 66;
	for (size_t r = 0; r < b.nrows; r++) {
		const char *label = clean(p, r < t->nrows ? t->rows[r] : t->total_label, false);
		if (label == NULL)
			return false;
		double w = text_width(p, p->regular, 9.5, label, strlen(label)) + 2 * CELL_PAD;
		if (w > b.label_w)
			b.label_w = w;
	}
	if (b.label_w > width * 0.3)
		b.label_w = width * 0.3;
	b.sub_w = (width - b.label_w) / (double)(2 * b.ncol);
	b.heads = calloc(b.ncol, sizeof *b.heads);
	b.labels = calloc(b.nrows, sizeof *b.labels);
	b.row_h = calloc(b.nrows, sizeof *b.row_h);
	if (b.heads == NULL || b.labels == NULL || b.row_h == NULL) {
		rows_block_free(&b);
		fail(p, "pdf: out of memory");
		return false;
	}
	for (size_t c = 0; ok && c < b.ncol; c++) {
		ok = cell_make_fit(p, &b.heads[c], b.tally ? t->tally_label : t->columns[c], p->bold,
			9, 11.5, INK, 2 * b.sub_w - 2 * CELL_PAD);
		if (ok && cell_height(&b.heads[c]) > b.head_h)
			b.head_h = cell_height(&b.heads[c]);
	}
	/* A name too long for its box even in small type is shown there by
	 * its initial, and a key over the grid says whose box is whose. */
	const char *shown[2] = { NULL, NULL }, *key = "";
	char initial[2][8];
	bool too_long = false;
	for (int k = 0; ok && k < 2; k++) {
		shown[k] = clean(p, t->partners[k], false);
		ok = shown[k] != NULL;
		too_long = too_long || (ok && widest_word(p, p->regular, 6.5, shown[k]) > b.sub_w - 6);
	}
	if (ok && too_long) {
		for (int k = 0; k < 2; k++) {
			uint32_t cp;
			size_t n = report_utf8_decode((const unsigned char *)shown[k], strlen(shown[k]), &cp);
			snprintf(initial[k], sizeof initial[k], "%.*s", (int)(n ? n : 1), shown[k]);
		}
		if (strcmp(initial[0], initial[1]) == 0) {
			snprintf(initial[0], sizeof initial[0], "1");
			snprintf(initial[1], sizeof initial[1], "2");
		}
		size_t n = strlen(shown[0]) + strlen(shown[1]) + 80;
		char *k = malloc(n);
		if ((ok = own(p, k))) {
			snprintf(k, n, "In each column, %s is %s's box and %s is %s's.", initial[0],
				shown[0], initial[1], shown[1]);
			key = k;
		}
		shown[0] = initial[0];
		shown[1] = initial[1];
	}
	double key_h = 0;
	if (ok && key[0] != '\0') {
		struct wrap_result kw;
		ok = wrap(p, key, p->regular, 9, width, &kw);
		key_h = ok ? (double)kw.len * 12.5 + 4 : 0;
		wrap_result_free(&kw);
	}
	for (int k = 0; ok && k < 2; k++) {
		ok = cell_make_fit(p, &b.names[k], shown[k], p->regular, SMALL_SIZE, 10, MUTED,
			b.sub_w - 6);
		if (ok && cell_height(&b.names[k]) > b.names_h)
			b.names_h = cell_height(&b.names[k]);
	}
	ok = ok && cell_make(p, &b.together, "together", p->regular, SMALL_SIZE, 10, MUTED,
		2 * b.sub_w - 6);
	double body_h = 0;
	for (size_t r = 0; ok && r < b.nrows; r++) {
		bool total = r == t->nrows;
		ok = cell_make(p, &b.labels[r], total ? t->total_label : t->rows[r],
			total ? p->bold : p->regular, 9.5, 12, INK, b.label_w - 2 * CELL_PAD);
		double h = cell_height(&b.labels[r]) + 8;
		b.row_h[r] = h > ROW_MIN ? h : ROW_MIN;
		body_h += b.row_h[r];
	}
	b.head_h += 8;
	b.names_h += 5;
	double head = b.head_h + b.names_h;
	double block_h = head + body_h + key_h;
	double fresh = p->top - 30 - p->bottom; /* a continuation page's room */
	double first = head + b.row_h[0] * (b.nrows < 3 ? (double)b.nrows : 3);
	bool whole_here = p->y - block_h - p->keep_after - 40 >= p->bottom;
	/* A block a little too tall for the room left on this page keeps the
	 * handout on one sheet by drawing its rows closer, never closer than
	 * a box and a pen stroke need. */
	double room = p->y - p->keep_after - 40 - p->bottom - head - key_h;
	if (ok && !whole_here && room > 0 && room < body_h) {
		double shrink = room / body_h, lowest = b.row_h[0];
		for (size_t r = 1; r < b.nrows; r++)
			if (b.row_h[r] < lowest)
				lowest = b.row_h[r];
		if (lowest * shrink >= ROW_TIGHT) {
			for (size_t r = 0; r < b.nrows; r++)
				b.row_h[r] *= shrink;
			body_h = room;
			block_h = head + body_h + key_h;
			whole_here = true;
		}
	}
	if (ok && !whole_here && block_h + p->keep_after + 40 <= fresh && p->y < p->page_start)
		ok = new_page(p);
	ok = ok && tracking_heading(p, block_h + p->keep_after <= fresh ? block_h + p->keep_after
		: first + key_h) && need(p, first + key_h);
	if (ok && key[0] != '\0') {
		ok = flow(p, key, p->regular, 9, 12.5, INK, p->left, width);
		p->y -= 4;
	}

	double top = p->y, y = top;
	size_t r = 0;
	while (ok) {
		ok = rows_head_draw(p, &b, top);
		y = top - head;
		for (; ok && r < b.nrows; r++) {
			double h = b.row_h[r];
			double below = r + 1 == b.nrows ? p->keep_after : 0;
			if (y - h - below < p->bottom && y < top - head)
				break;
			bool total = r == t->nrows;
			if (total)
				ok = fill_rect(p, TINT, p->left, y - h, width, h);
			else if (r % 2 == 1)
				ok = fill_rect(p, ZEBRA, p->left, y - h, width, h);
			ok = ok && cell_draw(p, &b.labels[r], p->left + CELL_PAD, b.label_w - 2 * CELL_PAD,
				y, h, false);
			const double size = 11.5;
			for (size_t c = 0; ok && !b.tally && c < b.ncol; c++) {
				double cx = p->left + b.label_w + (double)c * 2 * b.sub_w;
				if (column_together(t, c))
					ok = box(p, cx + b.sub_w - size / 2, y - h / 2 - size / 2, size);
				for (int k = 0; ok && !column_together(t, c) && k < 2; k++)
					ok = box(p, cx + k * b.sub_w + (b.sub_w - size) / 2, y - h / 2 - size / 2,
						size);
			}
			ok = ok && line(p, page_now(p), RULE, 0.5, p->left, y - h, p->right, y - h);
			y -= h;
		}
		ok = ok && rows_frame_draw(p, &b, top, y);
		if (!ok || r == b.nrows)
			break;
		ok = new_page(p);
		top = p->y;
	}
	p->y = y - 12;
	rows_block_free(&b);
	return ok;
}

/* Log: headings over ruled lines to write on. On a partner's own sheet
 * (fill) there is no "Keep track" heading and the lines run to the foot
 * of the page. */
static bool draw_log(struct pdf *p, bool fill)
{
	const struct handout_tracking *t = &p->h->tracking;
	double width = p->right - p->left;
	size_t ncol = t->ncolumns;
	if (ncol == 0) {
		fail(p, "pdf: the log has no columns");
		return false;
	}
	double weights = 0;
	for (size_t c = 0; c < ncol; c++)
		weights += t->wide && t->wide[c] ? 2 : 1;
	struct cell *heads = calloc(ncol, sizeof *heads);
	if (heads == NULL) {
		fail(p, "pdf: out of memory");
		return false;
	}
	bool ok = true;
	double head_h = 0;
	for (size_t c = 0; ok && c < ncol; c++) {
		double cw = width * (t->wide && t->wide[c] ? 2 : 1) / weights;
		ok = cell_make(p, &heads[c], t->columns[c], p->bold, 9.5, 12, INK, cw - 2 * CELL_PAD);
		if (ok && cell_height(&heads[c]) > head_h)
			head_h = cell_height(&heads[c]);
	}
	head_h += 12;
	int lines = t->log_lines > 0 ? t->log_lines : 8;
	const double row_h = 25;
	if (fill) {
		int room = (int)((p->y - p->bottom - head_h - p->keep_after) / row_h);
		if (room > lines)
			lines = room;
	}
	/* A log that would go to a second page keeps the handout on one
	 * sheet with the lines that fit here, when at least half of them do
	 * (and never fewer than LOG_FEWEST). */
	if (!fill) {
		int room = (int)((p->y - p->bottom - 40 - head_h - p->keep_after) / row_h);
		if (room < lines && room >= (lines + 1) / 2 && room >= LOG_FEWEST)
			lines = room;
	}
	double block_h = head_h + lines * row_h;
	ok = ok && (fill || tracking_heading(p, block_h + p->keep_after)) &&
		need(p, block_h + p->keep_after);
	double top = p->y, bottom = top - block_h;
	ok = ok && fill_rect(p, TINT, p->left, top - head_h, width, head_h);
	double x = p->left;
	HPDF_Page page = ok ? page_now(p) : NULL;
	for (size_t c = 0; ok && c < ncol; c++) {
		double cw = width * (t->wide && t->wide[c] ? 2 : 1) / weights;
		ok = cell_draw(p, &heads[c], x + CELL_PAD, cw - 2 * CELL_PAD, top, head_h, false);
		if (ok && c > 0)
			ok = line(p, page, RULE, 0.4, x, top, x, bottom);
		x += cw;
	}
	double y = top - head_h;
	for (int r = 0; ok && r < lines; r++) {
		y -= row_h;
		ok = line(p, page, RULE, r == lines - 1 ? 0.8 : 0.5, p->left, y, p->right, y);
	}
	ok = ok && line(p, page, RULE, 0.8, p->left, top - head_h, p->right, top - head_h) &&
		line(p, page, RULE, 0.8, p->left, top, p->right, top);
	p->y = bottom - 14;
	for (size_t c = 0; c < ncol; c++)
		cell_free(&heads[c]);
	free(heads);
	return ok;
}

static bool closing_height(struct pdf *p, double *height);

static bool draw_tracking(struct pdf *p)
{
	if (!closing_height(p, &p->keep_after))
		return false;
	p->keep_after += 14; /* the gap below the block */
	if (p->h->tracking.per_partner)
		return true; /* on the partners' own sheets, after the closing words */
	if (p->h->tracking.kind == HANDOUT_LOG)
		return draw_log(p, false);
	return draw_rows_block(p);
}

/* Ruled lines to write on, `lines` of them, from p->y down. */
static bool write_lines(struct pdf *p, double x, double width, int lines, double gap)
{
	bool ok = true;
	for (int i = 0; ok && i < lines; i++) {
		p->y -= gap;
		ok = line(p, page_now(p), RULE, 0.6, x, p->y, x + width, p->y);
	}
	return ok;
}

/* A plan each partner fills in: a column each, every field with room to
 * write. Kept whole on one page. */
static bool draw_plan(struct pdf *p)
{
	const struct handout_tracking *t = &p->h->tracking;
	if (t->nfields == 0)
		return true;
	const double gap = 20, line_gap = 17, label_h = 12;
	double col_w = (p->right - p->left - gap) / 2;
	struct cell names[2];
	memset(names, 0, sizeof names);
	bool ok = true;
	double names_h = 0;
	for (int k = 0; ok && k < 2; k++) {
		ok = cell_make_fit(p, &names[k], t->partners[k], p->bold, 10.5, 13, ACCENT, col_w);
		if (ok && cell_height(&names[k]) > names_h)
			names_h = cell_height(&names[k]);
	}
	double block_h = names_h + 4 + (double)t->nfields * (label_h + 2 * line_gap + 6);
	ok = ok && draw_heading(p, t->plan_heading ? t->plan_heading : "", block_h);
	double top = p->y;
	for (int k = 0; ok && k < 2; k++) {
		double x = p->left + k * (col_w + gap);
		p->y = top;
		ok = cell_draw(p, &names[k], x, col_w, p->y, names_h, false);
		p->y -= names_h + 4;
		for (size_t f = 0; ok && f < t->nfields; f++) {
			const char *label = clean(p, t->fields[f], false);
			ok = label != NULL && text_at(p, page_now(p), p->bold, 9, INK, x,
				baseline(p->y, label_h, 9), label, strlen(label));
			p->y -= label_h;
			ok = ok && write_lines(p, x, col_w, 2, line_gap);
			p->y -= 6;
		}
	}
	cell_free(&names[0]);
	cell_free(&names[1]);
	p->y = top - block_h - 8;
	return ok;
}

/* What to do when someone is afraid or it turns physical, in a box of
 * its own; a plan adds a line for the couple's own words. */
static bool draw_safety(struct pdf *p)
{
	const struct handout *h = p->h;
	if (h->safety == NULL)
		return true;
	const char *heading = clean(p, h->safety_heading ? h->safety_heading : "", false);
	const char *text = clean(p, h->safety, false);
	const char *prompt = clean(p, h->safety_prompt ? h->safety_prompt : "", false);
	if (heading == NULL || text == NULL || prompt == NULL)
		return false;
	const double pad = 5, bar = 3.5, leading = 11.5;
	double x = p->left + bar + pad + 2, width = p->right - x - pad;
	struct wrap_result tw, pw;
	if (!wrap(p, text, p->regular, 9, width, &tw))
		return false;
	if (!wrap(p, prompt, p->bold, 9, width, &pw)) {
		wrap_result_free(&tw);
		return false;
	}
	double height = 2 * pad + leading + (double)tw.len * leading +
		(prompt[0] ? (double)pw.len * leading + 2 * 18 : 0);
	bool ok = need(p, height) &&
		fill_rect(p, TINT, p->left, p->y - height, p->right - p->left, height) &&
		fill_rect(p, ACCENT, p->left, p->y - height, bar, height);
	double y = p->y - pad;
	ok = ok && text_at(p, page_now(p), p->bold, 9.5, ACCENT, x, baseline(y, leading, 9.5),
		heading, strlen(heading));
	y -= leading;
	for (size_t i = 0; ok && i < tw.len; i++, y -= leading)
		ok = text_at(p, page_now(p), p->regular, 9, INK, x, baseline(y, leading, 9),
			text + tw.lines[i].start, tw.lines[i].len);
	for (size_t i = 0; ok && prompt[0] && i < pw.len; i++, y -= leading)
		ok = text_at(p, page_now(p), p->bold, 9, INK, x, baseline(y, leading, 9),
			prompt + pw.lines[i].start, pw.lines[i].len);
	if (ok && prompt[0]) {
		double keep = p->y;
		p->y = y;
		ok = write_lines(p, x, width, 2, 18);
		p->y = keep;
	}
	wrap_result_free(&tw);
	wrap_result_free(&pw);
	p->y -= height + 10;
	return ok;
}

/* Each partner's own sheet for a private log: a page each, headed with
 * the partner's name, the lines running to the foot of the page. */
static bool draw_sheets(struct pdf *p)
{
	const struct handout_tracking *t = &p->h->tracking;
	if (!t->per_partner)
		return true;
	p->keep_after = 0;
	for (int k = 0; k < 2; k++) {
		const char *title = clean(p, t->sheet_titles[k] ? t->sheet_titles[k] : t->partners[k],
			false);
		const char *hint = clean(p, t->sheet_hint ? t->sheet_hint : "", false);
		const char *tip = clean(p, t->hint ? t->hint : "", false);
		double width = p->right - p->left;
		if (title == NULL || hint == NULL || tip == NULL || !new_page(p) ||
			!flow(p, title, p->bold, 18, 22, INK, p->left, width))
			return false;
		p->y -= 2;
		if ((hint[0] && !flow(p, hint, p->regular, 10, 13.5, ACCENT, p->left, width)) ||
			(tip[0] && !flow(p, tip, p->regular, 9.5, 13, MUTED, p->left, width)))
			return false;
		p->y -= 10;
		if (!draw_log(p, true))
			return false;
	}
	return true;
}

/* The closing words' height; they stay on the page of the tracking block
 * they refer to ("bring this sheet"). */
static bool closing_height(struct pdf *p, double *height)
{
	const char *closing = clean(p, p->h->closing, false);
	struct wrap_result w;
	if (closing == NULL || !wrap(p, closing, p->bold, 10.5, p->right - p->left, &w))
		return false;
	*height = closing[0] != '\0' ? (double)w.len * 15 + 4 : 0;
	wrap_result_free(&w);
	return true;
}

static bool draw_closing(struct pdf *p)
{
	const char *closing = clean(p, p->h->closing, false);
	double height;
	if (closing == NULL || !closing_height(p, &height))
		return false;
	if (closing[0] == '\0')
		return true;
	p->y -= 4;
	return need(p, height - 4) &&
		flow(p, closing, p->bold, 10.5, 15, INK, p->left, p->right - p->left);
}

/* The footer's text wrapped to the width it has; also sets p->bottom. */
static bool footer_layout(struct pdf *p, const char *footer, struct wrap_result *w)
{
	if (!wrap(p, footer, p->regular, SMALL_SIZE, p->right - p->left - 90, w))
		return false;
	size_t n = w->len ? w->len : 1;
	p->bottom = MARGIN_BOTTOM + (double)n * 11 + 22;
	return true;
}

/* Page numbers count within each handout (starts[d] .. starts[d + 1]). */
static bool draw_footers(struct pdf *p, const char *footer, const struct wrap_result *w,
	size_t ndocs)
{
	bool ok = true;
	size_t d = 0;
	for (size_t i = 0; ok && i < p->npages; i++) {
		HPDF_Page page = p->pages[i];
		while (d + 1 < ndocs && i >= p->starts[d + 1])
			d++;
		double y = p->bottom - 12;
		ok = line(p, page, RULE, 0.5, p->left, y, p->right, y);
		y -= 4;
		char label[48];
		size_t end = d + 1 < ndocs ? p->starts[d + 1] : p->npages;
		snprintf(label, sizeof label, "page %zu of %zu", i - p->starts[d] + 1,
			end - p->starts[d]);
		double lw = text_width(p, p->regular, SMALL_SIZE, label, strlen(label));
		ok = ok && text_at(p, page, p->regular, SMALL_SIZE, MUTED, p->right - lw,
			baseline(y, 11, SMALL_SIZE), label, strlen(label));
		for (size_t k = 0; ok && k < w->len; k++, y -= 11)
			ok = text_at(p, page, p->regular, SMALL_SIZE, MUTED, p->left,
				baseline(y, 11, SMALL_SIZE), footer + w->lines[k].start, w->lines[k].len);
	}
	return ok;
}

/* --- fonts ------------------------------------------------------------------------ */

/* Makes UTF-8 the document's current encoding (for UTF-8 fonts and for
 * the document's title and author). */
static bool use_utf8(struct pdf *p)
{
	return check(p, HPDF_UseUTFEncodings(p->doc)) &&
		check(p, HPDF_SetCurrentEncoder(p->doc, "UTF-8"));
}

static bool ascii_only(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* path is the file read (perhaps a lean copy); shown, the font's own path,
 * is the one named in messages. */
static bool load_coverage(struct pdf *p, int which, const char *path, const char *shown)
{
	/* FreeType reads the character map only; fontconfig's own query
	 * (FcFreeTypeQuery) loads every glyph to build its set, a tenth of a
	 * handout's time. */
	if (p->freetype == NULL && FT_Init_FreeType(&p->freetype) != 0) {
		p->freetype = NULL;
		fail(p, "font: FreeType could not start");
		return false;
	}
	if (FT_New_Face(p->freetype, path, 0, &p->face[which]) != 0) {
		p->face[which] = NULL;
		fail(p, "font: %s is not a font file FreeType can read", shown);
		return false;
	}
	if (p->face[which]->charmap == NULL) {
		fail(p, "font: %s has no Unicode character map", shown);
		return false;
	}
	return true;
}

static HPDF_Font load_font(struct pdf *p, const char *path, const char *shown)
{
	const char *name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	if (name == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_INVALID_FONT_NAME);
		char where[300];
		snprintf(where, sizeof where, "%s", shown);
		describe_hpdf_error(p, where);
		return NULL;
	}
	HPDF_Font font = HPDF_GetFont(p->doc, name, p->single_byte ? "CP1252" : "UTF-8");
	if (font == NULL)
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_INVALID_FONT_NAME);
	return font;
}

/* libharu's UTF-8 fonts write each character as its 16-bit code point
 * (Identity-H, mapped to glyphs by CIDToGIDMap), but the ToUnicode map it
 * adds is a CID map, which PDF readers reject, and text copied or
 * extracted from the PDF comes out wrong outside Windows-1252. As codes
 * are code points, the right map is the identity: every code, each block of
 * 256 one range (a range may not cross its last byte), surrogates left out;
 * except the blocks of Arabic presentation forms (FB, FE), whose codes map
 * one by one to the letters they draw. */
static bool fix_to_unicode(struct pdf *p, HPDF_Font font)
{
	HPDF_Dict cmap = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	if (cmap == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_FAILD_TO_ALLOC_MEM);
		return false;
	}
	cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Stream out = cmap->stream;
	bool ok = check(p, HPDF_Stream_WriteStr(out,
		"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"));
	/* 246 blocks as ranges (256 less the 8 of surrogates and the 2 of
	 * presentation forms), at most 100 to a section. */
	unsigned block = 0;
	char line[64];
	while (ok && block < 256) {
		unsigned in_section = 0;
		for (unsigned b = block; b < 256 && in_section < 100; b++)
			if ((b < 0xD8 || b > 0xDF) && b != 0xFB && b != 0xFE)
				in_section++;
		if (in_section == 0)
			break;
		snprintf(line, sizeof line, "%u beginbfrange\n", in_section);
		ok = check(p, HPDF_Stream_WriteStr(out, line));
		for (unsigned done = 0; ok && done < in_section; block++) {
			if ((block >= 0xD8 && block <= 0xDF) || block == 0xFB || block == 0xFE)
				continue;
			snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", block, block, block);
			ok = check(p, HPDF_Stream_WriteStr(out, line));
			done++;
		}
		ok = ok && check(p, HPDF_Stream_WriteStr(out, "endbfrange\n"));
	}
	/* The two blocks of presentation forms, code by code, 64 to a section. */
	static const unsigned one_by_one[] = { 0xFB, 0xFE };
	for (size_t k = 0; ok && k < 2; k++) {
		for (unsigned low = 0; ok && low < 256; low += 64) {
			ok = check(p, HPDF_Stream_WriteStr(out, "64 beginbfchar\n"));
			for (unsigned c = low; ok && c < low + 64; c++) {
				uint32_t code = one_by_one[k] << 8 | c, letters[2];
				size_t n = text_shape_nominal(code, letters);
				/* A ligature's letters in drawing order (alef left of
				 * lam), like the rest of the line: readers reverse
				 * right-to-left text character by character. */
				if (n == 2)
					snprintf(line, sizeof line, "<%04X> <%04X%04X>\n", (unsigned)code,
						(unsigned)letters[1], (unsigned)letters[0]);
				else
					snprintf(line, sizeof line, "<%04X> <%04X>\n", (unsigned)code,
						(unsigned)(n == 1 ? letters[0] : code));
				ok = check(p, HPDF_Stream_WriteStr(out, line));
			}
			ok = ok && check(p, HPDF_Stream_WriteStr(out, "endbfchar\n"));
		}
	}
	return ok && check(p, HPDF_Stream_WriteStr(out,
			"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")) &&
		check(p, HPDF_Dict_Add(font, "ToUnicode", cmap));
}

/* --- fallback fonts --------------------------------------------------------------- */

/* Whether the file at path is a font collection (.ttc), whose faces libharu
 * loads by index. */
static bool is_collection(const char *path)
{
	unsigned char tag[4] = { 0 };
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return false;
	size_t got = fread(tag, 1, sizeof tag, fp);
	fclose(fp);
	return got == 4 && memcmp(tag, "ttcf", 4) == 0;
}

/* Adds the fonts fontconfig ranks best for sans-serif text that have some
 * of the code points in want[0..n) (none of which the handout's own fonts
 * have), until every one is covered or MAX_FALLBACKS are taken. Only
 * TrueType outlines (.ttf, .ttc, and .otf that are TrueType inside):
 * libharu cannot embed CFF (most .otf). Finds what it can; a font it
 * cannot read is passed over, so characters may stay uncovered. */
static void find_fallbacks(struct pdf *p, const uint32_t *want, size_t n)
{
	bool *covered = calloc(n, sizeof *covered);
	FcPattern *pattern = NULL;
	FcFontSet *set = NULL;
	FcResult result;
	if (covered == NULL || !FcInit())
		goto cleanup;
	pattern = FcNameParse((const FcChar8 *)"sans-serif");
	if (pattern == NULL || !FcConfigSubstitute(NULL, pattern, FcMatchPattern))
		goto cleanup;
	FcDefaultSubstitute(pattern);
	set = FcFontSort(NULL, pattern, FcFalse, NULL, &result);
	size_t left = n;
	for (int f = 0; set != NULL && f < set->nfont && left > 0 &&
		p->nfallbacks < MAX_FALLBACKS; f++) {
		FcPattern *font = set->fonts[f];
		FcChar8 *file = NULL, *format = NULL;
		FcCharSet *charset = NULL;
		int index = 0;
		if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
			FcPatternGetString(font, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
			strcmp((const char *)format, "TrueType") != 0 ||
			FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) != FcResultMatch)
			continue;
		if (FcPatternGetInteger(font, FC_INDEX, 0, &index) != FcResultMatch)
			index = 0;
		if (index < 0 || index > 0xFFFF) /* a named instance of a variable font */
			continue;
		bool useful = false;
		for (size_t i = 0; i < n && !useful; i++)
			useful = !covered[i] && FcCharSetHasChar(charset, want[i]);
		if (!useful)
			continue;
		FT_Face face = NULL;
		if (FT_New_Face(p->freetype, (const char *)file, index, &face) != 0)
			continue;
		char *path = strdup((const char *)file);
		uint32_t *cps = malloc(n * sizeof *cps);
		size_t gained = 0;
		for (size_t i = 0; cps != NULL && i < n; i++)
			if (!covered[i] && face_has(face, want[i])) {
				covered[i] = true;
				cps[gained++] = want[i];
			}
		if (gained == 0 || path == NULL || cps == NULL || face->charmap == NULL) {
			free(path);
			free(cps);
			FT_Done_Face(face);
			continue;
		}
		left -= gained;
		p->fallback[p->nfallbacks++] = (struct fallback){ face, NULL, path, index, cps, gained };
	}
cleanup:
	if (set != NULL)
		FcFontSetDestroy(set);
	if (pattern != NULL)
		FcPatternDestroy(pattern);
	free(covered);
}

static void drop_fallback(struct pdf *p, size_t i)
{
	FT_Done_Face(p->fallback[i].face);
	free(p->fallback[i].path);
	free(p->fallback[i].cps);
	p->fallback[i] = (struct fallback){ NULL, NULL, NULL, 0, NULL, 0 };
}

/* Loads the fallback fonts into the document. One libharu refuses (a
 * licence that forbids embedding, a character map it cannot read) is
 * dropped, and the characters only it had are then missing. False only
 * when something else failed. */
static bool load_fallbacks(struct pdf *p)
{
	for (size_t i = 0; i < p->nfallbacks && !p->failed; i++) {
		struct fallback *fb = &p->fallback[i];
		/* A lean copy of just the characters it draws: a CJK font is
		 * megabytes, and libharu loses the parts of composite glyphs
		 * (花, 李) when it embeds from a collection, so a face of one is
		 * used only through its copy. */
		char lean[1100], scratch[600] = "";
		const char *path = font_lean_face_path(fb->path, fb->index, p->h->font_cache_dir,
			fb->cps, fb->ncps, lean, sizeof lean);
		bool collection = is_collection(fb->path);
		if (path == fb->path && collection) {
			/* No cache folder: a private one for this handout alone
			 * (libharu keeps an embedded font in memory once loaded). */
			const char *tmp = getenv("TMPDIR");
			snprintf(scratch, sizeof scratch, "%s/dyad-font-XXXXXX",
				tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
			if (mkdtemp(scratch) != NULL)
				path = font_lean_face_path(fb->path, fb->index, scratch, fb->cps, fb->ncps,
					lean, sizeof lean);
			else
				scratch[0] = '\0';
		}
		const char *name = path == fb->path && collection ? NULL
			: HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
		if (scratch[0] != '\0') {
			if (path != fb->path)
				unlink(path);
			rmdir(scratch);
		}
		HPDF_Font font = name != NULL ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
		if (font == NULL) {
			/* Only this font failed: forget libharu's complaint about it. */
			HPDF_ResetError(p->doc);
			p->failed = false;
			p->err->hpdf_status = 0;
			p->err->hpdf_detail = 0;
			p->io_errno = 0;
			drop_fallback(p, i);
			continue;
		}
		fb->font = font;
		if (!fix_to_unicode(p, font))
			return false;
	}
	return !p->failed;
}

/* --- every string, by the name a person knows it by ------------------------------- */

struct field {
	const char *label;  /* "the title"; "step %zu" with number */
	size_t number;
	const char *text;
	bool name;          /* a partner's name: it must print */
};

/* The handout's strings, the partners' names first, then a canvas's
 * (canvas.h); *n set. Caller frees. */
static struct field *handout_fields(const struct pdf *p, size_t *n)
{
	const struct handout *h = p->h;
	const struct handout_tracking *t = &h->tracking;
	const struct field one[] = {
		{ "the first partner's name", 0, t->partners[0], true },
		{ "the second partner's name", 0, t->partners[1], true },
		{ "the line under the title", 0, h->subtitle, true },
		{ "the practice's name", 0, h->header_left, false },
		{ "the date", 0, h->header_right, false },
		{ "the title", 0, h->title, false },
		{ "the line under the names", 0, h->meta, false },
		{ "the note's heading", 0, h->note_heading, false },
		{ "the note", 0, h->note, false },
		{ "the introduction", 0, h->introduction, false },
		{ "the steps' heading", 0, h->steps_heading, false },
		{ "the closing words", 0, h->closing, false },
		{ "the footer", 0, h->footer, false },
		{ "the tracking heading", 0, t->heading, false },
		{ "the tracking hint", 0, t->hint, false },
		{ "the tally's label", 0, t->tally_label, false },
		{ "the total's label", 0, t->total_label, false },
		{ "the author", 0, h->author, false },
		{ "the list's heading", 0, h->list_heading, false },
		{ "the safety heading", 0, h->safety_heading, false },
		{ "the safety words", 0, h->safety, false },
		{ "the safety prompt", 0, h->safety_prompt, false },
		{ "the plan's heading", 0, t->plan_heading, false },
		{ "the first sheet's title", 0, t->sheet_titles[0], false },
		{ "the second sheet's title", 0, t->sheet_titles[1], false },
		{ "the sheets' hint", 0, t->sheet_hint, false },
	};
	size_t nfixed = sizeof one / sizeof one[0];
	size_t total = nfixed + h->nsteps + h->nlist + t->nfields + t->ncolumns + t->nrows +
		p->nextra;
	struct field *f = calloc(total, sizeof *f);
	if (f == NULL)
		return NULL;
	memcpy(f, one, sizeof one);
	size_t k = nfixed;
	for (size_t i = 0; i < h->nsteps; i++)
		f[k++] = (struct field){ "step %zu", i + 1, h->steps[i], false };
	for (size_t i = 0; i < h->nlist; i++)
		f[k++] = (struct field){ "list entry %zu", i + 1, h->list[i], false };
	for (size_t i = 0; i < t->nfields; i++)
		f[k++] = (struct field){ "the plan field %zu", i + 1, t->fields[i], false };
	for (size_t i = 0; i < t->ncolumns; i++)
		f[k++] = (struct field){ "the tracking column %zu", i + 1, t->columns[i], false };
	for (size_t i = 0; i < t->nrows; i++)
		f[k++] = (struct field){ "the tracking row %zu", i + 1, t->rows[i], false };
	for (size_t i = 0; i < p->nextra; i++)
		f[k++] = (struct field){ p->extra[i].label, 0, p->extra[i].text, p->extra[i].name };
	*n = k;
	return f;
}

static void field_label(const struct field *f, char *out, size_t size)
{
	if (f->number == 0) { /* a plain label, perhaps a canvas's own */
		snprintf(out, size, "%s", f->label);
		return;
	}
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	snprintf(out, size, f->label, f->number);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

/* Calls fn for each character of s as drawn (drawn_form), stopping when it
 * returns false. False when memory ran out. */
static bool each_drawn(struct pdf *p, const char *s, bool (*fn)(void *, uint32_t), void *ctx)
{
	size_t n = strlen(s);
	if (text_shape_needs_bidi(s, n)) {
		if (text_shape_visual(s, n, &p->visual, &p->visual_cap, &n) != 0) {
			fail(p, "pdf: out of memory");
			return false;
		}
		s = p->visual;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0xFFFD;
		size_t k = report_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k != 0 && !fn(ctx, cp))
			break;
		i += k ? k : 1;
	}
	return true;
}

struct missing {
	const struct pdf *p;
	uint8_t *bits;        /* one bit per code point up to U+FFFF */
	uint32_t *list;       /* each once, in order of first use */
	size_t n, cap;
	bool primary_only;    /* test the handout's own fonts, not the fallbacks */
};

static bool note_missing(void *ctx, uint32_t cp)
{
	struct missing *m = ctx;
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true;
	if (cp > 0xFFFF) {
		/* No font helps: libharu writes 16-bit codes. */
		if (m->primary_only)
			return true;
	} else {
		if ((m->bits[cp >> 3] & (1u << (cp & 7))) != 0)
			return true;
		bool has = m->primary_only ? face_has(m->p->face[0], cp) || primary_has(m->p, cp)
			: font_has(m->p, cp);
		if (has)
			return true;
		m->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
	if (m->n == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 32;
		uint32_t *q = realloc(m->list, ncap * sizeof *q);
		if (q == NULL)
			return false;
		m->list = q;
		m->cap = ncap;
	}
	m->list[m->n++] = cp;
	return true;
}

/* Finds fallback fonts for the characters of the handout that its own
 * fonts lack (fontconfig is only started when there are some). */
static bool cover_characters(struct pdf *p)
{
	size_t nfields = 0;
	struct field *fields = handout_fields(p, &nfields);
	struct missing m = { p, calloc(8192, 1), NULL, 0, 0, true };
	bool ok = fields != NULL && m.bits != NULL;
	if (!ok)
		fail(p, "pdf: out of memory");
	for (size_t i = 0; ok && i < nfields; i++)
		if (fields[i].text != NULL)
			ok = each_drawn(p, fields[i].text, note_missing, &m);
	if (ok && m.n > 0)
		find_fallbacks(p, m.list, m.n);
	free(fields);
	free(m.bits);
	free(m.list);
	return ok;
}

/* Refuses, with the field named, text that would print wrongly: a
 * partner's name with a character no font has (elsewhere such a character
 * becomes a visible mark), and any text in a script that needs shaping. */
static bool refuse_unprintable(struct pdf *p)
{
	size_t nfields = 0;
	struct field *fields = handout_fields(p, &nfields);
	if (fields == NULL) {
		fail(p, "pdf: out of memory");
		return false;
	}
	for (size_t i = 0; !p->failed && i < nfields; i++) {
		const char *text = fields[i].text;
		if (text == NULL)
			continue;
		char label[96];
		field_label(&fields[i], label, sizeof label);
		const char *script = text_shape_unsupported(text, strlen(text));
		if (script != NULL) {
			fail(p, "%s is written in %s, whose letters must be joined and reordered "
				"(shaped) in ways handouts cannot do yet; it would print wrongly, so no "
				"%s was written", label, script, p->what);
			break;
		}
		if (!fields[i].name)
			continue;
		struct missing m = { p, calloc(8192, 1), NULL, 0, 0, false };
		if (m.bits == NULL || !each_drawn(p, text, note_missing, &m)) {
			fail(p, "pdf: out of memory");
		} else if (m.n > 0) {
			char chars[200] = "";
			size_t used = 0;
			for (size_t k = 0; k < m.n && k < 6 && used < sizeof chars - 40; k++) {
				char one[8] = { 0 };
				uint32_t cp = m.list[k];
				if (cp < 0x80) {
					one[0] = (char)cp;
				} else if (cp < 0x800) {
					one[0] = (char)(0xC0 | (cp >> 6));
					one[1] = (char)(0x80 | (cp & 0x3F));
				} else if (cp < 0x10000) {
					one[0] = (char)(0xE0 | (cp >> 12));
					one[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
					one[2] = (char)(0x80 | (cp & 0x3F));
				} else {
					one[0] = (char)(0xF0 | (cp >> 18));
					one[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
					one[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
					one[3] = (char)(0x80 | (cp & 0x3F));
				}
				used += (size_t)snprintf(chars + used, sizeof chars - used, "%s%s (U+%04X)",
					k ? ", " : "", one, (unsigned)cp);
			}
			if (m.n > 6)
				snprintf(chars + used, sizeof chars - used, " and %zu more", m.n - 6);
			fail(p, "%s has characters no installed font can print: %s; install a font "
				"that has them (on Debian, fonts-noto-core for most scripts, "
				"fonts-wqy-microhei for Chinese, Japanese and Korean)", label, chars);
		}
		free(m.bits);
		free(m.list);
	}
	free(fields);
	return !p->failed;
}

/* Where Debian and Ubuntu's fonts-dejavu-core (the package dyad installs)
 * puts the default family. Starting fontconfig parses every configuration
 * file on the system, a fifth of a handout's time, so a family found here
 * is taken without asking it, unless fontconfig was pointed at another
 * configuration ($FONTCONFIG_FILE, $FONTCONFIG_PATH): then it decides. */
static const struct {
	const char *family;
	bool bold;
	const char *path;
} known_fonts[] = {
	{ "DejaVu Sans", false, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" },
	{ "DejaVu Sans", true, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" },
};

static bool known_font(const char *family, bool bold, char *out, size_t size)
{
	if (getenv("FONTCONFIG_FILE") != NULL || getenv("FONTCONFIG_PATH") != NULL)
		return false;
	for (size_t i = 0; i < sizeof known_fonts / sizeof known_fonts[0]; i++) {
		struct stat sb;
		if (known_fonts[i].bold == bold && strcasecmp(known_fonts[i].family, family) == 0 &&
			stat(known_fonts[i].path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			strlen(known_fonts[i].path) < size) {
			snprintf(out, size, "%s", known_fonts[i].path);
			return true;
		}
	}
	return false;
}

int handout_find_font(const char *family, bool bold, char *out, size_t size,
	struct handout_error *err)
{
	memset(err, 0, sizeof *err);
	int rc = -1;
	FcPattern *want = NULL, *match = NULL;
	FcResult result;
	if (known_font(family, bold, out, size))
		return 0;
	if (!FcInit()) {
		snprintf(err->message, sizeof err->message, "font: fontconfig could not start");
		return -1;
	}
	want = FcPatternCreate();
	if (want == NULL || !FcPatternAddString(want, FC_FAMILY, (const FcChar8 *)family) ||
		!FcPatternAddInteger(want, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR) ||
		!FcPatternAddInteger(want, FC_SLANT, FC_SLANT_ROMAN) ||
		!FcConfigSubstitute(NULL, want, FcMatchPattern)) {
		snprintf(err->message, sizeof err->message, "font: out of memory");
		goto cleanup;
	}
	FcDefaultSubstitute(want);
	match = FcFontMatch(NULL, want, &result);
	FcChar8 *got_family = NULL, *file = NULL, *format = NULL;
	int weight = 0;
	if (match == NULL || FcPatternGetString(match, FC_FAMILY, 0, &got_family) != FcResultMatch ||
		strcasecmp((const char *)got_family, family) != 0 ||
		FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
		snprintf(err->message, sizeof err->message,
			"font: %s is not installed (on Debian: apt install fonts-dejavu-core), or set "
			"handout.font to a TrueType file", family);
		goto cleanup;
	}
	if (FcPatternGetString(match, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
		strcmp((const char *)format, "TrueType") != 0) {
		snprintf(err->message, sizeof err->message,
			"font: %s is a %s font; handouts need TrueType (set handout.font to a .ttf file)",
			family, (const char *)format);
		goto cleanup;
	}
	if (bold && (FcPatternGetInteger(match, FC_WEIGHT, 0, &weight) != FcResultMatch ||
			weight < FC_WEIGHT_DEMIBOLD)) {
		/* No bold face: the caller uses the regular one for headings. */
		snprintf(err->message, sizeof err->message, "font: %s has no bold face", family);
		goto cleanup;
	}
	if (strlen((const char *)file) >= size) {
		snprintf(err->message, sizeof err->message, "font: the path of %s is too long", family);
		goto cleanup;
	}
	snprintf(out, size, "%s", (const char *)file);
	rc = 0;
cleanup:
	if (match != NULL)
		FcPatternDestroy(match);
	if (want != NULL)
		FcPatternDestroy(want);
	return rc;
}

/* --- the whole document ----------------------------------------------------------- */

/* The document's language (/Lang in the catalog, for screen readers and
 * text to speech), and readers told to show its title, not the file name. */
static bool set_language(struct pdf *p, const char *language)
{
	if (language == NULL || language[0] == '\0')
		return true;
	HPDF_String lang = HPDF_String_New(p->doc->mmgr, language, NULL);
	if (lang == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_FAILD_TO_ALLOC_MEM);
		return false;
	}
	HPDF_Dict prefs = HPDF_Dict_New(p->doc->mmgr);
	if (prefs == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_FAILD_TO_ALLOC_MEM);
		return false;
	}
	return check(p, HPDF_Dict_Add(p->doc->catalog, "Lang", lang)) &&
		check(p, HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE)) &&
		check(p, HPDF_Dict_Add(p->doc->catalog, "ViewerPreferences", prefs));
}

static bool valid_page_size(double w, double h)
{
	return w >= 144 && h >= 144 && w <= 14400 && h <= 14400;
}

int handout_save_pdf(const struct handout *h, const char *path,
	struct handout_result *result, struct handout_error *err)
{
	return handout_save_pdf_many(&h, 1, path, result, err);
}

/* Starts p's document for the handouts hs[0..n) (n >= 1; fonts, paper and
 * cache are hs[0]'s) and any canvas strings in p->extra: what the fonts
 * can show, fallback fonts for the rest, the encoding, the fonts loaded,
 * and the refusals of refuse_unprintable. False with p->err filled. */
static bool document_open(struct pdf *p, const struct handout *const *hs, size_t n)
{
	const struct handout *h = hs[0];
	/* What the fonts can show is read from lean copies of the whole fonts
	 * when a cache is given (the same glyphs, less to read). */
	char lean[2][1100];
	const char *regular_path = font_lean_path(h->font_path, h->font_cache_dir, NULL, 0,
		lean[0], sizeof lean[0]);
	const char *bold_path = h->bold_font_path == NULL ? NULL
		: strcmp(h->bold_font_path, h->font_path) == 0 ? regular_path
		: font_lean_path(h->bold_font_path, h->font_cache_dir, NULL, 0, lean[1],
			sizeof lean[1]);
	if (!load_coverage(p, 0, regular_path, h->font_path) ||
		(bold_path != NULL && !load_coverage(p, 1, bold_path, h->bold_font_path)))
		return false;
	if (!cover_characters(p))
		return false;
	p->replacement = font_has(p, 0xFFFD) ? "\xEF\xBF\xBD" : "?";
	p->single_byte = true;
	for (size_t i = 0; i < n; i++)
		p->single_byte = p->single_byte && handout_fits_single_byte(p, hs[i]);
	for (size_t i = 0; i < p->nextra; i++)
		p->single_byte = p->single_byte && fits_single_byte(p, p->extra[i].text);
	/* Text all in Windows-1252 needs only those glyphs: libharu then reads
	 * and embeds fonts of about 250 glyphs instead of 6,000, a handout takes
	 * 40% less time and its file is a fifth the size. */
	char subset[2][1100];
	if (p->single_byte && h->font_cache_dir != NULL) {
		uint32_t cps[256];
		size_t ncps = cp1252_code_points(cps);
		bool same = bold_path == regular_path;
		regular_path = font_lean_path(h->font_path, h->font_cache_dir, cps, ncps, subset[0],
			sizeof subset[0]);
		if (bold_path != NULL)
			bold_path = same ? regular_path : font_lean_path(h->bold_font_path,
				h->font_cache_dir, cps, ncps, subset[1], sizeof subset[1]);
	}
	p->doc = HPDF_New(on_hpdf_error, p);
	if (p->doc == NULL) {
		fail(p, "pdf: out of memory");
		return false;
	}
	/* Page content is always compressed. The embedded fonts are not, in
	 * single-byte mode: zlib at libharu's fixed level took 40% of a
	 * handout's time, and with the Windows-1252 subsets a one-page handout
	 * is about 32 KB anyway (300 KB from the whole fonts, without a cache).
	 * The UTF-8 fonts' character maps are large and compress well, so that
	 * mode compresses everything. */
	if (!check(p, HPDF_SetCompressionMode(p->doc, p->single_byte
				? HPDF_COMP_TEXT | HPDF_COMP_IMAGE : HPDF_COMP_ALL)) ||
		(!p->single_byte && !use_utf8(p)))
		return false;
	if ((p->regular = load_font(p, regular_path, h->font_path)) == NULL)
		return false;
	p->bold = p->regular;
	if (bold_path != NULL && bold_path != regular_path &&
		(p->bold = load_font(p, bold_path, h->bold_font_path)) == NULL)
		return false;
	if (!p->single_byte && (!fix_to_unicode(p, p->regular) ||
			(p->bold != p->regular && !fix_to_unicode(p, p->bold)) || !load_fallbacks(p)))
		return false;
	return refuse_unprintable(p);
}

/* The document's title, author and language, then the file written. */
static bool document_save(struct pdf *p, const struct handout *h, const char *path,
	struct handout_result *result)
{
	const char *title = clean(p, h->title, false);
	const char *author = clean(p, h->author, false);
	/* The document's title and author are UTF-8 text: plain ASCII needs no
	 * encoder, anything else libharu's UTF-8 one (which single-byte fonts
	 * otherwise never need: building it is a 65,536-entry map). */
	if (title == NULL || author == NULL ||
		(p->single_byte && (!ascii_only(title) || !ascii_only(author)) && !use_utf8(p)) ||
		!check(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title)) ||
		!check(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "dyad")) ||
		!set_language(p, h->language) ||
		(author[0] != '\0' && !check(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, author))))
		return false;
	if (!check(p, HPDF_SaveToFile(p->doc, path)))
		return false;
	if (result != NULL) {
		result->pages = (int)p->npages;
		result->replaced = p->replaced;
	}
	return true;
}

/* Frees everything p holds; the message is completed first when libharu
 * failed without one. Returns 0, or -1 when p failed. */
static int document_release(struct pdf *p, const char *path)
{
	if (p->failed && p->err->message[0] == '\0')
		describe_hpdf_error(p, path);
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (int i = 0; i < 2; i++)
		if (p->face[i] != NULL)
			FT_Done_Face(p->face[i]);
	for (size_t i = 0; i < p->nfallbacks; i++)
		if (p->fallback[i].face != NULL)
			drop_fallback(p, i);
	free(p->visual);
	if (p->freetype != NULL)
		FT_Done_FreeType(p->freetype);
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->pages);
	free(p->starts);
	free(p->buf);
	free(p->scratch);
	return p->failed ? -1 : 0;
}

int handout_save_pdf_many(const struct handout *const *hs, size_t n, const char *path,
	struct handout_result *result, struct handout_error *err)
{
	const struct handout *h = n > 0 ? hs[0] : NULL;
	struct pdf p;
	struct wrap_result footer_lines = { NULL, 0 };
	const char *footer = NULL;
	memset(&p, 0, sizeof p);
	memset(err, 0, sizeof *err);
	if (result != NULL)
		memset(result, 0, sizeof *result);
	p.h = h;
	p.err = err;
	p.what = "handout";
	if (h == NULL) {
		fail(&p, "pdf: there is no handout to write");
		goto cleanup;
	}
	if ((p.starts = calloc(n, sizeof *p.starts)) == NULL) {
		fail(&p, "pdf: out of memory");
		goto cleanup;
	}
	if (h->title == NULL || h->font_path == NULL || !valid_page_size(h->page_width, h->page_height)) {
		fail(&p, "pdf: a handout needs a title, a font and a page size between 2 and 200 inches");
		goto cleanup;
	}
	if (!document_open(&p, hs, n))
		goto cleanup;

	/* Large print lays the handout out on a smaller page and draws it
	 * scaled up to the real one (new_page): type, rules and boxes grow
	 * together, and the text flows on to more pages as it needs. */
	p.scale = h->large_print ? LARGE_SCALE : 1.0;
	double margins = h->large_print ? LARGE_MARGINS : 1.0;
	p.left = MARGIN_X * margins;
	p.right = h->page_width / p.scale - MARGIN_X * margins;
	p.top = h->page_height / p.scale - MARGIN_TOP * margins;
	if ((footer = clean(&p, h->footer, false)) == NULL || !footer_layout(&p, footer, &footer_lines))
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		p.h = hs[i];
		p.doc_start = p.starts[i] = p.npages;
		if (!new_page(&p) || !draw_header(&p) || !draw_title(&p) || !draw_note(&p) ||
			!draw_introduction(&p) || !draw_steps(&p) || !draw_list(&p) || !draw_plan(&p) || !draw_safety(&p) ||
			!draw_tracking(&p) || !draw_closing(&p) || !draw_sheets(&p))
			goto cleanup;
	}
	p.h = h;
	if (!draw_footers(&p, footer, &footer_lines, n))
		goto cleanup;
	document_save(&p, h, path, result);
cleanup:
	wrap_result_free(&footer_lines);
	return document_release(&p, path);
}

/* --- a canvas for the other writers (canvas.h) ---------------------------------- */

struct canvas {
	struct pdf pdf;
};

int canvas_save_pdf(const struct canvas_spec *spec, canvas_draw_fn draw, void *ctx,
	const char *path, struct handout_result *result, struct handout_error *err)
{
	struct canvas c;
	struct pdf *p = &c.pdf;
	/* The handout machinery reads its fonts, cache, title and paper from
	 * a handout: one with nothing else in it. */
	struct handout h = {
		.title = spec->title,
		.author = spec->author,
		.language = spec->language,
		.font_path = spec->font_path,
		.bold_font_path = spec->bold_font_path,
		.font_cache_dir = spec->font_cache_dir,
		.page_width = spec->page_width,
		.page_height = spec->page_height,
	};
	const struct handout *hs[1] = { &h };
	memset(p, 0, sizeof *p);
	memset(err, 0, sizeof *err);
	if (result != NULL)
		memset(result, 0, sizeof *result);
	p->h = &h;
	p->err = err;
	p->what = spec->what != NULL ? spec->what : "document";
	p->extra = spec->texts;
	p->nextra = spec->ntexts;
	p->scale = 1.0;
	if (h.title == NULL || h.font_path == NULL || draw == NULL ||
		!valid_page_size(h.page_width, h.page_height)) {
		fail(p, "pdf: a %s needs a title, a font and a page size between 2 and 200 inches",
			p->what);
		goto cleanup;
	}
	if (!document_open(p, hs, 1))
		goto cleanup;
	p->left = 0;
	p->right = h.page_width;
	p->top = h.page_height;
	if (!draw(&c, ctx) || p->failed)
		goto cleanup;
	document_save(p, &h, path, result);
cleanup:
	return document_release(p, path);
}

HPDF_Page canvas_add_page(struct canvas *c)
{
	struct pdf *p = &c->pdf;
	if (p->failed)
		return NULL;
	if (p->npages == p->pages_cap) {
		size_t ncap = p->pages_cap ? p->pages_cap * 2 : 4;
		HPDF_Page *q = realloc(p->pages, ncap * sizeof *q);
		if (q == NULL) {
			fail(p, "pdf: out of memory");
			return NULL;
		}
		p->pages = q;
		p->pages_cap = ncap;
	}
	HPDF_Page page = HPDF_AddPage(p->doc);
	if (page == NULL) {
		check(p, HPDF_GetError(p->doc) ? HPDF_GetError(p->doc) : HPDF_FAILD_TO_ALLOC_MEM);
		return NULL;
	}
	if (!check(p, HPDF_Page_SetWidth(page, (HPDF_REAL)p->h->page_width)) ||
		!check(p, HPDF_Page_SetHeight(page, (HPDF_REAL)p->h->page_height)))
		return NULL;
	p->pages[p->npages++] = page;
	return page;
}

bool canvas_check(struct canvas *c, HPDF_STATUS status)
{
	return check(&c->pdf, status);
}

bool canvas_fail(struct canvas *c, const char *message)
{
	fail(&c->pdf, "%s", message);
	return false;
}

/* The string as the fonts show it (clean), or NULL after a failure. */
static const char *canvas_clean(struct canvas *c, const char *s)
{
	return c->pdf.failed ? NULL : clean(&c->pdf, s, false);
}

double canvas_text_width(struct canvas *c, bool bold, double size, const char *s)
{
	struct pdf *p = &c->pdf;
	const char *t = canvas_clean(c, s);
	if (t == NULL)
		return 0;
	return text_width(p, bold ? p->bold : p->regular, size, t, strlen(t));
}

bool canvas_text(struct canvas *c, HPDF_Page page, bool bold, double size, float r, float g,
	float b, double x, double base, const char *s)
{
	struct pdf *p = &c->pdf;
	const char *t = canvas_clean(c, s);
	struct rgb colour = { r, g, b };
	return t != NULL && text_at(p, page, bold ? p->bold : p->regular, size, colour, x, base, t,
		strlen(t));
}

bool canvas_wrap(struct canvas *c, const char *s, bool bold, double size, double width,
	struct canvas_lines *out)
{
	struct pdf *p = &c->pdf;
	memset(out, 0, sizeof *out);
	const char *t = canvas_clean(c, s);
	if (t == NULL)
		return false;
	out->text = t;
	return wrap(p, t, bold ? p->bold : p->regular, size, width, &out->lines);
}
