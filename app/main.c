/* main.c: parse the global options, then run a command or the interface. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/core/secure.h"
#include "app/domain/validate.h"
#include "app/store/db.h"
#include "app/tui/homework.h"
#include "app/tui/tui.h"

static void print_version(void)
{
	printf("dyad %s (SQLite %s%s, schema %d)\n", DYAD_VERSION, store_library_version(),
		store_encryption_available() ? " with SQLCipher encryption" : ", no encryption",
		store_schema_latest());
}

int main(int argc, char **argv)
{
	/* Before anything is read: a crash must never leave clinical text in a
	 * core file. Should it fail, dyad still runs (as it would have before). */
	secure_no_core_dumps();
	/* Everything dyad creates holds clinical data: private by default. */
	umask(077);
	setlocale(LC_ALL, "");
	/* Numbers dyad writes (JSON, exports) always use a decimal point. */
	setlocale(LC_NUMERIC, "C");
	/* Past a file-size limit (ulimit -f) a write should fail with EFBIG and
	 * be reported like a full disk, not kill dyad halfway through. */
	signal(SIGXFSZ, SIG_IGN);

	struct cli cli = { 0 };
	cli.out = stdout;
	cli.err = stderr;
	cli.out_is_tty = isatty(STDOUT_FILENO);

	int rc = -1;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_print_usage(stdout);
			rc = CLI_EXIT_OK;
			break;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			print_version();
			rc = CLI_EXIT_OK;
			break;
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
			char quoted[200];
			fprintf(stderr, "dyad: unknown option '%s' (see dyad --help)\n",
				validate_quote(a, quoted, sizeof quoted));
			return CLI_EXIT_USAGE;
		}
		break;
	}

	if (rc >= 0) {
		/* --help or --version: already printed */
	} else if (i >= argc) {
		/* No command: the full-screen interface. */
		rc = tui_run(cli.db_option);
	} else {
		rc = cli_dispatch(&cli, argc - i, argv + i);
	}
	store_close(cli.store);
	/* A full disk or a closed pipe on standard output is an error too: say
	 * so, rather than exit 0 with the result lost. */
	bool flush_failed = fflush(stdout) != 0;
	int flush_errno = errno;
	if ((flush_failed || ferror(stdout)) && rc == CLI_EXIT_OK) {
		fprintf(stderr, "dyad: output: could not write to standard output%s%s\n",
			flush_failed ? ": " : "", flush_failed ? strerror(flush_errno) : "");
		rc = CLI_EXIT_REFUSED;
	}
	return rc;
}
