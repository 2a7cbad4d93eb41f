/* addenda.c: the rules for a dated correction to a signed note. */
#include "app/domain/addenda.h"

#include <stdbool.h>

#include "app/domain/validate.h"
#include "app/store/addenda.h"

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

enum dyad_error addenda_add(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc = validate_text("addendum", body, len, NOTE_MAX_BYTES, st);
	if (rc != DYAD_OK)
		return rc;
	if (blank(body, len))
		return dyad_fail(st, DYAD_ERR_INVALID, "addendum: the text is empty");
	return addenda_insert(store, session_id, body, len, id, st);
}
