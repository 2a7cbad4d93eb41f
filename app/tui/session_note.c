/* session_note.c: the note on the session screen, with its addenda under
 * it, wrapped to the width, as much as fits; `v` reads all of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/note_text.h"
#include "app/tui/session.h"
#include "app/tui/text.h"

struct note_section {
	struct note_text text;     /* the body and its addenda, made safe */
	struct text_lines lines;   /* wrapped at wrap_width */
	int wrap_width;
};

static void *note_create(void)
{
	return calloc(1, sizeof(struct note_section));
}

static void note_destroy(void *self)
{
	struct note_section *n = self;
	if (n == NULL)
		return;
	note_text_clear(&n->text);
	text_lines_free(&n->lines);
	free(n);
}

static enum dyad_error note_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct note_section *n = self;
	text_lines_free(&n->lines);
	n->wrap_width = 0;
	return note_text_load(tui, rec->session_id, rec->note.body, &n->text, st);
}

static void wrap_to(struct note_section *n, int width)
{
	if (n->wrap_width == width)
		return;
	text_lines_free(&n->lines);
	n->wrap_width = width;
	if (n->text.safe.len)
		text_wrap(strbuf_str(&n->text.safe), width, &n->lines);
}

static int note_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	struct note_section *n = self;
	wrap_to(n, width - 3);
	/* A third of the screen at most; on a short one, a glimpse. */
	int most = screen_rows >= 20 ? screen_rows / 3 : 3;
	int want = 1 + (n->lines.len ? (int)n->lines.len : 1);
	return want < most ? want : most;
}

static void note_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)focused;
	struct note_section *n = self;
	bool locked = strcmp(rec->note.status, "signed") == 0;
	char edit[32], read[32], aside[120];
	keymap_key_for(TUI_SCREEN_SESSION, TUI_ACTION_NOTE_EDIT, edit, sizeof edit);
	keymap_key_for(TUI_SCREEN_SESSION, TUI_ACTION_NOTE_READ, read, sizeof read);
	if (locked && n->text.addenda > 0)
		snprintf(aside, sizeof aside, "signed and locked  ·  %zu addend%s below", n->text.addenda,
			n->text.addenda == 1 ? "um" : "a");
	else if (locked)
		snprintf(aside, sizeof aside, "signed and locked");
	else
		snprintf(aside, sizeof aside, "draft  ·  %s edits it in your editor", edit);
	section_heading(area, "Note", aside, false);
	int x = area.left + 2, width = area.width - 3;
	wrap_to(n, width);
	int rows = area.height - 1;
	if (n->lines.len == 0) {
		char text[120];
		if (locked)
			snprintf(text, sizeof text, "The note was signed empty.");
		else
			snprintf(text, sizeof text, "No note yet. Press %s to write it in your editor.", edit);
		if (rows > 0)
			draw_text(area.top + 1, x, text, width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	bool more = (int)n->lines.len > rows;
	int shown = more ? rows - 1 : (int)n->lines.len;
	for (int i = 0; i < shown; i++) {
		const struct text_line *l = &n->lines.items[i];
		draw_safe(area.top + 1 + i, x, n->text.safe.data + l->start, l->len,
			note_text_is_mark(&n->text, l->start) ? draw_attr(TUI_ROLE_HEADING) : A_NORMAL);
	}
	if (more) {
		/* Addenda come last, so they are the first to be cut: say so. */
		size_t hidden_addenda = 0, shown_end = 0;
		if (shown > 0)
			shown_end = n->lines.items[shown - 1].start + n->lines.items[shown - 1].len;
		for (size_t i = 0; i < n->text.addenda; i++)
			if (n->text.marks[2 * i] >= shown_end)
				hidden_addenda++;
		char text[160];
		if (hidden_addenda > 0)
			snprintf(text, sizeof text,
				"... %zu more lines, with %zu addend%s  ·  %s reads the whole note",
				n->lines.len - (size_t)shown, hidden_addenda, hidden_addenda == 1 ? "um" : "a", read);
		else
			snprintf(text, sizeof text, "... %zu more lines  ·  %s reads the whole note",
				n->lines.len - (size_t)shown, read);
		draw_text(area.top + 1 + shown, x, text, width, draw_attr(TUI_ROLE_MUTED));
	}
}

const struct tui_section_ops session_note_section = {
	.name = "Note",
	.create = note_create,
	.load = note_load,
	.height = note_height,
	.draw = note_draw,
	.destroy = note_destroy,
};
