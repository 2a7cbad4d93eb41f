/* editor.c: the round trip to the person's editor. */
#include "app/tui/editor.h"

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/core/editor.h"
#include "app/core/fileio.h"

/* Runs the editor on path with the terminal handed over; returns its wait
 * status, or -1 with errno set when it could not be started. */
static int run_editor(struct tui *tui, const char *path)
{
	def_prog_mode();
	endwin();
	int status = editor_spawn(path, tui->saved_stderr);
	int saved_errno = errno;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	errno = saved_errno;
	return status;
}

/* Why the shell could not start the editor's program, in words: the
 * first word of the setting looked up as the shell would, when it is a
 * plain word (anything cleverer is left to the shell's own message). */
static void why_not_started(int status_code, char *out, size_t size)
{
	const char *cmd = editor_command();
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	size_t n = strcspn(cmd, " \t");
	char word[1024];
	bool plain = n > 0 && n < sizeof word && strcspn(cmd, "'\"`$\\;|&<>()*?=~") >= n;
	snprintf(out, size, status_code == 126 ? "it is not a program that can be run"
											: "no such program was found");
	if (!plain)
		return;
	memcpy(word, cmd, n);
	word[n] = '\0';
	struct stat sb;
	if (strchr(word, '/') != NULL) {
		if (stat(word, &sb) != 0)
			snprintf(out, size, "%s", strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			snprintf(out, size, "%s", strerror(EISDIR));
		else if (access(word, X_OK) != 0)
			snprintf(out, size, "%s", strerror(errno));
		return;
	}
	if (status_code == 127)
		snprintf(out, size, "no program called '%.200s' was found on $PATH", word);
}

enum dyad_error tui_editor_run(struct tui *tui, const char *text, size_t len, const char *dir,
	const char *stem, size_t max, char **out, size_t *out_len, struct dyad_status *st)
{
	*out = NULL;
	*out_len = 0;
	char folder[4096], path[4200];
	if (snprintf(folder, sizeof folder, "%s/%s-p%ld-XXXXXX", dir, stem, (long)getpid()) >=
		(int)sizeof folder)
		return dyad_fail(st, DYAD_ERR_IO, "editor: the private folder's name is too long");
	if (mkdtemp(folder) == NULL)
		return dyad_fail(st, DYAD_ERR_IO, "editor: cannot make a private folder in %s: %s", dir,
			strerror(errno));
	snprintf(path, sizeof path, "%s/note.txt", folder);
	enum dyad_error rc = DYAD_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "editor: cannot write the working copy: %s",
			strerror(errno));
		goto done;
	}
	if ((rc = fileio_write_all(fd, text, len, path, st)) != DYAD_OK) {
		close(fd);
		goto done;
	}
	if (close(fd) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "editor: cannot write the working copy: %s",
			strerror(errno));
		goto done;
	}
	int status = run_editor(tui, path);
	if (status == -1) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"Could not start the editor '%.200s': %s; the note was not changed",
			editor_command(), strerror(errno));
		goto done;
	}
	if (WIFEXITED(status) && (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126)) {
		char why[300];
		why_not_started(WEXITSTATUS(status), why, sizeof why);
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"Could not start the editor '%.200s': %s; the note was not changed",
			editor_command(), why);
		goto done;
	}
	/* The shell reports a program it started that was killed as 128 plus
	 * the signal's number. */
	int signal_number = 0;
	if (WIFSIGNALED(status))
		signal_number = WTERMSIG(status);
	else if (WIFEXITED(status) && WEXITSTATUS(status) > 128 && WEXITSTATUS(status) <= 128 + 64)
		signal_number = WEXITSTATUS(status) - 128;
	if (signal_number != 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"The editor was stopped by signal %d (%s); the note was not changed", signal_number,
			strsignal(signal_number));
		goto done;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"The editor exited with status %d; the note was not changed", WEXITSTATUS(status));
		goto done;
	}
	if (!WIFEXITED(status)) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED, "The editor did not finish; the note was not changed");
		goto done;
	}
	*out = fileio_read_path(path, max, out_len, "note", st);
	if (*out == NULL)
		rc = st->code;
done:
	editor_remove_folder(folder);
	return rc;
}
