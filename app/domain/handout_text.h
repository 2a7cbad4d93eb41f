/* handout_text.h: the words of a handout, built from its template and the
 * practice settings, and the request and answer of writing one to a file. */
#ifndef DYAD_DOMAIN_HANDOUT_TEXT_H
#define DYAD_DOMAIN_HANDOUT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/date.h"
#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/paper.h"
#include "app/domain/template.h"
#include "app/store/db.h"
#include "app/store/homework.h"

/* A row per day for up to three months; a longer daily assignment is
 * printed to its first 92 days (the closing still names the due date). */
#define HANDOUT_MAX_ROWS 92

/* Everything a handout says, as finished text, in reading order. Nothing
 * from session notes or ratings is ever put here. */
struct handout_text {
	char *practice;          /* "" when not set */
	char *date;              /* the assignment date, "Saturday 28 November 2026" */
	char *title;
	char *for_line;          /* "For Maya Okafor and Daniel Reyes" (full names) */
	char *meta;              /* "Every day · about 10 minutes · until Friday 5 December" */
	char *note_heading;      /* "A note from Dr Amara Rivera" */
	char *note;              /* NULL when there is none, or the template places it */
	char *introduction;      /* paragraphs separated by blank lines */
	char *steps_heading;
	char *steps[TEMPLATE_MAX_STEPS];
	size_t nsteps;
	char *list_heading;      /* the template's [list]; NULL when it has none */
	char *list[TEMPLATE_LIST_ITEMS];
	size_t nlist;
	char *tracking_heading;
	char *tracking_hint;     /* NULL when none */
	enum tracking_kind kind;
	char *columns[TEMPLATE_LOG_COLUMNS];
	bool wide[TEMPLATE_LOG_COLUMNS];
	bool together[TEMPLATE_LOG_COLUMNS]; /* grid: one box for the couple, not one each */
	size_t ncolumns;
	char *rows[HANDOUT_MAX_ROWS];   /* grid and tally: a label per day or week */
	size_t nrows;
	const char *row_unit;    /* "day", "week" or "time": what a row stands for */
	char *partners[2];       /* first names (full names when those are the same) */
	char *fields[TEMPLATE_MAX_FIELDS]; /* a plan each partner fills in */
	size_t nfields;
	char *plan_heading;      /* over the plan; NULL when there are no fields */
	bool per_partner;        /* log: a sheet of its own for each partner */
	char *sheet_titles[2];   /* "Maya's sheet"; NULL unless per_partner */
	char *sheet_hint;        /* under each sheet's title; NULL unless per_partner */
	char *safety_heading;    /* conflict-related handouts only; NULL otherwise */
	char *safety;            /* what to do when someone is afraid, with the crisis line */
	char *safety_prompt;     /* plans: a line to write their own step on; NULL otherwise */
	char *tally_label;       /* tally only */
	char *total_label;       /* tally only */
	int log_lines;
	char *closing;           /* "Please bring this sheet to your session on ..." */
	char *footer;            /* the practice's contact line ("" when not set) */
	char *clinician;         /* for the document's author ("" when not set) */
	char *file_name;         /* couple_exercise_date.pdf, safe for any file system */
};

/* Builds the text of assignment a's handout from its template t (found by
 * a->exercise_id) and the practice settings. The frequency and minutes are
 * the assignment's own. Free with handout_text_free. */
enum dyad_error handout_text_build(struct store *store, const struct assignment_rec *a,
	const struct template *t, struct handout_text *out, struct dyad_status *st);

void handout_text_free(struct handout_text *h);

/* The handout as plain text, for a preview on screen. */
void handout_text_plain(const struct handout_text *h, struct strbuf *out);

/* Writing a handout to a file is done where the PDF writer may be used
 * (output/handout_file.h); these are the request and the answer. */
struct library;

struct handout_request {
	int64_t assignment_id;
	const char *output;            /* a file, an existing folder, or NULL: the
	                                  default name in the current folder */
	const char *paper;             /* --paper, or NULL */
	const struct library *library; /* the exercise library, loaded by the caller */
	bool large_print;              /* --large: bigger type and tracking grid */
};

struct handout_written {
	char *path;                    /* where it went; caller frees */
	int pages;
	int replaced;                  /* characters the font lacked */
	struct paper_choice paper;
};

/* A file name from parts, safe on any file system: letters and digits of
 * any script are kept, everything else becomes '-', parts are joined with
 * '_' and ".pdf" is added. Caller frees; NULL when out of memory. */
char *handout_file_name(const char *couple, const char *exercise, const char *date);

/* The file name of assignment id's handout: handout_file_name's parts and
 * "_" plus the id, so two assignments never share a name and a reprint of
 * one replaces only its own file. Caller frees; NULL when out of memory. */
char *handout_assignment_file_name(const char *couple, const char *exercise, const char *date,
	int64_t id);

/* The name a handout calls a partner by in its body: the first word of
 * the name as recorded ("Maya" for "Maya Okafor"). Into out; the whole
 * name when it has one word or out is too small. */
void handout_first_name(const char *name, char *out, size_t size);

/* "Friday 5 December 2026" for d, into out (at least 40 bytes). */
void date_format_long(struct dyad_date d, char *out, size_t size);

#endif
