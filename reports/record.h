/* record.h: a couple's whole clinical record as a PDF a person can read,
 * written with libharu on a canvas (canvas.h). Finished text in (nothing
 * here knows about couples or databases): a list of items (parts,
 * entries, labelled fields, paragraphs), flowed over as many pages as they
 * need, never cut, each page headed with the couple and the export date
 * and numbered "page N of M". */
#ifndef DYAD_REPORTS_RECORD_H
#define DYAD_REPORTS_RECORD_H

#include <stddef.h>

#include "reports/handout.h"

enum record_item_kind {
	RECORD_PART,     /* a part of the record: "Sessions", "Homework" */
	RECORD_ENTRY,    /* one entry within it: "Session 3, 2 October 2026" */
	RECORD_FIELD,    /* label and value, the value wrapped beside the label */
	RECORD_TEXT,     /* free text: '\n' ends a line, a blank line a paragraph */
	RECORD_REMARK    /* a quieter line: "No sessions yet." */
};

struct record_item {
	enum record_item_kind kind;
	const char *label;   /* RECORD_FIELD: the label; NULL otherwise */
	const char *text;    /* UTF-8; NULL draws nothing */
};

struct record {
	const char *title;              /* "Clinical record", over the first page */
	const char *couple;             /* the couple's name: under the title, atop each page */
	const char *partners[2];        /* the partners' names: they must print */
	const char *header_right;       /* atop each page: "Exported 5 December 2026" */
	const char *footer;             /* beside each page number; may be NULL */
	const struct record_item *items;
	size_t nitems;
	double page_width, page_height; /* points */
	const char *font_path;          /* a TrueType (.ttf) file */
	const char *bold_font_path;     /* NULL: the regular font for everything */
	const char *font_cache_dir;     /* as in struct handout; may be NULL */
	const char *author;             /* may be NULL */
	const char *language;           /* "en"; may be NULL */
};

/* Lays r out and saves it as a PDF at path (libharu opens it by name:
 * pass a private temporary file and rename it afterwards). Fonts,
 * fallbacks and refusals are the handout's (handout_save_pdf): the
 * couple's or a partner's name that no installed font can print is
 * refused, naming it; other characters no font has are printed as a mark
 * and counted in result->replaced. Returns 0, or -1 with err filled (path
 * may then hold a partial file). */
int record_save_pdf(const struct record *r, const char *path, struct handout_result *result,
	struct handout_error *err);

#endif
