/* couple_sessions.c: a couple's sessions, newest first, on the couple
 * screen. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/session_state.h"
#include "app/store/sessions.h"
#include "app/tui/couple.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/listcursor.h"
#include "app/tui/session.h"

struct sessions_section {
	struct session_list list;
	struct list_cursor cursor;
	int64_t selected_id;
};

static void *sessions_create(void)
{
	return calloc(1, sizeof(struct sessions_section));
}

static void sessions_destroy(void *self)
{
	struct sessions_section *s = self;
	if (s == NULL)
		return;
	session_list_free(&s->list);
	free(s);
}

static enum dyad_error sessions_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct sessions_section *s = self;
	session_list_free(&s->list);
	enum dyad_error rc = sessions_list(tui->store, rec->couple_id, &s->list, st);
	if (rc != DYAD_OK)
		return rc;
	size_t keep = 0;
	for (size_t i = 0; i < s->list.len; i++)
		if (s->list.items[i].id == s->selected_id)
			keep = i;
	list_cursor_set_count(&s->cursor, s->list.len);
	list_cursor_select(&s->cursor, (long long)keep);
	if (s->list.len)
		s->selected_id = s->list.items[s->cursor.selected].id;
	return DYAD_OK;
}

struct column {
	const char *heading;
	int width;
	enum tui_align align;
};

static const struct column columns[] = {
	{ "Date", 20, TUI_ALIGN_LEFT },
	{ "Min", 3, TUI_ALIGN_RIGHT },
	{ "Modality", 9, TUI_ALIGN_LEFT },
	{ "Attendance", 10, TUI_ALIGN_LEFT },
	{ "Note", 6, TUI_ALIGN_LEFT },
	{ "Rated", 5, TUI_ALIGN_RIGHT },
};

#define NCOLUMNS (sizeof columns / sizeof columns[0])

static const char *note_text(const struct session_rec *r)
{
	if (strcmp(r->note_status, "signed") == 0)
		return "signed";
	return r->note_bytes > 0 ? "draft" : "none";
}

/* Attendance in a few letters, for the table. */
static const char *attendance_short(const char *a)
{
	if (strcmp(a, "a-only") == 0)
		return "A only";
	if (strcmp(a, "b-only") == 0)
		return "B only";
	return a;
}

static void row_cells(const struct session_rec *r, char cells[NCOLUMNS][40], bool weekday)
{
	section_format_when(r->starts_at, cells[0], sizeof cells[0]);
	if (!weekday)
		memmove(cells[0], cells[0] + 4, strlen(cells[0] + 4) + 1);
	snprintf(cells[1], sizeof cells[1], "%d", r->minutes);
	snprintf(cells[2], sizeof cells[2], "%s", r->modality);
	snprintf(cells[3], sizeof cells[3], "%s", session_state_of(r) == SESSION_PLANNED ? "planned"
		: attendance_short(r->attendance));
	snprintf(cells[4], sizeof cells[4], "%s", note_text(r));
	snprintf(cells[5], sizeof cells[5], "%" PRId64, r->ratings);
}

/* A narrow terminal drops the weekday; true when it stays. */
static bool widths(int width, int *w)
{
	int total = 0;
	for (size_t c = 0; c < NCOLUMNS; c++) {
		w[c] = columns[c].width;
		total += w[c] + (c ? 2 : 0);
	}
	if (total <= width)
		return true;
	w[0] -= 4;
	return false;
}

static void sessions_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	struct sessions_section *s = self;
	section_heading(area, "Sessions", s->list.len ? "newest first" : "", focused);
	int x = area.left + 1, width = area.width - 2;
	if (s->list.len == 0) {
		char key[32], text[160];
		keymap_key_for(TUI_SCREEN_COUPLE, TUI_ACTION_SESSION_ADD, key, sizeof key);
		snprintf(text, sizeof text, "No sessions yet. Press %s to record the first one.", key);
		if (area.height > 2)
			draw_text(area.top + 2, x + 1, text, width - 1, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	int w[NCOLUMNS];
	bool weekday = widths(width, w);
	int cx = x;
	if (area.height < 3)
		return;
	for (size_t c = 0; c < NCOLUMNS; c++) {
		draw_cell(area.top + 1, cx, columns[c].heading, w[c], draw_attr(TUI_ROLE_MUTED),
			columns[c].align);
		cx += w[c] + 2;
	}
	int y = area.top + 2, rows = area.height - 2;
	list_cursor_layout(&s->cursor, s->list.len, rows);
	size_t top = s->cursor.top;
	for (int r = 0; r < rows && top + (size_t)r < s->list.len; r++) {
		size_t i = top + (size_t)r;
		const struct session_rec *sr = &s->list.items[i];
		bool sel = i == s->cursor.selected && focused;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		if (sel)
			draw_fill(y + r, area.left, area.width, attr);
		char cells[NCOLUMNS][40];
		row_cells(sr, cells, weekday);
		cx = x;
		for (size_t c = 0; c < NCOLUMNS; c++) {
			attr_t a = attr;
			if (!sel && c == 4)
				a = strcmp(cells[4], "signed") == 0 ? draw_attr(TUI_ROLE_MUTED)
					: strcmp(cells[4], "draft") == 0 ? draw_attr(TUI_ROLE_LOCKED)
					: draw_attr(TUI_ROLE_MUTED);
			draw_cell(y + r, cx, cells[c], w[c], a, columns[c].align);
			cx += w[c] + 2;
		}
	}
	if (top + (size_t)rows < s->list.len)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
}

/* Moves the selection for a movement action; false for any other. */
static bool move_selection(struct sessions_section *s, enum tui_action action)
{
	if (!list_cursor_move(&s->cursor, action))
		return false;
	if (s->list.len)
		s->selected_id = s->list.items[s->cursor.selected].id;
	return true;
}

static unsigned sessions_action(struct tui *tui, void *self, const struct tui_record *rec,
	enum tui_action action)
{
	struct sessions_section *s = self;
	if (move_selection(s, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_SESSION_OPEN: {
		if (s->list.len == 0) {
			char key[32];
			keymap_key_for(TUI_SCREEN_COUPLE, TUI_ACTION_SESSION_ADD, key, sizeof key);
			tui_message(tui, TUI_TONE_INFO, "There is no session yet; %s adds one.", key);
			return TUI_REDRAW;
		}
		struct tui_target t = { TUI_SCREEN_SESSION, rec->couple_id, s->list.items[s->cursor.selected].id };
		tui_open(tui, TUI_SCREEN_SESSION, &t);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static bool sessions_target(void *self, const struct tui_record *rec, struct tui_target *out)
{
	(void)rec;
	struct sessions_section *s = self;
	if (s->list.len == 0)
		return false;
	out->session_id = s->list.items[s->cursor.selected].id;
	return true;
}

const struct tui_section_ops couple_sessions_section = {
	.name = "Sessions",
	.flags = TUI_SECTION_FOCUS | TUI_SECTION_FILL,
	.create = sessions_create,
	.load = sessions_load,
	.draw = sessions_draw,
	.action = sessions_action,
	.target = sessions_target,
	.destroy = sessions_destroy,
};
