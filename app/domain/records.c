/* records.c: validation for addenda before they are stored. */
#include "app/domain/records.h"

#include <stdbool.h>

#include <stdio.h>

#include "app/core/passphrase.h"
#include "app/domain/validate.h"
#include "app/store/addenda.h"

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

enum dyad_error records_addendum_add(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc = validate_text("addendum", body, len, NOTE_MAX_BYTES, st);
	if (rc != DYAD_OK)
		return rc;
	if (blank(body, len))
		return dyad_fail(st, DYAD_ERR_INVALID, "addendum: the text is empty");
	return addenda_insert(store, session_id, body, len, id, st);
}

enum dyad_error records_open_database(const char *path, struct store **out,
	struct dyad_status *st)
{
	enum store_file_kind kind;
	*out = NULL;
	enum dyad_error rc = store_file_kind(path, &kind, st);
	if (rc != DYAD_OK)
		return rc;
	if (kind != STORE_FILE_ENCRYPTED)
		return store_open(path, STORE_OPEN_DEFAULT, out, st);
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
	return rc;
}
