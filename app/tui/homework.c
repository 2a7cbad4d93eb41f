/* homework.c (tui): the homework sections of the couple and session
 * screens, the check-in and status forms, and writing a handout. */
#include "app/tui/homework.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/domain/adherence.h"
#include "app/domain/assignments.h"
#include "app/domain/library.h"
#include "app/output/handout_file.h"
#include "app/store/homework.h"
#include "app/store/sessions.h"
#include "app/tui/draw.h"
#include "app/tui/form.h"
#include "app/tui/keymap.h"
#include "app/tui/listcursor.h"

bool homework_action(enum tui_action action)
{
	return action == TUI_ACTION_HOMEWORK_ASSIGN || action == TUI_ACTION_HOMEWORK_CHECKIN ||
		action == TUI_ACTION_HOMEWORK_HANDOUT || action == TUI_ACTION_HOMEWORK_STATUS;
}

/* A form's callback gets the couple and session from its target; the
 * assignment it is about waits here, with the form's title and intro,
 * which the form shows without copying (one form is open at a time). */
static int64_t form_assignment_id;
static char form_title[300];
static char form_intro[600];

#define SHOWN_MAX 4

struct homework_section {
	bool in_session;              /* on the session screen */
	struct assignment_list list;  /* the couple's open homework */
	struct adherence *adherence;  /* one per assignment */
	/* On the session screen, what each partner reported that day:
	 * done and out_of, or done -1 when nothing was. */
	int64_t (*reported)[2][2];
	char day[11];                 /* the session's day, or today */
	struct list_cursor cursor;
	int64_t selected_id;
};

static void *section_create(bool in_session)
{
	struct homework_section *h = calloc(1, sizeof *h);
	if (h != NULL)
		h->in_session = in_session;
	return h;
}

void homework_section_select(void *section, int64_t assignment_id)
{
	struct homework_section *h = section;
	h->selected_id = assignment_id;
}

static void *couple_create(void)
{
	return section_create(false);
}

static void *session_create(void)
{
	return section_create(true);
}

static void section_clear(struct homework_section *h)
{
	assignment_list_free(&h->list);
	free(h->adherence);
	free(h->reported);
	h->adherence = NULL;
	h->reported = NULL;
}

static void section_destroy(void *self)
{
	struct homework_section *h = self;
	if (h == NULL)
		return;
	section_clear(h);
	free(h);
}

static enum dyad_error section_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct homework_section *h = self;
	section_clear(h);
	if (h->in_session)
		snprintf(h->day, sizeof h->day, "%.10s", rec->session.starts_at);
	else
		date_format(date_today(), h->day);
	enum dyad_error rc = assignments_list(tui->store, rec->couple_id, false, &h->list, st);
	if (rc != DYAD_OK)
		return rc;
	size_t n = h->list.len ? h->list.len : 1;
	h->adherence = calloc(n, sizeof *h->adherence);
	h->reported = calloc(n, sizeof *h->reported);
	if (h->adherence == NULL || h->reported == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < h->list.len; i++) {
		struct checkin_list checkins;
		rc = homework_adherence(tui->store, &h->list.items[i], &h->adherence[i], &checkins, st);
		if (rc != DYAD_OK)
			return rc;
		h->reported[i][0][0] = h->reported[i][1][0] = -1;
		for (size_t k = 0; k < checkins.len; k++) {
			const struct checkin_rec *c = &checkins.items[k];
			if (strcmp(c->checked_on, h->day) == 0) {
				h->reported[i][c->partner][0] = c->done;
				h->reported[i][c->partner][1] = c->out_of;
			}
		}
		checkin_list_free(&checkins);
	}
	size_t keep = 0;
	for (size_t i = 0; i < h->list.len; i++)
		if (h->list.items[i].id == h->selected_id)
			keep = i;
	list_cursor_set_count(&h->cursor, h->list.len);
	list_cursor_select(&h->cursor, (long long)keep);
	if (h->list.len)
		h->selected_id = h->list.items[h->cursor.selected].id;
	return DYAD_OK;
}

static int section_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	(void)width;
	struct homework_section *h = self;
	/* A short terminal keeps room for the panels above. */
	size_t most = screen_rows >= 24 ? SHOWN_MAX : 2;
	size_t shown = h->list.len < most ? h->list.len : most;
	return h->list.len ? 2 + (int)shown : 2;
}

/* "5/7 71%", or "·" when nothing is known yet. */
static void tally_text(const struct adherence_tally *t, char *out, size_t size)
{
	int pct = adherence_percent(t);
	if (pct < 0)
		snprintf(out, size, "·");
	else
		snprintf(out, size, "%" PRId64 "/%" PRId64 " %d%%", t->done, t->expected, pct);
}

static void reported_text(const int64_t r[2], char *out, size_t size)
{
	if (r[0] < 0)
		snprintf(out, size, "·");
	else if (r[1] > 0)
		snprintf(out, size, "%" PRId64 "/%" PRId64, r[0], r[1]);
	else
		snprintf(out, size, "%" PRId64 " done", r[0]);
}

static void section_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	struct homework_section *h = self;
	char key[32], aside[160];
	keymap_key_for(h->in_session ? TUI_SCREEN_SESSION : TUI_SCREEN_COUPLE,
		TUI_ACTION_HOMEWORK_CHECKIN, key, sizeof key);
	snprintf(aside, sizeof aside, h->in_session ? "%s records what each did, dated this session"
						   : "open · adherence so far · %s checks in", key);
	/* Leave room at the right for the "more" marker. */
	struct tui_area head = area;
	if (head.width > 24)
		head.width -= 10;
	section_heading(head, "Homework", h->list.len ? aside : "", focused);
	int x = area.left + 2, width = area.width - 3;
	if (area.height < 2)
		return;
	if (h->list.len == 0) {
		char text[200];
		keymap_key_for(h->in_session ? TUI_SCREEN_SESSION : TUI_SCREEN_COUPLE,
			TUI_ACTION_HOMEWORK_ASSIGN, key, sizeof key);
		snprintf(text, sizeof text, "No open homework. Press %s to choose an exercise from the "
			"library.", key);
		draw_text(area.top + 1, x, text, width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	/* Exercise | Due | A | B | Together; the exercise takes what is left.
	 * A narrow terminal drops the due date, then the partners' columns. */
	const char *heads[] = { "Exercise", "Due", h->in_session ? "A here" : "A",
		h->in_session ? "B here" : "B", "Together" };
	int widths[] = { 0, 10, 10, 10, 12 };
	bool show[] = { true, true, true, true, true };
	int fixed = 10 + 10 + 10 + 12 + 8;
	if (width - fixed < 16) {
		show[1] = false;
		fixed -= 12;
	}
	if (width - fixed < 16) {
		show[2] = show[3] = false;
		fixed -= 24;
	}
	widths[0] = width - fixed > 4 ? width - fixed : 4;
	int cx = x;
	for (int c = 0; c < 5; c++) {
		if (!show[c])
			continue;
		draw_cell(area.top + 1, cx, heads[c], widths[c], draw_attr(TUI_ROLE_MUTED),
			c >= 2 ? TUI_ALIGN_RIGHT : TUI_ALIGN_LEFT);
		cx += widths[c] + 2;
	}
	int rows = area.height - 2;
	list_cursor_layout(&h->cursor, h->list.len, rows);
	size_t top = h->cursor.top;
	for (int r = 0; r < rows && top + (size_t)r < h->list.len; r++) {
		size_t i = top + (size_t)r;
		const struct assignment_rec *a = &h->list.items[i];
		bool sel = i == h->cursor.selected && focused;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		int y = area.top + 2 + r;
		if (sel)
			draw_fill(y, area.left, area.width, attr);
		else if (i == h->cursor.selected)
			draw_text(y, area.left + 1, "›", 1, draw_attr(TUI_ROLE_MUTED));
		char cells[4][48];
		snprintf(cells[0], sizeof cells[0], "%s", a->due_on);
		if (h->in_session) {
			reported_text(h->reported[i][0], cells[1], sizeof cells[1]);
			reported_text(h->reported[i][1], cells[2], sizeof cells[2]);
		} else {
			tally_text(&h->adherence[i].partner[0], cells[1], sizeof cells[1]);
			tally_text(&h->adherence[i].partner[1], cells[2], sizeof cells[2]);
		}
		tally_text(&h->adherence[i].together, cells[3], sizeof cells[3]);
		cx = x;
		draw_cell(y, cx, a->exercise_title, widths[0], attr, TUI_ALIGN_LEFT);
		cx += widths[0] + 2;
		bool late = strcmp(a->due_on, h->day) < 0;
		if (show[1]) {
			draw_cell(y, cx, cells[0], widths[1],
				sel || !late ? attr : draw_attr(TUI_ROLE_LOCKED), TUI_ALIGN_LEFT);
			cx += widths[1] + 2;
		}
		for (int c = 1; c < 4; c++) {
			if (!show[c + 1])
				continue;
			draw_cell(y, cx, cells[c], widths[c + 1], attr, TUI_ALIGN_RIGHT);
			cx += widths[c + 1] + 2;
		}
	}
	if (top + (size_t)rows < h->list.len)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
}

static const struct assignment_rec *selected(const struct homework_section *h)
{
	return h->list.len ? &h->list.items[h->cursor.selected] : NULL;
}

/* Moves the selection for a movement action; false for any other. */
static bool move_selection(struct homework_section *h, enum tui_action action)
{
	if (!list_cursor_move(&h->cursor, action))
		return false;
	if (h->list.len)
		h->selected_id = h->list.items[h->cursor.selected].id;
	return true;
}

/* ---- check-in ------------------------------------------------------------------ */

/* One partner's part of a check-in form; skipped when nothing was typed. */
static enum dyad_error checkin_one(struct tui *tui, const struct tui_target *target, int partner,
	const char *done, const char *of, const char *comment, bool *any, struct dyad_status *st)
{
	if (done[0] == '\0')
		return DYAD_OK;
	char session[24];
	snprintf(session, sizeof session, "%" PRId64, target->session_id);
	struct checkin_input in = {
		.partner = partner ? "b" : "a",
		.done = done,
		.of = of[0] ? of : NULL,
		.comment = comment[0] ? comment : NULL,
		.session = target->session_id > 0 ? session : NULL,
	};
	enum dyad_error rc = homework_checkin(tui->store, form_assignment_id, &in, NULL, st);
	if (rc != DYAD_OK) {
		/* Name the field as the form knows it: "A done", "B of". */
		const char *msg = dyad_status_message(st);
		if (strncmp(msg, "done:", 5) == 0 || strncmp(msg, "of:", 3) == 0) {
			char copy[sizeof st->message];
			snprintf(copy, sizeof copy, "%s", msg);
			dyad_fail(st, rc, "%c %s", partner ? 'B' : 'A', copy);
		}
		return rc;
	}
	*any = true;
	return DYAD_OK;
}

static enum dyad_error save_checkin(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	bool any = false;
	enum dyad_error rc = store_begin(tui->store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = checkin_one(tui, target, 0, v[0], v[1], v[4], &any, st)) != DYAD_OK ||
		(rc = checkin_one(tui, target, 1, v[2], v[3], v[4], &any, st)) != DYAD_OK) {
		store_rollback(tui->store);
		return rc;
	}
	if ((rc = store_commit(tui->store, st)) != DYAD_OK)
		return rc;
	if (!any) {
		tui_message(tui, TUI_TONE_INFO, "Nothing was recorded: type how many times for A or B.");
		return DYAD_OK;
	}
	struct assignment_rec a;
	struct adherence adh;
	if (assignments_get(tui->store, form_assignment_id, &a, st) == DYAD_OK &&
		homework_adherence(tui->store, &a, &adh, NULL, st) == DYAD_OK) {
		char both[48];
		adherence_format(&adh.together, both, sizeof both);
		tui_message(tui, TUI_TONE_DONE, "Check-in saved. Together so far: %s.", both);
	}
	assignment_rec_free(&a);
	return DYAD_OK;
}

/* What the partner is expected to have done since their last check-in
 * before day (for the form's "out of"), from the frequency. */
static int64_t expected_since(const struct assignment_rec *a, const struct checkin_list *c,
	int partner, const char *day)
{
	enum homework_frequency f = HOMEWORK_DAILY;
	homework_frequency_parse(a->frequency, &f);
	struct dyad_date given, on, last;
	if (!date_parse(a->assigned_on, &given) || !date_parse(day, &on))
		return 0;
	const char *previous = NULL;
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].partner == partner && strcmp(c->items[i].checked_on, day) < 0)
			previous = c->items[i].checked_on;
	int64_t e = adherence_expected_by(f, date_to_days(on) - date_to_days(given));
	if (previous != NULL && date_parse(previous, &last))
		e -= adherence_expected_by(f, date_to_days(last) - date_to_days(given));
	return e > 0 ? e : 0;
}

static unsigned open_checkin(struct tui *tui, struct homework_section *h,
	const struct tui_record *rec)
{
	const struct assignment_rec *a = selected(h);
	if (a == NULL) {
		tui_message(tui, TUI_TONE_INFO, "There is no open homework to check in.");
		return TUI_REDRAW;
	}
	if (strcmp(h->day, a->assigned_on) < 0) {
		tui_message(tui, TUI_TONE_ERROR, "This session is before “%s” was given (%s).",
			a->exercise_title, a->assigned_on);
		return TUI_REDRAW;
	}
	struct dyad_status st = { 0 };
	struct checkin_list checkins;
	if (checkins_list(tui->store, a->id, &checkins, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	char done[2][24] = { "", "" }, of[2][24], comment[CHECKIN_COMMENT_MAX_BYTES + 1] = "";
	for (int p = 0; p < 2; p++) {
		int64_t e = expected_since(a, &checkins, p, h->day);
		snprintf(of[p], sizeof of[p], "%" PRId64, e > 0 ? e : 1);
		for (size_t i = 0; i < checkins.len; i++) {
			const struct checkin_rec *c = &checkins.items[i];
			if (c->partner != p || strcmp(c->checked_on, h->day) != 0)
				continue;
			snprintf(done[p], sizeof done[p], "%" PRId64, c->done);
			if (c->out_of > 0)
				snprintf(of[p], sizeof of[p], "%" PRId64, c->out_of);
			if (c->comment)
				snprintf(comment, sizeof comment, "%s", c->comment);
		}
	}
	checkin_list_free(&checkins);
	snprintf(form_title, sizeof form_title, "Check in: %s", a->exercise_title);
	snprintf(form_intro, sizeof form_intro, "A is %s, B is %s.", rec->couple.partner[0].name,
		rec->couple.partner[1].name);
	const struct tui_form_field fields[] = {
		{ "A done", "A did it", "How many times since A's last check-in (empty: no check-in for A)",
			NULL, done[0] },
		{ "A of", "A out of", "How many were asked for since then; change it if plans changed",
			NULL, of[0] },
		{ "B done", "B did it", "How many times since B's last check-in (empty: no check-in for B)",
			NULL, done[1] },
		{ "B of", "B out of", "How many were asked for since then; change it if plans changed",
			NULL, of[1] },
		{ "comment", "Comment", "Optional: what got in the way, what helped", NULL, comment },
	};
	form_assignment_id = a->id;
	struct tui_form_spec spec = { form_title, form_intro, fields, sizeof fields / sizeof fields[0],
		{ h->in_session ? TUI_SCREEN_SESSION : TUI_SCREEN_COUPLE, rec->couple_id,
			h->in_session ? rec->session_id : 0 }, save_checkin };
	tui_form_open(tui, &spec);
	return TUI_REDRAW;
}

/* ---- status ------------------------------------------------------------------------ */

static enum dyad_error save_status(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	(void)target;
	enum dyad_error rc = homework_set_status(tui->store, form_assignment_id, v[0], st);
	if (rc == DYAD_OK)
		tui_message(tui, TUI_TONE_DONE, strcmp(v[0], "assigned") == 0
				? "The homework is open again."
				: "Marked %s; it leaves the open list (dyad assignments --all keeps it).", v[0]);
	return rc;
}

static unsigned open_status(struct tui *tui, struct homework_section *h,
	const struct tui_record *rec)
{
	const struct assignment_rec *a = selected(h);
	if (a == NULL) {
		tui_message(tui, TUI_TONE_INFO, "There is no open homework to mark.");
		return TUI_REDRAW;
	}
	const struct tui_form_field fields[] = {
		{ "status", "Status", "done: finished with; dropped: set aside; assigned: still open",
			assignment_statuses, "done" },
	};
	form_assignment_id = a->id;
	snprintf(form_title, sizeof form_title, "%s", a->exercise_title);
	struct tui_form_spec spec = { form_title, NULL, fields, 1,
		{ TUI_SCREEN_COUPLE, rec->couple_id, 0 }, save_status };
	tui_form_open(tui, &spec);
	return TUI_REDRAW;
}

/* ---- the handout ------------------------------------------------------------------- */

static unsigned write_handout(struct tui *tui, struct homework_section *h)
{
	const struct assignment_rec *a = selected(h);
	if (a == NULL) {
		tui_message(tui, TUI_TONE_INFO, "There is no open homework to print.");
		return TUI_REDRAW;
	}
	char cwd[4096];
	if (getcwd(cwd, sizeof cwd) == NULL) {
		tui_message(tui, TUI_TONE_ERROR, "The current folder cannot be found; use dyad handout "
			"%" PRId64 " -o FILE.", a->id);
		return TUI_REDRAW;
	}
	tui_busy(tui, "Writing the handout…");
	struct dyad_status st = { 0 };
	struct library lib;
	if (library_load_for(tui->store, &lib, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	struct handout_request rq = { a->id, cwd, NULL, &lib, false };
	struct handout_written w;
	if (handout_write(tui->store, &rq, &w, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
	} else {
		tui_message(tui, TUI_TONE_DONE, "Handout written (%d page%s, %s%s): %s", w.pages,
			w.pages == 1 ? "" : "s", paper_name(w.paper.paper),
			w.replaced ? ", some characters shown as marks" : "", w.path);
		free(w.path);
	}
	library_free(&lib);
	return TUI_REDRAW;
}

/* ---- keys ------------------------------------------------------------------------- */

static unsigned section_action(struct tui *tui, void *self, const struct tui_record *rec,
	enum tui_action action)
{
	struct homework_section *h = self;
	if (move_selection(h, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_HOMEWORK_ASSIGN:
		homework_open_library(tui, rec->couple_id, h->in_session ? rec->session_id : 0);
		return TUI_REDRAW;
	case TUI_ACTION_HOMEWORK_CHECKIN: return open_checkin(tui, h, rec);
	case TUI_ACTION_HOMEWORK_STATUS: return open_status(tui, h, rec);
	case TUI_ACTION_HOMEWORK_HANDOUT: return write_handout(tui, h);
	default: return TUI_UNHANDLED;
	}
}

static void section_hints(void *self, const struct tui_record *rec, struct strbuf *out)
{
	(void)rec;
	struct homework_section *h = self;
	enum tui_screen_id screen = h->in_session ? TUI_SCREEN_SESSION : TUI_SCREEN_COUPLE;
	static const enum tui_action actions[] = { TUI_ACTION_HOMEWORK_CHECKIN,
		TUI_ACTION_HOMEWORK_HANDOUT, TUI_ACTION_HOMEWORK_STATUS };
	for (size_t i = 0; h->list.len && i < sizeof actions / sizeof actions[0]; i++) {
		char key[32];
		keymap_key_for(screen, actions[i], key, sizeof key);
		if (key[0])
			tui_hint(out, key, tui_action_label(actions[i]));
	}
}

const struct tui_section_ops couple_homework_section = {
	.name = "Homework",
	.flags = TUI_SECTION_FOCUS,
	.create = couple_create,
	.load = section_load,
	.height = section_height,
	.draw = section_draw,
	.action = section_action,
	.hints = section_hints,
	.destroy = section_destroy,
};

const struct tui_section_ops session_homework_section = {
	.name = "Homework",
	.flags = TUI_SECTION_FOCUS,
	.create = session_create,
	.load = section_load,
	.height = section_height,
	.draw = section_draw,
	.action = section_action,
	.hints = section_hints,
	.destroy = section_destroy,
};
