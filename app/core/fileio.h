/* fileio.h: reading whole files safely and writing files atomically and
 * privately (0600, never through a symbolic link, never half-written). */
#ifndef DYAD_CORE_FILEIO_H
#define DYAD_CORE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "app/core/error.h"

/* Reads all of fp (at most max bytes) into a NUL-terminated heap buffer; the
 * length goes to *len. `what` names the input in messages ("note"). On error
 * returns NULL with st filled and nothing allocated. */
char *fileio_read_stream(FILE *fp, size_t max, size_t *len, const char *what,
	struct dyad_status *st);

/* Opens path (or "-" for standard input) and reads it as above. A named
 * path must be a regular file (see fileio_open_regular). */
char *fileio_read_path(const char *path, size_t max, size_t *len,
	const char *what, struct dyad_status *st);

/* Opens a file someone named (an option, the environment, a setting) for
 * reading, refusing anything that is not a regular file (a named pipe, a
 * device such as /dev/zero, a folder) before reading a byte and without
 * waiting on it: opened O_NONBLOCK, checked with fstat. follow false also
 * refuses a symbolic link. Returns the descriptor (caller closes), its
 * size in *size; -1 with st filled ("what: path is ...") on error. */
int fileio_open_regular(const char *path, const char *what, bool follow, off_t *size,
	struct dyad_status *st);

/* What the first bytes of a file say it is. SQLCipher encrypts the whole
 * first page, header included, so an encrypted database is recognised
 * only by looking like one: 16 random-looking bytes, a size that is a
 * whole number of pages. */
enum fileio_db_kind {
	FILEIO_DB_EMPTY,     /* no bytes at all */
	FILEIO_DB_SQLITE,    /* "SQLite format 3\0" */
	FILEIO_DB_ENCRYPTED, /* could be an encrypted database */
	FILEIO_DB_NONE       /* anything else: text, a PDF, a spreadsheet ... */
};

/* Classifies a file from its first n (at most 16) bytes and its size. */
enum fileio_db_kind fileio_db_kind(const unsigned char *head, size_t n, off_t size);

/* Names a database this process has open (path as given; it must exist),
 * so that no output is ever written over it, its -wal, -shm, -journal or
 * -lock. Kept for the life of the process; a few at most. */
void fileio_protect_database(const char *path);

/* Whether an output may be written at target. Refused (DYAD_ERR_REFUSED,
 * message starting with what): a database named to fileio_protect_database
 * or one of its companion files, compared by device and inode when the file
 * exists and by resolved path otherwise (links, ./ and ../ spellings); and
 * any existing file that is a SQLite database or could be an encrypted
 * one. Every atomic write checks this; a command may call it first to name
 * its own option in the message. Changes nothing. */
enum dyad_error fileio_check_output(const char *target, const char *what,
	struct dyad_status *st);

/* An atomic write in progress: a private temporary file beside the target. */
struct atomic_file {
	char *target;    /* where the file will appear */
	char *temp_path; /* the temporary file, mode 0600, in the target's folder */
	int fd;          /* open on temp_path */
};

/* Creates the temporary file for target. The target must not be a symbolic
 * link or anything but a regular file, and must pass fileio_check_output
 * (checked again just before the rename). On error nothing is left behind. */
enum dyad_error atomic_begin(struct atomic_file *af, const char *target,
	struct dyad_status *st);

/* Flushes the temporary file to disk and renames it over the target.
 * On failure the temporary file is removed and the old target is untouched.
 * Either way af is released. */
enum dyad_error atomic_commit(struct atomic_file *af, struct dyad_status *st);

/* Removes the temporary file and releases af; safe after a failed begin. */
void atomic_abort(struct atomic_file *af);

/* Takes back a file atomic_commit put at target, when what had to follow
 * it failed (an export whose audit entry could not be committed). st
 * already says what failed; when the file cannot be removed either, its
 * message gains that the file is still there, so no one is told a failed
 * export left nothing behind when it did. */
void atomic_retract(const char *target, struct dyad_status *st);

/* Writes all n bytes to fd (retrying short writes); `target` names the file
 * in the message ("output: cannot write TARGET: ..."). */
enum dyad_error fileio_write_all(int fd, const void *bytes, size_t n, const char *target,
	struct dyad_status *st);

/* The whole of bytes written to target atomically, mode 0600. */
enum dyad_error atomic_write(const char *target, const void *bytes, size_t n,
	struct dyad_status *st);

#endif
