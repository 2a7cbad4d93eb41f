/* database.c: opening the practice's database, asking for its passphrase
 * when it is encrypted. */
#include "app/domain/database.h"

#include <stdio.h>

#include "app/core/passphrase.h"
#include "app/domain/measure_library.h"

/* Every database, new or upgraded, carries the built-in instruments as
 * this dyad knows them. */
static enum dyad_error with_library(enum dyad_error rc, struct store **out,
	struct dyad_status *st)
{
	if (rc != DYAD_OK)
		return rc;
	if ((rc = measure_library_sync(*out, st)) != DYAD_OK) {
		store_close(*out);
		*out = NULL;
	}
	return rc;
}

enum dyad_error database_open(const char *path, struct store **out,
	struct dyad_status *st)
{
	enum store_file_kind kind;
	*out = NULL;
	enum dyad_error rc = store_file_kind(path, &kind, st);
	if (rc != DYAD_OK)
		return rc;
	if (kind != STORE_FILE_ENCRYPTED)
		return with_library(store_open(path, STORE_OPEN_DEFAULT, out, st), out, st);
	if (!store_encryption_available())
		return dyad_fail(st, DYAD_ERR_UNSUPPORTED,
			"database: %s is encrypted (or is not a SQLite file), and this dyad was built "
			"without SQLCipher", path);
	/* The store keeps the only copy for as long as the database is open. */
	struct passphrase pass;
	char prompt[300];
	snprintf(prompt, sizeof prompt, "Passphrase for %.250s: ", path);
	rc = passphrase_current(prompt, &pass, st);
	if (rc == DYAD_OK)
		rc = store_open_keyed(path, STORE_OPEN_DEFAULT, pass.text, pass.len, out, st);
	passphrase_wipe(&pass);
	return with_library(rc, out, st);
}
