/* note.h: writing a note at a terminal: in the editor, or typed. */
#ifndef DYAD_CLI_NOTE_H
#define DYAD_CLI_NOTE_H

#include "app/cli/cli.h"

/* `note edit SESSION_ID`: the draft in the person's editor. */
int cmd_note_edit(struct cli *cli, int argc, char **argv);

/* `note set`: at a terminal without --file, the editor (as note edit);
 * with --file - at a terminal, a word on how to end the typing; otherwise
 * cmd_note_set as it is. */
int cmd_note_write(struct cli *cli, int argc, char **argv);

#endif
