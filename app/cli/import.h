/* import.h: `dyad import`. */
#ifndef DYAD_CLI_IMPORT_H
#define DYAD_CLI_IMPORT_H

#include "app/cli/cli.h"

int cmd_import(struct cli *cli, int argc, char **argv);

#endif
