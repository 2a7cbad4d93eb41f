/* unsaved.h: note text that never reached the database (a save the rules
 * refused, an editor run cut short when dyad was killed) is kept in a
 * private folder beside the database, and offered back at the next start,
 * so the therapist's words are neither lost nor left lying around. */
#ifndef DYAD_TUI_UNSAVED_H
#define DYAD_TUI_UNSAVED_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/tui/screen.h"

/* The folder "unsaved" beside the database, created private (0700) when
 * missing and made private when it is not. Caller frees; NULL with st
 * filled on failure. */
char *unsaved_dir(struct tui *tui, struct dyad_status *st);

/* Keeps text for session_id in a new private file (0600) in that folder,
 * "session-<id>-note-<when>.txt". Returns its path (caller frees), or NULL
 * with st filled, and nothing written. */
char *unsaved_keep(struct tui *tui, int64_t session_id, const char *text, size_t len,
	struct dyad_status *st);

/* When kept notes from an earlier run are in the folder, asks (over the
 * first screen) whether to put them back into their sessions' drafts,
 * discard them, or leave them for later. Editing folders of a dyad that is
 * still running are left alone. */
void unsaved_offer(struct tui *tui);

#endif
