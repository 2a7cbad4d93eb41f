/* addenda.h: the rules for correcting a signed record: addenda. */
#ifndef DYAD_DOMAIN_ADDENDA_H
#define DYAD_DOMAIN_ADDENDA_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* Adds a dated addendum to a signed note. The text is checked like a note
 * (valid UTF-8, no control characters but newline, tab and carriage
 * return, at most NOTE_MAX_BYTES, not blank). A draft is refused: it is
 * corrected by editing it. On success *id is the addendum's id. */
enum dyad_error addenda_add(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t *id, struct dyad_status *st);

#endif
