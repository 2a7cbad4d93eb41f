/* agenda.h: `dyad agenda`, the coming sessions with what to know first. */
#ifndef DYAD_CLI_AGENDA_H
#define DYAD_CLI_AGENDA_H

#include "app/cli/cli.h"

int cmd_agenda(struct cli *cli, int argc, char **argv);

#endif
