/* date.h: calendar dates and minute-precision times as dyad stores them
 * ("2026-03-14", "2026-03-14T09:30"), strictly checked. */
#ifndef DYAD_CORE_DATE_H
#define DYAD_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

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

/* The program's one clock: nothing else reads the time or $DYAD_TODAY
 * (tests/cli/clock.sh checks). Two kinds of "now":
 *  - the clinical day: dates and times written into the record (a session's
 *    default date, a note's signing, an addendum, updated_at stamps). These
 *    follow $DYAD_TODAY (YYYY-MM-DD) so tests and demos are reproducible;
 *    under it the time of day is a fixed 09:00.
 *  - the wall clock: when something really happened (the audit log, whose
 *    hash chain is evidence and must not carry a pretend time) and file
 *    names that must differ between runs. These ignore $DYAD_TODAY. */

/* Today's local date; $DYAD_TODAY overrides it. */
struct dyad_date date_today(void);

/* Now to the minute, local time: date_today() at the wall clock's hour and
 * minute, or at 09:00 under $DYAD_TODAY. */
struct dyad_datetime date_now(void);

/* Now for a stored record stamp, as UTC "YYYY-MM-DDTHH:MM:SSZ" (out holds
 * 21 bytes). Under $DYAD_TODAY: that day at 09:00:00Z. */
void date_now_utc_text(char out[21]);

/* The wall clock as UTC "YYYY-MM-DDTHH:MM:SSZ", whatever $DYAD_TODAY says. */
void date_wall_utc_text(char out[21]);

/* The wall clock in local time as "YYYYMMDD-HHMMSS", for file names. */
void date_wall_stamp(char *out, size_t size);

/* Formats a file time (e.g. an mtime) in local time with strftime's fmt.
 * Returns false and leaves out "" when it cannot. */
bool date_local_format(time_t when, const char *fmt, char *out, size_t size);

/* Parses a whole decimal integer in [min, max] with nothing around it. */
bool parse_int(const char *s, long long min, long long max, long long *out);

/* Parses a finite decimal number (no hex, no inf/nan, no trailing text). */
bool parse_number(const char *s, double *out);

#endif
