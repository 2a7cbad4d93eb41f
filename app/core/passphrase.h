/* passphrase.h: getting a passphrase from the person, never from argv: a
 * prompt on the terminal with echo off, or a private file named by an
 * environment variable. The text lives only in a struct passphrase, which
 * is wiped when done. */
#ifndef DYAD_CORE_PASSPHRASE_H
#define DYAD_CORE_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"

#define PASSPHRASE_MAX 1024   /* bytes */
#define PASSPHRASE_MIN_NEW 8  /* bytes, for a passphrase being set */

/* The file holding the current passphrase, and the one holding a new one. */
#define PASSPHRASE_FILE_ENV "DYAD_PASSPHRASE_FILE"
#define PASSPHRASE_NEW_FILE_ENV "DYAD_NEW_PASSPHRASE_FILE"

struct passphrase {
	char text[PASSPHRASE_MAX + 1]; /* NUL-terminated; never contains NUL itself */
	size_t len;
};

/* Reads a passphrase from the file at path: one line (a final newline is
 * not part of it), at most PASSPHRASE_MAX bytes, no NUL. The file must be a
 * regular file that only its owner can read (mode 0600 or 0400), like an
 * SSH key. On error *out is wiped and st says why. */
enum dyad_error passphrase_from_file(const char *path, struct passphrase *out,
	struct dyad_status *st);

/* Asks on the controlling terminal (/dev/tty) with echo off. With confirm,
 * asks twice and refuses a mismatch. DYAD_ERR_REFUSED when there is no
 * terminal; an interrupt restores the terminal before the signal acts. */
enum dyad_error passphrase_prompt(const char *prompt, bool confirm,
	struct passphrase *out, struct dyad_status *st);

/* The passphrase of an existing database: from the file named by
 * $DYAD_PASSPHRASE_FILE when set, else from the prompt. */
enum dyad_error passphrase_current(const char *prompt, struct passphrase *out,
	struct dyad_status *st);

/* A passphrase to set: from the file named by env_name (tried in order,
 * NULL-terminated list), else asked twice. Refused when shorter than
 * PASSPHRASE_MIN_NEW bytes. */
enum dyad_error passphrase_new(const char *const *env_names, const char *prompt,
	struct passphrase *out, struct dyad_status *st);

/* Overwrites the passphrase; safe on NULL. */
void passphrase_wipe(struct passphrase *p);

#endif
