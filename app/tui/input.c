/* input.c: keys from the terminal or from a key script. */
#include "app/tui/input.h"

#include <curses.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/fileio.h"
#include "app/tui/keys.h"

struct script_step {
	int key;      /* or -1 for a dump */
	char *path;   /* a dump's file */
};

struct tui_input {
	struct script_step *steps;
	size_t len, next;
	bool scripted;
};

static void input_free(struct tui_input *in)
{
	if (in == NULL)
		return;
	for (size_t i = 0; i < in->len; i++)
		free(in->steps[i].path);
	free(in->steps);
	free(in);
}

static bool add_step(struct tui_input *in, size_t *cap, int key, char *path)
{
	if (in->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct script_step *p = realloc(in->steps, ncap * sizeof *p);
		if (p == NULL)
			return false;
		in->steps = p;
		*cap = ncap;
	}
	in->steps[in->len++] = (struct script_step){ key, path };
	return true;
}

/* Turns the script text into steps; on a bad line fills st. */
static enum dyad_error parse_script(struct tui_input *in, const char *text,
	const char *path, struct dyad_status *st)
{
	size_t cap = 0;
	int lineno = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		lineno++;
		char *line = malloc(n + 1);
		if (line == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, "key script: out of memory");
		memcpy(line, p, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		enum dyad_error rc = DYAD_OK;
		if (strncmp(line, ":dump ", 6) == 0 && line[6] != '\0') {
			char *dump = strdup(line + 6);
			if (dump == NULL || !add_step(in, &cap, -1, dump)) {
				free(dump);
				rc = dyad_fail(st, DYAD_ERR_NOMEM, "key script: out of memory");
			}
		} else if (line[0] == ':') {
			rc = dyad_fail(st, DYAD_ERR_INVALID,
				"key script: %.200s line %d: the only command is ':dump FILE'", path, lineno);
		} else if (line[0] != '#') {
			const char *k = line;
			while (*k && rc == DYAD_OK) {
				int key = key_script_parse(&k);
				if (key < 0)
					rc = dyad_fail(st, DYAD_ERR_INVALID,
						"key script: %.200s line %d: no key is written '%.20s'", path, lineno, k);
				else if (!add_step(in, &cap, key, NULL))
					rc = dyad_fail(st, DYAD_ERR_NOMEM, "key script: out of memory");
			}
		}
		free(line);
		if (rc != DYAD_OK)
			return rc;
		p = eol ? eol + 1 : p + n;
	}
	return DYAD_OK;
}

enum dyad_error tui_input_open(const char *script_path, struct tui_input **out,
	struct dyad_status *st)
{
	*out = NULL;
	struct tui_input *in = calloc(1, sizeof *in);
	if (in == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, "input: out of memory");
	if (script_path != NULL) {
		in->scripted = true;
		size_t len;
		char *text = fileio_read_path(script_path, 1u << 20, &len, "key script", st);
		if (text == NULL) {
			input_free(in);
			return st->code;
		}
		enum dyad_error rc = parse_script(in, text, script_path, st);
		free(text);
		if (rc != DYAD_OK) {
			input_free(in);
			return rc;
		}
	}
	*out = in;
	return DYAD_OK;
}

int tui_input_scripted(const struct tui_input *in)
{
	return in->scripted;
}

/* dyad's code for a curses function key; 0 for one dyad has no use for. */
static int from_curses(int code)
{
	switch (code) {
	case KEY_UP: return TUI_KEY_UP;
	case KEY_DOWN: return TUI_KEY_DOWN;
	case KEY_LEFT: return TUI_KEY_LEFT;
	case KEY_RIGHT: return TUI_KEY_RIGHT;
	case KEY_PPAGE: return TUI_KEY_PAGE_UP;
	case KEY_NPAGE: return TUI_KEY_PAGE_DOWN;
	case KEY_HOME: return TUI_KEY_HOME;
	case KEY_END: return TUI_KEY_END;
	case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
	case KEY_DC: return TUI_KEY_DELETE;
	case KEY_BTAB: return TUI_KEY_BACKTAB;
	case KEY_ENTER: return TUI_KEY_ENTER;
	case KEY_RESIZE: return TUI_KEY_RESIZE;
	default:
		if (code >= KEY_F(1) && code <= KEY_F(12))
			return TUI_KEY_F1 + (code - KEY_F(1));
		return 0;
	}
}

struct tui_event tui_input_next(struct tui_input *in, int timeout_ms)
{
	struct tui_event ev = { TUI_EVENT_END, 0, NULL };
	if (in->scripted) {
		if (in->next >= in->len)
			return ev;
		struct script_step *s = &in->steps[in->next++];
		if (s->key < 0) {
			ev.kind = TUI_EVENT_DUMP;
			ev.path = s->path;
		} else {
			ev.kind = TUI_EVENT_KEY;
			ev.key = s->key;
		}
		return ev;
	}
	timeout(timeout_ms);
	for (;;) {
		wint_t wch;
		errno = 0;
		int rc = get_wch(&wch);
		if (rc == ERR) {
			if (errno == EINTR)
				ev.kind = TUI_EVENT_SIGNAL;
			else if (timeout_ms >= 0)
				ev.kind = TUI_EVENT_TIMEOUT;
			return ev; /* otherwise the terminal is gone: END */
		}
		int key;
		if (rc == KEY_CODE_YES) {
			key = from_curses((int)wch);
			if (key == 0)
				continue;
		} else if (wch == '\r') {
			key = TUI_KEY_ENTER;
		} else if (wch == 127 || wch == 8) {
			key = TUI_KEY_BACKSPACE;
		} else {
			key = (int)wch;
		}
		ev.kind = TUI_EVENT_KEY;
		ev.key = key;
		return ev;
	}
}

void tui_input_close(struct tui_input *in)
{
	input_free(in);
}
