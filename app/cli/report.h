/* report.h: `dyad report`, a couple's or the caseload's XLSX report. */
#ifndef DYAD_CLI_REPORT_H
#define DYAD_CLI_REPORT_H

#include "app/cli/cli.h"

int cmd_report(struct cli *cli, int argc, char **argv);

#endif
