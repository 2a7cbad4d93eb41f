/* encryption.h: `dyad encrypt`, `dyad decrypt` and `dyad rekey`. */
#ifndef DYAD_CLI_ENCRYPTION_H
#define DYAD_CLI_ENCRYPTION_H

#include "app/cli/cli.h"

int cmd_encrypt(struct cli *cli, int argc, char **argv);
int cmd_decrypt(struct cli *cli, int argc, char **argv);
int cmd_rekey(struct cli *cli, int argc, char **argv);

#endif
