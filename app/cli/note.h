/* note.h: the `dyad note ...` commands. */
#ifndef DYAD_CLI_NOTE_H
#define DYAD_CLI_NOTE_H

#include "app/cli/cli.h"

/* `note set`: at a terminal without --file, the draft in the editor (as
 * note edit); with --file - at a terminal, a word on how to end the
 * typing first; otherwise the note from --file F or standard input. */
int cmd_note_set(struct cli *cli, int argc, char **argv);
/* `note edit SESSION_ID`: the draft in the person's editor. */
int cmd_note_edit(struct cli *cli, int argc, char **argv);
int cmd_note_show(struct cli *cli, int argc, char **argv);
int cmd_note_sign(struct cli *cli, int argc, char **argv);
int cmd_note_addendum(struct cli *cli, int argc, char **argv);

#endif
