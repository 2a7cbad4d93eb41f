/* test_listcursor.c: the interface's one list cursor (app/tui/listcursor.c):
 * moving, paging, first and last, and the view kept right through empty
 * lists, shrinking lists, one-row windows and resizes. */
#include "tests/unit/check.h"

#include "app/tui/listcursor.h"

static void an_empty_list_stays_at_its_start(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 0, 10);
	CHECK(c.selected == 0 && c.top == 0);
	CHECK(list_cursor_move(&c, TUI_ACTION_DOWN));
	CHECK(list_cursor_move(&c, TUI_ACTION_LAST));
	CHECK(list_cursor_move(&c, TUI_ACTION_PAGE_DOWN));
	CHECK(c.selected == 0 && c.top == 0);
	CHECK(list_cursor_end(&c) == 0);
	CHECK(!list_cursor_more_below(&c));
	CHECK(!list_cursor_move(&c, TUI_ACTION_COUPLE_OPEN));
}

static void moves_stop_at_both_ends(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 5, 10);
	list_cursor_move(&c, TUI_ACTION_UP);
	CHECK(c.selected == 0);
	list_cursor_move(&c, TUI_ACTION_LAST);
	CHECK(c.selected == 4);
	list_cursor_move(&c, TUI_ACTION_DOWN);
	CHECK(c.selected == 4);
	list_cursor_move(&c, TUI_ACTION_FIRST);
	CHECK(c.selected == 0);
}

static void a_page_is_the_rows_on_screen_and_the_selection_stays_in_view(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 100, 10);
	list_cursor_move(&c, TUI_ACTION_PAGE_DOWN);
	CHECK(c.selected == 10);
	list_cursor_layout(&c, 100, 10);
	CHECK(c.top == 1); /* the selection is the last row in view */
	CHECK(list_cursor_end(&c) == 11);
	CHECK(list_cursor_more_below(&c));
	list_cursor_move(&c, TUI_ACTION_LAST);
	list_cursor_layout(&c, 100, 10);
	CHECK(c.selected == 99 && c.top == 90);
	CHECK(!list_cursor_more_below(&c));
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	CHECK(c.selected == 79);
	list_cursor_layout(&c, 100, 10);
	CHECK(c.top == 79);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	CHECK(c.selected == 0);
}

static void a_list_that_shrinks_below_the_selection_selects_its_last(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 50, 10);
	list_cursor_select(&c, 45);
	list_cursor_layout(&c, 50, 10);
	CHECK(c.top == 36);
	list_cursor_set_count(&c, 12);
	CHECK(c.selected == 11);
	list_cursor_layout(&c, 12, 10);
	/* in view, and the window is full: no empty rows under the list */
	CHECK(c.top == 2 && list_cursor_end(&c) == 12);
	list_cursor_layout(&c, 0, 10);
	CHECK(c.selected == 0 && c.top == 0);
}

static void a_one_row_window_shows_the_selection(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 8, 1);
	list_cursor_move(&c, TUI_ACTION_DOWN);
	list_cursor_move(&c, TUI_ACTION_DOWN);
	list_cursor_layout(&c, 8, 1);
	CHECK(c.selected == 2 && c.top == 2 && list_cursor_end(&c) == 3);
	list_cursor_move(&c, TUI_ACTION_PAGE_DOWN);
	CHECK(c.selected == 3);
	/* no room at all still counts as one row */
	list_cursor_layout(&c, 8, 0);
	CHECK(c.top == 3 && c.rows == 1);
	list_cursor_move(&c, TUI_ACTION_PAGE_UP);
	CHECK(c.selected == 2);
}

static void a_resize_keeps_the_selection_in_view(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout(&c, 40, 20);
	list_cursor_select(&c, 19);
	list_cursor_layout(&c, 40, 20);
	CHECK(c.top == 0);
	list_cursor_layout(&c, 40, 5); /* the window got smaller */
	CHECK(c.top == 15 && c.selected == 19);
	list_cursor_layout(&c, 40, 30); /* and much larger: fill it */
	CHECK(c.top == 10 && list_cursor_end(&c) == 40);
	list_cursor_layout(&c, 40, 60);
	CHECK(c.top == 0);
}

static void text_scrolls_within_itself(void)
{
	struct list_cursor c = { 0 };
	list_cursor_layout_view(&c, 30, 10);
	CHECK(list_cursor_scroll(&c, TUI_ACTION_PAGE_DOWN, 1));
	CHECK(c.top == 9);
	CHECK(list_cursor_scroll(&c, TUI_ACTION_PAGE_DOWN, 1));
	CHECK(list_cursor_scroll(&c, TUI_ACTION_PAGE_DOWN, 1));
	CHECK(c.top == 20); /* the last full page */
	list_cursor_scroll(&c, TUI_ACTION_UP, 0);
	CHECK(c.top == 19);
	list_cursor_scroll(&c, TUI_ACTION_FIRST, 0);
	list_cursor_scroll(&c, TUI_ACTION_UP, 0);
	CHECK(c.top == 0);
	list_cursor_scroll(&c, TUI_ACTION_LAST, 0);
	CHECK(c.top == 20);
	list_cursor_layout_view(&c, 30, 25); /* a taller window */
	CHECK(c.top == 5);
	list_cursor_layout_view(&c, 4, 25); /* shorter text */
	CHECK(c.top == 0);
	list_cursor_layout_view(&c, 30, 1);
	list_cursor_scroll(&c, TUI_ACTION_PAGE_DOWN, 1); /* still moves by one */
	CHECK(c.top == 1);
	CHECK(!list_cursor_scroll(&c, TUI_ACTION_COUPLE_OPEN, 0));
}

int main(void)
{
	RUN(an_empty_list_stays_at_its_start);
	RUN(moves_stop_at_both_ends);
	RUN(a_page_is_the_rows_on_screen_and_the_selection_stays_in_view);
	RUN(a_list_that_shrinks_below_the_selection_selects_its_last);
	RUN(a_one_row_window_shows_the_selection);
	RUN(a_resize_keeps_the_selection_in_view);
	RUN(text_scrolls_within_itself);
	return check_any_failed;
}
