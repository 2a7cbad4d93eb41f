/* record.c: draws a couple's whole record (record.h) on a canvas
 * (canvas.h), which lends it the handout's fonts, shaping and wrapping. */
#include "reports/record.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/canvas.h"

struct rgb {
	float r, g, b;
};

static const struct rgb INK = { 0.13f, 0.15f, 0.18f };
static const struct rgb ACCENT = { 0.06f, 0.39f, 0.43f };
static const struct rgb MUTED = { 0.38f, 0.41f, 0.45f };
static const struct rgb RULE = { 0.74f, 0.77f, 0.79f };

#define MARGIN_X 54.0
#define MARGIN_TOP 40.0
#define MARGIN_BOTTOM 44.0
#define TITLE_SIZE 20.0
#define COUPLE_SIZE 13.0
#define PART_SIZE 13.0
#define ENTRY_SIZE 10.5
#define BODY_SIZE 9.5
#define SMALL_SIZE 8.0
#define LABEL_WIDTH 120.0   /* a field's label column */
#define TEXT_INDENT 12.0    /* free text sits in a little from the labels */

struct layout {
	const struct record *r;
	struct canvas *c;
	HPDF_Page page;
	HPDF_Page *pages;   /* every page, for "page N of M" at the end */
	size_t npages, pages_cap;
	double left, right, top, bottom;
	double y;           /* the top of the next line */
	char *line;         /* one wrapped line, NUL-terminated */
	size_t line_cap;
};

static double leading(double size)
{
	return size * 1.35;
}

static bool stroke_rule(struct layout *l, double y)
{
	struct canvas *c = l->c;
	HPDF_Page p = l->page;
	return canvas_check(c, HPDF_Page_SetRGBStroke(p, RULE.r, RULE.g, RULE.b)) &&
		canvas_check(c, HPDF_Page_SetLineWidth(p, 0.6f)) &&
		canvas_check(c, HPDF_Page_MoveTo(p, (HPDF_REAL)l->left, (HPDF_REAL)y)) &&
		canvas_check(c, HPDF_Page_LineTo(p, (HPDF_REAL)l->right, (HPDF_REAL)y)) &&
		canvas_check(c, HPDF_Page_Stroke(p));
}

static bool text_right(struct layout *l, bool bold, double size, struct rgb colour,
	double right, double base, const char *s)
{
	double w = canvas_text_width(l->c, bold, size, s);
	return canvas_text(l->c, l->page, bold, size, colour.r, colour.g, colour.b, right - w, base,
		s);
}

/* The byte range of one wrapped line as a string of its own. */
static const char *line_text(struct layout *l, const struct canvas_lines *w, size_t i)
{
	const struct wrap_line *wl = &w->lines.lines[i];
	if (wl->len + 1 > l->line_cap) {
		char *q = realloc(l->line, wl->len + 1);
		if (q == NULL) {
			canvas_fail(l->c, "pdf: out of memory");
			return NULL;
		}
		l->line = q;
		l->line_cap = wl->len + 1;
	}
	memcpy(l->line, w->text + wl->start, wl->len);
	l->line[wl->len] = '\0';
	return l->line;
}

/* A new page with its header: the couple on the left, the date on the right. */
static bool new_page(struct layout *l)
{
	const struct record *r = l->r;
	if (l->npages == l->pages_cap) {
		size_t ncap = l->pages_cap ? l->pages_cap * 2 : 8;
		HPDF_Page *q = realloc(l->pages, ncap * sizeof *q);
		if (q == NULL)
			return canvas_fail(l->c, "pdf: out of memory");
		l->pages = q;
		l->pages_cap = ncap;
	}
	if ((l->page = canvas_add_page(l->c)) == NULL)
		return false;
	l->pages[l->npages++] = l->page;
	double base = l->top - SMALL_SIZE;
	double date_w = r->header_right != NULL
		? canvas_text_width(l->c, false, SMALL_SIZE, r->header_right) : 0;
	if (r->header_right != NULL &&
		!text_right(l, false, SMALL_SIZE, MUTED, l->right, base, r->header_right))
		return false;
	/* The couple's name, cut to its first line when it is long: the title
	 * page shows it whole. */
	struct canvas_lines w;
	if (!canvas_wrap(l->c, r->couple, true, SMALL_SIZE, l->right - l->left - date_w - 24, &w))
		return false;
	/* Its own copy: new_page runs in the middle of drawing lines held in
	 * l->line. */
	size_t n = w.lines.len > 0 ? w.lines.lines[0].len : 0;
	char *first = malloc(n + 1);
	if (first != NULL) {
		memcpy(first, w.text + (n > 0 ? w.lines.lines[0].start : 0), n);
		first[n] = '\0';
	}
	bool ok = first != NULL ? canvas_text(l->c, l->page, true, SMALL_SIZE, MUTED.r, MUTED.g,
		MUTED.b, l->left, base, first) : canvas_fail(l->c, "pdf: out of memory");
	free(first);
	wrap_result_free(&w.lines);
	if (!ok || !stroke_rule(l, base - 6))
		return false;
	l->y = base - 18;
	return true;
}

/* Starts a new page unless height more points fit on this one. */
static bool room_for(struct layout *l, double height)
{
	if (l->y - height >= l->bottom)
		return true;
	return new_page(l);
}

/* Draws s wrapped at width from x, a line at a time, turning the page
 * whenever a line does not fit: nothing is ever cut. */
static bool flow(struct layout *l, const char *s, bool bold, double size, struct rgb colour,
	double x, double width)
{
	struct canvas_lines w;
	if (!canvas_wrap(l->c, s != NULL ? s : "", bold, size, width, &w))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < w.lines.len; i++) {
		/* The page first: a new page's header uses the line buffer too. */
		ok = room_for(l, leading(size));
		const char *t = ok ? line_text(l, &w, i) : NULL;
		if (t != NULL) {
			l->y -= leading(size);
			ok = canvas_text(l->c, l->page, bold, size, colour.r, colour.g, colour.b, x,
				l->y + size * 0.3, t);
		} else {
			ok = false;
		}
	}
	wrap_result_free(&w.lines);
	return ok;
}

/* The lines of s at width, counted (for keeping a heading with what follows). */
static bool line_count(struct layout *l, const char *s, bool bold, double size, double width,
	size_t *n)
{
	struct canvas_lines w;
	if (!canvas_wrap(l->c, s != NULL ? s : "", bold, size, width, &w))
		return false;
	*n = w.lines.len;
	wrap_result_free(&w.lines);
	return true;
}

/* Free text: each '\n'-separated line wrapped on its own, so the writer's
 * line breaks and paragraphs stay as written. */
static bool draw_text(struct layout *l, const char *s, double size, struct rgb colour)
{
	double x = l->left + TEXT_INDENT, width = l->right - x;
	const char *p = s != NULL ? s : "";
	char *piece = NULL;
	bool ok = true;
	while (ok) {
		const char *end = strchr(p, '\n');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		char *q = realloc(piece, n + 1);
		if (q == NULL) {
			ok = canvas_fail(l->c, "pdf: out of memory");
			break;
		}
		piece = q;
		memcpy(piece, p, n);
		piece[n] = '\0';
		if (n == 0)
			l->y -= leading(size) * 0.6;  /* a paragraph's gap */
		else
			ok = flow(l, piece, false, size, colour, x, width);
		if (end == NULL)
			break;
		p = end + 1;
	}
	free(piece);
	return ok;
}

/* A label and its value side by side, row by row, so a long value can
 * run on to the next page. */
static bool draw_field(struct layout *l, const char *label, const char *value)
{
	double value_x = l->left + LABEL_WIDTH, width = l->right - value_x;
	struct canvas_lines lw, vw;
	memset(&vw, 0, sizeof vw);
	if (!canvas_wrap(l->c, label != NULL ? label : "", true, BODY_SIZE, LABEL_WIDTH - 10, &lw))
		return false;
	bool ok = canvas_wrap(l->c, value != NULL ? value : "", false, BODY_SIZE, width, &vw);
	/* Copies: line_text has one buffer, and a row draws two lines. */
	char *label_line = NULL;
	size_t rows = lw.lines.len > vw.lines.len ? lw.lines.len : vw.lines.len;
	/* A short field stays whole on one page; a long one runs on. */
	if (ok && rows <= 4)
		ok = room_for(l, (double)rows * leading(BODY_SIZE));
	for (size_t i = 0; ok && i < rows; i++) {
		if (!(ok = room_for(l, leading(BODY_SIZE))))
			break;
		l->y -= leading(BODY_SIZE);
		double base = l->y + BODY_SIZE * 0.3;
		if (i < lw.lines.len) {
			const char *t = line_text(l, &lw, i);
			free(label_line);
			label_line = t != NULL ? strdup(t) : NULL;
			ok = label_line != NULL ? canvas_text(l->c, l->page, true, BODY_SIZE, MUTED.r,
				MUTED.g, MUTED.b, l->left, base, label_line)
				: canvas_fail(l->c, "pdf: out of memory");
		}
		if (ok && i < vw.lines.len) {
			const char *t = line_text(l, &vw, i);
			ok = t != NULL && canvas_text(l->c, l->page, false, BODY_SIZE, INK.r, INK.g,
				INK.b, value_x, base, t);
		}
	}
	free(label_line);
	wrap_result_free(&lw.lines);
	wrap_result_free(&vw.lines);
	return ok;
}

/* A part's heading, kept on a page with room for a few lines under it. */
static bool draw_part(struct layout *l, const char *s)
{
	size_t n = 0;
	double width = l->right - l->left;
	if (!line_count(l, s, true, PART_SIZE, width, &n))
		return false;
	l->y -= 14;
	if (!room_for(l, (double)n * leading(PART_SIZE) + 6 + 4 * leading(BODY_SIZE)) ||
		!flow(l, s, true, PART_SIZE, ACCENT, l->left, width))
		return false;
	l->y -= 3;
	if (!stroke_rule(l, l->y))
		return false;
	l->y -= 4;
	return true;
}

static bool draw_entry(struct layout *l, const char *s)
{
	size_t n = 0;
	double width = l->right - l->left;
	if (!line_count(l, s, true, ENTRY_SIZE, width, &n))
		return false;
	l->y -= 8;
	return room_for(l, (double)n * leading(ENTRY_SIZE) + 2 * leading(BODY_SIZE)) &&
		flow(l, s, true, ENTRY_SIZE, INK, l->left, width);
}

/* The title on the first page: what the document is and whose. */
static bool draw_title(struct layout *l)
{
	double width = l->right - l->left;
	if (!flow(l, l->r->title, true, TITLE_SIZE, ACCENT, l->left, width))
		return false;
	l->y -= 2;
	return flow(l, l->r->couple, false, COUPLE_SIZE, INK, l->left, width);
}

/* "page N of M" under every page, once the pages are all there. */
static bool draw_footers(struct layout *l)
{
	const struct record *r = l->r;
	double base = l->bottom - 22;
	for (size_t i = 0; i < l->npages; i++) {
		char number[64];
		snprintf(number, sizeof number, "page %zu of %zu", i + 1, l->npages);
		l->page = l->pages[i];
		double number_w = canvas_text_width(l->c, false, SMALL_SIZE, number);
		if (!text_right(l, false, SMALL_SIZE, MUTED, l->right, base, number))
			return false;
		if (r->footer == NULL || r->footer[0] == '\0')
			continue;
		struct canvas_lines w;
		if (!canvas_wrap(l->c, r->footer, false, SMALL_SIZE, l->right - l->left - number_w - 24,
				&w))
			return false;
		const char *t = w.lines.len > 0 ? line_text(l, &w, 0) : "";
		bool ok = t != NULL && canvas_text(l->c, l->page, false, SMALL_SIZE, MUTED.r, MUTED.g,
			MUTED.b, l->left, base, t);
		wrap_result_free(&w.lines);
		if (!ok)
			return false;
	}
	return true;
}

static bool draw_record(struct canvas *c, void *ctx)
{
	struct layout *l = ctx;
	const struct record *r = l->r;
	l->c = c;
	l->left = MARGIN_X;
	l->right = r->page_width - MARGIN_X;
	l->top = r->page_height - MARGIN_TOP;
	l->bottom = MARGIN_BOTTOM;
	if (!new_page(l) || !draw_title(l))
		return false;
	for (size_t i = 0; i < r->nitems; i++) {
		const struct record_item *it = &r->items[i];
		bool ok = true;
		if (it->text == NULL)
			continue;
		switch (it->kind) {
		case RECORD_PART:
			ok = draw_part(l, it->text);
			break;
		case RECORD_ENTRY:
			ok = draw_entry(l, it->text);
			break;
		case RECORD_FIELD:
			ok = draw_field(l, it->label, it->text);
			break;
		case RECORD_TEXT:
			l->y -= 3;
			ok = draw_text(l, it->text, BODY_SIZE, INK);
			l->y -= 3;
			break;
		case RECORD_REMARK:
			ok = flow(l, it->text, false, BODY_SIZE, MUTED, l->left, l->right - l->left);
			break;
		}
		if (!ok)
			return false;
	}
	return draw_footers(l);
}

int record_save_pdf(const struct record *r, const char *path, struct handout_result *result,
	struct handout_error *err)
{
	/* Every string drawn, for the fonts and the refusals: the names first,
	 * which must print. */
	size_t cap = 8 + 2 * r->nitems, n = 0;
	struct canvas_text *texts = calloc(cap, sizeof *texts);
	if (texts == NULL) {
		memset(err, 0, sizeof *err);
		snprintf(err->message, sizeof err->message, "pdf: out of memory");
		return -1;
	}
	texts[n++] = (struct canvas_text){ "the first partner's name", r->partners[0], true };
	texts[n++] = (struct canvas_text){ "the second partner's name", r->partners[1], true };
	texts[n++] = (struct canvas_text){ "the couple's name", r->couple, true };
	texts[n++] = (struct canvas_text){ "the title", r->title, false };
	texts[n++] = (struct canvas_text){ "the date", r->header_right, false };
	texts[n++] = (struct canvas_text){ "the footer", r->footer, false };
	texts[n++] = (struct canvas_text){ "the page numbers", "page 0123456789 of", false };
	texts[n++] = (struct canvas_text){ "the author", r->author, false };
	for (size_t i = 0; i < r->nitems; i++) {
		if (r->items[i].label != NULL)
			texts[n++] = (struct canvas_text){ "a label", r->items[i].label, false };
		if (r->items[i].text != NULL)
			texts[n++] = (struct canvas_text){ "the record's text", r->items[i].text, false };
	}
	struct canvas_spec spec = {
		.title = r->title,
		.author = r->author,
		.language = r->language,
		.what = "record",
		.font_path = r->font_path,
		.bold_font_path = r->bold_font_path,
		.font_cache_dir = r->font_cache_dir,
		.page_width = r->page_width,
		.page_height = r->page_height,
		.texts = texts,
		.ntexts = n,
	};
	struct layout l;
	memset(&l, 0, sizeof l);
	l.r = r;
	int rc = canvas_save_pdf(&spec, draw_record, &l, path, result, err);
	free(l.pages);
	free(l.line);
	free(texts);
	return rc;
}
