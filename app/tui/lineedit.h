/* lineedit.h: one line of text being typed (a form field, a filter, a
 * search), edited by code point with the usual keys: arrows, Home/End,
 * Backspace/Delete, Ctrl-A/E/U/K/W. */
#ifndef DYAD_TUI_LINEEDIT_H
#define DYAD_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/strbuf.h"

struct lineedit {
	struct strbuf text;
	size_t cursor;    /* a byte offset at a character boundary */
	size_t max_bytes; /* typing stops there */
};

/* Starts with initial (NULL for empty), the cursor at its end. */
void lineedit_init(struct lineedit *le, const char *initial, size_t max_bytes);

/* Replaces the text; the cursor goes to the end. */
void lineedit_set(struct lineedit *le, const char *text);

/* Applies an editing key. Returns false when key is not one (the caller
 * handles it); *changed (may be NULL) says whether the text changed. */
bool lineedit_key(struct lineedit *le, int key, bool *changed);

/* The text; never NULL. */
const char *lineedit_text(const struct lineedit *le);

/* Draws the line at (y, x) in cols columns, scrolled so the cursor shows,
 * and returns the column the cursor is at. Stored text in it is shown
 * escaped, like everywhere else. */
int lineedit_draw(const struct lineedit *le, int y, int x, int cols, unsigned long attr);

void lineedit_free(struct lineedit *le);

#endif
