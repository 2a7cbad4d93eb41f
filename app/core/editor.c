/* editor.c: the round trip to the person's editor, for the command line. */
#include "app/core/editor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/core/fileio.h"

const char *editor_command(void)
{
	static const char *const vars[] = { "DYAD_EDITOR", "VISUAL", "EDITOR" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "vi";
}

void editor_remove_folder(const char *dir)
{
	DIR *d = opendir(dir);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char path[4096];
			if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

int editor_spawn(const char *path, int stderr_fd)
{
	char cmd[4200];
	/* The editor setting may hold arguments ("code --wait"), so the shell
	 * reads it; the file name goes in as "$1", never spliced into text. */
	snprintf(cmd, sizeof cmd, "%s \"$1\"", editor_command());
	fflush(stdout);
	fflush(stderr);
	/* Like system(): a Ctrl-C meant for the editor must not end dyad
	 * halfway through. The child gets the usual handling back. */
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid_t pid = fork();
	int saved_errno = errno;
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		if (stderr_fd >= 0)
			dup2(stderr_fd, STDERR_FILENO);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				saved_errno = errno;
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	errno = saved_errno;
	return status;
}

enum dyad_error editor_edit(const char *text, size_t len, const char *folder,
	const char *stem, const char *what, size_t max, char **out, size_t *out_len,
	struct dyad_status *st)
{
	*out = NULL;
	*out_len = 0;
	char dir[4096], path[4200];
	/* Named like the interface's own editing folders, so a dyad killed
	 * while the editor was open leaves text the next start offers back. */
	if (snprintf(dir, sizeof dir, "%s/%s-p%ld-XXXXXX", folder, stem, (long)getpid()) >=
		(int)sizeof dir)
		return dyad_fail(st, DYAD_ERR_IO, "editor: the private folder's name is too long");
	if (mkdtemp(dir) == NULL)
		return dyad_fail(st, DYAD_ERR_IO,
			"editor: cannot make a private folder in %s: %s", folder, strerror(errno));
	snprintf(path, sizeof path, "%s/note.txt", dir);
	enum dyad_error rc = DYAD_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0 || !write_all(fd, text, len)) {
		rc = dyad_fail(st, DYAD_ERR_IO, "editor: cannot write the temporary file: %s",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	if (close(fd) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "editor: cannot write the temporary file: %s",
			strerror(errno));
		goto done;
	}
	int status = editor_spawn(path, -1);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		int code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			code == 127 ? "editor: '%.200s' could not be started; nothing was changed"
				: "editor: '%.200s' ended with an error; nothing was changed",
			editor_command());
		goto done;
	}
	*out = fileio_read_path(path, max, out_len, what, st);
	if (*out == NULL)
		rc = st->code;
done:
	editor_remove_folder(dir);
	return rc;
}
