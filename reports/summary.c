/* summary.c: draws the one-page progress summary (summary.h) on a canvas
 * (canvas.h), which lends it the handout's fonts and text. */
#include "reports/summary.h"

#include <hpdf.h>
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
static const struct rgb GRID = { 0.90f, 0.91f, 0.92f };
static const struct rgb TINT = { 0.925f, 0.955f, 0.955f };
/* The partners' colours: two hues of the same strength, so neither line
 * stands out over the other. */
static const struct rgb PARTNER[2] = {
	{ 0.17f, 0.42f, 0.69f },
	{ 0.78f, 0.42f, 0.13f },
};

#define MARGIN_X 50.0
#define MARGIN_TOP 38.0
#define MARGIN_BOTTOM 30.0
#define TITLE_SIZE 20.0
#define COUPLE_SIZE 13.0
#define BODY_SIZE 10.0
#define READING_SIZE 9.0
#define SMALL_SIZE 7.5
#define HEADING_SIZE 11.5
#define CHART_HEIGHT 72.0
#define AXIS_WIDTH 30.0
#define CUTOFF_GUTTER 52.0  /* right of the chart: the cutoff's label */
#define LINE_WIDTH 1.4
#define MARKER 2.6         /* a circle's radius; the square has the same area */
#define BLOCK_GAP 12.0

struct layout {
	const struct summary *s;
	struct canvas *c;
	HPDF_Page page;
	double left, right, top, bottom;
	double y;
	size_t shown;
};

static double leading(double size)
{
	return size * 1.3;
}

/* The lines of text at width; false on failure. */
static bool lines_of(struct layout *l, const char *text, bool bold, double size, double width,
	struct canvas_lines *out)
{
	return canvas_wrap(l->c, text != NULL ? text : "", bold, size, width, out);
}

/* The height text takes wrapped at width, in points. */
static bool height_of(struct layout *l, const char *text, bool bold, double size, double width,
	double *h)
{
	struct canvas_lines w;
	bool ok = lines_of(l, text, bold, size, width, &w);
	*h = ok ? (double)w.lines.len * leading(size) : 0;
	wrap_result_free(&w.lines);
	return ok;
}

/* Draws text wrapped at width from the top y down; *y is moved below it. */
static bool flow(struct layout *l, const char *text, bool bold, double size, struct rgb c,
	double x, double width, double *y)
{
	struct canvas_lines w;
	bool ok = lines_of(l, text, bold, size, width, &w);
	char *line = NULL;
	for (size_t i = 0; ok && i < w.lines.len; i++) {
		const struct wrap_line *wl = &w.lines.lines[i];
		char *q = realloc(line, wl->len + 1);
		if (q == NULL) {
			ok = canvas_fail(l->c, "pdf: out of memory");
			break;
		}
		line = q;
		memcpy(line, w.text + wl->start, wl->len);
		line[wl->len] = '\0';
		*y -= leading(size);
		ok = canvas_text(l->c, l->page, bold, size, c.r, c.g, c.b, x, *y + size * 0.28, line);
	}
	free(line);
	wrap_result_free(&w.lines);
	return ok;
}

static bool stroke_line(struct layout *l, struct rgb c, double width, double x1, double y1,
	double x2, double y2)
{
	struct canvas *cv = l->c;
	HPDF_Page p = l->page;
	return canvas_check(cv, HPDF_Page_SetRGBStroke(p, c.r, c.g, c.b)) &&
		canvas_check(cv, HPDF_Page_SetLineWidth(p, (HPDF_REAL)width)) &&
		canvas_check(cv, HPDF_Page_MoveTo(p, (HPDF_REAL)x1, (HPDF_REAL)y1)) &&
		canvas_check(cv, HPDF_Page_LineTo(p, (HPDF_REAL)x2, (HPDF_REAL)y2)) &&
		canvas_check(cv, HPDF_Page_Stroke(p));
}

/* Partner p's marker centred at (x, y): a circle for A, a square of the
 * same area for B, so the two read apart in black and white too. */
static bool marker(struct layout *l, int partner, double x, double y)
{
	struct canvas *cv = l->c;
	HPDF_Page p = l->page;
	struct rgb c = PARTNER[partner];
	if (!canvas_check(cv, HPDF_Page_SetRGBFill(p, c.r, c.g, c.b)))
		return false;
	if (partner == 0) {
		if (!canvas_check(cv, HPDF_Page_Circle(p, (HPDF_REAL)x, (HPDF_REAL)y,
				(HPDF_REAL)MARKER)))
			return false;
	} else {
		double side = MARKER * 1.7725; /* sqrt(pi): the circle's area */
		if (!canvas_check(cv, HPDF_Page_Rectangle(p, (HPDF_REAL)(x - side / 2),
				(HPDF_REAL)(y - side / 2), (HPDF_REAL)side, (HPDF_REAL)side)))
			return false;
	}
	return canvas_check(cv, HPDF_Page_Fill(p));
}

static bool text_right(struct layout *l, bool bold, double size, struct rgb c, double right,
	double base, const char *s)
{
	double w = canvas_text_width(l->c, bold, size, s);
	return canvas_text(l->c, l->page, bold, size, c.r, c.g, c.b, right - w, base, s);
}

/* --- the top of the page ---------------------------------------------------------- */

static bool draw_header(struct layout *l)
{
	const struct summary *s = l->s;
	double width = l->right - l->left;
	double date_w = s->header_right ? canvas_text_width(l->c, false, SMALL_SIZE + 1,
		s->header_right) : 0;
	double y = l->y;
	if (s->header_right != NULL &&
		!text_right(l, false, SMALL_SIZE + 1, MUTED, l->right, y - leading(SMALL_SIZE + 1) +
			(SMALL_SIZE + 1) * 0.28, s->header_right))
		return false;
	if (s->header_left != NULL && s->header_left[0] != '\0' &&
		!flow(l, s->header_left, false, SMALL_SIZE + 1, MUTED, l->left, width - date_w - 20, &y))
		return false;
	if (y == l->y)
		y -= leading(SMALL_SIZE + 1);
	y -= 5;
	if (!stroke_line(l, RULE, 0.6, l->left, y, l->right, y))
		return false;
	l->y = y - 12;
	return true;
}

static bool draw_title(struct layout *l)
{
	const struct summary *s = l->s;
	double width = l->right - l->left;
	double y = l->y;
	if (!flow(l, s->title, true, TITLE_SIZE, ACCENT, l->left, width, &y) ||
		!flow(l, s->couple, false, COUPLE_SIZE, INK, l->left, width, &y))
		return false;
	y -= 2;
	if (s->period != NULL && !flow(l, s->period, false, BODY_SIZE, MUTED, l->left, width, &y))
		return false;
	l->y = y - 8;
	return true;
}

/* The two partners side by side, each with their marker and colour. The
 * names are in the regular face: a name the bold face cannot show is drawn
 * from a regular fallback font, and one name must not look heavier than
 * the other. */
static bool draw_legend(struct layout *l)
{
	const struct summary *s = l->s;
	double half = (l->right - l->left) / 2;
	double lowest = l->y;
	for (int p = 0; p < 2; p++) {
		double x = l->left + half * p;
		double y = l->y;
		if (!marker(l, p, x + 6, y - leading(BODY_SIZE) / 2 - 1) ||
			!stroke_line(l, PARTNER[p], LINE_WIDTH, x, y - leading(BODY_SIZE) / 2 - 1, x + 12,
				y - leading(BODY_SIZE) / 2 - 1) ||
			!flow(l, s->partners[p], false, BODY_SIZE, INK, x + 18, half - 24, &y))
			return false;
		if (y < lowest)
			lowest = y;
	}
	l->y = lowest - 10;
	return true;
}

/* --- one measure ------------------------------------------------------------------ */

/* The readings' two columns. */
static void reading_columns(const struct layout *l, double x[2], double *width)
{
	double half = (l->right - l->left) / 2;
	x[0] = l->left + 12;
	x[1] = l->left + half + 12;
	*width = half - 18;
}

/* The height of measure m's block. */
static bool block_height(struct layout *l, const struct summary_measure *m, double *h)
{
	double heading, reading[2], x[2], width;
	reading_columns(l, x, &width);
	if (!height_of(l, m->name, true, HEADING_SIZE, l->right - l->left, &heading) ||
		!height_of(l, m->reading[0], false, READING_SIZE, width, &reading[0]) ||
		!height_of(l, m->reading[1], false, READING_SIZE, width, &reading[1]))
		return false;
	*h = heading + 4 + CHART_HEIGHT + 16 + (reading[0] > reading[1] ? reading[0] : reading[1]) +
		BLOCK_GAP;
	return true;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static bool draw_chart(struct layout *l, const struct summary_measure *m, double top)
{
	struct canvas *cv = l->c;
	HPDF_Page page = l->page;
	double x0 = l->left + AXIS_WIDTH, x1 = l->right - CUTOFF_GUTTER;
	double y1 = top - 4, y0 = top - CHART_HEIGHT + 4;
	double range = m->scale_max - m->scale_min;
	if (!(range > 0))
		range = 1;
	/* The plot area, a faint frame and a middle grid line. */
	if (!canvas_check(cv, HPDF_Page_SetRGBFill(page, 0.985f, 0.988f, 0.99f)) ||
		!canvas_check(cv, HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)y0,
			(HPDF_REAL)(x1 - x0), (HPDF_REAL)(y1 - y0))) ||
		!canvas_check(cv, HPDF_Page_Fill(page)) ||
		!stroke_line(l, GRID, 0.5, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2) ||
		!stroke_line(l, RULE, 0.7, x0, y0, x1, y0) ||
		!stroke_line(l, RULE, 0.7, x0, y0, x0, y1))
		return false;
	/* The scale's two ends on the axis. */
	for (int e = 0; e < 2; e++) {
		const char *label = m->scale_labels[e];
		double y = e == 0 ? y0 : y1;
		if (label != NULL && (!stroke_line(l, RULE, 0.7, x0 - 3, y, x0, y) ||
				!text_right(l, false, SMALL_SIZE, MUTED, x0 - 5, y - SMALL_SIZE * 0.35, label)))
			return false;
	}
	/* The cutoff, dashed, with its label just above it at the right (below
	 * it when it sits near the top). */
	if (m->has_cutoff && m->cutoff >= m->scale_min && m->cutoff <= m->scale_max) {
		double y = y0 + (m->cutoff - m->scale_min) / range * (y1 - y0);
		const HPDF_UINT16 dash[2] = { 4, 3 };
		if (!canvas_check(cv, HPDF_Page_SetDash(page, dash, 2, 0)) ||
			!stroke_line(l, MUTED, 0.9, x0, y, x1, y) ||
			!canvas_check(cv, HPDF_Page_SetDash(page, NULL, 0, 0)))
			return false;
		/* The label in the gutter to the right, level with the line, where
		 * it never covers a score: "healthy line" over the number. */
		if (m->cutoff_label != NULL && m->cutoff_value != NULL) {
			double mid = clamp(y, y0 + SMALL_SIZE, y1 - SMALL_SIZE);
			if (!stroke_line(l, MUTED, 0.6, x1, y, x1 + 4, y) ||
				!canvas_text(cv, page, false, SMALL_SIZE, MUTED.r, MUTED.g, MUTED.b, x1 + 6,
					mid + 1.5, m->cutoff_label) ||
				!canvas_text(cv, page, true, SMALL_SIZE, MUTED.r, MUTED.g, MUTED.b, x1 + 6,
					mid - SMALL_SIZE - 0.5, m->cutoff_value))
				return false;
		}
	}
	/* The sessions along the bottom by date; one session sits in the middle. */
	long first = m->npoints ? m->points[0].day : 0;
	long last = m->npoints ? m->points[m->npoints - 1].day : 0;
	double pad = 10;
	for (int p = 0; p < 2; p++) {
		bool started = false;
		double px = 0, py = 0;
		for (size_t i = 0; i < m->npoints; i++) {
			const struct summary_point *pt = &m->points[i];
			if (!pt->present[p])
				continue;
			double x = last > first ? x0 + pad + (double)(pt->day - first) /
				(double)(last - first) * (x1 - x0 - 2 * pad) : (x0 + x1) / 2;
			double y = y0 + (clamp(pt->value[p], m->scale_min, m->scale_max) - m->scale_min) /
				range * (y1 - y0);
			if (started && !stroke_line(l, PARTNER[p], LINE_WIDTH, px, py, x, y))
				return false;
			started = true;
			px = x;
			py = y;
		}
		for (size_t i = 0; i < m->npoints; i++) {
			const struct summary_point *pt = &m->points[i];
			if (!pt->present[p])
				continue;
			double x = last > first ? x0 + pad + (double)(pt->day - first) /
				(double)(last - first) * (x1 - x0 - 2 * pad) : (x0 + x1) / 2;
			double y = y0 + (clamp(pt->value[p], m->scale_min, m->scale_max) - m->scale_min) /
				range * (y1 - y0);
			if (!marker(l, p, x, y))
				return false;
		}
	}
	/* The first and the last date under the ends. */
	double base = y0 - SMALL_SIZE - 3;
	if (m->first_date != NULL && !canvas_text(cv, page, false, SMALL_SIZE, MUTED.r, MUTED.g,
			MUTED.b, last > first ? x0 + pad - 4 : (x0 + x1) / 2 -
			canvas_text_width(cv, false, SMALL_SIZE, m->first_date) / 2, base, m->first_date))
		return false;
	if (last > first && m->last_date != NULL &&
		!text_right(l, false, SMALL_SIZE, MUTED, x1 - pad + 4, base, m->last_date))
		return false;
	return true;
}

static bool draw_measure(struct layout *l, const struct summary_measure *m)
{
	double y = l->y, x[2], width;
	if (!flow(l, m->name, true, HEADING_SIZE, INK, l->left, l->right - l->left, &y))
		return false;
	y -= 4;
	if (!draw_chart(l, m, y))
		return false;
	y -= CHART_HEIGHT + 16;
	reading_columns(l, x, &width);
	double lowest = y;
	for (int p = 0; p < 2; p++) {
		double ry = y;
		if (!marker(l, p, x[p] - 7, ry - leading(READING_SIZE) / 2 - 0.5) ||
			!flow(l, m->reading[p], false, READING_SIZE, INK, x[p], width, &ry))
			return false;
		if (ry < lowest)
			lowest = ry;
	}
	l->y = lowest - BLOCK_GAP;
	return true;
}

/* --- the whole page --------------------------------------------------------------- */

static bool draw_empty(struct layout *l)
{
	double width = l->right - l->left, h;
	if (!height_of(l, l->s->empty, false, BODY_SIZE + 1, width - 28, &h))
		return false;
	HPDF_Page page = l->page;
	double top = l->y - 6;
	if (!canvas_check(l->c, HPDF_Page_SetRGBFill(page, TINT.r, TINT.g, TINT.b)) ||
		!canvas_check(l->c, HPDF_Page_Rectangle(page, (HPDF_REAL)l->left,
			(HPDF_REAL)(top - h - 24), (HPDF_REAL)width, (HPDF_REAL)(h + 24))) ||
		!canvas_check(l->c, HPDF_Page_Fill(page)))
		return false;
	double y = top - 12;
	if (!flow(l, l->s->empty, false, BODY_SIZE + 1, INK, l->left + 14, width - 28, &y))
		return false;
	l->y = y - 24;
	return true;
}

static const char *more_line(const struct summary *s, size_t shown)
{
	if (s->more == NULL || shown > s->nmeasures)
		return NULL;
	const char *m = s->more[shown];
	return m != NULL && m[0] != '\0' ? m : NULL;
}

static bool draw_page(struct canvas *c, void *ctx)
{
	struct layout *l = ctx;
	const struct summary *s = l->s;
	l->c = c;
	if ((l->page = canvas_add_page(c)) == NULL)
		return false;
	l->left = MARGIN_X;
	l->right = s->page_width - MARGIN_X;
	l->top = s->page_height - MARGIN_TOP;
	l->bottom = MARGIN_BOTTOM;
	l->y = l->top;
	double width = l->right - l->left;
	if (!draw_header(l) || !draw_title(l))
		return false;
	if (s->nmeasures == 0) {
		if (!draw_empty(l))
			return false;
	} else {
		if (!draw_legend(l))
			return false;
		/* Room kept below the charts for the closing words and the
		 * longest "more" line. */
		double reserve = 0, h;
		if (s->closing != NULL && !height_of(l, s->closing, false, SMALL_SIZE + 0.5, width,
				&reserve))
			return false;
		double more = 0;
		for (size_t k = 0; k <= s->nmeasures; k++) {
			const char *m = more_line(s, k);
			if (m == NULL)
				continue;
			if (!height_of(l, m, true, BODY_SIZE, width, &h))
				return false;
			if (h + 6 > more)
				more = h + 6;
		}
		reserve += more;
		for (size_t i = 0; i < s->nmeasures; i++) {
			if (!block_height(l, &s->measures[i], &h))
				return false;
			/* The first measure always goes: a page with none would say less. */
			if (i > 0 && l->y - h < l->bottom + reserve)
				break;
			if (!draw_measure(l, &s->measures[i]))
				return false;
			l->shown = i + 1;
		}
		const char *m = more_line(s, l->shown);
		if (m != NULL) {
			double y = l->y;
			if (!flow(l, m, true, BODY_SIZE, ACCENT, l->left, width, &y))
				return false;
			l->y = y - 6;
		}
	}
	if (s->closing != NULL) {
		double y = l->y;
		if (!flow(l, s->closing, false, SMALL_SIZE + 0.5, MUTED, l->left, width, &y))
			return false;
	}
	return true;
}

/* Every string on the page, for the fonts and the refusals. */
static struct canvas_text *summary_texts(const struct summary *s, size_t *n)
{
	size_t cap = 10 + s->nmeasures * 9 + (s->more ? s->nmeasures + 1 : 0);
	struct canvas_text *t = calloc(cap, sizeof *t);
	if (t == NULL)
		return NULL;
	size_t k = 0;
	t[k++] = (struct canvas_text){ "the first partner's name", s->partners[0], true };
	t[k++] = (struct canvas_text){ "the second partner's name", s->partners[1], true };
	t[k++] = (struct canvas_text){ "the couple's name", s->couple, true };
	t[k++] = (struct canvas_text){ "the practice's name", s->header_left, false };
	t[k++] = (struct canvas_text){ "the date", s->header_right, false };
	t[k++] = (struct canvas_text){ "the title", s->title, false };
	t[k++] = (struct canvas_text){ "the period", s->period, false };
	t[k++] = (struct canvas_text){ "the empty page's words", s->empty, false };
	t[k++] = (struct canvas_text){ "the closing words", s->closing, false };
	t[k++] = (struct canvas_text){ "the author", s->author, false };
	for (size_t i = 0; i < s->nmeasures; i++) {
		const struct summary_measure *m = &s->measures[i];
		t[k++] = (struct canvas_text){ "a measure's name", m->name, false };
		t[k++] = (struct canvas_text){ "a cutoff's label", m->cutoff_label, false };
		t[k++] = (struct canvas_text){ "a cutoff", m->cutoff_value, false };
		t[k++] = (struct canvas_text){ "a chart's date", m->first_date, false };
		t[k++] = (struct canvas_text){ "a chart's date", m->last_date, false };
		/* A reading starts with a partner's name, which the check above
		 * has already passed. */
		t[k++] = (struct canvas_text){ "a reading", m->reading[0], false };
		t[k++] = (struct canvas_text){ "a reading", m->reading[1], false };
		t[k++] = (struct canvas_text){ "a scale's end", m->scale_labels[0], false };
		t[k++] = (struct canvas_text){ "a scale's end", m->scale_labels[1], false };
	}
	for (size_t i = 0; s->more != NULL && i <= s->nmeasures; i++)
		t[k++] = (struct canvas_text){ "the line on measures left off", s->more[i], false };
	*n = k;
	return t;
}

int summary_save_pdf(const struct summary *s, const char *path, size_t *shown,
	struct handout_result *result, struct handout_error *err)
{
	size_t ntexts = 0;
	*shown = 0;
	struct canvas_text *texts = summary_texts(s, &ntexts);
	if (texts == NULL) {
		memset(err, 0, sizeof *err);
		snprintf(err->message, sizeof err->message, "pdf: out of memory");
		return -1;
	}
	struct canvas_spec spec = {
		.title = s->title,
		.author = s->author,
		.language = s->language,
		.what = "summary",
		.font_path = s->font_path,
		.bold_font_path = s->bold_font_path,
		.font_cache_dir = s->font_cache_dir,
		.page_width = s->page_width,
		.page_height = s->page_height,
		.texts = texts,
		.ntexts = ntexts,
	};
	struct layout l = { s, NULL, NULL, 0, 0, 0, 0, 0, 0 };
	int rc = canvas_save_pdf(&spec, draw_page, &l, path, result, err);
	free(texts);
	if (rc == 0)
		*shown = l.shown;
	return rc;
}
