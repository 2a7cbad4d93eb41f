/* database.h: opening the practice's database, encrypted or not. */
#ifndef DYAD_DOMAIN_DATABASE_H
#define DYAD_DOMAIN_DATABASE_H

#include "app/core/error.h"
#include "app/store/db.h"

/* Opens (creating when missing) the database at path, asking for the
 * passphrase when the file is encrypted: from $DYAD_PASSPHRASE_FILE, else
 * on the terminal, before any full-screen interface starts. The
 * passphrase is wiped once the database is open. On error *out is NULL
 * and st holds the one line to show. */
enum dyad_error database_open(const char *path, struct store **out,
	struct dyad_status *st);

#endif
