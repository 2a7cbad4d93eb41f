/* date.h: calendar dates and minute-precision times as dyad stores them
 * ("2026-03-14", "2026-03-14T09:30"), strictly checked. */
#ifndef DYAD_CORE_DATE_H
#define DYAD_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct dyad_date {
	int year, month, day;
};

struct dyad_datetime {
	struct dyad_date date;
	int hour, minute;
};

/* Parses exactly YYYY-MM-DD for a real calendar day in years 1900..2199.
 * On failure returns false and leaves *d unspecified. */
bool date_parse(const char *s, struct dyad_date *d);

/* Parses YYYY-MM-DD or YYYY-MM-DDTHH:MM (a space may stand for the T).
 * A bare date gets time 00:00 and *has_time (if not NULL) false. */
bool datetime_parse(const char *s, struct dyad_datetime *dt, bool *has_time);

bool date_is_leap(int year);
int date_days_in_month(int year, int month);

/* Days since 1970-01-01 (negative before), and back. */
int64_t date_to_days(struct dyad_date d);
struct dyad_date date_from_days(int64_t days);

/* Formats into out (at least 11 bytes for a date, 17 for a datetime). */
void date_format(struct dyad_date d, char *out);
void datetime_format(const struct dyad_datetime *dt, char *out);

/* Today's local date; $DYAD_TODAY (YYYY-MM-DD) overrides it so tests and
 * demos are reproducible. */
struct dyad_date date_today(void);

/* Parses a whole decimal integer in [min, max] with nothing around it. */
bool parse_int(const char *s, long long min, long long max, long long *out);

/* Parses a finite decimal number (no hex, no inf/nan, no trailing text). */
bool parse_number(const char *s, double *out);

#endif
