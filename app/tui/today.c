/* today.c: the first screen of a practice: today's and tomorrow's
 * sessions, notes still to finish, measures due, homework coming due.
 * Every line opens what it is about with Enter. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/agenda.h"
#include "app/domain/alerts.h"
#include "app/store/agenda.h"
#include "app/tui/couple.h"
#include "app/tui/draw.h"
#include "app/tui/homework.h"
#include "app/tui/keymap.h"
#include "app/tui/screen.h"
#include "app/tui/today.h"

/* How far ahead homework coming due is shown. */
#define TODAY_HOMEWORK_DAYS 7

enum today_kind { LINE_HEADING, LINE_EMPTY, LINE_ITEM };

struct today_line {
	enum today_kind kind;
	char when[24];       /* "16:00", "Sat 11-21" ... */
	char *name;          /* the couple, or the heading's text */
	char detail[320];
	struct tui_target target; /* what Enter opens (LINE_ITEM only) */
	int64_t assignment_id;    /* homework: selected on the couple screen */
};

struct today_screen {
	struct today_line *lines;
	size_t len, cap;
	size_t selected, top;  /* selected is always an item when there is one */
	int page;
	int sign_within_days;
};

static void *today_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	(void)target;
	return calloc(1, sizeof(struct today_screen));
}

static void lines_clear(struct today_screen *s)
{
	for (size_t i = 0; i < s->len; i++)
		free(s->lines[i].name);
	s->len = 0;
}

static void today_destroy(void *self)
{
	struct today_screen *s = self;
	if (s == NULL)
		return;
	lines_clear(s);
	free(s->lines);
	free(s);
}

/* Adds a line; false when out of memory. */
static bool add_line(struct today_screen *s, enum today_kind kind, const char *when,
	const char *name, const char *detail, const struct tui_target *target)
{
	if (s->len == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct today_line *more = realloc(s->lines, cap * sizeof *more);
		if (more == NULL)
			return false;
		s->lines = more;
		s->cap = cap;
	}
	struct today_line *l = &s->lines[s->len];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	snprintf(l->when, sizeof l->when, "%s", when ? when : "");
	snprintf(l->detail, sizeof l->detail, "%s", detail ? detail : "");
	l->name = strdup(name ? name : "");
	if (l->name == NULL)
		return false;
	if (target)
		l->target = *target;
	s->len++;
	return true;
}

/* "Sat 11-21" for a stored day or time. */
static void short_day(const char *starts_at, char *out, size_t size)
{
	struct dyad_date d;
	char day[11];
	snprintf(day, sizeof day, "%.10s", starts_at);
	if (!date_parse(day, &d)) {
		snprintf(out, size, "%s", day);
		return;
	}
	snprintf(out, size, "%.3s %.5s", agenda_weekday(d), day + 5);
}

/* One day's sessions under its heading. */
static bool add_sessions(struct today_screen *s, const struct agenda *a, const char *day,
	const char *heading, const char *none)
{
	if (!add_line(s, LINE_HEADING, NULL, heading, NULL, NULL))
		return false;
	size_t shown = 0;
	for (size_t i = 0; i < a->sessions.len; i++) {
		const struct agenda_entry *e = &a->entries[i];
		const struct agenda_session_row *r = e->session;
		if (strncmp(r->starts_at, day, 10) != 0)
			continue;
		char when[24], detail[320];
		if (agenda_date_only(r->starts_at))
			snprintf(when, sizeof when, "all day");
		else
			snprintf(when, sizeof when, "%.5s", r->starts_at + 11);
		/* The first flag says what most needs a look, and how many more
		 * there are; `dyad agenda` lists them all. */
		const struct agenda_couple *c = e->couple;
		if (c->flags_len == 0)
			snprintf(detail, sizeof detail, "%s, %d min", session_state_name(e->state),
				r->minutes);
		else if (c->flags_len == 1)
			snprintf(detail, sizeof detail, "%s; %s", session_state_name(e->state),
				c->flags[0].text);
		else
			snprintf(detail, sizeof detail, "%s; %s (+%zu)", session_state_name(e->state),
				c->flags[0].text, c->flags_len - 1);
		struct tui_target t = { TUI_SCREEN_SESSION, r->couple_id, r->id };
		if (!add_line(s, LINE_ITEM, when, r->couple_name, detail, &t))
			return false;
		shown++;
	}
	return shown > 0 || add_line(s, LINE_EMPTY, NULL, none, NULL, NULL);
}

static enum dyad_error build(struct tui *tui, struct today_screen *s, struct dyad_status *st)
{
	struct dyad_date today = date_today();
	char day[11], tomorrow[11], through[11], draft_through[11];
	date_format(today, day);
	date_format(date_from_days(date_to_days(today) + 1), tomorrow);
	date_format(date_from_days(date_to_days(today) + TODAY_HOMEWORK_DAYS), through);
	struct agenda a;
	enum dyad_error rc = agenda_load(tui->store, today, 2, &a, st);
	if (rc != DYAD_OK)
		return rc;
	s->sign_within_days = a.sign_within_days;
	agenda_draft_through(today, a.sign_within_days, draft_through);
	struct agenda_note_list notes = { 0 };
	struct agenda_homework_list homework = { 0 };
	struct alert_list alerts = { 0 };
	if ((rc = agenda_unfinished_notes(tui->store, 0, day, draft_through, &notes, st)) != DYAD_OK ||
		(rc = alerts_load(tui->store, 0, &alerts, st)) != DYAD_OK ||
		(rc = agenda_homework_due(tui->store, 0, day, through, &homework, st)) != DYAD_OK)
		goto done;
	char heading[80];
	snprintf(heading, sizeof heading, "Today, %s %s", agenda_weekday(today), day);
	bool ok = add_sessions(s, &a, day, heading, "No sessions booked today.") &&
		add_sessions(s, &a, tomorrow, "Tomorrow", "No sessions booked tomorrow.");

	snprintf(heading, sizeof heading, "Notes to finish (drafts unsigned after %d day%s)",
		a.sign_within_days, a.sign_within_days == 1 ? "" : "s");
	ok = ok && add_line(s, LINE_HEADING, NULL, heading, NULL, NULL);
	for (size_t i = 0; ok && i < notes.len; i++) {
		const struct agenda_note_row *n = &notes.items[i];
		char when[24];
		short_day(n->starts_at, when, sizeof when);
		struct tui_target t = { TUI_SCREEN_SESSION, n->couple_id, n->session_id };
		ok = add_line(s, LINE_ITEM, when, n->couple_name,
			n->empty ? "held, no note yet" : "draft, not signed", &t);
	}
	if (ok && notes.len == 0)
		ok = add_line(s, LINE_EMPTY, NULL, "Every held session has a note, and no draft is waiting.",
			NULL, NULL);

	snprintf(heading, sizeof heading, "Measures due (by each couple's schedule)");
	ok = ok && add_line(s, LINE_HEADING, NULL, heading, NULL, NULL);
	size_t due = 0;
	for (size_t i = 0; ok && i < a.couples_len; i++) {
		const struct agenda_couple *c = &a.couples[i];
		if (!c->measures_due)
			continue;
		const struct agenda_entry *first = NULL;
		for (size_t k = 0; k < a.sessions.len && first == NULL; k++)
			if (a.entries[k].couple == c)
				first = &a.entries[k];
		char when[24], detail[AGENDA_DUE_TEXT + 20];
		short_day(first->session->starts_at, when, sizeof when);
		if (c->last_scored[0])
			snprintf(detail, sizeof detail, "%s", c->due_keys);
		else
			snprintf(detail, sizeof detail, "no scores yet: %s", c->due_keys);
		struct tui_target t = { TUI_SCREEN_COUPLE, c->couple_id, 0 };
		ok = add_line(s, LINE_ITEM, when, first->session->couple_name, detail, &t);
		due++;
	}
	if (ok && due == 0)
		ok = add_line(s, LINE_EMPTY, NULL, "No one seen today or tomorrow is due.", NULL, NULL);

	/* Active couples with a safety alert, whether or not they come soon:
	 * for the clinician only, as everywhere. */
	ok = ok && add_line(s, LINE_HEADING, NULL, "Safety alerts (for you only)", NULL, NULL);
	size_t alerted = 0;
	for (size_t i = 0; ok && i < alerts.len;) {
		size_t n;
		const struct alert *mine = alerts_of(&alerts, alerts.items[i].couple_id, &n);
		i += n;
		if (!mine->couple_active)
			continue;
		char detail[ALERT_REASON_MAX + 32];
		if (n > 1)
			snprintf(detail, sizeof detail, "%s (+%d)", mine->reason,
				n - 1 > 9 ? 9 : (int)(n - 1));
		else
			snprintf(detail, sizeof detail, "%s", mine->reason);
		struct tui_target t = { TUI_SCREEN_COUPLE, mine->couple_id, 0 };
		ok = add_line(s, LINE_ITEM, "!", mine->couple_name, detail, &t);
		alerted++;
	}
	if (ok && alerted == 0)
		ok = add_line(s, LINE_EMPTY, NULL, "No active couple has a safety alert.", NULL, NULL);

	snprintf(heading, sizeof heading, "Homework due in the next %d days", TODAY_HOMEWORK_DAYS);
	ok = ok && add_line(s, LINE_HEADING, NULL, heading, NULL, NULL);
	for (size_t i = 0; ok && i < homework.len; i++) {
		const struct agenda_homework_row *h = &homework.items[i];
		char when[24];
		short_day(h->due_on, when, sizeof when);
		struct tui_target t = { TUI_SCREEN_COUPLE, h->couple_id, 0 };
		ok = add_line(s, LINE_ITEM, when, h->couple_name, h->title, &t);
		if (ok)
			s->lines[s->len - 1].assignment_id = h->id;
	}
	if (ok && homework.len == 0)
		ok = add_line(s, LINE_EMPTY, NULL, "No homework falls due this week.", NULL, NULL);
	if (!ok)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
done:
	agenda_note_list_free(&notes);
	agenda_homework_list_free(&homework);
	alert_list_free(&alerts);
	agenda_free(&a);
	return rc;
}

static void select_item(struct today_screen *s, size_t from, int step)
{
	for (long long i = (long long)from; i >= 0 && i < (long long)s->len; i += step)
		if (s->lines[i].kind == LINE_ITEM) {
			s->selected = (size_t)i;
			return;
		}
}

/* Moves the selection delta items (headings and empty lines are passed
 * over), stopping at the first and the last. */
static void move_items(struct today_screen *s, long long delta)
{
	long long at = -1, count = 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->lines[i].kind == LINE_ITEM) {
			if (i == s->selected)
				at = count;
			count++;
		}
	if (count == 0 || at < 0)
		return;
	long long to = at + delta;
	to = to < 0 ? 0 : to >= count ? count - 1 : to;
	for (size_t i = 0, k = 0; i < s->len; i++)
		if (s->lines[i].kind == LINE_ITEM && (long long)k++ == to)
			s->selected = i;
	if (to == 0)
		s->top = 0; /* the first heading shows again */
}

static enum dyad_error today_load(struct tui *tui, void *self, struct dyad_status *st)
{
	struct today_screen *s = self;
	struct tui_target kept = { 0 };
	if (s->selected < s->len)
		kept = s->lines[s->selected].target;
	lines_clear(s);
	s->selected = 0;
	enum dyad_error rc = build(tui, s, st);
	if (rc != DYAD_OK) {
		lines_clear(s);
		return rc;
	}
	/* Keep the selection on what it was about, when it is still listed. */
	select_item(s, 0, 1);
	for (size_t i = 0; i < s->len; i++)
		if (s->lines[i].kind == LINE_ITEM && kept.screen != TUI_SCREEN_ANY &&
			memcmp(&s->lines[i].target, &kept, sizeof kept) == 0) {
			s->selected = i;
			break;
		}
	return DYAD_OK;
}

static void today_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct today_screen *s = self;
	int x = area.left + 1, width = area.width - 2;
	int rows = area.height;
	s->page = rows > 1 ? rows : 1;
	if (s->selected < s->top)
		s->top = s->selected;
	/* Show a heading with the first item under it when scrolling up. */
	if (s->top > 0 && s->selected == s->top && s->lines[s->top - 1].kind == LINE_HEADING)
		s->top--;
	if (s->selected >= s->top + (size_t)rows)
		s->top = s->selected - (size_t)rows + 1;
	int when_w = 10;
	int name_w = (width - when_w - 6) / 2;
	if (name_w > 36)
		name_w = 36;
	for (int r = 0; r < rows && s->top + (size_t)r < s->len; r++) {
		size_t i = s->top + (size_t)r;
		const struct today_line *l = &s->lines[i];
		int y = area.top + r;
		if (l->kind == LINE_HEADING) {
			/* the top row leaves room for "more" at its right */
			draw_text(y, x, l->name, r == 0 ? width - 10 : width, draw_attr(TUI_ROLE_HEADING));
			continue;
		}
		if (l->kind == LINE_EMPTY) {
			draw_text(y, x + 2, l->name, width - 2, draw_attr(TUI_ROLE_MUTED));
			continue;
		}
		bool sel = i == s->selected;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		if (sel)
			draw_fill(y, area.left, area.width, attr);
		int cx = x + 2;
		draw_cell(y, cx, l->when, when_w, attr, TUI_ALIGN_LEFT);
		cx += when_w + 1;
		draw_cell(y, cx, l->name, name_w, attr, TUI_ALIGN_LEFT);
		cx += name_w + 2;
		if (cx < x + width)
			draw_text(y, cx, l->detail, x + width - cx, sel ? attr : draw_attr(TUI_ROLE_MUTED));
	}
	if (s->top + (size_t)rows < s->len)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
}

/* Goes to screen id: back to it when it is right beneath, else opened on
 * top, so moving between Today and the couples never piles screens up. */
void tui_today_switch(struct tui *tui, enum tui_screen_id id)
{
	if (tui->depth >= 2 && tui->stack[tui->depth - 2].ops->id == id)
		tui_back(tui);
	else
		tui_open(tui, id, NULL);
}

static unsigned today_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct today_screen *s = self;
	bool any = s->selected < s->len && s->lines[s->selected].kind == LINE_ITEM;
	switch (action) {
	case TUI_ACTION_UP: move_items(s, -1); return TUI_REDRAW;
	case TUI_ACTION_DOWN: move_items(s, 1); return TUI_REDRAW;
	case TUI_ACTION_PAGE_UP: move_items(s, -s->page); return TUI_REDRAW;
	case TUI_ACTION_PAGE_DOWN: move_items(s, s->page); return TUI_REDRAW;
	case TUI_ACTION_FIRST: move_items(s, -(long long)s->len); return TUI_REDRAW;
	case TUI_ACTION_LAST: move_items(s, (long long)s->len); return TUI_REDRAW;
	case TUI_ACTION_TODAY_OPEN: {
		if (!any) {
			tui_message(tui, TUI_TONE_INFO, "There is nothing to open here.");
			return TUI_REDRAW;
		}
		const struct today_line *l = &s->lines[s->selected];
		if (l->assignment_id == 0) {
			tui_open(tui, l->target.screen, &l->target);
			return TUI_REDRAW;
		}
		void *couple = tui_couple_ops.create(tui, &l->target);
		if (couple != NULL)
			tui_couple_show_homework(couple, l->assignment_id);
		tui_push(tui, &tui_couple_ops, couple);
		return TUI_REDRAW;
	}
	case TUI_ACTION_COUPLES_SHOW:
		tui_today_switch(tui, TUI_SCREEN_COUPLES);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void today_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Today");
}

static bool today_target(void *self, struct tui_target *out)
{
	struct today_screen *s = self;
	if (s->selected >= s->len || s->lines[s->selected].kind != LINE_ITEM)
		return false;
	*out = s->lines[s->selected].target;
	return true;
}

const struct tui_screen_ops tui_today_ops = {
	.id = TUI_SCREEN_TODAY,
	.name = "Today",
	.create = today_create,
	.load = today_load,
	.draw = today_draw,
	.action = today_action,
	.title = today_title,
	.target = today_target,
	.destroy = today_destroy,
};
