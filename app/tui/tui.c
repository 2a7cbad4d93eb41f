/* tui.c: the interface's main loop: curses up and down, keys to the screen
 * on top, navigation applied, and the only place the screen is drawn. */
#include "app/tui/unsaved.h"
#include "app/tui/tui.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/core/paths.h"
#include "app/domain/database.h"
#include "app/store/couples.h"
#include "app/tui/draw.h"
#include "app/tui/global.h"
#include "app/tui/input.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/screen.h"
#include "app/tui/text.h"

static volatile sig_atomic_t stop_signal;

/* Signal handlers only record; the loop notices and leaves cleanly. */
static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

const struct tui_screen_ops *tui_screen_ops(enum tui_screen_id id)
{
	static const struct tui_screen_ops *const table[TUI_SCREEN_COUNT] = {
#define TUI_SCREEN_TABLE(id, name) [TUI_SCREEN_##id] = &tui_##name##_ops,
		TUI_SCREENS(TUI_SCREEN_TABLE)
#undef TUI_SCREEN_TABLE
	};
	return id > TUI_SCREEN_ANY && id < TUI_SCREEN_COUNT ? table[id] : NULL;
}

/* ---- messages ------------------------------------------------------------ */

void tui_message(struct tui *tui, enum tui_tone tone, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tui->message, sizeof tui->message, fmt, ap);
	va_end(ap);
	tui->tone = tone;
}

void tui_message_status(struct tui *tui, const struct dyad_status *st)
{
	tui_message(tui, TUI_TONE_ERROR, "%s", dyad_status_message(st));
}

void tui_cursor(struct tui *tui, int y, int x)
{
	tui->cursor_y = y;
	tui->cursor_x = x;
}

void tui_busy(struct tui *tui, const char *text)
{
	(void)tui;
	int rows = LINES, cols = COLS;
	if (rows < 2)
		return;
	draw_fill(rows - 2, 0, cols, A_NORMAL);
	draw_text(rows - 2, 1, text, cols - 2, draw_attr(TUI_ROLE_MUTED));
	refresh();
}

/* ---- navigation ------------------------------------------------------------ */

static void destroy_frame(struct tui_frame *f)
{
	if (f->ops && f->ops->destroy)
		f->ops->destroy(f->self);
	f->ops = NULL;
	f->self = NULL;
}

static void queue(struct tui *tui, bool push, const struct tui_screen_ops *ops, void *self)
{
	if (tui->npending == TUI_PENDING_MAX) {
		struct tui_frame f = { ops, self };
		if (push)
			destroy_frame(&f);
		return;
	}
	tui->pending[tui->npending].push = push;
	tui->pending[tui->npending].frame.ops = ops;
	tui->pending[tui->npending].frame.self = self;
	tui->npending++;
}

void tui_push(struct tui *tui, const struct tui_screen_ops *ops, void *self)
{
	if (self == NULL) {
		tui_message(tui, TUI_TONE_ERROR, "Out of memory: that screen could not open.");
		return;
	}
	queue(tui, true, ops, self);
}

void tui_open(struct tui *tui, enum tui_screen_id id, const struct tui_target *target)
{
	const struct tui_screen_ops *ops = tui_screen_ops(id);
	struct tui_target none = { id, 0, 0 };
	if (ops == NULL || ops->create == NULL)
		return;
	tui_push(tui, ops, ops->create(tui, target ? target : &none));
}

void tui_back(struct tui *tui)
{
	queue(tui, false, NULL, NULL);
}

int tui_pending_mark(const struct tui *tui)
{
	return tui->npending;
}

void tui_pending_truncate(struct tui *tui, int mark)
{
	while (tui->npending > mark) {
		tui->npending--;
		if (tui->pending[tui->npending].push)
			destroy_frame(&tui->pending[tui->npending].frame);
	}
}

static void call_opened_hooks(struct tui *tui, const struct tui_frame *f)
{
	struct tui_target t = { f->ops->id, 0, 0 };
	if (f->ops->target)
		f->ops->target(f->self, &t);
	t.screen = f->ops->id;
	for (const struct tui_hook *h = tui_hooks; h->name != NULL; h++)
		if (h->opened)
			h->opened(tui, &t);
}

/* Applies queued navigation, then loads what needs it: screens just opened
 * and the screen a step back revealed (so changes made meanwhile show). A
 * screen that cannot load is left again, except the first. */
static void apply_pending(struct tui *tui)
{
	bool need_load[TUI_STACK_MAX] = { false };
	bool opened[TUI_STACK_MAX] = { false };
	for (int i = 0; i < tui->npending; i++) {
		if (tui->pending[i].push) {
			if (tui->depth == TUI_STACK_MAX) {
				destroy_frame(&tui->pending[i].frame);
				tui_message(tui, TUI_TONE_ERROR,
					"That is too many screens deep; go back a few first.");
				continue;
			}
			tui->stack[tui->depth] = tui->pending[i].frame;
			need_load[tui->depth] = opened[tui->depth] = true;
			tui->depth++;
		} else if (tui->depth > 0) {
			tui->depth--;
			destroy_frame(&tui->stack[tui->depth]);
			need_load[tui->depth] = opened[tui->depth] = false;
			if (tui->depth > 0)
				need_load[tui->depth - 1] = true;
		}
	}
	tui->npending = 0;
	int i = 0;
	while (i < tui->depth) {
		if (!need_load[i]) {
			i++;
			continue;
		}
		need_load[i] = false;
		struct tui_frame *f = &tui->stack[i];
		struct dyad_status st = { 0 };
		if (f->ops->load == NULL || f->ops->load(tui, f->self, &st) == DYAD_OK) {
			if (opened[i])
				call_opened_hooks(tui, f);
			i++;
			continue;
		}
		tui_message_status(tui, &st);
		if (i == 0 || i != tui->depth - 1) {
			i++;
			continue;
		}
		/* It could not show: go back to the one below, reloaded. */
		tui->depth--;
		destroy_frame(&tui->stack[tui->depth]);
		i--;
		need_load[i] = true;
		opened[i] = false;
	}
}

void tui_default_hints(struct tui *tui, enum tui_screen_id id, struct strbuf *out)
{
	keymap_hints(id, tui->depth <= 1, out);
}

/* ---- drawing ---------------------------------------------------------------- */

static void draw_title(struct tui *tui, int cols)
{
	attr_t attr = draw_attr(TUI_ROLE_TITLE);
	draw_fill(0, 0, cols, attr);
	int first = 0;
	for (int i = 0; i < tui->depth; i++)
		if (tui->stack[i].ops->flags & TUI_SCREEN_CONCEAL)
			first = i;
	/* The path from the first screen to this one, cut from the left when
	 * it is too long: where you are matters more than where you began. */
	struct strbuf parts[TUI_STACK_MAX];
	int n = 0;
	for (int i = first; i < tui->depth; i++) {
		struct strbuf raw = STRBUF_INIT;
		parts[n] = (struct strbuf)STRBUF_INIT;
		if (tui->stack[i].ops->title)
			tui->stack[i].ops->title(tui->stack[i].self, &raw);
		if (raw.len > 0) {
			text_safe(&parts[n], raw.data, raw.len, TEXT_FLATTEN);
			n++;
		}
		strbuf_release(&raw);
	}
	int avail = cols - 8;
	int start = 0;
	for (;;) {
		int width = start > 0 ? 4 : 0;
		for (int i = start; i < n; i++)
			width += text_width(strbuf_str(&parts[i])) + (i > start ? 3 : 0);
		if (width <= avail || start >= n - 1)
			break;
		start++;
	}
	struct strbuf line = STRBUF_INIT;
	if (start > 0)
		strbuf_adds(&line, "… › ");
	for (int i = start; i < n; i++) {
		if (i > start)
			strbuf_adds(&line, " › ");
		strbuf_adds(&line, strbuf_str(&parts[i]));
	}
	mvaddch(0, 0, ' ');
	draw_text(0, 1, "dyad", 4, attr);
	draw_text(0, 7, strbuf_str(&line), cols - 8, attr);
	strbuf_release(&line);
	for (int i = 0; i < n; i++)
		strbuf_release(&parts[i]);
}

/* How many lines the message needs: 1, or 2 when it is long. */
static int message_lines(const struct tui *tui, int cols)
{
	if (tui->message[0] == '\0')
		return 1;
	struct strbuf safe = STRBUF_INIT;
	text_safe(&safe, tui->message, strlen(tui->message), TEXT_FLATTEN);
	int lines = text_width(strbuf_str(&safe)) > cols - 2 ? 2 : 1;
	strbuf_release(&safe);
	return lines;
}

static void draw_message(struct tui *tui, int y, int cols, int lines)
{
	if (tui->message[0] == '\0')
		return;
	enum tui_role role = tui->tone == TUI_TONE_ERROR ? TUI_ROLE_ERROR
		: tui->tone == TUI_TONE_DONE ? TUI_ROLE_DONE : TUI_ROLE_NORMAL;
	struct strbuf safe = STRBUF_INIT;
	text_safe(&safe, tui->message, strlen(tui->message), TEXT_FLATTEN);
	struct text_lines wrapped = { 0 };
	text_wrap(strbuf_str(&safe), cols - 2, &wrapped);
	for (int i = 0; i < lines && (size_t)i < wrapped.len; i++) {
		const struct text_line *l = &wrapped.items[i];
		if (i == lines - 1 && (size_t)i + 1 < wrapped.len) {
			/* The rest does not fit: end the last line with "…". */
			struct strbuf rest = STRBUF_INIT;
			strbuf_add(&rest, safe.data + l->start, safe.len - l->start);
			draw_text(y + i, 1, strbuf_str(&rest), cols - 2, draw_attr(role));
			strbuf_release(&rest);
		} else {
			draw_safe(y + i, 1, safe.data + l->start, l->len, draw_attr(role));
		}
	}
	text_lines_free(&wrapped);
	strbuf_release(&safe);
}

/* Draws one "key label" hint; returns its width. */
static int draw_hint(int y, int x, const char *key, const char *label, bool draw)
{
	struct strbuf k = STRBUF_INIT, l = STRBUF_INIT;
	text_safe(&k, key, strlen(key), TEXT_FLATTEN);
	text_safe(&l, label, strlen(label), TEXT_FLATTEN);
	int wk = text_width(strbuf_str(&k)), wl = text_width(strbuf_str(&l));
	if (draw) {
		draw_safe(y, x, strbuf_str(&k), k.len, draw_attr(TUI_ROLE_KEY));
		draw_safe(y, x + wk + 1, strbuf_str(&l), l.len, A_NORMAL);
	}
	strbuf_release(&k);
	strbuf_release(&l);
	return wk + 1 + wl;
}

/* The status line: the screen's keys from the left, the keys of every
 * screen (help, back) kept at the right where they are always found. */
static void draw_hints(struct tui *tui, int y, int cols)
{
	struct tui_frame *top = &tui->stack[tui->depth - 1];
	struct strbuf hints = STRBUF_INIT;
	if (top->ops->hints)
		top->ops->hints(tui, top->self, &hints);
	else
		tui_default_hints(tui, top->ops->id, &hints);
	char *text = strbuf_detach(&hints);
	if (text == NULL)
		return;
	/* Split at the empty line between the screen's hints and the others. */
	char *global = strstr(text, "\n\n");
	if (global) {
		*global = '\0';
		global += 2;
	} else if (text[0] == '\n') {
		global = text + 1;
		text[0] = '\0';
	}
	int right = cols - 1;
	if (global) {
		int width = 0;
		for (int pass = 0; pass < 2; pass++) {
			int x = right - width;
			char *save = NULL, *copy = strdup(global);
			if (copy == NULL)
				break;
			for (char *item = strtok_r(copy, "\n", &save); item; item = strtok_r(NULL, "\n", &save)) {
				char *tab = strchr(item, '\t');
				if (tab == NULL)
					continue;
				*tab = '\0';
				int w = draw_hint(y, x, item, tab + 1, pass == 1);
				if (pass == 0)
					width += w + 2;
				x += w + 2;
			}
			free(copy);
		}
		right -= width;
	}
	int x = 1;
	char *save = NULL;
	for (char *item = strtok_r(text, "\n", &save); item; item = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(item, '\t');
		if (tab == NULL)
			continue;
		*tab = '\0';
		int w = draw_hint(y, x, item, tab + 1, false);
		if (x + w > right - 2)
			break;
		draw_hint(y, x, item, tab + 1, true);
		x += w + 2;
	}
	free(text);
}

static void draw_too_small(int rows, int cols)
{
	char line[120];
	snprintf(line, sizeof line, "dyad needs at least %dx%d; this is %dx%d.", TUI_MIN_COLS,
		TUI_MIN_ROWS, cols, rows);
	int y = rows / 2 - 1;
	if (y < 0)
		y = 0;
	draw_text(y, 1, "The terminal is too small.", cols - 2, draw_attr(TUI_ROLE_HEADING));
	if (y + 1 < rows)
		draw_text(y + 1, 1, line, cols - 2, A_NORMAL);
	if (y + 2 < rows)
		draw_text(y + 2, 1, "Make it larger, or press Q to quit.", cols - 2,
			draw_attr(TUI_ROLE_MUTED));
}

static bool too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS;
}

static void draw_all(struct tui *tui)
{
	erase();
	int rows = LINES, cols = COLS;
	tui->cursor_y = -1;
	if (too_small()) {
		draw_too_small(rows, cols);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	int mlines = message_lines(tui, cols);
	struct tui_area area = { 1, 0, rows - 2 - mlines, cols };
	int base = tui->depth - 1;
	while (base > 0 && (tui->stack[base].ops->flags & TUI_SCREEN_OVERLAY))
		base--;
	for (int i = base; i < tui->depth; i++) {
		tui->cursor_y = -1;
		tui->stack[i].ops->draw(tui, tui->stack[i].self, area);
	}
	draw_title(tui, cols);
	draw_message(tui, rows - 1 - mlines, cols, mlines);
	draw_hints(tui, rows - 1, cols);
	if (tui->cursor_y >= 0) {
		curs_set(1);
		move(tui->cursor_y, tui->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- keys --------------------------------------------------------------------- */

static unsigned dispatch(struct tui *tui, int key)
{
	struct tui_frame *top = &tui->stack[tui->depth - 1];
	unsigned r = TUI_UNHANDLED;
	if (top->ops->key)
		r = top->ops->key(tui, top->self, key);
	if (!(r & TUI_UNHANDLED))
		return r;
	enum tui_action action = keymap_lookup(top->ops->id, key);
	if (action == TUI_ACTION_NONE) {
		char name[32], help[32];
		key_display(key, name, sizeof name);
		keymap_key_for(top->ops->id, TUI_ACTION_HELP, help, sizeof help);
		tui_message(tui, TUI_TONE_INFO, "%s does nothing here; %s lists this screen's keys.",
			name, help);
		return TUI_REDRAW;
	}
	r = top->ops->action ? top->ops->action(tui, top->self, action, key) : TUI_UNHANDLED;
	if (!(r & TUI_UNHANDLED))
		return r;
	if (action == TUI_ACTION_BACK && key == TUI_KEY_ESC && tui->depth == 1) {
		/* Esc pressed a few times to get back to the start must not end
		 * the program: only q does that from the first screen. */
		char quit[32];
		keymap_key_for(top->ops->id, TUI_ACTION_BACK, quit, sizeof quit);
		tui_message(tui, TUI_TONE_INFO, "This is the first screen; %s leaves dyad.", quit);
		return TUI_REDRAW;
	}
	struct tui_target in_view = { top->ops->id, 0, 0 };
	if (top->ops->target)
		top->ops->target(top->self, &in_view);
	in_view.screen = top->ops->id;
	r = tui_command_run(tui, action, &in_view);
	if (r & TUI_UNHANDLED) {
		tui_message(tui, TUI_TONE_INFO, "There is nothing to %s here.", tui_action_label(action));
		return TUI_REDRAW;
	}
	return r;
}

/* ---- start and stop ------------------------------------------------------------ */

/* Wide characters need a UTF-8 character type; "C" would show "Zoë" as
 * "Zo??". Everything dyad stores is UTF-8. */
static void ensure_utf8_locale(void)
{
	const char *codeset = nl_langinfo(CODESET);
	if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0))
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

static bool hooks_tick(void)
{
	for (const struct tui_hook *h = tui_hooks; h->name != NULL; h++)
		if (h->tick)
			return true;
	return false;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_loop(struct tui *tui)
{
	bool ticking = hooks_tick();
	double last_key = now_seconds();
	apply_pending(tui);
	for (const struct tui_hook *h = tui_hooks; h->name != NULL; h++)
		if (h->started)
			h->started(tui);
	while (tui->depth > 0 && !stop_signal) {
		draw_all(tui);
		struct tui_event ev = tui_input_next(tui->input, ticking ? 1000 : -1);
		if (stop_signal || ev.kind == TUI_EVENT_END)
			break;
		unsigned r = TUI_NOTHING;
		if (ev.kind == TUI_EVENT_SIGNAL)
			continue;
		if (ev.kind == TUI_EVENT_DUMP) {
			struct dyad_status st = { 0 };
			if (draw_dump(ev.path, &st) != DYAD_OK)
				tui_message_status(tui, &st);
			continue;
		}
		if (ev.kind == TUI_EVENT_TIMEOUT) {
			for (const struct tui_hook *h = tui_hooks; h->name != NULL; h++)
				if (h->tick)
					r |= h->tick(tui, now_seconds() - last_key);
		} else if (ev.key == TUI_KEY_RESIZE) {
			continue; /* curses resized stdscr already; the loop redraws */
		} else {
			last_key = now_seconds();
			tui->message[0] = '\0';
			if (too_small()) {
				if (keymap_lookup(TUI_SCREEN_ANY, ev.key) == TUI_ACTION_QUIT ||
					ev.key == 'Q')
					break;
				continue;
			}
			r = dispatch(tui, ev.key);
			/* Idle time counts from when the key's work was done: coming
			 * back from the editor is not being away. */
			last_key = now_seconds();
		}
		if (r & TUI_QUIT)
			break;
		if ((r & TUI_RELOAD) && tui->depth > 0 && tui->npending == 0) {
			struct tui_frame *top = &tui->stack[tui->depth - 1];
			struct dyad_status st = { 0 };
			if (top->ops->load && top->ops->load(tui, top->self, &st) != DYAD_OK)
				tui_message_status(tui, &st);
		}
		apply_pending(tui);
	}
}

static struct store *open_database(const char *db_option)
{
	struct dyad_status st = { 0 };
	char *path = paths_database(db_option, &st);
	struct store *store = NULL;
	/* Before curses starts: an encrypted database asks for its passphrase
	 * on the terminal (or reads $DYAD_PASSPHRASE_FILE). */
	if (path != NULL)
		database_open(path, &store, &st);
	free(path);
	if (store == NULL)
		fprintf(stderr, "dyad: %s\n", dyad_status_message(&st));
	return store;
}

static enum tui_screen_id first_screen(struct tui *tui)
{
	struct dyad_status st = { 0 };
	int64_t count = 0;
	if (couples_count(tui->store, &count, &st) != DYAD_OK)
		tui_message_status(tui, &st);
	return count == 0 ? TUI_SCREEN_WELCOME : TUI_SCREEN_TODAY;
}

int tui_run(const char *db_option)
{
	struct tui tui;
	memset(&tui, 0, sizeof tui);
	tui.cursor_y = -1;
	tui.saved_stderr = -1;
	const char *script = getenv("DYAD_KEYS_SCRIPT");
	struct dyad_status st = { 0 };
	if (tui_input_open(script && *script ? script : NULL, &tui.input, &st) != DYAD_OK) {
		fprintf(stderr, "dyad: %s\n", dyad_status_message(&st));
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "dyad: the full-screen interface needs a terminal; "
			"every action is also a command (see dyad --help)\n");
		tui_input_close(tui.input);
		return 1;
	}
	ensure_utf8_locale();
	tui.store = open_database(db_option);
	if (tui.store == NULL) {
		tui_input_close(tui.input);
		return 1;
	}
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		const char *term = getenv("TERM");
		fprintf(stderr, "dyad: cannot drive this terminal (TERM=%s)\n", term ? term : "");
		store_close(tui.store);
		tui_input_close(tui.input);
		return 1;
	}
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	const char *no_color = getenv("NO_COLOR");
	tui.color = has_colors() && !(no_color && *no_color);
	if (tui.color)
		start_color();
	draw_theme_init(tui.color);

	/* Nothing but curses may write to the terminal while it runs: a
	 * library's warning on stderr would tear the screen. */
	fflush(stderr);
	tui.saved_stderr = dup(STDERR_FILENO);
	int devnull = open("/dev/null", O_WRONLY);
	if (devnull >= 0) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}

	struct sigaction sa, old_int, old_term, old_hup;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	tui_open(&tui, first_screen(&tui), NULL);
	unsaved_offer(&tui);
	run_loop(&tui);

	tui_pending_truncate(&tui, 0);
	while (tui.depth > 0)
		destroy_frame(&tui.stack[--tui.depth]);
	endwin();
	delscreen(screen);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (tui.saved_stderr >= 0) {
		dup2(tui.saved_stderr, STDERR_FILENO);
		close(tui.saved_stderr);
	}
	store_close(tui.store);
	tui_input_close(tui.input);
	return stop_signal ? 128 + stop_signal : 0;
}
