/* handout.h: a homework handout for a couple, written as a PDF with
 * libharu. It takes finished text (nothing here knows about couples or
 * databases), lays it out on pages of any size, wraps and flows every
 * string across pages without cutting any, and prints a tracking block
 * meant to be filled in by hand. */
#ifndef DYAD_REPORTS_HANDOUT_H
#define DYAD_REPORTS_HANDOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Page sizes in points (1/72 inch). */
#define HANDOUT_LETTER_WIDTH 612.0
#define HANDOUT_LETTER_HEIGHT 792.0
#define HANDOUT_A4_WIDTH 595.276
#define HANDOUT_A4_HEIGHT 841.89

enum handout_tracking_kind {
	HANDOUT_GRID,  /* rows (days, weeks) x columns, a tick box per partner in each */
	HANDOUT_TALLY, /* rows, a wide space per partner for tally marks, a totals row */
	HANDOUT_LOG    /* column headings over ruled lines */
};

struct handout_tracking {
	enum handout_tracking_kind kind;
	const char *heading;            /* "Keep track" */
	const char *hint;               /* a line under the heading; NULL for none */
	const char *const *columns;     /* grid: what is ticked; log: headings */
	const bool *wide;               /* log: twice the room for these; may be NULL */
	const bool *together;           /* grid: one box for both in these; may be NULL */
	size_t ncolumns;
	const char *const *rows;        /* grid, tally: one label per row */
	size_t nrows;
	const char *partners[2];        /* over each partner's space, plan and sheet */
	const char *tally_label;        /* tally: what is counted */
	const char *total_label;        /* tally: the last row's label ("Total") */
	int log_lines;                  /* log: how many ruled lines */
	const char *plan_heading;       /* over the plan when there are fields */
	const char *const *fields;      /* a plan: what each partner writes in */
	size_t nfields;
	bool per_partner;               /* log: a page of its own for each partner */
	const char *sheet_titles[2];    /* per_partner: "Maya's sheet" */
	const char *sheet_hint;         /* per_partner: under each sheet's title */
};

struct handout {
	const char *header_left;        /* the practice's name; NULL for none */
	const char *header_right;       /* the date; NULL for none */
	const char *title;
	const char *subtitle;           /* "For Maya and Daniel" */
	const char *meta;               /* "Every day · about 10 minutes"; may be NULL */
	const char *note_heading;       /* over the note box */
	const char *note;               /* the therapist's note; NULL: no box */
	const char *introduction;       /* paragraphs separated by blank lines */
	const char *steps_heading;      /* "What to do" */
	const char *const *steps;
	size_t nsteps;
	const char *safety_heading;     /* NULL: no safety box */
	const char *safety;             /* what to do when someone is afraid */
	const char *safety_prompt;      /* a line to write their own step on; may be NULL */
	const char *list_heading;       /* over a bulleted list after the steps; NULL: no list */
	const char *const *list;        /* its entries (questions, feeling words) */
	size_t nlist;
	struct handout_tracking tracking;
	const char *closing;            /* a last word, e.g. when to bring it back */
	const char *footer;             /* a contact line on every page; may be NULL */
	double page_width, page_height; /* points */
	const char *font_path;          /* a TrueType (.ttf) file */
	const char *bold_font_path;     /* NULL: the regular font for everything */
	const char *font_cache_dir;     /* an existing folder for lean copies of the
	                                   fonts (font_lean.h); NULL: none */
	const char *author;             /* the document's author; may be NULL */
	const char *language;           /* the document's language ("en"); may be NULL */
	bool large_print;               /* type, rules and boxes half as large again */
};

/* What went wrong, for a person: message, plus libharu's codes if any. */
struct handout_error {
	unsigned long hpdf_status;      /* 0 when libharu reported nothing */
	unsigned long hpdf_detail;
	char message[400];
};

/* What was written. */
struct handout_result {
	int pages;
	int replaced;   /* characters the font lacks, printed as a visible mark */
};

/* Lays out h and saves it as a PDF at path (created or truncated; libharu
 * opens it by name, so pass a private temporary file and rename it into
 * place afterwards). Strings must be UTF-8. A character the handout's
 * fonts lack is drawn from another installed TrueType font that has it
 * (fontconfig); Hebrew and Arabic are drawn right to left, Arabic joined.
 * Refused (-1, err naming the field and why): a partner's name with a
 * character no installed font has, and text in a script that needs
 * shaping this cannot do (Devanagari and other Indic scripts). Elsewhere a
 * character no font has, and any control character, is printed as U+FFFD
 * (or '?' when the font lacks even that) and counted in result->replaced.
 * Returns 0, or -1 with err filled; on failure path may hold a partial
 * file. */
int handout_save_pdf(const struct handout *h, const char *path,
	struct handout_result *result, struct handout_error *err);

/* Like handout_save_pdf for n >= 1 handouts in one document, each from a
 * new page with its own page numbers; fonts, paper, author and the
 * document's title are the first handout's. result->pages is the total. */
int handout_save_pdf_many(const struct handout *const *hs, size_t n, const char *path,
	struct handout_result *result, struct handout_error *err);

/* Finds the TrueType file of a font family with fontconfig ("DejaVu
 * Sans"); bold asks for its bold face, falling back to the regular one.
 * Returns 0 with the path in out, or -1 with err filled when the family is
 * not installed (fontconfig's nearest substitute is not accepted) or is not
 * TrueType. */
int handout_find_font(const char *family, bool bold, char *out, size_t size,
	struct handout_error *err);

#endif
