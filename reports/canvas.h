/* canvas.h: handout.c's fonts and text lent to the other PDF writers of
 * reports/ (summary.c): the same embedded TrueType fonts, fallback fonts
 * for characters they lack (Chinese, Arabic...), right-to-left shaping,
 * Windows-1252 or UTF-8 as the text needs, and the same refusals of names
 * that cannot print. The writer draws its own pages through a callback;
 * libharu's error handler records into the canvas, so every status the
 * writer checks with canvas_check stops the work at the first failure.
 * Only reports/ includes this header (it needs hpdf.h). */
#ifndef DYAD_REPORTS_CANVAS_H
#define DYAD_REPORTS_CANVAS_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "reports/handout.h"
#include "reports/wrap.h"

struct canvas;

/* One string the document will draw, for choosing fonts and for the
 * refusals: label names it in messages ("the first partner's name");
 * name marks a person's name, which must print (handout.h). */
struct canvas_text {
	const char *label;
	const char *text;
	bool name;
};

struct canvas_spec {
	const char *title;              /* the document's title */
	const char *author;             /* may be NULL */
	const char *language;           /* "en"; may be NULL */
	const char *what;               /* "summary", in messages */
	const char *font_path;          /* a TrueType (.ttf) file */
	const char *bold_font_path;     /* NULL: the regular font for everything */
	const char *font_cache_dir;     /* as in struct handout; may be NULL */
	double page_width, page_height; /* points */
	const struct canvas_text *texts; /* every string drawn */
	size_t ntexts;
};

/* Draws the pages (canvas_add_page...); false when something failed. */
typedef bool (*canvas_draw_fn)(struct canvas *c, void *ctx);

/* Sets up the fonts for spec's strings, calls draw once, and saves the
 * document at path (as handout_save_pdf: a private temporary file, renamed
 * by the caller). A string drawn that is not in spec->texts may lose
 * characters to the replacement mark. Returns 0, or -1 with err filled. */
int canvas_save_pdf(const struct canvas_spec *spec, canvas_draw_fn draw, void *ctx,
	const char *path, struct handout_result *result, struct handout_error *err);

/* A new page of the spec's size; NULL after a failure. */
HPDF_Page canvas_add_page(struct canvas *c);

/* Records a libharu status; true while nothing has failed. */
bool canvas_check(struct canvas *c, HPDF_STATUS status);

/* Fails the document with message; returns false. */
bool canvas_fail(struct canvas *c, const char *message);

/* The width of s (UTF-8) in points, as canvas_text draws it. */
double canvas_text_width(struct canvas *c, bool bold, double size, const char *s);

/* Draws s on one line with its baseline at (x, base), colour r g b. */
bool canvas_text(struct canvas *c, HPDF_Page page, bool bold, double size, float r, float g,
	float b, double x, double base, const char *s);

/* s wrapped to width: lines index out->text, which lives as long as the
 * canvas. Free the lines with wrap_result_free(&out->lines). */
struct canvas_lines {
	const char *text;
	struct wrap_result lines;
};

bool canvas_wrap(struct canvas *c, const char *s, bool bold, double size, double width,
	struct canvas_lines *out);

#endif
