/* fileio.c: bounded reads and crash-safe private writes. */
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/core/fileio.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/paths.h"

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

/* Says what kind of thing a non-regular file is, for the refusal. */
static const char *file_type_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a named pipe";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

int fileio_open_regular(const char *path, const char *what, bool follow, off_t *size,
	struct dyad_status *st)
{
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer that may never come. */
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW);
	int fd = open(path, flags);
	if (fd < 0) {
		int e = errno;
		struct stat lsb;
		if (!follow && e == ELOOP && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode))
			dyad_fail(st, DYAD_ERR_REFUSED, "%s: %s is a symbolic link; name the file itself",
				what, path);
		else
			dyad_fail(st, DYAD_ERR_IO, "%s: cannot open %s: %s", what, path, strerror(e));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int e = errno;
		close(fd);
		dyad_fail(st, DYAD_ERR_IO, "%s: %s: %s", what, path, strerror(e));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		if (S_ISDIR(sb.st_mode) || S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode) ||
			S_ISBLK(sb.st_mode) || S_ISSOCK(sb.st_mode))
			dyad_fail(st, DYAD_ERR_REFUSED, "%s: %s is %s, not a regular file", what, path,
				file_type_name(sb.st_mode));
		else
			dyad_fail(st, DYAD_ERR_REFUSED, "%s: %s is not a regular file", what, path);
		return -1;
	}
	/* Reads from here on may wait for the disk as usual. */
	int fl = fcntl(fd, F_GETFL);
	if (fl != -1)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (size != NULL)
		*size = sb.st_size;
	return fd;
}

char *fileio_read_path(const char *path, size_t max, size_t *len,
	const char *what, struct dyad_status *st)
{
	if (strcmp(path, "-") == 0)
		return fileio_read_stream(stdin, max, len, what, st);
	off_t size;
	int fd = fileio_open_regular(path, what, true, &size, st);
	if (fd < 0)
		return NULL;
	if (size > 0 && (uintmax_t)size > max) {
		close(fd);
		dyad_fail(st, DYAD_ERR_INVALID, "%s: longer than %zu bytes", what, max);
		return NULL;
	}
	FILE *fp = fdopen(fd, "rb");
	if (fp == NULL) {
		int e = errno;
		close(fd);
		dyad_fail(st, DYAD_ERR_IO, "%s: cannot open %s: %s", what, path, strerror(e));
		return NULL;
	}
	char *buf = fileio_read_stream(fp, max, len, what, st);
	fclose(fp);
	return buf;
}

enum fileio_db_kind fileio_db_kind(const unsigned char *head, size_t n, off_t size)
{
	static const unsigned char sqlite_header[16] = "SQLite format 3";
	if (n == 0 || size == 0)
		return FILEIO_DB_EMPTY;
	if (n >= 16 && memcmp(head, sqlite_header, 16) == 0)
		return FILEIO_DB_SQLITE;
	/* SQLCipher's first 16 bytes are the random salt, and the file is a
	 * whole number of pages (512 bytes at the least). Random bytes are
	 * nearly all different and mostly outside printable ASCII; text,
	 * PDFs, spreadsheets (zip) and the like are caught by those rules or
	 * by their own first bytes. */
	if (n < 16 || size < 512 || size % 512 != 0)
		return FILEIO_DB_NONE;
	static const char *const magics[] = { "%PDF", "PK\003\004", "\037\213", "\211PNG",
		"\177ELF", "\377\330\377" };
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (memcmp(head, magics[i], strlen(magics[i])) == 0)
			return FILEIO_DB_NONE;
	bool seen[256] = { false };
	int distinct = 0, unprintable = 0;
	for (size_t i = 0; i < 16; i++) {
		if (!seen[head[i]]) {
			seen[head[i]] = true;
			distinct++;
		}
		if (head[i] < 0x20 || head[i] > 0x7e)
			unprintable++;
	}
	return distinct >= 12 && unprintable >= 4 ? FILEIO_DB_ENCRYPTED : FILEIO_DB_NONE;
}

/* The databases this process has open, resolved (realpath). */
#define PROTECTED_MAX 8
static char *protected_paths[PROTECTED_MAX];

void fileio_protect_database(const char *path)
{
	char *resolved = realpath(path, NULL);
	if (resolved == NULL)
		resolved = strdup(path);
	if (resolved == NULL)
		return;
	for (size_t i = 0; i < PROTECTED_MAX; i++) {
		if (protected_paths[i] != NULL && strcmp(protected_paths[i], resolved) == 0)
			break;
		if (protected_paths[i] == NULL) {
			protected_paths[i] = resolved;
			return;
		}
	}
	free(resolved);
}

/* target with its folder resolved (the file itself may not exist yet);
 * NULL when the folder does not exist either. Caller frees. */
static char *resolve_target(const char *target)
{
	char *whole = realpath(target, NULL);
	if (whole != NULL)
		return whole;
	char *dir = paths_dirname(target);
	char *rdir = dir ? realpath(dir, NULL) : NULL;
	free(dir);
	if (rdir == NULL)
		return NULL;
	const char *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	size_t n = strlen(rdir) + strlen(base) + 2;
	char *out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, base);
	free(rdir);
	return out;
}

enum dyad_error fileio_check_output(const char *target, const char *what,
	struct dyad_status *st)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", "-lock" };
	struct stat tsb;
	bool exists = stat(target, &tsb) == 0;
	char *resolved = resolve_target(target);
	enum dyad_error rc = DYAD_OK;
	for (size_t i = 0; i < PROTECTED_MAX && protected_paths[i] != NULL && rc == DYAD_OK; i++) {
		for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
			char own[4096];
			snprintf(own, sizeof own, "%s%s", protected_paths[i], suffixes[k]);
			struct stat osb;
			bool same = (resolved != NULL && strcmp(resolved, own) == 0) ||
				(exists && stat(own, &osb) == 0 && osb.st_dev == tsb.st_dev &&
					osb.st_ino == tsb.st_ino);
			if (!same)
				continue;
			rc = k == 0
				? dyad_fail(st, DYAD_ERR_REFUSED,
					  "%s: %s is the dyad database itself; choose another file (nothing "
					  "was written)", what, target)
				: dyad_fail(st, DYAD_ERR_REFUSED,
					  "%s: %s is one of the dyad database's own files (%s); choose another "
					  "file (nothing was written)", what, target, suffixes[k]);
			break;
		}
	}
	free(resolved);
	if (rc != DYAD_OK || !exists || !S_ISREG(tsb.st_mode))
		return rc;
	/* Someone else's database, or an older backup: too precious to be
	 * replaced by a report because of a typing slip. */
	int fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return DYAD_OK; /* unreadable: the write itself will say why, if it fails */
	unsigned char head[16];
	ssize_t got;
	do
		got = read(fd, head, sizeof head);
	while (got < 0 && errno == EINTR);
	close(fd);
	enum fileio_db_kind kind = fileio_db_kind(head, got > 0 ? (size_t)got : 0, tsb.st_size);
	if (kind == FILEIO_DB_SQLITE)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: %s is a SQLite database; dyad never writes over one (choose another file, "
			"or move that one away first)", what, target);
	if (kind == FILEIO_DB_ENCRYPTED)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: %s could be an encrypted database; dyad never writes over one (choose "
			"another file, or move that one away first)", what, target);
	return DYAD_OK;
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
	enum dyad_error checked = fileio_check_output(target, "output", st);
	if (checked != DYAD_OK)
		return checked;
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
	/* And again: the database may have been created, or a backup put,
	 * at target while the file was being written. */
	if ((rc = fileio_check_output(af->target, "output", st)) != DYAD_OK)
		goto fail;
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

enum dyad_error fileio_write_all(int fd, const void *bytes, size_t n, const char *target,
	struct dyad_status *st)
{
	const char *p = bytes;
	size_t left = n;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return dyad_fail(st, DYAD_ERR_IO, "output: cannot write %s: %s", target,
				strerror(errno));
		}
		p += w;
		left -= (size_t)w;
	}
	return DYAD_OK;
}

enum dyad_error atomic_write(const char *target, const void *bytes, size_t n,
	struct dyad_status *st)
{
	struct atomic_file af;
	enum dyad_error rc = atomic_begin(&af, target, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = fileio_write_all(af.fd, bytes, n, target, st)) != DYAD_OK) {
		atomic_abort(&af);
		return rc;
	}
	return atomic_commit(&af, st);
}
