/* fileio.c: bounded reads and crash-safe private writes. */
#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"

char *fileio_read_stream(FILE *fp, size_t max, size_t *len, const char *what,
	struct dyad_status *st)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return NULL;
	}
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				dyad_fail(st, DYAD_ERR_INVALID, "%s: longer than %zu bytes", what, max);
				return NULL;
			}
			char *p = realloc(buf, cap * 2);
			if (p == NULL) {
				free(buf);
				dyad_fail(st, DYAD_ERR_NOMEM, NULL);
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (n > max) {
			free(buf);
			dyad_fail(st, DYAD_ERR_INVALID, "%s: longer than %zu bytes", what, max);
			return NULL;
		}
		if (got == 0) {
			if (ferror(fp)) {
				int e = errno;
				free(buf);
				dyad_fail(st, DYAD_ERR_IO, "%s: read failed: %s", what, strerror(e));
				return NULL;
			}
			break;
		}
		/* At a terminal, one Ctrl-D on a line of its own ends the text:
		 * another read would wait for a second one. */
		if (feof(fp))
			break;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *fileio_read_path(const char *path, size_t max, size_t *len,
	const char *what, struct dyad_status *st)
{
	if (strcmp(path, "-") == 0)
		return fileio_read_stream(stdin, max, len, what, st);
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		dyad_fail(st, DYAD_ERR_IO, "%s: cannot open %s: %s", what, path, strerror(errno));
		return NULL;
	}
	char *buf = fileio_read_stream(fp, max, len, what, st);
	fclose(fp);
	return buf;
}

enum dyad_error atomic_begin(struct atomic_file *af, const char *target,
	struct dyad_status *st)
{
	af->target = NULL;
	af->temp_path = NULL;
	af->fd = -1;
	struct stat sb;
	if (lstat(target, &sb) == 0) {
		if (S_ISLNK(sb.st_mode))
			return dyad_fail(st, DYAD_ERR_REFUSED,
				"output: %s is a symbolic link; refusing to write through it", target);
		if (!S_ISREG(sb.st_mode))
			return dyad_fail(st, DYAD_ERR_REFUSED,
				"output: %s exists and is not a regular file", target);
	} else if (errno != ENOENT) {
		return dyad_fail(st, DYAD_ERR_IO, "output: %s: %s", target, strerror(errno));
	}
	char *dir = paths_dirname(target);
	size_t n = strlen(target) + 32;
	af->target = strdup(target);
	af->temp_path = malloc(n);
	if (dir == NULL || af->target == NULL || af->temp_path == NULL) {
		free(dir);
		atomic_abort(af);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	/* The temporary file lives in the same folder so rename() is atomic. */
	const char *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	snprintf(af->temp_path, n, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	af->fd = mkstemp(af->temp_path);
	if (af->fd < 0) {
		int e = errno;
		free(af->temp_path);
		af->temp_path = NULL;
		atomic_abort(af);
		return dyad_fail(st, DYAD_ERR_IO, "output: cannot create a file beside %s: %s",
			target, strerror(e));
	}
	if (fchmod(af->fd, 0600) != 0) {
		int e = errno;
		atomic_abort(af);
		return dyad_fail(st, DYAD_ERR_IO, "output: %s", strerror(e));
	}
	return DYAD_OK;
}

/* Removes path, trying again when unlink fails but the file is still
 * there (a busy or flaky file system); 0, or the last errno. A file that
 * is gone counts as removed, whatever unlink said. */
static int remove_file(const char *path)
{
	int e = 0;
	for (int tries = 0; tries < 3; tries++) {
		if (unlink(path) == 0)
			return 0;
		e = errno;
		struct stat sb;
		if (lstat(path, &sb) != 0 && errno == ENOENT)
			return 0;
	}
	return e;
}

void atomic_abort(struct atomic_file *af)
{
	if (af == NULL)
		return;
	if (af->fd >= 0)
		close(af->fd);
	if (af->temp_path != NULL)
		remove_file(af->temp_path);
	free(af->temp_path);
	free(af->target);
	af->temp_path = af->target = NULL;
	af->fd = -1;
}

enum dyad_error atomic_commit(struct atomic_file *af, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	struct stat sb;
	if (fsync(af->fd) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "output: cannot write %s: %s", af->target,
			strerror(errno));
		goto fail;
	}
	if (close(af->fd) != 0) {
		af->fd = -1;
		rc = dyad_fail(st, DYAD_ERR_IO, "output: cannot write %s: %s", af->target,
			strerror(errno));
		goto fail;
	}
	af->fd = -1;
	/* Checked again: a link could have appeared since atomic_begin. rename()
	 * replaces a link rather than following it, but refuse all the same. */
	if (lstat(af->target, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"output: %s is a symbolic link; refusing to write through it", af->target);
		goto fail;
	}
	if (rename(af->temp_path, af->target) != 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "output: cannot create %s: %s", af->target,
			strerror(errno));
		goto fail;
	}
	free(af->temp_path);
	af->temp_path = NULL;
	char *dir = paths_dirname(af->target);
	if (dir != NULL) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd); /* best effort: the rename is already visible */
			close(dfd);
		}
		free(dir);
	}
fail:
	atomic_abort(af);
	return rc;
}

void atomic_retract(const char *target, struct dyad_status *st)
{
	int e = remove_file(target);
	if (e != 0) {
		size_t used = strlen(st->message);
		snprintf(st->message + used, sizeof st->message - used,
			"; %s was written before that and could not be removed (%s): delete it",
			target, strerror(e));
	}
}

enum dyad_error atomic_write(const char *target, const void *bytes, size_t n,
	struct dyad_status *st)
{
	struct atomic_file af;
	enum dyad_error rc = atomic_begin(&af, target, st);
	if (rc != DYAD_OK)
		return rc;
	const char *p = bytes;
	size_t left = n;
	while (left > 0) {
		ssize_t w = write(af.fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			atomic_abort(&af);
			return dyad_fail(st, DYAD_ERR_IO, "output: cannot write %s: %s", target,
				strerror(e));
		}
		p += w;
		left -= (size_t)w;
	}
	return atomic_commit(&af, st);
}
