/* template.h: one homework exercise as a therapist-editable text file
 * (the format is described in templates/README.md), parsed into a struct,
 * and the placeholders in its text filled in for one couple.
 * The parser is a pure function over a buffer: no files, no globals. */
#ifndef DYAD_DOMAIN_TEMPLATE_H
#define DYAD_DOMAIN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/adherence.h"

#define TEMPLATE_MAX_BYTES (64u * 1024u)
#define TEMPLATE_ID_MAX 64
#define TEMPLATE_TITLE_MAX 120       /* characters */
#define TEMPLATE_MAX_CONCEPTS 8
#define TEMPLATE_MAX_STEPS 12
#define TEMPLATE_INTRO_MAX 4000      /* bytes */
#define TEMPLATE_STEP_MAX 1000       /* bytes */
#define TEMPLATE_GRID_COLUMNS 4
#define TEMPLATE_LOG_COLUMNS 5
#define TEMPLATE_COLUMN_MAX 40       /* characters */
#define TEMPLATE_LINE_MAX 300        /* characters of hint and label */
#define TEMPLATE_MAX_FIELDS 6        /* a plan's write-in fields per partner */
#define TEMPLATE_LIST_ITEMS 12       /* entries of the optional [list] */
#define TEMPLATE_LIST_ITEM_MAX 400   /* bytes of one entry */

enum tracking_kind {
	TRACKING_GRID,  /* a row per day (or week), a tick box per partner per column */
	TRACKING_TALLY, /* a row per day (or week), a space per partner for tally marks */
	TRACKING_LOG    /* ruled lines under column headings, for a short log */
};

struct template_tracking {
	enum tracking_kind kind;
	char *hint;                  /* a line under the heading; NULL when none */
	char *label;                 /* tally: what is counted; NULL otherwise */
	char *columns[TEMPLATE_LOG_COLUMNS];
	bool wide[TEMPLATE_LOG_COLUMNS]; /* log: "(wide)" columns get twice the room */
	bool together[TEMPLATE_LOG_COLUMNS]; /* grid: "(together)": one box for the couple */
	size_t ncolumns;
	int lines;                   /* log: how many ruled lines (default 8) */
	char *fields[TEMPLATE_MAX_FIELDS]; /* a plan each partner fills in, above the block */
	size_t nfields;
	bool per_partner;            /* log: a sheet of its own for each partner */
};

struct template {
	char *id;                    /* "attention-daily" */
	char *title;
	char *concepts[TEMPLATE_MAX_CONCEPTS];
	size_t nconcepts;
	enum homework_frequency frequency;
	int minutes;
	char *introduction;          /* paragraphs separated by one blank line */
	char *steps[TEMPLATE_MAX_STEPS];
	size_t nsteps;
	struct template_tracking tracking;
	char *list_heading;          /* [list]: a heading over it; NULL when no [list] */
	char *list[TEMPLATE_LIST_ITEMS]; /* [list]: its entries, printed as bullets */
	size_t nlist;
	size_t id_line;
	size_t concepts_line;        /* the line of "concepts:", for messages */              /* the line of "id:", for messages */
	char *path;                  /* where it was read from (set by the loader) */
};

/* Parses len bytes of text (need not be NUL-terminated) into *out. On
 * error returns DYAD_ERR_INVALID with st's message "FILENAME:LINE: problem"
 * and *out empty (safe to template_free). filename is only used in
 * messages. Never reads outside text[0..len). */
enum dyad_error template_parse(const char *text, size_t len, const char *filename,
	struct template *out, struct dyad_status *st);

/* Frees what *t holds and zeroes it; NULL and an empty template are fine. */
void template_free(struct template *t);

/* The values placeholders stand for; a NULL value leaves it empty. */
struct template_values {
	const char *partner_a;   /* {partner_a} */
	const char *partner_b;   /* {partner_b} */
	const char *couple;      /* {couple} */
	const char *due;         /* {due} */
	const char *note;        /* {note} */
	const char *practice;    /* {practice} */
	const char *contact;     /* {contact} */
	const char *clinician;   /* {clinician} */
	/* Picks the text of a frequency choice, {daily:...|weekly:...|once:...} */
	enum homework_frequency frequency;
};

/* A frequency choice in a template's text, {daily:a day|weekly:a week|once:once},
 * prints the words for the frequency the homework was assigned with, so a
 * handout never says "each evening" to a couple asked to do it once. All
 * three names are required, each once, in any order, on one line of the
 * file; the words after each colon are printed as written, and may be
 * empty. */

/* Appends text with every {placeholder} replaced and "{{" / "}}" turned
 * into single braces. Text that is not a known placeholder is copied as
 * it is (the parser has refused it already). */
void template_fill(struct strbuf *out, const char *text, const struct template_values *v);

/* True when the template's introduction, steps, list or tracking text use
 * {name} (given without braces). */
bool template_uses(const struct template *t, const char *name);

/* The NULL-terminated list of placeholder names, for messages and help. */
extern const char *const template_placeholders[];

#endif
