/* handout.c: lays out a homework handout and writes it with libharu.
 * Every libharu status is checked; libharu's error handler only records
 * into the layout context (no longjmp), and the first failure stops the
 * work. Text is wrapped by wrap.c on libharu's own measurements. */
#include "reports/handout.h"

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

#include "reports/font_lean.h"
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

#define MARGIN_X 54.0
#define MARGIN_TOP 44.0
#define MARGIN_BOTTOM 30.0
#define MAX_PAGES 400

/* Type sizes and line heights, in points. */
#define TITLE_SIZE 23.0
#define TITLE_LEADING 28.0
#define BODY_SIZE 10.5
#define BODY_LEADING 14.5
#define SMALL_SIZE 8.5
#define HEADING_SIZE 13.5

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

/* Decodes one UTF-8 character of s (n > 0 bytes); 0 bytes used means an
 * invalid byte, which counts as one. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
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

static bool font_has(const struct pdf *p, uint32_t cp)
{
	/* libharu's UTF-8 path writes 16-bit glyph codes: nothing past U+FFFF. */
	if (cp > 0xFFFF)
		return false;
	for (int i = 0; i < 2; i++)
		if (p->face[i] != NULL && FT_Get_Char_Index(p->face[i], cp) == 0)
			return false;
	return true;
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
		size_t k = decode((const unsigned char *)s + i, n - i, &cp);
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
		size_t k = decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0)
			return false;
		if (cp != '\n' && cp != '\t' && cp != '\r' && (cp1252_byte(cp) == 0 || !font_has(p, cp)))
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
		t->heading, t->hint, t->partners[0], t->partners[1], t->tally_label, t->total_label };
	return list_fits_single_byte(p, one, sizeof one / sizeof one[0]) &&
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
			size_t k = decode((const unsigned char *)s + i, n - i, &cp);
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

/* The width of s[0..n) in points. libharu's HPDF_Page_MeasureText is this
 * same call on the page's current font; asking the font directly lets us
 * measure without writing font changes into the page. */
static double measure(void *ctx, const char *s, size_t n)
{
	struct measure *m = ctx;
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
		if (m->p->single_byte) {
			if (!for_fonts(m->p, &m->p->scratch, &m->p->scratch_cap, s, k, &len))
				return total;
			piece = m->p->scratch;
		}
		HPDF_REAL width = 0;
		HPDF_Font_MeasureText(m->font, (const HPDF_BYTE *)piece, (HPDF_UINT)len, 1e7f,
			(HPDF_REAL)m->size, 0, 0, HPDF_FALSE, &width);
		total += width;
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
	if (!for_fonts(p, &p->buf, &p->buf_cap, s, n, &len))
		return false;
	return check(p, HPDF_Page_BeginText(page)) &&
		check(p, HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size)) &&
		check(p, HPDF_Page_SetRGBFill(page, c.r, c.g, c.b)) &&
		check(p, HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)base, p->buf)) &&
		check(p, HPDF_Page_EndText(page));
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
	p->y = p->top;
	if (p->npages > 1) {
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
	p->y -= 18;
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
	if (subtitle[0] != '\0' && !flow(p, subtitle, p->regular, 13, 18, ACCENT, p->left, width))
		return false;
	if (meta[0] != '\0' && !flow(p, meta, p->regular, 9.5, 14, MUTED, p->left, width))
		return false;
	p->y -= 13;
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
	const double pad = 11, bar = 3.5, leading = 15, size = 10.5;
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
	p->y -= 18;
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
			p->y -= 6;
		}
		s += n;
		while (*s == '\n')
			s++;
	}
	p->y -= 8;
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
	double height = (double)w.len * 18 + 5;
	wrap_result_free(&w);
	if (!need(p, height + keep_with_next))
		return false;
	bool ok = flow(p, t, p->bold, HEADING_SIZE, 18, ACCENT, p->left, p->right - p->left);
	p->y -= 5;
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
		p->y -= 4;
	}
	p->y -= 5;
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
#define ROW_MIN 24.0

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

/* Grid and tally: a label column, then per column a space per partner. */
static bool draw_rows_block(struct pdf *p)
{
	const struct handout_tracking *t = &p->h->tracking;
	bool tally = t->kind == HANDOUT_TALLY;
	size_t ncol = tally ? 1 : t->ncolumns;
	size_t nrows = t->nrows + (tally ? 1 : 0);
	double width = p->right - p->left;
	bool ok = true;
	if (ncol == 0 || t->nrows == 0) {
		fail(p, "pdf: the tracking block has no %s", ncol == 0 ? "columns" : "rows");
		return false;
	}
	/* The label column is as wide as its longest label, within reason. */
	double label_w = 72;
	for (size_t r = 0; r < nrows; r++) {
		const char *label = clean(p, r < t->nrows ? t->rows[r] : t->total_label, false);
		if (label == NULL)
			return false;
		double w = text_width(p, p->regular, 10, label, strlen(label)) + 2 * CELL_PAD;
		if (w > label_w)
			label_w = w;
	}
	if (label_w > width * 0.3)
		label_w = width * 0.3;
	double sub_w = (width - label_w) / (double)(2 * ncol);

	struct cell *heads = calloc(ncol, sizeof *heads);
	struct cell names[2];
	struct cell *labels = calloc(nrows, sizeof *labels);
	memset(names, 0, sizeof names);
	if (heads == NULL || labels == NULL) {
		free(heads);
		free(labels);
		fail(p, "pdf: out of memory");
		return false;
	}
	double head_h = 0, names_h = 0;
	for (size_t c = 0; ok && c < ncol; c++) {
		ok = cell_make(p, &heads[c], tally ? t->tally_label : t->columns[c], p->bold, 9.5, 12,
			INK, 2 * sub_w - 2 * CELL_PAD);
		if (ok && cell_height(&heads[c]) > head_h)
			head_h = cell_height(&heads[c]);
	}
	for (int k = 0; ok && k < 2; k++) {
		ok = cell_make(p, &names[k], t->partners[k], p->regular, SMALL_SIZE, 10.5, MUTED,
			sub_w - 6);
		if (ok && cell_height(&names[k]) > names_h)
			names_h = cell_height(&names[k]);
	}
	double body_h = 0;
	for (size_t r = 0; ok && r < nrows; r++) {
		bool total = r == t->nrows;
		ok = cell_make(p, &labels[r], total ? t->total_label : t->rows[r],
			total ? p->bold : p->regular, 10, 13, INK, label_w - 2 * CELL_PAD);
		double h = cell_height(&labels[r]) + 12;
		body_h += h > ROW_MIN ? h : ROW_MIN;
	}
	head_h += 10;
	names_h += 7;
	double block_h = head_h + names_h + body_h;
	ok = ok && tracking_heading(p, block_h + p->keep_after) && need(p, block_h + p->keep_after);

	double top = p->y, x0 = p->left, x1 = p->left + label_w;
	/* The head: column names over both partners' spaces, then the names. */
	ok = ok && fill_rect(p, TINT, x0, top - head_h - names_h, width, head_h + names_h);
	for (size_t c = 0; ok && c < ncol; c++) {
		double cx = x1 + (double)c * 2 * sub_w;
		ok = cell_draw(p, &heads[c], cx + CELL_PAD, 2 * sub_w - 2 * CELL_PAD, top, head_h, true);
		for (int k = 0; ok && k < 2; k++)
			ok = cell_draw(p, &names[k], cx + k * sub_w + 3, sub_w - 6, top - head_h, names_h,
				true);
	}
	/* The rows. */
	double y = top - head_h - names_h;
	for (size_t r = 0; ok && r < nrows; r++) {
		bool total = r == t->nrows;
		double h = cell_height(&labels[r]) + 12;
		if (h < ROW_MIN)
			h = ROW_MIN;
		if (total)
			ok = fill_rect(p, TINT, x0, y - h, width, h);
		else if (r % 2 == 1)
			ok = fill_rect(p, ZEBRA, x0, y - h, width, h);
		ok = ok && cell_draw(p, &labels[r], x0 + CELL_PAD, label_w - 2 * CELL_PAD, y, h, false);
		if (!tally) {
			const double size = 13;
			for (size_t s = 0; ok && s < 2 * ncol; s++)
				ok = box(p, x1 + (double)s * sub_w + (sub_w - size) / 2, y - h / 2 - size / 2, size);
		}
		ok = ok && line(p, page_now(p), RULE, 0.5, x0, y - h, p->right, y - h);
		y -= h;
	}
	/* The frame: strong lines between columns, light ones between partners. */
	HPDF_Page page = ok ? page_now(p) : NULL;
	double bottom = y;
	ok = ok && line(p, page, RULE, 0.5, x0, top - head_h, p->right, top - head_h) &&
		line(p, page, RULE, 0.8, x0, top - head_h - names_h, p->right, top - head_h - names_h);
	for (size_t c = 0; ok && c < ncol; c++) {
		double cx = x1 + (double)c * 2 * sub_w;
		ok = line(p, page, RULE, 0.8, cx, top, cx, bottom) &&
			line(p, page, RULE, 0.4, cx + sub_w, top - head_h, cx + sub_w, bottom);
	}
	ok = ok && check(p, HPDF_Page_SetRGBStroke(page, RULE.r, RULE.g, RULE.b)) &&
		check(p, HPDF_Page_SetLineWidth(page, 0.8f)) &&
		check(p, HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)bottom, (HPDF_REAL)width,
			(HPDF_REAL)(top - bottom))) &&
		check(p, HPDF_Page_Stroke(page));
	p->y = bottom - 14;

	for (size_t c = 0; c < ncol; c++)
		cell_free(&heads[c]);
	for (size_t r = 0; r < nrows; r++)
		cell_free(&labels[r]);
	cell_free(&names[0]);
	cell_free(&names[1]);
	free(heads);
	free(labels);
	return ok;
}

/* Log: headings over ruled lines to write on. */
static bool draw_log(struct pdf *p)
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
	const double row_h = 27;
	double block_h = head_h + lines * row_h;
	ok = ok && tracking_heading(p, block_h + p->keep_after) && need(p, block_h + p->keep_after);
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
	if (p->h->tracking.kind == HANDOUT_LOG)
		return draw_log(p);
	return draw_rows_block(p);
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

static bool draw_footers(struct pdf *p, const char *footer, const struct wrap_result *w)
{
	bool ok = true;
	for (size_t i = 0; ok && i < p->npages; i++) {
		HPDF_Page page = p->pages[i];
		double y = p->bottom - 12;
		ok = line(p, page, RULE, 0.5, p->left, y, p->right, y);
		y -= 4;
		char label[48];
		snprintf(label, sizeof label, "page %zu of %zu", i + 1, p->npages);
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

static bool valid_page_size(double w, double h)
{
	return w >= 144 && h >= 144 && w <= 14400 && h <= 14400;
}

int handout_save_pdf(const struct handout *h, const char *path,
	struct handout_result *result, struct handout_error *err)
{
	struct pdf p;
	struct wrap_result footer_lines = { NULL, 0 };
	const char *footer = NULL;
	memset(&p, 0, sizeof p);
	memset(err, 0, sizeof *err);
	if (result != NULL)
		memset(result, 0, sizeof *result);
	p.h = h;
	p.err = err;
	if (h->title == NULL || h->font_path == NULL || !valid_page_size(h->page_width, h->page_height)) {
		fail(&p, "pdf: a handout needs a title, a font and a page size between 2 and 200 inches");
		goto cleanup;
	}
	/* What the fonts can show is read from lean copies of the whole fonts
	 * when a cache is given (the same glyphs, less to read). */
	char lean[2][1100];
	const char *regular_path = font_lean_path(h->font_path, h->font_cache_dir, NULL, 0,
		lean[0], sizeof lean[0]);
	const char *bold_path = h->bold_font_path == NULL ? NULL
		: strcmp(h->bold_font_path, h->font_path) == 0 ? regular_path
		: font_lean_path(h->bold_font_path, h->font_cache_dir, NULL, 0, lean[1],
			sizeof lean[1]);
	if (!load_coverage(&p, 0, regular_path, h->font_path) ||
		(bold_path != NULL && !load_coverage(&p, 1, bold_path, h->bold_font_path)))
		goto cleanup;
	p.replacement = font_has(&p, 0xFFFD) ? "\xEF\xBF\xBD" : "?";
	p.single_byte = handout_fits_single_byte(&p, h);
	/* Text all in Windows-1252 needs only those glyphs: libharu then reads
	 * and embeds fonts of about 250 glyphs instead of 6,000, a handout takes
	 * 40% less time and its file is a fifth the size. */
	char subset[2][1100];
	if (p.single_byte && h->font_cache_dir != NULL) {
		uint32_t cps[256];
		size_t ncps = cp1252_code_points(cps);
		bool same = bold_path == regular_path;
		regular_path = font_lean_path(h->font_path, h->font_cache_dir, cps, ncps, subset[0],
			sizeof subset[0]);
		if (bold_path != NULL)
			bold_path = same ? regular_path : font_lean_path(h->bold_font_path,
				h->font_cache_dir, cps, ncps, subset[1], sizeof subset[1]);
	}
	p.doc = HPDF_New(on_hpdf_error, &p);
	if (p.doc == NULL) {
		fail(&p, "pdf: out of memory");
		goto cleanup;
	}
	/* Page content is always compressed. The embedded fonts are not, in
	 * single-byte mode: zlib at libharu's fixed level took 40% of a
	 * handout's time, and with the Windows-1252 subsets a one-page handout
	 * is about 32 KB anyway (300 KB from the whole fonts, without a cache).
	 * The UTF-8 fonts' character maps are large and compress well, so that
	 * mode compresses everything. */
	if (!check(&p, HPDF_SetCompressionMode(p.doc, p.single_byte
				? HPDF_COMP_TEXT | HPDF_COMP_IMAGE : HPDF_COMP_ALL)) ||
		(!p.single_byte && !use_utf8(&p)))
		goto cleanup;
	if ((p.regular = load_font(&p, regular_path, h->font_path)) == NULL)
		goto cleanup;
	p.bold = p.regular;
	if (bold_path != NULL && bold_path != regular_path &&
		(p.bold = load_font(&p, bold_path, h->bold_font_path)) == NULL)
		goto cleanup;

	p.left = MARGIN_X;
	p.right = h->page_width - MARGIN_X;
	p.top = h->page_height - MARGIN_TOP;
	if ((footer = clean(&p, h->footer, false)) == NULL || !footer_layout(&p, footer, &footer_lines))
		goto cleanup;
	if (!new_page(&p) || !draw_header(&p) || !draw_title(&p) || !draw_note(&p) ||
		!draw_introduction(&p) || !draw_steps(&p) || !draw_list(&p) || !draw_tracking(&p) || !draw_closing(&p) ||
		!draw_footers(&p, footer, &footer_lines))
		goto cleanup;

	const char *title = clean(&p, h->title, false);
	const char *author = clean(&p, h->author, false);
	/* The document's title and author are UTF-8 text: plain ASCII needs no
	 * encoder, anything else libharu's UTF-8 one (which single-byte fonts
	 * otherwise never need: building it is a 65,536-entry map). */
	if (title == NULL || author == NULL ||
		(p.single_byte && (!ascii_only(title) || !ascii_only(author)) && !use_utf8(&p)) ||
		!check(&p, HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, title)) ||
		!check(&p, HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "dyad")) ||
		(author[0] != '\0' && !check(&p, HPDF_SetInfoAttr(p.doc, HPDF_INFO_AUTHOR, author))))
		goto cleanup;
	if (!check(&p, HPDF_SaveToFile(p.doc, path)))
		goto cleanup;
	if (result != NULL) {
		result->pages = (int)p.npages;
		result->replaced = p.replaced;
	}

cleanup:
	if (p.failed && err->message[0] == '\0')
		describe_hpdf_error(&p, path);
	wrap_result_free(&footer_lines);
	if (p.doc != NULL)
		HPDF_Free(p.doc);
	for (int i = 0; i < 2; i++)
		if (p.face[i] != NULL)
			FT_Done_Face(p.face[i]);
	if (p.freetype != NULL)
		FT_Done_FreeType(p.freetype);
	for (size_t i = 0; i < p.nowned; i++)
		free(p.owned[i]);
	free(p.owned);
	free(p.pages);
	free(p.buf);
	free(p.scratch);
	return p.failed ? -1 : 0;
}
