/* session_note.c: the note on the session screen, wrapped to the width, as
 * much as fits; `v` reads all of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/session.h"
#include "tui/text.h"

struct note_section {
	struct strbuf safe;        /* the body, made safe, line breaks kept */
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
	strbuf_release(&n->safe);
	text_lines_free(&n->lines);
	free(n);
}

static enum dyad_error note_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	(void)tui;
	struct note_section *n = self;
	strbuf_reset(&n->safe);
	text_lines_free(&n->lines);
	n->wrap_width = 0;
	const char *body = rec->note.body ? rec->note.body : "";
	size_t len = strlen(body);
	while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == ' '))
		len--; /* trailing blank lines say nothing */
	text_safe(&n->safe, body, len, TEXT_MULTILINE);
	if (n->safe.failed)
		return dyad_fail(st, DYAD_ERR_NOMEM, "note: out of memory");
	return DYAD_OK;
}

static void wrap_to(struct note_section *n, int width)
{
	if (n->wrap_width == width)
		return;
	text_lines_free(&n->lines);
	n->wrap_width = width;
	if (n->safe.len)
		text_wrap(strbuf_str(&n->safe), width, &n->lines);
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
	if (locked)
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
		draw_safe(area.top + 1 + i, x, n->safe.data + l->start, l->len, A_NORMAL);
	}
	if (more) {
		char text[120];
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
