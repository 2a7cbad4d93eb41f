/* listcursor.c: selection and scrolling for the interface's lists. */
#include "app/tui/listcursor.h"

static size_t page_of(const struct list_cursor *c)
{
	return c->rows > 1 ? (size_t)c->rows : 1;
}

/* The top that shows the last full page. */
static size_t last_top(const struct list_cursor *c)
{
	size_t page = page_of(c);
	return c->count > page ? c->count - page : 0;
}

void list_cursor_set_count(struct list_cursor *c, size_t count)
{
	c->count = count;
	if (count == 0)
		c->selected = 0;
	else if (c->selected >= count)
		c->selected = count - 1;
}

void list_cursor_select(struct list_cursor *c, long long index)
{
	if (c->count == 0)
		return;
	if (index < 0)
		index = 0;
	if ((unsigned long long)index >= c->count)
		index = (long long)(c->count - 1);
	c->selected = (size_t)index;
}

bool list_cursor_move(struct list_cursor *c, enum tui_action action)
{
	long long sel = (long long)c->selected, page = (long long)page_of(c);
	switch (action) {
	case TUI_ACTION_UP: list_cursor_select(c, sel - 1); return true;
	case TUI_ACTION_DOWN: list_cursor_select(c, sel + 1); return true;
	case TUI_ACTION_PAGE_UP: list_cursor_select(c, sel - page); return true;
	case TUI_ACTION_PAGE_DOWN: list_cursor_select(c, sel + page); return true;
	case TUI_ACTION_FIRST: list_cursor_select(c, 0); return true;
	case TUI_ACTION_LAST: list_cursor_select(c, (long long)c->count - 1); return true;
	default: return false;
	}
}

void list_cursor_layout(struct list_cursor *c, size_t count, int rows)
{
	list_cursor_set_count(c, count);
	c->rows = rows > 1 ? rows : 1;
	size_t page = page_of(c);
	if (c->selected < c->top)
		c->top = c->selected;
	if (c->selected >= c->top + page)
		c->top = c->selected - page + 1;
	if (c->top > last_top(c))
		c->top = last_top(c);
}

bool list_cursor_scroll(struct list_cursor *c, enum tui_action action, int overlap)
{
	long long top = (long long)c->top, page = (long long)page_of(c) - overlap;
	if (page < 1)
		page = 1;
	switch (action) {
	case TUI_ACTION_UP: top--; break;
	case TUI_ACTION_DOWN: top++; break;
	case TUI_ACTION_PAGE_UP: top -= page; break;
	case TUI_ACTION_PAGE_DOWN: top += page; break;
	case TUI_ACTION_FIRST: top = 0; break;
	case TUI_ACTION_LAST: top = (long long)last_top(c); break;
	default: return false;
	}
	if (top > (long long)last_top(c))
		top = (long long)last_top(c);
	c->top = top < 0 ? 0 : (size_t)top;
	return true;
}

void list_cursor_layout_view(struct list_cursor *c, size_t count, int rows)
{
	c->count = count;
	c->rows = rows > 1 ? rows : 1;
	if (c->top > last_top(c))
		c->top = last_top(c);
}

size_t list_cursor_end(const struct list_cursor *c)
{
	size_t end = c->top + page_of(c);
	return end < c->count ? end : c->count;
}

bool list_cursor_more_below(const struct list_cursor *c)
{
	return c->top + page_of(c) < c->count;
}
