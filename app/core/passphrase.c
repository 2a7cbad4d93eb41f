/* passphrase.c: the echo-less prompt on /dev/tty and the private passphrase
 * file. Nothing here prints or keeps the text anywhere but *out. */
#include "app/core/passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "app/core/fileio.h"
#include "app/core/secure.h"

void passphrase_wipe(struct passphrase *p)
{
	if (p != NULL)
		secure_zero(p, sizeof *p);
}

/* Drops one final "\n" (and a "\r" before it) and checks what is left. */
static enum dyad_error finish_line(struct passphrase *out, size_t n, const char *where,
	struct dyad_status *st)
{
	if (n > 0 && out->text[n - 1] == '\n')
		n--;
	if (n > 0 && out->text[n - 1] == '\r')
		n--;
	out->text[n] = '\0';
	out->len = n;
	if (memchr(out->text, '\0', n) != NULL) {
		passphrase_wipe(out);
		return dyad_fail(st, DYAD_ERR_INVALID, "passphrase: %s contains a NUL byte", where);
	}
	if (n == 0) {
		passphrase_wipe(out);
		return dyad_fail(st, DYAD_ERR_INVALID, "passphrase: %s is empty", where);
	}
	return DYAD_OK;
}

enum dyad_error passphrase_from_file(const char *path, struct passphrase *out,
	struct dyad_status *st)
{
	/* Room for the longest passphrase, its "\r\n", and one byte more to
	 * tell a file that is too long. */
	char buf[PASSPHRASE_MAX + 3];
	size_t n = 0;
	enum dyad_error rc = DYAD_OK;
	passphrase_wipe(out);
	/* A named pipe here would wait for a writer for ever. */
	int fd = fileio_open_regular(path, "passphrase", true, NULL, st);
	if (fd < 0)
		return st->code;
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "passphrase: %s: %s", path, strerror(errno));
		goto done;
	}
	if ((sb.st_mode & 077) != 0) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"passphrase: %s can be read by other people (mode %03o); make it private "
			"with chmod 600", path, (unsigned)(sb.st_mode & 0777));
		goto done;
	}
	while (n < sizeof buf) {
		ssize_t got = read(fd, buf + n, sizeof buf - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = dyad_fail(st, DYAD_ERR_IO, "passphrase: cannot read %s: %s", path,
				strerror(errno));
			goto done;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	size_t len = n;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > PASSPHRASE_MAX) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "passphrase: %s holds more than %d bytes",
			path, PASSPHRASE_MAX);
		goto done;
	}
	if (memchr(buf, '\n', len) != NULL) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "passphrase: %s has more than one line", path);
		goto done;
	}
	memcpy(out->text, buf, len);
	rc = finish_line(out, len, path, st);
done:
	secure_zero(buf, sizeof buf);
	close(fd);
	if (rc != DYAD_OK)
		passphrase_wipe(out);
	return rc;
}

static volatile sig_atomic_t prompt_signal;

static void on_prompt_signal(int sig)
{
	prompt_signal = sig;
}

static const int prompt_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define PROMPT_SIGNALS (sizeof prompt_signals / sizeof prompt_signals[0])

/* Reads one line from fd with echo off into out. */
static enum dyad_error read_hidden(int fd, const char *prompt, struct passphrase *out,
	struct dyad_status *st)
{
	struct termios old, quiet;
	struct sigaction act, saved[PROMPT_SIGNALS];
	enum dyad_error rc = DYAD_OK;
	bool have_termios = tcgetattr(fd, &old) == 0;
	prompt_signal = 0;
	memset(&act, 0, sizeof act);
	act.sa_handler = on_prompt_signal;
	sigemptyset(&act.sa_mask);
	act.sa_flags = 0; /* no SA_RESTART: a signal must interrupt read() */
	for (size_t i = 0; i < PROMPT_SIGNALS; i++)
		sigaction(prompt_signals[i], &act, &saved[i]);
	if (have_termios) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHOE | ECHOK);
		quiet.c_lflag |= ECHONL | ICANON;
		if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
			have_termios = false;
	}
	size_t plen = strlen(prompt);
	if (write(fd, prompt, plen) != (ssize_t)plen) {
		rc = dyad_fail(st, DYAD_ERR_IO, "passphrase: cannot write to the terminal");
		goto restore;
	}
	size_t n = 0;
	bool too_long = false;
	for (;;) {
		char c;
		ssize_t got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR && prompt_signal == 0)
			continue;
		if (got < 0 || prompt_signal != 0) {
			rc = dyad_fail(st, DYAD_ERR_REFUSED, "passphrase: not entered");
			goto restore;
		}
		if (got == 0 || c == '\n')
			break;
		if (n < PASSPHRASE_MAX)
			out->text[n++] = c;
		else
			too_long = true;
		c = 0;
	}
	if (too_long)
		rc = dyad_fail(st, DYAD_ERR_INVALID, "passphrase: longer than %d bytes",
			PASSPHRASE_MAX);
	else
		rc = finish_line(out, n, "the passphrase typed", st);
restore:
	if (have_termios)
		tcsetattr(fd, TCSAFLUSH, &old);
	for (size_t i = 0; i < PROMPT_SIGNALS; i++)
		sigaction(prompt_signals[i], &saved[i], NULL);
	if (prompt_signal != 0) {
		/* The terminal is sane again; now let the signal do what it would have. */
		passphrase_wipe(out);
		raise(prompt_signal);
	}
	if (rc != DYAD_OK)
		passphrase_wipe(out);
	return rc;
}

enum dyad_error passphrase_prompt(const char *prompt, bool confirm,
	struct passphrase *out, struct dyad_status *st)
{
	passphrase_wipe(out);
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"passphrase: there is no terminal to ask on; put it in a private file and "
			"name that file in $%s", PASSPHRASE_FILE_ENV);
	enum dyad_error rc = read_hidden(fd, prompt, out, st);
	if (rc == DYAD_OK && confirm) {
		struct passphrase again;
		passphrase_wipe(&again);
		rc = read_hidden(fd, "Type it again: ", &again, st);
		if (rc == DYAD_OK &&
			(again.len != out->len || !secure_equal(again.text, out->text, out->len)))
			rc = dyad_fail(st, DYAD_ERR_INVALID,
				"passphrase: the two entries differ; nothing was changed");
		passphrase_wipe(&again);
	}
	close(fd);
	if (rc != DYAD_OK)
		passphrase_wipe(out);
	return rc;
}

enum dyad_error passphrase_current(const char *prompt, struct passphrase *out,
	struct dyad_status *st)
{
	const char *file = getenv(PASSPHRASE_FILE_ENV);
	if (file != NULL && file[0] != '\0')
		return passphrase_from_file(file, out, st);
	return passphrase_prompt(prompt, false, out, st);
}

enum dyad_error passphrase_new(const char *const *env_names, const char *prompt,
	struct passphrase *out, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_ERR_NOT_FOUND;
	for (size_t i = 0; env_names != NULL && env_names[i] != NULL; i++) {
		const char *file = getenv(env_names[i]);
		if (file != NULL && file[0] != '\0') {
			rc = passphrase_from_file(file, out, st);
			break;
		}
	}
	if (rc == DYAD_ERR_NOT_FOUND)
		rc = passphrase_prompt(prompt, true, out, st);
	if (rc != DYAD_OK)
		return rc;
	if (out->len < PASSPHRASE_MIN_NEW) {
		passphrase_wipe(out);
		return dyad_fail(st, DYAD_ERR_INVALID,
			"passphrase: a new passphrase needs at least %d characters", PASSPHRASE_MIN_NEW);
	}
	return DYAD_OK;
}
