/* draw.h: putting text on the screen. Every string drawn goes through
 * text_safe first, is measured in display columns and cut at a character
 * boundary, so stored text can neither reach the terminal raw nor push a
 * column out of line. Colours are roles, so NO_COLOR and monochrome
 * terminals get the same layout with plain attributes. */
#ifndef DYAD_TUI_DRAW_H
#define DYAD_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

#include "app/core/error.h"
#include "app/tui/screen.h"

enum tui_role {
	TUI_ROLE_NORMAL,
	TUI_ROLE_TITLE,    /* the top bar */
	TUI_ROLE_HEADING,  /* a section's name, a column heading */
	TUI_ROLE_SELECTED, /* the highlighted row or cell */
	TUI_ROLE_MUTED,    /* secondary facts, empty cells, guidance */
	TUI_ROLE_KEY,      /* a key name in hints and help */
	TUI_ROLE_ERROR,
	TUI_ROLE_DONE,
	TUI_ROLE_LOCKED,   /* a signed note */
	TUI_ROLE_FIELD,    /* a form field */
	TUI_ROLE_COUNT
};

enum tui_align { TUI_ALIGN_LEFT, TUI_ALIGN_RIGHT, TUI_ALIGN_CENTER };

/* Sets up the roles' attributes; with color false only bold, reverse,
 * underline and dim are used. */
void draw_theme_init(bool color);
attr_t draw_attr(enum tui_role role);

/* Draws stored text s at (y, x) in at most cols columns, with "…" when it
 * had to be cut. Returns the columns drawn. */
int draw_text(int y, int x, const char *s, int cols, attr_t attr);

/* Draws s in exactly cols columns, aligned, padding with spaces in attr. */
void draw_cell(int y, int x, const char *s, int cols, attr_t attr, enum tui_align align);

/* Draws text that already went through text_safe, without cutting:
 * the caller measured it. */
void draw_safe(int y, int x, const char *safe, size_t len, attr_t attr);

/* Fills cols columns with spaces in attr. */
void draw_fill(int y, int x, int cols, attr_t attr);

/* A horizontal rule. */
void draw_rule(int y, int x, int cols, attr_t attr);

/* A bordered box with an optional title in its top edge; the area inside
 * is cleared. */
void draw_box(struct tui_area box, const char *title);

/* Writes what the screen shows, as UTF-8 text with trailing spaces
 * trimmed, to path (0600, atomically): tests compare screens with it. */
enum dyad_error draw_dump(const char *path, struct dyad_status *st);

#endif
