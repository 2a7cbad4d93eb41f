/* form.c: the form dialog screen. */
#include "app/tui/form.h"

#include <stdlib.h>
#include <string.h>

#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/lineedit.h"
#include "app/tui/text.h"

struct form {
	const char *title, *intro;
	struct tui_form_field fields[TUI_FORM_FIELDS_MAX];
	struct lineedit text[TUI_FORM_FIELDS_MAX];
	int choice[TUI_FORM_FIELDS_MAX];
	size_t nfields;
	int focus;
	struct tui_target target;
	tui_form_submit submit;
};

static size_t count_choices(const char *const *choices)
{
	size_t n = 0;
	while (choices && choices[n])
		n++;
	return n;
}

void tui_form_open(struct tui *tui, const struct tui_form_spec *spec)
{
	struct form *f = calloc(1, sizeof *f);
	if (f != NULL) {
		f->title = spec->title;
		f->intro = spec->intro;
		f->nfields = spec->nfields < TUI_FORM_FIELDS_MAX ? spec->nfields : TUI_FORM_FIELDS_MAX;
		f->target = spec->target;
		f->submit = spec->submit;
		for (size_t i = 0; i < f->nfields; i++) {
			f->fields[i] = spec->fields[i];
			const char *v = spec->fields[i].value;
			lineedit_init(&f->text[i], spec->fields[i].choices ? NULL : v, 4096);
			for (size_t c = 0; v && c < count_choices(spec->fields[i].choices); c++)
				if (strcmp(spec->fields[i].choices[c], v) == 0)
					f->choice[i] = (int)c;
			f->fields[i].value = NULL; /* only the copies above are kept */
		}
	}
	tui_push(tui, &tui_form_ops, f);
}

static void form_destroy(void *self)
{
	struct form *f = self;
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nfields; i++)
		lineedit_free(&f->text[i]);
	free(f);
}

static const char *field_value(const struct form *f, size_t i)
{
	if (f->fields[i].choices)
		return f->fields[i].choices[f->choice[i]];
	return lineedit_text(&f->text[i]);
}

static void form_draw(struct tui *tui, void *self, struct tui_area area)
{
	struct form *f = self;
	int label_w = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		struct strbuf l = STRBUF_INIT;
		text_safe(&l, f->fields[i].label, strlen(f->fields[i].label), TEXT_FLATTEN);
		int w = text_width(strbuf_str(&l));
		strbuf_release(&l);
		if (w > label_w)
			label_w = w;
	}
	int width = area.width - 4 < 66 ? area.width - 4 : 66;
	int rows_needed = 2 + 1 + (int)f->nfields + 1 + 2;
	bool intro = f->intro && rows_needed + 2 <= area.height;
	int height = rows_needed + (intro ? 2 : 0);
	if (height > area.height)
		height = area.height;
	struct tui_area box = { area.top + (area.height - height) / 2, area.left + (area.width - width) / 2,
		height, width };
	draw_box(box, f->title);
	int y = box.top + 2, x = box.left + 2, inner = box.width - 4;
	if (intro) {
		draw_text(y, x, f->intro, inner, draw_attr(TUI_ROLE_MUTED));
		y += 2;
	}
	int field_x = x + label_w + 2, field_w = inner - label_w - 2;
	for (size_t i = 0; i < f->nfields && y < box.top + box.height - 1; i++, y++) {
		bool focused = (int)i == f->focus;
		draw_text(y, x, f->fields[i].label, label_w, focused ? draw_attr(TUI_ROLE_HEADING) : A_NORMAL);
		attr_t attr = focused ? draw_attr(TUI_ROLE_SELECTED) : draw_attr(TUI_ROLE_FIELD);
		if (f->fields[i].choices) {
			struct strbuf c = STRBUF_INIT;
			strbuf_adds(&c, focused ? "‹ " : "  ");
			strbuf_adds(&c, field_value(f, i));
			strbuf_adds(&c, focused ? " ›" : "  ");
			draw_cell(y, field_x, strbuf_str(&c), field_w < 24 ? field_w : 24, attr, TUI_ALIGN_LEFT);
			strbuf_release(&c);
		} else {
			int cx = lineedit_draw(&f->text[i], y, field_x, field_w, attr);
			if (focused)
				tui_cursor(tui, y, cx);
		}
	}
	const char *hint = f->nfields ? f->fields[f->focus].hint : NULL;
	if (hint && y + 1 < box.top + box.height - 1)
		draw_text(y + 1, x, hint, inner, draw_attr(TUI_ROLE_MUTED));
}

static unsigned form_key(struct tui *tui, void *self, int key)
{
	(void)tui;
	struct form *f = self;
	if (f->nfields == 0)
		return TUI_UNHANDLED;
	int i = f->focus;
	if (f->fields[i].choices) {
		size_t n = count_choices(f->fields[i].choices);
		if (key == ' ') {
			f->choice[i] = (f->choice[i] + 1) % (int)n;
			return TUI_REDRAW;
		}
		if (key_is_text(key) && key < 0x80) {
			/* A letter picks the next choice that starts with it. */
			int lower = key >= 'A' && key <= 'Z' ? key + 32 : key;
			for (size_t step = 1; step <= n; step++) {
				size_t c = ((size_t)f->choice[i] + step) % n;
				if (f->fields[i].choices[c][0] == lower) {
					f->choice[i] = (int)c;
					break;
				}
			}
			return TUI_REDRAW;
		}
		return key_is_text(key) ? TUI_NOTHING : TUI_UNHANDLED;
	}
	return lineedit_key(&f->text[i], key, NULL) ? TUI_REDRAW : TUI_UNHANDLED;
}

/* The field a refusal names ("minutes: ..."), or -1. */
static int field_named(const struct form *f, const char *message)
{
	for (size_t i = 0; i < f->nfields; i++) {
		size_t n = strlen(f->fields[i].key);
		if (strncmp(message, f->fields[i].key, n) == 0 && message[n] == ':')
			return (int)i;
	}
	return -1;
}

static unsigned form_save(struct tui *tui, struct form *f)
{
	const char *values[TUI_FORM_FIELDS_MAX];
	for (size_t i = 0; i < f->nfields; i++)
		values[i] = field_value(f, i);
	struct dyad_status st = { 0 };
	int mark = tui_pending_mark(tui);
	tui_back(tui);
	if (f->submit(tui, &f->target, values, &st) != DYAD_OK) {
		tui_pending_truncate(tui, mark);
		tui_message_status(tui, &st);
		int named = field_named(f, dyad_status_message(&st));
		if (named >= 0)
			f->focus = named;
	}
	return TUI_REDRAW;
}

static unsigned form_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct form *f = self;
	int n = (int)f->nfields;
	switch (action) {
	case TUI_ACTION_SAVE:
		return form_save(tui, f);
	case TUI_ACTION_NEXT_FIELD:
		f->focus = n ? (f->focus + 1) % n : 0;
		return TUI_REDRAW;
	case TUI_ACTION_PREV_FIELD:
		f->focus = n ? (f->focus + n - 1) % n : 0;
		return TUI_REDRAW;
	case TUI_ACTION_CHOICE_NEXT:
	case TUI_ACTION_CHOICE_PREV:
		if (n && f->fields[f->focus].choices) {
			int c = (int)count_choices(f->fields[f->focus].choices);
			int step = action == TUI_ACTION_CHOICE_NEXT ? 1 : c - 1;
			f->choice[f->focus] = (f->choice[f->focus] + step) % c;
		}
		return TUI_REDRAW;
	case TUI_ACTION_CANCEL:
		tui_back(tui);
		tui_message(tui, TUI_TONE_INFO, "Closed without saving.");
		return TUI_REDRAW;
	case TUI_ACTION_HELP:
	case TUI_ACTION_QUIT:
		return TUI_UNHANDLED;
	default:
		return TUI_NOTHING;
	}
}

static void form_title(void *self, struct strbuf *out)
{
	struct form *f = self;
	strbuf_adds(out, f->title);
}

static void form_hints(struct tui *tui, void *self, struct strbuf *out)
{
	(void)tui;
	struct form *f = self;
	tui_hint(out, "Enter", "save");
	tui_hint(out, "Tab", "next field");
	if (f->nfields && f->fields[f->focus].choices)
		tui_hint(out, "←→", "choose");
	strbuf_addc(out, '\n');
	tui_hint(out, "F1", "help");
	tui_hint(out, "Esc", "cancel");
}

const struct tui_screen_ops tui_form_ops = {
	.id = TUI_SCREEN_FORM,
	.name = "a form",
	.flags = TUI_SCREEN_OVERLAY | TUI_SCREEN_TYPING,
	.draw = form_draw,
	.key = form_key,
	.action = form_action,
	.title = form_title,
	.hints = form_hints,
	.destroy = form_destroy,
};
