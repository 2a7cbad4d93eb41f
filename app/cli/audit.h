/* audit.h: `dyad audit`. */
#ifndef DYAD_CLI_AUDIT_H
#define DYAD_CLI_AUDIT_H

#include "app/cli/cli.h"

int cmd_audit(struct cli *cli, int argc, char **argv);

#endif
