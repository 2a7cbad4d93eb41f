/* homework.c: settings, assignments, check-ins, paper and handout text. */
#include "app/domain/homework.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/utf8.h"
#include "app/domain/note_template.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

const char *const assignment_statuses[] = { "assigned", "done", "dropped", NULL };

const struct setting_def homework_settings[] = {
	{ "practice.name", "the practice's name, at the top of every handout" },
	{ "practice.contact", "a contact line (phone, email, address) at the foot of handouts" },
	{ "clinician.name", "who signs the note on a handout (\"A note from ...\")" },
	{ "paper", "letter or a4, for handouts (else $PAPERSIZE, /etc/papersize, letter)" },
	{ "handout.font", "a TrueType file for handouts (else DejaVu Sans via fontconfig)" },
	{ NOTE_TEMPLATE_SETTING, "the template an empty note starts from: dap, soap, birp, couples "
		"or one of your own" },
	{ NULL, NULL },
};

/* --- settings ------------------------------------------------------------ */

enum dyad_error homework_setting_set(struct store *store, const char *key, const char *value,
	struct dyad_status *st)
{
	const struct setting_def *def = NULL;
	for (const struct setting_def *d = homework_settings; d->key; d++)
		if (key != NULL && strcmp(d->key, key) == 0)
			def = d;
	char q[200];
	if (def == NULL)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"key: '%s' is not a setting (practice.name, practice.contact, clinician.name, "
			"paper, handout.font or notes.template)", validate_quote(key ? key : "", q, sizeof q));
	if (value == NULL || value[0] == '\0')
		return settings_put(store, def->key, NULL, st);
	enum dyad_error rc;
	if (strcmp(def->key, "paper") == 0) {
		enum paper paper;
		if (!paper_parse(value, &paper))
			return dyad_fail(st, DYAD_ERR_INVALID, "paper: must be letter or a4 (got '%s')",
				validate_quote(value, q, sizeof q));
		return settings_put(store, def->key, paper_name(paper), st);
	}
	if (strcmp(def->key, NOTE_TEMPLATE_SETTING) == 0) {
		if ((rc = note_template_check(def->key, value, st)) != DYAD_OK)
			return rc;
		return settings_put(store, def->key, value, st);
	}
	if (strcmp(def->key, "handout.font") == 0) {
		struct stat sb;
		if ((rc = validate_name(def->key, value, st)) != DYAD_OK)
			return rc;
		if (value[0] != '/')
			return dyad_fail(st, DYAD_ERR_INVALID,
				"handout.font: give the font file's full path, starting with / (got '%s')",
				validate_quote(value, q, sizeof q));
		if (stat(value, &sb) != 0 || !S_ISREG(sb.st_mode) || access(value, R_OK) != 0)
			return dyad_fail(st, DYAD_ERR_INVALID, "handout.font: '%s' is not a readable file",
				validate_quote(value, q, sizeof q));
		return settings_put(store, def->key, value, st);
	}
	if ((rc = validate_name(def->key, value, st)) != DYAD_OK)
		return rc;
	return settings_put(store, def->key, value, st);
}

/* --- paper ----------------------------------------------------------------- */

bool paper_parse(const char *s, enum paper *out)
{
	if (s == NULL)
		return false;
	if (strcasecmp(s, "letter") == 0) {
		*out = PAPER_LETTER;
		return true;
	}
	if (strcasecmp(s, "a4") == 0) {
		*out = PAPER_A4;
		return true;
	}
	return false;
}

const char *paper_name(enum paper p)
{
	return p == PAPER_A4 ? "a4" : "letter";
}

void paper_size_points(enum paper p, double *width, double *height)
{
	/* Letter is 8.5 x 11 inches; A4 is 210 x 297 mm (72 points an inch). */
	if (p == PAPER_A4) {
		*width = 595.276;
		*height = 841.89;
	} else {
		*width = 612.0;
		*height = 792.0;
	}
}

/* The first word of the papersize file that is not in a comment, in
 * *known (false when the file is missing or names no size dyad knows).
 * Fails in one line when path is not a regular file (a pipe would wait,
 * /dev/zero would never end) or is far too long for one. */
static enum dyad_error papersize_file(const char *path, const char *what, enum paper *out,
	bool *known, struct dyad_status *st)
{
	*known = false;
	struct stat sb;
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return DYAD_OK;
	size_t len;
	char *text = fileio_read_path(path, 4096, &len, what, st);
	if (text == NULL)
		return st->code;
	for (char *line = text; line != NULL && *line != '\0';) {
		char *next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		line = next;
		if (*s == '#' || *s == '\0' || *s == '\r')
			continue;
		s[strcspn(s, " \t\r")] = '\0';
		*known = paper_parse(s, out);
		break;
	}
	free(text);
	return DYAD_OK;
}

enum dyad_error paper_choose(const char *flag, const char *setting, struct paper_choice *out,
	struct dyad_status *st)
{
	char q[200];
	if (flag != NULL) {
		if (!paper_parse(flag, &out->paper))
			return dyad_fail(st, DYAD_ERR_INVALID, "paper: must be letter or a4 (got '%s')",
				validate_quote(flag, q, sizeof q));
		out->source = "--paper";
		return DYAD_OK;
	}
	if (paper_parse(setting, &out->paper)) {
		out->source = "the paper setting";
		return DYAD_OK;
	}
	if (paper_parse(getenv("PAPERSIZE"), &out->paper)) {
		out->source = "$PAPERSIZE";
		return DYAD_OK;
	}
	const char *file = getenv("DYAD_PAPERSIZE_FILE");
	bool named = file != NULL && file[0] != '\0';
	if (!named)
		file = "/etc/papersize";
	bool known;
	struct dyad_status ignored = { 0 };
	/* A file someone named must be a sound one; the system's own, when
	 * unreadable, just does not choose. */
	if (papersize_file(file, "DYAD_PAPERSIZE_FILE", &out->paper, &known,
		    named ? st : &ignored) != DYAD_OK && named)
		return st->code;
	if (known) {
		out->source = file;
		return DYAD_OK;
	}
	out->paper = PAPER_LETTER;
	out->source = "the default";
	return DYAD_OK;
}

/* --- assignments ------------------------------------------------------------- */

/* A session id as typed, which must be one of this couple's sessions; its
 * day goes to day (11 bytes). */
static enum dyad_error couple_session(struct store *store, int64_t couple_id, const char *text,
	int64_t *id, char *day, struct dyad_status *st)
{
	enum dyad_error rc = validate_id("session", text, id, st);
	if (rc != DYAD_OK)
		return rc;
	struct session_rec s;
	if ((rc = sessions_get(store, *id, &s, st)) != DYAD_OK)
		return rc;
	if (s.couple_id != couple_id)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"session: session %lld belongs to another couple", (long long)*id);
	snprintf(day, 11, "%.10s", s.starts_at);
	return DYAD_OK;
}

static enum dyad_error check_note(const char *note, size_t len, struct dyad_status *st)
{
	if (note == NULL || len == 0)
		return DYAD_OK;
	return validate_text("note", note, len, ASSIGNMENT_NOTE_MAX_BYTES, st);
}

/* True when the note is nothing but spaces and line breaks. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return false;
	return true;
}

enum dyad_error homework_assign(struct store *store, int64_t couple_id, const struct template *t,
	const struct assign_input *in, int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc;
	char q[200];
	enum homework_frequency frequency = t->frequency;
	if (in->frequency != NULL && !homework_frequency_parse(in->frequency, &frequency))
		return dyad_fail(st, DYAD_ERR_INVALID, "frequency: must be daily, weekly or once (got '%s')",
			validate_quote(in->frequency, q, sizeof q));
	long long minutes = t->minutes;
	if (in->minutes != NULL &&
		(rc = validate_int("minutes", in->minutes, 1, 600, &minutes, st)) != DYAD_OK)
		return rc;
	size_t note_len = in->note ? in->note_len : 0;
	if ((rc = check_note(in->note, note_len, st)) != DYAD_OK)
		return rc;
	struct dyad_date due_date = { 0, 0, 0 };
	if (in->due != NULL && (rc = validate_date("due", in->due, &due_date, st)) != DYAD_OK)
		return rc;
	struct couple_rec couple;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	bool closed = strcmp(couple.status, "closed") == 0;
	couple_rec_free(&couple);
	if (closed)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"couple: couple %lld is closed; reopen it (dyad couple set %lld --status active) "
			"to give homework", (long long)couple_id, (long long)couple_id);
	char assigned[11];
	int64_t session_id = 0;
	if (in->session != NULL) {
		if ((rc = couple_session(store, couple_id, in->session, &session_id, assigned, st)) !=
			DYAD_OK)
			return rc;
	} else {
		date_format(date_today(), assigned);
	}
	struct dyad_date assigned_date;
	date_parse(assigned, &assigned_date);
	char due[11];
	if (in->due != NULL) {
		if (date_to_days(due_date) < date_to_days(assigned_date))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"due: %s is before the assignment date (%s)", in->due, assigned);
		date_format(due_date, due);
	} else {
		date_format(date_from_days(date_to_days(assigned_date) + 7), due);
	}
	char *note = NULL;
	if (in->note != NULL && !blank(in->note, note_len)) {
		note = malloc(note_len + 1);
		if (note == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		memcpy(note, in->note, note_len);
		note[note_len] = '\0';
	}
	struct assignment_new row = {
		.couple_id = couple_id,
		.exercise_id = t->id,
		.exercise_title = t->title,
		.frequency = homework_frequency_name(frequency),
		.minutes = (int)minutes,
		.assigned_on = assigned,
		.due_on = due,
		.note = note,
		.session_id = session_id,
	};
	rc = assignments_insert(store, &row, id, st);
	free(note);
	return rc;
}

enum dyad_error homework_checkin_values(struct store *store, int64_t assignment_id,
	int partner, int64_t done, int64_t of, const char *comment, const char *date,
	int64_t session_id, bool *replaced, struct dyad_status *st)
{
	enum dyad_error rc;
	if (partner != 0 && partner != 1)
		return dyad_fail(st, DYAD_ERR_INVALID, "partner: must be a or b");
	if (done < 0 || done > CHECKIN_MAX_COUNT)
		return dyad_fail(st, DYAD_ERR_INVALID, "done: must be from 0 to %d", CHECKIN_MAX_COUNT);
	if (of < 0 || of > CHECKIN_MAX_COUNT)
		return dyad_fail(st, DYAD_ERR_INVALID, "of: must be from 1 to %d", CHECKIN_MAX_COUNT);
	if (of > 0 && done > of)
		return dyad_fail(st, DYAD_ERR_INVALID, "done: %lld is more than the %lld it is out of",
			(long long)done, (long long)of);
	size_t comment_len = comment ? strlen(comment) : 0;
	if (comment_len > 0 &&
		(rc = validate_text("comment", comment, comment_len, CHECKIN_COMMENT_MAX_BYTES, st)) !=
			DYAD_OK)
		return rc;
	struct dyad_date day;
	if (date != NULL && (rc = validate_date("date", date, &day, st)) != DYAD_OK)
		return rc;
	struct assignment_rec a;
	if ((rc = assignments_get(store, assignment_id, &a, st)) != DYAD_OK)
		return rc;
	char checked[11];
	if (session_id > 0) {
		struct session_rec s;
		if ((rc = sessions_get(store, session_id, &s, st)) != DYAD_OK)
			goto done;
		if (s.couple_id != a.couple_id) {
			rc = dyad_fail(st, DYAD_ERR_INVALID,
				"session: session %lld belongs to another couple", (long long)session_id);
			goto done;
		}
		if ((rc = session_require_held(store, session_id, 2, "check-in", "check-ins", st)) !=
			DYAD_OK)
			goto done;
		snprintf(checked, sizeof checked, "%.10s", s.starts_at);
	} else {
		date_format(date_today(), checked);
	}
	if (date != NULL)
		date_format(day, checked);
	if (strcmp(checked, a.assigned_on) < 0) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "date: %s is before the homework was given (%s)",
			checked, a.assigned_on);
		goto done;
	}
	char today[11];
	date_format(date_today(), today);
	if (strcmp(checked, today) > 0) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "date: %s is in the future; record what was done "
			"once it has been done", checked);
		goto done;
	}
	struct checkin_new row = {
		.assignment_id = assignment_id,
		.partner = partner,
		.done = done,
		.out_of = of,
		.comment = comment_len > 0 && !blank(comment, comment_len) ? comment : NULL,
		.checked_on = checked,
		.session_id = session_id,
	};
	rc = checkins_put(store, &row, NULL, replaced, st);
done:
	assignment_rec_free(&a);
	return rc;
}

enum dyad_error homework_checkin(struct store *store, int64_t assignment_id,
	const struct checkin_input *in, bool *replaced, struct dyad_status *st)
{
	enum dyad_error rc;
	int partner;
	long long done, of = 0;
	int64_t session_id = 0;
	if (in->partner == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "partner: say whose check-in it is with --partner a|b");
	if ((rc = validate_partner("partner", in->partner, &partner, st)) != DYAD_OK)
		return rc;
	if (in->done == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "done: say how many times with --done N");
	if ((rc = validate_int("done", in->done, 0, CHECKIN_MAX_COUNT, &done, st)) != DYAD_OK)
		return rc;
	if (in->of != NULL && (rc = validate_int("of", in->of, 1, CHECKIN_MAX_COUNT, &of, st)) != DYAD_OK)
		return rc;
	if (in->session != NULL && (rc = validate_id("session", in->session, &session_id, st)) != DYAD_OK)
		return rc;
	return homework_checkin_values(store, assignment_id, partner, done, of, in->comment, in->date,
		session_id, replaced, st);
}

enum dyad_error homework_set_status(struct store *store, int64_t assignment_id,
	const char *status, struct dyad_status *st)
{
	enum dyad_error rc = validate_choice("status", status, assignment_statuses, st);
	if (rc != DYAD_OK)
		return rc;
	return assignments_set_status(store, assignment_id, status, st);
}

enum dyad_error homework_set_details(struct store *store, int64_t assignment_id,
	const char *due, const char *note, struct dyad_status *st)
{
	enum dyad_error rc;
	struct dyad_date d;
	if (due != NULL && (rc = validate_date("due", due, &d, st)) != DYAD_OK)
		return rc;
	size_t note_len = note ? strlen(note) : 0;
	if ((rc = check_note(note, note_len, st)) != DYAD_OK)
		return rc;
	struct assignment_rec a;
	if ((rc = assignments_get(store, assignment_id, &a, st)) != DYAD_OK)
		return rc;
	char due_text[11];
	if (due != NULL)
		date_format(d, due_text);
	if (due != NULL && strcmp(due_text, a.assigned_on) < 0)
		rc = dyad_fail(st, DYAD_ERR_INVALID, "due: %s is before the assignment date (%s)",
			due_text, a.assigned_on);
	assignment_rec_free(&a);
	if (rc != DYAD_OK)
		return rc;
	if (note != NULL && blank(note, note_len))
		note = "";
	return assignments_update(store, assignment_id, due ? due_text : NULL, note, st);
}

enum dyad_error homework_adherence(struct store *store, const struct assignment_rec *a,
	struct adherence *out, struct checkin_list *checkins, struct dyad_status *st)
{
	struct checkin_list list;
	enum dyad_error rc = checkins_list(store, a->id, &list, st);
	if (rc != DYAD_OK)
		return rc;
	struct adherence_checkin *c = calloc(list.len ? list.len : 1, sizeof *c);
	if (c == NULL) {
		checkin_list_free(&list);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < list.len; i++) {
		struct dyad_date d = { 1970, 1, 1 };
		date_parse(list.items[i].checked_on, &d);
		c[i].day = date_to_days(d);
		c[i].partner = list.items[i].partner;
		c[i].done = list.items[i].done;
		c[i].out_of = list.items[i].out_of;
	}
	enum homework_frequency f = HOMEWORK_DAILY;
	homework_frequency_parse(a->frequency, &f);
	struct dyad_date given = { 1970, 1, 1 };
	date_parse(a->assigned_on, &given);
	adherence_compute(f, date_to_days(given), c, list.len, out);
	free(c);
	if (checkins != NULL)
		*checkins = list;
	else
		checkin_list_free(&list);
	return DYAD_OK;
}

/* --- handout text -------------------------------------------------------------- */

static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday" };
static const char *const month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

/* 0 = Monday. 1970-01-01 was a Thursday. */
static int weekday(struct dyad_date d)
{
	int64_t days = date_to_days(d);
	int w = (int)(((days % 7) + 7 + 3) % 7);
	return w;
}

void date_format_long(struct dyad_date d, char *out, size_t size)
{
	if (d.month < 1 || d.month > 12) {
		snprintf(out, size, "?");
		return;
	}
	snprintf(out, size, "%s %d %s %d", weekday_names[weekday(d)], d.day,
		month_names[d.month - 1], d.year);
}

/* "Sat 28 Nov" */
static void date_format_short(struct dyad_date d, char *out, size_t size)
{
	snprintf(out, size, "%.3s %d %.3s", weekday_names[weekday(d)], d.day,
		month_names[d.month - 1]);
}

static bool slug_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	/* Letters of other scripts are kept; punctuation, spaces and anything
	 * invisible there are not. */
	return !utf8_is_control(cp) && !utf8_is_bidi_control(cp) && cp != 0xA0 &&
		!(cp >= 0x2000 && cp <= 0x206F) && cp != 0x3000 && cp != 0xFEFF &&
		!(cp >= 0xFFF0 && cp <= 0xFFFF) && !(cp >= 0xD800 && cp <= 0xDFFF) &&
		!(cp >= 0xE000 && cp <= 0xF8FF) && cp != 0x00D7 && cp != 0x00F7 &&
		!(cp >= 0x00A1 && cp <= 0x00BF);
}

/* Appends s reduced to safe characters, at most max_bytes, runs of
 * anything else turned into one '-'. */
static void slug(struct strbuf *out, const char *s, size_t max_bytes)
{
	size_t start = out->len, n = strlen(s);
	bool dash = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (k > 0 && cp != 0xFFFD && slug_char(cp)) {
			if (out->len - start + k + (dash ? 1 : 0) > max_bytes)
				break;
			if (dash && out->len > start)
				strbuf_addc(out, '-');
			dash = false;
			strbuf_add(out, s + i, k);
		} else {
			dash = true;
		}
		i += k;
	}
	if (out->len == start)
		strbuf_adds(out, "handout");
}

char *handout_file_name(const char *couple, const char *exercise, const char *date)
{
	struct strbuf sb = STRBUF_INIT;
	slug(&sb, couple ? couple : "", 60);
	strbuf_addc(&sb, '_');
	slug(&sb, exercise ? exercise : "", 64);
	strbuf_addc(&sb, '_');
	slug(&sb, date ? date : "", 10);
	strbuf_adds(&sb, ".pdf");
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static char *fill(const char *text, const struct template_values *v)
{
	struct strbuf sb = STRBUF_INIT;
	template_fill(&sb, text, v);
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static char *format(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static char *format(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static char *copy(const char *s)
{
	return strdup(s ? s : "");
}

static enum dyad_error setting(struct store *store, const char *key, char **out,
	struct dyad_status *st)
{
	enum dyad_error rc = settings_get(store, key, out, st);
	if (rc == DYAD_OK && *out == NULL && (*out = strdup("")) == NULL)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return rc;
}

/* The rows of a grid or tally: a day each for a daily exercise (seven,
 * from the assignment date), a week each until the due date for a weekly
 * one, one row for a single time. */
static bool tracking_rows(struct handout_text *h, enum homework_frequency f,
	struct dyad_date given, struct dyad_date due)
{
	int64_t start = date_to_days(given);
	char label[64];
	if (f == HOMEWORK_DAILY) {
		for (int i = 0; i < 7; i++) {
			date_format_short(date_from_days(start + i), label, sizeof label);
			if ((h->rows[h->nrows++] = strdup(label)) == NULL)
				return false;
		}
	} else if (f == HOMEWORK_WEEKLY) {
		int64_t days = date_to_days(due) - start;
		int64_t weeks = (days + 6) / 7;
		if (weeks < 1)
			weeks = 1;
		if (weeks > 6)
			weeks = 6;
		for (int64_t i = 0; i < weeks; i++) {
			struct dyad_date d = date_from_days(start + 7 * i);
			snprintf(label, sizeof label, "Week of %d %.3s", d.day, month_names[d.month - 1]);
			if ((h->rows[h->nrows++] = strdup(label)) == NULL)
				return false;
		}
	} else {
		if ((h->rows[h->nrows++] = strdup("Date: ________")) == NULL)
			return false;
	}
	return true;
}

enum dyad_error handout_text_build(struct store *store, const struct assignment_rec *a,
	const struct template *t, struct handout_text *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct couple_rec couple;
	char *contact = NULL;
	enum dyad_error rc = couples_get(store, a->couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = setting(store, "practice.name", &out->practice, st)) != DYAD_OK ||
		(rc = setting(store, "practice.contact", &contact, st)) != DYAD_OK ||
		(rc = setting(store, "clinician.name", &out->clinician, st)) != DYAD_OK)
		goto cleanup;
	out->footer = contact;
	contact = NULL;

	struct dyad_date given = { 1970, 1, 1 }, due = { 1970, 1, 1 };
	date_parse(a->assigned_on, &given);
	date_parse(a->due_on, &due);
	char given_long[48], due_long[48];
	date_format_long(given, given_long, sizeof given_long);
	date_format_long(due, due_long, sizeof due_long);
	enum homework_frequency f = HOMEWORK_DAILY;
	homework_frequency_parse(a->frequency, &f);

	struct template_values v = {
		.partner_a = couple.partner[0].name,
		.partner_b = couple.partner[1].name,
		.couple = couple.name,
		.due = due_long,
		.note = a->note,
		.practice = out->practice,
		.contact = out->footer,
		.clinician = out->clinician,
	};
	static const char *const how_often[] = { "Every day", "Once a week", "Once" };
	bool ok = (out->date = copy(given_long)) != NULL &&
		(out->title = copy(a->exercise_title)) != NULL &&
		(out->for_line = format("For %s and %s", couple.partner[0].name,
			 couple.partner[1].name)) != NULL &&
		(out->meta = format("%s \xC2\xB7 about %d minute%s \xC2\xB7 until %s", how_often[f],
			 a->minutes, a->minutes == 1 ? "" : "s", due_long)) != NULL &&
		(out->note_heading = out->clinician[0]
				? format("A note from %s", out->clinician)
				: copy("A note from your therapist")) != NULL &&
		(out->introduction = fill(t->introduction, &v)) != NULL &&
		(out->steps_heading = copy("What to do")) != NULL &&
		(out->tracking_heading = copy("Keep track")) != NULL &&
		(out->closing = format("Please bring this sheet to your session on %s.", due_long)) !=
			NULL &&
		(out->file_name = handout_file_name(couple.name, a->exercise_id, a->assigned_on)) != NULL;
	/* The note gets its own box unless the template already places it. */
	if (ok && a->note != NULL && !template_uses(t, "note"))
		ok = (out->note = copy(a->note)) != NULL;
	for (size_t i = 0; ok && i < t->nsteps; i++) {
		ok = (out->steps[i] = fill(t->steps[i], &v)) != NULL;
		out->nsteps += ok;
	}
	const struct template_tracking *tr = &t->tracking;
	out->kind = tr->kind;
	out->log_lines = tr->lines;
	if (ok && tr->hint != NULL)
		ok = (out->tracking_hint = fill(tr->hint, &v)) != NULL;
	for (size_t i = 0; ok && i < tr->ncolumns; i++) {
		ok = (out->columns[i] = copy(tr->columns[i])) != NULL;
		out->wide[i] = tr->wide[i];
		out->ncolumns += ok;
	}
	for (int k = 0; ok && k < 2; k++)
		ok = (out->partners[k] = copy(couple.partner[k].name)) != NULL;
	if (ok && tr->kind == TRACKING_TALLY)
		ok = (out->tally_label = fill(tr->label, &v)) != NULL &&
			(out->total_label = copy("Total")) != NULL;
	if (ok && tr->kind != TRACKING_LOG)
		ok = tracking_rows(out, f, given, due);
	if (!ok)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
cleanup:
	free(contact);
	couple_rec_free(&couple);
	if (rc != DYAD_OK)
		handout_text_free(out);
	return rc;
}

void handout_text_free(struct handout_text *h)
{
	if (h == NULL)
		return;
	char **strings[] = { &h->practice, &h->date, &h->title, &h->for_line, &h->meta,
		&h->note_heading, &h->note, &h->introduction, &h->steps_heading, &h->tracking_heading,
		&h->tracking_hint, &h->partners[0], &h->partners[1], &h->tally_label, &h->total_label,
		&h->closing, &h->footer, &h->clinician, &h->file_name };
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		free(*strings[i]);
	for (size_t i = 0; i < h->nsteps; i++)
		free(h->steps[i]);
	for (size_t i = 0; i < h->ncolumns; i++)
		free(h->columns[i]);
	for (size_t i = 0; i < h->nrows; i++)
		free(h->rows[i]);
	memset(h, 0, sizeof *h);
}

void handout_text_plain(const struct handout_text *h, struct strbuf *out)
{
	if (h->practice[0])
		strbuf_addf(out, "%s\n", h->practice);
	strbuf_addf(out, "%s\n\n%s\n%s\n%s\n\n", h->date, h->title, h->for_line, h->meta);
	if (h->note != NULL)
		strbuf_addf(out, "%s:\n%s\n\n", h->note_heading, h->note);
	strbuf_addf(out, "%s\n\n%s\n", h->introduction, h->steps_heading);
	for (size_t i = 0; i < h->nsteps; i++)
		strbuf_addf(out, "%2zu. %s\n", i + 1, h->steps[i]);
	strbuf_addf(out, "\n%s\n", h->tracking_heading);
	if (h->tracking_hint)
		strbuf_addf(out, "%s\n", h->tracking_hint);
	switch (h->kind) {
	case TRACKING_GRID:
		strbuf_addf(out, "A row for each %s, with a box for %s and one for %s under:",
			h->nrows == 1 ? "time" : h->rows[0][0] == 'W' ? "week" : "day", h->partners[0],
			h->partners[1]);
		for (size_t i = 0; i < h->ncolumns; i++)
			strbuf_addf(out, "%s %s", i ? " |" : "", h->columns[i]);
		strbuf_addc(out, '\n');
		break;
	case TRACKING_TALLY:
		strbuf_addf(out, "%s: a space for tally marks for %s and for %s, a row for each %s, "
			"and a total.\n", h->tally_label, h->partners[0], h->partners[1],
			h->nrows == 1 ? "time" : h->rows[0][0] == 'W' ? "week" : "day");
		break;
	case TRACKING_LOG:
		strbuf_addf(out, "%d lines under:", h->log_lines);
		for (size_t i = 0; i < h->ncolumns; i++)
			strbuf_addf(out, "%s %s", i ? " |" : "", h->columns[i]);
		strbuf_addc(out, '\n');
		break;
	}
	strbuf_addf(out, "\n%s\n", h->closing);
	if (h->footer[0])
		strbuf_addf(out, "\n%s\n", h->footer);
}
