/* test_tui.c: the interface's parts that need no terminal: safe text,
 * widths, cutting and wrapping, folding, key names and scripts, one-line
 * editing, and the key table's promises. */
#include "tests/unit/check.h"

#include <locale.h>

#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/lineedit.h"
#include "app/tui/screen.h"
#include "app/tui/text.h"

static char *safe(const char *s, int flags)
{
	struct strbuf sb = STRBUF_INIT;
	text_safe(&sb, s, strlen(s), flags);
	return strbuf_detach(&sb);
}

static void stored_escape_sequences_become_visible_text(void)
{
	char *a = safe("Evil\x1b[2J", 0);
	CHECK_STR(a, "Evil\\x1b[2J");
	char *b = safe("T\x1b]0;owned\x07", 0);
	CHECK_STR(b, "T\\x1b]0;owned\\x07");
	char *c = safe("ab\xe2\x80\xae" "cd", 0); /* U+202E */
	CHECK_STR(c, "ab\\u202ecd");
	char *d = safe("x\xc2\x9b" "y", 0); /* C1 CSI */
	CHECK_STR(d, "x\\u009by");
	char *e = safe("bad\xff", 0);
	CHECK_STR(e, "bad\\xff");
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
}

static void line_breaks_are_kept_or_flattened_as_asked(void)
{
	char *a = safe("one\r\ntwo\tthree", TEXT_MULTILINE);
	CHECK_STR(a, "one\ntwo    three");
	char *b = safe("one\ntwo\tthree", TEXT_FLATTEN);
	CHECK_STR(b, "one two three");
	char *c = safe("one\ntwo", 0);
	CHECK_STR(c, "one\\x0atwo");
	free(a);
	free(b);
	free(c);
}

static void wide_characters_take_two_columns(void)
{
	CHECK(text_width("山田 花子") == 9);
	CHECK(text_width("Zoë Åström-Núñez") == 16);
	int used;
	/* Five columns hold "山田" and the space, never half of "花". */
	size_t fit = text_fit("山田 花子", 6, &used);
	CHECK(fit == strlen("山田 "));
	CHECK(used == 5);
}

static void truncation_cuts_by_width_and_marks_the_cut(void)
{
	struct strbuf sb = STRBUF_INIT;
	int w = text_truncate(&sb, "山田 花子", 6);
	CHECK_STR(strbuf_str(&sb), "山田 …");
	CHECK(w == 6);
	strbuf_reset(&sb);
	w = text_truncate(&sb, "Okafor", 6);
	CHECK_STR(strbuf_str(&sb), "Okafor");
	CHECK(w == 6);
	strbuf_reset(&sb);
	w = text_truncate(&sb, "\x1b[2J", 3);
	CHECK_STR(strbuf_str(&sb), "\\x…");
	strbuf_release(&sb);
}

static void wrapping_breaks_at_spaces_and_inside_long_words(void)
{
	const char *text = "the quick brown fox\n\njumps";
	struct text_lines lines = { 0 };
	CHECK(text_wrap(text, 10, &lines));
	CHECK(lines.len == 4);
	if (lines.len == 4) {
		CHECK(lines.items[0].len == 9); /* "the quick" */
		CHECK(strncmp(text + lines.items[1].start, "brown fox", lines.items[1].len) == 0);
		CHECK(lines.items[2].len == 0);  /* the blank line stays */
		CHECK(strncmp(text + lines.items[3].start, "jumps", 5) == 0);
	}
	text_lines_free(&lines);
	CHECK(text_wrap("abcdefghij", 4, &lines));
	CHECK(lines.len == 3);
	CHECK(lines.len == 3 && lines.items[2].len == 2);
	text_lines_free(&lines);
	/* Wide characters wrap by columns: four columns hold two of them. */
	CHECK(text_wrap("山田花子", 4, &lines));
	CHECK(lines.len == 2 && lines.items[0].width == 4 && lines.items[0].len == 6);
	text_lines_free(&lines);
}

static void folding_ignores_case_and_accents(void)
{
	struct strbuf sb = STRBUF_INIT;
	text_fold(&sb, "Zoë Åström-Núñez & Łukasz Wróbel");
	CHECK_STR(strbuf_str(&sb), "zoe astrom-nunez & lukasz wrobel");
	strbuf_reset(&sb);
	text_fold(&sb, "山田 花子");
	CHECK_STR(strbuf_str(&sb), "山田 花子");
	strbuf_release(&sb);
}

static void key_scripts_name_every_special_key(void)
{
	const char *s = "a<Enter><Esc><C-l><F1><lt>é<PgDn>";
	int want[] = { 'a', TUI_KEY_ENTER, TUI_KEY_ESC, TUI_CTRL('l'), TUI_KEY_F1, '<', 0xE9,
		TUI_KEY_PAGE_DOWN };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		CHECK(key_script_parse(&s) == want[i]);
	CHECK(*s == '\0');
	const char *bad = "<Nope>";
	CHECK(key_script_parse(&bad) == -1);
	CHECK(bad[0] == '<');
}

static void keys_are_named_for_people(void)
{
	char name[32];
	key_display(TUI_KEY_ENTER, name, sizeof name);
	CHECK_STR(name, "Enter");
	key_display(TUI_CTRL('l'), name, sizeof name);
	CHECK_STR(name, "Ctrl-L");
	key_display(TUI_KEY_UP, name, sizeof name);
	CHECK_STR(name, "↑");
	key_display(0x141, name, sizeof name); /* Ł is a letter, not a curses key */
	CHECK_STR(name, "Ł");
	CHECK(key_is_text(0x141));
	CHECK(!key_is_text(0x202E));
	CHECK(!key_is_text(TUI_KEY_LEFT));
}

static void line_editing_works_by_character(void)
{
	struct lineedit le;
	lineedit_init(&le, "Zo", 100);
	bool changed;
	CHECK(lineedit_key(&le, 0xEB, &changed) && changed); /* ë */
	CHECK_STR(lineedit_text(&le), "Zoë");
	CHECK(lineedit_key(&le, TUI_KEY_LEFT, &changed) && !changed);
	CHECK(lineedit_key(&le, TUI_KEY_BACKSPACE, &changed) && changed);
	CHECK_STR(lineedit_text(&le), "Zë");
	CHECK(lineedit_key(&le, TUI_KEY_END, NULL));
	CHECK(lineedit_key(&le, TUI_KEY_BACKSPACE, NULL));
	CHECK_STR(lineedit_text(&le), "Z");
	CHECK(!lineedit_key(&le, TUI_KEY_UP, NULL));
	CHECK(!lineedit_key(&le, 0x202E, &changed)); /* a bidi override is never typed in */
	CHECK_STR(lineedit_text(&le), "Z");
	lineedit_key(&le, TUI_CTRL('u'), NULL);
	CHECK_STR(lineedit_text(&le), "");
	lineedit_free(&le);
}

static void no_key_means_two_things_on_one_screen(void)
{
	size_t n;
	const struct tui_binding *b = keymap_table(&n);
	int twice = 0;
	CHECK(n > 0);
	for (int screen = 1; screen < TUI_SCREEN_COUNT; screen++) {
		for (size_t i = 0; i < n; i++) {
			if (b[i].screens == TUI_ON_EVERY || !(b[i].screens & (1u << screen)))
				continue;
			for (size_t j = i + 1; j < n; j++)
				if (b[j].key == b[i].key && b[j].screens != TUI_ON_EVERY &&
					(b[j].screens & (1u << screen))) {
					printf("# key %d bound twice on screen %d\n", b[i].key, screen);
					twice++;
				}
		}
	}
	CHECK(twice == 0);
}

static void every_screen_has_help_and_a_way_back(void)
{
	for (int screen = 1; screen < TUI_SCREEN_COUNT; screen++) {
		CHECK(keymap_lookup((enum tui_screen_id)screen, TUI_KEY_F1) == TUI_ACTION_HELP);
		enum tui_action esc = keymap_lookup((enum tui_screen_id)screen, TUI_KEY_ESC);
		CHECK(esc == TUI_ACTION_BACK || esc == TUI_ACTION_CANCEL);
		CHECK(keymap_lookup((enum tui_screen_id)screen, 'Q') == TUI_ACTION_QUIT ||
			(tui_screen_ops((enum tui_screen_id)screen)->flags & TUI_SCREEN_TYPING));
	}
	/* On a screen where letters are typed, q is text, not "back". */
	CHECK(keymap_lookup(TUI_SCREEN_SEARCH, 'q') == TUI_ACTION_NONE);
	CHECK(keymap_lookup(TUI_SCREEN_COUPLES, 'q') == TUI_ACTION_BACK);
}

static void help_lines_come_from_the_bindings(void)
{
	struct keymap_help_line lines[64];
	size_t n = keymap_help(TUI_SCREEN_SESSION, lines, 64);
	bool typed = false, help = false;
	for (size_t i = 0; i < n; i++) {
		if (lines[i].action == TUI_ACTION_RATE_TYPE) {
			CHECK_STR(lines[i].keys, "0-9 Enter");
			CHECK(!lines[i].everywhere);
			typed = true;
		}
		if (lines[i].action == TUI_ACTION_HELP) {
			CHECK_STR(lines[i].keys, "? F1");
			CHECK(lines[i].everywhere);
			help = true;
		}
		CHECK(tui_action_help(lines[i].action)[0] != '\0');
	}
	CHECK(typed && help);
	struct strbuf hints = STRBUF_INIT;
	keymap_hints(TUI_SCREEN_COUPLES, true, &hints);
	CHECK(strstr(strbuf_str(&hints), "/\tfilter\n") != NULL);
	CHECK(strstr(strbuf_str(&hints), "q\tquit\n") != NULL); /* the first screen's back is quit */
	strbuf_release(&hints);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(stored_escape_sequences_become_visible_text);
	RUN(line_breaks_are_kept_or_flattened_as_asked);
	RUN(wide_characters_take_two_columns);
	RUN(truncation_cuts_by_width_and_marks_the_cut);
	RUN(wrapping_breaks_at_spaces_and_inside_long_words);
	RUN(folding_ignores_case_and_accents);
	RUN(key_scripts_name_every_special_key);
	RUN(keys_are_named_for_people);
	RUN(line_editing_works_by_character);
	RUN(no_key_means_two_things_on_one_screen);
	RUN(every_screen_has_help_and_a_way_back);
	RUN(help_lines_come_from_the_bindings);
	return check_any_failed;
}
