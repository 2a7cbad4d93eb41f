/* assignment.h: `dyad assignments` and `dyad assignment set`. */
#ifndef DYAD_CLI_ASSIGNMENT_H
#define DYAD_CLI_ASSIGNMENT_H

#include "app/cli/cli.h"

int cmd_assignments(struct cli *cli, int argc, char **argv);
int cmd_assignment_set(struct cli *cli, int argc, char **argv);

#endif
