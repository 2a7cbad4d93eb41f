/* note_text.h: a note as a reader sees it in the interface: its body and,
 * under it, each dated addendum, under a marked line of its own, since the
 * addenda are part of the record. */
#ifndef DYAD_TUI_NOTE_TEXT_H
#define DYAD_TUI_NOTE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/tui/screen.h"

struct note_text {
	struct strbuf safe;   /* body and addenda, made safe, line breaks kept */
	size_t *marks;        /* pairs: start and end offsets of each addendum's marked line */
	size_t addenda;       /* how many addenda (pairs in marks) */
};

/* Fills out (which must be zeroed or cleared) with body and the addenda
 * of session_id, oldest first; trailing blank lines of the body are left
 * out. On failure out holds nothing and st says why. */
enum dyad_error note_text_load(struct tui *tui, int64_t session_id, const char *body,
	struct note_text *out, struct dyad_status *st);

/* Whether the wrapped line starting at offset belongs to a marked line. */
bool note_text_is_mark(const struct note_text *t, size_t offset);

/* Frees what out holds and zeroes it; safe on a zeroed one. */
void note_text_clear(struct note_text *t);

#endif
