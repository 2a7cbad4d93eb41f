/* session.h: the `dyad session ...` commands. */
#ifndef DYAD_CLI_SESSION_H
#define DYAD_CLI_SESSION_H

#include "app/cli/cli.h"

int cmd_session_add(struct cli *cli, int argc, char **argv);
int cmd_session_plan(struct cli *cli, int argc, char **argv);
int cmd_session_list(struct cli *cli, int argc, char **argv);
int cmd_session_set(struct cli *cli, int argc, char **argv);

#endif
