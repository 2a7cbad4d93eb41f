/* records.h: the rules for correcting a signed record: addenda. */
#ifndef DYAD_DOMAIN_RECORDS_H
#define DYAD_DOMAIN_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* Adds a dated addendum to a signed note. The text is checked like a note
 * (valid UTF-8, no control characters but newline, tab and carriage
 * return, at most NOTE_MAX_BYTES, not blank). A draft is refused: it is
 * corrected by editing it. On success *id is the addendum's id. */
enum dyad_error records_addendum_add(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t *id, struct dyad_status *st);

/* Opens (creating when missing) the database at path, asking for the
 * passphrase when the file is encrypted: from $DYAD_PASSPHRASE_FILE, else
 * on the terminal, before any full-screen interface starts. The
 * passphrase is wiped once the database is open. On error *out is NULL
 * and st holds the one line to show. */
enum dyad_error records_open_database(const char *path, struct store **out,
	struct dyad_status *st);

#endif
