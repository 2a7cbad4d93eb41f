/* export.h: `dyad export` and `dyad verify`. */
#ifndef DYAD_CLI_EXPORT_H
#define DYAD_CLI_EXPORT_H

#include "app/cli/cli.h"

int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);

#endif
