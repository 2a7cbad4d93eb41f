/* fileio.h: reading whole files safely and writing files atomically and
 * privately (0600, never through a symbolic link, never half-written). */
#ifndef DYAD_CORE_FILEIO_H
#define DYAD_CORE_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

/* Reads all of fp (at most max bytes) into a NUL-terminated heap buffer; the
 * length goes to *len. `what` names the input in messages ("note"). On error
 * returns NULL with st filled and nothing allocated. */
char *fileio_read_stream(FILE *fp, size_t max, size_t *len, const char *what,
	struct dyad_status *st);

/* Opens path (or "-" for standard input) and reads it as above. */
char *fileio_read_path(const char *path, size_t max, size_t *len,
	const char *what, struct dyad_status *st);

/* An atomic write in progress: a private temporary file beside the target. */
struct atomic_file {
	char *target;    /* where the file will appear */
	char *temp_path; /* the temporary file, mode 0600, in the target's folder */
	int fd;          /* open on temp_path */
};

/* Creates the temporary file for target. The target must not be a symbolic
 * link or anything but a regular file. On error nothing is left behind. */
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

/* The whole of bytes written to target atomically, mode 0600. */
enum dyad_error atomic_write(const char *target, const void *bytes, size_t n,
	struct dyad_status *st);

#endif
