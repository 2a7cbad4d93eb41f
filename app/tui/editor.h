/* editor.h: long text is written in the person's own editor: $DYAD_EDITOR,
 * else $VISUAL, else $EDITOR, else vi. The screen is handed over
 * (def_prog_mode, endwin) and taken back (reset_prog_mode) around it. */
#ifndef DYAD_TUI_EDITOR_H
#define DYAD_TUI_EDITOR_H

#include <stddef.h>

#include "core/error.h"
#include "tui/screen.h"

/* The editor command that will run; never NULL. */
const char *tui_editor_command(void);

/* Writes text to a private temporary file named after stem ("note"), runs
 * the editor on it and reads it back (at most max bytes). On success *out
 * (NUL-terminated, caller frees) and *out_len hold the text as saved in
 * the editor; the temporary file and its folder are removed either way.
 * An editor that fails is DYAD_ERR_REFUSED. */
enum dyad_error tui_editor_run(struct tui *tui, const char *text, size_t len,
	const char *stem, size_t max, char **out, size_t *out_len, struct dyad_status *st);

#endif
