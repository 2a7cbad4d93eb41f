/* homework.h: the rules for homework: practice settings, assigning an
 * exercise, recording check-ins, closing assignments, choosing paper, and
 * the words of a handout. Each call validates everything before writing,
 * so a refused request leaves the database as it was. */
#ifndef DYAD_DOMAIN_HOMEWORK_H
#define DYAD_DOMAIN_HOMEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/date.h"
#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/adherence.h"
#include "app/domain/template.h"
#include "app/store/db.h"
#include "app/store/homework.h"

#define ASSIGNMENT_NOTE_MAX_BYTES (100u * 1024u)
#define CHECKIN_COMMENT_MAX_BYTES 4000u
#define CHECKIN_MAX_COUNT 10000
/* notes.sign_within_days: a draft may wait 1..this many days; unset means
 * NOTES_SIGN_WITHIN_DEFAULT (domain/agenda.h reads it). */
#define NOTES_SIGN_WITHIN_MAX 365
#define NOTES_SIGN_WITHIN_DEFAULT 3

/* --- settings ------------------------------------------------------------ */

struct setting_def {
	const char *key;
	const char *summary;   /* one line for `dyad config list` */
};

/* The keys dyad knows, in display order; NULL-terminated by key. */
extern const struct setting_def homework_settings[];

/* Checks value for key and stores it; "" removes the setting. An unknown
 * key or a bad value is refused (DYAD_ERR_INVALID) naming the key. paper is
 * stored in lowercase. */
enum dyad_error homework_setting_set(struct store *store, const char *key, const char *value,
	struct dyad_status *st);

/* --- paper ----------------------------------------------------------------- */

enum paper { PAPER_LETTER, PAPER_A4 };

struct paper_choice {
	enum paper paper;
	const char *source;   /* "--paper", "the paper setting", "$PAPERSIZE",
	                         the papersize file's path, or "the default" */
};

/* "letter" / "a4" (any case) into *out; false for anything else. */
bool paper_parse(const char *s, enum paper *out);
const char *paper_name(enum paper p);
void paper_size_points(enum paper p, double *width, double *height);

/* Picks the paper: flag (--paper; a bad value is refused), else the stored
 * setting, else $PAPERSIZE, else the first word of the papersize file
 * ($DYAD_PAPERSIZE_FILE, else /etc/papersize), else Letter. A setting,
 * variable or file that names a size dyad does not know is passed over. */
enum dyad_error paper_choose(const char *flag, const char *setting, struct paper_choice *out,
	struct dyad_status *st);

/* --- assignments and check-ins --------------------------------------------- */

struct assign_input {
	const char *due;        /* YYYY-MM-DD; NULL: a week after the assignment date */
	const char *note;       /* the therapist's note; NULL or "" for none */
	size_t note_len;        /* bytes of note */
	const char *session;    /* a session id as typed; NULL for none */
	const char *frequency;  /* overrides the template's; NULL keeps it */
	const char *minutes;    /* overrides the template's; NULL keeps it */
};

/* Assigns exercise t to a couple. The assignment date is the session's day
 * when a session is given (it must be the couple's), else today. Refused
 * for a closed couple, a due date before the assignment date, or any bad
 * field. *id is the new assignment's. */
enum dyad_error homework_assign(struct store *store, int64_t couple_id, const struct template *t,
	const struct assign_input *in, int64_t *id, struct dyad_status *st);

struct checkin_input {
	const char *partner;    /* "a" or "b" (required) */
	const char *done;       /* a whole number as typed (required) */
	const char *of;         /* "of M"; NULL when not given */
	const char *comment;    /* NULL or "" for none */
	const char *date;       /* YYYY-MM-DD; NULL: the session's day, else today */
	const char *session;    /* a session id as typed; NULL for none */
};

/* Records what one partner did. Refused when done exceeds of, the date is
 * before the assignment date or after today, or the session is another
 * couple's. *replaced (may be NULL) says a same-day check-in was replaced. */
enum dyad_error homework_checkin(struct store *store, int64_t assignment_id,
	const struct checkin_input *in, bool *replaced, struct dyad_status *st);

/* The same with parsed values, for the interface: partner 0 A, 1 B; of 0
 * for none; date NULL for the session's day or today; session_id 0 none. */
enum dyad_error homework_checkin_values(struct store *store, int64_t assignment_id,
	int partner, int64_t done, int64_t of, const char *comment, const char *date,
	int64_t session_id, bool *replaced, struct dyad_status *st);

/* Sets status (assigned, done or dropped). */
enum dyad_error homework_set_status(struct store *store, int64_t assignment_id,
	const char *status, struct dyad_status *st);

/* Changes the due date and/or note (NULL leaves each; "" clears the note). */
enum dyad_error homework_set_details(struct store *store, int64_t assignment_id,
	const char *due, const char *note, struct dyad_status *st);

/* The adherence of a stored assignment from its check-ins (loaded into
 * *checkins when not NULL; free with checkin_list_free). */
enum dyad_error homework_adherence(struct store *store, const struct assignment_rec *a,
	struct adherence *out, struct checkin_list *checkins, struct dyad_status *st);

extern const char *const assignment_statuses[];   /* assigned, done, dropped */

/* --- handouts ---------------------------------------------------------------- */

#define HANDOUT_MAX_ROWS 8

/* Everything a handout says, as finished text, in reading order. Nothing
 * from session notes or ratings is ever put here. */
struct handout_text {
	char *practice;          /* "" when not set */
	char *date;              /* the assignment date, "Saturday 28 November 2026" */
	char *title;
	char *for_line;          /* "For Maya Okafor and Daniel Reyes" */
	char *meta;              /* "Every day · about 10 minutes · until Friday 5 December" */
	char *note_heading;      /* "A note from Dr Amara Rivera" */
	char *note;              /* NULL when there is none, or the template places it */
	char *introduction;      /* paragraphs separated by blank lines */
	char *steps_heading;
	char *steps[TEMPLATE_MAX_STEPS];
	size_t nsteps;
	char *tracking_heading;
	char *tracking_hint;     /* NULL when none */
	enum tracking_kind kind;
	char *columns[TEMPLATE_LOG_COLUMNS];
	bool wide[TEMPLATE_LOG_COLUMNS];
	size_t ncolumns;
	char *rows[HANDOUT_MAX_ROWS];   /* grid and tally: a label per day or week */
	size_t nrows;
	char *partners[2];
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

/* "Friday 5 December 2026" for d, into out (at least 40 bytes). */
void date_format_long(struct dyad_date d, char *out, size_t size);

#endif
