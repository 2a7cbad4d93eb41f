/* fuzz_dates.c: the strict parsers every date, time and number passes
 * through: date_parse, datetime_parse, parse_int and parse_number. What
 * they accept must print back as the same text and survive arithmetic.
 * The first byte picks parse_int's bounds; the rest is the text. */
#include <math.h>
#include <stdbool.h>

#include "app/core/date.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const long long bounds[][2] = {
	{ 1, INT64_MAX }, { 0, INT64_MAX }, { 1, 600 }, { -1000000, 1000000 },
	{ INT64_MIN, INT64_MAX }, { 0, 0 }, { -5, -3 }, { 1, 1000000 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const long long *b = bounds[data[0] % (sizeof bounds / sizeof bounds[0])];
	char *s = fuzz_cstring(data + 1, size - 1);
	size_t n = strlen(s);

	struct dyad_date d;
	if (date_parse(s, &d)) {
		char out[11];
		date_format(d, out);
		FUZZ_CHECK(strcmp(out, s) == 0);
		FUZZ_CHECK(d.year >= 1900 && d.year <= 2199);
		FUZZ_CHECK(d.day >= 1 && d.day <= date_days_in_month(d.year, d.month));
		struct dyad_date back = date_from_days(date_to_days(d));
		FUZZ_CHECK(back.year == d.year && back.month == d.month && back.day == d.day);
		struct dyad_date next = date_from_days(date_to_days(d) + 1);
		FUZZ_CHECK(date_to_days(next) == date_to_days(d) + 1);
	}

	struct dyad_datetime dt;
	bool has_time = true;
	if (datetime_parse(s, &dt, &has_time)) {
		char out[17];
		datetime_format(&dt, out);
		FUZZ_CHECK(dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 && dt.minute <= 59);
		if (has_time) {
			FUZZ_CHECK(n == 16 && strncmp(out, s, 10) == 0 && strcmp(out + 11, s + 11) == 0);
		} else {
			FUZZ_CHECK(n == 10 && strncmp(out, s, 10) == 0 && strcmp(out + 10, "T00:00") == 0);
			FUZZ_CHECK(date_parse(s, &d));
		}
	}

	long long v = 12345;
	if (parse_int(s, b[0], b[1], &v)) {
		FUZZ_CHECK(v >= b[0] && v <= b[1]);
		/* only an optional sign and digits, and the value they say */
		const char *p = s + (s[0] == '-' || s[0] == '+');
		FUZZ_CHECK(*p != '\0' && strspn(p, "0123456789") == strlen(p));
		FUZZ_CHECK(strtoll(s, NULL, 10) == v);
	}

	double x;
	if (parse_number(s, &x)) {
		FUZZ_CHECK(isfinite(x));
		const char *p = s + (s[0] == '-' || s[0] == '+');
		FUZZ_CHECK(strspn(p, "0123456789.") == strlen(p));
		FUZZ_CHECK(strchr(p, '.') == strrchr(p, '.'));
		FUZZ_CHECK(strtod(s, NULL) == x);
	}
	free(s);
	return 0;
}
