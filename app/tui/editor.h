/* editor.h: long text is written in the person's own editor: $DYAD_EDITOR,
 * else $VISUAL, else $EDITOR, else vi. The screen is handed over
 * (def_prog_mode, endwin) and taken back (reset_prog_mode) around it. */
#ifndef DYAD_TUI_EDITOR_H
#define DYAD_TUI_EDITOR_H

#include <stddef.h>

#include "app/core/error.h"
#include "app/tui/screen.h"

/* Writes text to a new file note.txt in a new folder inside dir (which
 * the caller keeps private, 0700) named "<stem>-p<pid>-XXXXXX", so a run
 * that never comes back (dyad killed mid-edit) can be recognised at the
 * next start; runs the editor on it and reads it back (at most max bytes).
 * On success *out (NUL-terminated, caller frees) and *out_len hold the
 * text as saved in the editor; the file and its folder are removed either
 * way. An editor that cannot start, exits non-zero or is killed is
 * DYAD_ERR_REFUSED, with a message that says which. */
enum dyad_error tui_editor_run(struct tui *tui, const char *text, size_t len, const char *dir,
	const char *stem, size_t max, char **out, size_t *out_len, struct dyad_status *st);

#endif
