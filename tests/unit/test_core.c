/* test_core.c: UTF-8, sanitising, dates, numbers, JSON and search quoting. */
#include "tests/unit/check.h"

#include <stdlib.h>

#include "app/core/date.h"
#include "app/core/json.h"
#include "app/core/strbuf.h"
#include "app/core/utf8.h"
#include "app/domain/validate.h"
#include "app/store/search.h"

static void utf8_rejects_malformed_sequences(void)
{
	CHECK(utf8_valid("Zoë Åström", strlen("Zoë Åström")));
	CHECK(utf8_valid("山田 花子", strlen("山田 花子")));
	CHECK(!utf8_valid("\xC3", 1));                 /* truncated */
	CHECK(!utf8_valid("\xC0\xAF", 2));             /* overlong '/' */
	CHECK(!utf8_valid("\xED\xA0\x80", 3));         /* surrogate */
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));     /* above U+10FFFF */
	CHECK(!utf8_valid("\xFF", 1));
}

static void sanitize_escapes_terminal_controls(void)
{
	struct strbuf sb = STRBUF_INIT;
	const char *evil = "A\x1b[2J\x1b]0;pwned\x07\xc2\x9b" "B\xe2\x80\xae" "C\xff";
	utf8_sanitize(&sb, evil, strlen(evil), 0);
	CHECK_STR(strbuf_str(&sb), "A\\x1b[2J\\x1b]0;pwned\\x07\\u009bB\\u202eC\\xff");
	CHECK(strchr(strbuf_str(&sb), 0x1b) == NULL);
	strbuf_reset(&sb);
	utf8_sanitize(&sb, "a\nb\tc", 5, UTF8_KEEP_NEWLINES);
	CHECK_STR(strbuf_str(&sb), "a\nb\\x09c");
	strbuf_release(&sb);
}

static void dates_are_real_calendar_days(void)
{
	struct dyad_date d;
	CHECK(date_parse("2028-02-29", &d) && d.year == 2028 && d.month == 2 && d.day == 29);
	CHECK(!date_parse("2026-02-30", &d));
	CHECK(!date_parse("2026-02-29", &d));
	CHECK(!date_parse("2100-02-29", &d));
	CHECK(date_parse("2000-02-29", &d));
	CHECK(!date_parse("2026-13-01", &d));
	CHECK(!date_parse("2026-1-01", &d));
	CHECK(!date_parse("2026-01-01x", &d));
	CHECK(!date_parse("", &d));
	struct dyad_datetime dt;
	bool has_time;
	CHECK(datetime_parse("2026-03-14T09:30", &dt, &has_time) && has_time && dt.hour == 9);
	CHECK(datetime_parse("2026-03-14 23:59", &dt, &has_time));
	CHECK(!datetime_parse("2026-03-14T24:00", &dt, &has_time));
	CHECK(!datetime_parse("2026-03-14T9:30", &dt, &has_time));
}

static void day_numbers_round_trip(void)
{
	struct dyad_date d = { 1970, 1, 1 };
	CHECK(date_to_days(d) == 0);
	for (int64_t day = -800; day < 80000; day += 37) {
		struct dyad_date back = date_from_days(day);
		CHECK(date_to_days(back) == day);
	}
	struct dyad_date leap = { 2028, 2, 29 };
	struct dyad_date next = date_from_days(date_to_days(leap) + 1);
	CHECK(next.month == 3 && next.day == 1);
}

static void numbers_are_parsed_strictly(void)
{
	long long v;
	double x;
	CHECK(parse_int("42", 0, 100, &v) && v == 42);
	CHECK(parse_int("-2", -2, 2, &v) && v == -2);
	CHECK(!parse_int("3", -2, 2, &v));
	CHECK(!parse_int(" 1", 0, 9, &v));
	CHECK(!parse_int("1e3", 0, 9999, &v));
	CHECK(!parse_int("0x10", 0, 99, &v));
	CHECK(!parse_int("", 0, 9, &v));
	CHECK(!parse_int("99999999999999999999", 0, 9, &v));
	CHECK(parse_number("13.5", &x) && x == 13.5);
	CHECK(!parse_number("nan", &x));
	CHECK(!parse_number("inf", &x));
	CHECK(!parse_number("1.2.3", &x));
}

static void json_strings_escape_everything_needed(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_string(&sb, "q\"b\\n\n\x01\xff" "é");
	CHECK_STR(strbuf_str(&sb), "\"q\\\"b\\\\n\\n\\u0001\\ufffdé\"");
	strbuf_release(&sb);
}

static void json_writer_places_commas_at_every_level(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &sb);
	json_writer_object_begin(&w);
	json_writer_key(&w, "id");
	json_writer_int(&w, 7);
	json_writer_key(&w, "none");
	json_writer_id(&w, 0);
	json_writer_key(&w, "list");
	json_writer_array_begin(&w);
	json_writer_int(&w, 1);
	json_writer_object_begin(&w);
	json_writer_key(&w, "ok");
	json_writer_bool(&w, true);
	json_writer_key(&w, "x");
	json_writer_number(&w, 0.5);
	json_writer_object_end(&w);
	json_writer_array_begin(&w);
	json_writer_array_end(&w);
	json_writer_object_begin(&w);
	json_writer_object_end(&w);
	json_writer_null(&w);
	json_writer_array_end(&w);
	json_writer_key(&w, "text");
	json_writer_string(&w, NULL);
	json_writer_object_end(&w);
	CHECK(!w.failed && w.depth == 0);
	CHECK_STR(strbuf_str(&sb),
		"{\"id\":7,\"none\":null,\"list\":[1,{\"ok\":true,\"x\":0.5},[],{},null],\"text\":null}");
	strbuf_release(&sb);
}

static void json_writer_escapes_keys_and_strings(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &sb);
	json_writer_array_begin(&w);
	json_writer_string(&w, "say \"hi\"\t\x01\x7f");
	json_writer_string(&w, "Zo\xc3\xab \xe2\x80\xa8 \xff");
	json_writer_object_begin(&w);
	json_writer_key(&w, "k\"\n");
	json_writer_string(&w, "");
	json_writer_object_end(&w);
	json_writer_array_end(&w);
	CHECK(!w.failed);
	CHECK_STR(strbuf_str(&sb), "[\"say \\\"hi\\\"\\t\\u0001\\u007f\","
		"\"Zo\xc3\xab \\u2028 \\ufffd\",{\"k\\\"\\n\":\"\"}]");
	strbuf_release(&sb);
}

static void json_writer_refuses_what_is_not_json(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &sb);
	json_writer_array_end(&w);
	CHECK(w.failed && sb.len == 0);
	json_writer_init(&w, &sb);
	json_writer_object_begin(&w);
	json_writer_key(&w, "a");
	json_writer_object_end(&w);
	CHECK(w.failed);
	strbuf_release(&sb);
	json_writer_init(&w, &sb);
	for (int i = 0; i < JSON_WRITER_DEPTH + 1; i++)
		json_writer_array_begin(&w);
	CHECK(w.failed && sb.len == JSON_WRITER_DEPTH);
	strbuf_release(&sb);
}

static void search_queries_are_always_quoted(void)
{
	bool empty;
	char *q = search_build_query("O'Brien self-soothing", false, &empty);
	CHECK_STR(q, "\"O'Brien\" \"self-soothing\"");
	free(q);
	q = search_build_query("say \"no\"", true, &empty);
	CHECK_STR(q, "\"say\" \"\"\"no\"\"\"*");
	free(q);
	q = search_build_query("flood ", true, &empty);
	CHECK_STR(q, "\"flood\"");
	free(q);
	q = search_build_query(" -- ** \"", false, &empty);
	CHECK(q == NULL && empty);
}

static void names_are_checked(void)
{
	struct dyad_status st = { 0 };
	CHECK(validate_name("name", "Zoë Åström-Núñez & Łukasz Wróbel", &st) == DYAD_OK);
	CHECK(validate_name("name", "", &st) == DYAD_ERR_INVALID);
	CHECK(validate_name("name", "   ", &st) == DYAD_ERR_INVALID);
	CHECK(validate_name("name", "a\x1b[2Jb", &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "name:") == st.message);
	CHECK(validate_name("name", "ab\xe2\x80\xae", &st) == DYAD_ERR_INVALID);
	CHECK(validate_name("name", "\xc3\x28", &st) == DYAD_ERR_INVALID);
	char long_name[1000];
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	CHECK(validate_name("name", long_name, &st) == DYAD_ERR_INVALID);
	long_name[200] = '\0';
	CHECK(validate_name("name", long_name, &st) == DYAD_OK);
	/* 200 characters of two bytes each are still 200 characters. */
	char wide[401];
	for (int i = 0; i < 200; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	wide[400] = '\0';
	CHECK(validate_name("name", wide, &st) == DYAD_OK);
	CHECK(validate_text("note", "line\n\tok\r\n", 10, 100, &st) == DYAD_OK);
	CHECK(validate_text("note", "a\0b", 3, 100, &st) == DYAD_ERR_INVALID);
	CHECK(validate_text("note", "x\n\x1b", 3, 100, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "line 2") != NULL);
}

/* Names in every script pass; names that show nothing, or that carry a
 * character able to reorder how they display, do not. */
static void names_need_a_visible_character_and_no_direction_controls(void)
{
	struct dyad_status st = { 0 };
	static const char *const fine[] = {
		"\xd9\x84\xd9\x8a\xd9\x84\xd9\x89 \xd8\xad\xd8\xb3\xd9\x86",   /* Arabic */
		"\xd7\x93\xd7\xa0\xd7\x94 \xd7\x9b\xd7\x94\xd7\x9f",           /* Hebrew */
		"\xe5\xb1\xb1\xe7\x94\xb0 \xe8\x8a\xb1\xe5\xad\x90",           /* CJK */
		"\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe", /* Devanagari */
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", /* emoji and ZWJ */
		"\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb1\xd9\x88\xd9\x85",       /* Persian with ZWNJ */
		"\xe2\x9d\xa4\xef\xb8\x8f",                                         /* heart and VS16 */
		"Jos\xc3\xa9 e\xcc\x81",                                              /* combining acute */
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		CHECK(validate_name("name", fine[i], &st) == DYAD_OK);
		if (st.code != DYAD_OK)
			fprintf(stderr, "# refused %zu: %s\n", i, st.message);
		st.code = DYAD_OK;
	}
	static const char *const invisible[] = {
		"\xe2\x80\x8b",                     /* zero-width space */
		"\xe2\x80\x8d\xe2\x80\x8c",         /* ZWJ, ZWNJ */
		"\xef\xbb\xbf",                     /* U+FEFF */
		"\xef\xb8\x8f\xef\xb8\x80",         /* variation selectors */
		"\xc2\xad",                         /* soft hyphen */
		"\xcc\x81\xcc\x88",                 /* combining marks alone */
		"\xe2\x81\xa0 \xe3\x80\x80",        /* word joiner and spaces */
		"\xe3\x85\xa4",                     /* Hangul filler */
		"\xf3\xa0\x80\x81",                 /* a tag character */
	};
	for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
		CHECK(validate_name("name", invisible[i], &st) == DYAD_ERR_INVALID);
		CHECK(strstr(st.message, "visible character") != NULL);
	}
	static const char *const direction[] = {
		"ab\xe2\x80\xaa", "ab\xe2\x80\xab", "ab\xe2\x80\xac", "ab\xe2\x80\xad",
		"ab\xe2\x80\xae", "ab\xe2\x81\xa6", "ab\xe2\x81\xa7", "ab\xe2\x81\xa8",
		"ab\xe2\x81\xa9", "ab\xe2\x80\x8e", "ab\xe2\x80\x8f", "ab\xd8\x9c",
	};
	for (size_t i = 0; i < sizeof direction / sizeof direction[0]; i++) {
		CHECK(validate_name("name", direction[i], &st) == DYAD_ERR_INVALID);
		CHECK(strstr(st.message, "text-direction control") != NULL);
	}
	CHECK(validate_pronouns("pronouns", "\xe2\x80\x8b", &st) == DYAD_ERR_INVALID);
	CHECK(validate_pronouns("pronouns", "she\xe2\x80\x8f", &st) == DYAD_ERR_INVALID);
	CHECK(utf8_is_invisible(0x200B) && utf8_is_invisible(0x0301) && utf8_is_invisible(0xE0101));
	CHECK(!utf8_is_invisible('a') && !utf8_is_invisible(0x05D0) && !utf8_is_invisible(0x0915) &&
		!utf8_is_invisible(0x1F468) && !utf8_is_invisible(0x0627));
}

/* Nesting is bounded without recursion: a hostile document deep enough
 * to exhaust a recursive parser's stack is one error line, and the depth
 * dyad's own documents use still reads. */
static void json_nesting_and_strings_are_bounded(void)
{
	size_t deep = 200000;
	char *s = malloc(2 * deep + 1);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	memset(s, '[', deep);
	memset(s + deep, ']', deep);
	s[2 * deep] = '\0';
	struct json_reader r;
	json_reader_init(&r, s, 2 * deep);
	CHECK(!json_skip_value(&r));
	CHECK(strstr(r.error, "nested more than 64 deep") != NULL);
	json_reader_free(&r);
	/* The same through accept/expect, as the importer reads. */
	json_reader_init(&r, s, 2 * deep);
	int opened = 0;
	while (json_accept(&r, '['))
		opened++;
	CHECK(opened == JSON_MAX_DEPTH && r.failed);
	json_reader_free(&r);
	/* Exactly the limit reads, objects and arrays mixed. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		strbuf_adds(&sb, i % 2 ? "[" : "{\"k\":");
	strbuf_adds(&sb, "1");
	for (int i = JSON_MAX_DEPTH - 1; i >= 0; i--)
		strbuf_adds(&sb, i % 2 ? "]" : "}");
	json_reader_init(&r, sb.data, sb.len);
	CHECK(json_skip_value(&r) && json_at_end(&r) && r.depth == 0);
	json_reader_free(&r);
	strbuf_release(&sb);
	free(s);

	const char *const fine[] = { "[]", "{}", "[[],{}]", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
		"[1, \"two\", 3.5, true, false, null]" };
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		json_reader_init(&r, fine[i], strlen(fine[i]));
		CHECK(json_skip_value(&r) && json_at_end(&r));
		json_reader_free(&r);
	}
	const char *const broken[] = { "[1,]", "{\"a\"}", "{\"a\":1,}", "[1 2]", "{1:2}", "]" };
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		json_reader_init(&r, broken[i], strlen(broken[i]));
		CHECK(!(json_skip_value(&r) && json_at_end(&r)));
		json_reader_free(&r);
	}

	const char text[] = "\"abcdefghij\"";
	json_reader_init(&r, text, strlen(text));
	r.max_string = 10;
	CHECK(json_read_string(&r));
	json_reader_free(&r);
	json_reader_init(&r, text, strlen(text));
	r.max_string = 9;
	CHECK(!json_read_string(&r));
	CHECK(strstr(r.error, "a string longer than 9 bytes") != NULL);
	json_reader_free(&r);
	/* Escapes count as what they decode to. */
	const char escaped[] = "\"\\u00e9\\u00e9\\u00e9\"";
	json_reader_init(&r, escaped, strlen(escaped));
	r.max_string = 5;
	CHECK(!json_read_string(&r));
	json_reader_free(&r);
}

static void the_clock_follows_dyad_today_for_the_record_only(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	struct dyad_datetime now = date_now();
	char text[21];
	datetime_format(&now, text);
	CHECK_STR(text, "2026-11-28T09:00");
	date_format(date_today(), text);
	CHECK_STR(text, "2026-11-28");
	date_now_utc_text(text);
	CHECK_STR(text, "2026-11-28T09:00:00Z");
	/* The wall clock ignores it: this test does not run in 2026-11-28's 09:00. */
	date_wall_utc_text(text);
	CHECK(strlen(text) == 20 && text[19] == 'Z' && strcmp(text, "2026-11-28T09:00:00Z") != 0);
	char stamp[32];
	date_wall_stamp(stamp, sizeof stamp);
	CHECK(strlen(stamp) == 15 && stamp[8] == '-');
	/* A value that is not a real date is ignored, as if unset. */
	setenv("DYAD_TODAY", "2026-02-30", 1);
	date_now_utc_text(text);
	CHECK(strcmp(text, "2026-02-30T09:00:00Z") != 0 && strlen(text) == 20);
	unsetenv("DYAD_TODAY");
	char small[4];
	CHECK(!date_local_format(0, "%Y-%m-%d", small, sizeof small));
	CHECK_STR(small, "");
	char day[16];
	CHECK(date_local_format(86400 * 365, "%Y", day, sizeof day));
	CHECK(strcmp(day, "1970") == 0 || strcmp(day, "1971") == 0);
}

int main(void)
{
	RUN(utf8_rejects_malformed_sequences);
	RUN(sanitize_escapes_terminal_controls);
	RUN(dates_are_real_calendar_days);
	RUN(day_numbers_round_trip);
	RUN(numbers_are_parsed_strictly);
	RUN(json_strings_escape_everything_needed);
	RUN(json_writer_places_commas_at_every_level);
	RUN(json_writer_escapes_keys_and_strings);
	RUN(json_writer_refuses_what_is_not_json);
	RUN(search_queries_are_always_quoted);
	RUN(names_are_checked);
	RUN(names_need_a_visible_character_and_no_direction_controls);
	RUN(json_nesting_and_strings_are_bounded);
	RUN(the_clock_follows_dyad_today_for_the_record_only);
	return check_any_failed;
}
