/* note_text.c: a note's body with its addenda, ready to wrap and draw. */
#include "app/tui/note_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/addenda.h"
#include "app/tui/text.h"

void note_text_clear(struct note_text *t)
{
	strbuf_release(&t->safe);
	free(t->marks);
	memset(t, 0, sizeof *t);
}

static size_t trimmed_len(const char *s)
{
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--; /* trailing blank lines say nothing */
	return len;
}

enum dyad_error note_text_load(struct tui *tui, int64_t session_id, const char *body,
	struct note_text *out, struct dyad_status *st)
{
	note_text_clear(out);
	struct addendum_list list;
	enum dyad_error rc = addenda_list(tui->store, session_id, &list, st);
	if (rc != DYAD_OK)
		return rc;
	text_safe(&out->safe, body ? body : "", body ? trimmed_len(body) : 0, TEXT_MULTILINE);
	if (list.len > 0 && (out->marks = calloc(list.len * 2, sizeof *out->marks)) == NULL)
		out->safe.failed = true;
	for (size_t i = 0; i < list.len && !out->safe.failed; i++) {
		const struct addendum_rec *a = &list.items[i];
		if (out->safe.len > 0)
			strbuf_adds(&out->safe, "\n\n");
		/* The stored time is UTC ("2026-11-28T10:15:00Z"); shown as such. */
		out->marks[2 * i] = out->safe.len;
		strbuf_addf(&out->safe, "Addendum, %.10s %.5s UTC", a->created_at, a->created_at + 11);
		out->marks[2 * i + 1] = out->safe.len;
		strbuf_addc(&out->safe, '\n');
		text_safe(&out->safe, a->body, trimmed_len(a->body), TEXT_MULTILINE);
		out->addenda++;
	}
	addendum_list_free(&list);
	if (out->safe.failed) {
		note_text_clear(out);
		return dyad_fail(st, DYAD_ERR_NOMEM, "note: out of memory");
	}
	return DYAD_OK;
}

bool note_text_is_mark(const struct note_text *t, size_t offset)
{
	for (size_t i = 0; i < t->addenda; i++)
		if (offset >= t->marks[2 * i] && offset < t->marks[2 * i + 1])
			return true;
	return false;
}
