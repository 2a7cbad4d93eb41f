/* anchors.h: the audit chain's head, kept outside the database. Every
 * backup, export and clean `dyad check` appends one line to the file
 * audit.anchors beside the audit key (0600, only ever appended to):
 *   dyad-anchor-1 DB AT entries=N head=HASH key=KEYID
 * DB is a fingerprint of the database's full path, AT the wall-clock time,
 * N and HASH the log's entry count and last hash, KEYID the audit key's
 * fingerprint ("-" without one). A log that is shorter than the latest
 * anchor of its database, or no longer passes through its head, was cut,
 * deleted or rewritten: `dyad check` says so. */
#ifndef DYAD_STORE_ANCHORS_H
#define DYAD_STORE_ANCHORS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/store/audit.h"
#include "app/store/db.h"

#define ANCHOR_LINE_MAX 256

/* Compares the log with the latest anchor of this database (problems, in
 * plain words, go to problems when given) and, when append is set and the
 * log extends that anchor (or force: after a restore, which goes back on
 * purpose), appends the current head. line (when given) receives the
 * anchor line for now, without a newline. An error only when the log
 * cannot be read or the file cannot be written. */
enum dyad_error anchor_compare_append(struct store *store, bool append, bool force,
	struct audit_problems *problems, char *line, size_t line_size, struct dyad_status *st);

#endif
