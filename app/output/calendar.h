/* calendar.h: planned sessions as an iCalendar file (RFC 5545), for the
 * therapist's own calendar program. Couples appear by their partners'
 * initials unless full names are asked for. */
#ifndef DYAD_OUTPUT_CALENDAR_H
#define DYAD_OUTPUT_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/agenda.h"
#include "app/store/db.h"

#define CALENDAR_DEFAULT_DAYS 90

/* Appends the calendar for a's planned sessions to out: CRLF line ends,
 * lines folded at 75 octets between whole UTF-8 characters, text escaped.
 * Each event's UID is its session id with calendar_id (the database's own,
 * agenda_calendar_id), so it never changes. dtstamp is the UTC time the
 * file is made ("20261128T101500Z"). Returns how many events there are;
 * out->failed says whether memory ran out. */
size_t calendar_build(const struct agenda *a, const char *calendar_id, bool names,
	const char *dtstamp, struct strbuf *out);

/* Writes the planned sessions of today and the days-1 after it to path:
 * a private temporary file renamed into place, mode 0600, with its audit
 * entry (store_publish); the database and a symbolic link are refused
 * (fileio_check_output). *events receives the count. On error nothing new
 * is left at path and st says why. */
enum dyad_error calendar_write(struct store *store, const char *path, int days, bool names,
	size_t *events, struct dyad_status *st);

#endif
