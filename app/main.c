/* main.c: parse the global options, then run a command or the interface. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/handout_file.h"
#include "store/db.h"
#include "tui/homework.h"
#include "tui/tui.h"

static void print_version(void)
{
	printf("dyad %s (SQLite %s, schema %d)\n", DYAD_VERSION, store_library_version(),
		store_schema_latest());
}

int main(int argc, char **argv)
{
	/* Everything dyad creates holds clinical data: private by default. */
	umask(077);
	setlocale(LC_ALL, "");

	struct cli cli = { 0 };
	cli.out = stdout;
	cli.err = stderr;
	cli.out_is_tty = isatty(STDOUT_FILENO);

	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_print_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			print_version();
			return CLI_EXIT_OK;
		}
		if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "dyad: --db: needs a path\n");
				return CLI_EXIT_USAGE;
			}
			cli.db_option = argv[++i];
			continue;
		}
		if (strncmp(a, "--db=", 5) == 0) {
			if (a[5] == '\0') {
				fprintf(stderr, "dyad: --db: needs a path\n");
				return CLI_EXIT_USAGE;
			}
			cli.db_option = a + 5;
			continue;
		}
		if (a[0] == '-') {
			fprintf(stderr, "dyad: unknown option '%.40s' (see dyad --help)\n", a);
			return CLI_EXIT_USAGE;
		}
		break;
	}

	int rc;
	if (i >= argc) {
		/* No command: the full-screen interface (issue 3). */
		tui_homework_set_writer(handout_write);
		rc = tui_run(cli.db_option);
	} else {
		rc = cli_dispatch(&cli, argc - i, argv + i);
	}
	store_close(cli.store);
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_REFUSED;
	return rc;
}
