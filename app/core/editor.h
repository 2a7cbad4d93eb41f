/* editor.h: long text written in the person's own editor, without curses:
 * $DYAD_EDITOR, else $VISUAL, else $EDITOR, else vi, on a private
 * working copy. The caller owns the terminal: nothing here draws. */
#ifndef DYAD_CORE_EDITOR_H
#define DYAD_CORE_EDITOR_H

#include <stddef.h>

#include "app/core/error.h"

/* The editor command that will run; never NULL. */
const char *editor_command(void);

/* Runs the editor command on path through /bin/sh, with the process's
 * terminal, ignoring Ctrl-C and Ctrl-\ meanwhile as system() does (the
 * editor gets them). stderr_fd, when not -1, becomes the editor's standard
 * error. Returns the wait status, or -1 with errno set when it could not be
 * started. Draws nothing: a curses caller hands the screen over around it. */
int editor_spawn(const char *path, int stderr_fd);

/* Removes an editing folder and whatever the editor left in it (swap or
 * backup files), so nothing of the text stays behind. */
void editor_remove_folder(const char *dir);

/* Writes text to "note.txt" in a fresh private folder
 * "<stem>-p<pid>-XXXXXX" made inside folder (which must exist and be
 * private: it holds clinical text while the editor runs), runs the editor
 * on it through /bin/sh with the process's own terminal, and reads it back
 * (at most max bytes; `what` names it in messages). On success *out
 * (NUL-terminated, caller frees) and *out_len hold the text as saved. The
 * file and its folder are removed either way; only a killed dyad leaves
 * them, for the next start to offer back. An editor that cannot start or
 * ends with an error is DYAD_ERR_REFUSED, and *out stays NULL. */
enum dyad_error editor_edit(const char *text, size_t len, const char *folder,
	const char *stem, const char *what, size_t max, char **out, size_t *out_len,
	struct dyad_status *st);

#endif
