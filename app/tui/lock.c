/* lock.c: the lock screen, pushed after a while without a key. It conceals
 * every screen below it (the title too), and comes off with Enter, or with
 * the passphrase when the database is encrypted. What is typed is never
 * shown, not even as dots, and is wiped as soon as it has been checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/passphrase.h"
#include "app/core/secure.h"
#include "app/core/utf8.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/safeguards.h"
#include "app/tui/screen.h"

struct lock {
	char typed[PASSPHRASE_MAX + 1];
	size_t len;
	bool encrypted;
	int failures;
};

static void *lock_create(struct tui *tui, const struct tui_target *target)
{
	(void)target;
	struct lock *l = calloc(1, sizeof *l);
	if (l != NULL)
		l->encrypted = store_is_encrypted(tui->store);
	return l;
}

static void lock_destroy(void *self)
{
	if (self == NULL)
		return;
	secure_zero(self, sizeof(struct lock));
	free(self);
}

static void forget_typed(struct lock *l)
{
	secure_zero(l->typed, sizeof l->typed);
	l->len = 0;
}

static void lock_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct lock *l = self;
	int width = area.width - 4 < 64 ? area.width - 4 : 64;
	int height = 10 < area.height ? 10 : area.height;
	struct tui_area box = { area.top + (area.height - height) / 2,
		area.left + (area.width - width) / 2, height, width };
	draw_box(box, "Locked");
	int x = box.left + 3, w = box.width - 6, y = box.top + 2;
	char line[120];
	double minutes = tui_lock_minutes();
	if (minutes >= 1.0)
		snprintf(line, sizeof line, "dyad locked itself after %.0f minute%s without a key,",
			minutes, minutes >= 1.5 || minutes < 0.5 ? "s" : "");
	else
		snprintf(line, sizeof line, "dyad locked itself after a while without a key,");
	draw_text(y++, x, line, w, A_NORMAL);
	draw_text(y++, x, "so no client's details are on the screen.", w, A_NORMAL);
	y++;
	if (l->encrypted) {
		draw_text(y++, x, "Type the database's passphrase and press Enter.", w,
			draw_attr(TUI_ROLE_HEADING));
		draw_text(y++, x, l->len ? "(what you type is not shown)" : "", w,
			draw_attr(TUI_ROLE_MUTED));
	} else {
		draw_text(y++, x, "Press Enter to carry on.", w, draw_attr(TUI_ROLE_HEADING));
	}
	if (l->failures > 0 && y < box.top + box.height - 1) {
		if (l->failures == 1)
			snprintf(line, sizeof line, "That passphrase does not open this database.");
		else
			snprintf(line, sizeof line, "Still not the passphrase (%d tries).", l->failures);
		draw_text(y, x, line, w, draw_attr(TUI_ROLE_ERROR));
	}
}

static unsigned lock_key(struct tui *tui, void *self, int key)
{
	struct lock *l = self;
	if (key == TUI_KEY_ENTER || key == '\r') {
		bool ok = !l->encrypted || store_key_matches(tui->store, l->typed, l->len);
		forget_typed(l);
		if (!ok) {
			l->failures++;
			return TUI_REDRAW;
		}
		tui_back(tui);
		return TUI_REDRAW;
	}
	if (!l->encrypted)
		return TUI_NOTHING;
	if (key == TUI_KEY_BACKSPACE || key == 127 || key == 8) {
		/* Remove the last character, not just its last byte. */
		while (l->len > 0 && ((unsigned char)l->typed[l->len - 1] & 0xC0) == 0x80)
			l->typed[--l->len] = '\0';
		if (l->len > 0)
			l->typed[--l->len] = '\0';
		return TUI_REDRAW;
	}
	if (key == TUI_KEY_ESC || key == TUI_CTRL('u')) {
		forget_typed(l);
		return TUI_REDRAW;
	}
	if (key >= 0 && key < TUI_KEY_BASE && key_is_text(key)) {
		char buf[4];
		size_t n = utf8_encode((uint32_t)key, buf);
		if (l->len + n <= PASSPHRASE_MAX) {
			memcpy(l->typed + l->len, buf, n);
			l->len += n;
		}
		secure_zero(buf, sizeof buf);
		return TUI_REDRAW;
	}
	return TUI_NOTHING; /* every other key stays here: nothing below may act */
}

static void lock_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Locked");
}

static void lock_hints(struct tui *tui, void *self, struct strbuf *out)
{
	(void)tui;
	struct lock *l = self;
	tui_hint(out, "Enter", "unlock");
	if (l->encrypted)
		tui_hint(out, "Esc", "start again");
	strbuf_addc(out, '\n'); /* what follows goes to the right */
	tui_hint(out, "Ctrl-C", "leave dyad");
}

const struct tui_screen_ops tui_lock_ops = {
	.id = TUI_SCREEN_LOCK,
	.name = "Locked",
	.flags = TUI_SCREEN_CONCEAL | TUI_SCREEN_TYPING,
	.create = lock_create,
	.draw = lock_draw,
	.key = lock_key,
	.title = lock_title,
	.hints = lock_hints,
	.destroy = lock_destroy,
};
