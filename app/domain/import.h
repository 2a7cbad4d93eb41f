/* import.h: loading an export file through the same rules as typed input.
 * Every column of every table has a rule in one table (import.c); a
 * column without one is refused, so a column added by a migration is
 * imported only once someone has said what it may hold. */
#ifndef DYAD_DOMAIN_IMPORT_H
#define DYAD_DOMAIN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/store/db.h"
#include "app/store/export.h"

/* The largest export file import reads, in bytes. */
#define IMPORT_MAX_FILE_BYTES ((size_t)512 * 1024 * 1024)

/* Loads an export (text, len bytes) into the empty database behind store,
 * checking every row as the command line checks what it is given (names,
 * dates, choices, ranges of each concept's scale and each measure, text
 * lengths and characters). All or nothing: on any problem nothing is
 * stored and st holds one line naming the first bad record, such as
 * "import: FILE line 9: session[3].starts_at: ...". `what` names the file
 * in messages. */
enum dyad_error import_file_text(struct store *store, const char *text, size_t len,
	const char *what, struct import_summary *summary, struct dyad_status *st);

/* True when the rule table covers table.column (for tests that hold the
 * table to the schema). */
bool import_has_rule(const char *table, const char *column);

#endif
