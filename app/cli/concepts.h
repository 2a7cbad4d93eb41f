/* concepts.h: `dyad concepts`. */
#ifndef DYAD_CLI_CONCEPTS_H
#define DYAD_CLI_CONCEPTS_H

#include "app/cli/cli.h"

int cmd_concepts(struct cli *cli, int argc, char **argv);

#endif
