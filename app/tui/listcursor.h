/* listcursor.h: where a list on screen stands: the selected item, the
 * first item in view, how many there are and how many rows show them.
 * Every list of the interface moves and scrolls through one of these, so
 * up, down, a page, first and last, a resize and a list that shrinks
 * behave the same everywhere. Drawing nothing, it is tested on its own. */
#ifndef DYAD_TUI_LISTCURSOR_H
#define DYAD_TUI_LISTCURSOR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/tui/actions.h"

/* Zeroed is an empty list at its start. */
struct list_cursor {
	size_t selected; /* the chosen item; 0 when the list is empty */
	size_t top;      /* the first item in view */
	size_t count;    /* items in the list */
	int rows;        /* rows that showed items at the last layout: a page */
};

/* The list now holds count items; a selection past the end moves to the
 * last item (0 when empty). The view is fixed at the next layout. */
void list_cursor_set_count(struct list_cursor *c, size_t count);

/* Selects index, held within the list; nothing for an empty list. */
void list_cursor_select(struct list_cursor *c, long long index);

/* Moves the selection for UP, DOWN, PAGE_UP, PAGE_DOWN (by the rows of
 * the last layout), FIRST and LAST; false (and nothing changes) for any
 * other action. */
bool list_cursor_move(struct list_cursor *c, enum tui_action action);

/* Before drawing count items in rows rows (fewer than 1 counts as 1):
 * scrolls so the selection is in view, and so that no row stays empty
 * while items above are hidden (after a resize or a shrink). */
void list_cursor_layout(struct list_cursor *c, size_t count, int rows);

/* For text that scrolls with no selection (help, a note): moves the view
 * for the same actions, a page being the rows less `overlap` (at least
 * one), and never past the last full page. False for other actions. */
bool list_cursor_scroll(struct list_cursor *c, enum tui_action action, int overlap);

/* list_cursor_layout for such text: keeps the view within the text. */
void list_cursor_layout_view(struct list_cursor *c, size_t count, int rows);

/* One past the last item in view. */
size_t list_cursor_end(const struct list_cursor *c);

/* Whether items below the view are hidden (for a "more" mark). */
bool list_cursor_more_below(const struct list_cursor *c);

#endif
