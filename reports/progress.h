/* progress.h: progress reports as XLSX workbooks: one couple's report and
 * the caseload overview. Plain structs in, a file out: this library never
 * queries, includes nothing from app/, and is the only code that sees
 * xlsxwriter.h.
 *
 * Guarantees of every workbook written here:
 *   - text anyone typed is always written as a string cell, never parsed,
 *     so "=1+1", "+x", "-x" and "@x" open as that literal text;
 *   - text is valid UTF-8 without the characters XML forbids; Excel's
 *     "_xHHHH_" escapes are defused; a value longer than a cell holds is
 *     cut with a visible marker (notes are continued on the next row);
 *   - dates are spreadsheet dates and numbers are numbers;
 *   - the document properties are fixed and the creation time is the
 *     report date, so the same data on the same day gives the same bytes;
 *   - libxlsxwriter's own messages never reach the terminal: standard
 *     error is pointed at /dev/null while a workbook is built, so a curses
 *     screen stays intact and a refusal stays one line. Failures come back
 *     as a progress_error instead. */
#ifndef DYAD_REPORTS_PROGRESS_H
#define DYAD_REPORTS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct progress_date {
	int year, month, day; /* year 0: no date */
};

struct progress_datetime {
	int year, month, day, hour, minute;
};

struct progress_value {
	bool present;
	double value;
};

enum progress_status {
	PROGRESS_OK,
	PROGRESS_ERR_INVALID, /* the structs break a rule stated here */
	PROGRESS_ERR_NOMEM,
	PROGRESS_ERR_XLSX,    /* libxlsxwriter refused or could not write */
	PROGRESS_ERR_SOURCE   /* the caseload's row source reported an error */
};

struct progress_error {
	enum progress_status code;
	char message[256]; /* one sentence for a person, without a newline */
};

/* Paper for printing; DEFAULT leaves it to the spreadsheet program. */
enum progress_paper { PROGRESS_PAPER_DEFAULT, PROGRESS_PAPER_LETTER, PROGRESS_PAPER_A4 };

struct progress_options {
	/* The report's date: shown in the workbook and used as its creation
	 * time (midnight UTC), so identical data gives an identical file. */
	struct progress_date as_of;
	/* Where libxlsxwriter keeps its working files while it builds the
	 * workbook. Clinical data: pass the output file's folder. NULL: the
	 * system's temporary folder. */
	const char *tmpdir;
};

struct progress_session {
	int64_t id;              /* the record's, never shown: the sheets number the
	                            sessions 1..N in the order given */
	struct progress_datetime starts_at;
	int minutes;
	const char *modality;    /* in-person, video, phone */
	const char *attendance;  /* both, a-only, b-only, no-show, cancelled, or planned:
	                            booked, not held yet */
	const char *note_status; /* draft, signed */
};

/* One partner's trend on a scale, as worked out by the caller. */
struct progress_trend {
	size_t count;          /* values recorded */
	bool has_first;
	double first;          /* the first value: the baseline */
	const char *outcome;   /* measures: "recovered", "improved", "unchanged",
				* "deteriorated", "not available", ...; NULL otherwise */
	bool has_last;
	double last;
	size_t last_session;   /* index into the report's sessions */
	bool past_cutoff;      /* the last value is on the worse side of the cutoff */
	bool has_slope;
	double slope;          /* change per session */
	const char *direction; /* "improving", "worsening" (or "rising", "falling" where
				* the better end is not known), "steady", "too few values" */
};

/* A measure or a concept across the couple's sessions. */
struct progress_scale {
	const char *key;
	const char *name;
	double min, max;
	bool has_cutoff;       /* measures */
	double cutoff;
	bool higher_is_better;
	bool couple_level;     /* a concept rated once for the couple: partner 0 */
	const struct progress_value *values; /* sessions_len * 2: [2 * i + p] */
	struct progress_trend trend[2];
	bool diverging;
	const char *couple_outcome; /* measures: "both improved", "split", ...; or NULL */
	bool better_known;     /* higher_is_better means something */
	const char *range;     /* what the scale runs over, "0 none .. 3 pervasive"; or NULL */
};

/* How much of the homework got done, as the records' adherence rules
 * worked it out (the writer does no adherence arithmetic of its own). */
struct progress_tally {
	int64_t done;
	int64_t expected;
	int checkins;  /* check-ins counted; 0: nothing known */
	int percent;   /* done / expected, whole percent; -1: nothing known */
	int reported;          /* couple report: reports that came ... */
	int reports_expected;  /* ... of those expected (one a partner and due assignment) */
};

struct progress_checkin {
	struct progress_date day;
	int partner;          /* 0 A, 1 B */
	int64_t done;
	int64_t out_of;       /* the therapist's "of M"; 0 when not given */
	const char *comment;  /* free text: written only with include_notes */
};

struct progress_assignment {
	int64_t id;
	const char *title;
	const char *frequency;       /* daily, weekly, once */
	int minutes;
	struct progress_date assigned_on, due_on;
	const char *status;          /* assigned, done, dropped */
	const char *note;            /* free text: written only with include_notes */
	struct progress_tally partner[2];
	struct progress_tally together;
	const struct progress_checkin *checkins;
	size_t checkins_len;
};

/* A note's text, or one of its addenda (which follow their note). */
struct progress_note {
	size_t session;          /* index into the report's sessions */
	const char *body;
	const char *addendum_at; /* NULL: the note itself; else when the addendum
	                            was written, UTC "2026-11-28T10:15:00Z" */
};

/* One partner's safety screening: private to that partner, so written
 * only when the report is for the clinician (include_private). */
struct progress_screening {
	struct progress_date day;
	int partner;          /* 0 A, 1 B */
	const char *method;
	const char *result;   /* none, concern, severe */
	const char *action;   /* NULL when none was recorded */
};

/* One objective of the couple's treatment plan; its status was worked out
 * by the caller. Text here is the clinician's own and is written as text. */
struct progress_objective {
	int number;
	const char *text;        /* the objective as written */
	const char *target;      /* "horsemen.contempt <= 1 for 3 sessions, both partners";
	                            NULL for an objective that is not measured */
	const char *status;      /* met, progressing, not yet, no data, not measured */
	bool couple_level;       /* one current value, the couple's, in current[0] */
	struct progress_value current[2]; /* the latest counting session's values, A and B */
	const char *homework;    /* linked homework, "Ten Minutes, given 2026-03-01 (assigned)";
	                            NULL: none */
};

struct progress_plan {
	int version;
	const char *status;      /* draft, signed */
	struct progress_date signed_on; /* year 0 while a draft */
	struct progress_date review_on; /* year 0: none set */
	const struct progress_objective *objectives;
	size_t objectives_len;
};

struct progress_couple {
	int64_t id;
	const char *name;
	const char *status;
	const char *partner_name[2];
	const char *partner_pronouns[2];        /* NULL when not given */
	struct progress_date intake;
	const struct progress_session *sessions; /* oldest first */
	size_t sessions_len;
	const struct progress_scale *measures;
	size_t measures_len;
	const struct progress_scale *concepts;
	size_t concepts_len;
	const char *trend_rule;    /* how trends and divergence are decided, shown on Summary */
	const char *practice;      /* the practice's and the clinician's names; NULL: not set */
	const char *clinician;
	const char *adherence_rule; /* how homework adherence is counted, shown on Summary */
	/* Homework: a Homework sheet (with a chart) and adherence on Summary
	 * when has_homework. adherence[] covers every assignment: A, B, both. */
	bool has_homework;
	const struct progress_assignment *assignments;
	size_t assignments_len;
	struct progress_tally adherence[3];
	/* Notes appear (on their own sheet), and homework's free-text notes and
	 * comments, only when include_notes is set. */
	bool include_notes;
	const struct progress_note *notes;
	size_t notes_len;
	/* The Safety sheet (each partner's screenings) only when
	 * include_private: it is never for the couple's eyes. */
	bool include_private;
	const struct progress_screening *screenings;
	size_t screenings_len;
	/* The treatment plan: a Plan sheet when not NULL. */
	const struct progress_plan *plan;
};

/* Writes a couple's report to path (created or replaced by libxlsxwriter;
 * the caller makes the write atomic and private). Sheets: Summary,
 * Sessions, Measures (with one line chart per measure that has scores),
 * Homework (with a chart of adherence by assignment) when has_homework,
 * Plan (the objectives with their targets, values and status) when plan,
 * Notes when include_notes, Safety when include_private, and a hidden
 * "Chart data" sheet the charts
 * draw from. On error returns its code with err filled; a partial file may
 * be left at path for the caller to remove. */
enum progress_status progress_write_couple(const char *path, const struct progress_couple *r,
	const struct progress_options *opt, struct progress_error *err);

/* A measure's column pair in the caseload. */
struct progress_caseload_measure {
	const char *name;
	bool has_cutoff;
	double cutoff;
	bool higher_is_better;
};

/* One couple's headline figures; owned by the row source until its next call. */
struct progress_caseload_row {
	int64_t couple_id;
	const char *name;
	const char *status;
	const char *partner_name[2];
	struct progress_date intake;
	struct progress_date last_session;   /* year 0: none yet */
	int sessions_recent;                 /* held in the 90 days up to the report date */
	int sessions_held;
	int sessions_missed;                 /* no-show or cancelled */
	const struct progress_value *latest; /* measures_len * 2: [2 * m + p] */
	const bool *past_cutoff;             /* measures_len * 2 */
	int diverging;                       /* scales on which the partners diverge */
	struct progress_tally adherence;     /* all assignments, both partners */
	const char *flags;                   /* a short summary for people, or NULL */
	const char *attention;               /* why this couple needs a look first, or NULL */
	/* Each partner's scores on the main measure, oldest first, and their
	 * recent trend in a word ("improving", "steady", "too few values"...;
	 * NULL: none), as the records' trend rules read it. */
	const double *main_values[2];
	size_t main_len[2];
	const char *main_trend[2];
};

/* Fills *row with the next couple and returns 1, returns 0 after the last,
 * or -1 with err filled (code PROGRESS_ERR_SOURCE) when it failed. */
typedef int (*progress_caseload_next)(void *ctx, struct progress_caseload_row *row,
	struct progress_error *err);

struct progress_caseload {
	const struct progress_caseload_measure *measures;
	size_t measures_len;
	bool has_homework;                   /* add the homework adherence column */
	enum progress_paper paper;           /* what the sheet prints on */
	/* The main measure over time (main_name NULL: none). After the
	 * measures' columns, each partner has two: an Excel sparkline of their
	 * latest PROGRESS_SPARK_MAX scores, its axis fixed to main_min..main_max
	 * so that rows compare, and their trend in a word beside it, which
	 * every reader shows (spreadsheet programs without sparklines leave
	 * the line's cell empty). The scores themselves are on a "Trend data"
	 * sheet, two rows a couple (A, then B) in the Caseload's order; a
	 * partner without scores gets no line. */
	const char *main_name;
	double main_min, main_max;
	progress_caseload_next next;
	void *ctx;
};

#define PROGRESS_SPARK_MAX 24

/* Writes the caseload: one row per couple, in the order the source gives
 * them (the caller puts who needs attention first), streamed in
 * libxlsxwriter's constant-memory mode so memory stays flat however many
 * couples there are; a frozen header and an autofilter; printed landscape,
 * one page wide, the header row on every page. With a main measure the
 * workbook is first written to a private file beside path and then
 * copied to path with the sparklines added (libxlsxwriter cannot write
 * them); that file is removed whatever happens, and path is written by
 * name, so it keeps its identity and mode.
 * Errors as for progress_write_couple. */
enum progress_status progress_write_caseload(const char *path,
	const struct progress_caseload *c, const struct progress_options *opt,
	struct progress_error *err);

#endif
