/* note.c: a session's note on a screen of its own, to read at length, with
 * its addenda under it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/couples.h"
#include "app/store/sessions.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/listcursor.h"
#include "app/tui/note_text.h"
#include "app/tui/section.h"
#include "app/tui/text.h"

struct note_screen {
	int64_t session_id;
	struct session_rec session;
	char *couple_name;
	char status[7];
	struct note_text text;
	struct text_lines lines;
	int wrap_width;
	struct list_cursor view; /* over lines */
};

static void *note_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	struct note_screen *n = calloc(1, sizeof *n);
	if (n != NULL)
		n->session_id = target->session_id;
	return n;
}

static void note_clear(struct note_screen *n)
{
	free(n->couple_name);
	n->couple_name = NULL;
	note_text_clear(&n->text);
	text_lines_free(&n->lines);
	n->wrap_width = 0;
}

static void note_destroy(void *self)
{
	struct note_screen *n = self;
	if (n == NULL)
		return;
	note_clear(n);
	free(n);
}

static enum dyad_error note_load(struct tui *tui, void *self, struct dyad_status *st)
{
	struct note_screen *n = self;
	note_clear(n);
	struct note_rec note;
	struct couple_rec couple;
	enum dyad_error rc = sessions_get(tui->store, n->session_id, &n->session, st);
	if (rc != DYAD_OK || (rc = notes_get(tui->store, n->session_id, &note, st)) != DYAD_OK)
		return rc;
	rc = note_text_load(tui, n->session_id, note.body, &n->text, st);
	snprintf(n->status, sizeof n->status, "%s", note.status);
	note_rec_free(&note);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = couples_get(tui->store, n->session.couple_id, &couple, st)) != DYAD_OK)
		return rc;
	n->couple_name = couple.name;
	couple.name = NULL;
	couple_rec_free(&couple);
	return DYAD_OK;
}

static void note_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct note_screen *n = self;
	int x = area.left + 2, width = area.width - 4;
	char when[40];
	section_format_when(n->session.starts_at, when, sizeof when);
	int place_w = 18; /* "lines 100-120 of 300" at the right */
	int used = draw_text(area.top, x, n->couple_name, (width - place_w) / 2,
		draw_attr(TUI_ROLE_HEADING));
	struct strbuf aside = STRBUF_INIT;
	strbuf_addf(&aside, "%s · %s", when, strcmp(n->status, "signed") == 0 ? "signed" : "draft");
	if (n->text.addenda > 0)
		strbuf_addf(&aside, " · %zu addend%s", n->text.addenda, n->text.addenda == 1 ? "um" : "a");
	draw_text(area.top, x + used + 2, strbuf_str(&aside), width - used - 2 - place_w - 1,
		draw_attr(TUI_ROLE_MUTED));
	strbuf_release(&aside);
	if (n->wrap_width != width) {
		text_lines_free(&n->lines);
		n->wrap_width = width;
		if (n->text.safe.len)
			text_wrap(strbuf_str(&n->text.safe), width, &n->lines);
	}
	int rows = area.height - 2;
	list_cursor_layout_view(&n->view, n->lines.len, rows);
	if (n->lines.len == 0) {
		draw_text(area.top + 2, x, "This note is empty.", width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	size_t top = n->view.top;
	for (int r = 0; r < rows && top + (size_t)r < n->lines.len; r++) {
		const struct text_line *l = &n->lines.items[top + (size_t)r];
		draw_safe(area.top + 2 + r, x, n->text.safe.data + l->start, l->len,
			note_text_is_mark(&n->text, l->start) ? draw_attr(TUI_ROLE_HEADING) : A_NORMAL);
	}
	if (n->lines.len > (size_t)rows) {
		char where[64];
		snprintf(where, sizeof where, "%zu-%zu of %zu", top + 1,
			top + (size_t)rows < n->lines.len ? top + (size_t)rows : n->lines.len,
			n->lines.len);
		draw_cell(area.top, x + width - place_w, where, place_w, draw_attr(TUI_ROLE_MUTED),
			TUI_ALIGN_RIGHT);
	}
}

static unsigned note_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)tui;
	(void)key;
	struct note_screen *n = self;
	/* A page keeps one line of the last in view. */
	return list_cursor_scroll(&n->view, action, 1) ? TUI_REDRAW : TUI_UNHANDLED;
}

static void note_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Note");
}

static void note_hints(struct tui *tui, void *self, struct strbuf *out)
{
	(void)self;
	tui_hint(out, "↑↓ PgUp PgDn", "scroll");
	tui_default_hints(tui, TUI_SCREEN_NOTE, out);
}

static bool note_target(void *self, struct tui_target *out)
{
	struct note_screen *n = self;
	out->couple_id = n->session.couple_id;
	out->session_id = n->session_id;
	return true;
}

const struct tui_screen_ops tui_note_ops = {
	.id = TUI_SCREEN_NOTE,
	.name = "the note reader",
	.create = note_create,
	.load = note_load,
	.draw = note_draw,
	.action = note_action,
	.title = note_title,
	.hints = note_hints,
	.target = note_target,
	.destroy = note_destroy,
};
