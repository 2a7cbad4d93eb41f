/* progress.c: couple and caseload progress reports as XLSX, with
 * libxlsxwriter. See progress.h for what every workbook guarantees.
 *
 * Every libxlsxwriter status is checked. The writer keeps the first
 * failure in `struct xl` and turns later calls into no-ops (as stdio does
 * with ferror), so each section can be written straight through and the
 * failure is reported once, by name, before the file is used. */
#include "reports/progress.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "reports/cell_text.h"
#include "reports/sparkline.h"
#include "reports/wrap.h"

/* Sheet names are fixed text: no user text ever names a sheet. */
#define SHEET_SUMMARY "Summary"
#define SHEET_SESSIONS "Sessions"
#define SHEET_MEASURES "Measures"
#define SHEET_HOMEWORK "Homework"
#define SHEET_PLAN "Plan"
#define SHEET_NOTES "Notes"
#define SHEET_SAFETY "Safety"
#define SHEET_CHART_DATA "Chart data"
#define SHEET_CASELOAD "Caseload"
#define SHEET_TREND_DATA "Trend data"
/* The entry libxlsxwriter writes the first sheet, Caseload, to. */
#define CASELOAD_ENTRY "xl/worksheets/sheet1.xml"

/* A note piece holds this many characters, leaving room for the markers. */
#define NOTE_PIECE_UNITS 32000

#define COLOUR_A 0x1F77B4
#define COLOUR_B 0xD95F02
#define COLOUR_CUTOFF 0xC00000

struct formats {
	lxw_format *title, *heading, *header, *label, *muted, *note, *wrap, *date, *datetime,
		*text, *integer, *integer_left, *percent, *score, *score_flag, *slope, *flag,
		*score_whole, *score_flag_whole;
};

struct xl {
	lxw_workbook *wb;
	struct formats f;
	lxw_error error;         /* the first libxlsxwriter failure */
	const char *failed_call; /* which call it was */
	bool nomem;
	/* Where Summary wrote each partner's name in its homework table, so the
	 * homework chart's series are named after the partners; -1: nowhere. */
	int partner_name_row[2];
};

static bool xl_ok(const struct xl *x)
{
	return x->error == LXW_NO_ERROR && !x->nomem;
}

static void xl_check(struct xl *x, lxw_error e, const char *call)
{
	if (e != LXW_NO_ERROR && xl_ok(x)) {
		x->error = e;
		x->failed_call = call;
	}
}

static void fail(struct progress_error *err, enum progress_status code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void fail(struct progress_error *err, enum progress_status code, const char *fmt, ...)
{
	va_list ap;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* --- standard error stays quiet while libxlsxwriter works ---------------- */

struct quiet {
	int saved; /* the original standard error, or -1 */
};

/* Points file descriptor 2 at /dev/null. False (nothing changed) if that
 * could not be done while a standard error exists to protect. */
static bool quiet_begin(struct quiet *q)
{
	q->saved = -1;
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	if (saved < 0)
		return errno == EBADF; /* no standard error: nothing can leak */
	int null = open("/dev/null", O_WRONLY);
	if (null < 0) {
		close(saved);
		return false;
	}
	int rc = dup2(null, STDERR_FILENO);
	close(null);
	if (rc < 0) {
		close(saved);
		return false;
	}
	q->saved = saved;
	return true;
}

static void quiet_end(struct quiet *q)
{
	if (q->saved < 0)
		return;
	fflush(stderr);
	dup2(q->saved, STDERR_FILENO);
	close(q->saved);
	q->saved = -1;
}

/* --- cells ----------------------------------------------------------------- */

static const char truncated_marker[] = " [\xE2\x80\xA6 cut here: the rest does not fit in one cell]";

/* Writes text as a string cell, always: never a formula, number or link. */
static void put_text(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	const char *s, lxw_format *fmt)
{
	if (!xl_ok(x))
		return;
	size_t units;
	char *clean = cell_text_clean(s, &units);
	if (clean == NULL) {
		x->nomem = true;
		return;
	}
	if (units > CELL_TEXT_MAX) {
		size_t room = CELL_TEXT_MAX - (sizeof truncated_marker - 1);
		size_t keep = cell_text_prefix(clean, strlen(clean), room);
		memcpy(clean + keep, truncated_marker, sizeof truncated_marker);
	}
	if (clean[0] == '\0')
		xl_check(x, worksheet_write_blank(ws, row, col, fmt), "worksheet_write_blank");
	else
		xl_check(x, worksheet_write_string(ws, row, col, clean, fmt), "worksheet_write_string");
	free(clean);
}

/* Text across merged cells first_col..last_col of one row, as a string. */
static void put_merged(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first_col,
	lxw_col_t last_col, const char *s, lxw_format *fmt)
{
	if (!xl_ok(x))
		return;
	xl_check(x, worksheet_merge_range(ws, row, first_col, row, last_col, "", fmt),
		"worksheet_merge_range");
	put_text(x, ws, row, first_col, s, fmt);
}

static void put_number(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	double v, lxw_format *fmt)
{
	if (xl_ok(x))
		xl_check(x, worksheet_write_number(ws, row, col, v, fmt), "worksheet_write_number");
}

/* A score: "0" when it is a whole number, "0.0" otherwise; flagged in red
 * when past its cutoff. */
static void put_score(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	double v, bool flagged)
{
	bool whole = isfinite(v) && v == floor(v);
	lxw_format *fmt = flagged ? (whole ? x->f.score_flag_whole : x->f.score_flag)
				  : (whole ? x->f.score_whole : x->f.score);
	put_number(x, ws, row, col, v, fmt);
}

static void put_score_value(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	const struct progress_value *v, bool flagged)
{
	if (v->present)
		put_score(x, ws, row, col, v->value, flagged);
}

/* Characters, for wrapping: each UTF-8 sequence counts one. */
static double count_chars(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	double k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

#define LINE_POINTS 15.0
#define ROW_POINTS_MAX 409.0 /* the tallest row a sheet holds */

/* The height in points a row needs so that text wrapped in a column
 * `width` characters wide shows every line: lines as wrap.c breaks them at
 * a little under the width (a character is usually narrower than the
 * digit a column width counts, but capitals are wider). At least one line;
 * at most the tallest row allowed. */
static double wrapped_height(struct xl *x, const char *text, double width)
{
	if (text == NULL || text[0] == '\0')
		return LINE_POINTS;
	struct wrap_result w;
	if (wrap_text(text, strlen(text), width * 0.9 - 1.0, count_chars, NULL, &w) != 0) {
		x->nomem = true;
		return LINE_POINTS;
	}
	double lines = w.len ? (double)w.len : 1.0;
	wrap_result_free(&w);
	double h = lines * LINE_POINTS + 3.0;
	return h > ROW_POINTS_MAX ? ROW_POINTS_MAX : h;
}

static void set_row(struct xl *x, lxw_worksheet *ws, lxw_row_t row, double height);

/* Makes row at least as tall as wrapped text needs; *height keeps the
 * tallest seen for the row so far. */
static void fit_row(struct xl *x, lxw_worksheet *ws, lxw_row_t row, const char *text,
	double width, double *height)
{
	double h = wrapped_height(x, text, width);
	if (h > *height) {
		*height = h;
		set_row(x, ws, row, h);
	}
}

/* A tally's adherence as a number with a percent format; blank when
 * nothing is known. */
static void put_percent(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	const struct progress_tally *t)
{
	if (t->percent >= 0)
		put_number(x, ws, row, col, t->percent / 100.0, x->f.percent);
}

static void put_date(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	struct progress_date d)
{
	if (!xl_ok(x) || d.year == 0)
		return;
	lxw_datetime dt = { d.year, d.month, d.day, 0, 0, 0.0 };
	xl_check(x, worksheet_write_datetime(ws, row, col, &dt, x->f.date),
		"worksheet_write_datetime");
}

static void put_datetime(struct xl *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
	struct progress_datetime d)
{
	if (!xl_ok(x) || d.year == 0)
		return;
	lxw_datetime dt = { d.year, d.month, d.day, d.hour, d.minute, 0.0 };
	xl_check(x, worksheet_write_datetime(ws, row, col, &dt, x->f.datetime),
		"worksheet_write_datetime");
}

static void set_column(struct xl *x, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last,
	double width, lxw_format *fmt)
{
	if (xl_ok(x))
		xl_check(x, worksheet_set_column(ws, first, last, width, fmt), "worksheet_set_column");
}

static void set_row(struct xl *x, lxw_worksheet *ws, lxw_row_t row, double height)
{
	if (xl_ok(x))
		xl_check(x, worksheet_set_row(ws, row, height, NULL), "worksheet_set_row");
}

static void autofilter(struct xl *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
	lxw_row_t r2, lxw_col_t c2)
{
	if (xl_ok(x))
		xl_check(x, worksheet_autofilter(ws, r1, c1, r2, c2), "worksheet_autofilter");
}

/* Landscape, a confidentiality footer, the header row repeated on every
 * page; one page wide unless the sheet is too wide to read that way, in
 * which case its first column is repeated instead. */
static void print_setup(struct xl *x, lxw_worksheet *ws, int repeat_row, bool one_page_wide)
{
	if (!xl_ok(x))
		return;
	worksheet_set_landscape(ws);
	if (one_page_wide) {
		worksheet_fit_to_pages(ws, 1, 0);
	} else {
		worksheet_set_print_scale(ws, 75);
		xl_check(x, worksheet_repeat_columns(ws, 0, 0), "worksheet_repeat_columns");
	}
	xl_check(x, worksheet_set_footer(ws, "&LConfidential clinical record&RPage &P of &N"),
		"worksheet_set_footer");
	if (repeat_row >= 0 && xl_ok(x))
		xl_check(x, worksheet_repeat_rows(ws, (lxw_row_t)repeat_row, (lxw_row_t)repeat_row),
			"worksheet_repeat_rows");
}

static lxw_worksheet *add_sheet(struct xl *x, const char *name)
{
	if (!xl_ok(x))
		return NULL;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (ws == NULL)
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_worksheet");
	return ws;
}

static lxw_format *new_format(struct xl *x)
{
	if (!xl_ok(x))
		return NULL;
	lxw_format *f = workbook_add_format(x->wb);
	if (f == NULL)
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_format");
	return f;
}

/* Every format the workbook uses, made once and shared by all cells.
 * top_aligned puts the plain cells' contents at the top, for sheets whose
 * rows grow to fit wrapped text. */
static void make_formats(struct xl *x, bool top_aligned)
{
	struct formats *f = &x->f;
	if ((f->text = new_format(x)) != NULL && top_aligned)
		format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
	if ((f->title = new_format(x)) != NULL) {
		format_set_bold(f->title);
		format_set_font_size(f->title, 16);
	}
	if ((f->heading = new_format(x)) != NULL) {
		format_set_bold(f->heading);
		format_set_font_size(f->heading, 12);
		format_set_font_color(f->heading, 0x1F3864);
	}
	if ((f->header = new_format(x)) != NULL) {
		format_set_bold(f->header);
		format_set_text_wrap(f->header);
		format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(f->header, 0xDDE4EE);
		format_set_bottom(f->header, LXW_BORDER_THIN);
	}
	if ((f->label = new_format(x)) != NULL)
		format_set_bold(f->label);
	if ((f->muted = new_format(x)) != NULL) {
		format_set_italic(f->muted);
		format_set_font_color(f->muted, 0x595959);
	}
	if ((f->note = new_format(x)) != NULL) {
		format_set_italic(f->note);
		format_set_font_color(f->note, 0x595959);
		format_set_text_wrap(f->note);
		format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->wrap = new_format(x)) != NULL) {
		format_set_text_wrap(f->wrap);
		format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->date = new_format(x)) != NULL) {
		format_set_num_format(f->date, "yyyy-mm-dd");
		format_set_align(f->date, LXW_ALIGN_LEFT);
		format_set_indent(f->date, 1); /* clear of a number to its left */
	}
	if ((f->datetime = new_format(x)) != NULL) {
		format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm");
		format_set_align(f->datetime, LXW_ALIGN_LEFT);
	}
	if ((f->integer = new_format(x)) != NULL)
		format_set_num_format(f->integer, "0");
	if ((f->integer_left = new_format(x)) != NULL) {
		format_set_num_format(f->integer_left, "0");
		format_set_align(f->integer_left, LXW_ALIGN_LEFT);
	}
	if ((f->percent = new_format(x)) != NULL)
		format_set_num_format(f->percent, "0%");
	if ((f->score = new_format(x)) != NULL)
		format_set_num_format(f->score, "0.0");
	if ((f->score_flag = new_format(x)) != NULL) {
		format_set_num_format(f->score_flag, "0.0");
		format_set_bold(f->score_flag);
		format_set_font_color(f->score_flag, 0x9C0006);
		format_set_bg_color(f->score_flag, 0xFFC7CE);
	}
	if ((f->score_whole = new_format(x)) != NULL)
		format_set_num_format(f->score_whole, "0");
	if ((f->score_flag_whole = new_format(x)) != NULL) {
		format_set_num_format(f->score_flag_whole, "0");
		format_set_bold(f->score_flag_whole);
		format_set_font_color(f->score_flag_whole, 0x9C0006);
		format_set_bg_color(f->score_flag_whole, 0xFFC7CE);
	}
	if ((f->slope = new_format(x)) != NULL)
		format_set_num_format(f->slope, "+0.00;-0.00;0.00");
	if ((f->flag = new_format(x)) != NULL) {
		format_set_bold(f->flag);
		format_set_font_color(f->flag, 0x9C0006);
	}
	if (top_aligned && xl_ok(x)) {
		lxw_format *cells[] = { f->date, f->integer, f->percent, f->score, f->score_flag,
			f->score_whole, f->score_flag_whole };
		for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
			format_set_align(cells[i], LXW_ALIGN_VERTICAL_TOP);
	}
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool valid_date(struct progress_date d)
{
	return d.year >= 1900 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
		d.day <= 31;
}

/* Opens the workbook with fixed properties; NULL with err filled. */
static bool open_workbook(struct xl *x, const char *path, bool constant_memory,
	const char *title, const struct progress_options *opt, struct progress_error *err)
{
	memset(x, 0, sizeof *x);
	if (!valid_date(opt->as_of)) {
		fail(err, PROGRESS_ERR_INVALID, "report: the report date is not a real date");
		return false;
	}
	lxw_workbook_options wo = { constant_memory ? LXW_TRUE : LXW_FALSE,
		(char *)opt->tmpdir, LXW_FALSE };
	x->wb = workbook_new_opt(path, &wo);
	if (x->wb == NULL) {
		fail(err, PROGRESS_ERR_XLSX, "report: could not start the workbook %s", path);
		return false;
	}
	lxw_doc_properties props = { 0 };
	props.title = (char *)title;
	props.subject = "Couples therapy progress";
	props.comments = "Confidential clinical information. Made by dyad.";
	props.created = (time_t)(days_from_civil(opt->as_of.year, opt->as_of.month,
					 opt->as_of.day) * 86400LL);
	xl_check(x, workbook_set_properties(x->wb, &props), "workbook_set_properties");
	make_formats(x, constant_memory);
	return true;
}

/* Closes (and so writes) the workbook; reports the first failure. */
static enum progress_status close_workbook(struct xl *x, struct progress_error *err)
{
	bool ok = xl_ok(x);
	lxw_error first = x->error;
	const char *call = x->failed_call;
	bool nomem = x->nomem;
	int saved_errno = 0;
	errno = 0;
	lxw_error e = workbook_close(x->wb);
	saved_errno = errno;
	x->wb = NULL;
	if (nomem) {
		fail(err, PROGRESS_ERR_NOMEM, "report: out of memory");
		return PROGRESS_ERR_NOMEM;
	}
	if (!ok) {
		fail(err, PROGRESS_ERR_XLSX, "report: %s failed: %s", call, lxw_strerror(first));
		return PROGRESS_ERR_XLSX;
	}
	if (e != LXW_NO_ERROR) {
		char why[160];
		snprintf(why, sizeof why, "%s%s%s", lxw_strerror(e), saved_errno ? ": " : "",
			saved_errno ? strerror(saved_errno) : "");
		fail(err, PROGRESS_ERR_XLSX, "report: writing the workbook failed: %s", why);
		return PROGRESS_ERR_XLSX;
	}
	return PROGRESS_OK;
}

/* --- the couple report ------------------------------------------------------ */

static const char *const partner_letter[2] = { "A", "B" };

static bool past_cutoff(const struct progress_scale *s, double v)
{
	if (!s->has_cutoff)
		return false;
	return s->higher_is_better ? v < s->cutoff : v > s->cutoff;
}

static bool scale_has_values(const struct progress_scale *s, size_t sessions_len)
{
	for (size_t i = 0; i < 2 * sessions_len; i++)
		if (s->values[i].present)
			return true;
	return false;
}

static struct progress_date date_of(struct progress_datetime t)
{
	struct progress_date d = { t.year, t.month, t.day };
	return d;
}

static bool held(const struct progress_session *s)
{
	return strcmp(s->attendance, "both") == 0 || strcmp(s->attendance, "a-only") == 0 ||
		strcmp(s->attendance, "b-only") == 0;
}

static bool planned(const struct progress_session *s)
{
	return strcmp(s->attendance, "planned") == 0;
}

/* "Maya Okafor (she/her)" */
static char *partner_label(const struct progress_couple *r, int p)
{
	const char *name = r->partner_name[p] ? r->partner_name[p] : "";
	const char *pro = r->partner_pronouns[p];
	size_t n = strlen(name) + (pro ? strlen(pro) + 3 : 0) + 1;
	char *s = malloc(n);
	if (s == NULL)
		return NULL;
	if (pro)
		snprintf(s, n, "%s (%s)", name, pro);
	else
		snprintf(s, n, "%s", name);
	return s;
}

/* Summary's columns A to I together, in characters: the width its
 * paragraphs wrap in. */
#define SUMMARY_TEXT_WIDTH 140.0

static void write_summary(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r,
	const struct progress_options *opt)
{
	const struct formats *f = &x->f;
	set_column(x, ws, 0, 0, 30, NULL);
	set_column(x, ws, 1, 1, 30, NULL);
	set_column(x, ws, 2, 2, 11, NULL);
	set_column(x, ws, 3, 3, 12, NULL);
	set_column(x, ws, 4, 5, 11, NULL);
	set_column(x, ws, 6, 6, 13, NULL);
	set_column(x, ws, 7, 8, 11, NULL);
	set_column(x, ws, 9, 10, 11, NULL);
	set_column(x, ws, 11, 12, 14, NULL);
	print_setup(x, ws, -1, true);

	put_text(x, ws, 0, 0, "Progress report", f->title);
	put_text(x, ws, 1, 0,
		"Confidential: clinical information about two people. Share it only with those "
		"who need it.",
		f->muted);

	size_t held_n = 0, missed = 0, alone = 0;
	const struct progress_session *first = NULL, *last = NULL;
	for (size_t i = 0; i < r->sessions_len; i++) {
		const struct progress_session *s = &r->sessions[i];
		if (!held(s)) {
			missed += !planned(s); /* a planned one is neither held nor missed */
			continue;
		}
		held_n++;
		if (strcmp(s->attendance, "both") != 0)
			alone++;
		if (first == NULL)
			first = s;
		last = s;
	}

	lxw_row_t row = 3;
	put_text(x, ws, row, 0, "Practice", f->label);
	put_text(x, ws, row++, 1, r->practice ? r->practice : "not set", r->practice ? NULL : f->muted);
	put_text(x, ws, row, 0, "Clinician", f->label);
	put_text(x, ws, row++, 1, r->clinician ? r->clinician : "not set",
		r->clinician ? NULL : f->muted);
	put_text(x, ws, row, 0, "Couple", f->label);
	put_text(x, ws, row++, 1, r->name, NULL);
	put_text(x, ws, row, 0, "Record number", f->label);
	put_number(x, ws, row++, 1, (double)r->id, f->integer_left);
	put_text(x, ws, row, 0, "Status", f->label);
	put_text(x, ws, row++, 1, r->status, NULL);
	for (int p = 0; p < 2; p++) {
		char *label = partner_label(r, p);
		if (label == NULL) {
			x->nomem = true;
			return;
		}
		put_text(x, ws, row, 0, p == 0 ? "Partner A" : "Partner B", f->label);
		put_text(x, ws, row++, 1, label, NULL);
		free(label);
	}
	put_text(x, ws, row, 0, "Intake", f->label);
	put_date(x, ws, row++, 1, r->intake);
	put_text(x, ws, row, 0, "Report date", f->label);
	put_date(x, ws, row++, 1, opt->as_of);
	put_text(x, ws, row, 0, "First session held", f->label);
	if (first)
		put_date(x, ws, row, 1, date_of(first->starts_at));
	else
		put_text(x, ws, row, 1, "none yet", f->muted);
	row++;
	put_text(x, ws, row, 0, "Most recent session held", f->label);
	if (last)
		put_date(x, ws, row, 1, date_of(last->starts_at));
	else
		put_text(x, ws, row, 1, "none yet", f->muted);
	row++;
	put_text(x, ws, row, 0, "Sessions held", f->label);
	put_number(x, ws, row++, 1, (double)held_n, f->integer_left);
	put_text(x, ws, row, 0, "  of which one partner alone", f->label);
	put_number(x, ws, row++, 1, (double)alone, f->integer_left);
	put_text(x, ws, row, 0, "Sessions missed or cancelled", f->label);
	put_number(x, ws, row++, 1, (double)missed, f->integer_left);

	row++;
	put_text(x, ws, row++, 0, "Latest scores", f->heading);
	static const char *const head[] = { "Measure", "Partner", "Latest", "Session date",
		"Cutoff", "Past cutoff", "Recent trend", "Change a session", "Scores recorded",
		"First score", "Change since first", "Status", "Couple" };
	for (lxw_col_t c = 0; c < 13; c++)
		put_text(x, ws, row, c, head[c], f->header);
	set_row(x, ws, row++, 30);
	size_t shown = 0;
	for (size_t m = 0; m < r->measures_len; m++) {
		const struct progress_scale *s = &r->measures[m];
		if (!scale_has_values(s, r->sessions_len))
			continue;
		for (int p = 0; p < 2; p++) {
			const struct progress_trend *t = &s->trend[p];
			put_text(x, ws, row, 0, s->name, NULL);
			put_text(x, ws, row, 1, r->partner_name[p], NULL);
			if (t->has_last) {
				put_score(x, ws, row, 2, t->last, t->past_cutoff);
				if (t->last_session < r->sessions_len)
					put_date(x, ws, row, 3, date_of(r->sessions[t->last_session].starts_at));
			}
			if (s->has_cutoff) {
				put_score(x, ws, row, 4, s->cutoff, false);
				if (t->has_last)
					put_text(x, ws, row, 5, t->past_cutoff ? "yes" : "no",
						t->past_cutoff ? f->flag : NULL);
			}
			put_text(x, ws, row, 6, t->direction, NULL);
			if (t->has_slope)
				put_number(x, ws, row, 7, t->slope, f->slope);
			put_number(x, ws, row, 8, (double)t->count, f->integer);
			/* Where each partner started and how far they have come, with
			 * the reliable-change status (Jacobson & Truax). */
			if (t->has_first) {
				put_score(x, ws, row, 9, t->first, false);
				if (t->count > 1 && t->has_last)
					put_score(x, ws, row, 10, t->last - t->first, false);
			}
			if (t->outcome != NULL)
				put_text(x, ws, row, 11, t->outcome, NULL);
			if (p == 0 && s->couple_outcome != NULL)
				put_text(x, ws, row, 12, s->couple_outcome, NULL);
			row++;
		}
		shown++;
	}
	if (shown == 0)
		put_text(x, ws, row++, 0, "No scores recorded yet.", f->muted);

	if (r->has_homework) {
		row++;
		put_text(x, ws, row++, 0, "Homework done", f->heading);
		static const char *const hhead[] = { "Who", "Assignments", "Done", "Expected",
			"Adherence", "Check-ins reported" };
		for (lxw_col_t c = 0; c < 6; c++)
			put_text(x, ws, row, c, hhead[c], f->header);
		set_row(x, ws, row++, 30);
		static const char *const who[3] = { NULL, NULL, "Both partners" };
		for (int p = 0; p < 3; p++) {
			const struct progress_tally *t = &r->adherence[p];
			if (p < 2)
				x->partner_name_row[p] = (int)row;
			put_text(x, ws, row, 0, p < 2 ? r->partner_name[p] : who[p], p < 2 ? NULL : f->label);
			put_number(x, ws, row, 1, (double)r->assignments_len, f->integer);
			if (t->expected > 0) {
				put_number(x, ws, row, 2, (double)t->done, f->integer);
				put_number(x, ws, row, 3, (double)t->expected, f->integer);
			}
			if (t->percent >= 0)
				put_percent(x, ws, row, 4, t);
			else
				put_text(x, ws, row, 4, "nothing due yet", f->muted);
			char reported[64];
			snprintf(reported, sizeof reported, "%d of %d expected", t->reported,
				t->reports_expected);
			put_text(x, ws, row, 5, reported, NULL);
			row++;
		}
		if (r->adherence_rule) {
			put_merged(x, ws, row, 0, 8, r->adherence_rule, f->note);
			double h = 0;
			fit_row(x, ws, row++, r->adherence_rule, SUMMARY_TEXT_WIDTH, &h);
		}
	}

	row++;
	put_text(x, ws, row++, 0, "Partners moving apart", f->heading);
	if (r->trend_rule) {
		put_merged(x, ws, row, 0, 8, r->trend_rule, f->note);
		double h = 0;
		fit_row(x, ws, row++, r->trend_rule, SUMMARY_TEXT_WIDTH, &h);
	}
	static const char *const dhead[] = { "Scale", "Kind", "Partner A", "A: change a session",
		"Partner B", "B: change a session" };
	for (lxw_col_t c = 0; c < 6; c++)
		put_text(x, ws, row, c, dhead[c], f->header);
	set_row(x, ws, row++, 30);
	size_t flagged = 0;
	for (int kind = 0; kind < 2; kind++) {
		const struct progress_scale *list = kind == 0 ? r->measures : r->concepts;
		size_t len = kind == 0 ? r->measures_len : r->concepts_len;
		for (size_t k = 0; k < len; k++) {
			const struct progress_scale *s = &list[k];
			if (!s->diverging)
				continue;
			put_text(x, ws, row, 0, s->name, f->flag);
			put_text(x, ws, row, 1, kind == 0 ? "measure" : "concept", NULL);
			for (int p = 0; p < 2; p++) {
				put_text(x, ws, row, (lxw_col_t)(2 + 2 * p), s->trend[p].direction, NULL);
				if (s->trend[p].has_slope)
					put_number(x, ws, row, (lxw_col_t)(3 + 2 * p), s->trend[p].slope,
						f->slope);
			}
			row++;
			flagged++;
		}
	}
	if (flagged == 0)
		put_text(x, ws, row++, 0,
			"None: no measure or concept shows the partners moving in opposite directions.",
			f->muted);

	/* What each scale in the report runs over, and which end is better. */
	row++;
	put_text(x, ws, row++, 0, "What the scales mean", f->heading);
	/* The wide columns take the text; "Better" is last, so it may run on. */
	static const char *const shead[] = { "Scale", "Runs over", "Kind", "Cutoff", "Better" };
	for (lxw_col_t c = 0; c < 5; c++)
		put_text(x, ws, row, c, shead[c], f->header);
	set_row(x, ws, row++, 30);
	size_t described = 0;
	for (int kind = 0; kind < 2; kind++) {
		const struct progress_scale *list = kind == 0 ? r->measures : r->concepts;
		size_t len = kind == 0 ? r->measures_len : r->concepts_len;
		for (size_t k = 0; k < len; k++) {
			const struct progress_scale *s = &list[k];
			if (!scale_has_values(s, r->sessions_len))
				continue;
			double height = 0;
			put_text(x, ws, row, 0, s->name, f->wrap);
			fit_row(x, ws, row, s->name, 30, &height);
			if (s->range) {
				put_text(x, ws, row, 1, s->range, f->wrap);
				fit_row(x, ws, row, s->range, 30, &height);
			}
			put_text(x, ws, row, 2, kind == 0 ? "measure" : "concept", NULL);
			if (s->has_cutoff)
				put_score(x, ws, row, 3, s->cutoff, false);
			put_text(x, ws, row, 4, !s->better_known ? "not stated"
				: s->higher_is_better		  ? "higher is better"
								  : "lower is better", NULL);
			row++;
			described++;
		}
	}
	if (described == 0)
		put_text(x, ws, row++, 0, "No scores or ratings recorded yet.", f->muted);
}

static void write_sessions(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	static const char *const head[] = { "Date", "Session", "Minutes", "Modality",
		"Attendance", "Note" };
	lxw_col_t col = 0;
	for (; col < 6; col++)
		put_text(x, ws, 0, col, head[col], f->header);
	for (size_t k = 0; k < r->concepts_len; k++) {
		const struct progress_scale *s = &r->concepts[k];
		int partners = s->couple_level ? 1 : 2;
		if (!scale_has_values(s, r->sessions_len))
			continue; /* a concept never rated for this couple is only clutter */
		for (int p = 0; p < partners; p++) {
			size_t n = strlen(s->name) + 16;
			char *h = malloc(n);
			if (h == NULL) {
				x->nomem = true;
				return;
			}
			snprintf(h, n, "%s (%s)", s->name, s->couple_level ? "couple" : partner_letter[p]);
			put_text(x, ws, 0, col++, h, f->header);
			free(h);
		}
	}
	lxw_col_t last_col = col - 1;
	set_column(x, ws, 0, 0, 17, NULL);
	set_column(x, ws, 1, 2, 9, NULL);
	set_column(x, ws, 3, 4, 12, NULL);
	set_column(x, ws, 5, 5, 8, NULL);
	if (last_col >= 6)
		set_column(x, ws, 6, last_col, 13, NULL);
	set_row(x, ws, 0, 48);
	print_setup(x, ws, 0, false);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, 1, 1);

	for (size_t i = 0; i < r->sessions_len; i++) {
		const struct progress_session *s = &r->sessions[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		put_datetime(x, ws, row, 0, s->starts_at);
		/* Sessions are numbered 1..N for the couple, oldest first. */
		put_number(x, ws, row, 1, (double)(i + 1), f->integer);
		put_number(x, ws, row, 2, (double)s->minutes, f->integer);
		put_text(x, ws, row, 3, s->modality, NULL);
		put_text(x, ws, row, 4, s->attendance, NULL);
		put_text(x, ws, row, 5, s->note_status, NULL);
		col = 6;
		for (size_t k = 0; k < r->concepts_len; k++) {
			const struct progress_scale *c = &r->concepts[k];
			int partners = c->couple_level ? 1 : 2;
			if (!scale_has_values(c, r->sessions_len))
				continue;
			for (int p = 0; p < partners; p++)
				put_score_value(x, ws, row, col++, &c->values[2 * i + (size_t)p], false);
		}
	}
	if (r->sessions_len > 0)
		autofilter(x, ws, 0, 0, (lxw_row_t)r->sessions_len, last_col);
}

static void style_series(lxw_chart_series *series, lxw_color_t colour, bool markers,
	bool dashed)
{
	lxw_chart_line line = { 0 };
	line.color = colour;
	line.width = dashed ? 1.5f : 2.25f;
	line.dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID;
	chart_series_set_line(series, &line);
	if (markers) {
		lxw_chart_fill fill = { 0 };
		fill.color = colour;
		chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
		chart_series_set_marker_size(series, 6);
		chart_series_set_marker_fill(series, &fill);
		chart_series_set_marker_line(series, &line);
	} else {
		chart_series_set_marker_type(series, LXW_CHART_MARKER_NONE);
	}
}

static lxw_chart_series *add_series(struct xl *x, lxw_chart *chart)
{
	if (!xl_ok(x))
		return NULL;
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
	if (s == NULL)
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart_add_series");
	return s;
}

/* The data block one measure's chart draws from, on the hidden sheet, and
 * the chart itself, placed on the Measures sheet. Titles and series names
 * point at cells: libxlsxwriter reads a name that starts with "=" as a
 * formula, and these names are typed by people. */
static void write_measure_chart(struct xl *x, lxw_worksheet *data, lxw_worksheet *ws,
	const struct progress_couple *r, const struct progress_scale *s, lxw_col_t base,
	lxw_row_t at_row, lxw_col_t at_col)
{
	const struct formats *f = &x->f;
	put_text(x, data, 0, base, s->name, f->label);
	put_text(x, data, 1, base, "Date", f->header);
	put_text(x, data, 1, base + 1, r->partner_name[0], f->header);
	put_text(x, data, 1, base + 2, r->partner_name[1], f->header);
	if (s->has_cutoff)
		put_text(x, data, 1, base + 3, "Cutoff", f->header);
	lxw_row_t row = 2;
	for (size_t i = 0; i < r->sessions_len; i++) {
		const struct progress_value *a = &s->values[2 * i], *b = &s->values[2 * i + 1];
		if (!a->present && !b->present)
			continue;
		put_date(x, data, row, base, date_of(r->sessions[i].starts_at));
		put_score_value(x, data, row, base + 1, a, false);
		put_score_value(x, data, row, base + 2, b, false);
		if (s->has_cutoff)
			put_score(x, data, row, base + 3, s->cutoff, false);
		row++;
	}
	lxw_row_t last = row - 1;
	if (!xl_ok(x) || last < 2)
		return;

	lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_LINE);
	if (chart == NULL) {
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_chart");
		return;
	}
	chart_title_set_name_range(chart, SHEET_CHART_DATA, 0, base);
	static const lxw_color_t colours[2] = { COLOUR_A, COLOUR_B };
	for (int p = 0; p < 2; p++) {
		lxw_chart_series *series = add_series(x, chart);
		if (series == NULL)
			return;
		chart_series_set_categories(series, SHEET_CHART_DATA, 2, base, last, base);
		chart_series_set_values(series, SHEET_CHART_DATA, 2, base + 1 + (lxw_col_t)p, last,
			base + 1 + (lxw_col_t)p);
		chart_series_set_name_range(series, SHEET_CHART_DATA, 1, base + 1 + (lxw_col_t)p);
		style_series(series, colours[p], true, false);
	}
	if (s->has_cutoff) {
		lxw_chart_series *series = add_series(x, chart);
		if (series == NULL)
			return;
		chart_series_set_categories(series, SHEET_CHART_DATA, 2, base, last, base);
		chart_series_set_values(series, SHEET_CHART_DATA, 2, base + 3, last, base + 3);
		chart_series_set_name_range(series, SHEET_CHART_DATA, 1, base + 3);
		style_series(series, COLOUR_CUTOFF, false, true);
	}
	lxw_chart_axis *y = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y);
	lxw_chart_axis *xa = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_X);
	if (y) {
		chart_axis_set_min(y, s->min);
		chart_axis_set_max(y, s->max);
		chart_axis_set_num_format(y, "0");
	}
	if (xa)
		chart_axis_set_num_format(xa, "d mmm");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_CONNECTED);
	lxw_chart_options o = { 0 };
	o.x_offset = 10;
	o.y_offset = 4;
	o.x_scale = 1.1;
	o.y_scale = 1.0;
	xl_check(x, worksheet_insert_chart_opt(ws, at_row, at_col, chart, &o),
		"worksheet_insert_chart");
}

static void write_measures(struct xl *x, lxw_worksheet *ws, lxw_worksheet *data,
	const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	static const char *const head[] = { "Date", "Session", "Partner", "Name" };
	for (lxw_col_t c = 0; c < 4; c++)
		put_text(x, ws, 0, c, head[c], f->header);
	for (size_t m = 0; m < r->measures_len; m++)
		put_text(x, ws, 0, (lxw_col_t)(4 + m), r->measures[m].name, f->header);
	lxw_col_t last_col = (lxw_col_t)(3 + r->measures_len);
	set_column(x, ws, 0, 0, 17, NULL);
	set_column(x, ws, 1, 2, 9, NULL);
	set_column(x, ws, 3, 3, 24, NULL);
	if (r->measures_len > 0)
		set_column(x, ws, 4, last_col, 14, NULL);
	set_row(x, ws, 0, 48);
	print_setup(x, ws, 0, true);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, 1, 0);

	lxw_row_t row = 1;
	for (size_t i = 0; i < r->sessions_len; i++) {
		for (int p = 0; p < 2; p++) {
			bool any = false;
			for (size_t m = 0; m < r->measures_len; m++)
				any = any || r->measures[m].values[2 * i + (size_t)p].present;
			if (!any)
				continue;
			put_datetime(x, ws, row, 0, r->sessions[i].starts_at);
			put_number(x, ws, row, 1, (double)(i + 1), f->integer);
			put_text(x, ws, row, 2, partner_letter[p], NULL);
			put_text(x, ws, row, 3, r->partner_name[p], NULL);
			for (size_t m = 0; m < r->measures_len; m++) {
				const struct progress_scale *s = &r->measures[m];
				const struct progress_value *v = &s->values[2 * i + (size_t)p];
				put_score_value(x, ws, row, (lxw_col_t)(4 + m), v,
					v->present && past_cutoff(s, v->value));
			}
			row++;
		}
	}
	if (row > 1)
		autofilter(x, ws, 0, 0, row - 1, last_col);
	else
		put_text(x, ws, 1, 0, "No scores recorded yet.", f->muted);

	/* One chart per measure with scores, stacked to the right of the table. */
	lxw_col_t chart_col = last_col + 2;
	lxw_row_t chart_row = 1;
	for (size_t m = 0; m < r->measures_len; m++) {
		const struct progress_scale *s = &r->measures[m];
		if (!scale_has_values(s, r->sessions_len))
			continue;
		write_measure_chart(x, data, ws, r, s, (lxw_col_t)(5 * m), chart_row, chart_col);
		chart_row += 16;
	}
}

/* Assignments with each partner's adherence, every check-in below them,
 * and a column chart of adherence by assignment. */
static void write_homework(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	static const char *const head[] = { "Assigned", "Due", "Exercise", "Frequency",
		"Minutes", "Status", "A: done", "A: expected", "A: adherence", "B: done",
		"B: expected", "B: adherence", "Both: adherence", "Check-ins", "Note for the couple" };
	lxw_col_t ncols = r->include_notes ? 15 : 14;
	for (lxw_col_t c = 0; c < ncols; c++)
		put_text(x, ws, 0, c, head[c], f->header);
	set_column(x, ws, 0, 1, 11, NULL);
	set_column(x, ws, 2, 2, 34, NULL);
	set_column(x, ws, 3, 5, 10, NULL);
	set_column(x, ws, 6, 13, 10, NULL);
	if (r->include_notes)
		set_column(x, ws, 14, 14, 50, f->wrap);
	set_row(x, ws, 0, 32);
	print_setup(x, ws, 0, true);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, 1, 0);
	if (r->assignments_len == 0) {
		put_text(x, ws, 1, 0, "No homework assigned yet.", f->muted);
		return;
	}
	lxw_row_t row = 1;
	for (size_t k = 0; k < r->assignments_len; k++, row++) {
		const struct progress_assignment *a = &r->assignments[k];
		double height = 0;
		put_date(x, ws, row, 0, a->assigned_on);
		put_date(x, ws, row, 1, a->due_on);
		put_text(x, ws, row, 2, a->title, NULL);
		put_text(x, ws, row, 3, a->frequency, NULL);
		put_number(x, ws, row, 4, a->minutes, f->integer);
		put_text(x, ws, row, 5, a->status, NULL);
		for (int p = 0; p < 2; p++) {
			const struct progress_tally *t = &a->partner[p];
			lxw_col_t c = (lxw_col_t)(6 + 3 * p);
			if (t->expected > 0) {
				put_number(x, ws, row, c, (double)t->done, f->integer);
				put_number(x, ws, row, c + 1, (double)t->expected, f->integer);
			}
			put_percent(x, ws, row, c + 2, t);
		}
		put_percent(x, ws, row, 12, &a->together);
		put_number(x, ws, row, 13, (double)a->checkins_len, f->integer);
		if (r->include_notes && a->note) {
			put_text(x, ws, row, 14, a->note, f->wrap);
			fit_row(x, ws, row, a->note, 50, &height);
		}
	}
	lxw_row_t last = row - 1;
	put_text(x, ws, row, 2, "All assignments", f->label);
	for (int p = 0; p < 2; p++) {
		const struct progress_tally *t = &r->adherence[p];
		lxw_col_t c = (lxw_col_t)(6 + 3 * p);
		if (t->expected > 0) {
			put_number(x, ws, row, c, (double)t->done, f->integer);
			put_number(x, ws, row, c + 1, (double)t->expected, f->integer);
		}
		put_percent(x, ws, row, c + 2, t);
	}
	put_percent(x, ws, row, 12, &r->adherence[2]);
	row++;
	/* How much of the adherence above rests on reports. */
	char coverage[96];
	snprintf(coverage, sizeof coverage, "Check-ins reported: %d of %d expected",
		r->adherence[2].reported, r->adherence[2].reports_expected);
	put_text(x, ws, row, 2, coverage, f->muted);
	row += 2;

	put_text(x, ws, row++, 0, "Check-ins", f->heading);
	for (int p = 0; p < 2; p++) {
		size_t n = strlen(r->partner_name[p] ? r->partner_name[p] : "") + 8;
		char *who = malloc(n);
		if (who == NULL) {
			x->nomem = true;
			return;
		}
		snprintf(who, n, "%s is %s", partner_letter[p], r->partner_name[p] ? r->partner_name[p] : "");
		put_text(x, ws, row++, 0, who, f->muted);
		free(who);
	}
	static const char *const chead[] = { "Date", "Partner", "Exercise", "Done", "Of",
		"Comment" };
	lxw_col_t cols = r->include_notes ? 6 : 5;
	for (lxw_col_t c = 0; c < cols; c++) {
		if (c == 5)
			put_merged(x, ws, row, 5, 13, chead[c], f->header);
		else
			put_text(x, ws, row, c, chead[c], f->header);
	}
	row++;
	size_t shown = 0;
	for (size_t k = 0; k < r->assignments_len; k++) {
		const struct progress_assignment *a = &r->assignments[k];
		for (size_t i = 0; i < a->checkins_len; i++, row++, shown++) {
			const struct progress_checkin *c = &a->checkins[i];
			put_date(x, ws, row, 0, c->day);
			put_text(x, ws, row, 1, partner_letter[c->partner == 1 ? 1 : 0], NULL);
			put_text(x, ws, row, 2, a->title, NULL);
			put_number(x, ws, row, 3, (double)c->done, f->integer);
			if (c->out_of > 0)
				put_number(x, ws, row, 4, (double)c->out_of, f->integer);
			/* A comment wraps across the columns to the right (90
			 * characters), its row as tall as its lines. */
			if (r->include_notes && c->comment && c->comment[0]) {
				double height = 0;
				put_merged(x, ws, row, 5, 13, c->comment, f->wrap);
				fit_row(x, ws, row, c->comment, 90, &height);
			}
		}
	}
	if (shown == 0)
		put_text(x, ws, row, 0, "No check-ins recorded yet.", f->muted);
	if (!xl_ok(x))
		return;

	lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	if (chart == NULL) {
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_chart");
		return;
	}
	chart_title_set_name(chart, "Homework done, by assignment");
	static const lxw_color_t colours[2] = { COLOUR_A, COLOUR_B };
	for (int p = 0; p < 2; p++) {
		lxw_chart_series *series = add_series(x, chart);
		if (series == NULL)
			return;
		lxw_col_t c = (lxw_col_t)(8 + 3 * p);
		chart_series_set_categories(series, SHEET_HOMEWORK, 1, 2, last, 2);
		chart_series_set_values(series, SHEET_HOMEWORK, 1, c, last, c);
		/* Named after the partner: their name in Summary's homework table. */
		if (x->partner_name_row[p] >= 0)
			chart_series_set_name_range(series, SHEET_SUMMARY,
				(lxw_row_t)x->partner_name_row[p], 0);
		else
			chart_series_set_name_range(series, SHEET_HOMEWORK, 0, c);
		lxw_chart_fill fill = { 0 };
		fill.color = colours[p];
		chart_series_set_fill(series, &fill);
	}
	lxw_chart_axis *y = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y);
	if (y) {
		/* Done over expected: 100% is all of it, and the axis ends there. */
		chart_axis_set_min(y, 0);
		chart_axis_set_max(y, 1);
		chart_axis_set_num_format(y, "0%");
	}
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	lxw_chart_options o = { 0 };
	o.x_offset = 10;
	o.x_scale = 1.2;
	o.y_scale = 1.1;
	xl_check(x, worksheet_insert_chart_opt(ws, last + 3 > row ? last + 3 : row + 2, 2, chart, &o),
		"worksheet_insert_chart");
}

/* A note as one or more rows, each piece within a cell's limit; pieces
 * after the first say they continue, so nothing is dropped silently. */
/* The treatment plan's objectives: what each aims at, where it stands now,
 * and the homework serving it. */
static void write_plan(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	const struct progress_plan *plan = r->plan;
	char line[120];
	snprintf(line, sizeof line, "Treatment plan, version %d (%s)", plan->version,
		plan->status ? plan->status : "draft");
	put_text(x, ws, 0, 0, line, f->title);
	put_text(x, ws, 1, 0, "Signed", f->label);
	if (valid_date(plan->signed_on))
		put_date(x, ws, 1, 1, plan->signed_on);
	else
		put_text(x, ws, 1, 1, "not yet", f->muted);
	put_text(x, ws, 2, 0, "Review date", f->label);
	if (valid_date(plan->review_on))
		put_date(x, ws, 2, 1, plan->review_on);
	else
		put_text(x, ws, 2, 1, "none set", f->muted);
	static const char *const head[] = { "Objective", "As written", "Target", "Now (A)",
		"Now (B)", "Status", "Linked homework" };
	const lxw_row_t top = 4;
	for (lxw_col_t col = 0; col < 7; col++)
		put_text(x, ws, top, col, head[col], f->header);
	set_column(x, ws, 0, 0, 11, NULL);
	set_column(x, ws, 1, 1, 40, f->wrap);
	set_column(x, ws, 2, 2, 34, f->wrap);
	set_column(x, ws, 3, 4, 9, NULL);
	set_column(x, ws, 5, 5, 13, NULL);
	set_column(x, ws, 6, 6, 40, f->wrap);
	print_setup(x, ws, (int)top, true);
	if (plan->objectives_len == 0)
		put_text(x, ws, top + 1, 0, "The plan has no objectives yet.", f->muted);
	for (size_t i = 0; i < plan->objectives_len; i++) {
		const struct progress_objective *o = &plan->objectives[i];
		lxw_row_t row = top + 1 + (lxw_row_t)i;
		double height = 0;
		fit_row(x, ws, row, o->text, 40, &height);
		fit_row(x, ws, row, o->target, 34, &height);
		fit_row(x, ws, row, o->homework, 40, &height);
		put_number(x, ws, row, 0, o->number, f->integer_left);
		put_text(x, ws, row, 1, o->text, f->wrap);
		if (o->target != NULL)
			put_text(x, ws, row, 2, o->target, f->wrap);
		else
			put_text(x, ws, row, 2, "not measured", f->muted);
		if (o->couple_level) {
			put_score_value(x, ws, row, 3, &o->current[0], false);
			put_text(x, ws, row, 4, "(couple)", f->muted);
		} else {
			put_score_value(x, ws, row, 3, &o->current[0], false);
			put_score_value(x, ws, row, 4, &o->current[1], false);
		}
		put_text(x, ws, row, 5, o->status ? o->status : "", o->status &&
			strcmp(o->status, "not yet") == 0 ? f->flag : NULL);
		if (o->homework != NULL)
			put_text(x, ws, row, 6, o->homework, f->wrap);
	}
	if (xl_ok(x))
		worksheet_freeze_panes(ws, top + 1, 0);
}

static void write_notes(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	static const char *const head[] = { "Date", "Session", "Note status", "Part", "Note" };
	for (lxw_col_t c = 0; c < 5; c++)
		put_text(x, ws, 0, c, head[c], f->header);
	set_column(x, ws, 0, 0, 17, NULL);
	set_column(x, ws, 1, 1, 9, NULL);
	set_column(x, ws, 2, 2, 22, NULL);
	set_column(x, ws, 3, 3, 8, NULL);
	set_column(x, ws, 4, 4, 110, f->wrap);
	print_setup(x, ws, 0, true);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, 1, 0);
	lxw_row_t row = 1;
	for (size_t k = 0; k < r->notes_len && xl_ok(x); k++) {
		const struct progress_note *note = &r->notes[k];
		if (note->session >= r->sessions_len || note->body == NULL || note->body[0] == '\0')
			continue;
		const struct progress_session *s = &r->sessions[note->session];
		char *clean = cell_text_clean(note->body, NULL);
		if (clean == NULL) {
			x->nomem = true;
			return;
		}
		size_t len = strlen(clean);
		size_t pieces = 0;
		for (size_t at = 0, step; at < len; at += step, pieces++)
			if ((step = cell_text_prefix(clean + at, len - at, NOTE_PIECE_UNITS)) == 0)
				break;
		size_t at = 0;
		for (size_t piece = 0; piece < pieces && xl_ok(x); piece++) {
			size_t n = cell_text_prefix(clean + at, len - at, NOTE_PIECE_UNITS);
			static const char before[] = "[continued from the row above]\n";
			static const char after[] = "\n[continued in the next row]";
			char *text = malloc(n + sizeof before + sizeof after);
			if (text == NULL) {
				x->nomem = true;
				break;
			}
			size_t o = 0;
			if (piece > 0) {
				memcpy(text, before, sizeof before - 1);
				o += sizeof before - 1;
			}
			memcpy(text + o, clean + at, n);
			o += n;
			if (piece + 1 < pieces) {
				memcpy(text + o, after, sizeof after - 1);
				o += sizeof after - 1;
			}
			text[o] = '\0';
			char part[48];
			snprintf(part, sizeof part, "%zu of %zu", piece + 1, pieces);
			/* An addendum is dated in the status column: "addendum
			 * 2026-11-30 10:15 UTC", so it reads as a later correction. */
			char status[48];
			if (note->addendum_at != NULL)
				snprintf(status, sizeof status, "addendum %.10s %.5s UTC", note->addendum_at,
					strlen(note->addendum_at) >= 16 ? note->addendum_at + 11 : "");
			else
				snprintf(status, sizeof status, "%s", s->note_status);
			put_datetime(x, ws, row, 0, s->starts_at);
			put_number(x, ws, row, 1, (double)(note->session + 1), f->integer);
			put_text(x, ws, row, 2, status, NULL);
			put_text(x, ws, row, 3, part, NULL);
			/* Already clean, and within the limit with its markers. */
			xl_check(x, worksheet_write_string(ws, row, 4, text, f->wrap),
				"worksheet_write_string");
			double height = 0;
			fit_row(x, ws, row, text, 110, &height);
			free(text);
			at += n;
			row++;
		}
		free(clean);
	}
	if (row == 1)
		put_text(x, ws, 1, 0, "No note has any text yet.", f->muted);
}

/* Each partner's screenings, oldest first, one row each. */
static void write_safety(struct xl *x, lxw_worksheet *ws, const struct progress_couple *r)
{
	const struct formats *f = &x->f;
	static const char *const head[] = { "Date", "Partner", "Result", "Method", "Action taken" };
	for (lxw_col_t c = 0; c < 5; c++)
		put_text(x, ws, 0, c, head[c], f->header);
	set_column(x, ws, 0, 0, 12, NULL);
	set_column(x, ws, 1, 1, 22, NULL);
	set_column(x, ws, 2, 2, 10, NULL);
	set_column(x, ws, 3, 3, 30, f->wrap);
	set_column(x, ws, 4, 4, 60, f->wrap);
	print_setup(x, ws, 0, true);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, 1, 0);
	lxw_row_t row = 1;
	for (size_t k = 0; k < r->screenings_len && xl_ok(x); k++, row++) {
		const struct progress_screening *s = &r->screenings[k];
		int p = s->partner == 1 ? 1 : 0;
		char who[240];
		snprintf(who, sizeof who, "%c: %s", p == 0 ? 'A' : 'B',
			r->partner_name[p] ? r->partner_name[p] : "");
		put_date(x, ws, row, 0, s->day);
		put_text(x, ws, row, 1, who, NULL);
		put_text(x, ws, row, 2, s->result ? s->result : "", NULL);
		put_text(x, ws, row, 3, s->method ? s->method : "", f->wrap);
		put_text(x, ws, row, 4, s->action ? s->action : "", f->wrap);
		double height = 0;
		fit_row(x, ws, row, s->method, 30, &height);
		fit_row(x, ws, row, s->action, 60, &height);
	}
	if (row == 1)
		put_text(x, ws, 1, 0, "No safety screening is on record.", f->muted);
}

static bool couple_valid(const struct progress_couple *r, const struct progress_options *opt,
	struct progress_error *err)
{
	if (r == NULL || opt == NULL || (r->sessions_len > 0 && r->sessions == NULL) ||
		(r->measures_len > 0 && r->measures == NULL) ||
		(r->concepts_len > 0 && r->concepts == NULL) ||
		(r->notes_len > 0 && r->notes == NULL) ||
		(r->screenings_len > 0 && r->screenings == NULL) ||
		(r->plan != NULL && r->plan->objectives_len > 0 && r->plan->objectives == NULL) ||
		(r->plan != NULL && r->plan->objectives_len + 6 > LXW_ROW_MAX)) {
		fail(err, PROGRESS_ERR_INVALID, "report: incomplete report data");
		return false;
	}
	for (size_t k = 0; k < r->measures_len + r->concepts_len; k++) {
		const struct progress_scale *s = k < r->measures_len ? &r->measures[k]
								      : &r->concepts[k - r->measures_len];
		if (s->name == NULL || (r->sessions_len > 0 && s->values == NULL)) {
			fail(err, PROGRESS_ERR_INVALID, "report: a scale has no name or values");
			return false;
		}
	}
	/* Sheets hold about a million rows; a couple would need centuries. */
	if (2 * r->sessions_len + 2 > LXW_ROW_MAX || r->screenings_len + 2 > LXW_ROW_MAX ||
		6 + 2 * r->concepts_len > LXW_COL_MAX ||
		5 * r->measures_len + 5 > LXW_COL_MAX) {
		fail(err, PROGRESS_ERR_INVALID, "report: too many sessions or scales for one sheet");
		return false;
	}
	return true;
}

enum progress_status progress_write_couple(const char *path, const struct progress_couple *r,
	const struct progress_options *opt, struct progress_error *err)
{
	struct xl x;
	struct quiet q;
	err->code = PROGRESS_OK;
	err->message[0] = '\0';
	if (!couple_valid(r, opt, err))
		return err->code;
	if (!quiet_begin(&q)) {
		fail(err, PROGRESS_ERR_XLSX,
			"report: could not keep the spreadsheet library's messages off the screen");
		return err->code;
	}
	enum progress_status rc;
	if (!open_workbook(&x, path, false, "Progress report", opt, err)) {
		rc = err->code;
		goto done;
	}
	x.partner_name_row[0] = x.partner_name_row[1] = -1;
	lxw_worksheet *summary = add_sheet(&x, SHEET_SUMMARY);
	lxw_worksheet *sessions = add_sheet(&x, SHEET_SESSIONS);
	lxw_worksheet *measures = add_sheet(&x, SHEET_MEASURES);
	lxw_worksheet *homework = r->has_homework ? add_sheet(&x, SHEET_HOMEWORK) : NULL;
	lxw_worksheet *plan = r->plan ? add_sheet(&x, SHEET_PLAN) : NULL;
	lxw_worksheet *notes = r->include_notes ? add_sheet(&x, SHEET_NOTES) : NULL;
	lxw_worksheet *safety = r->include_private ? add_sheet(&x, SHEET_SAFETY) : NULL;
	lxw_worksheet *data = add_sheet(&x, SHEET_CHART_DATA);
	if (xl_ok(&x)) {
		write_summary(&x, summary, r, opt);
		write_sessions(&x, sessions, r);
		write_measures(&x, measures, data, r);
		if (homework)
			write_homework(&x, homework, r);
		if (plan)
			write_plan(&x, plan, r);
		if (notes)
			write_notes(&x, notes, r);
		if (safety)
			write_safety(&x, safety, r);
		if (xl_ok(&x))
			worksheet_hide(data);
	}
	rc = close_workbook(&x, err);
done:
	quiet_end(&q);
	return rc;
}

/* --- the caseload ------------------------------------------------------------ */

/* The caseload's sparklines, collected while its rows stream out and
 * written into the sheet once the workbook is complete: a few bytes a
 * partner, so memory still grows by little more than the row count. */
struct spark_lines {
	struct sparkline *lines;
	size_t len, cap;
};

static bool spark_lines_add(struct spark_lines *s, struct sparkline line)
{
	if (s->len == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct sparkline *more = realloc(s->lines, cap * sizeof *more);
		if (more == NULL)
			return false;
		s->lines = more;
		s->cap = cap;
	}
	s->lines[s->len++] = line;
	return true;
}

/* A private, empty file beside path (in its folder, so clinical data stays
 * where the caller put the report): its name in out. False, with errno,
 * when none could be made. */
static bool make_private_beside(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path) + 1 : 0;
	int n = snprintf(out, size, "%.*s.dyad-workbook-XXXXXX", dir_len, path);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return false;
	}
	int fd = mkstemp(out); /* mode 0600 */
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The caseload prints landscape and one page wide however many measure
 * columns there are, with its header row on every page: it is read on
 * paper from the top, who needs attention first. */
static void caseload_print_setup(struct xl *x, lxw_worksheet *ws, lxw_row_t header_row,
	enum progress_paper paper)
{
	if (!xl_ok(x))
		return;
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (paper == PROGRESS_PAPER_LETTER)
		worksheet_set_paper(ws, 1);
	else if (paper == PROGRESS_PAPER_A4)
		worksheet_set_paper(ws, 9);
	xl_check(x, worksheet_set_footer(ws, "&LConfidential clinical record&RPage &P of &N"),
		"worksheet_set_footer");
	if (xl_ok(x))
		xl_check(x, worksheet_repeat_rows(ws, header_row, header_row), "worksheet_repeat_rows");
}

/* The Trend data sheet's layout: a header, then two rows a couple from
 * TREND_FIRST_ROW, the scores from TREND_FIRST_COL. */
#define TREND_HEADER_ROW 3
#define TREND_FIRST_ROW 4
#define TREND_FIRST_COL 3

static void write_trend_head(struct xl *x, lxw_worksheet *ws, const struct progress_caseload *c,
	enum progress_paper paper)
{
	const struct formats *f = &x->f;
	set_column(x, ws, 0, 0, 30, NULL);
	set_column(x, ws, 1, 1, 9, NULL);
	set_column(x, ws, 2, 2, 24, NULL);
	set_column(x, ws, TREND_FIRST_COL, TREND_FIRST_COL + PROGRESS_SPARK_MAX - 1, 6, NULL);
	caseload_print_setup(x, ws, TREND_HEADER_ROW, paper);
	if (xl_ok(x))
		worksheet_freeze_panes(ws, TREND_HEADER_ROW + 1, TREND_FIRST_COL);
	put_text(x, ws, 0, 0, "Trend data", f->title);
	size_t n = strlen(c->main_name) + 200;
	char *note = malloc(n);
	if (note == NULL) {
		x->nomem = true;
		return;
	}
	snprintf(note, n, "Each partner's %s scores, oldest first (the latest %d): the numbers "
		"the lines over time on the Caseload sheet draw, in its order.", c->main_name,
		PROGRESS_SPARK_MAX);
	put_text(x, ws, 1, 0, note, f->muted);
	free(note);
	static const char *const head[] = { "Couple", "Record", "Partner" };
	for (lxw_col_t col = 0; col < 3; col++)
		put_text(x, ws, TREND_HEADER_ROW, col, head[col], f->header);
	/* Across the score columns, which are too narrow for it. */
	put_merged(x, ws, TREND_HEADER_ROW, TREND_FIRST_COL, TREND_FIRST_COL + PROGRESS_SPARK_MAX - 1,
		"Scores, oldest first", f->header);
}

/* One partner's row of Trend data, and the sparkline drawing it in
 * (row, col) of the Caseload when there are scores. */
static void write_trend_row(struct xl *x, lxw_worksheet *ws, lxw_row_t trend_row,
	const struct progress_caseload_row *cr, int p, lxw_row_t row, lxw_col_t col,
	struct spark_lines *lines)
{
	char who[240];
	snprintf(who, sizeof who, "%s: %s", partner_letter[p],
		cr->partner_name[p] ? cr->partner_name[p] : "");
	put_text(x, ws, trend_row, 0, cr->name, x->f.text);
	put_number(x, ws, trend_row, 1, (double)cr->couple_id, x->f.integer_left);
	put_text(x, ws, trend_row, 2, who, x->f.text);
	size_t n = cr->main_values[p] ? cr->main_len[p] : 0;
	size_t from = n > PROGRESS_SPARK_MAX ? n - PROGRESS_SPARK_MAX : 0;
	for (size_t i = from; i < n; i++) {
		double v = cr->main_values[p][i];
		/* A value that is not a number stays an empty cell, a gap in the line. */
		if (isfinite(v))
			put_score(x, ws, trend_row, (lxw_col_t)(TREND_FIRST_COL + i - from), v, false);
	}
	if (n == 0 || !xl_ok(x))
		return;
	struct sparkline line = { row, trend_row, col, TREND_FIRST_COL,
		(uint16_t)(TREND_FIRST_COL + n - from - 1) };
	if (!spark_lines_add(lines, line))
		x->nomem = true;
}

enum progress_status progress_write_caseload(const char *path,
	const struct progress_caseload *c, const struct progress_options *opt,
	struct progress_error *err)
{
	struct xl x;
	struct quiet q;
	err->code = PROGRESS_OK;
	err->message[0] = '\0';
	if (c == NULL || opt == NULL || c->next == NULL ||
		(c->measures_len > 0 && c->measures == NULL) ||
		17 + 2 * c->measures_len > LXW_COL_MAX) {
		fail(err, PROGRESS_ERR_INVALID, "report: incomplete caseload data");
		return err->code;
	}
	if (!quiet_begin(&q)) {
		fail(err, PROGRESS_ERR_XLSX,
			"report: could not keep the spreadsheet library's messages off the screen");
		return err->code;
	}
	enum progress_status rc = PROGRESS_OK;
	struct spark_lines lines[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	/* With sparklines to add, libxlsxwriter writes to a file of our own
	 * beside path, copied to path with them once complete. */
	char book[4096];
	bool own_book = c->main_name != NULL;
	if (own_book && !make_private_beside(path, book, sizeof book)) {
		fail(err, PROGRESS_ERR_XLSX, "report: could not make a working file beside %s: %s",
			path, strerror(errno));
		rc = err->code;
		own_book = false;
		goto done;
	}
	if (!open_workbook(&x, own_book ? book : path, true, "Caseload report", opt, err)) {
		rc = err->code;
		goto done;
	}
	const struct formats *f = &x.f;
	lxw_worksheet *ws = add_sheet(&x, SHEET_CASELOAD);
	lxw_worksheet *trend = c->main_name ? add_sheet(&x, SHEET_TREND_DATA) : NULL;
	lxw_format *long_date = new_format(&x);
	if (long_date != NULL) {
		format_set_num_format(long_date, "d mmmm yyyy");
		format_set_align(long_date, LXW_ALIGN_LEFT);
	}
	/* Columns: fixed ones, a pair per measure, the main measure's line and
	 * trend word for A and then for B, then the flags. */
	static const char *const head[] = { "Couple", "Needs attention", "Record", "Status",
		"Partner A", "Partner B", "Intake", "Last session", "Sessions, last 90 days",
		"Sessions held", "Missed or cancelled", "Homework done" };
	const lxw_col_t fixed = c->has_homework ? 12 : 11;
	lxw_col_t measure_col = fixed;
	lxw_col_t spark_col = (lxw_col_t)(fixed + 2 * c->measures_len);
	lxw_col_t diverging_col = c->main_name ? spark_col + 4 : spark_col;
	lxw_col_t flags_col = diverging_col + 1;
	const lxw_row_t header_row = 3;
	/* constant_memory: settings first, then rows strictly top to bottom. */
	set_column(&x, ws, 0, 0, 30, NULL);
	set_column(&x, ws, 1, 1, 40, f->wrap);
	set_column(&x, ws, 2, 3, 9, NULL);
	set_column(&x, ws, 4, 5, 22, NULL);
	set_column(&x, ws, 6, 7, 12, NULL);
	set_column(&x, ws, 8, fixed - 1, 11, NULL);
	if (c->measures_len > 0)
		set_column(&x, ws, measure_col, spark_col - 1, 12, NULL);
	for (int p = 0; c->main_name && p < 2; p++) {
		set_column(&x, ws, spark_col + 2 * p, spark_col + 2 * p, 14, NULL);
		set_column(&x, ws, spark_col + 2 * p + 1, spark_col + 2 * p + 1, 11, NULL);
	}
	set_column(&x, ws, diverging_col, diverging_col, 11, NULL);
	set_column(&x, ws, flags_col, flags_col, 60, f->wrap);
	caseload_print_setup(&x, ws, header_row, c->paper);
	if (xl_ok(&x))
		worksheet_freeze_panes(ws, header_row + 1, 1);
	if (trend)
		write_trend_head(&x, trend, c, c->paper);

	put_text(&x, ws, 0, 0, "Caseload", f->title);
	put_text(&x, ws, 1, 0, "Report date", f->label);
	/* Spelled out, and across two columns, so it never shows as ####. */
	if (xl_ok(&x))
		xl_check(&x, worksheet_merge_range(ws, 1, 1, 1, 2, "", long_date),
			"worksheet_merge_range");
	if (xl_ok(&x)) {
		lxw_datetime as_of = { opt->as_of.year, opt->as_of.month, opt->as_of.day, 0, 0, 0.0 };
		xl_check(&x, worksheet_write_datetime(ws, 1, 1, &as_of, long_date),
			"worksheet_write_datetime");
	}
	put_text(&x, ws, 1, 3,
		c->main_name ? "Confidential clinical information. Red scores are past their measure's "
			       "cutoff. The lines over time are drawn from the Trend data sheet."
			     : "Confidential clinical information. Red scores are past their measure's "
			       "cutoff.",
		f->muted);
	/* The header row is as tall as its longest wrapped name ("CSI-4
	 * relationship satisfaction (B)" takes four lines in a measure's
	 * column). */
	double head_h = 48;
	for (size_t m = 0; m < c->measures_len; m++) {
		char h[400];
		snprintf(h, sizeof h, "%s (B)", c->measures[m].name ? c->measures[m].name : "");
		double need = wrapped_height(&x, h, 12);
		head_h = need > head_h ? need : head_h;
	}
	if (c->main_name) {
		char h[400];
		snprintf(h, sizeof h, "%s over time (B)", c->main_name);
		double need = wrapped_height(&x, h, 14);
		head_h = need > head_h ? need : head_h;
		snprintf(h, sizeof h, "%s trend (B)", c->main_name);
		need = wrapped_height(&x, h, 11);
		head_h = need > head_h ? need : head_h;
	}
	set_row(&x, ws, header_row, head_h);
	for (lxw_col_t col = 0; col < fixed; col++)
		put_text(&x, ws, header_row, col, head[col], f->header);
	for (size_t m = 0; m < c->measures_len; m++) {
		const char *name = c->measures[m].name ? c->measures[m].name : "";
		size_t n = strlen(name) + 8;
		char *h = malloc(n);
		if (h == NULL) {
			x.nomem = true;
			break;
		}
		for (int p = 0; p < 2; p++) {
			snprintf(h, n, "%s (%s)", name, partner_letter[p]);
			put_text(&x, ws, header_row, (lxw_col_t)(measure_col + 2 * m + (size_t)p), h,
				f->header);
		}
		free(h);
	}
	if (c->main_name) {
		size_t n = strlen(c->main_name) + 24;
		char *h = malloc(n);
		if (h == NULL)
			x.nomem = true;
		for (int p = 0; p < 2 && h != NULL; p++) {
			snprintf(h, n, "%s over time (%s)", c->main_name, partner_letter[p]);
			put_text(&x, ws, header_row, (lxw_col_t)(spark_col + 2 * p), h, f->header);
			snprintf(h, n, "%s trend (%s)", c->main_name, partner_letter[p]);
			put_text(&x, ws, header_row, (lxw_col_t)(spark_col + 2 * p + 1), h, f->header);
		}
		free(h);
	}
	put_text(&x, ws, header_row, diverging_col, "Diverging scales", f->header);
	put_text(&x, ws, header_row, flags_col, "Flags", f->header);

	lxw_row_t row = header_row + 1;
	lxw_row_t trend_row = TREND_FIRST_ROW;
	while (xl_ok(&x)) {
		struct progress_caseload_row cr;
		memset(&cr, 0, sizeof cr);
		int got = c->next(c->ctx, &cr, err);
		if (got < 0) {
			rc = PROGRESS_ERR_SOURCE;
			if (err->code == PROGRESS_OK)
				fail(err, PROGRESS_ERR_SOURCE, "report: reading the caseload failed");
			break;
		}
		if (got == 0)
			break;
		if (row >= LXW_ROW_MAX || (trend && trend_row + 1 >= LXW_ROW_MAX)) {
			fail(err, PROGRESS_ERR_INVALID, "report: more couples than one sheet holds");
			rc = PROGRESS_ERR_INVALID;
			break;
		}
		/* Rows are streamed, so no reader will size them later: make room
		 * for the wrapped flags now (about 80 characters a line) and the
		 * reasons (about 50). */
		size_t text_lines = 1;
		if (cr.flags && cr.flags[0])
			text_lines = 1 + (cell_text_units(cr.flags, strlen(cr.flags)) - 1) / 80;
		if (cr.attention && cr.attention[0]) {
			size_t more = 1 + (cell_text_units(cr.attention, strlen(cr.attention)) - 1) / 50;
			text_lines = more > text_lines ? more : text_lines;
		}
		if (text_lines > 1 || (cr.flags && cr.flags[0]))
			set_row(&x, ws, row, 15.0 * (double)(text_lines > 8 ? 8 : text_lines));
		put_text(&x, ws, row, 0, cr.name, f->text);
		if (cr.attention && cr.attention[0])
			put_text(&x, ws, row, 1, cr.attention, f->wrap);
		put_number(&x, ws, row, 2, (double)cr.couple_id, f->integer);
		put_text(&x, ws, row, 3, cr.status, f->text);
		put_text(&x, ws, row, 4, cr.partner_name[0], f->text);
		put_text(&x, ws, row, 5, cr.partner_name[1], f->text);
		put_date(&x, ws, row, 6, cr.intake);
		put_date(&x, ws, row, 7, cr.last_session);
		put_number(&x, ws, row, 8, cr.sessions_recent, f->integer);
		put_number(&x, ws, row, 9, cr.sessions_held, f->integer);
		put_number(&x, ws, row, 10, cr.sessions_missed, f->integer);
		if (c->has_homework)
			put_percent(&x, ws, row, 11, &cr.adherence);
		for (size_t m = 0; m < c->measures_len && cr.latest; m++)
			for (int p = 0; p < 2; p++) {
				size_t k = 2 * m + (size_t)p;
				bool flag = cr.past_cutoff && cr.past_cutoff[k];
				put_score_value(&x, ws, row, (lxw_col_t)(measure_col + k), &cr.latest[k],
					flag);
			}
		/* The line's own cell stays empty: the sparkline is drawn in it. */
		for (int p = 0; trend && p < 2; p++) {
			write_trend_row(&x, trend, trend_row++, &cr, p, row,
				(lxw_col_t)(spark_col + 2 * p), &lines[p]);
			if (cr.main_len[p] > 0 && cr.main_trend[p])
				put_text(&x, ws, row, (lxw_col_t)(spark_col + 2 * p + 1), cr.main_trend[p],
					f->text);
		}
		put_number(&x, ws, row, diverging_col, cr.diverging, f->integer);
		if (cr.flags && cr.flags[0])
			put_text(&x, ws, row, flags_col, cr.flags, f->wrap);
		row++;
	}
	if (rc == PROGRESS_OK)
		autofilter(&x, ws, header_row, 0, row > header_row + 1 ? row - 1 : header_row + 1,
			flags_col);
	if (rc != PROGRESS_OK) {
		/* Still close, to free the workbook; the file is not used. */
		struct progress_error ignored;
		close_workbook(&x, &ignored);
		goto done;
	}
	rc = close_workbook(&x, err);
	if (rc == PROGRESS_OK && own_book) {
		/* Each partner's lines in their colour, as on the couple report's
		 * charts; the axis spans the whole scale. */
		bool range = c->main_max > c->main_min;
		struct sparkline_group groups[2] = {
			{ COLOUR_A, 0x0B3C5D, range, c->main_min, c->main_max, lines[0].lines,
				lines[0].len },
			{ COLOUR_B, 0x8A3B00, range, c->main_min, c->main_max, lines[1].lines,
				lines[1].len },
		};
		char why[200];
		if (sparklines_add(book, path, CASELOAD_ENTRY, SHEET_TREND_DATA, groups, 2, why,
			    sizeof why) != 0) {
			fail(err, PROGRESS_ERR_XLSX, "report: adding the sparklines failed: %s", why);
			rc = err->code;
		}
	}
done:
	if (own_book)
		unlink(book);
	free(lines[0].lines);
	free(lines[1].lines);
	quiet_end(&q);
	return rc;
}
