/* test_core.c: UTF-8, sanitising, dates, numbers, JSON and search quoting. */
#include "check.h"

#include "core/date.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "domain/validate.h"
#include "store/search.h"

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

int main(void)
{
	RUN(utf8_rejects_malformed_sequences);
	RUN(sanitize_escapes_terminal_controls);
	RUN(dates_are_real_calendar_days);
	RUN(day_numbers_round_trip);
	RUN(numbers_are_parsed_strictly);
	RUN(json_strings_escape_everything_needed);
	RUN(search_queries_are_always_quoted);
	RUN(names_are_checked);
	return check_any_failed;
}
