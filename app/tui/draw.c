/* draw.c: safe text, roles and boxes on the curses screen; the text dump. */
#include "app/tui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/core/fileio.h"
#include "app/core/strbuf.h"
#include "app/tui/text.h"

static attr_t role_attr[TUI_ROLE_COUNT];

void draw_theme_init(bool color)
{
	role_attr[TUI_ROLE_NORMAL] = A_NORMAL;
	role_attr[TUI_ROLE_TITLE] = A_REVERSE | A_BOLD;
	role_attr[TUI_ROLE_HEADING] = A_BOLD;
	role_attr[TUI_ROLE_SELECTED] = A_REVERSE;
	role_attr[TUI_ROLE_MUTED] = A_DIM;
	role_attr[TUI_ROLE_KEY] = A_BOLD;
	role_attr[TUI_ROLE_ERROR] = A_BOLD;
	role_attr[TUI_ROLE_DONE] = A_NORMAL;
	role_attr[TUI_ROLE_LOCKED] = A_BOLD;
	role_attr[TUI_ROLE_FIELD] = A_UNDERLINE;
	if (!color)
		return;
	/* A few quiet accents on the terminal's own background. */
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_CYAN, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_YELLOW, -1);
	role_attr[TUI_ROLE_TITLE] = COLOR_PAIR(1) | A_BOLD;
	role_attr[TUI_ROLE_HEADING] = COLOR_PAIR(2) | A_BOLD;
	role_attr[TUI_ROLE_ERROR] = COLOR_PAIR(3) | A_BOLD;
	role_attr[TUI_ROLE_DONE] = COLOR_PAIR(4);
	role_attr[TUI_ROLE_LOCKED] = COLOR_PAIR(5) | A_BOLD;
}

attr_t draw_attr(enum tui_role role)
{
	return role < TUI_ROLE_COUNT ? role_attr[role] : A_NORMAL;
}

void draw_safe(int y, int x, const char *safe, size_t len, attr_t attr)
{
	attrset(attr);
	mvaddnstr(y, x, safe, (int)len);
	attrset(A_NORMAL);
}

int draw_text(int y, int x, const char *s, int cols, attr_t attr)
{
	if (cols <= 0 || s == NULL)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	int used = text_truncate(&sb, s, cols);
	draw_safe(y, x, strbuf_str(&sb), sb.len, attr);
	strbuf_release(&sb);
	return used;
}

void draw_fill(int y, int x, int cols, attr_t attr)
{
	if (cols <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

void draw_cell(int y, int x, const char *s, int cols, attr_t attr, enum tui_align align)
{
	if (cols <= 0)
		return;
	struct strbuf sb = STRBUF_INIT;
	int used = text_truncate(&sb, s ? s : "", cols);
	int pad = cols - used;
	int before = align == TUI_ALIGN_RIGHT ? pad : align == TUI_ALIGN_CENTER ? pad / 2 : 0;
	draw_fill(y, x, cols, attr);
	draw_safe(y, x + before, strbuf_str(&sb), sb.len, attr);
	strbuf_release(&sb);
}

void draw_rule(int y, int x, int cols, attr_t attr)
{
	if (cols <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ACS_HLINE, cols);
	attrset(A_NORMAL);
}

void draw_box(struct tui_area box, const char *title)
{
	if (box.height < 2 || box.width < 4)
		return;
	for (int r = 0; r < box.height; r++)
		draw_fill(box.top + r, box.left, box.width, A_NORMAL);
	int right = box.left + box.width - 1, bottom = box.top + box.height - 1;
	mvaddch(box.top, box.left, ACS_ULCORNER);
	mvaddch(box.top, right, ACS_URCORNER);
	mvaddch(bottom, box.left, ACS_LLCORNER);
	mvaddch(bottom, right, ACS_LRCORNER);
	mvhline(box.top, box.left + 1, ACS_HLINE, box.width - 2);
	mvhline(bottom, box.left + 1, ACS_HLINE, box.width - 2);
	mvvline(box.top + 1, box.left, ACS_VLINE, box.height - 2);
	mvvline(box.top + 1, right, ACS_VLINE, box.height - 2);
	if (title && *title) {
		mvaddch(box.top, box.left + 2, ' ');
		int used = draw_text(box.top, box.left + 3, title, box.width - 8, draw_attr(TUI_ROLE_HEADING));
		mvaddch(box.top, box.left + 3 + used, ' ');
	}
}

/* The text of one cell; a line-drawing character reads as its plain
 * equivalent so dumps stay readable in any viewer. */
static void dump_cell(struct strbuf *line, const cchar_t *cell)
{
	wchar_t wch[CCHARW_MAX + 1];
	attr_t attrs;
	short pair;
	if (getcchar(cell, wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0') {
		strbuf_addc(line, ' ');
		return;
	}
	if (attrs & A_ALTCHARSET) {
		char c = (char)wch[0];
		strbuf_addc(line, c == 'q' ? '-' : c == 'x' ? '|' : (c >= 'j' && c <= 'n') ? '+' : c);
		return;
	}
	for (int i = 0; i <= CCHARW_MAX && wch[i] != L'\0'; i++) {
		char mb[8];
		mbstate_t ps;
		memset(&ps, 0, sizeof ps);
		size_t n = wcrtomb(mb, wch[i], &ps);
		if (n != (size_t)-1)
			strbuf_add(line, mb, n);
	}
}

enum dyad_error draw_dump(const char *path, struct dyad_status *st)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	for (int y = 0; y < rows; y++) {
		strbuf_reset(&line);
		for (int x = 0; x < cols; x++) {
			cchar_t cell;
			if (mvin_wch(y, x, &cell) == ERR) {
				strbuf_addc(&line, ' ');
				continue;
			}
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			getcchar(&cell, wch, &attrs, &pair, NULL);
			dump_cell(&line, &cell);
			/* A wide character fills the next cell(s) too. */
			int w = wch[0] ? wcwidth(wch[0]) : 1;
			if (w > 1)
				x += w - 1;
		}
		size_t n = line.len;
		while (n > 0 && line.data[n - 1] == ' ')
			n--;
		strbuf_add(&out, line.data ? line.data : "", n);
		strbuf_addc(&out, '\n');
	}
	enum dyad_error rc = out.failed
		? dyad_fail(st, DYAD_ERR_NOMEM, "screen dump: out of memory")
		: atomic_write(path, out.data ? out.data : "", out.len, st);
	strbuf_release(&out);
	strbuf_release(&line);
	return rc;
}
