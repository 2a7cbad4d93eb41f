/* calendar.c: planned sessions as iCalendar text, and the file they go to. */
#include "app/output/calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/store/maintenance.h"

#define FOLD_AT 75
#define STAMP_SIZE 32 /* "20261129T090000", with room the compiler can prove */ /* octets per line, CRLF not counted (RFC 5545 3.1) */

/* Appends one content line, folded: a break goes before a byte that
 * begins a character, never inside one, and each continuation starts
 * with the space that unfolding removes. */
static void put_line(struct strbuf *out, const char *line)
{
	size_t len = strlen(line), at = 0, room = FOLD_AT;
	while (len - at > room) {
		size_t cut = at + room;
		while (cut > at && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		strbuf_add(out, line + at, cut - at);
		strbuf_adds(out, "\r\n ");
		at = cut;
		room = FOLD_AT - 1;
	}
	strbuf_add(out, line + at, len - at);
	strbuf_adds(out, "\r\n");
}

/* TEXT as RFC 5545 3.3.11 wants it: backslash, semicolon, comma and
 * newline escaped; other control characters left out. */
static void put_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\' || c == ';' || c == ',') {
			strbuf_addc(out, '\\');
			strbuf_addc(out, *s);
		} else if (c == '\n') {
			strbuf_adds(out, "\\n");
		} else if (c >= 0x20 && c != 0x7F) {
			strbuf_addc(out, *s);
		}
	}
}

/* The first character of a word (a whole UTF-8 sequence), upper-cased
 * when it is an ASCII letter, then a full stop. */
static void put_initial(struct strbuf *out, const char *word)
{
	size_t n = 1;
	while (word[n] != '\0' && ((unsigned char)word[n] & 0xC0) == 0x80)
		n++;
	if (word[0] >= 'a' && word[0] <= 'z')
		strbuf_addc(out, (char)(word[0] - 'a' + 'A'));
	else
		strbuf_add(out, word, n);
	strbuf_addc(out, '.');
}

/* "M.O." for "Maya Okafor": the first and the last word's initials. */
static void put_initials(struct strbuf *out, const char *name)
{
	const char *first = name, *last = NULL;
	while (*first == ' ')
		first++;
	if (*first == '\0') {
		strbuf_addc(out, '?');
		return;
	}
	for (const char *p = first; *p; p++)
		if (p[0] == ' ' && p[1] != ' ' && p[1] != '\0')
			last = p + 1;
	put_initial(out, first);
	if (last != NULL)
		put_initial(out, last);
}

/* "20261129T090000" for a stored local time plus minutes (floating time:
 * the calendar shows it at that wall-clock time wherever it is opened). */
static void local_stamp(const char *starts_at, int plus_minutes, char out[STAMP_SIZE])
{
	struct dyad_datetime dt;
	if (!datetime_parse(starts_at, &dt, NULL)) {
		snprintf(out, STAMP_SIZE, "19700101T000000");
		return;
	}
	int64_t minutes = date_to_days(dt.date) * 1440 + dt.hour * 60 + dt.minute + plus_minutes;
	struct dyad_date d = date_from_days(minutes / 1440);
	int in_day = (int)(minutes % 1440);
	snprintf(out, STAMP_SIZE, "%04d%02d%02dT%02d%02d00", d.year % 10000, d.month % 100, d.day % 100,
		in_day / 60, in_day % 60);
}

static void day_stamp(const char *starts_at, int plus_days, char out[STAMP_SIZE])
{
	struct dyad_date d;
	char day[11];
	snprintf(day, sizeof day, "%.10s", starts_at);
	if (!date_parse(day, &d)) {
		snprintf(out, STAMP_SIZE, "19700101");
		return;
	}
	d = date_from_days(date_to_days(d) + plus_days);
	snprintf(out, STAMP_SIZE, "%04d%02d%02d", d.year % 10000, d.month % 100, d.day % 100);
}

size_t calendar_build(const struct agenda *a, const char *calendar_id, bool names,
	const char *dtstamp, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	size_t events = 0;
	put_line(out, "BEGIN:VCALENDAR");
	put_line(out, "VERSION:2.0");
	put_line(out, "PRODID:-//dyad//dyad " DYAD_VERSION "//EN");
	put_line(out, "CALSCALE:GREGORIAN");
	put_line(out, "METHOD:PUBLISH");
	for (size_t i = 0; i < a->sessions.len; i++) {
		const struct agenda_entry *e = &a->entries[i];
		const struct agenda_session_row *s = e->session;
		if (e->state != SESSION_PLANNED)
			continue;
		events++;
		put_line(out, "BEGIN:VEVENT");
		strbuf_reset(&line);
		strbuf_addf(&line, "UID:session-%" PRId64 "-%.32s@dyad", s->id, calendar_id);
		put_line(out, strbuf_str(&line));
		strbuf_reset(&line);
		strbuf_addf(&line, "DTSTAMP:%s", dtstamp);
		put_line(out, strbuf_str(&line));
		strbuf_reset(&line);
		if (agenda_date_only(s->starts_at)) {
			char start[STAMP_SIZE], end[STAMP_SIZE];
			day_stamp(s->starts_at, 0, start);
			day_stamp(s->starts_at, 1, end);
			strbuf_addf(&line, "DTSTART;VALUE=DATE:%s", start);
			put_line(out, strbuf_str(&line));
			strbuf_reset(&line);
			strbuf_addf(&line, "DTEND;VALUE=DATE:%s", end);
		} else {
			char start[STAMP_SIZE], end[STAMP_SIZE];
			local_stamp(s->starts_at, 0, start);
			local_stamp(s->starts_at, s->minutes, end);
			strbuf_addf(&line, "DTSTART:%s", start);
			put_line(out, strbuf_str(&line));
			strbuf_reset(&line);
			strbuf_addf(&line, "DTEND:%s", end);
		}
		put_line(out, strbuf_str(&line));
		strbuf_reset(&line);
		strbuf_adds(&line, "SUMMARY:");
		struct strbuf summary = STRBUF_INIT;
		strbuf_adds(&summary, "Session: ");
		if (names) {
			strbuf_adds(&summary, s->couple_name);
		} else {
			put_initials(&summary, s->partner[0]);
			strbuf_adds(&summary, " & ");
			put_initials(&summary, s->partner[1]);
		}
		put_text(&line, strbuf_str(&summary));
		strbuf_release(&summary);
		put_line(out, strbuf_str(&line));
		strbuf_reset(&line);
		strbuf_adds(&line, "CATEGORIES:");
		put_text(&line, s->modality);
		put_line(out, strbuf_str(&line));
		put_line(out, "END:VEVENT");
	}
	put_line(out, "END:VCALENDAR");
	if (line.failed)
		out->failed = true;
	strbuf_release(&line);
	return events;
}

enum dyad_error calendar_write(struct store *store, const char *path, int days, bool names,
	size_t *events, struct dyad_status *st)
{
	*events = 0;
	enum dyad_error rc = fileio_check_output(path, "-o", st);
	if (rc != DYAD_OK)
		return rc;
	char calendar_id[65];
	if ((rc = agenda_calendar_id(store, calendar_id, st)) != DYAD_OK)
		return rc;
	struct agenda a;
	if ((rc = agenda_load(store, date_today(), days, &a, st)) != DYAD_OK)
		return rc;
	/* DTSTAMP is when the file was made: the wall clock, in the basic form
	 * RFC 5545 wants (no dashes or colons). */
	char wall[21], dtstamp[21];
	size_t n = 0;
	date_wall_utc_text(wall);
	for (const char *c = wall; *c != '\0'; c++)
		if (*c != '-' && *c != ':')
			dtstamp[n++] = *c;
	dtstamp[n] = '\0';
	struct strbuf text = STRBUF_INIT;
	size_t count = calendar_build(&a, calendar_id, names, dtstamp, &text);
	agenda_free(&a);
	if (text.failed) {
		strbuf_release(&text);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	char *dir = paths_dirname(path);
	rc = dir ? paths_mkdir_p(dir, 0700, st) : dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	free(dir);
	struct atomic_file af;
	if (rc == DYAD_OK && (rc = atomic_begin(&af, path, st)) == DYAD_OK) {
		rc = fileio_write_all(af.fd, text.data ? text.data : "", text.len, path, st);
		/* The detail says what left, never who: initials or names stay
		 * in the file. */
		char detail[600];
		snprintf(detail, sizeof detail, "%.500s: %zu planned session%s%s", path, count,
			count == 1 ? "" : "s", names ? ", with names" : "");
		if (rc == DYAD_OK)
			rc = store_publish(store, &af, "calendar", 0, 0, 0, detail, st);
		else
			atomic_abort(&af);
	}
	strbuf_release(&text);
	if (rc == DYAD_OK)
		*events = count;
	return rc;
}
