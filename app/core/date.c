/* date.c: strict date and number parsing; civil-calendar arithmetic from
 * Howard Hinnant's days_from_civil algorithm. */
#include "app/core/date.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool date_parse_prefix(const char *s, struct dyad_date *d)
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &d->year) || !digits(s + 5, 2, &d->month) ||
		!digits(s + 8, 2, &d->day))
		return false;
	if (d->year < 1900 || d->year > 2199)
		return false;
	if (d->month < 1 || d->month > 12)
		return false;
	return d->day >= 1 && d->day <= date_days_in_month(d->year, d->month);
}

bool date_parse(const char *s, struct dyad_date *d)
{
	return s != NULL && strlen(s) == 10 && date_parse_prefix(s, d);
}

bool datetime_parse(const char *s, struct dyad_datetime *dt, bool *has_time)
{
	if (s == NULL || !date_parse_prefix(s, &dt->date))
		return false;
	size_t n = strlen(s);
	dt->hour = dt->minute = 0;
	if (has_time)
		*has_time = false;
	if (n == 10)
		return true;
	if (n != 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return false;
	if (!digits(s + 11, 2, &dt->hour) || !digits(s + 14, 2, &dt->minute))
		return false;
	if (dt->hour > 23 || dt->minute > 59)
		return false;
	if (has_time)
		*has_time = true;
	return true;
}

int64_t date_to_days(struct dyad_date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct dyad_date date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	struct dyad_date out = { (int)(y + (m <= 2)), (int)m, (int)d };
	return out;
}

void date_format(struct dyad_date d, char *out)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
		(unsigned)d.day % 100u);
}

void datetime_format(const struct dyad_datetime *dt, char *out)
{
	date_format(dt->date, out);
	snprintf(out + 10, 7, "T%02u:%02u", (unsigned)dt->hour % 100u, (unsigned)dt->minute % 100u);
}

/* $DYAD_TODAY when set to a real date. */
static bool fixed_today(struct dyad_date *d)
{
	const char *fixed = getenv("DYAD_TODAY");
	return fixed != NULL && date_parse(fixed, d);
}

struct dyad_date date_today(void)
{
	return date_now().date;
}

struct dyad_datetime date_now(void)
{
	struct dyad_datetime dt = { { 1970, 1, 1 }, 9, 0 };
	if (fixed_today(&dt.date))
		return dt;
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm) == NULL)
		return dt;
	dt.date.year = tm.tm_year + 1900;
	dt.date.month = tm.tm_mon + 1;
	dt.date.day = tm.tm_mday;
	dt.hour = tm.tm_hour;
	dt.minute = tm.tm_min;
	return dt;
}

static void utc_text(time_t when, char out[21])
{
	struct tm tm;
	if (gmtime_r(&when, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

void date_now_utc_text(char out[21])
{
	struct dyad_date d;
	if (fixed_today(&d)) {
		date_format(d, out);
		snprintf(out + 10, 11, "T09:00:00Z");
		return;
	}
	utc_text(time(NULL), out);
}

void date_wall_utc_text(char out[21])
{
	utc_text(time(NULL), out);
}

void date_wall_stamp(char *out, size_t size)
{
	time_t now = time(NULL);
	if (!date_local_format(now, "%Y%m%d-%H%M%S", out, size))
		snprintf(out, size, "%lld", (long long)now);
}

bool date_local_format(time_t when, const char *fmt, char *out, size_t size)
{
	struct tm tm;
	if (size == 0)
		return false;
	if (localtime_r(&when, &tm) == NULL || strftime(out, size, fmt, &tm) == 0) {
		out[0] = '\0';
		return false;
	}
	return true;
}

bool parse_int(const char *s, long long min, long long max, long long *out)
{
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '\0')
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool parse_number(const char *s, double *out)
{
	if (s == NULL || *s == '\0')
		return false;
	/* Only plain decimals: digits, one point, an optional sign. */
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	int ndigits = 0, npoints = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			ndigits++;
		else if (*p == '.' && npoints == 0)
			npoints++;
		else
			return false;
	}
	if (ndigits == 0 || ndigits > 30)
		return false;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}
