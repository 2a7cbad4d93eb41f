/* keymap.c: the default key bindings, and everything read from them. */
#include "app/tui/keymap.h"

#include <stdio.h>
#include <string.h>

#include "app/tui/keys.h"

#define LISTS (TUI_ON(TODAY) | TUI_ON(COUPLES) | TUI_ON(COUPLE) | TUI_ON(SESSION) | TUI_ON(NOTE) | \
	TUI_ON(SEARCH) | TUI_ON(HELP) | TUI_ON(LIBRARY))
#define VI_LISTS (TUI_ON(TODAY) | TUI_ON(COUPLES) | TUI_ON(COUPLE) | TUI_ON(SESSION) | TUI_ON(NOTE) | TUI_ON(HELP) | \
	TUI_ON(LIBRARY))

/* Order matters twice: the first binding of an action is the key shown in
 * the status line, and help lists actions in the order they appear. */
static const struct tui_binding bindings[] = {
	/* the welcome screen */
	{ TUI_ON(WELCOME), 'n', TUI_ACTION_COUPLE_ADD, true },
	{ TUI_ON(WELCOME), 'D', TUI_ACTION_DEMO_LOAD, true },

	/* Today */
	{ TUI_ON(TODAY), TUI_KEY_ENTER, TUI_ACTION_TODAY_OPEN, true },
	{ TUI_ON(TODAY), 'c', TUI_ACTION_COUPLES_SHOW, true },
	{ TUI_ON(TODAY), 's', TUI_ACTION_SEARCH, true },

	/* the couples list */
	{ TUI_ON(COUPLES), TUI_KEY_ENTER, TUI_ACTION_COUPLE_OPEN, true },
	{ TUI_ON(COUPLES), '/', TUI_ACTION_FILTER, true },
	{ TUI_ON(COUPLES), 'n', TUI_ACTION_COUPLE_ADD, true },
	{ TUI_ON(COUPLES), 'c', TUI_ACTION_TOGGLE_CLOSED, true },
	{ TUI_ON(COUPLES), 's', TUI_ACTION_SEARCH, true },
	{ TUI_ON(COUPLES), 't', TUI_ACTION_TODAY_SHOW, true },

	/* one couple */
	{ TUI_ON(COUPLE), TUI_KEY_ENTER, TUI_ACTION_SESSION_OPEN, true },
	{ TUI_ON(COUPLE), 'a', TUI_ACTION_SESSION_ADD, true },
	{ TUI_ON(COUPLE), 'e', TUI_ACTION_COUPLE_EDIT, true },
	{ TUI_ON(COUPLE), 't', TUI_ACTION_COUPLE_STATUS, true },

	/* one session */
	{ TUI_ON(SESSION), '+', TUI_ACTION_RATE_UP, false },
	{ TUI_ON(SESSION), '=', TUI_ACTION_RATE_UP, false },
	{ TUI_ON(SESSION), '-', TUI_ACTION_RATE_DOWN, false },
	{ TUI_ON(SESSION), '0', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '1', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '2', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '3', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '4', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '5', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '6', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '7', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '8', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), '9', TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), TUI_KEY_ENTER, TUI_ACTION_RATE_TYPE, false },
	{ TUI_ON(SESSION), TUI_KEY_BACKSPACE, TUI_ACTION_RATE_CLEAR, false },
	{ TUI_ON(SESSION), TUI_KEY_DELETE, TUI_ACTION_RATE_CLEAR, false },
	{ TUI_ON(SESSION), 'e', TUI_ACTION_NOTE_EDIT, true },
	{ TUI_ON(SESSION), 'v', TUI_ACTION_NOTE_READ, true },
	{ TUI_ON(SESSION), 'S', TUI_ACTION_NOTE_SIGN, true },
	{ TUI_ON(SESSION), 'd', TUI_ACTION_SESSION_EDIT, true },

	/* search */
	{ TUI_ON(SEARCH), TUI_KEY_ENTER, TUI_ACTION_RESULT_OPEN, true },

	/* forms and questions */
	{ TUI_ON(FORM), TUI_KEY_ENTER, TUI_ACTION_SAVE, true },
	{ TUI_ON(FORM), TUI_KEY_TAB, TUI_ACTION_NEXT_FIELD, true },
	{ TUI_ON(FORM), TUI_KEY_DOWN, TUI_ACTION_NEXT_FIELD, false },
	{ TUI_ON(FORM), TUI_KEY_BACKTAB, TUI_ACTION_PREV_FIELD, false },
	{ TUI_ON(FORM), TUI_KEY_UP, TUI_ACTION_PREV_FIELD, false },
	{ TUI_ON(FORM), TUI_KEY_LEFT, TUI_ACTION_CHOICE_PREV, false },
	{ TUI_ON(FORM), TUI_KEY_RIGHT, TUI_ACTION_CHOICE_NEXT, false },
	{ TUI_ON(FORM), TUI_KEY_ESC, TUI_ACTION_CANCEL, true },
	{ TUI_ON(CONFIRM), 'y', TUI_ACTION_CONFIRM_YES, true },
	{ TUI_ON(CONFIRM), 'n', TUI_ACTION_CANCEL, true },
	{ TUI_ON(CONFIRM), 'd', TUI_ACTION_DISCARD, false },
	{ TUI_ON(CONFIRM), TUI_KEY_ESC, TUI_ACTION_CANCEL, false },
	{ TUI_ON(CONFIRM), 'q', TUI_ACTION_CANCEL, false },

	/* moving around */
	{ LISTS, TUI_KEY_UP, TUI_ACTION_UP, false },
	{ VI_LISTS, 'k', TUI_ACTION_UP, false },
	{ LISTS, TUI_KEY_DOWN, TUI_ACTION_DOWN, false },
	{ VI_LISTS, 'j', TUI_ACTION_DOWN, false },
	{ TUI_ON(SESSION), TUI_KEY_LEFT, TUI_ACTION_LEFT, false },
	{ TUI_ON(SESSION), 'h', TUI_ACTION_LEFT, false },
	{ TUI_ON(SESSION), TUI_KEY_RIGHT, TUI_ACTION_RIGHT, false },
	{ TUI_ON(SESSION), 'l', TUI_ACTION_RIGHT, false },
	{ LISTS, TUI_KEY_PAGE_UP, TUI_ACTION_PAGE_UP, false },
	{ LISTS, TUI_KEY_PAGE_DOWN, TUI_ACTION_PAGE_DOWN, false },
	{ LISTS, TUI_KEY_HOME, TUI_ACTION_FIRST, false },
	{ VI_LISTS, 'g', TUI_ACTION_FIRST, false },
	{ LISTS, TUI_KEY_END, TUI_ACTION_LAST, false },
	{ VI_LISTS, 'G', TUI_ACTION_LAST, false },
	{ TUI_ON(COUPLE) | TUI_ON(SESSION), 's', TUI_ACTION_SEARCH, false },
	/* Tab (NEXT_SECTION) is bound on a screen once it has two sections
	 * that take focus. */

	/* homework */
	{ TUI_ON(COUPLE), 'h', TUI_ACTION_HOMEWORK_ASSIGN, true },
	{ TUI_ON(SESSION), 'H', TUI_ACTION_HOMEWORK_ASSIGN, false },
	{ TUI_ON(COUPLE) | TUI_ON(SESSION), 'c', TUI_ACTION_HOMEWORK_CHECKIN, true },
	{ TUI_ON(COUPLE) | TUI_ON(SESSION), 'p', TUI_ACTION_HOMEWORK_HANDOUT, true },
	{ TUI_ON(COUPLE) | TUI_ON(SESSION), 'm', TUI_ACTION_HOMEWORK_STATUS, false },
	{ TUI_ON(COUPLE) | TUI_ON(SESSION), TUI_KEY_TAB, TUI_ACTION_NEXT_SECTION, false },
	{ TUI_ON(LIBRARY), TUI_KEY_ENTER, TUI_ACTION_EXERCISE_CHOOSE, true },
	/* progress */
	{ TUI_ON(COUPLES) | TUI_ON(COUPLE), 'x', TUI_ACTION_REPORT, true },
	{ TUI_ON(COUPLES) | TUI_ON(COUPLE), 'X', TUI_ACTION_SUMMARY, true },
	{ TUI_ON(COUPLES) | TUI_ON(COUPLE), 'E', TUI_ACTION_RECORD, false },
	/* records bind their keys here */

	/* every screen */
	{ TUI_ON_EVERY, '?', TUI_ACTION_HELP, true },
	{ TUI_ON_EVERY, TUI_KEY_F1, TUI_ACTION_HELP, false },
	{ TUI_ON_EVERY, 'q', TUI_ACTION_BACK, true },
	{ TUI_ON_EVERY, TUI_KEY_ESC, TUI_ACTION_BACK, false },
	{ TUI_ON_EVERY, 'Q', TUI_ACTION_QUIT, false },
	{ TUI_ON_EVERY, 'r', TUI_ACTION_REFRESH, false },
	{ TUI_ON_EVERY, TUI_CTRL('l'), TUI_ACTION_REFRESH, false },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *label, *help;
} action_text[] = {
	[TUI_ACTION_NONE] = { "", "" },
#define TUI_ACTION_TEXT(name, label, help) [TUI_ACTION_##name] = { label, help },
	TUI_ACTIONS(TUI_ACTION_TEXT)
#undef TUI_ACTION_TEXT
};

const char *tui_action_label(enum tui_action action)
{
	return action > TUI_ACTION_NONE && action < TUI_ACTION_COUNT ? action_text[action].label : "";
}

const char *tui_action_help(enum tui_action action)
{
	return action > TUI_ACTION_NONE && action < TUI_ACTION_COUNT ? action_text[action].help : "";
}

const struct tui_binding *keymap_table(size_t *count)
{
	*count = COUNT(bindings);
	return bindings;
}

static bool screen_types(enum tui_screen_id screen)
{
	const struct tui_screen_ops *ops = tui_screen_ops(screen);
	return ops != NULL && (ops->flags & TUI_SCREEN_TYPING);
}

/* Whether binding b applies on screen, and as one of the screen's own. */
static bool applies(const struct tui_binding *b, enum tui_screen_id screen, bool own)
{
	if (own)
		return b->screens != TUI_ON_EVERY && (b->screens & (1u << screen));
	if (b->screens != TUI_ON_EVERY)
		return false;
	return !(screen_types(screen) && key_is_text(b->key));
}

enum tui_action keymap_lookup(enum tui_screen_id screen, int key)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < COUNT(bindings); i++)
			if (bindings[i].key == key && applies(&bindings[i], screen, pass == 0))
				return bindings[i].action;
	return TUI_ACTION_NONE;
}

void keymap_key_for(enum tui_screen_id screen, enum tui_action action, char *out,
	size_t size)
{
	if (size)
		out[0] = '\0';
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < COUNT(bindings); i++)
			if (bindings[i].action == action && applies(&bindings[i], screen, pass == 0) &&
				keymap_lookup(screen, bindings[i].key) == action) {
				key_display(bindings[i].key, out, size);
				return;
			}
}

void tui_hint(struct strbuf *out, const char *key, const char *label)
{
	strbuf_adds(out, key);
	strbuf_addc(out, '\t');
	strbuf_adds(out, label);
	strbuf_addc(out, '\n');
}

/* True when an earlier binding already gave this action a hint. */
static bool hinted_before(size_t upto, enum tui_screen_id screen, enum tui_action action)
{
	for (size_t j = 0; j < upto; j++)
		if (bindings[j].hint && bindings[j].action == action &&
			(applies(&bindings[j], screen, true) || applies(&bindings[j], screen, false)))
			return true;
	return false;
}

/* True when out already hints key: the focused part of a screen (a
 * section) hinted it first with its own meaning there, which is what the
 * key does now, so the screen's general meaning must not follow it. */
static bool key_hinted(const struct strbuf *out, const char *key)
{
	size_t n = strlen(key);
	for (size_t at = 0; at + n < out->len;) {
		if (memcmp(out->data + at, key, n) == 0 && out->data[at + n] == '\t')
			return true;
		const char *nl = memchr(out->data + at, '\n', out->len - at);
		if (nl == NULL)
			break;
		at = (size_t)(nl - out->data) + 1;
	}
	return false;
}

void keymap_hints(enum tui_screen_id screen, bool root, struct strbuf *out)
{
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) /* an empty line: the status line puts what follows at the right */
			strbuf_addc(out, '\n');
		for (size_t i = 0; i < COUNT(bindings); i++) {
			const struct tui_binding *b = &bindings[i];
			if (!b->hint || !applies(b, screen, pass == 0) ||
				keymap_lookup(screen, b->key) != b->action || hinted_before(i, screen, b->action))
				continue;
			char key[32];
			key_display(b->key, key, sizeof key);
			if (key_hinted(out, key))
				continue;
			const char *label = tui_action_label(b->action);
			if (b->action == TUI_ACTION_BACK && root)
				label = "quit";
			tui_hint(out, key, label);
		}
	}
}

/* Writes keys for people, a run of digits as "0-9". */
static void format_keys(const int *keys, int n, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n && len < size; i++) {
		char name[32];
		int j = i;
		while (keys[i] >= '0' && keys[i] <= '9' && j + 1 < n && keys[j + 1] == keys[j] + 1 &&
			keys[j + 1] <= '9')
			j++;
		if (j > i + 1) {
			snprintf(name, sizeof name, "%c-%c", keys[i], keys[j]);
			i = j;
		} else {
			key_display(keys[i], name, sizeof name);
		}
		int w = snprintf(out + len, size - len, "%s%s", len ? " " : "", name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

size_t keymap_help(enum tui_screen_id screen, struct keymap_help_line *out, size_t max)
{
	struct {
		int keys[16];
		int n;
	} found[TUI_ACTION_COUNT];
	size_t count = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < COUNT(bindings); i++) {
			const struct tui_binding *b = &bindings[i];
			if (!applies(b, screen, pass == 0) || keymap_lookup(screen, b->key) != b->action)
				continue;
			size_t k = 0;
			while (k < count && out[k].action != b->action)
				k++;
			if (k == count) {
				if (count == max || count == TUI_ACTION_COUNT)
					continue;
				memset(&out[k], 0, sizeof out[k]);
				out[k].action = b->action;
				out[k].everywhere = pass == 1;
				found[k].n = 0;
				count++;
			}
			if (found[k].n < 16)
				found[k].keys[found[k].n++] = b->key;
		}
	}
	for (size_t k = 0; k < count; k++)
		format_keys(found[k].keys, found[k].n, out[k].keys, sizeof out[k].keys);
	return count;
}
